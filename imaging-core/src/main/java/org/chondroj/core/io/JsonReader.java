package org.chondroj.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259), the reading half of {@link JsonWriter}: objects become unmodifiable
 * {@link LinkedHashMap}s in file order, arrays unmodifiable {@link List}s, numbers {@link Double}, strings
 * {@link String}, {@code true}/{@code false} {@link Boolean}, {@code null} {@code null}. Duplicate keys, trailing
 * commas, comments, leading zeros, lone surrogate escapes and anything after the value are errors, each reported as
 * {@code "<file>: line L, column C: <problem>"}. Nesting deeper than {@value #MAX_DEPTH} is refused (untrusted input
 * cannot overflow the stack). Cost: linear in the text.
 */
public final class JsonReader {

	/** Deepest nesting of arrays and objects accepted. */
	public static final int MAX_DEPTH = 256;

	private final String text;
	private final Path file;
	private int pos;
	private int depth;

	private JsonReader(final String text, final Path file) {
		this.text = text;
		this.file = file;
	}

	/** Parses a UTF-8 file (a byte-order mark is skipped); errors name the file. */
	public static Object read(final Path file) throws IOException {
		final byte[] bytes = Files.readAllBytes(file);
		final String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (final CharacterCodingException e) {
			throw new JsonFormatException(file, "not UTF-8 text");
		}
		return new JsonReader(text.startsWith("\uFEFF") ? text.substring(1) : text, file).document();
	}

	/** Parses a JSON text; errors name no file. */
	public static Object parse(final String text) throws JsonFormatException {
		return new JsonReader(text, null).document();
	}

	/** {@link #read(Path)} of a file whose top level must be an object, as a {@link JsonObject} for typed access. */
	public static JsonObject readObject(final Path file) throws IOException {
		return JsonObject.of(file, read(file));
	}

	private Object document() throws JsonFormatException {
		skipSpace();
		final Object v = value();
		skipSpace();
		if (pos < text.length())
			throw error("unexpected text after the JSON value");
		return v;
	}

	private Object value() throws JsonFormatException {
		if (pos >= text.length())
			throw error("unexpected end of text, a value was expected");
		final char c = text.charAt(pos);
		switch (c) {
		case '{':
			return object();
		case '[':
			return array();
		case '"':
			return string();
		case 't':
			return literal("true", Boolean.TRUE);
		case 'f':
			return literal("false", Boolean.FALSE);
		case 'n':
			return literal("null", null);
		default:
			if (c == '-' || c >= '0' && c <= '9')
				return number();
			throw error("unexpected character '" + printable(c) + "', a value was expected");
		}
	}

	private Map<String, Object> object() throws JsonFormatException {
		enter();
		pos++; // {
		final Map<String, Object> map = new LinkedHashMap<>();
		skipSpace();
		if (peek() == '}') {
			pos++;
			depth--;
			return Collections.unmodifiableMap(map);
		}
		while (true) {
			skipSpace();
			if (peek() != '"')
				throw error("a quoted member name was expected");
			final int at = pos;
			final String name = string();
			if (map.containsKey(name)) {
				pos = at;
				throw error("duplicate member \"" + name + "\"");
			}
			skipSpace();
			expect(':');
			skipSpace();
			map.put(name, value());
			skipSpace();
			final char c = peek();
			pos++;
			if (c == '}')
				break;
			if (c != ',') {
				pos--;
				throw error("',' or '}' was expected");
			}
		}
		depth--;
		return Collections.unmodifiableMap(map);
	}

	private List<Object> array() throws JsonFormatException {
		enter();
		pos++; // [
		final List<Object> list = new ArrayList<>();
		skipSpace();
		if (peek() == ']') {
			pos++;
			depth--;
			return Collections.unmodifiableList(list);
		}
		while (true) {
			skipSpace();
			list.add(value());
			skipSpace();
			final char c = peek();
			pos++;
			if (c == ']')
				break;
			if (c != ',') {
				pos--;
				throw error("',' or ']' was expected");
			}
		}
		depth--;
		return Collections.unmodifiableList(list);
	}

	private String string() throws JsonFormatException {
		pos++; // "
		final StringBuilder s = new StringBuilder();
		while (true) {
			if (pos >= text.length())
				throw error("unterminated string");
			final char c = text.charAt(pos++);
			if (c == '"')
				return s.toString();
			if (c < 0x20) {
				pos--;
				throw error("unescaped control character in a string");
			}
			if (c != '\\') {
				s.append(c);
				continue;
			}
			if (pos >= text.length())
				throw error("unterminated string");
			final char e = text.charAt(pos++);
			switch (e) {
			case '"':
			case '\\':
			case '/':
				s.append(e);
				break;
			case 'b':
				s.append('\b');
				break;
			case 'f':
				s.append('\f');
				break;
			case 'n':
				s.append('\n');
				break;
			case 'r':
				s.append('\r');
				break;
			case 't':
				s.append('\t');
				break;
			case 'u':
				final char u = hex4();
				if (Character.isHighSurrogate(u)) {
					if (!text.startsWith("\\u", pos))
						throw error("a high surrogate escape without its low surrogate");
					pos += 2;
					final char low = hex4();
					if (!Character.isLowSurrogate(low))
						throw error("a high surrogate escape without its low surrogate");
					s.append(u).append(low);
				} else if (Character.isLowSurrogate(u))
					throw error("a lone low surrogate escape");
				else
					s.append(u);
				break;
			default:
				pos--;
				throw error("invalid escape '\\" + printable(e) + "'");
			}
		}
	}

	private char hex4() throws JsonFormatException {
		if (pos + 4 > text.length())
			throw error("a \\u escape needs four hex digits");
		int v = 0;
		for (int i = 0; i < 4; i++) {
			final int d = Character.digit(text.charAt(pos + i), 16);
			if (d < 0)
				throw error("a \\u escape needs four hex digits");
			v = v << 4 | d;
		}
		pos += 4;
		return (char) v;
	}

	private Double number() throws JsonFormatException {
		final int start = pos;
		if (peek() == '-')
			pos++;
		if (peek() == '0')
			pos++;
		else if (!digits())
			throw error("a digit was expected");
		if (peek() == '.') {
			pos++;
			if (!digits())
				throw error("a digit was expected after the decimal point");
		}
		if (peek() == 'e' || peek() == 'E') {
			pos++;
			if (peek() == '+' || peek() == '-')
				pos++;
			if (!digits())
				throw error("a digit was expected in the exponent");
		}
		if (peek() >= '0' && peek() <= '9')
			throw error("a number may not have leading zeros");
		return Double.valueOf(text.substring(start, pos));
	}

	private boolean digits() {
		final int start = pos;
		while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9')
			pos++;
		return pos > start;
	}

	private Object literal(final String word, final Object value) throws JsonFormatException {
		if (!text.startsWith(word, pos))
			throw error("unknown literal, true, false or null was expected");
		pos += word.length();
		return value;
	}

	private void enter() throws JsonFormatException {
		if (++depth > MAX_DEPTH)
			throw error("nested deeper than " + MAX_DEPTH + " levels");
	}

	private void expect(final char c) throws JsonFormatException {
		if (peek() != c)
			throw error("'" + c + "' was expected");
		pos++;
	}

	/** The current character, or 0 at the end. */
	private char peek() {
		return pos < text.length() ? text.charAt(pos) : 0;
	}

	private void skipSpace() {
		while (pos < text.length()) {
			final char c = text.charAt(pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				return;
			pos++;
		}
	}

	private JsonFormatException error(final String problem) {
		int line = 1, column = 1;
		for (int i = 0; i < Math.min(pos, text.length()); i++)
			if (text.charAt(i) == '\n') {
				line++;
				column = 1;
			} else
				column++;
		return new JsonFormatException(file, "line " + line + ", column " + column + ": " + problem);
	}

	private static String printable(final char c) {
		return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
	}
}
