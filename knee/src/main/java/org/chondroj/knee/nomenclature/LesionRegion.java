package org.chondroj.knee.nomenclature;

/**
 * A region of subchondral bone in which bone-marrow lesions are measured: a {@link Compartment} (MF, LF, MT, LT, TrF,
 * P) or a {@link MoaksSubregion} (the 15 MOAKS subregions). The keys of both are distinct, so one table holds both:
 * {@code results.json}'s {@code "lesions"} object, the CSV rows, the comparison and the cohort tables.
 */
public sealed interface LesionRegion permits Compartment, MoaksSubregion {

	/** The key in result files and tables: {@code "MF"}, …, {@code "FMC"}, …, {@code "SS"}. */
	String key();

	/** The value of this region in its subchondral region map (1 … the number of regions of its kind; 0 is none). */
	int id();

	/** The region with key {@code key} (case-sensitive), of either kind, or {@code null}. */
	static LesionRegion byKey(final String key) {
		final Compartment c = Compartment.byKey(key);
		return c != null ? c : MoaksSubregion.byKey(key);
	}
}
