package org.chondroj.dicom;

/** The Image Pixel module (PS3.3 C.7.6.3) of the single-sample, unsigned images ChondroJ writes. */
final class ImagePixel {

	private ImagePixel() {
	}

	/**
	 * Sets one sample per pixel, MONOCHROME2, {@code rows} × {@code columns}, {@code bits} allocated and stored (high bit
	 * {@code bits} − 1), unsigned.
	 */
	static void monochrome(final Attributes ds, final int rows, final int columns, final int bits) {
		ds.setDoubles(Tag.SamplesPerPixel, 1);
		ds.setString(Tag.PhotometricInterpretation, "MONOCHROME2");
		ds.setDoubles(Tag.Rows, rows);
		ds.setDoubles(Tag.Columns, columns);
		ds.setDoubles(Tag.BitsAllocated, bits);
		ds.setDoubles(Tag.BitsStored, bits);
		ds.setDoubles(Tag.HighBit, bits - 1);
		ds.setDoubles(Tag.PixelRepresentation, 0);
	}
}
