package org.chondroj.dicom;

import java.io.IOException;
import java.util.List;

/**
 * Decoders of encapsulated pixel data, by {@link TransferSyntax.Codec}. Each returns the stored values of all
 * frames, interleaved samples, as {@link PixelData} holds them.
 */
final class Codecs {

	private Codecs() {
	}

	static int[] decode(final DicomFile file, final List<byte[]> fragments, final int rows, final int columns, final int samples,
			final int frames, final int bitsAllocated, final int bitsStored, final boolean signed) throws IOException {
		switch (file.transferSyntax().codec()) {
		default:
			throw new UnsupportedTransferSyntaxException(file.path(), file.transferSyntax());
		}
	}
}
