package org.chondroj.knee;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.chondroj.core.LabelTable;

/**
 * Label numberings of knee label maps, by name: each preset is a {@link LabelTable} (value → name, for display) and a
 * {@link LabelMapping} (which values form each {@link KneeStructure}, for analysis). {@code oai-akoa} is also the
 * numbering of every label map ChondroJ writes (docs/DESIGN.md), so that any two can be compared voxel by voxel.
 * <ul>
 * <li>{@code oai-akoa}: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage, 5 patella, 6 patellar cartilage,
 * 7/8/9 femoral/tibial/patellar bone-marrow lesion (OAI-AKOA, Woo et al.);</li>
 * <li>{@code oai-zib}: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage (no patella);</li>
 * <li>{@code clair}: the CLAIR-Knee-103R template of CartiMorph (Yao et al., Med. Image Anal. 2024): 1 femur,
 * 2 femoral cartilage, 3 tibia, 4 medial and 5 lateral tibial cartilage (no patella). That 4 is the medial plate is
 * what CartiMorph's {@code constructAtlas.m} says ({@code 4: Medial Tibial Cartilage (mTC)}) and what the template's
 * 20-region atlas shows (its medial tibial subregions 11–15 lie only on 4, the lateral 16–20 only on 5); the knee
 * frame finds the plates' sides from the anatomy anyway.</li>
 * </ul>
 */
public final class LabelPresets {

	public static final String FEMUR = "femur";
	public static final String FEMORAL_CARTILAGE = "femoral cartilage";
	public static final String TIBIA = "tibia";
	public static final String TIBIAL_CARTILAGE = "tibial cartilage";
	public static final String PATELLA = "patella";
	public static final String PATELLAR_CARTILAGE = "patellar cartilage";
	public static final String FEMORAL_LESION = "femoral bone-marrow lesion";
	public static final String TIBIAL_LESION = "tibial bone-marrow lesion";
	public static final String PATELLAR_LESION = "patellar bone-marrow lesion";
	/** CLAIR's split tibial cartilage. */
	public static final String MEDIAL_TIBIAL_CARTILAGE = "medial tibial cartilage";
	public static final String LATERAL_TIBIAL_CARTILAGE = "lateral tibial cartilage";

	/** OAI-AKOA (Woo et al.) and ChondroJ's own output: 1 femur … 6 patellar cartilage, 7/8/9 bone-marrow lesions. */
	public static final LabelTable OAI_AKOA = table(FEMUR, FEMORAL_CARTILAGE, TIBIA, TIBIAL_CARTILAGE, PATELLA, PATELLAR_CARTILAGE,
			FEMORAL_LESION, TIBIAL_LESION, PATELLAR_LESION);
	/** OAI-ZIB: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage (no patella). */
	public static final LabelTable OAI_ZIB = table(FEMUR, FEMORAL_CARTILAGE, TIBIA, TIBIAL_CARTILAGE);
	/** CLAIR-Knee-103R: 1 femur, 2 femoral cartilage, 3 tibia, 4 medial and 5 lateral tibial cartilage. */
	public static final LabelTable CLAIR = table(FEMUR, FEMORAL_CARTILAGE, TIBIA, MEDIAL_TIBIAL_CARTILAGE, LATERAL_TIBIAL_CARTILAGE);

	private static final Map<String, LabelTable> BY_NAME = new LinkedHashMap<>();
	private static final Map<String, LabelMapping> MAPPINGS = new LinkedHashMap<>();
	static {
		BY_NAME.put("oai-akoa", OAI_AKOA);
		BY_NAME.put("oai-zib", OAI_ZIB);
		BY_NAME.put("clair", CLAIR);
		MAPPINGS.put("oai-akoa", mapping("oai-akoa", 1, 2, 3, 4, 5, 6, 7, 8, 9));
		MAPPINGS.put("oai-zib", mapping("oai-zib", 1, 2, 3, 4));
		final Map<KneeStructure, int[]> clair = new EnumMap<>(KneeStructure.class);
		clair.put(KneeStructure.FEMUR, new int[] { 1 });
		clair.put(KneeStructure.FEMORAL_CARTILAGE, new int[] { 2 });
		clair.put(KneeStructure.TIBIA, new int[] { 3 });
		clair.put(KneeStructure.TIBIAL_CARTILAGE, new int[] { 4, 5 });
		MAPPINGS.put("clair", LabelMapping.of("clair", clair));
	}

	private LabelPresets() {
	}

	/** The label names of the preset called {@code name} (case-insensitive). */
	public static LabelTable byName(final String name) {
		final LabelTable t = BY_NAME.get(key(name));
		if (t == null)
			throw unknown(name);
		return t;
	}

	/** The structures of the preset called {@code name} (case-insensitive). */
	public static LabelMapping mapping(final String name) {
		final LabelMapping m = MAPPINGS.get(key(name));
		if (m == null)
			throw unknown(name);
		return m;
	}

	/**
	 * The mapping a command line asks for: the preset {@code preset} or the mapping text {@code mappingText} (see
	 * {@link LabelMapping#parse}); exactly one may be given, and {@code oai-akoa} (ChondroJ's own numbering) when
	 * neither is.
	 */
	public static LabelMapping resolve(final String preset, final String mappingText) {
		if (preset != null && mappingText != null)
			throw new IllegalArgumentException("give either a label preset (" + preset + ") or a labels mapping (" + mappingText + "), not both");
		if (mappingText != null)
			return LabelMapping.parse(mappingText);
		return mapping(preset != null ? preset : "oai-akoa");
	}

	/** The names of all presets, in a stable order. */
	public static Iterable<String> names() {
		return BY_NAME.keySet();
	}

	private static String key(final String name) {
		return name.trim().toLowerCase(Locale.ROOT);
	}

	private static IllegalArgumentException unknown(final String name) {
		return new IllegalArgumentException("unknown label preset '" + name + "'; known presets: " + String.join(", ", BY_NAME.keySet()));
	}

	private static LabelTable table(final String... names) {
		final Map<Integer, String> m = new TreeMap<>();
		for (int i = 0; i < names.length; i++)
			m.put(i + 1, names[i]);
		return LabelTable.of(m);
	}

	/** Value v + 1 … for the structures in enum order. */
	private static LabelMapping mapping(final String name, final int... values) {
		final Map<KneeStructure, int[]> m = new EnumMap<>(KneeStructure.class);
		for (int i = 0; i < values.length; i++)
			m.put(KneeStructure.values()[i], new int[] { values[i] });
		return LabelMapping.of(name, m);
	}
}
