package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chondroj.core.testing.ExternalTools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

	private static final String TRICKY = "{\"a\": [1, -0.0, 0.5, -2.5e-3, 1E+2, 12345678901234567890, 1e308, 5e-324, 0.1],\n"
			+ " \"s\": \"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 \u00fc\",\n"
			+ " \"nested\": {\"t\": true, \"f\": false, \"n\": null, \"e\": {}, \"l\": []},\n"
			+ " \"\": \"empty key\", \"deep\": [[[[{\"x\": [2]}]]]]}";

	/** Our parse of a tricky document equals Python's json module's, value by value (numbers bit for bit). */
	@Test
	void agreesWithPythonsJsonModule() throws IOException {
		ExternalTools.requirePython();
		final List<String> ours = new ArrayList<>();
		flatten("", Json.parse(TRICKY), ours);
		final String py = ExternalTools.pythonCode(String.join("\n",
				"import json, struct, sys",
				"def flat(p, v, out):",
				"    if isinstance(v, dict):",
				"        out.append(p + '\\tobject\\t' + str(len(v)))",
				"        for k, x in v.items(): flat(p + '/' + ''.join('%x,' % ord(c) for c in k), x, out)",
				"    elif isinstance(v, list):",
				"        out.append(p + '\\tarray\\t' + str(len(v)))",
				"        for i, x in enumerate(v): flat(p + '/' + str(i), x, out)",
				"    elif isinstance(v, bool): out.append(p + '\\tbool\\t' + str(v).lower())",
				"    elif v is None: out.append(p + '\\tnull\\t')",
				"    elif isinstance(v, (int, float)): out.append(p + '\\tnumber\\t' + str(struct.unpack('<q', struct.pack('<d', float(v)))[0]))",
				"    else: out.append(p + '\\tstring\\t' + ''.join('%x,' % ord(c) for c in v.encode('utf-16-be', 'surrogatepass').decode('utf-16-be')))",
				"out = []",
				"flat('', json.loads(sys.argv[1]), out)",
				"print('\\n'.join(out))"), TRICKY);
		assertEquals(py.stripTrailing(), String.join("\n", ours));
	}

	private static void flatten(final String p, final JsonNode v, final List<String> out) {
		if (v.isObject()) {
			out.add(p + "\tobject\t" + v.size());
			for (final Map.Entry<String, JsonNode> e : v.properties())
				flatten(p + "/" + codePoints(e.getKey()), e.getValue(), out);
		} else if (v.isArray()) {
			out.add(p + "\tarray\t" + v.size());
			for (int i = 0; i < v.size(); i++)
				flatten(p + "/" + i, v.get(i), out);
		} else if (v.isBoolean())
			out.add(p + "\tbool\t" + v.booleanValue());
		else if (v.isNull())
			out.add(p + "\tnull\t");
		else if (v.isNumber())
			out.add(p + "\tnumber\t" + Double.doubleToLongBits(v.doubleValue()));
		else
			out.add(p + "\tstring\t" + codePoints(v.textValue()));
	}

	private static String codePoints(final String s) {
		final StringBuilder b = new StringBuilder();
		s.codePoints().forEach(c -> b.append(Integer.toHexString(c)).append(','));
		return b.toString();
	}

	/**
	 * The house format, byte for byte: {@code house-format.json} was written by ChondroJ's own JSON writer before
	 * Jackson (every control character, U+2028/9, non-ASCII, escaped names, integral and other doubles, the 1e15
	 * limit, NaN and infinities, longs, empty and nested containers); the same document built as a tree is written
	 * the same, and so is that file read back.
	 */
	@Test
	void writesTheHouseFormat() throws IOException {
		final String expected = resource("house-format.json").replace("\n", System.lineSeparator());
		final StringBuilder controls = new StringBuilder();
		for (char c = 0; c < 0x20; c++)
			controls.append(c);
		final ObjectNode o = Json.object().put("controls", controls + "\u007f").put("text", "quote \" backslash \\ slash / \u2028 \u2029 é ü 😀 ☃")
				.put("", "empty name").put("key \"with\"\tescapes\u001f", "v");
		final ArrayNode numbers = o.putArray("numbers");
		for (final double d : new double[] { 0, -0.0, 1, -1, 0.5, 0.1, 1e-5, 1.0E-7, 123456789012345.0, 999999999999999.0, 1e15, -1e15, 1e15 + 2, 1e20,
				Double.MAX_VALUE, Double.MIN_VALUE, 2.0E-3, Math.PI, -2.5e-3, 1e21, 1e22, 100, 1e7, 12345678.9, Double.NaN, Double.POSITIVE_INFINITY,
				Double.NEGATIVE_INFINITY })
			numbers.add(d);
		numbers.add(Long.MAX_VALUE).add(Long.MIN_VALUE).add(42L).add(true).add(false).addNull();
		o.putObject("empty_object");
		o.putArray("empty_array");
		final ArrayNode nested = o.putArray("nested");
		nested.addArray();
		nested.addObject();
		nested.addArray().add(1).addObject().put("x", 2.5);
		o.putObject("deep").putObject("a").putArray("b").addObject().put("c", "d");
		assertEquals(expected, Json.text(o));
		assertEquals(expected, Json.text(Json.parse(expected)), "read back and written again");
	}

	/** What is written to a file reads back equal, values and order. */
	@Test
	void readsWhatItWrites(@TempDir final Path dir) throws IOException {
		final ObjectNode o = Json.object().put("name", "tab\there \"quoted\" \u2028").put("pi", Math.PI).put("n", 42L);
		o.set("xs", Json.array(0.1, -3, 1e-9));
		o.putObject("o").put("ok", "yes");
		final Path f = dir.resolve("w.json");
		Json.write(f, o);
		assertEquals(Json.text(o), Files.readString(f));
		final Json.Members m = Json.readObject(f);
		assertEquals(List.of("name", "pi", "n", "xs", "o"), m.keys());
		assertEquals("tab\there \"quoted\" \u2028", m.string("name"));
		assertEquals(Math.PI, m.number("pi"));
		assertEquals(42, m.integer("n"));
		assertEquals(List.of(0.1, -3.0, 1e-9), List.of(m.numbers("xs", 3)[0], m.numbers("xs", 3)[1], m.numbers("xs", 3)[2]));
		assertEquals("yes", m.object("o").string("ok"));
		assertEquals(Json.text(o), Json.text(m.node()), "-3 reads back as an integer, written the same");
	}

	@Test
	void errorsSayWhereAndWhat() {
		assertError("{\"a\": 1,\n \"b\": 2,}", "line 2, column 9: Unexpected character ('}'");
		assertError("{\"a\": 1, \"a\": 2}", "line 1, column 13: Duplicate field 'a'");
		assertError("[01]", "line 1, column 3: Invalid numeric value: Leading zeroes not allowed");
		assertError("[1, 2", "line 1, column 6: Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 1)");
		assertError("{} x", "line 1, column 5: Unrecognized token 'x'");
		assertError("{} []", "line 1, column 4: Trailing token (of type START_ARRAY) found after value");
		assertError("// comment\n{}", "line 1, column 1: Unexpected character ('/' (code 47)): maybe a (non-standard) comment?");
		assertError("\"a\nb\"", "Illegal unquoted character");
		assertError("[tru]", "line 1, column 5: Unrecognized token 'tru'");
		assertError("[NaN]", "Non-standard token 'NaN'");
		assertError("", "no JSON value, the text is empty");
		assertError("[".repeat(1001), "Document nesting depth (1001) exceeds the maximum allowed");
	}

	private static void assertError(final String text, final String expected) {
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.parse(text));
		assertTrue(e.getMessage().startsWith(expected.startsWith("line") ? expected : ""), () -> "expected «" + expected + "» at the start of «" + e.getMessage() + "»");
		assertTrue(e.getMessage().contains(expected), () -> "expected «" + expected + "» in «" + e.getMessage() + "»");
		assertEquals(null, e.file());
		if (!text.isEmpty())
			assertInstanceOf(JsonProcessingException.class, e.getCause());
	}

	@Test
	void fileErrorsNameTheFile(@TempDir final Path dir) throws IOException {
		final Path bad = dir.resolve("bad.json");
		Files.writeString(bad, "{\"name\": \"café\"}", StandardCharsets.ISO_8859_1);
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> Json.read(bad));
		assertEquals(bad, e.file());
		assertTrue(e.getMessage().startsWith(bad + ": line 1, column 16: Invalid UTF-8 middle byte 0x22"), e.getMessage());
		final Path bom = dir.resolve("bom.json");
		Files.writeString(bom, "\uFEFF{\"k\": [1.5]}", StandardCharsets.UTF_8);
		assertEquals(1.5, Json.readObject(bom).numbers("k", 1)[0]);
		final Path array = dir.resolve("array.json");
		Files.writeString(array, "[1]", StandardCharsets.UTF_8);
		assertEquals(array + ": a JSON object was expected, found an array",
				assertThrows(JsonFormatException.class, () -> Json.readObject(array)).getMessage());
		final Path empty = Files.createFile(dir.resolve("empty.json"));
		assertEquals(empty + ": no JSON value, the text is empty", assertThrows(JsonFormatException.class, () -> Json.read(empty)).getMessage());
	}

	@Test
	void typedAccessNamesTheMemberPath(@TempDir final Path dir) throws IOException {
		final Path f = dir.resolve("config.json");
		Files.writeString(f, "{\"follow_up\": {\"thinning_mm\": {\"MT\": \"0.1\"}, \"list\": [{\"x\": 1}, 2], \"xs\": [1, \"2\"]}, \"n\": 1.5,"
				+ " \"u\": null, \"qc\": [\"a\", 3]}", StandardCharsets.UTF_8);
		final Json.Members o = Json.readObject(f);
		assertEquals(f + ": follow_up.thinning_mm.MT: a number was expected, found a string",
				assertThrows(JsonFormatException.class, () -> o.object("follow_up").object("thinning_mm").number("MT")).getMessage());
		assertEquals(f + ": follow_up.list[1]: an object was expected, found a number",
				assertThrows(JsonFormatException.class, () -> o.object("follow_up").objects("list")).getMessage());
		assertEquals(f + ": follow_up.xs[1]: a number was expected, found a string",
				assertThrows(JsonFormatException.class, () -> o.object("follow_up").numbers("xs", 0)).getMessage());
		assertEquals(f + ": follow_up.xs: 3 numbers were expected, found 2",
				assertThrows(JsonFormatException.class, () -> o.object("follow_up").numbers("xs", 3)).getMessage());
		assertEquals(f + ": qc[1]: a string was expected, found a number", assertThrows(JsonFormatException.class, () -> o.strings("qc")).getMessage());
		assertEquals(f + ": n: a whole number was expected, found 1.5", assertThrows(JsonFormatException.class, () -> o.integer("n")).getMessage());
		assertEquals(f + ": missing: missing", assertThrows(JsonFormatException.class, () -> o.string("missing")).getMessage());
		assertEquals(f + ": n: unknown member; allowed here: follow_up",
				assertThrows(JsonFormatException.class, () -> o.allowOnly(List.of("follow_up"))).getMessage());
		assertEquals(f + ": u: a number was expected, found null", assertThrows(JsonFormatException.class, () -> o.number("u")).getMessage());
		assertTrue(Double.isNaN(o.numberOrNaN("u")));
		assertEquals(1.5, o.numberOrNaN("n"));
		assertFalse(o.isString("follow_up"));
		assertFalse(o.isString("missing"));
		assertTrue(o.object("follow_up").object("thinning_mm").isString("MT"));
		assertTrue(o.isNull("u"));
		assertFalse(o.isNull("absent"));
		assertEquals(7.0, o.number("absent", 7.0));
	}

	private static String resource(final String name) throws IOException {
		try (InputStream in = JsonTest.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
