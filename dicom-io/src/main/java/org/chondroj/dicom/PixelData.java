package org.chondroj.dicom;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The decoded pixel values of one DICOM file: every frame's <em>stored</em> values (Bits Stored masked, sign
 * extended when Pixel Representation is 1), before any rescaling. Native pixel data is decoded here; encapsulated
 * pixel data goes through its codec ({@link TransferSyntax#codec()}), and syntaxes without one are refused with
 * {@link UnsupportedTransferSyntaxException}, never decoded into wrong values.
 * <p>
 * Values are kept as {@code int} (16-bit data is the norm in MR; 32-bit unsigned values above 2³¹−1 are refused).
 * Samples of colour images are interleaved (R, G, B per pixel) whatever the Planar Configuration of the file, and
 * never colour-converted: {@link #photometricInterpretation()} says what the values are. Native YBR_FULL_422 (two
 * luma values and one chroma pair per two pixels) is expanded to full-resolution YCbCr, chroma repeated, and described
 * as YBR_FULL; for compressed data see {@link Codecs}.
 * <p>
 * Native edge cases: 8-bit data in OW of explicit VR big endian is unswapped (the encoder swapped each 16-bit word);
 * 1-bit data is a continuous bit stream, least significant bit first, frames not byte-aligned; bits above Bits Stored
 * (overlays, garbage) are masked off.
 */
public final class PixelData {

	private final int rows, columns, frames, samples, bitsAllocated, bitsStored;
	private final boolean signed;
	private final String photometric;
	private final int[] values;

	private PixelData(final int rows, final int columns, final int frames, final int samples, final int bitsAllocated, final int bitsStored,
			final boolean signed, final String photometric, final int[] values) {
		this.rows = rows;
		this.columns = columns;
		this.frames = frames;
		this.samples = samples;
		this.bitsAllocated = bitsAllocated;
		this.bitsStored = bitsStored;
		this.signed = signed;
		this.photometric = photometric;
		this.values = values;
	}

	/**
	 * Decodes the pixel data of a file read in full ({@link DicomReader#read}).
	 *
	 * @throws DicomFormatException if the image pixel attributes are missing or inconsistent with the data
	 * @throws UnsupportedTransferSyntaxException for pixel data ChondroJ cannot decode
	 */
	public static PixelData decode(final DicomFile file) throws IOException {
		try {
			return decodeChecked(file);
		} catch (final RuntimeException | StackOverflowError e) {
			throw DicomFormatException.unexpected(file.path(), e);
		}
	}

	private static PixelData decodeChecked(final DicomFile file) throws IOException {
		final Attributes ds = file.dataset();
		final Path path = file.path();
		final int rows = require(ds, Tag.Rows, path), columns = require(ds, Tag.Columns, path);
		final int samples = ds.intValue(Tag.SamplesPerPixel, 1);
		final int bitsAllocated = require(ds, Tag.BitsAllocated, path);
		final int bitsStored = ds.intValue(Tag.BitsStored, bitsAllocated);
		final boolean signed = ds.intValue(Tag.PixelRepresentation, 0) == 1;
		final String framesText = ds.string(Tag.NumberOfFrames);
		if (framesText != null && ds.intValue(Tag.NumberOfFrames, -1) < 0)
			throw new DicomFormatException(path, -1, Tag.NumberOfFrames.number(), DicomFormatException.quote(framesText) + " is not a number of frames");
		final int frames = Math.max(1, ds.intValue(Tag.NumberOfFrames, 1));
		final String photometric = ds.string(Tag.PhotometricInterpretation) == null ? "MONOCHROME2" : ds.string(Tag.PhotometricInterpretation);
		final int pixelTag = Tag.PixelData.number();
		if (rows <= 0 || columns <= 0 || samples < 1 || samples > 4 || bitsStored < 1 || bitsStored > bitsAllocated)
			throw new DicomFormatException(path, -1, pixelTag, "impossible image pixel description: " + rows + " rows, " + columns + " columns, "
					+ samples + " samples, " + bitsAllocated + " bits allocated, " + bitsStored + " bits stored");
		if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32)
			throw new DicomFormatException(path, -1, pixelTag, "unsupported Bits Allocated " + bitsAllocated + " (1, 8, 16 and 32 are supported)");
		final long count = (long) rows * columns * samples * frames;
		if (count > DicomInput.MAX_VALUE_LENGTH)
			throw new DicomFormatException(path, -1, pixelTag, "image of " + count + " values is larger than ChondroJ can hold");
		Bounds.frames(file, frames, Bounds.frameBits(rows, columns, samples, bitsAllocated));
		final TransferSyntax ts = file.transferSyntax();
		final int[] values;
		if (!ts.encapsulated() || ds.fragments(pixelTag) == null) {
			final byte[] raw = ds.bytes(pixelTag);
			if (raw == null)
				throw new DicomFormatException(path, -1, pixelTag, ds.fragments(pixelTag) != null ? "encapsulated pixel data in a native transfer syntax"
						: "no pixel data (was the file read with readHeader?)");
			final boolean bigEndian = ds.bigEndian() && ds.vr(pixelTag) != VR.OB;
			if (samples == 3 && "YBR_FULL_422".equals(photometric)) {
				// native YBR_FULL_422 is always subsampled: Y1 Y2 Cb Cr for each two pixels of a row (PS3.3 C.7.6.3.1.2)
				if (columns % 2 != 0 || bitsAllocated == 1)
					throw new DicomFormatException(path, -1, pixelTag, "YBR_FULL_422 needs an even number of columns and 8 or more bits, not "
							+ columns + " columns of " + bitsAllocated + " bits");
				values = expand422(nativeValues(raw, bigEndian, (int) (count / 3 * 2), bitsAllocated, bitsStored, signed, path), (int) count);
				return new PixelData(rows, columns, frames, samples, bitsAllocated, bitsStored, signed, "YBR_FULL", values);
			}
			values = nativeValues(raw, bigEndian, (int) count, bitsAllocated, bitsStored, signed, path);
			if (samples > 1 && ds.intValue(Tag.PlanarConfiguration, 0) == 1)
				interleave(values, rows * columns, samples, frames);
		} else {
			values = Codecs.decode(file, ds.fragments(pixelTag), rows, columns, samples, frames, bitsAllocated, bitsStored, signed);
		}
		return new PixelData(rows, columns, frames, samples, bitsAllocated, bitsStored, signed, Codecs.decodedPhotometric(ts.codec(), photometric), values);
	}

	private static int require(final Attributes ds, final Tag tag, final Path path) throws DicomFormatException {
		final int v = ds.intValue(tag, -1);
		if (v < 0)
			throw new DicomFormatException(path, -1, tag.number(), "missing or invalid, needed to decode the pixel data");
		return v;
	}

	/**
	 * Stored values from native pixel bytes: masked to Bits Stored, sign-extended if signed. {@code bigEndian} means
	 * the bytes are big-endian 16-bit words (OW in explicit VR big endian): 16- and 32-bit values are read big-endian,
	 * and 8-bit values, which the encoder wrote as byte pairs swapped within each word, are unswapped.
	 */
	static int[] nativeValues(final byte[] raw, final boolean bigEndian, final int count, final int bitsAllocated, final int bitsStored,
			final boolean signed, final Path path) throws DicomFormatException {
		long needed = bitsAllocated == 1 ? (count + 7L) / 8 : (long) count * (bitsAllocated / 8);
		if (bigEndian && bitsAllocated == 8)
			needed += needed & 1;
		if (raw.length < needed)
			throw new DicomFormatException(path, -1, Tag.PixelData.number(), "pixel data holds " + raw.length + " bytes, the image needs " + needed);
		final int[] out = new int[count];
		final int shift = 32 - bitsStored;
		switch (bitsAllocated) {
		case 1:
			for (int i = 0; i < count; i++)
				out[i] = raw[i >> 3] >> (i & 7) & 1;
			return out;
		case 8:
			final int swap = bigEndian ? 1 : 0;
			for (int i = 0; i < count; i++)
				out[i] = extend(raw[i ^ swap] & 0xFF, shift, signed);
			return out;
		case 16:
			for (int i = 0, j = 0; i < count; i++, j += 2) {
				final int v = bigEndian ? (raw[j] & 0xFF) << 8 | raw[j + 1] & 0xFF : (raw[j + 1] & 0xFF) << 8 | raw[j] & 0xFF;
				out[i] = extend(v, shift, signed);
			}
			return out;
		default:
			for (int i = 0, j = 0; i < count; i++, j += 4)
				out[i] = bigEndian ? (raw[j] & 0xFF) << 24 | (raw[j + 1] & 0xFF) << 16 | (raw[j + 2] & 0xFF) << 8 | raw[j + 3] & 0xFF
						: (raw[j + 3] & 0xFF) << 24 | (raw[j + 2] & 0xFF) << 16 | (raw[j + 1] & 0xFF) << 8 | raw[j] & 0xFF;
			toStoredValues(out, bitsStored, signed, path);
			return out;
		}
	}

	/**
	 * Masks values as they come (native 32-bit words, decoder output) to Bits Stored and sign-extends them when signed,
	 * in place; refuses unsigned values above 2³¹−1, which an {@code int} cannot hold.
	 */
	static void toStoredValues(final int[] v, final int bitsStored, final boolean signed, final Path path) throws DicomFormatException {
		final int shift = 32 - bitsStored;
		if (shift == 0) {
			if (!signed)
				for (int i = 0; i < v.length; i++)
					if (v[i] < 0)
						throw new DicomFormatException(path, -1, Tag.PixelData.number(), "32-bit unsigned value " + Integer.toUnsignedString(v[i])
								+ " exceeds what ChondroJ holds");
			return;
		}
		for (int i = 0; i < v.length; i++)
			v[i] = extend(v[i], shift, signed);
	}

	/** Subsampled YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair) to full-resolution YCbCr triplets, chroma repeated. */
	static int[] expand422(final int[] v, final int count) {
		final int[] out = new int[count];
		for (int i = 0, o = 0; i + 3 < v.length && o + 5 < count; i += 4, o += 6) {
			out[o] = v[i];
			out[o + 3] = v[i + 1];
			out[o + 1] = out[o + 4] = v[i + 2];
			out[o + 2] = out[o + 5] = v[i + 3];
		}
		return out;
	}

	/** The low bits that are stored, as a signed or unsigned number. */
	static int extend(final int v, final int shift, final boolean signed) {
		return shift == 0 ? v : signed ? v << shift >> shift : v << shift >>> shift;
	}

	/** Planar (RRR…GGG…BBB…) to interleaved (RGBRGB…), per frame, in place. */
	static void interleave(final int[] v, final int pixels, final int samples, final int frames) {
		final int[] tmp = new int[pixels * samples];
		for (int f = 0; f < frames; f++) {
			final int base = f * pixels * samples;
			for (int s = 0; s < samples; s++)
				for (int p = 0; p < pixels; p++)
					tmp[p * samples + s] = v[base + s * pixels + p];
			System.arraycopy(tmp, 0, v, base, tmp.length);
		}
	}

	public int rows() {
		return rows;
	}

	public int columns() {
		return columns;
	}

	public int frames() {
		return frames;
	}

	public int samplesPerPixel() {
		return samples;
	}

	public int bitsAllocated() {
		return bitsAllocated;
	}

	public int bitsStored() {
		return bitsStored;
	}

	public boolean signed() {
		return signed;
	}

	/**
	 * The photometric interpretation of the decoded values: the file's, except where decoding changed it (YBR_FULL_422
	 * expanded or decoded from JPEG is YBR_FULL; YBR_RCT/YBR_ICT decoded from JPEG 2000 is RGB).
	 */
	public String photometricInterpretation() {
		return photometric;
	}

	/** Values per frame: rows × columns × samples. */
	public int frameLength() {
		return rows * columns * samples;
	}

	/** The stored values of frame {@code k} (0-based), row by row: a new array. */
	public int[] frame(final int k) {
		final int n = frameLength();
		final int[] out = new int[n];
		System.arraycopy(values, k * n, out, 0, n);
		return out;
	}

	/** All stored values, frame after frame (shared, do not modify). */
	public int[] values() {
		return values;
	}
}
