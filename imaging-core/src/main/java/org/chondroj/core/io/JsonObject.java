package org.chondroj.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A typed, checked view of one parsed JSON object ({@link JsonReader}) for reading configuration and result files:
 * every accessor checks the member's type and every error is a {@link JsonFormatException} naming the file and the
 * member's path ({@code "config.json: follow_up.thinning_mm.MT: a number was expected, found a string"}).
 * {@link #allowOnly} rejects unknown members, so that a misspelt key is an error and not a silently ignored setting.
 * Immutable.
 */
public final class JsonObject {

	private final Path file;
	private final String path;
	private final Map<String, Object> members;

	private JsonObject(final Path file, final String path, final Map<String, Object> members) {
		this.file = file;
		this.path = path;
		this.members = members;
	}

	/** A view of a parsed object ({@link JsonReader#parse} or {@link JsonReader#read}); {@code file} may be null. */
	@SuppressWarnings("unchecked")
	public static JsonObject of(final Path file, final Object parsed) throws JsonFormatException {
		if (!(parsed instanceof Map))
			throw new JsonFormatException(file, "a JSON object was expected, found " + kind(parsed));
		return new JsonObject(file, "", (Map<String, Object>) parsed);
	}

	/** The member names, in file order. */
	public Set<String> keys() {
		return members.keySet();
	}

	public boolean has(final String key) {
		return members.containsKey(key);
	}

	/** Fails on the first member whose name is not one of {@code allowed}, listing what is allowed. */
	public JsonObject allowOnly(final Collection<String> allowed) throws JsonFormatException {
		for (final String k : members.keySet())
			if (!allowed.contains(k))
				throw error(k, "unknown member; allowed here: " + String.join(", ", allowed));
		return this;
	}

	/** A number member. */
	public double number(final String key) throws JsonFormatException {
		final Object v = require(key);
		if (!(v instanceof Double))
			throw error(key, "a number was expected, found " + kind(v));
		return (Double) v;
	}

	/** A number member, or {@code otherwise} when absent. */
	public double number(final String key, final double otherwise) throws JsonFormatException {
		return has(key) ? number(key) : otherwise;
	}

	/** A whole-number member (a JSON number without a fraction, within the range of long). */
	public long integer(final String key) throws JsonFormatException {
		final double d = number(key);
		if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15)
			throw error(key, "a whole number was expected, found " + JsonWriter.number(d));
		return (long) d;
	}

	public String string(final String key) throws JsonFormatException {
		final Object v = require(key);
		if (!(v instanceof String))
			throw error(key, "a string was expected, found " + kind(v));
		return (String) v;
	}

	/** A string member, or {@code otherwise} when absent. */
	public String string(final String key, final String otherwise) throws JsonFormatException {
		return has(key) ? string(key) : otherwise;
	}

	/** Whether the member is a string (to tell, e.g., {@code "full"} from a number). */
	public boolean isString(final String key) {
		return members.get(key) instanceof String;
	}

	public boolean bool(final String key) throws JsonFormatException {
		final Object v = require(key);
		if (!(v instanceof Boolean))
			throw error(key, "true or false was expected, found " + kind(v));
		return (Boolean) v;
	}

	/** Whether the member is present and {@code null}. */
	public boolean isNull(final String key) {
		return members.containsKey(key) && members.get(key) == null;
	}

	/** An array member whose elements are all strings. */
	public List<String> strings(final String key) throws JsonFormatException {
		final List<Object> list = list(key);
		final List<String> out = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (!(list.get(i) instanceof String))
				throw error(key + "[" + i + "]", "a string was expected, found " + kind(list.get(i)));
			out.add((String) list.get(i));
		}
		return out;
	}

	/** An object member. */
	@SuppressWarnings("unchecked")
	public JsonObject object(final String key) throws JsonFormatException {
		final Object v = require(key);
		if (!(v instanceof Map))
			throw error(key, "an object was expected, found " + kind(v));
		return new JsonObject(file, join(key), (Map<String, Object>) v);
	}

	/** An array member whose elements are all objects. */
	@SuppressWarnings("unchecked")
	public List<JsonObject> objects(final String key) throws JsonFormatException {
		final List<Object> list = list(key);
		final List<JsonObject> out = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			final Object v = list.get(i);
			if (!(v instanceof Map))
				throw error(key + "[" + i + "]", "an object was expected, found " + kind(v));
			out.add(new JsonObject(file, join(key + "[" + i + "]"), (Map<String, Object>) v));
		}
		return out;
	}

	/** An array member whose elements are all numbers; {@code length} &gt; 0 requires that many. */
	public double[] numbers(final String key, final int length) throws JsonFormatException {
		final List<Object> list = list(key);
		if (length > 0 && list.size() != length)
			throw error(key, length + " numbers were expected, found " + list.size());
		final double[] out = new double[list.size()];
		for (int i = 0; i < out.length; i++) {
			if (!(list.get(i) instanceof Double))
				throw error(key + "[" + i + "]", "a number was expected, found " + kind(list.get(i)));
			out[i] = (Double) list.get(i);
		}
		return out;
	}

	/** An error about the member {@code key} of this object (for checks of values the caller makes). */
	public JsonFormatException error(final String key, final String problem) {
		return new JsonFormatException(file, join(key) + ": " + problem);
	}

	/** This object's path in the file ("" for the top level). */
	public String path() {
		return path;
	}

	@SuppressWarnings("unchecked")
	private List<Object> list(final String key) throws JsonFormatException {
		final Object v = require(key);
		if (!(v instanceof List))
			throw error(key, "an array was expected, found " + kind(v));
		return (List<Object>) v;
	}

	private Object require(final String key) throws JsonFormatException {
		if (!members.containsKey(key))
			throw error(key, "missing");
		return members.get(key);
	}

	private String join(final String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	private static String kind(final Object v) {
		if (v == null)
			return "null";
		if (v instanceof Map)
			return "an object";
		if (v instanceof List)
			return "an array";
		if (v instanceof String)
			return "a string";
		if (v instanceof Double)
			return "a number";
		return "a boolean";
	}
}
