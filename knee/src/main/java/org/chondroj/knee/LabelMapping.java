package org.chondroj.knee;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.chondroj.core.LabelMap;
import org.chondroj.core.LabelTable;

/**
 * Which label values of a label map form each {@link KneeStructure}: a preset ({@link LabelPresets#mapping}) or a
 * mapping written as text ({@link #parse}). A structure may be made of several values (the CLAIR template has tibial
 * cartilage 4 and 5, its medial and lateral plates); a value belongs to at most one structure; a structure the
 * mapping does not name is simply absent (a label map without a patella is a normal case).
 * <p>
 * Immutable.
 */
public final class LabelMapping {

	private final String name;
	/** Per structure ordinal: its values, ascending (empty when the mapping does not name the structure). */
	private final int[][] values;
	/** Label value → structure ordinal + 1 (0: no structure). */
	private final byte[] codes;

	private LabelMapping(final String name, final int[][] values) {
		this.name = name;
		this.values = values;
		codes = new byte[LabelMap.MAX_LABEL + 1];
		for (final KneeStructure s : KneeStructure.values())
			for (final int v : values[s.ordinal()])
				codes[v] = (byte) (s.ordinal() + 1);
	}

	/**
	 * A mapping from structures to their values.
	 *
	 * @param name what to call it in reports (a preset name, or {@code "custom"})
	 * @throws IllegalArgumentException if a value is outside 1..255 or is used by two structures
	 */
	public static LabelMapping of(final String name, final Map<KneeStructure, int[]> structures) {
		final int[][] values = new int[KneeStructure.values().length][0];
		final Map<Integer, KneeStructure> owner = new TreeMap<>();
		for (final Map.Entry<KneeStructure, int[]> e : structures.entrySet()) {
			final int[] v = e.getValue().clone();
			Arrays.sort(v);
			for (int i = 0; i < v.length; i++) {
				if (v[i] < 1 || v[i] > LabelMap.MAX_LABEL)
					throw new IllegalArgumentException("label value " + v[i] + " of " + e.getKey().key() + " is outside 1.." + LabelMap.MAX_LABEL);
				final KneeStructure other = owner.put(v[i], e.getKey());
				if (other != null && other != e.getKey())
					throw new IllegalArgumentException("label value " + v[i] + " is given to both " + other.key() + " and " + e.getKey().key());
			}
			values[e.getKey().ordinal()] = Arrays.stream(v).distinct().toArray();
		}
		return new LabelMapping(Objects.requireNonNull(name), values);
	}

	/**
	 * Parses mapping text: comma-separated entries {@code structure=value} or {@code structure=value+value…}, e.g.
	 * {@code femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4+5}. Structures are named by their
	 * {@linkplain KneeStructure#key() keys} (or display names; case, spaces, hyphens and underscores do not matter);
	 * semicolons also separate entries; blanks around tokens are ignored.
	 *
	 * @throws IllegalArgumentException naming the bad entry: no {@code =}, an unknown structure (listing the known
	 *         ones), a value that is not an integer in 1..255, a structure named twice, a value given to two structures,
	 *         or no entry at all
	 */
	public static LabelMapping parse(final String text) {
		if (text == null || text.isBlank())
			throw new IllegalArgumentException("empty labels mapping; expected e.g. femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4");
		final Map<KneeStructure, int[]> m = new EnumMap<>(KneeStructure.class);
		final Map<Integer, String> owner = new TreeMap<>();
		for (final String raw : text.split("[,;]")) {
			final String entry = raw.trim();
			if (entry.isEmpty())
				continue;
			final int eq = entry.indexOf('=');
			if (eq < 0)
				throw new IllegalArgumentException("labels mapping entry '" + entry + "' has no '=' (expected structure=value, e.g. tibia=3)");
			final String key = entry.substring(0, eq).trim();
			final KneeStructure s = KneeStructure.byName(key);
			if (s == null)
				throw new IllegalArgumentException("labels mapping entry '" + entry + "': unknown structure '" + key + "'; known structures: "
						+ KneeStructure.keys());
			if (m.containsKey(s))
				throw new IllegalArgumentException("labels mapping entry '" + entry + "': " + s.key() + " is given twice");
			final String[] parts = entry.substring(eq + 1).split("\\+", -1);
			final int[] v = new int[parts.length];
			for (int i = 0; i < parts.length; i++) {
				final String p = parts[i].trim();
				try {
					v[i] = Integer.parseInt(p);
				} catch (final NumberFormatException e) {
					v[i] = -1;
				}
				if (v[i] < 1 || v[i] > LabelMap.MAX_LABEL)
					throw new IllegalArgumentException("labels mapping entry '" + entry + "': '" + p + "' is not a label value (an integer in 1.."
							+ LabelMap.MAX_LABEL + ")");
				final String other = owner.put(v[i], s.key());
				if (other != null && !other.equals(s.key()))
					throw new IllegalArgumentException("labels mapping entry '" + entry + "': label value " + v[i] + " is already given to " + other);
			}
			m.put(s, v);
		}
		if (m.isEmpty())
			throw new IllegalArgumentException("labels mapping '" + text + "' has no entry");
		return of("custom", m);
	}

	/** The preset name, or {@code "custom"} for parsed text. */
	public String name() {
		return name;
	}

	/** The values forming {@code structure}, ascending (a copy; empty when the mapping does not name it). */
	public int[] values(final KneeStructure structure) {
		return values[structure.ordinal()].clone();
	}

	/** Whether the mapping names {@code structure}. */
	public boolean names(final KneeStructure structure) {
		return values[structure.ordinal()].length > 0;
	}

	/** The structure label value {@code value} belongs to, or {@code null}. */
	public KneeStructure structureOf(final int value) {
		final int c = value < 0 || value > LabelMap.MAX_LABEL ? 0 : codes[value];
		return c == 0 ? null : KneeStructure.values()[c - 1];
	}

	/**
	 * A lookup table for voxel loops: element v (0..255) is the {@linkplain Enum#ordinal() ordinal} + 1 of the
	 * structure of label value v, 0 for none (a copy).
	 */
	public byte[] codes() {
		return codes.clone();
	}

	/**
	 * The names of the values, for display: the structure's display name, numbered when it has several values
	 * ({@code "tibial cartilage 1"}, {@code "tibial cartilage 2"}).
	 */
	public LabelTable table() {
		final Map<Integer, String> t = new TreeMap<>();
		for (final KneeStructure s : KneeStructure.values()) {
			final int[] v = values[s.ordinal()];
			for (int i = 0; i < v.length; i++)
				t.put(v[i], v.length == 1 ? s.displayName() : s.displayName() + " " + (i + 1));
		}
		return LabelTable.of(t);
	}

	/** The mapping as text that {@link #parse} reads back: {@code femur=1,…,tibial_cartilage=4+5}. */
	public String toText() {
		final StringBuilder b = new StringBuilder();
		for (final KneeStructure s : KneeStructure.values()) {
			final int[] v = values[s.ordinal()];
			if (v.length == 0)
				continue;
			b.append(b.length() == 0 ? "" : ",").append(s.key()).append('=');
			for (int i = 0; i < v.length; i++)
				b.append(i == 0 ? "" : "+").append(v[i]);
		}
		return b.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof LabelMapping && Arrays.deepEquals(values, ((LabelMapping) o).values);
	}

	@Override
	public int hashCode() {
		return Arrays.deepHashCode(values);
	}

	@Override
	public String toString() {
		return name + " (" + toText() + ")";
	}
}
