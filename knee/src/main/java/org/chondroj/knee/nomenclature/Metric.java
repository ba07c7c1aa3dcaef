package org.chondroj.knee.nomenclature;

/**
 * The cartilage measures of a plate, subregion or aggregate (docs/DESIGN.md; Eckstein et al. 2006), named by their keys
 * and declared in output order, each with its unit as written in the result files.
 */
public enum Metric {
	/** Cartilage volume. */
	VC("mm3"),
	/** Total subchondral bone area (covered or denuded). */
	tAB("mm2"),
	/** Cartilage-covered subchondral bone area. */
	cAB("mm2"),
	/** Denuded share of the bone area, (tAB − cAB)/tAB. */
	dAB("%"),
	/** Articular (cartilage) surface area. */
	AC("mm2"),
	/** Mean thickness over the covered bone area. */
	ThCcAB("mm"),
	/** Mean thickness over the total bone area, denuded counted as 0. */
	ThCtAB("mm"),
	/** Largest thickness over the covered bone area. */
	ThCcAB_max("mm"),
	/** Spread (standard deviation) of the thickness over the covered bone area. */
	ThCcAB_sd("mm");

	private final String unit;

	Metric(final String unit) {
		this.unit = unit;
	}

	/** The key in result files ({@code "ThCtAB"}, …). */
	public String key() {
		return name();
	}

	/** The unit as written in result files: {@code mm3}, {@code mm2}, {@code mm} or {@code %}. */
	public String unit() {
		return unit;
	}

	/** The metric with key {@code key} (case-sensitive), or {@code null}. */
	public static Metric byKey(final String key) {
		for (final Metric m : values())
			if (m.name().equals(key))
				return m;
		return null;
	}
}
