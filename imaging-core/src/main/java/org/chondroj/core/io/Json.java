package org.chondroj.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON files through Jackson trees ({@link JsonNode}), in ChondroJ's house format: indented by two spaces, one member
 * or element per line (the platform's line separator), {@code ": "} after names, empty containers as {@code {}} and
 * {@code []}, a line break at the end; numbers as {@link #number}; strings escaped as RFC 8259 requires, other control
 * characters and U+2028/U+2029 (line ends to JavaScript) as six-character escapes with lowercase hex digits. Reading
 * is strict (duplicate names, comments, trailing commas, leading zeros and text after the value are errors) and every
 * error is a {@link JsonFormatException} naming the file and the line and column, or, through {@link Members}, the
 * member.
 */
public final class Json {

	private static final JsonFactory FACTORY = new JsonFactoryBuilder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(StreamWriteFeature.AUTO_CLOSE_TARGET).characterEscapes(new Escapes()).build();
	private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
	private static final DefaultIndenter INDENT = new DefaultIndenter("  ", System.lineSeparator());
	private static final Separators SEPARATORS = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
			.withObjectEmptySeparator("").withArrayEmptySeparator("");

	private Json() {
	}

	/** A new, empty object to build a document in. */
	public static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	/** A new array of numbers. */
	public static ArrayNode array(final double... values) {
		final ArrayNode a = MAPPER.createArrayNode();
		for (final double v : values)
			a.add(v);
		return a;
	}

	/**
	 * A number as ChondroJ writes it, in JSON and in CSV: integral values below 1e15 in magnitude without a fraction,
	 * others as {@link Double#toString} (e.g. 0.3125, 1.0E-5: locale-independent), NaN and infinities as {@code null}.
	 */
	public static String number(final double d) {
		if (!Double.isFinite(d))
			return "null";
		if (d == Math.rint(d) && Math.abs(d) < 1e15)
			return Long.toString((long) d);
		return Double.toString(d);
	}

	/** Writes {@code tree} to {@code file} (UTF-8) atomically ({@link AtomicFiles}). */
	public static void write(final Path file, final JsonNode tree) throws IOException {
		AtomicFiles.write(file, out -> write(new OutputStreamWriter(out, StandardCharsets.UTF_8), tree));
	}

	/** The text of {@code tree}, as {@link #write} writes it. */
	public static String text(final JsonNode tree) {
		final StringWriter s = new StringWriter();
		try {
			write(s, tree);
		} catch (final IOException e) {
			throw new IllegalStateException("a StringWriter does not fail", e);
		}
		return s.toString();
	}

	/** Writes {@code tree} with a line break at the end and flushes {@code out}, leaving it open. */
	public static void write(final Writer out, final JsonNode tree) throws IOException {
		final DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(SEPARATORS).withObjectIndenter(INDENT).withArrayIndenter(INDENT);
		try (JsonGenerator g = new HouseNumbers(FACTORY.createGenerator(out).setPrettyPrinter(pretty))) {
			MAPPER.writeTree(g, tree);
			g.writeRaw(System.lineSeparator());
		}
	}

	/** Reads a JSON file (UTF-8; a byte-order mark is skipped); errors name the file, the line and the column. */
	public static JsonNode read(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return present(MAPPER.readTree(in), file);
		} catch (final JsonProcessingException e) {
			throw error(file, e);
		}
	}

	/** Reads a JSON text; errors name the line and the column. */
	public static JsonNode parse(final String text) throws JsonFormatException {
		try {
			return present(MAPPER.readTree(text), null);
		} catch (final JsonProcessingException e) {
			throw error(null, e);
		}
	}

	/** {@link #read} of a file whose top level must be an object, for checked access. */
	public static Members readObject(final Path file) throws IOException {
		return Members.of(file, read(file));
	}

	private static JsonNode present(final JsonNode tree, final Path file) throws JsonFormatException {
		if (tree.isMissingNode())
			throw new JsonFormatException(file, "no JSON value, the text is empty");
		return tree;
	}

	private static JsonFormatException error(final Path file, final JsonProcessingException e) {
		final JsonLocation at = e.getLocation();
		final String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
		// "start marker at [Source: REDACTED (…); line: 1, column: 1]" → "start marker at line 1, column 1"
		final String problem = e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
		return new JsonFormatException(file, where + problem, e);
	}

	/**
	 * The members of one object of a document, for reading configuration and result files: every accessor checks the
	 * member's type and every error is a {@link JsonFormatException} naming the file and the member's path
	 * ({@code "config.json: follow_up.thinning_mm.MT: a number was expected, found a string"}). {@link #allowOnly}
	 * rejects unknown members, so that a misspelt key is an error and not a silently ignored setting.
	 *
	 * @param file the file read, or null
	 * @param path the object's path in the document ("" for the top level)
	 * @param node the object
	 */
	public record Members(Path file, String path, ObjectNode node) {

		/** The top-level object of a document; {@code file} may be null. */
		public static Members of(final Path file, final JsonNode document) throws JsonFormatException {
			if (!document.isObject())
				throw new JsonFormatException(file, "a JSON object was expected, found " + kind(document));
			return new Members(file, "", (ObjectNode) document);
		}

		/** The member names, in file order. */
		public List<String> keys() {
			final List<String> keys = new ArrayList<>();
			node.fieldNames().forEachRemaining(keys::add);
			return keys;
		}

		public boolean has(final String key) {
			return node.has(key);
		}

		/** Fails on the first member whose name is not one of {@code allowed}, listing what is allowed. */
		public Members allowOnly(final Collection<String> allowed) throws JsonFormatException {
			for (final String k : keys())
				if (!allowed.contains(k))
					throw error(k, "unknown member; allowed here: " + String.join(", ", allowed));
			return this;
		}

		public double number(final String key) throws JsonFormatException {
			return require(key, node.get(key), JsonNode::isNumber, "a number").doubleValue();
		}

		/** A number member, or {@code otherwise} when absent. */
		public double number(final String key, final double otherwise) throws JsonFormatException {
			return has(key) ? number(key) : otherwise;
		}

		/** A number member that may be {@code null} (a value not measured): NaN. */
		public double numberOrNaN(final String key) throws JsonFormatException {
			return isNull(key) ? Double.NaN : number(key);
		}

		/** A whole-number member (a JSON number without a fraction, within ±2^53). */
		public long integer(final String key) throws JsonFormatException {
			final double d = number(key);
			if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15)
				throw error(key, "a whole number was expected, found " + Json.number(d));
			return (long) d;
		}

		public String string(final String key) throws JsonFormatException {
			return require(key, node.get(key), JsonNode::isTextual, "a string").textValue();
		}

		/** Whether the member is a string (to tell, e.g., {@code "full"} from a number). */
		public boolean isString(final String key) {
			return has(key) && node.get(key).isTextual();
		}

		/** Whether the member is present and {@code null}. */
		public boolean isNull(final String key) {
			return has(key) && node.get(key).isNull();
		}

		/** An object member. */
		public Members object(final String key) throws JsonFormatException {
			return new Members(file, join(key), (ObjectNode) require(key, node.get(key), JsonNode::isObject, "an object"));
		}

		/** An array member whose elements are all objects. */
		public List<Members> objects(final String key) throws JsonFormatException {
			final List<Members> out = new ArrayList<>();
			for (final JsonNode e : array(key))
				out.add(new Members(file, join(key + "[" + out.size() + "]"),
						(ObjectNode) require(key + "[" + out.size() + "]", e, JsonNode::isObject, "an object")));
			return out;
		}

		/** An array member whose elements are all strings. */
		public List<String> strings(final String key) throws JsonFormatException {
			final List<String> out = new ArrayList<>();
			for (final JsonNode e : array(key))
				out.add(require(key + "[" + out.size() + "]", e, JsonNode::isTextual, "a string").textValue());
			return out;
		}

		/** An array member whose elements are all numbers; {@code length} &gt; 0 requires that many. */
		public double[] numbers(final String key, final int length) throws JsonFormatException {
			final JsonNode a = array(key);
			if (length > 0 && a.size() != length)
				throw error(key, length + " numbers were expected, found " + a.size());
			final double[] out = new double[a.size()];
			for (int i = 0; i < out.length; i++)
				out[i] = require(key + "[" + i + "]", a.get(i), JsonNode::isNumber, "a number").doubleValue();
			return out;
		}

		/** An error about the member {@code key} of this object (for checks of values the caller makes). */
		public JsonFormatException error(final String key, final String problem) {
			return new JsonFormatException(file, join(key) + ": " + problem);
		}

		private JsonNode array(final String key) throws JsonFormatException {
			return require(key, node.get(key), JsonNode::isArray, "an array");
		}

		private JsonNode require(final String key, final JsonNode value, final Predicate<JsonNode> is, final String what)
				throws JsonFormatException {
			if (value == null)
				throw error(key, "missing");
			if (!is.test(value))
				throw error(key, what + " was expected, found " + kind(value));
			return value;
		}

		private String join(final String key) {
			return path.isEmpty() ? key : path + "." + key;
		}
	}

	private static String kind(final JsonNode v) {
		switch (v.getNodeType()) {
		case OBJECT:
			return "an object";
		case ARRAY:
			return "an array";
		case STRING:
			return "a string";
		case NUMBER:
			return "a number";
		case BOOLEAN:
			return "a boolean";
		default:
			return v.getNodeType().name().toLowerCase(Locale.ROOT);
		}
	}

	/** Numbers as {@link #number} writes them, whatever writes them (the tree's {@code DoubleNode}s). */
	private static final class HouseNumbers extends JsonGeneratorDelegate {

		HouseNumbers(final JsonGenerator g) {
			super(g, false);
		}

		@Override
		public void writeNumber(final double d) throws IOException {
			if (Double.isFinite(d))
				writeNumber(number(d));
			else
				writeNull();
		}
	}

	/** Control characters without a short escape, U+2028 and U+2029 as backslash-u escapes with lowercase hex. */
	private static final class Escapes extends CharacterEscapes {

		private static final long serialVersionUID = 1L;

		private final int[] ascii = standardAsciiEscapesForJSON();

		Escapes() {
			for (int c = 0; c < 0x20; c++)
				if (ascii[c] == ESCAPE_STANDARD)
					ascii[c] = ESCAPE_CUSTOM;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return ascii;
		}

		@Override
		public SerializableString getEscapeSequence(final int c) {
			return c < 0x20 || c == 0x2028 || c == 0x2029 ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", c)) : null;
		}
	}
}
