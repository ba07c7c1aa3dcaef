package org.chondroj.knee.nomenclature;

/**
 * The bone-marrow lesion measures of a compartment (docs/DESIGN.md), declared in output order, each with its key and unit as
 * written in the result files.
 */
public enum LesionMetric {
	/** Lesion volume. */
	VOLUME("volume_mm3", "mm3"),
	/** The lesion volume's share of the compartment's subchondral bone region. */
	SHARE("share_pct", "%"),
	/** Number of lesions. */
	COUNT("count", "1"),
	/** Largest diameter of a lesion. */
	LARGEST_DIAMETER("largest_diameter_mm", "mm"),
	/** MOAKS size grade (0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 % of the region). */
	MOAKS_GRADE("moaks_grade", "grade"),
	/** WORMS size grade (0, 1 &lt; 25 %, 2 25–50 %, 3 &gt; 50 % of the region). */
	WORMS_GRADE("worms_grade", "grade");

	private final String key, unit;

	LesionMetric(final String key, final String unit) {
		this.key = key;
		this.unit = unit;
	}

	/** The key in result files ({@code "volume_mm3"}, …). */
	public String key() {
		return key;
	}

	/** The unit as written in result files: {@code mm3}, {@code %}, {@code 1}, {@code mm} or {@code grade}. */
	public String unit() {
		return unit;
	}

	/** Whether the values are whole numbers (counts and grades). */
	public boolean integral() {
		return this == COUNT || this == MOAKS_GRADE || this == WORMS_GRADE;
	}

	/** The metric with key {@code key}, or {@code null}. */
	public static LesionMetric byKey(final String key) {
		for (final LesionMetric m : values())
			if (m.key.equals(key))
				return m;
		return null;
	}
}
