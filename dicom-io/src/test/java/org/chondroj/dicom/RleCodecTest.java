package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The in-house RLE decoder on hand-made segments (PS3.5 Annex G). */
class RleCodecTest {

	static final Path FILE = Paths.get("hand-made.dcm");

	/** An RLE fragment: the 64-byte header, then the segments. */
	static byte[] fragment(final int[]... segments) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final int[] header = new int[16];
		header[0] = segments.length;
		int offset = 64;
		for (int s = 0; s < segments.length; s++) {
			header[s + 1] = offset;
			offset += segments[s].length;
		}
		for (final int h : header)
			for (int k = 0; k < 4; k++)
				out.write(h >>> 8 * k);
		for (final int[] seg : segments)
			for (final int b : seg)
				out.write(b);
		return out.toByteArray();
	}

	private static int[] decode(final byte[] fragment, final int pixels, final int samples, final int bits) throws DicomFormatException {
		final int[] out = new int[pixels * samples];
		RleDecoder.decode(fragment, out, 0, pixels, samples, bits, FILE, 0);
		return out;
	}

	@Test
	void literalsRunsAndNoOps() throws DicomFormatException {
		// literal of 3 (control 2), run of 4 (control -3), a no-op (-128), literal of 1 (control 0)
		final byte[] f = fragment(new int[] { 2, 10, 20, 30, 0xFD, 7, 0x80, 0, 255 });
		assertArrayEquals(new int[] { 10, 20, 30, 7, 7, 7, 7, 255 }, decode(f, 8, 1, 8));
	}

	@Test
	void sixteenBitsAreTwoSegmentsHighByteFirst() throws DicomFormatException {
		final byte[] f = fragment(new int[] { 0xFF, 0x12, 1, 0x80, 0x00 }, new int[] { 3, 0x34, 0xFF, 0x00, 0x01 });
		assertArrayEquals(new int[] { 0x1234, 0x12FF, 0x8000, 0x0001 }, decode(f, 4, 1, 16));
	}

	@Test
	void colourSegmentsAreInterleavedSamples() throws DicomFormatException {
		final byte[] f = fragment(new int[] { 0xFF, 1 }, new int[] { 0xFF, 2 }, new int[] { 1, 3, 4 });
		assertArrayEquals(new int[] { 1, 2, 3, 1, 2, 4 }, decode(f, 2, 3, 8));
	}

	@Test
	void thirtyTwoBitsAreFourSegments() throws DicomFormatException {
		final byte[] f = fragment(new int[] { 0, 0x7F }, new int[] { 0, 0x01 }, new int[] { 0, 0x02 }, new int[] { 0, 0x03 });
		assertArrayEquals(new int[] { 0x7F010203 }, decode(f, 1, 1, 32));
	}

	@Test
	void oneBitIsOneBitStreamSegment() throws DicomFormatException {
		// 10 pixels: bits 0b1000000101, 0b10 least significant bit first
		final byte[] f = fragment(new int[] { 1, 0x05, 0x02 });
		assertArrayEquals(new int[] { 1, 0, 1, 0, 0, 0, 0, 0, 0, 1 }, decode(f, 10, 1, 1));
	}

	@Test
	void paddingAfterTheLastNeededByteIsIgnored() throws DicomFormatException {
		assertArrayEquals(new int[] { 5, 5 }, decode(fragment(new int[] { 0xFF, 5, 0 }), 2, 1, 8));
	}

	@Test
	void badDataIsRefusedNamingFileFrameAndSegment() {
		// a segment offset past the end of the fragment
		final byte[] offsetPastEnd = fragment(new int[] { 0xFF, 5 });
		offsetPastEnd[4] = (byte) 200;
		assertRefused(offsetPastEnd, 2, 1, 8, "segment 1 starts at byte 200");
		// a run past the end of the frame
		assertRefused(fragment(new int[] { 0xFD, 5 }), 2, 1, 8, "runs past the end of the frame");
		// a literal that would read past the end of the fragment
		assertRefused(fragment(new int[] { 5, 1, 2 }), 6, 1, 8, "runs past the segment's end");
		// a run whose byte is missing
		assertRefused(fragment(new int[] { 0, 1, 0xFD }), 4, 1, 8, "no byte to repeat");
		// a segment that ends early
		assertRefused(fragment(new int[] { 0, 1 }), 4, 1, 8, "ends after 1 of its 4 bytes");
		// one segment where 16 bits need two
		assertRefused(fragment(new int[] { 0, 1 }), 1, 1, 16, "announces 1 segments");
		// segments out of order
		final byte[] swapped = fragment(new int[] { 0, 1 }, new int[] { 0, 2 });
		swapped[4] = 66;
		swapped[8] = 64;
		assertRefused(swapped, 1, 1, 16, "before segment 1");
		// shorter than the header
		assertThrows(DicomFormatException.class, () -> RleDecoder.decode(new byte[10], new int[1], 0, 1, 1, 8, FILE, 0));
	}

	private static void assertRefused(final byte[] f, final int pixels, final int samples, final int bits, final String problem) {
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> decode(f, pixels, samples, bits));
		assertTrue(e.getMessage().contains("hand-made.dcm") && e.getMessage().contains("RLE frame 1") && e.getMessage().contains(problem),
				e.getMessage());
	}

	/** Through {@link PixelData}: two frames of signed 12-bit data, with and without a basic offset table. */
	@Test
	void multiFrameSignedThroughPixelData() throws IOException {
		final byte[] f1 = fragment(new int[] { 1, 0x0F, 0x00 }, new int[] { 1, 0xFF, 0x05 }); // 0x0FFF (-1 in 12 bits), 0x0005
		final byte[] f2 = fragment(new int[] { 0xFF, 0x08 }, new int[] { 0xFF, 0x00 }); // 0x0800 = -2048 twice
		final int[] expected = { -1, 5, -2048, -2048 };
		final byte[] bot = { 0, 0, 0, 0, (byte) (8 + f1.length), 0, 0, 0 };
		for (final byte[] table : new byte[][] { new byte[0], bot }) {
			final Attributes ds = CodecFramesTest.image(1, 2, 1, 16, 12, true, 2);
			ds.setFragments(Tag.PixelData.number(), VR.OB, List.of(table, f1, f2));
			assertArrayEquals(expected, PixelData.decode(CodecFramesTest.file(TransferSyntax.RLE_LOSSLESS, ds)).values());
		}
	}
}
