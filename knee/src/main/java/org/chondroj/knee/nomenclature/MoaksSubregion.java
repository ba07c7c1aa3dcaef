package org.chondroj.knee.nomenclature;

import java.util.Locale;

/**
 * The 15 subregions in which MOAKS scores bone-marrow lesions (Hunter DJ et al., Evolution of semi-quantitative whole
 * joint assessment of knee OA: MOAKS (MRI Osteoarthritis Knee Score), Osteoarthritis Cartilage 2011;19:990–1002),
 * keyed as in the OAI's MOAKS variables: patella medial and lateral facet; femur medial and lateral, each anterior
 * (trochlear), central (weight-bearing) and posterior; tibia medial and lateral, each anterior, central and posterior;
 * and the subspinous tibia. Ids 1–15 are the values of {@link org.chondroj.knee.anatomy.MoaksSubregions} maps.
 * <p>
 * How a bone voxel is given its subregion (the geometric rules standing in for MOAKS's meniscal-horn boundaries, which
 * a label map without menisci cannot give) is in {@link org.chondroj.knee.anatomy.MoaksSubregions}.
 */
public enum MoaksSubregion implements LesionRegion {
	PM("patella, medial facet"), PL("patella, lateral facet"),
	FMA("femur, medial, anterior (trochlea)"), FMC("femur, medial, central"), FMP("femur, medial, posterior"),
	FLA("femur, lateral, anterior (trochlea)"), FLC("femur, lateral, central"), FLP("femur, lateral, posterior"),
	TMA("tibia, medial, anterior"), TMC("tibia, medial, central"), TMP("tibia, medial, posterior"),
	TLA("tibia, lateral, anterior"), TLC("tibia, lateral, central"), TLP("tibia, lateral, posterior"),
	SS("tibia, subspinous");

	private final String description;

	MoaksSubregion(final String description) {
		this.description = description;
	}

	@Override
	public String key() {
		return name();
	}

	/** 1 + ordinal: the value in a subregion map. */
	@Override
	public int id() {
		return ordinal() + 1;
	}

	/** What the subregion is, in words ("femur, medial, central"). */
	public String description() {
		return description;
	}

	/** The bone: "patella", "femur" or "tibia". */
	public String bone() {
		return description.substring(0, description.indexOf(',')).toLowerCase(Locale.ROOT);
	}

	/** The subregion named {@code key} (case-sensitive), or {@code null}. */
	public static MoaksSubregion byKey(final String key) {
		for (final MoaksSubregion s : values())
			if (s.name().equals(key))
				return s;
		return null;
	}

	/** The subregion with map value {@code id} (1–15). */
	public static MoaksSubregion byId(final int id) {
		if (id < 1 || id > values().length)
			throw new IllegalArgumentException("no MOAKS subregion with id " + id);
		return values()[id - 1];
	}
}
