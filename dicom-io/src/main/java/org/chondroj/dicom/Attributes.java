package org.chondroj.dicom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * A DICOM data set (or an item of a sequence): attributes by tag number, each with its VR and its value as read
 * (raw bytes in the data set's byte order), a list of items (sequences), or a list of fragments (encapsulated pixel
 * data). Values are decoded on request: text with the Specific Character Set, numbers from DS/IS text or from the
 * binary VRs.
 * <p>
 * Getters never throw for odd values: a number that does not parse is {@code NaN}, an absent attribute gives
 * {@code null}, an empty array or the default. Callers that need a value check it and report the file. Not thread
 * safe while being modified; read-only use from several threads is safe.
 */
public final class Attributes {

	/** One attribute: exactly one of bytes, items and fragments is non-null. */
	private static final class Element {
		final VR vr;
		final byte[] bytes;
		final List<Attributes> items;
		final List<byte[]> fragments;

		Element(final VR vr, final byte[] bytes, final List<Attributes> items, final List<byte[]> fragments) {
			this.vr = vr;
			this.bytes = bytes;
			this.items = items;
			this.fragments = fragments;
		}
	}

	private final boolean bigEndian;
	private final TreeMap<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);
	private Charset charset;

	/** An empty data set in the given byte order, with the default character repertoire (read as ISO 8859-1). */
	public Attributes(final boolean bigEndian) {
		this(bigEndian, StandardCharsets.ISO_8859_1);
	}

	/** An empty data set; items of sequences inherit their parent's character set. */
	public Attributes(final boolean bigEndian, final Charset charset) {
		this.bigEndian = bigEndian;
		this.charset = charset;
	}

	/** True if binary values are big-endian. */
	public boolean bigEndian() {
		return bigEndian;
	}

	/** The character set of text values (from Specific Character Set, or inherited). */
	public Charset charset() {
		return charset;
	}

	/** Tag numbers present, ascending (as unsigned numbers, i.e. the order of the file). Read-only. */
	public Set<Integer> tags() {
		return Collections.unmodifiableSet(elements.keySet());
	}

	/** Number of attributes. */
	public int size() {
		return elements.size();
	}

	public boolean contains(final int tag) {
		return elements.containsKey(tag);
	}

	public boolean contains(final Tag tag) {
		return contains(tag.number());
	}

	/** The VR of the attribute, or {@code null} if absent. */
	public VR vr(final int tag) {
		final Element e = elements.get(tag);
		return e == null ? null : e.vr;
	}

	/** The raw value bytes (shared, do not modify), or {@code null} if absent or not a plain value. */
	public byte[] bytes(final int tag) {
		final Element e = elements.get(tag);
		return e == null ? null : e.bytes;
	}

	public byte[] bytes(final Tag tag) {
		return bytes(tag.number());
	}

	/** The items of a sequence, or an empty list. */
	public List<Attributes> sequence(final int tag) {
		final Element e = elements.get(tag);
		return e == null || e.items == null ? Collections.emptyList() : Collections.unmodifiableList(e.items);
	}

	public List<Attributes> sequence(final Tag tag) {
		return sequence(tag.number());
	}

	/** The fragments of encapsulated pixel data (the first is the basic offset table), or {@code null}. */
	public List<byte[]> fragments(final int tag) {
		final Element e = elements.get(tag);
		return e == null || e.fragments == null ? null : Collections.unmodifiableList(e.fragments);
	}

	/**
	 * All values of a text attribute, split at backslashes and trimmed of padding (spaces, NULs); for binary numeric
	 * VRs the numbers as text. An empty array if absent or empty.
	 */
	public String[] strings(final int tag) {
		final Element e = elements.get(tag);
		if (e == null || e.bytes == null || e.bytes.length == 0)
			return new String[0];
		if (binaryNumber(e.vr)) {
			final double[] d = doubles(tag);
			final String[] s = new String[d.length];
			for (int i = 0; i < d.length; i++)
				s[i] = d[i] == Math.rint(d[i]) && Math.abs(d[i]) < 1e15 ? Long.toString((long) d[i]) : Double.toString(d[i]);
			return s;
		}
		final String text = new String(e.bytes, e.vr.usesCharacterSet() ? charset : StandardCharsets.ISO_8859_1);
		final boolean single = e.vr == VR.LT || e.vr == VR.ST || e.vr == VR.UT || e.vr == VR.UR;
		final String[] parts = single ? new String[] { text } : text.split("\\\\", -1);
		for (int i = 0; i < parts.length; i++)
			parts[i] = trim(parts[i], e.vr);
		return parts;
	}

	public String[] strings(final Tag tag) {
		return strings(tag.number());
	}

	/**
	 * True for the VRs whose values {@link #doubles} decodes as binary numbers; every other VR (text, and OB, UN, SQ…
	 * whose bytes are read as Latin-1 text) goes through the text path, so a number asked of an OB attribute is NaN
	 * rather than an endless round trip between {@link #strings} and {@link #doubles}.
	 */
	private static boolean binaryNumber(final VR vr) {
		switch (vr) {
		case US:
		case SS:
		case OW:
		case UL:
		case SL:
		case OL:
		case AT:
		case FL:
		case OF:
		case FD:
		case OD:
		case SV:
		case UV:
		case OV:
			return true;
		default:
			return false;
		}
	}

	/** The first value of a text attribute, trimmed; {@code null} if absent or empty. */
	public String string(final int tag) {
		final String[] s = strings(tag);
		return s.length == 0 || s[0].isEmpty() ? null : s[0];
	}

	public String string(final Tag tag) {
		return string(tag.number());
	}

	/** All values as numbers: DS and IS parsed (NaN where unparseable), binary VRs decoded; empty if absent. */
	public double[] doubles(final int tag) {
		final Element e = elements.get(tag);
		if (e == null || e.bytes == null)
			return new double[0];
		final ByteBuffer b = ByteBuffer.wrap(e.bytes).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		final int n;
		final double[] out;
		switch (e.vr) {
		case US:
		case SS:
		case OW:
			n = e.bytes.length / 2;
			out = new double[n];
			for (int i = 0; i < n; i++)
				out[i] = e.vr == VR.SS ? b.getShort(2 * i) : b.getShort(2 * i) & 0xFFFF;
			return out;
		case UL:
		case SL:
		case OL:
		case AT:
			n = e.bytes.length / 4;
			out = new double[n];
			for (int i = 0; i < n; i++)
				out[i] = e.vr == VR.SL ? b.getInt(4 * i) : b.getInt(4 * i) & 0xFFFFFFFFL;
			return out;
		case FL:
		case OF:
			n = e.bytes.length / 4;
			out = new double[n];
			for (int i = 0; i < n; i++)
				out[i] = b.getFloat(4 * i);
			return out;
		case FD:
		case OD:
			n = e.bytes.length / 8;
			out = new double[n];
			for (int i = 0; i < n; i++)
				out[i] = b.getDouble(8 * i);
			return out;
		case SV:
		case UV:
		case OV:
			n = e.bytes.length / 8;
			out = new double[n];
			for (int i = 0; i < n; i++)
				out[i] = b.getLong(8 * i);
			return out;
		default:
			final String[] s = strings(tag);
			if (s.length == 1 && s[0].isEmpty())
				return new double[0];
			out = new double[s.length];
			for (int i = 0; i < s.length; i++)
				out[i] = parse(s[i]);
			return out;
		}
	}

	public double[] doubles(final Tag tag) {
		return doubles(tag.number());
	}

	/** The first numeric value, or {@code defaultValue} if absent, empty or unparseable. */
	public double doubleValue(final int tag, final double defaultValue) {
		final double[] d = doubles(tag);
		return d.length == 0 || Double.isNaN(d[0]) ? defaultValue : d[0];
	}

	public double doubleValue(final Tag tag, final double defaultValue) {
		return doubleValue(tag.number(), defaultValue);
	}

	/** The first numeric value as an int (rounded), or {@code defaultValue}. */
	public int intValue(final int tag, final int defaultValue) {
		final double d = doubleValue(tag, Double.NaN);
		return Double.isNaN(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE ? defaultValue : (int) Math.round(d);
	}

	public int intValue(final Tag tag, final int defaultValue) {
		return intValue(tag.number(), defaultValue);
	}

	/* ---- building (the reader, the writer, tests) ---- */

	/** Sets a plain value (raw bytes in this data set's byte order; not copied). Setting Specific Character Set updates the charset. */
	public Attributes setBytes(final int tag, final VR vr, final byte[] value) {
		elements.put(tag, new Element(vr, value, null, null));
		if (tag == Tag.SpecificCharacterSet.number())
			charset = CharacterSets.forValues(strings(tag));
		return this;
	}

	/** Sets a text value: values joined by backslashes, encoded with this data set's character set where the VR uses it. */
	public Attributes setString(final int tag, final VR vr, final String... values) {
		final String text = String.join("\\", values);
		return setBytes(tag, vr, text.getBytes(vr.usesCharacterSet() ? charset : StandardCharsets.ISO_8859_1));
	}

	/** Sets a text value with the dictionary's VR. */
	public Attributes setString(final Tag tag, final String... values) {
		return setString(tag.number(), tag.vr(), values);
	}

	/** Sets numbers: DS (at most 16 characters each, as the standard requires), IS, or a binary numeric VR. */
	public Attributes setDoubles(final int tag, final VR vr, final double... values) {
		switch (vr) {
		case DS: {
			final String[] s = new String[values.length];
			for (int i = 0; i < s.length; i++)
				s[i] = formatDS(values[i]);
			return setString(tag, vr, s);
		}
		case IS: {
			final String[] s = new String[values.length];
			for (int i = 0; i < s.length; i++)
				s[i] = Long.toString(Math.round(values[i]));
			return setString(tag, vr, s);
		}
		default:
			final int size = vr == VR.FD || vr == VR.OD || vr == VR.SV || vr == VR.UV ? 8 : vr == VR.US || vr == VR.SS || vr == VR.OW ? 2 : 4;
			final ByteBuffer b = ByteBuffer.allocate(size * values.length).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
			for (final double v : values) {
				switch (vr) {
				case US:
				case SS:
				case OW:
					b.putShort((short) Math.round(v));
					break;
				case UL:
				case SL:
				case OL:
				case AT:
					b.putInt((int) Math.round(v));
					break;
				case FL:
				case OF:
					b.putFloat((float) v);
					break;
				case FD:
				case OD:
					b.putDouble(v);
					break;
				case SV:
				case UV:
					b.putLong(Math.round(v));
					break;
				default:
					throw new IllegalArgumentException("VR " + vr + " holds no numbers");
				}
			}
			return setBytes(tag, vr, b.array());
		}
	}

	/** Sets numbers with the dictionary's VR. */
	public Attributes setDoubles(final Tag tag, final double... values) {
		return setDoubles(tag.number(), tag.vr(), values);
	}

	/** Sets a sequence (the items are kept, not copied). */
	public Attributes setSequence(final int tag, final List<Attributes> items) {
		elements.put(tag, new Element(VR.SQ, null, new ArrayList<>(items), null));
		return this;
	}

	public Attributes setSequence(final Tag tag, final List<Attributes> items) {
		return setSequence(tag.number(), items);
	}

	/** Sets encapsulated pixel data: the basic offset table first (may be empty), then the fragments. */
	public Attributes setFragments(final int tag, final VR vr, final List<byte[]> fragments) {
		elements.put(tag, new Element(vr, null, null, new ArrayList<>(fragments)));
		return this;
	}

	/** Removes an attribute if present. */
	public Attributes remove(final int tag) {
		elements.remove(tag);
		return this;
	}

	/** A new, empty item for a sequence of this data set (same byte order and character set). */
	public Attributes newItem() {
		return new Attributes(bigEndian, charset);
	}

	/** The decimal string of a number in at most 16 characters (PS3.5 DS), as precise as that allows. */
	public static String formatDS(final double v) {
		if (!Double.isFinite(v))
			throw new IllegalArgumentException("DS cannot hold " + v);
		if (v == Math.rint(v) && Math.abs(v) < 1e15)
			return Long.toString((long) v);
		for (int digits = 16; digits >= 1; digits--) {
			final BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
			final String plain = d.toPlainString();
			if (plain.length() <= 16)
				return plain;
			final String sci = d.toString().toUpperCase(Locale.ROOT);
			if (sci.length() <= 16)
				return sci;
		}
		throw new IllegalArgumentException("DS cannot hold " + v);
	}

	private static double parse(final String s) {
		try {
			return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
		} catch (final NumberFormatException e) {
			return Double.NaN;
		}
	}

	/** Trims padding: trailing spaces and NULs always; leading spaces too, except for the free-text VRs. */
	private static String trim(final String s, final VR vr) {
		int end = s.length();
		while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0'))
			end--;
		int start = 0;
		if (vr != VR.LT && vr != VR.ST && vr != VR.UT)
			while (start < end && s.charAt(start) == ' ')
				start++;
		return s.substring(start, end);
	}
}
