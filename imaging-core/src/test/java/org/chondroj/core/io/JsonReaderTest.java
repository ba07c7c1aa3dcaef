package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReaderTest {

	private static final String TRICKY = "{\"a\": [1, -0.0, 0.5, -2.5e-3, 1E+2, 12345678901234567890, 1e308, 5e-324, 0.1],\n"
			+ " \"s\": \"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 \u00fc\",\n"
			+ " \"nested\": {\"t\": true, \"f\": false, \"n\": null, \"e\": {}, \"l\": []},\n"
			+ " \"\": \"empty key\", \"deep\": [[[[{\"x\": [2]}]]]]}";

	/** Our parse of a tricky document equals Python's json module's, value by value (numbers bit for bit). */
	@Test
	void agreesWithPythonsJsonModule() throws IOException {
		ExternalTools.requirePython();
		final List<String> ours = new ArrayList<>();
		flatten("", JsonReader.parse(TRICKY), ours);
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

	private static void flatten(final String p, final Object v, final List<String> out) {
		if (v instanceof Map) {
			final Map<?, ?> m = (Map<?, ?>) v;
			out.add(p + "\tobject\t" + m.size());
			for (final Map.Entry<?, ?> e : m.entrySet())
				flatten(p + "/" + codePoints((String) e.getKey()), e.getValue(), out);
		} else if (v instanceof List) {
			final List<?> l = (List<?>) v;
			out.add(p + "\tarray\t" + l.size());
			for (int i = 0; i < l.size(); i++)
				flatten(p + "/" + i, l.get(i), out);
		} else if (v instanceof Boolean)
			out.add(p + "\tbool\t" + v);
		else if (v == null)
			out.add(p + "\tnull\t");
		else if (v instanceof Double)
			out.add(p + "\tnumber\t" + Double.doubleToLongBits((Double) v));
		else
			out.add(p + "\tstring\t" + codePoints((String) v));
	}

	private static String codePoints(final String s) {
		final StringBuilder b = new StringBuilder();
		s.codePoints().forEach(c -> b.append(Integer.toHexString(c)).append(','));
		return b.toString();
	}

	@Test
	void readsWhatJsonWriterWrites() throws IOException {
		final StringWriter s = new StringWriter();
		final JsonWriter w = new JsonWriter(new PrintWriter(s));
		w.beginObject().field("name", "tab\there \"quoted\" \u2028").field("pi", Math.PI).field("n", 42L).array("xs", 0.1, -3, 1e-9);
		w.name("o").beginObject().field("ok", "yes").endObject().endObject();
		w.finish();
		final JsonObject o = JsonObject.of(null, JsonReader.parse(s.toString()));
		assertEquals("tab\there \"quoted\" \u2028", o.string("name"));
		assertEquals(Math.PI, o.number("pi"));
		assertEquals(42, o.integer("n"));
		assertEquals(List.of(0.1, -3.0, 1e-9), List.of(o.numbers("xs", 3)[0], o.numbers("xs", 3)[1], o.numbers("xs", 3)[2]));
		assertEquals("yes", o.object("o").string("ok"));
	}

	@Test
	void errorsSayWhereAndWhat() {
		assertError("{\"a\": 1,\n \"b\": 2,}", "line 2, column 9: a quoted member name was expected");
		assertError("{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate member \"a\"");
		assertError("[01]", "line 1, column 3: a number may not have leading zeros");
		assertError("[1, 2", "line 1, column 6: ',' or ']' was expected");
		assertError("\"\\ud800x\"", "a high surrogate escape without its low surrogate");
		assertError("\"\\ude00\"", "a lone low surrogate escape");
		assertError("{} x", "line 1, column 4: unexpected text after the JSON value");
		assertError("// comment\n{}", "line 1, column 1: unexpected character '/', a value was expected");
		assertError("\"a\nb\"", "unescaped control character in a string");
		assertError("[tru]", "unknown literal");
		assertError("", "unexpected end of text");
		assertError("[".repeat(JsonReader.MAX_DEPTH + 1), "nested deeper than " + JsonReader.MAX_DEPTH + " levels");
	}

	private static void assertError(final String text, final String expected) {
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> JsonReader.parse(text));
		assertTrue(e.getMessage().contains(expected), () -> "expected «" + expected + "» in «" + e.getMessage() + "»");
	}

	@Test
	void fileErrorsNameTheFile(@TempDir final Path dir) throws IOException {
		final Path bad = dir.resolve("bad.json");
		Files.write(bad, new byte[] { '{', '"', (byte) 0xC3, '"', ':', '1', '}' });
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> JsonReader.read(bad));
		assertEquals(bad + ": not UTF-8 text", e.getMessage());
		final Path bom = dir.resolve("bom.json");
		Files.writeString(bom, "\uFEFF{\"k\": [1.5]}", StandardCharsets.UTF_8);
		assertEquals(1.5, JsonReader.readObject(bom).numbers("k", 1)[0]);
		final Path array = dir.resolve("array.json");
		Files.writeString(array, "[1]", StandardCharsets.UTF_8);
		assertEquals(array + ": a JSON object was expected, found an array",
				assertThrows(JsonFormatException.class, () -> JsonReader.readObject(array)).getMessage());
	}

	@Test
	void typedAccessNamesTheMemberPath(@TempDir final Path dir) throws IOException {
		final Path f = dir.resolve("config.json");
		Files.writeString(f, "{\"follow_up\": {\"thinning_mm\": {\"MT\": \"0.1\"}, \"list\": [{\"x\": 1}, 2]}, \"n\": 1.5}",
				StandardCharsets.UTF_8);
		final JsonObject o = JsonReader.readObject(f);
		assertEquals(f + ": follow_up.thinning_mm.MT: a number was expected, found a string",
				assertThrows(JsonFormatException.class, () -> o.object("follow_up").object("thinning_mm").number("MT")).getMessage());
		assertEquals(f + ": follow_up.list[1]: an object was expected, found a number",
				assertThrows(JsonFormatException.class, () -> o.object("follow_up").objects("list")).getMessage());
		assertEquals(f + ": n: a whole number was expected, found 1.5", assertThrows(JsonFormatException.class, () -> o.integer("n")).getMessage());
		assertEquals(f + ": missing: missing", assertThrows(JsonFormatException.class, () -> o.string("missing")).getMessage());
		assertEquals(f + ": n: unknown member; allowed here: follow_up",
				assertThrows(JsonFormatException.class, () -> o.allowOnly(List.of("follow_up"))).getMessage());
		assertEquals(7.0, o.number("absent", 7.0));
	}
}
