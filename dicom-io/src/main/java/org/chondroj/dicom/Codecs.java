package org.chondroj.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decoders of encapsulated pixel data, by {@link TransferSyntax.Codec}. Each returns the stored values of all
 * frames (masked to Bits Stored, sign-extended when Pixel Representation is 1), samples interleaved, as
 * {@link PixelData} holds them:
 * <ul>
 * <li>Encapsulated Uncompressed (1.2.840.10008.1.2.1.98): each frame's bytes are native little-endian pixel data;</li>
 * <li>RLE Lossless: {@link RleDecoder}, in-house, 8, 16 and 32 bits (and 1 bit: one bit-stream segment), any number
 * of samples;</li>
 * <li>JPEG baseline, extended, lossless and JPEG 2000 part 1 (also 1-bit): through ImageIO plugins
 * ({@link ImageIODecoders}), read as rasters (no colour conversion). Refused with a {@link DicomFormatException} that
 * says so: DCT-based JPEG of 12 bits (the JDK's decoder is 8-bit only) and JPEG 2000 codestreams with interleaved
 * tile-parts (which JJ2000 decodes wrongly without an error);</li>
 * <li>anything else (JPEG-LS, JPEG 2000 part 2, HTJ2K, MPEG, unknown syntaxes): {@link UnsupportedTransferSyntaxException}.</li>
 * </ul>
 * Frames are cut from the fragments ({@link #frames}) with the Basic Offset Table when there is one; without it, one
 * frame per fragment when the counts agree, the fragments concatenated for a single frame, and otherwise a split at
 * each fragment that starts with a JPEG SOI or JPEG 2000 SOC/JP2 signature.
 * <p>
 * Colour: values are the decoder's output, not converted to RGB. Lossy JPEG stored as YBR_FULL_422 or YBR_FULL comes
 * out as full-resolution YCbCr (the decoder upsamples the chroma), and is described as YBR_FULL; JPEG 2000 with
 * YBR_RCT or YBR_ICT comes out as RGB, because the decoder applies the codestream's inverse component transform
 * ({@link #decodedPhotometric}). Knee MR is monochrome; colour support exists so that such files decode to the
 * documented values rather than fail.
 * <p>
 * Cost: one pass over the compressed data and one {@code int} per value; the fragments of a frame are copied once when
 * a frame spans several of them.
 */
final class Codecs {

	private static final int PIXEL_DATA = Tag.PixelData.number();

	private Codecs() {
	}

	/**
	 * Decodes every frame (see the class description). Nothing is allocated for the decoded values before the frames
	 * are found in the fragments, each frame's compressed data is checked against the header (its size for
	 * uncompressed frames, the least an RLE frame takes, the size a JPEG or JPEG 2000 codestream declares), and the
	 * decoded values are within the {@link org.chondroj.core.io.DecompressionLimit}; JPEG and JPEG 2000 frames are
	 * then decoded under the {@link GuardedDecoder}.
	 */
	static int[] decode(final DicomFile file, final List<byte[]> fragments, final int rows, final int columns, final int samples,
			final int frames, final int bitsAllocated, final int bitsStored, final boolean signed) throws IOException {
		final Path path = file.path();
		final TransferSyntax syntax = file.transferSyntax();
		final TransferSyntax.Codec codec = syntax.codec();
		switch (codec) {
		case ENCAPSULATED_UNCOMPRESSED:
		case RLE:
		case JPEG_LOSSY:
		case JPEG_LOSSLESS:
		case JPEG_2000:
			break;
		default:
			throw new UnsupportedTransferSyntaxException(path, syntax);
		}
		final int pixels = rows * columns;
		final int frameLength = pixels * samples;
		if (codec == TransferSyntax.Codec.ENCAPSULATED_UNCOMPRESSED) {
			final List<byte[]> data = uncompressedFrames(path, fragments, frames, frameLength, bitsAllocated);
			final long frameBytes = bitsAllocated == 1 ? (frameLength + 7L) / 8 : (long) frameLength * (bitsAllocated / 8);
			for (int f = 0; f < frames; f++)
				if (data.get(f).length < frameBytes)
					throw new DicomFormatException(path, -1, PIXEL_DATA, String.format(Locale.ROOT,
							"encapsulated uncompressed frame %d holds %d bytes, the image needs %d", f + 1, data.get(f).length, frameBytes));
			final int[] out = new int[Math.multiplyExact(frameLength, frames)];
			for (int f = 0; f < frames; f++) {
				final int[] v = PixelData.nativeValues(data.get(f), false, frameLength, bitsAllocated, bitsStored, signed, path);
				if (samples > 1 && file.dataset().intValue(Tag.PlanarConfiguration, 0) == 1)
					PixelData.interleave(v, pixels, samples, 1);
				System.arraycopy(v, 0, out, f * frameLength, frameLength);
			}
			return out;
		}
		if (bitsAllocated == 1 && codec != TransferSyntax.Codec.RLE && codec != TransferSyntax.Codec.JPEG_2000)
			throw new DicomFormatException(path, -1, PIXEL_DATA, "1-bit pixel data in " + syntax + " is not decodable");
		final List<byte[]> data = frames(path, fragments, frames, codec);
		Bounds.decodedValues(path, (long) frameLength * frames, syntax);
		final boolean j2k = codec == TransferSyntax.Codec.JPEG_2000;
		final String name = codec == TransferSyntax.Codec.RLE ? "RLE" : j2k ? "JPEG 2000" : "JPEG";
		for (int f = 0; f < frames; f++)
			checkFrame(path, syntax, name, f, data.get(f), rows, columns, samples, bitsAllocated);
		final int[] out = new int[Math.multiplyExact(frameLength, frames)];
		for (int f = 0; f < frames; f++) {
			final byte[] frame = data.get(f);
			if (codec == TransferSyntax.Codec.RLE) {
				RleDecoder.decode(frame, out, f * frameLength, pixels, samples, bitsAllocated, path, f);
				continue;
			}
			final int[] v = GuardedDecoder.run(path, syntax, String.format(Locale.ROOT, "%s frame %d (%d bytes)", name, f + 1, frame.length),
					frameLength, () -> ImageIODecoders.decode(j2k, frame, rows, columns, samples, path));
			System.arraycopy(v, 0, out, f * frameLength, frameLength);
		}
		PixelData.toStoredValues(out, bitsStored, signed, path);
		return out;
	}

	/**
	 * Checks one compressed frame against the header before anything is decoded: an RLE frame holds at least its
	 * 64-byte header and 2 bytes per 128 bytes of each byte plane (the most a PackBits run expands); a JPEG or JPEG 2000
	 * frame declares the header's size and samples (SOF, SIZ) and is not a variant the decoders get wrong.
	 */
	private static void checkFrame(final Path path, final TransferSyntax syntax, final String name, final int f, final byte[] frame,
			final int rows, final int columns, final int samples, final int bitsAllocated) throws DicomFormatException {
		final String which = name + " frame " + (f + 1);
		if (name.equals("RLE")) {
			final long planeBytes = bitsAllocated == 1 ? ((long) rows * columns + 7) / 8 : (long) rows * columns;
			final long planes = (long) samples * Math.max(1, bitsAllocated / 8);
			final long least = 64 + planes * 2 * ((planeBytes + 127) / 128);
			if (frame.length < least)
				throw new DicomFormatException(path, -1, PIXEL_DATA, String.format(Locale.ROOT,
						"%s: %d bytes cannot hold %d × %d pixels of %d sample(s) (RLE needs at least %d)", which, frame.length, columns, rows, samples, least));
			return;
		}
		final boolean j2k = name.equals("JPEG 2000");
		final String problem = j2k ? ImageIODecoders.jpeg2000Problem(frame) : ImageIODecoders.jpegProblem(frame);
		if (problem != null)
			throw new UnsupportedTransferSyntaxException(path, syntax, which + ": " + problem);
		final long[] size = j2k ? ImageIODecoders.jpeg2000Size(frame) : ImageIODecoders.jpegSize(frame);
		if (size != null && (size[0] != columns || size[1] != rows && !(size[1] == 0 && !j2k) || size[2] != samples))
			throw new DicomFormatException(path, -1, PIXEL_DATA, String.format(Locale.ROOT,
					"%s declares %d × %d pixels with %d component(s) (its %s marker); the header says %d × %d with %d sample(s)", which, size[0], size[1],
					size[2], j2k ? "SIZ" : "SOF", columns, rows, samples));
		if (size != null && j2k && (size[3] < 0 || size[3] > (long) rows * columns))
			throw new DicomFormatException(path, -1, PIXEL_DATA, size[3] < 0 ? which + ": its SIZ marker's tile grid does not cover the image as JPEG 2000 requires"
					: String.format(Locale.ROOT, "%s: its SIZ marker's tile grid has %d tiles for %d pixels", which, size[3], (long) rows * columns));
	}

	/**
	 * The photometric interpretation of the values {@link #decode} returns for a file whose header says
	 * {@code photometric}: YBR_FULL_422 decoded from JPEG is full-resolution YCbCr, i.e. YBR_FULL; YBR_RCT and YBR_ICT
	 * decoded from JPEG 2000 are RGB; everything else is unchanged.
	 */
	static String decodedPhotometric(final TransferSyntax.Codec codec, final String photometric) {
		if (codec == TransferSyntax.Codec.JPEG_LOSSY && "YBR_FULL_422".equals(photometric))
			return "YBR_FULL";
		if (codec == TransferSyntax.Codec.JPEG_2000 && ("YBR_RCT".equals(photometric) || "YBR_ICT".equals(photometric)))
			return "RGB";
		return photometric;
	}

	/**
	 * The compressed data of each frame. The first fragment is the Basic Offset Table: when it is not empty, it must
	 * hold one offset per frame, the first 0, increasing, each at the start of a fragment (offsets count the 8-byte item
	 * headers, from the first fragment after the table). Without it: one frame per fragment when there are as many
	 * fragments as frames; all fragments joined for a single frame; otherwise a new frame at each fragment that starts
	 * with a JPEG SOI (FFD8) or a JPEG 2000 SOC (FF4F) or JP2 signature box, which must give exactly {@code frames}.
	 * Fragments are shared, not copied, when a frame is one fragment.
	 *
	 * @throws DicomFormatException if the frames cannot be found as described
	 */
	static List<byte[]> frames(final Path file, final List<byte[]> fragments, final int frames, final TransferSyntax.Codec codec)
			throws DicomFormatException {
		if (fragments.isEmpty())
			throw new DicomFormatException(file, -1, PIXEL_DATA, "encapsulated pixel data without a basic offset table item");
		final byte[] bot = fragments.get(0);
		final List<byte[]> items = fragments.subList(1, fragments.size());
		if (items.isEmpty())
			throw new DicomFormatException(file, -1, PIXEL_DATA, "encapsulated pixel data without fragments");
		final List<byte[]> out = new ArrayList<>(frames);
		if (frames == 1) {
			out.add(join(items, 0, items.size()));
			return out;
		}
		if (bot.length > 0) {
			if (bot.length != 4L * frames)
				throw new DicomFormatException(file, -1, PIXEL_DATA, String.format(Locale.ROOT,
						"the basic offset table holds %d bytes, %d frames need %d", bot.length, frames, 4L * frames));
			int item = 0;
			long position = 0;
			final int[] first = new int[frames + 1];
			for (int f = 0; f < frames; f++) {
				final long offset = (bot[4 * f] & 0xFFL) | (bot[4 * f + 1] & 0xFFL) << 8 | (bot[4 * f + 2] & 0xFFL) << 16 | (bot[4 * f + 3] & 0xFFL) << 24;
				while (item < items.size() && position < offset)
					position += 8L + items.get(item++).length;
				if (position != offset || item >= items.size() || f == 0 && offset != 0 || f > 0 && item <= first[f - 1])
					throw new DicomFormatException(file, -1, PIXEL_DATA, String.format(Locale.ROOT,
							"basic offset table entry %d (%d) is not the start of a fragment after the previous frame's", f + 1, offset));
				first[f] = item;
			}
			first[frames] = items.size();
			for (int f = 0; f < frames; f++)
				out.add(join(items, first[f], first[f + 1]));
			return out;
		}
		if (items.size() == frames) {
			out.addAll(items);
			return out;
		}
		if (codec != TransferSyntax.Codec.JPEG_LOSSY && codec != TransferSyntax.Codec.JPEG_LOSSLESS && codec != TransferSyntax.Codec.JPEG_2000)
			throw new DicomFormatException(file, -1, PIXEL_DATA, String.format(Locale.ROOT,
					"%d fragments for %d frames and no basic offset table: the frames cannot be told apart", items.size(), frames));
		if (!startsFrame(items.get(0), codec))
			throw new DicomFormatException(file, -1, PIXEL_DATA, "the first fragment does not start with a " + (codec == TransferSyntax.Codec.JPEG_2000
					? "JPEG 2000 codestream or JP2 signature" : "JPEG start-of-image marker"));
		int start = 0;
		for (int i = 1; i <= items.size(); i++)
			if (i == items.size() || startsFrame(items.get(i), codec)) {
				if (out.size() == frames)
					break;
				out.add(join(items, start, i));
				start = i;
			}
		if (out.size() != frames || start != items.size())
			throw new DicomFormatException(file, -1, PIXEL_DATA, String.format(Locale.ROOT,
					"%d fragments without a basic offset table: %s frames found where they start, the header says %d", items.size(),
					start != items.size() ? "more than " + frames : Integer.toString(out.size()), frames));
		return out;
	}

	/** Frames of Encapsulated Uncompressed data: by fragment, or, failing that, cut by size from all fragments joined. */
	private static List<byte[]> uncompressedFrames(final Path file, final List<byte[]> fragments, final int frames, final int frameLength,
			final int bitsAllocated) throws DicomFormatException {
		final List<byte[]> items = fragments.subList(Math.min(1, fragments.size()), fragments.size());
		if (items.size() == frames || frames == 1)
			return frames(file, fragments, frames, TransferSyntax.Codec.ENCAPSULATED_UNCOMPRESSED);
		final long frameBytes = bitsAllocated == 1 ? (frameLength + 7L) / 8 : (long) frameLength * (bitsAllocated / 8);
		final byte[] all = join(items, 0, items.size());
		if (all.length < frameBytes * frames)
			throw new DicomFormatException(file, -1, PIXEL_DATA, String.format(Locale.ROOT,
					"encapsulated uncompressed pixel data holds %d bytes, %d frames need %d", all.length, frames, frameBytes * frames));
		final List<byte[]> out = new ArrayList<>(frames);
		for (int f = 0; f < frames; f++) {
			final byte[] b = new byte[(int) frameBytes];
			System.arraycopy(all, (int) (f * frameBytes), b, 0, b.length);
			out.add(b);
		}
		return out;
	}

	private static boolean startsFrame(final byte[] b, final TransferSyntax.Codec codec) {
		if (codec == TransferSyntax.Codec.JPEG_2000)
			return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x4F
					|| b.length >= 8 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0x0C && b[4] == 'j' && b[5] == 'P' && b[6] == ' ' && b[7] == ' ';
		return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
	}

	/** Fragments {@code [from, to)} as one array: the fragment itself when there is one. */
	private static byte[] join(final List<byte[]> items, final int from, final int to) {
		if (to - from == 1)
			return items.get(from);
		long n = 0;
		for (int i = from; i < to; i++)
			n += items.get(i).length;
		final byte[] out = new byte[Math.toIntExact(n)];
		int o = 0;
		for (int i = from; i < to; i++) {
			final byte[] b = items.get(i);
			System.arraycopy(b, 0, out, o, b.length);
			o += b.length;
		}
		return out;
	}
}
