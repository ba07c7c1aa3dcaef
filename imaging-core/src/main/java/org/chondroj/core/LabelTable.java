package org.chondroj.core;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable names of the values of a label map (value 1..255 → name); 0 is always background. */
public final class LabelTable {

	private final SortedMap<Integer, String> names;

	private LabelTable(final SortedMap<Integer, String> names) {
		this.names = Collections.unmodifiableSortedMap(names);
	}

	/** A table holding a copy of {@code names}; values must be 1..255 and names unique. */
	public static LabelTable of(final Map<Integer, String> names) {
		final TreeMap<Integer, String> copy = new TreeMap<>();
		for (final Map.Entry<Integer, String> e : names.entrySet()) {
			final int value = e.getKey();
			if (value < 1 || value > LabelMap.MAX_LABEL)
				throw new IllegalArgumentException("label value " + value + " (" + e.getValue() + ") is outside 1.." + LabelMap.MAX_LABEL);
			if (copy.containsValue(e.getValue()))
				throw new IllegalArgumentException("label name '" + e.getValue() + "' is used twice");
			copy.put(value, e.getValue());
		}
		return new LabelTable(copy);
	}

	/** A table without names (labels are then called "label N"). */
	public static LabelTable empty() {
		return new LabelTable(new TreeMap<>());
	}

	/** The name of {@code value}: its table name, "background" for 0, otherwise "label N". */
	public String name(final int value) {
		if (value == 0)
			return "background";
		final String n = names.get(value);
		return n != null ? n : "label " + value;
	}

	/** The value named {@code name}, or -1. */
	public int value(final String name) {
		for (final Map.Entry<Integer, String> e : names.entrySet())
			if (e.getValue().equals(name))
				return e.getKey();
		return -1;
	}

	/** All named values, ascending; read-only. */
	public SortedMap<Integer, String> asMap() {
		return names;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof LabelTable && names.equals(((LabelTable) o).names);
	}

	@Override
	public int hashCode() {
		return names.hashCode();
	}

	@Override
	public String toString() {
		return names.toString();
	}
}
