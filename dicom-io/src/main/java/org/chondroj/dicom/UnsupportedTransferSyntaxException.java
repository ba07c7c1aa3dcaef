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
				+ " (ChondroJ decodes native, deflated, RLE, JPEG baseline/extended/lossless and JPEG 2000 part 1 pixel data)");
		this.syntax = syntax;
	}

	public TransferSyntax syntax() {
		return syntax;
	}
}
