package org.chondroj.knee.nomenclature;

import java.util.EnumSet;
import java.util.List;

/**
 * Cartilage plates, subregions and aggregates (docs/DESIGN.md; Eckstein et al. 2006, Wirth &amp; Eckstein 2008), with stable
 * numeric ids for arrays and maps. The constants are named by the nomenclature's keys ({@code cMF}, {@code ecMF}, …)
 * and declared in output order: plates, aggregates, femoral then tibial subregions.
 * <p>
 * Plates: {@link #MT}, {@link #LT} (medial/lateral tibia), {@link #cMF}, {@link #cLF} (central, weight-bearing femur),
 * {@link #pMF}, {@link #pLF} (posterior femur), {@link #TrF} (trochlea), {@link #P} (patella). Aggregates:
 * {@link #MFTC} = MT + cMF, {@link #LFTC} = LT + cLF (measured by adding their parts, never found on a bone surface).
 * Subregions: central femur {@code ec cc ic} (external, central, internal thirds) of cMF and cLF; tibia {@code c a p e
 * i} (central, anterior, posterior, external, internal) of MT and LT. {@link #NONE} (id 0) is a point in no plate.
 */
public enum Region {
	NONE(0, null, null),
	MT(1, null, Compartment.MT), LT(2, null, Compartment.LT), cMF(3, null, Compartment.MF), cLF(4, null, Compartment.LF),
	pMF(5, null, Compartment.MF), pLF(6, null, Compartment.LF), TrF(7, null, Compartment.TrF), P(8, null, Compartment.P),
	MFTC(9, null, null), LFTC(10, null, null),
	ecMF(31, cMF, Compartment.MF), ccMF(32, cMF, Compartment.MF), icMF(33, cMF, Compartment.MF),
	ecLF(41, cLF, Compartment.LF), ccLF(42, cLF, Compartment.LF), icLF(43, cLF, Compartment.LF),
	cMT(11, MT, Compartment.MT), aMT(12, MT, Compartment.MT), pMT(13, MT, Compartment.MT), eMT(14, MT, Compartment.MT),
	iMT(15, MT, Compartment.MT),
	cLT(21, LT, Compartment.LT), aLT(22, LT, Compartment.LT), pLT(23, LT, Compartment.LT), eLT(24, LT, Compartment.LT),
	iLT(25, LT, Compartment.LT);

	/** The eight plates, in output order. */
	public static final List<Region> PLATES = List.of(MT, LT, cMF, cLF, pMF, pLF, TrF, P);
	/** The plates and the aggregates: the regions of summary tables. */
	public static final List<Region> SUMMARY = List.of(MT, LT, cMF, cLF, pMF, pLF, TrF, P, MFTC, LFTC);
	/** Every region a result reports, in output order: plates, aggregates, femoral and tibial subregions. */
	public static final List<Region> REPORTED = List.copyOf(EnumSet.complementOf(EnumSet.of(NONE)));

	private static final Region[] BY_ID = new Region[64];
	static {
		for (final Region r : values())
			BY_ID[r.id] = r;
	}

	private final int id;
	private final Region parent;
	private final Compartment compartment;

	Region(final int id, final Region parent, final Compartment compartment) {
		this.id = id;
		this.parent = parent;
		this.compartment = compartment;
	}

	/** The stable numeric id (0 for {@link #NONE}; plates 1–8; aggregates 9, 10; subregions 11–15, 21–25, 31–33, 41–43). */
	public int id() {
		return id;
	}

	/** The nomenclature key ({@code "cMF"}, {@code "ecMF"}, {@code "MFTC"}, …; {@code "none"} for {@link #NONE}). */
	public String key() {
		return this == NONE ? "none" : name();
	}

	/** The plate this region is part of: itself for a plate, an aggregate and {@link #NONE}. */
	public Region plate() {
		return parent == null ? this : parent;
	}

	/** Whether this is one of the eight plates. */
	public boolean isPlate() {
		return parent == null && this != NONE && !isAggregate();
	}

	/** Whether this is an aggregate of two plates ({@link #MFTC}, {@link #LFTC}). */
	public boolean isAggregate() {
		return this == MFTC || this == LFTC;
	}

	/** Whether this is a subregion of a plate. */
	public boolean isSubregion() {
		return parent != null;
	}

	/** The plates an aggregate adds ({@link #MFTC}: MT, cMF; {@link #LFTC}: LT, cLF); empty for any other region. */
	public List<Region> parts() {
		return this == MFTC ? List.of(MT, cMF) : this == LFTC ? List.of(LT, cLF) : List.of();
	}

	/** The bone-marrow lesion compartment this region lies over ({@code null} for {@link #NONE} and the aggregates). */
	public Compartment compartment() {
		return compartment;
	}

	/** The region with id {@code id}. */
	public static Region byId(final int id) {
		final Region r = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
		if (r == null)
			throw new IllegalArgumentException("no region with id " + id);
		return r;
	}

	/** The region with key {@code key} (case-sensitive: {@code cMF} is not {@code CMF}), or {@code null}. */
	public static Region byKey(final String key) {
		for (final Region r : values())
			if (r.key().equals(key))
				return r;
		return null;
	}
}
