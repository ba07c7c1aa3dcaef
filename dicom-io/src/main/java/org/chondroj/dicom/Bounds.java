package org.chondroj.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.io.DecompressionLimit;

/**
 * The one place where a count a file states (frames, rows × columns, samples, bits) is checked against what the file
 * can hold, before anything is allocated or looped over. Lengths of single values are checked as they are read
 * ({@link DicomInput}); this class checks the products: frames × rows × columns × samples × bits against the pixel
 * data's length, and, for encapsulated (compressed) pixel data, frames against the fragments (each frame starts a
 * fragment of its own, PS3.5 A.4) and the decoded size against the {@link DecompressionLimit}. Every refusal is a
 * {@link DicomFormatException} naming the file, the attribute and both numbers.
 */
final class Bounds {

	/** Bytes of a fragment item's header (tag and length): the least a frame of encapsulated pixel data takes. */
	static final int ITEM_HEADER = 8;
	private static final int PIXEL_DATA = Tag.PixelData.number();

	private Bounds() {
	}

	/**
	 * Bits of one native frame: rows × columns × samples × bits allocated, each at least 1 (an absurd value is refused
	 * where the pixels are decoded; here it only has to make the bound no looser).
	 */
	static long frameBits(final int rows, final int columns, final int samples, final int bitsAllocated) {
		return (long) Math.max(1, rows) * Math.max(1, columns) * Math.max(1, samples) * Math.max(1, bitsAllocated);
	}

	/**
	 * Checks that {@code file} can hold {@code frames} frames of {@code frameBits} bits (native) or {@code frames}
	 * compressed frames (encapsulated), from what the reader saw of its pixel data: the value itself after a full
	 * read; after a header-only read, the pixel data's stated length and the bytes left in the file after its header
	 * ({@link DicomFile#pixelDataAvailable()}). A file without pixel data holds one frame at most (it is refused when
	 * its pixels are read).
	 *
	 * @throws DicomFormatException if it cannot, naming NumberOfFrames, the frame size and what there is
	 */
	static void frames(final DicomFile file, final long frames, final long frameBits) throws DicomFormatException {
		if (frames <= 1)
			return;
		final Attributes ds = file.dataset();
		final byte[] bytes = ds.bytes(PIXEL_DATA);
		final List<byte[]> fragments = ds.fragments(PIXEL_DATA);
		final long available = file.pixelDataAvailable();
		final String problem;
		if (bytes != null || fragments == null && available >= 0 && file.pixelDataLength() >= 0) {
			// native: the value as read, or its stated length within what the file has left
			final long length = bytes != null ? bytes.length : Math.min(file.pixelDataLength(), available);
			if (frames <= 8 * length / frameBits)
				return;
			problem = String.format(Locale.ROOT, "%d frames of %s need %s, the pixel data holds %d bytes", frames, bits(frameBits),
					bits(frames * (double) frameBits), length);
		} else if (file.transferSyntax().codec() == TransferSyntax.Codec.ENCAPSULATED_UNCOMPRESSED && (fragments != null || available >= 0)) {
			// encapsulated uncompressed: native bytes in fragments, possibly several frames in one
			long length = available;
			if (fragments != null) {
				length = 0;
				for (int i = 1; i < fragments.size(); i++)
					length += fragments.get(i).length;
			}
			if (frames <= 8 * length / frameBits)
				return;
			problem = String.format(Locale.ROOT, "%d frames of %s need %s, the encapsulated uncompressed pixel data holds %d bytes", frames,
					bits(frameBits), bits(frames * (double) frameBits), length);
		} else if (fragments != null || available >= 0) {
			// compressed: each frame starts a fragment of its own, and a fragment takes at least its item header
			final long most = fragments != null ? fragments.size() - 1 : available / ITEM_HEADER;
			if (frames <= most)
				return;
			problem = fragments != null ? frames + " compressed frames need a fragment each, the encapsulated pixel data holds " + most
					: frames + " compressed frames need a fragment each, the " + available + " bytes after the pixel data's header hold at most " + most;
		} else {
			problem = frames + " frames, but the file has no pixel data";
		}
		throw new DicomFormatException(file.path(), -1, Tag.NumberOfFrames.number(), problem);
	}

	/**
	 * Checks that {@code values} decoded values (4 bytes each in memory) of compressed pixel data stay within the
	 * {@link DecompressionLimit}.
	 */
	static void decodedValues(final Path file, final long values, final TransferSyntax syntax) throws DicomFormatException {
		decompressed(file, values * 4, values + " decoded values of " + syntax + " pixel data");
	}

	/** Checks that {@code bytes} of decompressed data ({@code what}, for the message) stay within the {@link DecompressionLimit}. */
	static void decompressed(final Path file, final long bytes, final String what) throws DicomFormatException {
		if (bytes > DecompressionLimit.maxBytes())
			throw new DicomFormatException(file, -1, PIXEL_DATA, String.format(Locale.ROOT, "%s (%d bytes) exceed %s", what, bytes,
					DecompressionLimit.describe()));
	}

	/** A number of bits as bytes (or bits where not whole bytes), for messages. */
	private static String bits(final double bits) {
		return bits % 8 == 0 ? String.format(Locale.ROOT, "%.0f bytes", bits / 8) : String.format(Locale.ROOT, "%.0f bits", bits);
	}
}
