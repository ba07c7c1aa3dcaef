package org.chondroj.knee.cartilage;

import java.util.Locale;

import org.chondroj.knee.nomenclature.Metric;

/**
 * The cartilage measures of one region of a bone surface (a plate, a subregion, or any set of bone-surface
 * vertices), the {@link Metric}s of docs/DESIGN.md (Eckstein et al. 2006): {@code VC} mm³, {@code tAB}, {@code cAB},
 * {@code AC} mm², {@code dAB} %, {@code ThCcAB}, {@code ThCtAB}, {@code ThCcAB_max}, {@code ThCcAB_sd} mm. Made by
 * {@link ThicknessMap#measures}; see there for how each is computed. Immutable.
 */
public final class RegionMeasures {

	private final double vc, tab, cab, ac, sum, sumSquares, max;
	private final int vertices, coveredVertices;

	RegionMeasures(final double vc, final double tab, final double cab, final double ac, final double sum, final double sumSquares,
			final double max, final int vertices, final int coveredVertices) {
		this.vc = vc;
		this.tab = tab;
		this.cab = cab;
		this.ac = ac;
		this.sum = sum;
		this.sumSquares = sumSquares;
		this.max = max;
		this.vertices = vertices;
		this.coveredVertices = coveredVertices;
	}

	/** Cartilage volume, mm³. */
	public double vc() {
		return vc;
	}

	/** Total subchondral bone area, mm². */
	public double tAB() {
		return tab;
	}

	/** Cartilage-covered bone area, mm². */
	public double cAB() {
		return cab;
	}

	/** Denuded share of the bone area, (tAB − cAB)/tAB in %; 0 for an empty region. */
	public double dAB() {
		return tab > 0 ? 100 * (tab - cab) / tab : 0;
	}

	/** Articular (cartilage) surface area, mm². */
	public double ac() {
		return ac;
	}

	/** Area-weighted mean thickness over the covered bone area, mm; 0 if none is covered. */
	public double thCcAB() {
		return cab > 0 ? sum / cab : 0;
	}

	/** Area-weighted mean thickness over the total bone area (denuded counts 0), mm; 0 for an empty region. */
	public double thCtAB() {
		return tab > 0 ? sum / tab : 0;
	}

	/** Largest thickness of a covered vertex, mm; 0 if none is covered. */
	public double thCcABMax() {
		return max;
	}

	/** Area-weighted standard deviation of the thickness over the covered area, mm. */
	public double thCcABSd() {
		if (cab <= 0)
			return 0;
		final double mean = sum / cab;
		return Math.sqrt(Math.max(0, sumSquares / cab - mean * mean));
	}

	/**
	 * The measures of two disjoint regions together (an aggregate such as MFTC = MT + cMF, whose parts lie on two
	 * bones): areas, volumes and thickness moments add, the maximum is the larger.
	 */
	public RegionMeasures plus(final RegionMeasures o) {
		return new RegionMeasures(vc + o.vc, tab + o.tab, cab + o.cab, ac + o.ac, sum + o.sum, sumSquares + o.sumSquares, Math.max(max, o.max),
				vertices + o.vertices, coveredVertices + o.coveredVertices);
	}

	/** Number of bone-surface vertices in the region. */
	public int vertexCount() {
		return vertices;
	}

	/** Number of covered bone-surface vertices in the region. */
	public int coveredVertexCount() {
		return coveredVertices;
	}

	/** The value of a metric. */
	public double get(final Metric metric) {
		return switch (metric) {
		case VC -> vc();
		case tAB -> tAB();
		case cAB -> cAB();
		case dAB -> dAB();
		case AC -> ac();
		case ThCcAB -> thCcAB();
		case ThCtAB -> thCtAB();
		case ThCcAB_max -> thCcABMax();
		case ThCcAB_sd -> thCcABSd();
		};
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT,
				"RegionMeasures[VC %.1f mm³, tAB %.1f mm², cAB %.1f mm², AC %.1f mm², ThCcAB %.3f mm, ThCtAB %.3f mm, max %.3f mm, sd %.3f mm]",
				vc, tab, cab, ac, thCcAB(), thCtAB(), max, thCcABSd());
	}
}
