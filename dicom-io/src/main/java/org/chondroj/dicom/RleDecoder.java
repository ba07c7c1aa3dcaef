package org.chondroj.dicom;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The DICOM RLE Lossless decoder (PS3.5 Annex G), written for ChondroJ. One frame is one fragment: a 64-byte header
 * (the number of segments, then 15 little-endian byte offsets of the segments from the start of the fragment),
 * followed by the segments. Each segment is one byte plane of the frame, run-length coded PackBits-style (a control
 * byte n: 0..127 copies the next n+1 bytes, -1..-127 repeats the next byte 1-n times, -128 does nothing). The
 * segments come sample by sample, most significant byte first: for 16-bit RGB, R-high, R-low, G-high, …
 * <p>
 * Decoded bytes are written straight into the caller's {@code int[]} (samples interleaved, as {@link PixelData} holds
 * them): no intermediate buffers, except for 1-bit data, whose single segment is the frame's bit stream (least
 * significant bit first, as native 1-bit data), unpacked afterwards. Cost: one pass over the fragment and one write
 * per decoded byte.
 * <p>
 * Strict: every segment offset, every literal and every run is checked against the fragment's length before it is
 * read, and against the frame's size before it is written. A segment that ends early, a run that runs past the end of
 * its byte plane, an offset outside the fragment or a wrong number of segments is a {@link DicomFormatException}
 * naming the file, the frame and the segment. Padding after a segment's last needed byte is ignored.
 */
final class RleDecoder {

	private static final int HEADER = 64;

	private RleDecoder() {
	}

	/**
	 * Decodes one frame into {@code out[offset …]}: {@code pixels × samples} values, interleaved, each the unsigned
	 * value of {@code bitsAllocated} bits (not yet masked to Bits Stored nor sign-extended). {@code out} must hold zeros
	 * there: the byte planes are OR-ed in.
	 *
	 * @param frame the 0-based frame number, for messages
	 */
	static void decode(final byte[] data, final int[] out, final int offset, final int pixels, final int samples, final int bitsAllocated,
			final Path file, final int frame) throws DicomFormatException {
		final int bytesPerSample = bitsAllocated == 1 ? 1 : bitsAllocated / 8;
		final int expected = samples * bytesPerSample;
		if (data.length < HEADER)
			throw error(file, frame, "fragment of " + data.length + " bytes is shorter than the 64-byte RLE header");
		final long segments = u32(data, 0);
		if (segments != expected)
			throw error(file, frame, "RLE header announces " + segments + " segments, " + samples + " sample(s) of " + bitsAllocated
					+ " bits need " + expected);
		final int[] starts = new int[expected + 1];
		for (int s = 0; s < expected; s++) {
			final long start = u32(data, 4 + 4 * s);
			if (start < HEADER || start > data.length)
				throw error(file, frame, String.format(Locale.ROOT, "segment %d starts at byte %d, outside the fragment's %d bytes after its header",
						s + 1, start, data.length));
			if (s > 0 && start < starts[s - 1])
				throw error(file, frame, String.format(Locale.ROOT, "segment %d starts at byte %d, before segment %d (at %d)", s + 1, start, s, starts[s - 1]));
			starts[s] = (int) start;
		}
		starts[expected] = data.length;
		if (bitsAllocated == 1) {
			final int bytes = (pixels + 7) / 8;
			final int[] plane = new int[bytes];
			segment(data, starts[0], starts[1], plane, 0, 1, bytes, 0, file, frame, 1);
			for (int p = 0; p < pixels; p++)
				out[offset + p] = plane[p >> 3] >> (p & 7) & 1;
			return;
		}
		for (int s = 0; s < samples; s++)
			for (int b = 0; b < bytesPerSample; b++) {
				final int k = s * bytesPerSample + b;
				segment(data, starts[k], starts[k + 1], out, offset + s, samples, pixels, 8 * (bytesPerSample - 1 - b), file, frame, k + 1);
			}
	}

	/**
	 * Decodes the PackBits segment {@code data[from, to)} into {@code count} bytes, OR-ing byte {@code i} shifted left
	 * by {@code shift} into {@code out[offset + i·stride]}.
	 */
	private static void segment(final byte[] data, final int from, final int to, final int[] out, final int offset, final int stride,
			final int count, final int shift, final Path file, final int frame, final int number) throws DicomFormatException {
		int in = from, n = 0, o = offset;
		while (n < count) {
			if (in >= to)
				throw error(file, frame, String.format(Locale.ROOT, "segment %d ends after %d of its %d bytes", number, n, count));
			final int control = data[in++];
			if (control >= 0) {
				final int len = control + 1;
				if (in + len > to)
					throw error(file, frame, String.format(Locale.ROOT, "segment %d: a literal of %d bytes at byte %d runs past the segment's end (byte %d)",
							number, len, in - 1, to));
				if (n + len > count)
					throw error(file, frame, String.format(Locale.ROOT, "segment %d: a literal of %d bytes at byte %d runs past the end of the frame (%d of %d bytes decoded)",
							number, len, in - 1, n, count));
				for (int i = 0; i < len; i++, o += stride)
					out[o] |= (data[in + i] & 0xFF) << shift;
				in += len;
				n += len;
			} else if (control != -128) {
				final int len = 1 - control;
				if (in >= to)
					throw error(file, frame, String.format(Locale.ROOT, "segment %d: a run at byte %d has no byte to repeat before the segment's end", number, in - 1));
				if (n + len > count)
					throw error(file, frame, String.format(Locale.ROOT, "segment %d: a run of %d bytes at byte %d runs past the end of the frame (%d of %d bytes decoded)",
							number, len, in - 1, n, count));
				final int v = (data[in++] & 0xFF) << shift;
				for (int i = 0; i < len; i++, o += stride)
					out[o] |= v;
				n += len;
			}
		}
	}

	private static long u32(final byte[] b, final int i) {
		return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
	}

	private static DicomFormatException error(final Path file, final int frame, final String problem) {
		return new DicomFormatException(file, -1, Tag.PixelData.number(), "RLE frame " + (frame + 1) + ": " + problem);
	}
}
