package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Test;

/** Native pixel data edge cases, on data sets made in code. */
class PixelDataNativeTest {

	private static byte[] bytes(final int... b) {
		final byte[] out = new byte[b.length];
		for (int i = 0; i < b.length; i++)
			out[i] = (byte) b[i];
		return out;
	}

	private static PixelData decode(final Attributes ds, final TransferSyntax ts, final VR vr, final byte[] pixels) throws IOException {
		ds.setBytes(Tag.PixelData.number(), vr, pixels);
		return PixelData.decode(CodecFramesTest.file(ts, ds));
	}

	private static Attributes image(final boolean bigEndian, final int rows, final int columns, final int samples, final int bitsAllocated,
			final int bitsStored, final boolean signed, final int frames) {
		final Attributes little = CodecFramesTest.image(rows, columns, samples, bitsAllocated, bitsStored, signed, frames);
		if (!bigEndian)
			return little;
		final Attributes ds = new Attributes(true);
		ds.setDoubles(Tag.Rows, rows).setDoubles(Tag.Columns, columns).setDoubles(Tag.SamplesPerPixel, samples);
		ds.setDoubles(Tag.BitsAllocated, bitsAllocated).setDoubles(Tag.BitsStored, bitsStored).setDoubles(Tag.PixelRepresentation, signed ? 1 : 0);
		if (frames > 1)
			ds.setString(Tag.NumberOfFrames, Integer.toString(frames));
		return ds;
	}

	@Test
	void eightBitOWInBigEndianIsUnswapped() throws IOException {
		// values 1 2 3 written as 16-bit big-endian words: (2,1) (pad,3)
		assertArrayEquals(new int[] { 1, 2, 3 }, decode(image(true, 1, 3, 1, 8, 8, false, 1), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, VR.OW,
				bytes(2, 1, 0, 3)).values());
		// OB is a byte stream in any byte order
		assertArrayEquals(new int[] { 1, 2, 3 }, decode(image(true, 1, 3, 1, 8, 8, false, 1), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, VR.OB,
				bytes(1, 2, 3, 0)).values());
	}

	@Test
	void sixteenBitBigEndian() throws IOException {
		assertArrayEquals(new int[] { 0x1234, -2 }, decode(image(true, 1, 2, 1, 16, 16, true, 1), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, VR.OW,
				bytes(0x12, 0x34, 0xFF, 0xFE)).values());
	}

	@Test
	void oneBitIsAContinuousBitStreamAcrossFrames() throws IOException {
		// 2 frames of 3 × 1 pixels: 6 bits, least significant first: 1 0 1 | 1 1 0
		assertArrayEquals(new int[] { 1, 0, 1, 1, 1, 0 }, decode(image(false, 1, 3, 1, 1, 1, false, 2), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
				VR.OB, bytes(0b011101)).values());
	}

	@Test
	void bitsAboveBitsStoredAreMasked() throws IOException {
		// 12 of 16 bits, garbage (an overlay bit, 0xF000) above: unsigned keeps the low 12 bits, signed extends bit 11
		final byte[] raw = bytes(0xFF, 0xF7, 0x01, 0xF0);
		assertArrayEquals(new int[] { 0x7FF, 1 }, decode(image(false, 1, 2, 1, 16, 12, false, 1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OW,
				raw).values());
		assertArrayEquals(new int[] { 2047, 1 }, decode(image(false, 1, 2, 1, 16, 12, true, 1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OW,
				raw).values());
		assertArrayEquals(new int[] { -1, -2048 }, decode(image(false, 1, 2, 1, 16, 12, true, 1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OW,
				bytes(0xFF, 0x0F, 0x00, 0xF8)).values());
	}

	@Test
	void signedEightAndSixteenBits() throws IOException {
		assertArrayEquals(new int[] { -128, -1, 127 }, decode(image(false, 1, 3, 1, 8, 8, true, 1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OB,
				bytes(0x80, 0xFF, 0x7F, 0)).values());
		assertArrayEquals(new int[] { -32768, 32767 }, decode(image(false, 1, 2, 1, 16, 16, true, 1), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, VR.OW,
				bytes(0x00, 0x80, 0xFF, 0x7F)).values());
	}

	@Test
	void planarConfigurationOneIsInterleaved() throws IOException {
		final Attributes ds = image(false, 1, 2, 3, 8, 8, false, 2);
		ds.setDoubles(Tag.PlanarConfiguration, 1);
		// per frame: R R G G B B
		assertArrayEquals(new int[] { 1, 3, 5, 2, 4, 6, 7, 9, 11, 8, 10, 12 },
				decode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OB, bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)).values());
	}

	@Test
	void nativeYbrFull422IsExpanded() throws IOException {
		final Attributes ds = image(false, 1, 4, 3, 8, 8, false, 1);
		ds.setString(Tag.PhotometricInterpretation, "YBR_FULL_422");
		final PixelData p = decode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OB, bytes(10, 11, 100, 200, 20, 21, 101, 201));
		assertArrayEquals(new int[] { 10, 100, 200, 11, 100, 200, 20, 101, 201, 21, 101, 201 }, p.values());
		assertEquals("YBR_FULL", p.photometricInterpretation());
	}

	@Test
	void badHeadersAreRefused() {
		final Attributes frames = image(false, 1, 1, 1, 8, 8, false, 1);
		frames.setString(Tag.NumberOfFrames, "1A");
		final DicomFormatException e = assertThrows(DicomFormatException.class,
				() -> decode(frames, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, VR.OB, bytes(1, 0)));
		assertTrue(e.getMessage().contains("'1A'"), e.getMessage());
		assertThrows(DicomFormatException.class, () -> decode(image(false, 2, 2, 1, 16, 16, false, 1), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
				VR.OW, bytes(1, 2, 3)));
	}

	/**
	 * Lossy colour JPEG is returned as the decoder's YCbCr, not converted to RGB: pydicom's SC_rgb_dcmtk_+eb+cy+np.dcm
	 * (dcmtk baseline JPEG of SC_rgb.dcm, YBR_FULL_422) decodes to YBR_FULL values far from the RGB original, which
	 * the JFIF conversion (PS3.3 C.7.6.3.1.2) brings back to within the JPEG loss.
	 */
	@Test
	void lossyColourJpegIsYCbCr() throws IOException {
		final PixelData rgb = PixelData.decode(DicomReader.read(RealData.require("dicom/pydicom-data/SC_rgb.dcm")));
		final PixelData ybr = PixelData.decode(DicomReader.read(DicomTesting.pydicomFile("SC_rgb_dcmtk_+eb+cy+np.dcm")));
		assertEquals("YBR_FULL", ybr.photometricInterpretation());
		final int[] y = ybr.values(), r = rgb.values();
		double raw = 0, converted = 0;
		for (int i = 0; i < y.length; i += 3) {
			final double cb = y[i + 1] - 128, cr = y[i + 2] - 128;
			final double[] back = { y[i] + 1.402 * cr, y[i] - 0.344136 * cb - 0.714136 * cr, y[i] + 1.772 * cb };
			for (int c = 0; c < 3; c++) {
				raw += Math.abs(y[i + c] - r[i + c]);
				converted += Math.abs(Math.min(255, Math.max(0, back[c])) - r[i + c]);
			}
		}
		raw /= y.length;
		converted /= y.length;
		System.out.printf(java.util.Locale.ROOT, "SC_rgb_dcmtk_+eb+cy+np.dcm: mean |YCbCr - RGB| %.1f, after the JFIF conversion %.2f%n", raw, converted);
		assertTrue(raw > 30, "the values are not RGB: " + raw);
		// chroma subsampling smears the sharp colour edges of this test image: the mean (2.8 here), not the maximum, is small
		assertTrue(converted < 4, "converted to RGB they are the original within the JPEG loss: " + converted);
	}
}
