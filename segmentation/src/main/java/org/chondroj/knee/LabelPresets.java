package org.chondroj.knee;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.chondroj.core.LabelTable;

/**
 * Label numberings of knee label maps, by name. {@code oai-akoa} is also the numbering of every label map
 * ChondroJ writes (DESIGN.md), so that any two can be compared voxel by voxel.
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

	/** OAI-AKOA (Woo et al.) and ChondroJ's own output: 1 femur … 6 patellar cartilage, 7/8/9 bone-marrow lesions. */
	public static final LabelTable OAI_AKOA = table(FEMUR, FEMORAL_CARTILAGE, TIBIA, TIBIAL_CARTILAGE, PATELLA, PATELLAR_CARTILAGE,
			FEMORAL_LESION, TIBIAL_LESION, PATELLAR_LESION);
	/** OAI-ZIB: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage (no patella). */
	public static final LabelTable OAI_ZIB = table(FEMUR, FEMORAL_CARTILAGE, TIBIA, TIBIAL_CARTILAGE);

	private static final Map<String, LabelTable> BY_NAME = new LinkedHashMap<>();
	static {
		BY_NAME.put("oai-akoa", OAI_AKOA);
		BY_NAME.put("oai-zib", OAI_ZIB);
	}

	private LabelPresets() {
	}

	/** The preset called {@code name} (case-insensitive). */
	public static LabelTable byName(final String name) {
		final LabelTable t = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
		if (t == null)
			throw new IllegalArgumentException("unknown label preset '" + name + "'; known presets: " + String.join(", ", BY_NAME.keySet()));
		return t;
	}

	/** The names of all presets, in a stable order. */
	public static Iterable<String> names() {
		return BY_NAME.keySet();
	}

	private static LabelTable table(final String... names) {
		final Map<Integer, String> m = new TreeMap<>();
		for (int i = 0; i < names.length; i++)
			m.put(i + 1, names[i]);
		return LabelTable.of(m);
	}
}
