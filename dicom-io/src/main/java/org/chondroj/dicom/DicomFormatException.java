package org.chondroj.dicom;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A DICOM file that cannot be read as DICOM: the message names the file, the byte offset (in the decoded stream;
 * for deflated data sets, counted after inflation) and the attribute where reading stopped, and what is wrong.
 */
public class DicomFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final Path file;
	private final long offset;
	private final int tag;

	/**
	 * @param offset byte offset where the problem was found, or -1 if not applicable
	 * @param tag the attribute being read, or -1 if none
	 */
	public DicomFormatException(final Path file, final long offset, final int tag, final String problem) {
		this(file, offset, tag, problem, null);
	}

	public DicomFormatException(final Path file, final long offset, final int tag, final String problem, final Throwable cause) {
		super(message(file, offset, tag, problem), cause);
		this.file = file;
		this.offset = offset;
		this.tag = tag;
	}

	private static String message(final Path file, final long offset, final int tag, final String problem) {
		final StringBuilder b = new StringBuilder().append(file);
		if (offset >= 0)
			b.append(" at byte ").append(offset);
		if (tag != -1)
			b.append(", ").append(Tag.describe(tag));
		return b.append(": ").append(problem).toString();
	}

	/**
	 * The safety net of the public readers: an exception the reader did not foresee (a bug: please report it), as a
	 * format error of {@code file}, so that no file makes a reader throw anything but an {@link IOException}.
	 */
	static DicomFormatException unexpected(final Path file, final Throwable t) {
		return new DicomFormatException(file, -1, -1, "unexpected error while reading (a ChondroJ bug, please report it with the file): " + t, t);
	}

	/**
	 * A value from a file, quoted for a message: control characters (NUL included) as {@code \xNN}, at most 64
	 * characters (then "…"), so that no file can put raw bytes or pages of text into an error message.
	 */
	static String quote(final String value) {
		final StringBuilder b = new StringBuilder("'");
		for (int i = 0; i < value.length() && i < 64; i++) {
			final char c = value.charAt(i);
			if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0)
				b.append(String.format("\\x%02X", (int) c));
			else
				b.append(c);
		}
		return b.append(value.length() > 64 ? "…'" : "'").toString();
	}

	/** The file. */
	public Path file() {
		return file;
	}

	/** Byte offset of the problem, or -1. */
	public long offset() {
		return offset;
	}

	/** Tag number of the attribute, or -1. */
	public int tag() {
		return tag;
	}
}
