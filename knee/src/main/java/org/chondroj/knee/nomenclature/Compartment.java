package org.chondroj.knee.nomenclature;

/**
 * The bone-marrow lesion compartments (docs/DESIGN.md): the subchondral bone under the medial and lateral femoral condyle
 * (cMF + pMF, cLF + pLF), the medial and lateral tibia, the trochlea and the patella. Ids 1–6 (0 is none) are the
 * values of {@link BoneCompartments} maps.
 */
public enum Compartment implements LesionRegion {
	MF, LF, MT, LT, TrF, P;

	@Override
	public String key() {
		return name();
	}

	/** 1 + ordinal: the value in a compartment map. */
	@Override
	public int id() {
		return ordinal() + 1;
	}

	/** The compartment named {@code key} ({@code "MF"}, …, case-sensitive), or {@code null}. */
	public static Compartment byKey(final String key) {
		for (final Compartment c : values())
			if (c.name().equals(key))
				return c;
		return null;
	}

	/** The compartment with map value {@code id} (1–6). */
	public static Compartment byId(final int id) {
		if (id < 1 || id > values().length)
			throw new IllegalArgumentException("no compartment with id " + id);
		return values()[id - 1];
	}
}
