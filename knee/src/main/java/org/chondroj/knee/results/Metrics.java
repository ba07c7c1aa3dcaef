package org.chondroj.knee.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.knee.cartilage.RegionMeasures;

/**
 * The metric keys of DESIGN.md and their units, in output order: the cartilage measures per plate, subregion and
 * aggregate, and the bone-marrow lesion measures per compartment. The phantom's {@code truth.json} uses the same keys,
 * so measured and true values compare by key.
 */
public final class Metrics {

	/** Cartilage measures (DESIGN.md): VC mm³, tAB/cAB/AC mm², dAB %, thicknesses mm. */
	public static final List<String> CARTILAGE = List.of(RegionMeasures.KEYS);
	/** Lesion measures per compartment: volume, share of the subchondral bone region, count, largest diameter, grades. */
	public static final List<String> LESION = List.of("volume_mm3", "share_pct", "count", "largest_diameter_mm", "moaks_grade", "worms_grade");

	private static final Map<String, String> UNITS = new LinkedHashMap<>();
	static {
		UNITS.put("VC", "mm3");
		UNITS.put("tAB", "mm2");
		UNITS.put("cAB", "mm2");
		UNITS.put("dAB", "%");
		UNITS.put("AC", "mm2");
		for (final String k : List.of("ThCcAB", "ThCtAB", "ThCcAB_max", "ThCcAB_sd"))
			UNITS.put(k, "mm");
		UNITS.put("volume_mm3", "mm3");
		UNITS.put("share_pct", "%");
		UNITS.put("count", "1");
		UNITS.put("largest_diameter_mm", "mm");
		UNITS.put("moaks_grade", "grade");
		UNITS.put("worms_grade", "grade");
	}

	private Metrics() {
	}

	/** The unit of a metric key ("mm3", "mm2", "mm", "%", "1", "grade"); "" for a key not listed here. */
	public static String unit(final String key) {
		return UNITS.getOrDefault(key, "");
	}
}
