package org.chondroj.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.chondroj.core.io.DecompressionLimit;

/**
 * The byte source of the reader: buffered, counting its position, knowing how many bytes remain when it can (a
 * plain file) so that no value length is believed beyond what the file holds. When the remaining size is unknown
 * (a deflated data set), values are read in bounded chunks, so memory grows only with the data that actually arrives,
 * and the inflated stream is cut off at the {@link DecompressionLimit}: a value longer than what is left below it is
 * refused before anything is read, and reading stops with a {@link DicomFormatException} when the stream passes it.
 */
final class DicomInput {

	/** Largest value ChondroJ reads into one array. */
	static final long MAX_VALUE_LENGTH = Integer.MAX_VALUE - 8;
	private static final int CHUNK = 1 << 20;

	private final Path file;
	private InputStream in;
	private final byte[] buf = new byte[1 << 16];
	private int bufPos, bufLen;
	/** Stream position of buf[0]. */
	private long bufStart;
	/** Total bytes of the stream, or -1 if unknown. */
	private long length;
	/** Once inflating: the largest stream position allowed (the decompression ceiling); else -1. */
	private long limit = -1;
	boolean bigEndian;

	DicomInput(final Path file, final InputStream in, final long length) {
		this.file = file;
		this.in = in;
		this.length = length;
	}

	Path file() {
		return file;
	}

	/** Current position in the (decoded) stream. */
	long position() {
		return bufStart + bufPos;
	}

	/** Bytes left before the end of the stream, or -1 if unknown. */
	long remaining() {
		return length < 0 ? -1 : length - position();
	}

	/**
	 * At most how many bytes can still come: {@link #remaining()} when known; for an inflated stream, what is left
	 * below the decompression ceiling; else -1.
	 */
	long bound() {
		return length >= 0 ? remaining() : limit >= 0 ? Math.max(0, limit - position()) : -1;
	}

	/** Refuses a value of {@code len} bytes from {@code start} that would take an inflated stream past its ceiling. */
	private void checkLimit(final long start, final long len, final int tag) throws DicomFormatException {
		if (limit >= 0 && start + len > limit)
			throw new DicomFormatException(file, start, tag, "a value of " + len + " bytes would inflate the deflated data set beyond "
					+ DecompressionLimit.describe());
	}

	/** Ensures n (≤ buffer size) bytes are buffered; false at the end of the stream. */
	private boolean fill(final int n) throws IOException {
		if (bufLen - bufPos >= n)
			return true;
		System.arraycopy(buf, bufPos, buf, 0, bufLen - bufPos);
		bufStart += bufPos;
		bufLen -= bufPos;
		bufPos = 0;
		while (bufLen < n) {
			final int r = in.read(buf, bufLen, buf.length - bufLen);
			if (r < 0)
				return false;
			bufLen += r;
		}
		if (limit >= 0 && bufStart + bufLen > limit)
			throw new DicomFormatException(file, limit, -1, "the deflated data set inflates beyond " + DecompressionLimit.describe());
		return true;
	}

	/** True if at least one more byte can be read. */
	boolean hasMore() throws IOException {
		return fill(1);
	}

	/** Looks at the next n bytes without consuming them; null if the stream ends first. */
	byte[] peek(final int n) throws IOException {
		return fill(n) ? Arrays.copyOfRange(buf, bufPos, bufPos + n) : null;
	}

	private void need(final int n, final int tag, final String what) throws IOException {
		if (!fill(n))
			throw new DicomFormatException(file, position(), tag, "truncated: the file ends inside " + what);
	}

	int u16(final int tag, final String what) throws IOException {
		need(2, tag, what);
		final int a = buf[bufPos] & 0xFF, b = buf[bufPos + 1] & 0xFF;
		bufPos += 2;
		return bigEndian ? a << 8 | b : b << 8 | a;
	}

	long u32(final int tag, final String what) throws IOException {
		need(4, tag, what);
		final long a = buf[bufPos] & 0xFF, b = buf[bufPos + 1] & 0xFF, c = buf[bufPos + 2] & 0xFF, d = buf[bufPos + 3] & 0xFF;
		bufPos += 4;
		return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a;
	}

	/** Reads a tag (group then element). */
	int tag(final int previousTag) throws IOException {
		final int group = u16(previousTag, "a tag");
		final int element = u16(previousTag, "a tag");
		return group << 16 | element;
	}

	/** Two bytes as they are (VR characters, reserved bytes). */
	int[] twoBytes(final int tag, final String what) throws IOException {
		need(2, tag, what);
		final int[] r = { buf[bufPos] & 0xFF, buf[bufPos + 1] & 0xFF };
		bufPos += 2;
		return r;
	}

	/** Reads a value of {@code len} bytes, checked against what the stream can still hold. */
	byte[] bytes(final long len, final int tag) throws IOException {
		final long start = position();
		if (len > MAX_VALUE_LENGTH)
			throw new DicomFormatException(file, start, tag, "value length " + len + " exceeds the largest readable value");
		final long rem = remaining();
		if (rem >= 0 && len > rem)
			throw new DicomFormatException(file, start, tag, "value length " + len + " exceeds the " + rem + " bytes left in the file");
		checkLimit(start, len, tag);
		final int n = (int) len;
		byte[] out = new byte[rem >= 0 ? n : Math.min(n, CHUNK)];
		int got = 0;
		while (got < n) {
			if (got == out.length)
				out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
			final int avail = bufLen - bufPos;
			if (avail > 0) {
				final int k = Math.min(avail, out.length - got);
				System.arraycopy(buf, bufPos, out, got, k);
				bufPos += k;
				got += k;
			} else if (out.length - got >= buf.length) {
				// large value, buffer empty: read straight into the value
				bufStart += bufPos;
				bufPos = bufLen = 0;
				final int r = in.read(out, got, out.length - got);
				if (r < 0)
					throw new DicomFormatException(file, start, tag, "truncated: value of " + len + " bytes, the file ends after " + got);
				got += r;
				bufStart += r;
			} else if (!fill(1)) {
				throw new DicomFormatException(file, start, tag, "truncated: value of " + len + " bytes, the file ends after " + got);
			}
		}
		return out;
	}

	/** Skips {@code len} bytes (checked like {@link #bytes}). */
	void skip(final long len, final int tag) throws IOException {
		final long start = position();
		final long rem = remaining();
		if (rem >= 0 && len > rem)
			throw new DicomFormatException(file, start, tag, "value length " + len + " exceeds the " + rem + " bytes left in the file");
		checkLimit(start, len, tag);
		long left = len;
		while (left > 0) {
			final int avail = bufLen - bufPos;
			if (avail > 0) {
				final int k = (int) Math.min(avail, left);
				bufPos += k;
				left -= k;
			} else if (!fill(1)) {
				throw new DicomFormatException(file, start, tag, "truncated: value of " + len + " bytes");
			}
		}
	}

	/**
	 * From here on, the stream is deflate-compressed (raw RFC 1951): positions count inflated bytes, the length is
	 * unknown, and the stream may not inflate beyond the {@link DecompressionLimit} (counted from here).
	 */
	void startInflating() {
		final InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buf.clone(), bufPos, bufLen - bufPos), in);
		in = new InflaterInputStream(rest, new Inflater(true), 1 << 16);
		bufStart += bufPos;
		bufPos = bufLen = 0;
		length = -1;
		final long max = DecompressionLimit.maxBytes();
		limit = bufStart > Long.MAX_VALUE - max ? Long.MAX_VALUE : bufStart + max;
	}
}
