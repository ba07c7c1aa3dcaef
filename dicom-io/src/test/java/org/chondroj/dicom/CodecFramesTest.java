package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Frames cut from encapsulated fragments ({@link Codecs#frames}) and multi-frame encapsulated data. */
class CodecFramesTest {

	static final Path FILE = Paths.get("frames.dcm");

	static Attributes image(final int rows, final int columns, final int samples, final int bitsAllocated, final int bitsStored, final boolean signed,
			final int frames) {
		final Attributes ds = new Attributes(false);
		ds.setDoubles(Tag.Rows, rows).setDoubles(Tag.Columns, columns).setDoubles(Tag.SamplesPerPixel, samples);
		ds.setDoubles(Tag.BitsAllocated, bitsAllocated).setDoubles(Tag.BitsStored, bitsStored).setDoubles(Tag.HighBit, bitsStored - 1);
		ds.setDoubles(Tag.PixelRepresentation, signed ? 1 : 0).setString(Tag.PhotometricInterpretation, samples == 3 ? "RGB" : "MONOCHROME2");
		if (frames > 1)
			ds.setString(Tag.NumberOfFrames, Integer.toString(frames));
		return ds;
	}

	static DicomFile file(final TransferSyntax ts, final Attributes ds) {
		return new DicomFile(FILE, new Attributes(false), ds, ts, true, -1, -1);
	}

	private static byte[] bytes(final int... b) {
		final byte[] out = new byte[b.length];
		for (int i = 0; i < b.length; i++)
			out[i] = (byte) b[i];
		return out;
	}

	private static byte[] bot(final int... offsets) {
		final byte[] out = new byte[4 * offsets.length];
		for (int i = 0; i < offsets.length; i++)
			for (int k = 0; k < 4; k++)
				out[4 * i + k] = (byte) (offsets[i] >>> 8 * k);
		return out;
	}

	@Test
	void offsetTableGroupsFragments() throws DicomFormatException {
		final byte[] a = bytes(1, 2, 3, 4), b = bytes(5, 6), c = bytes(7, 8, 9);
		// frame 2 starts after two items: (8 + 4) + (8 + 2) = 22
		final List<byte[]> frames = Codecs.frames(FILE, List.of(bot(0, 22), a, b, c), 2, TransferSyntax.Codec.RLE);
		assertArrayEquals(bytes(1, 2, 3, 4, 5, 6), frames.get(0));
		assertSame(c, frames.get(1));
	}

	@Test
	void badOffsetTablesAreRefused() {
		final byte[] a = bytes(1, 2), b = bytes(3, 4);
		for (final byte[] table : new byte[][] { bot(0, 9), bot(0, 0), bot(4, 10), bot(0), bot(0, 10, 20), bytes(0, 0, 0) }) {
			final DicomFormatException e = assertThrows(DicomFormatException.class,
					() -> Codecs.frames(FILE, List.of(table, a, b), 2, TransferSyntax.Codec.RLE));
			assertTrue(e.getMessage().startsWith(FILE.toString()), e.getMessage());
		}
	}

	@Test
	void withoutOffsetTable() throws DicomFormatException {
		final byte[] a = bytes(0xFF, 0xD8, 1), b = bytes(2, 3), c = bytes(0xFF, 0xD8, 4), d = bytes(5);
		// as many fragments as frames: one each
		assertEquals(List.of(a, b), Codecs.frames(FILE, List.of(new byte[0], a, b), 2, TransferSyntax.Codec.RLE));
		// a single frame: all fragments joined
		assertArrayEquals(bytes(0xFF, 0xD8, 1, 2, 3), Codecs.frames(FILE, List.of(new byte[0], a, b), 1, TransferSyntax.Codec.RLE).get(0));
		// JPEG: split where a fragment starts with SOI
		final List<byte[]> jpeg = Codecs.frames(FILE, List.of(new byte[0], a, b, c, d), 2, TransferSyntax.Codec.JPEG_LOSSLESS);
		assertArrayEquals(bytes(0xFF, 0xD8, 1, 2, 3), jpeg.get(0));
		assertArrayEquals(bytes(0xFF, 0xD8, 4, 5), jpeg.get(1));
		// JPEG 2000: split at SOC
		final byte[] j1 = bytes(0xFF, 0x4F, 0xFF, 0x51), j2 = bytes(9), j3 = bytes(0xFF, 0x4F, 0xFF, 0x51, 8);
		final List<byte[]> j2k = Codecs.frames(FILE, List.of(new byte[0], j1, j2, j3), 2, TransferSyntax.Codec.JPEG_2000);
		assertEquals(2, j2k.size());
		assertSame(j3, j2k.get(1));
	}

	@Test
	void framesThatCannotBeToldApartAreRefused() {
		final byte[] a = bytes(0xFF, 0xD8, 1), b = bytes(2, 3), c = bytes(0xFF, 0xD8, 4);
		// RLE: one fragment per frame is required without a table
		assertThrows(DicomFormatException.class, () -> Codecs.frames(FILE, List.of(new byte[0], a, b, c), 2, TransferSyntax.Codec.RLE));
		// JPEG: two SOIs for three frames, or three for two
		assertThrows(DicomFormatException.class, () -> Codecs.frames(FILE, List.of(new byte[0], a, b, c, b), 3, TransferSyntax.Codec.JPEG_LOSSY));
		assertThrows(DicomFormatException.class, () -> Codecs.frames(FILE, List.of(new byte[0], a, c, b, c), 2, TransferSyntax.Codec.JPEG_LOSSY));
		// JPEG: the first fragment is not the start of an image
		assertThrows(DicomFormatException.class, () -> Codecs.frames(FILE, List.of(new byte[0], b, a, b, c), 2, TransferSyntax.Codec.JPEG_LOSSY));
		// no fragments at all
		assertThrows(DicomFormatException.class, () -> Codecs.frames(FILE, List.of(new byte[0]), 1, TransferSyntax.Codec.JPEG_LOSSY));
	}

	@Test
	void encapsulatedUncompressedMultiFrame() throws IOException {
		// 2 frames of 2 signed 16-bit values, little endian: one fragment per frame, with and without a table, and one fragment for both
		final byte[] f1 = bytes(0xFF, 0xFF, 0x02, 0x00), f2 = bytes(0x00, 0x80, 0x03, 0x00);
		final int[] expected = { -1, 2, -32768, 3 };
		for (final List<byte[]> fragments : List.of(List.of(new byte[0], f1, f2), List.of(bot(0, 12), f1, f2),
				List.of(new byte[0], bytes(0xFF, 0xFF, 0x02, 0x00, 0x00, 0x80, 0x03, 0x00)))) {
			final Attributes ds = image(1, 2, 1, 16, 16, true, 2);
			ds.setFragments(Tag.PixelData.number(), VR.OB, fragments);
			assertArrayEquals(expected, PixelData.decode(file(TransferSyntax.ENCAPSULATED_UNCOMPRESSED, ds)).values());
		}
	}

	@Test
	void unsupportedSyntaxesAreRefusedTyped() {
		final Attributes ds = image(1, 1, 1, 8, 8, false, 1);
		ds.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], bytes(1, 2)));
		for (final TransferSyntax ts : new TransferSyntax[] { TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.HTJ2K, TransferSyntax.of("1.2.3.4") })
			assertThrows(UnsupportedTransferSyntaxException.class, () -> PixelData.decode(file(ts, ds)));
	}

	@Test
	void corruptCompressedFramesAreRefusedNamingTheFrame() {
		final Attributes ds = image(2, 2, 1, 8, 8, false, 2);
		ds.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], bytes(0xFF, 0xD8, 0xFF, 0xD9), bytes(0xFF, 0xD8, 0xFF, 0xD9)));
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> PixelData.decode(file(TransferSyntax.JPEG_BASELINE, ds)));
		assertTrue(e.getMessage().contains("frames.dcm") && e.getMessage().contains("JPEG frame 1"), e.getMessage());
		final Attributes j2k = image(2, 2, 1, 8, 8, false, 1);
		j2k.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], bytes(0xFF, 0x4F, 0xFF, 0x51, 0, 3)));
		final DicomFormatException e2 = assertThrows(DicomFormatException.class, () -> PixelData.decode(file(TransferSyntax.JPEG_2000, j2k)));
		assertTrue(e2.getMessage().contains("JPEG 2000 frame 1"), e2.getMessage());
	}
}
