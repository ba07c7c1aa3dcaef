package org.chondroj.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Reading the text headers of MetaImage and NRRD files line by line. Package-private. */
final class TextHeaders {

	/** Largest header read (bytes): a header longer than this is not a volume header. */
	static final int MAX_HEADER = 1 << 20;

	private TextHeaders() {
	}

	/** The first {@code min(file size, MAX_HEADER)} bytes of {@code file}. */
	static byte[] prefix(final Path file) throws IOException {
		final long size = Files.size(file);
		if (size == 0)
			throw new VolumeFormatException(file, "empty file (0 bytes)");
		try (InputStream in = Files.newInputStream(file)) {
			return in.readNBytes((int) Math.min(size, MAX_HEADER));
		}
	}

	/**
	 * The line of {@code bytes} starting at {@code start}, without its end ({@code \n} or {@code \r\n}); ISO-8859-1.
	 * The line's end offset (after the newline) is returned through {@code end[0]}; −1 when no newline follows.
	 */
	static String line(final byte[] bytes, final int start, final int[] end) {
		int i = start;
		while (i < bytes.length && bytes[i] != '\n')
			i++;
		end[0] = i < bytes.length ? i + 1 : -1;
		int stop = i;
		if (stop > start && bytes[stop - 1] == '\r')
			stop--;
		return new String(bytes, start, stop - start, StandardCharsets.ISO_8859_1);
	}

	/**
	 * The data file {@code name} that the header {@code header} names under {@code key}, resolved against the header's
	 * folder. Unless {@code options} allow it, a name that is an absolute path, has a {@code ..} component or resolves
	 * outside that folder is refused; a name that is no path at all (a NUL or other control character) always is.
	 *
	 * @throws VolumeFormatException naming the header and the data-file name
	 */
	static Path dataFile(final Path header, final String name, final String key, final VolumeFiles.Options options)
			throws VolumeFormatException {
		for (int i = 0; i < name.length(); i++)
			if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7F)
				throw new VolumeFormatException(header, key + " " + quote(name) + " is not a file name (it holds control characters)");
		final Path folder = header.toAbsolutePath().getParent();
		final Path relative;
		try {
			relative = header.getFileSystem().getPath(name);
		} catch (final InvalidPathException e) {
			throw new VolumeFormatException(header, key + " " + quote(name) + " is not a file name (" + e.getReason() + ")", e);
		}
		final Path resolved = folder.resolve(relative).normalize();
		if (!options.allowDataFilesOutsideFolder()) {
			boolean up = false;
			for (final Path part : relative)
				up |= part.toString().equals("..");
			if (relative.isAbsolute() || up || !resolved.startsWith(folder.normalize()))
				throw new VolumeFormatException(header, key + " " + quote(name) + " lies outside the header's folder " + folder
						+ ": absolute paths and '..' are refused unless the caller allows them (VolumeFiles.Options.allowDataFilesOutsideFolder)");
		}
		return resolved;
	}

	/**
	 * A value from a header, quoted for a message: control characters (NUL included) as {@code \xNN}, at most 64
	 * characters (then "…").
	 */
	static String quote(final String value) {
		final StringBuilder b = new StringBuilder("'");
		for (int i = 0; i < value.length() && i < 64; i++) {
			final char c = value.charAt(i);
			if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0)
				b.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
			else
				b.append(c);
		}
		return b.append(value.length() > 64 ? "…'" : "'").toString();
	}

	/** Parses {@code count} numbers separated by blanks (or commas). */
	static double[] numbers(final String value, final int count, final Path file, final String key) throws VolumeFormatException {
		final String[] parts = value.trim().split("[\\s,]+");
		if (value.isBlank() || parts.length != count)
			throw new VolumeFormatException(file, key + " needs " + count + " numbers, got '" + value.trim() + "'");
		final double[] out = new double[count];
		for (int i = 0; i < count; i++) {
			try {
				out[i] = Double.parseDouble(parts[i]);
			} catch (final NumberFormatException e) {
				throw new VolumeFormatException(file, key + ": '" + parts[i] + "' is not a number");
			}
			if (!Double.isFinite(out[i]))
				throw new VolumeFormatException(file, key + ": '" + parts[i] + "' is not a finite number");
		}
		return out;
	}

	/** Parses {@code count} whole numbers separated by blanks. */
	static long[] integers(final String value, final int count, final Path file, final String key) throws VolumeFormatException {
		final String[] parts = value.trim().split("\\s+");
		if (value.isBlank() || parts.length != count)
			throw new VolumeFormatException(file, key + " needs " + count + " whole numbers, got '" + value.trim() + "'");
		final long[] out = new long[count];
		for (int i = 0; i < count; i++)
			try {
				out[i] = Long.parseLong(parts[i]);
			} catch (final NumberFormatException e) {
				throw new VolumeFormatException(file, key + ": '" + parts[i] + "' is not a whole number");
			}
		return out;
	}

	/** A number as text that reads back to the same double ({@link Double#toString}, locale-independent). */
	static String format(final double x) {
		final String s = Double.toString(x == 0 ? 0.0 : x); // no "-0.0"
		return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
	}

	static String lower(final String s) {
		return s.trim().toLowerCase(Locale.ROOT);
	}
}
