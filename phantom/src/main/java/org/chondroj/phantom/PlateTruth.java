package org.chondroj.phantom;

import java.util.List;

/**
 * The true measures of one plate (or of a part of one, such as a subregion, or of an aggregate of plates), from the
 * continuous model, with the keys of docs/DESIGN.md. Each value is an integral over the bone patch (or part) in the
 * sphere's area-preserving coordinates (z, ψ), dA = R² dz dψ, evaluated by {@link Plate#integrate()} or
 * {@link Plate#integrate(Plate.Partition)} (composite 12-point Gauss–Legendre on pieces where the integrand is smooth,
 * relative error &lt; 1e-9):
 * <ul>
 * <li>{@code tAB} = ∫ R² dΩ over the patch (mm²). Exact to rounding for a patch whose bounds are smooth in z (a cap:
 * 2πR²(1 − cos α)).</li>
 * <li>{@code cAB} = the same over t &gt; 0 (mm²); the rims of full-depth defects are quadrature breakpoints, so it is
 * tAB − Σ defect areas to the quadrature error (relative &lt; 1e-9).</li>
 * <li>{@code VC} = ∫ ((R + t)³ − R³)/3 dΩ (convex) or ∫ (R³ − (R − t)³)/3 dΩ (concave) (mm³): the exact volume of
 * the radial shell.</li>
 * <li>{@code AC} = ∫ over t &gt; 0 of ρ·√(ρ² + |∇t|²) dΩ with ρ = R ± t (mm²): the area of the articular surface as
 * a radial graph, with the analytic surface gradient of t; the side walls of defects and of the plate's edge are not
 * included.</li>
 * <li>{@code ThCcAB} = ∫ t dA / cAB, {@code ThCtAB} = ∫ t dA / tAB (denuded counts 0), {@code ThCcAB_sd} = the
 * area-weighted standard deviation of t over cAB (mm). Thickness here is the radial (normal) height of the shell; the
 * nearest-neighbour thickness of docs/DESIGN.md equals it where t is constant and is shorter by about t·s²/2 where the
 * thickness has the slope s (mm/mm): at the steepest point of the default bumps about 1 % for P, 0.5 % for TrF and
 * at most 0.3 % for the other plates; less in the area means.</li>
 * <li>{@code ThCcAB_max} = the largest t at any quadrature node or at the bump centre (mm): exact when the bump
 * centre is in the plate, else within the node spacing.</li>
 * </ul>
 * Immutable.
 */
public final class PlateTruth {

	private final double tab, cab, vc, ac, m1, m2, max;

	PlateTruth(final double tab, final double cab, final double vc, final double ac, final double m1, final double m2,
			final double max) {
		this.tab = tab;
		this.cab = cab;
		this.vc = vc;
		this.ac = ac;
		this.m1 = m1;
		this.m2 = m2;
		this.max = max;
	}

	/** The sum of two plates (an aggregate such as MFTC = MT + cMF): areas, volumes and moments add. */
	public PlateTruth plus(final PlateTruth o) {
		return new PlateTruth(tab + o.tab, cab + o.cab, vc + o.vc, ac + o.ac, m1 + o.m1, m2 + o.m2, Math.max(max, o.max));
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

	/** Denuded share of the bone area, %. */
	public double dAB() {
		return tab > 0 ? 100 * (tab - cab) / tab : 0;
	}

	/** Articular surface area, mm². */
	public double ac() {
		return ac;
	}

	/** Mean thickness over the covered area, mm. */
	public double thCcAB() {
		return cab > 0 ? m1 / cab : 0;
	}

	/** Mean thickness over the total area, denuded as 0, mm. */
	public double thCtAB() {
		return tab > 0 ? m1 / tab : 0;
	}

	/** Largest thickness, mm. */
	public double thCcABMax() {
		return max;
	}

	/** Area-weighted standard deviation of the thickness over cAB, mm. */
	public double thCcABSd() {
		if (cab <= 0)
			return 0;
		final double mean = m1 / cab;
		return Math.sqrt(Math.max(0, m2 / cab - mean * mean));
	}

	/** Value by the docs/DESIGN.md key (VC, tAB, cAB, dAB, AC, ThCcAB, ThCtAB, ThCcAB_max, ThCcAB_sd). */
	public double get(final String key) {
		switch (key) {
		case "VC":
			return vc();
		case "tAB":
			return tAB();
		case "cAB":
			return cAB();
		case "dAB":
			return dAB();
		case "AC":
			return ac();
		case "ThCcAB":
			return thCcAB();
		case "ThCtAB":
			return thCtAB();
		case "ThCcAB_max":
			return thCcABMax();
		case "ThCcAB_sd":
			return thCcABSd();
		default:
			throw new IllegalArgumentException("unknown measure key " + key);
		}
	}

	/**
	 * The keys of docs/DESIGN.md, in output order: the names of ChondroJ's cartilage metrics
	 * ({@code org.chondroj.knee.nomenclature.Metric}, which the phantom does not depend on; a test checks they agree).
	 */
	public static final List<String> KEYS = List.of("VC", "tAB", "cAB", "dAB", "AC", "ThCcAB", "ThCtAB", "ThCcAB_max", "ThCcAB_sd");
}
