package org.chondroj.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Text that came from a file or a user (a DICOM identifier or description, a file or folder name, a manifest's cell)
 * made safe to show in a report, a table or a terminal, or to name a file with. Such text may hold anything: NUL and
 * other control characters (which corrupt HTML, CSV and terminals), path separators, or ten thousand characters.
 */
public final class UntrustedText {

	/** The longest name {@link #fileName} gives, in characters (all ASCII): far below the usual 255-byte limit. */
	public static final int MAX_FILE_NAME = 100;

	/** The hex digits of the hash that ends a shortened name. */
	private static final int HASH_DIGITS = 10;

	private UntrustedText() {
	}

	/**
	 * {@code text} with every control character (C0, DEL and C1; line breaks and tabs too) written as a visible escape, a
	 * backslash, 'x' and two hex digits, and every unpaired surrogate as a backslash, 'u' and four: one line of printable
	 * text. Text without such characters is returned as it is.
	 */
	public static String printable(final String text) {
		return escape(text, false);
	}

	/** As {@link #printable}, but keeping line breaks and tabs: for multi-line text such as a message or a note. */
	public static String printableLines(final String text) {
		return escape(text, true);
	}

	/**
	 * A file or folder name made from {@code text}: ASCII letters, digits, '.', '_' and '-' kept, anything else
	 * (separators, spaces, control characters, non-ASCII) as '_'; a leading '.' (a hidden file, "..") as '_'; empty text
	 * as "_". A name longer than {@value #MAX_FILE_NAME} characters is shortened to its start, '~' and the first
	 * {@value #HASH_DIGITS} hex digits of the SHA-256 of the whole text, so that different long texts keep different
	 * names. Short names are as before (this is the names' form in existing output folders).
	 */
	public static String fileName(final String text) {
		final StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_FILE_NAME + 1));
		for (int i = 0; i < text.length() && b.length() <= MAX_FILE_NAME; i++) {
			final char c = text.charAt(i);
			b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_');
		}
		if (b.length() == 0)
			return "_";
		if (b.charAt(0) == '.')
			b.setCharAt(0, '_');
		if (text.length() <= MAX_FILE_NAME)
			return b.toString();
		b.setLength(MAX_FILE_NAME - HASH_DIGITS - 1);
		return b.append('~').append(sha256(text).substring(0, HASH_DIGITS)).toString();
	}

	/** {@code text}, or its first {@code max - 1} characters and '…' when it is longer than {@code max}. */
	public static String shortened(final String text, final int max) {
		if (max < 1)
			throw new IllegalArgumentException("max " + max + " < 1");
		if (text.length() <= max)
			return text;
		int end = max - 1;
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)))
			end--; // not half a character
		return text.substring(0, end) + "…";
	}

	private static String escape(final String text, final boolean keepLines) {
		int i = 0;
		while (i < text.length() && safe(text, i, keepLines))
			i++;
		if (i == text.length())
			return text;
		final StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
		for (; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (safe(text, i, keepLines))
				b.append(c);
			else if (c < 0x100)
				b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
			else
				b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
		}
		return b.toString();
	}

	private static boolean safe(final String text, final int i, final boolean keepLines) {
		final char c = text.charAt(i);
		if (c >= 0x20 && c < 0x7f)
			return true;
		if (c == '\n' || c == '\r' || c == '\t')
			return keepLines;
		if (Character.isISOControl(c))
			return false;
		if (Character.isHighSurrogate(c))
			return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
		if (Character.isLowSurrogate(c))
			return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
		return true;
	}

	private static String sha256(final String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		} catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
		}
	}
}
