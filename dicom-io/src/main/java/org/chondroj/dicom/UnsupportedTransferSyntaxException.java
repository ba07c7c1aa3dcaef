package org.chondroj.dicom;

import java.nio.file.Path;

/**
 * Pixel data in a transfer syntax ChondroJ cannot decode (JPEG-LS, HTJ2K, MPEG, an unknown UID): refused, never
 * decoded into wrong pixels. The header of such a file is still readable.
 */
public final class UnsupportedTransferSyntaxException extends DicomFormatException {

	private static final long serialVersionUID = 1L;

	private final transient TransferSyntax syntax;

	public UnsupportedTransferSyntaxException(final Path file, final TransferSyntax syntax) {
		super(file, -1, Tag.PixelData.number(), "unsupported transfer syntax " + syntax
				+ " (ChondroJ decodes native, deflated, RLE, 8-bit JPEG baseline/extended, JPEG lossless and JPEG 2000 part 1 pixel data)");
		this.syntax = syntax;
	}

	/** A syntax that is decodable in general, but not this variant of it (e.g. 12-bit DCT JPEG); {@code detail} says which. */
	public UnsupportedTransferSyntaxException(final Path file, final TransferSyntax syntax, final String detail) {
		super(file, -1, Tag.PixelData.number(), "unsupported variant of " + syntax + ": " + detail);
		this.syntax = syntax;
	}

	public TransferSyntax syntax() {
		return syntax;
	}
}
