package org.chondroj.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads DICOM files: Part 10 (preamble, "DICM", file meta information) and "raw" data sets without a header;
 * implicit VR little endian, explicit VR little and big endian, deflated explicit VR little endian; sequences and
 * items of defined and undefined length, nested; encapsulated pixel data as fragments; private attributes as bytes.
 * <p>
 * Strict and safe on untrusted input: every length is checked against what the file can still hold before anything
 * is allocated; nesting is limited to {@value #MAX_DEPTH} levels; every problem is a {@link DicomFormatException}
 * naming the file, the byte offset and the attribute. Streaming: one pass, a 64 kB buffer, no seeking.
 */
public final class DicomReader {

	/** Deepest nesting of sequences accepted. */
	public static final int MAX_DEPTH = 32;
	private static final long UNDEFINED = 0xFFFFFFFFL;
	private static final int ITEM = Tag.Item.number(), ITEM_END = Tag.ItemDelimitationItem.number(),
			SEQUENCE_END = Tag.SequenceDelimitationItem.number(), PIXEL_DATA = Tag.PixelData.number();

	private final DicomInput in;
	private final boolean headerOnly;
	private long pixelDataOffset = -1, pixelDataLength = -1, pixelDataAvailable = -1;
	/** Set when a header-only read reaches the pixel data: reading stops there. */
	private boolean reachedPixelData;

	private DicomReader(final DicomInput in, final boolean headerOnly) {
		this.in = in;
		this.headerOnly = headerOnly;
	}

	/** Reads the whole file, pixel data included. */
	public static DicomFile read(final Path file) throws IOException {
		return read(file, false);
	}

	/** Reads the file up to the pixel data (which is neither read nor allocated): for scanning folders. */
	public static DicomFile readHeader(final Path file) throws IOException {
		return read(file, true);
	}

	private static DicomFile read(final Path file, final boolean headerOnly) throws IOException {
		final long size = Files.size(file);
		try (InputStream stream = Files.newInputStream(file)) {
			final DicomReader r = new DicomReader(new DicomInput(file, stream, size), headerOnly);
			try {
				return r.readFile();
			} catch (final ZipException | EOFException e) {
				throw new DicomFormatException(file, r.in.position(), -1, "corrupt deflated data set (" + e.getMessage() + ")", e);
			} catch (final RuntimeException | StackOverflowError e) {
				throw DicomFormatException.unexpected(file, e);
			}
		}
	}

	private DicomFile readFile() throws IOException {
		final Path file = in.file();
		final byte[] head = in.peek(132);
		final boolean part10 = head != null && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
		final Attributes meta = new Attributes(false);
		if (part10)
			in.skip(132, -1);
		// the file meta information: group 0002, explicit VR little endian (present in Part 10 files, sometimes without a preamble)
		in.bigEndian = false;
		while (true) {
			final byte[] next = in.peek(2);
			if (next == null || (next[0] & 0xFF | (next[1] & 0xFF) << 8) != 0x0002)
				break;
			readElement(meta, true, 0, -1);
		}
		if (part10 && meta.size() == 0)
			throw new DicomFormatException(file, in.position(), -1, "Part 10 file without file meta information (group 0002)");
		final String tsUid = meta.string(Tag.TransferSyntaxUID);
		final TransferSyntax syntax = tsUid != null ? TransferSyntax.of(tsUid) : guessSyntax();
		if (syntax.deflated())
			in.startInflating();
		in.bigEndian = syntax.bigEndian();
		final Attributes dataset = new Attributes(syntax.bigEndian());
		readItems(dataset, syntax.explicitVR() && !implicitDespiteSyntax(), -1, false, 0);
		if (dataset.size() == 0 && !headerOnly && meta.size() == 0)
			throw new DicomFormatException(file, 0, -1, "not a DICOM file: no data elements");
		return new DicomFile(file, meta, dataset, syntax, part10, syntax.deflated() ? -1 : pixelDataOffset, pixelDataLength, pixelDataAvailable);
	}

	/**
	 * True if a data set whose transfer syntax says explicit VR starts with an element that has no VR where one must
	 * be, but a plausible implicit-VR length: such files exist (an encoder that wrote the wrong UID), and are read
	 * as implicit VR, as pydicom and dcmtk do.
	 */
	private boolean implicitDespiteSyntax() throws IOException {
		final byte[] h = in.peek(8);
		if (h == null || VR.of(h[4] & 0xFF, h[5] & 0xFF) != null)
			return false;
		final long len = in.bigEndian ? (h[4] & 0xFFL) << 24 | (h[5] & 0xFFL) << 16 | (h[6] & 0xFFL) << 8 | (h[7] & 0xFFL)
				: (h[4] & 0xFFL) | (h[5] & 0xFFL) << 8 | (h[6] & 0xFFL) << 16 | (h[7] & 0xFFL) << 24;
		return in.remaining() < 0 || len <= in.remaining();
	}

	/**
	 * The encoding of a data set without a Transfer Syntax UID, from its first element: explicit if bytes 4–5 name a
	 * VR, big endian if the group only makes sense byte-swapped; otherwise implicit VR little endian, provided the
	 * first tag and length look like a data element at all.
	 */
	private TransferSyntax guessSyntax() throws IOException {
		final byte[] h = in.peek(8);
		if (h == null)
			throw new DicomFormatException(in.file(), in.position(), -1, "not a DICOM file: too short");
		final int groupLE = h[0] & 0xFF | (h[1] & 0xFF) << 8, groupBE = (h[0] & 0xFF) << 8 | h[1] & 0xFF;
		final boolean vr = VR.of(h[4] & 0xFF, h[5] & 0xFF) != null;
		if (vr)
			return groupLE <= 0x00FF || groupBE > 0x00FF ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
		final long len = (h[4] & 0xFFL) | (h[5] & 0xFFL) << 8 | (h[6] & 0xFFL) << 16 | (h[7] & 0xFFL) << 24;
		final long rem = in.remaining();
		if (groupLE >= 0x0008 && groupLE <= 0x0028 && (groupLE & 1) == 0 && (rem < 0 || len <= rem))
			return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
		throw new DicomFormatException(in.file(), in.position(), -1,
				"not a DICOM file: no 'DICM' after a 128-byte preamble, and the first bytes are not a DICOM data element");
	}

	/**
	 * Reads elements into {@code target} until {@code end} (stream position; -1 = the end of the stream) or, inside
	 * an item of undefined length, until its delimiter.
	 */
	private void readItems(final Attributes target, final boolean explicit, final long end, final boolean undefinedItem, final int depth)
			throws IOException {
		int previous = -1;
		while (true) {
			if (end >= 0 && in.position() >= end) {
				if (in.position() > end)
					throw new DicomFormatException(in.file(), in.position(), previous, "an element runs past the end of its item (at " + end + ")");
				if (undefinedItem)
					throw new DicomFormatException(in.file(), in.position(), previous, "item of undefined length has no delimiter");
				return;
			}
			if (end < 0 && !in.hasMore()) {
				if (undefinedItem || depth > 0)
					throw new DicomFormatException(in.file(), in.position(), previous, "truncated: the file ends inside a sequence item");
				return;
			}
			final int tag = readElement(target, explicit, depth, previous);
			if (tag == ITEM_END) {
				if (!undefinedItem)
					throw new DicomFormatException(in.file(), in.position(), tag, "item delimiter outside an item of undefined length");
				return;
			}
			if (reachedPixelData)
				return;
			previous = tag;
		}
	}

	/** Reads one element into {@code target}; returns its tag. */
	private int readElement(final Attributes target, final boolean explicit, final int depth, final int previous) throws IOException {
		final long start = in.position();
		final int tag = in.tag(previous);
		if (tag == ITEM_END) {
			in.u32(tag, "an item delimiter");
			return tag;
		}
		if (tag == ITEM || tag == SEQUENCE_END)
			throw new DicomFormatException(in.file(), start, tag, "item or sequence delimiter outside a sequence");
		VR vr;
		long length;
		if (explicit) {
			final int[] c = in.twoBytes(tag, "a VR");
			vr = VR.of(c[0], c[1]);
			if (vr == null)
				throw new DicomFormatException(in.file(), start + 4, tag, "invalid VR '" + printable(c) + "' in an explicit-VR data set");
			if (vr.hasLongLength()) {
				in.twoBytes(tag, "reserved bytes");
				length = in.u32(tag, "a value length");
			} else {
				length = in.u16(tag, "a value length");
			}
		} else {
			vr = Tag.implicitVR(tag);
			length = in.u32(tag, "a value length");
		}
		if (depth == 0 && headerOnly && (tag >>> 16) == 0x7FE0) {
			pixelDataOffset = in.position();
			pixelDataLength = length == UNDEFINED ? -1 : length;
			pixelDataAvailable = in.bound();
			reachedPixelData = true;
			return tag;
		}
		if (!explicit && vr == VR.UN && length != UNDEFINED && length >= 8 && startsWithItem()) {
			// implicit VR, an attribute the dictionary does not know (often a private sequence, e.g. Philips' scaling
			// in enhanced files) whose value starts with an item: keep its structure if it parses as a sequence,
			// otherwise keep the bytes (pydicom and dcmtk keep the bytes in both cases)
			final byte[] value = in.bytes(length, tag);
			final List<Attributes> items = itemsOrNull(target, tag, value, depth + 1);
			if (items != null)
				target.setSequence(tag, items);
			else
				target.setBytes(tag, vr, value);
			return tag;
		}
		if (tag == PIXEL_DATA && length == UNDEFINED) {
			target.setFragments(tag, vr == VR.UN ? VR.OB : vr, readFragments(tag));
		} else if (vr == VR.SQ || length == UNDEFINED) {
			if (vr != VR.SQ && vr != VR.UN)
				throw new DicomFormatException(in.file(), start, tag, "undefined length for VR " + vr);
			// UN of undefined length holds an implicit VR little-endian sequence (PS3.5 §6.2.2)
			final boolean implicitInside = vr == VR.UN;
			final boolean savedOrder = in.bigEndian;
			if (implicitInside)
				in.bigEndian = false;
			target.setSequence(tag, readSequence(target, tag, length, implicitInside ? false : explicit, depth + 1));
			in.bigEndian = savedOrder;
		} else {
			target.setBytes(tag, vr, in.bytes(length, tag));
		}
		return tag;
	}

	/** The items of {@code value} read as an implicit-VR little-endian sequence, or {@code null} if it is not one. */
	private List<Attributes> itemsOrNull(final Attributes parent, final int tag, final byte[] value, final int depth) {
		final DicomInput sub = new DicomInput(in.file(), new java.io.ByteArrayInputStream(value), value.length);
		try {
			return new DicomReader(sub, false).readSequence(parent, tag, value.length, false, depth);
		} catch (final IOException e) {
			return null;
		}
	}

	/** True if the next bytes are an item tag (FFFE,E000) in the current byte order. */
	private boolean startsWithItem() throws IOException {
		final byte[] h = in.peek(4);
		if (h == null)
			return false;
		final int group = in.bigEndian ? (h[0] & 0xFF) << 8 | h[1] & 0xFF : (h[1] & 0xFF) << 8 | h[0] & 0xFF;
		final int element = in.bigEndian ? (h[2] & 0xFF) << 8 | h[3] & 0xFF : (h[3] & 0xFF) << 8 | h[2] & 0xFF;
		return (group << 16 | element) == ITEM;
	}

	private List<Attributes> readSequence(final Attributes parent, final int tag, final long length, final boolean explicit, final int depth)
			throws IOException {
		if (depth > MAX_DEPTH)
			throw new DicomFormatException(in.file(), in.position(), tag, "sequences nested deeper than " + MAX_DEPTH + " levels");
		final long end = length == UNDEFINED ? -1 : in.position() + length;
		if (end >= 0 && in.remaining() >= 0 && length > in.remaining())
			throw new DicomFormatException(in.file(), in.position(), tag, "sequence length " + length + " exceeds the " + in.remaining() + " bytes left in the file");
		final List<Attributes> items = new ArrayList<>();
		while (true) {
			if (end >= 0 && in.position() >= end) {
				if (in.position() > end)
					throw new DicomFormatException(in.file(), in.position(), tag, "an item runs past the end of its sequence");
				return items;
			}
			final long itemStart = in.position();
			final int itemTag = in.tag(tag);
			final long itemLength = in.u32(tag, "an item length");
			if (itemTag == SEQUENCE_END) {
				if (end >= 0)
					throw new DicomFormatException(in.file(), itemStart, tag, "sequence delimiter in a sequence of defined length");
				return items;
			}
			if (itemTag != ITEM)
				throw new DicomFormatException(in.file(), itemStart, tag, "expected an item (FFFE,E000) in the sequence, found " + Tag.toString(itemTag));
			final Attributes item = new Attributes(in.bigEndian, parent.charset());
			if (itemLength == UNDEFINED) {
				readItems(item, explicit, -1, true, depth);
			} else {
				if (in.remaining() >= 0 && itemLength > in.remaining())
					throw new DicomFormatException(in.file(), itemStart, tag, "item length " + itemLength + " exceeds the " + in.remaining() + " bytes left in the file");
				readItems(item, explicit, in.position() + itemLength, false, depth);
			}
			items.add(item);
		}
	}

	private List<byte[]> readFragments(final int tag) throws IOException {
		final List<byte[]> fragments = new ArrayList<>();
		while (true) {
			final long itemStart = in.position();
			final int itemTag = in.tag(tag);
			final long len = in.u32(tag, "a fragment length");
			if (itemTag == SEQUENCE_END)
				return fragments;
			if (itemTag != ITEM)
				throw new DicomFormatException(in.file(), itemStart, tag, "expected a fragment item (FFFE,E000) in encapsulated pixel data, found " + Tag.toString(itemTag));
			if (len == UNDEFINED)
				throw new DicomFormatException(in.file(), itemStart, tag, "fragment of undefined length");
			fragments.add(in.bytes(len, tag));
		}
	}

	private static String printable(final int[] c) {
		final StringBuilder b = new StringBuilder();
		for (final int x : c)
			b.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02X", x));
		return new String(b.toString().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
	}
}
