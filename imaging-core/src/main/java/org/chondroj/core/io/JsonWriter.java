package org.chondroj.core.io;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal streaming JSON writer (RFC 8259), indented by two spaces: strings escaped (quote, backslash, control
 * characters; U+2028/U+2029 too, for JavaScript), numbers in {@link Locale#ROOT} form (integral values without a
 * fraction, others as Java's shortest round-trip form), NaN and infinities as {@code null}. The caller keeps the
 * structure balanced; misuse throws {@link IllegalStateException}.
 */
public final class JsonWriter {

	private final PrintWriter out;
	/** Per open container: true while it has no element yet. */
	private final Deque<boolean[]> open = new ArrayDeque<>();
	private boolean afterName;

	public JsonWriter(final PrintWriter out) {
		this.out = out;
	}

	public JsonWriter beginObject() {
		beforeValue();
		out.print('{');
		open.push(new boolean[] { true });
		return this;
	}

	public JsonWriter endObject() {
		return close('}');
	}

	public JsonWriter beginArray() {
		beforeValue();
		out.print('[');
		open.push(new boolean[] { true });
		return this;
	}

	public JsonWriter endArray() {
		return close(']');
	}

	/** The name of the next member of an object. */
	public JsonWriter name(final String name) {
		if (open.isEmpty() || afterName)
			throw new IllegalStateException("a name outside an object or after another name: " + name);
		separate();
		out.print(quote(name));
		out.print(": ");
		afterName = true;
		return this;
	}

	public JsonWriter value(final String s) {
		beforeValue();
		out.print(s == null ? "null" : quote(s));
		return this;
	}

	public JsonWriter value(final double d) {
		beforeValue();
		out.print(number(d));
		return this;
	}

	public JsonWriter value(final long l) {
		beforeValue();
		out.print(l);
		return this;
	}

	public JsonWriter value(final boolean b) {
		beforeValue();
		out.print(b);
		return this;
	}

	/** name + value shortcuts. */
	public JsonWriter field(final String name, final String value) {
		return name(name).value(value);
	}

	public JsonWriter field(final String name, final double value) {
		return name(name).value(value);
	}

	public JsonWriter field(final String name, final long value) {
		return name(name).value(value);
	}

	public JsonWriter array(final String name, final double... values) {
		name(name).beginArray();
		for (final double v : values)
			value(v);
		return endArray();
	}

	/** A member {@code name} holding an object of the map's entries as string fields, in the map's order. */
	public JsonWriter object(final String name, final Map<String, String> fields) {
		name(name).beginObject();
		for (final Map.Entry<String, String> e : fields.entrySet())
			field(e.getKey(), e.getValue());
		return endObject();
	}

	/** Ends the document with a newline and flushes. */
	public void finish() {
		if (!open.isEmpty())
			throw new IllegalStateException(open.size() + " containers left open");
		out.println();
		out.flush();
	}

	private JsonWriter close(final char c) {
		if (open.isEmpty() || afterName)
			throw new IllegalStateException("nothing to close with " + c);
		final boolean empty = open.pop()[0];
		if (!empty) {
			out.println();
			indent();
		}
		out.print(c);
		return this;
	}

	private void beforeValue() {
		if (afterName) {
			afterName = false;
			return;
		}
		if (!open.isEmpty())
			separate();
	}

	private void separate() {
		final boolean[] first = open.peek();
		if (!first[0])
			out.print(',');
		first[0] = false;
		out.println();
		indent();
	}

	private void indent() {
		for (int i = 0; i < open.size(); i++)
			out.print("  ");
	}

	public static String number(final double d) {
		if (!Double.isFinite(d))
			return "null";
		if (d == Math.rint(d) && Math.abs(d) < 1e15)
			return Long.toString((long) d);
		return Double.toString(d); // e.g. 0.3125, 1.0E-5: valid JSON, locale-independent
	}

	public static String quote(final String s) {
		final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			switch (c) {
			case '"':
				b.append("\\\"");
				break;
			case '\\':
				b.append("\\\\");
				break;
			case '\n':
				b.append("\\n");
				break;
			case '\r':
				b.append("\\r");
				break;
			case '\t':
				b.append("\\t");
				break;
			case '\b':
				b.append("\\b");
				break;
			case '\f':
				b.append("\\f");
				break;
			default:
				if (c < 0x20 || c == '\u2028' || c == '\u2029')
					b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
				else
					b.append(c);
			}
		}
		return b.append('"').toString();
	}
}
