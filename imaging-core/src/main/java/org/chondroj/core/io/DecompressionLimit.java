package org.chondroj.core.io;

import java.util.Locale;

/**
 * The ceiling on decompressed data from one file: how many bytes the readers inflate (gzip NIfTI and NRRD, zlib
 * MetaImage, deflated DICOM data sets) or decode (compressed DICOM pixel data, counted as 4 bytes per decoded value)
 * before they refuse the file. A compressed file can expand about a thousandfold (a deflate "bomb": 1 MB inflating to
 * 1 GB), so what the file says about its own size is checked against this ceiling before anything is allocated, and
 * the decompressed stream is cut off when it reaches it; the refusal is a format error of the reader
 * ({@link VolumeFormatException}, or {@code DicomFormatException}) that names the ceiling and this setting.
 * <p>
 * Default {@value #DEFAULT_BYTES} bytes (512 MiB: a 512³ volume of 32-bit floats, far above a knee scan). Set by the
 * system property {@value #PROPERTY} (bytes, or with a suffix {@code k}, {@code m}, {@code g}: binary multiples, e.g.
 * {@code -Dchondroj.maxDecompressedBytes=2g}; an unreadable value is ignored) or, taking precedence, by
 * {@link #set}. Uncompressed data is not limited by it: its size is checked against the file's size instead.
 */
public final class DecompressionLimit {

	/** The system property that sets the ceiling. */
	public static final String PROPERTY = "chondroj.maxDecompressedBytes";
	/** The default ceiling, bytes (512 MiB). */
	public static final long DEFAULT_BYTES = 512L << 20;

	private static volatile long setting = -1;

	private DecompressionLimit() {
	}

	/** The ceiling in bytes: {@link #set}'s value, else the system property's, else {@value #DEFAULT_BYTES}. */
	public static long maxBytes() {
		final long s = setting;
		if (s > 0)
			return s;
		final long p = parse(System.getProperty(PROPERTY));
		return p > 0 ? p : DEFAULT_BYTES;
	}

	/** Sets the ceiling for the whole JVM (bytes, &gt; 0); 0 or less goes back to the system property or the default. */
	public static void set(final long bytes) {
		setting = bytes;
	}

	/** "512 MiB (chondroj.maxDecompressedBytes)": for messages. */
	public static String describe() {
		final long b = maxBytes();
		final String size = b % (1L << 30) == 0 ? b / (1L << 30) + " GiB" : b % (1L << 20) == 0 ? b / (1L << 20) + " MiB" : b + " bytes";
		return size + " (the ceiling on decompressed data, " + PROPERTY + ")";
	}

	/** Bytes from "123", "64k", "512m", "2g"; -1 if absent or unreadable. */
	static long parse(final String text) {
		if (text == null || text.isBlank())
			return -1;
		final String t = text.trim().toLowerCase(Locale.ROOT);
		final char last = t.charAt(t.length() - 1);
		final int shift = last == 'k' ? 10 : last == 'm' ? 20 : last == 'g' ? 30 : 0;
		try {
			final long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1).trim());
			return n > 0 && n <= Long.MAX_VALUE >> shift ? n << shift : -1;
		} catch (final NumberFormatException e) {
			return -1;
		}
	}
}
