package org.chondroj.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.io.AtomicFiles;

/**
 * Writes DICOM Part 10 files (PS3.10 §7): a 128-byte zero preamble, "DICM", the file meta information (group 0002,
 * explicit VR little endian, with its group length, version 00\01, the SOP class and instance UIDs of the data set,
 * the transfer syntax, {@link Uids#IMPLEMENTATION_CLASS_UID} and {@value #IMPLEMENTATION_VERSION_NAME}), then the
 * data set in explicit VR little endian (PS3.5 §7.1.2).
 * <p>
 * What is written: every attribute of the data set in ascending tag order, except group 0002 (the meta information
 * is made here) and group length attributes (gggg,0000) (retired, and wrong once values change). Values of odd length
 * are padded to even length: text with a space, UI and binary values with a NUL (PS3.5 §6.2). Sequences and their
 * items are written with defined lengths, computed here. Encapsulated pixel data (fragments) is written with undefined
 * length, one item per fragment, and a sequence delimiter (PS3.5 §A.4); it needs an encapsulated transfer syntax. A
 * value longer than 65534 bytes in a VR with a 16-bit length field is written as UN (PS3.5 §6.2.2). Data sets read
 * from big-endian files are byte-swapped per VR.
 * <p>
 * Cost: one pass over the data set to compute lengths (each item's length once), one to write; values are not copied
 * except to swap byte order. Files are written through {@link AtomicFiles#write}: a failure leaves no partial file.
 */
public final class DicomWriter {

	/** Implementation Version Name (0002,0013) of the files written. */
	public static final String IMPLEMENTATION_VERSION_NAME = "CHONDROJ_0.1";

	private static final long MAX_LENGTH = 0xFFFFFFFEL;
	private static final int ITEM = 0xFFFEE000, SEQUENCE_END = 0xFFFEE0DD;

	private final Map<Attributes, Long> itemLengths = new IdentityHashMap<>();
	private final OutputStream out;
	private final byte[] header = new byte[12];
	/** True while writing the meta information group itself (group 0002 is skipped in data sets only). */
	private final boolean meta;

	private DicomWriter(final OutputStream out) {
		this(out, false);
	}

	private DicomWriter(final OutputStream out, final boolean meta) {
		this.out = out;
		this.meta = meta;
	}

	/** Writes {@code dataset} to {@code file} in explicit VR little endian (native pixel data). */
	public static void write(final Path file, final Attributes dataset) throws IOException {
		write(file, dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
	}

	/**
	 * Writes {@code dataset} to {@code file} (replacing it atomically) with the given transfer syntax: explicit VR
	 * little endian, or an encapsulated syntax (explicit VR little endian with the pixel data already compressed into
	 * fragments by the caller; nothing is compressed here).
	 *
	 * @throws IllegalArgumentException naming the file, if the data set cannot be written: no SOP Class or Instance
	 *         UID, a syntax that is implicit, big-endian or deflated, pixel data that does not match the syntax, or a
	 *         value too long for DICOM; nothing is written then
	 */
	public static void write(final Path file, final Attributes dataset, final TransferSyntax syntax) throws IOException {
		final DicomWriter w = new DicomWriter(null);
		final byte[] meta;
		try {
			w.check(dataset, syntax);
			meta = fileMeta(dataset, syntax);
			w.itemLength(dataset);
		} catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(file + ": cannot write DICOM: " + e.getMessage(), e);
		}
		AtomicFiles.write(file, out -> {
			final DicomWriter writer = new DicomWriter(out);
			writer.itemLengths.putAll(w.itemLengths);
			out.write(new byte[DicomFiles.PREAMBLE_LENGTH]);
			out.write(new byte[] { 'D', 'I', 'C', 'M' });
			out.write(meta);
			writer.writeItemContent(dataset);
		});
	}

	/**
	 * Writes the Part 10 file to a stream (not closed), e.g. for tests or transfer; the same bytes as
	 * {@link #write(Path, Attributes, TransferSyntax)}.
	 *
	 * @throws IllegalArgumentException if the data set cannot be written (see there), before anything is written
	 */
	public static void write(final OutputStream out, final Attributes dataset, final TransferSyntax syntax) throws IOException {
		final DicomWriter w = new DicomWriter(out);
		w.check(dataset, syntax);
		final byte[] meta = fileMeta(dataset, syntax);
		w.itemLength(dataset);
		out.write(new byte[DicomFiles.PREAMBLE_LENGTH]);
		out.write(new byte[] { 'D', 'I', 'C', 'M' });
		out.write(meta);
		w.writeItemContent(dataset);
	}

	private void check(final Attributes dataset, final TransferSyntax syntax) {
		if (!syntax.explicitVR() || syntax.bigEndian() || syntax.deflated())
			throw new IllegalArgumentException("transfer syntax " + syntax + " is not written; use explicit VR little endian or an encapsulated syntax");
		if (!Uids.isValid(dataset.string(Tag.SOPClassUID)))
			throw new IllegalArgumentException("the data set has no valid SOPClassUID (0008,0016): " + dataset.string(Tag.SOPClassUID));
		if (!Uids.isValid(dataset.string(Tag.SOPInstanceUID)))
			throw new IllegalArgumentException("the data set has no valid SOPInstanceUID (0008,0018): " + dataset.string(Tag.SOPInstanceUID));
		final int pixel = Tag.PixelData.number();
		if (dataset.contains(pixel)) {
			final boolean fragments = dataset.fragments(pixel) != null;
			if (fragments != syntax.encapsulated())
				throw new IllegalArgumentException(fragments ? "encapsulated pixel data needs an encapsulated transfer syntax, not " + syntax
						: "native pixel data cannot be written with the encapsulated transfer syntax " + syntax);
		}
	}

	/** The meta information group, group length first. */
	private static byte[] fileMeta(final Attributes dataset, final TransferSyntax syntax) {
		final Attributes meta = new Attributes(false);
		meta.setBytes(Tag.FileMetaInformationVersion.number(), VR.OB, new byte[] { 0, 1 });
		meta.setString(Tag.MediaStorageSOPClassUID, dataset.string(Tag.SOPClassUID));
		meta.setString(Tag.MediaStorageSOPInstanceUID, dataset.string(Tag.SOPInstanceUID));
		meta.setString(Tag.TransferSyntaxUID, syntax.uid());
		meta.setString(Tag.ImplementationClassUID, Uids.IMPLEMENTATION_CLASS_UID);
		meta.setString(Tag.ImplementationVersionName, IMPLEMENTATION_VERSION_NAME);
		final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(256);
		final DicomWriter w = new DicomWriter(body, true);
		try {
			w.writeItemContent(meta);
			final java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(body.size() + 12);
			final DicomWriter g = new DicomWriter(all);
			g.elementHeader(Tag.FileMetaInformationGroupLength.number(), VR.UL, 4);
			g.u32(body.size());
			body.writeTo(all);
			return all.toByteArray();
		} catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/* ---- lengths ---- */

	private boolean skipped(final int tag) {
		return !meta && ((tag >>> 16) == 0x0002 || (tag & 0xFFFF) == 0);
	}

	/** Length of an item's (or the data set's) content, bytes; computed once per item. */
	private long itemLength(final Attributes item) {
		final Long known = itemLengths.get(item);
		if (known != null)
			return known;
		long sum = 0;
		for (final int tag : item.tags())
			if (!skipped(tag))
				sum += elementLength(item, tag);
		if (sum > MAX_LENGTH)
			throw new IllegalArgumentException("an item of " + sum + " bytes exceeds the 32-bit length of DICOM");
		itemLengths.put(item, sum);
		return sum;
	}

	private long elementLength(final Attributes ds, final int tag) {
		final VR vr = ds.vr(tag);
		if (vr == VR.SQ)
			return 12 + sequenceLength(ds.sequence(tag));
		final List<byte[]> fragments = ds.fragments(tag);
		if (fragments != null) {
			long sum = 12 + 8;
			for (final byte[] f : fragments)
				sum += 8 + padded(f.length);
			return sum;
		}
		final long value = padded(ds.bytes(tag).length);
		if (value > MAX_LENGTH)
			throw new IllegalArgumentException(Tag.describe(tag) + ": value of " + value + " bytes is too long");
		return (vr.hasLongLength() || value > 0xFFFF ? 12 : 8) + value;
	}

	private long sequenceLength(final List<Attributes> items) {
		long sum = 0;
		for (final Attributes item : items)
			sum += 8 + itemLength(item);
		if (sum > MAX_LENGTH)
			throw new IllegalArgumentException("a sequence of " + sum + " bytes exceeds the 32-bit length of DICOM");
		return sum;
	}

	private static long padded(final long n) {
		return n + (n & 1);
	}

	/* ---- writing ---- */

	private void writeItemContent(final Attributes ds) throws IOException {
		for (final int tag : ds.tags()) {
			if (skipped(tag))
				continue;
			final VR vr = ds.vr(tag);
			if (vr == VR.SQ) {
				final List<Attributes> items = ds.sequence(tag);
				elementHeader(tag, VR.SQ, sequenceLength(items));
				for (final Attributes item : items) {
					itemHeader(ITEM, itemLength(item));
					writeItemContent(item);
				}
				continue;
			}
			final List<byte[]> fragments = ds.fragments(tag);
			if (fragments != null) {
				elementHeader(tag, VR.OB, 0xFFFFFFFFL); // encapsulated pixel data is always OB (PS3.5 §A.4)
				for (final byte[] f : fragments) {
					itemHeader(ITEM, padded(f.length));
					out.write(f);
					if ((f.length & 1) == 1)
						out.write(0);
				}
				itemHeader(SEQUENCE_END, 0);
				continue;
			}
			final byte[] value = ds.bigEndian() ? swapped(ds.bytes(tag), vr) : ds.bytes(tag);
			final long length = padded(value.length);
			final VR written = !vr.hasLongLength() && length > 0xFFFF ? VR.UN : vr;
			elementHeader(tag, written, length);
			out.write(value);
			if ((value.length & 1) == 1)
				out.write(vr.isText() && vr != VR.UI ? ' ' : 0);
		}
	}

	private void elementHeader(final int tag, final VR vr, final long length) throws IOException {
		final byte[] h = header;
		h[0] = (byte) (tag >>> 16);
		h[1] = (byte) (tag >>> 24);
		h[2] = (byte) tag;
		h[3] = (byte) (tag >>> 8);
		final String name = vr.name();
		h[4] = (byte) name.charAt(0);
		h[5] = (byte) name.charAt(1);
		if (vr.hasLongLength()) {
			h[6] = h[7] = 0;
			putU32(h, 8, length);
			out.write(h, 0, 12);
		} else {
			h[6] = (byte) length;
			h[7] = (byte) (length >>> 8);
			out.write(h, 0, 8);
		}
	}

	private void itemHeader(final int tag, final long length) throws IOException {
		final byte[] h = header;
		h[0] = (byte) (tag >>> 16);
		h[1] = (byte) (tag >>> 24);
		h[2] = (byte) tag;
		h[3] = (byte) (tag >>> 8);
		putU32(h, 4, length);
		out.write(h, 0, 8);
	}

	private void u32(final long v) throws IOException {
		putU32(header, 0, v);
		out.write(header, 0, 4);
	}

	private static void putU32(final byte[] b, final int at, final long v) {
		b[at] = (byte) v;
		b[at + 1] = (byte) (v >>> 8);
		b[at + 2] = (byte) (v >>> 16);
		b[at + 3] = (byte) (v >>> 24);
	}

	/** A little-endian copy of a big-endian value: swapped in units of the VR's binary size (AT: two 16-bit halves). */
	static byte[] swapped(final byte[] value, final VR vr) {
		final int unit;
		switch (vr) {
		case US:
		case SS:
		case OW:
		case AT:
			unit = 2;
			break;
		case UL:
		case SL:
		case FL:
		case OF:
		case OL:
			unit = 4;
			break;
		case FD:
		case OD:
		case OV:
		case SV:
		case UV:
			unit = 8;
			break;
		default:
			return value;
		}
		final byte[] out = value.clone();
		for (int i = 0; i + unit <= out.length; i += unit)
			for (int a = i, b = i + unit - 1; a < b; a++, b--) {
				final byte t = out[a];
				out[a] = out[b];
				out[b] = t;
			}
		return out;
	}
}
