package org.chondroj.dicom;

import java.nio.file.Path;

/**
 * One DICOM file as read by {@link DicomReader}: its file meta information (empty for files without a Part 10
 * header), its data set, and its transfer syntax. After {@link DicomReader#readHeader}, the pixel data is not in the
 * data set; {@link #pixelDataOffset()} and {@link #pixelDataLength()} say where it is.
 */
public final class DicomFile {

	private final Path path;
	private final Attributes meta;
	private final Attributes dataset;
	private final TransferSyntax syntax;
	private final boolean part10;
	private final long pixelDataOffset;
	private final long pixelDataLength;
	private final long pixelDataAvailable;

	DicomFile(final Path path, final Attributes meta, final Attributes dataset, final TransferSyntax syntax, final boolean part10,
			final long pixelDataOffset, final long pixelDataLength) {
		this(path, meta, dataset, syntax, part10, pixelDataOffset, pixelDataLength, -1);
	}

	DicomFile(final Path path, final Attributes meta, final Attributes dataset, final TransferSyntax syntax, final boolean part10,
			final long pixelDataOffset, final long pixelDataLength, final long pixelDataAvailable) {
		this.path = path;
		this.meta = meta;
		this.dataset = dataset;
		this.syntax = syntax;
		this.part10 = part10;
		this.pixelDataOffset = pixelDataOffset;
		this.pixelDataLength = pixelDataLength;
		this.pixelDataAvailable = pixelDataAvailable;
	}

	public Path path() {
		return path;
	}

	/** The file meta information (group 0002), always explicit VR little endian; empty without a Part 10 header. */
	public Attributes meta() {
		return meta;
	}

	/** The data set. */
	public Attributes dataset() {
		return dataset;
	}

	public TransferSyntax transferSyntax() {
		return syntax;
	}

	/** True if the file has the 128-byte preamble and "DICM". */
	public boolean hasPart10Header() {
		return part10;
	}

	/**
	 * After a header-only read: the byte offset of the pixel data value in the file (-1 if there is none, or if the
	 * data set is deflated so that file offsets do not apply).
	 */
	public long pixelDataOffset() {
		return pixelDataOffset;
	}

	/** After a header-only read: the pixel data value length in bytes, -1 when undefined (encapsulated) or absent. */
	public long pixelDataLength() {
		return pixelDataLength;
	}

	/**
	 * After a header-only read that reached the pixel data: at most how many bytes can follow its element header (the
	 * rest of the file; for a deflated data set, what is left below the decompression ceiling); -1 otherwise.
	 */
	long pixelDataAvailable() {
		return pixelDataAvailable;
	}

	@Override
	public String toString() {
		return "DicomFile[" + path + ", " + syntax + ", " + dataset.size() + " attributes]";
	}
}
