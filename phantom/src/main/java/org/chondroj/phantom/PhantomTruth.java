package org.chondroj.phantom;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.chondroj.core.Laterality;

/**
 * The ground truth of a phantom knee, computed from its continuous model (never from voxels):
 * <ul>
 * <li>per plate (MT, LT, cMF, cLF, pMF, pLF, TrF, P) the measures of {@link PlateTruth} by quadrature over the
 * analytic patches (relative error &lt; 1e-9, see {@link Plate#integrate()});</li>
 * <li>the femoral subregions ecMF, ccMF, icMF (and ecLF, ccLF, icLF): thirds of the plate's medial–lateral width
 * (equal ranges of u on the bone sphere; external = away from the notch);</li>
 * <li>the tibial subregions cMT, aMT, pMT, eMT, iMT (and cLT, aLT, pLT, eLT, iLT): docs/DESIGN.md's "central ellipse holding
 * 20 % of tAB, the rest in four quadrants", defined precisely as follows (the measurement code implements the same
 * definition independently):
 * <ol>
 * <li>Work in the transverse plane of the knee: each point (u, v, w) of the plate's bone surface (the surface whose
 * area is tAB) is projected along the proximal–distal axis w to (u, v).</li>
 * <li>The centre (u0, v0) = (∫u dA, ∫v dA) / tAB, the integrals over the plate's bone surface (surface area, not
 * projected area).</li>
 * <li>The scales σu = √(∫(u − u0)² dA / tAB), σv = √(∫(v − v0)² dA / tAB), weighted by surface area likewise.</li>
 * <li>Normalised coordinates x = (u − u0)/σu, y = (v − v0)/σv (+x lateral, +y anterior).</li>
 * <li>Central c = {x² + y² ≤ k²}, with k such that the bone surface area of c is exactly 20 % of tAB.</li>
 * <li>The rest: anterior a = {|y| ≥ |x|, y &gt; 0}, posterior p = {|y| ≥ |x|, y &lt; 0}, external e = {|x| &gt; |y|}
 * on the side away from the knee's midline (MT: x &lt; 0, the medial side; LT: x &gt; 0, the lateral side), internal
 * i = {|x| &gt; |y|} towards the midline (the tibial spines).</li>
 * </ol>
 * Each subregion has all the measures of {@link PlateTruth} over the bone points in it (its cartilage is the shell
 * over them along the bone normal); the five add up to the plate (to 1e-12). The ellipse and the diagonals are
 * quadrature breakpoints on every ring ({@link Plate#integrate(Plate.Partition)}); k is found by the Illinois method
 * on the central area to 1e-13. Accuracy (PlateTest, TibialSubregionsTest): central area = 20 % of tAB to 1e-12;
 * the subregions' measures converge to 1e-9 relative (2 × 2 against 16 × 16 panels; closed forms on a cap to 1e-12);
 * an independent 4000 × 4000 midpoint rule that finds its own centre, scales and k agrees on every subregion's tAB,
 * cAB and VC to 2.5e-5, its own error (its cells straddle the borders; it shrinks with the grid);</li>
 * <li>the aggregates MFTC = MT + cMF and LFTC = LT + cLF (areas, volumes and thickness moments added);</li>
 * <li>per lesion compartment (MF, LF, MT, LT, TrF, P) the lesion volume, by Monte Carlo over each lesion's box
 * (2²⁰ samples with a fixed seed; the standard error is stated, about 0.1–0.2 %), and its share of the
 * compartment's subchondral bone region: the marrow (bone deeper than the 1 mm cortex, lesions included) lying
 * radially below the compartment's articular bone surface (MF and LF: the whole condyle surface, cMF + pMF) at a depth
 * of at most {@link KneeModel#SUBCHONDRAL_DEPTH} = 10 mm, also by Monte Carlo (2²⁰ samples; share = lesion samples /
 * region samples, binomial standard error stated); the number of lesions, the largest diameter (the largest distance
 * between two points of one lesion, the maximum over the compartment's lesions; {@link LesionDiameters}, exact to
 * about 1e-9 mm) and the size grades from the share: MOAKS 0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 %; WORMS 0
 * none, 1 &lt; 25 %, 2 25–50 %, 3 &gt; 50 % (a share within two standard errors of a boundary may grade either
 * way).</li>
 * </ul>
 * On demand ({@link #moaks()}) it also gives the lesions per MOAKS subregion ({@link MoaksTruth}).
 * Deterministic: the same configuration gives the same values, bit for bit. Immutable.
 */
public final class PhantomTruth {

	/** Monte Carlo sample counts. */
	static final int LESION_SAMPLES = 1 << 20, REGION_SAMPLES = 1 << 20;
	/** The tibial subregions in output order (central, anterior, posterior, external, internal): part indices. */
	static final String[] TIBIAL_SUBREGIONS = { "c", "a", "p", "e", "i" };
	/** The share of tAB in the central tibial subregion. */
	static final double CENTRAL_SHARE = 0.2;

	/** Truth of the lesions of one compartment. */
	public static final class LesionTruth {
		private final double volume, volumeSe, regionVolume, share, shareSe, largestDiameter;
		private final int count;

		LesionTruth(final double volume, final double volumeSe, final int count, final double regionVolume, final double share,
				final double shareSe, final double largestDiameter) {
			this.volume = volume;
			this.volumeSe = volumeSe;
			this.count = count;
			this.regionVolume = regionVolume;
			this.share = share;
			this.shareSe = shareSe;
			this.largestDiameter = largestDiameter;
		}

		/** Lesion volume, mm³ (Monte Carlo; standard error {@link #volumeSe()}). */
		public double volume() {
			return volume;
		}

		public double volumeSe() {
			return volumeSe;
		}

		/** Number of lesions made in the compartment. */
		public int count() {
			return count;
		}

		/** Volume of the compartment's subchondral marrow region (mm³). */
		public double regionVolume() {
			return regionVolume;
		}

		/** Lesion share of that region, %. */
		public double share() {
			return share;
		}

		public double shareSe() {
			return shareSe;
		}

		/** The largest distance between two points of one lesion, the maximum over the compartment's lesions, mm (0: none). */
		public double largestDiameter() {
			return largestDiameter;
		}

		/** MOAKS size grade of the share: 0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 %. */
		public int moaksGrade() {
			return PhantomTruth.moaksGrade(share);
		}

		/** WORMS size grade of the share: 0 none, 1 &lt; 25 %, 2 25–50 %, 3 &gt; 50 %. */
		public int wormsGrade() {
			return PhantomTruth.wormsGrade(share);
		}
	}

	/**
	 * The ellipse of one tibial plate's subregions (see the class comment), in the transverse plane (u, v) of the knee
	 * frame K: centre, scales and the normalised radius k of the central subregion. Immutable.
	 */
	public static final class TibialEllipse {
		private final double u0, v0, sigmaU, sigmaV, k;

		private TibialEllipse(final double u0, final double v0, final double sigmaU, final double sigmaV, final double k) {
			this.u0 = u0;
			this.v0 = v0;
			this.sigmaU = sigmaU;
			this.sigmaV = sigmaV;
			this.k = k;
		}

		/**
		 * The ellipse of a plate: the area-weighted centre and scales by quadrature (spectral), then k by the Illinois
		 * method on the central area (one {@link Plate#areas} per step, about ten steps) to 1e-13. Cost: some tens of ms.
		 */
		static TibialEllipse of(final Plate plate) {
			final double[] m = plate.boneIntegrals((u, v, w) -> 1, (u, v, w) -> u, (u, v, w) -> v);
			final double area = m[0], u0 = m[1] / area, v0 = m[2] / area;
			final double[] s = plate.boneIntegrals((u, v, w) -> (u - u0) * (u - u0), (u, v, w) -> (v - v0) * (v - v0));
			final double su = Math.sqrt(s[0] / area), sv = Math.sqrt(s[1] / area);
			// the central share minus 20 %, increasing in k from −20 % at k = 0
			final DoubleUnaryOperator excess = k -> plate.areas(Plate.where((u, v, w) -> {
				final double x = (u - u0) / su, y = (v - v0) / sv;
				return k * k - x * x - y * y;
			}))[0] / area - CENTRAL_SHARE;
			double lo = 0, flo = -CENTRAL_SHARE, hi = 1, fhi = excess.applyAsDouble(hi);
			while (fhi <= 0) {
				lo = hi;
				flo = fhi;
				hi *= 2;
				fhi = excess.applyAsDouble(hi);
			}
			int side = 0;
			for (int it = 0; it < 100 && hi - lo > 1e-13; it++) {
				double k = (lo * fhi - hi * flo) / (fhi - flo);
				if (it % 4 == 3 || !(k > lo && k < hi))
					k = 0.5 * (lo + hi);
				final double f = excess.applyAsDouble(k);
				if (f > 0) {
					hi = k;
					fhi = f;
					if (side == -1)
						flo *= 0.5;
					side = -1;
				} else {
					lo = k;
					flo = f;
					if (side == 1)
						fhi *= 0.5;
					side = 1;
				}
			}
			return new TibialEllipse(u0, v0, su, sv, 0.5 * (lo + hi));
		}

		/**
		 * The subregions as a partition of the plate, parts in the order of {@link #TIBIAL_SUBREGIONS}, by the signs of
		 * x² + y² − k², y − x and y + x.
		 */
		Plate.Partition partition(final boolean medial) {
			final Plate.SurfaceFunction[] boundaries = { (u, v, w) -> {
				final double x = (u - u0) / sigmaU, y = (v - v0) / sigmaV;
				return x * x + y * y - k * k;
			}, (u, v, w) -> (v - v0) / sigmaV - (u - u0) / sigmaU, (u, v, w) -> (v - v0) / sigmaV + (u - u0) / sigmaU };
			return new Plate.Partition() {
				@Override
				public Plate.SurfaceFunction[] boundaries() {
					return boundaries;
				}

				@Override
				public int parts() {
					return 5;
				}

				@Override
				public int part(final double[] values) {
					if (values[0] <= 0)
						return 0; // central
					if (values[1] >= 0 && values[2] >= 0)
						return 1; // anterior: y ≥ |x|
					if (values[1] <= 0 && values[2] <= 0)
						return 2; // posterior: −y ≥ |x|
					final boolean lateral = values[1] < 0; // y − x < 0 < y + x: x > |y|
					return lateral == medial ? 4 : 3; // the medial plate's internal side is lateral, the lateral's medial
				}
			};
		}

		/** Centre, K mm (medial–lateral). */
		public double u0() {
			return u0;
		}

		/** Centre, K mm (posterior–anterior). */
		public double v0() {
			return v0;
		}

		/** Area-weighted standard deviation of u over tAB, mm. */
		public double sigmaU() {
			return sigmaU;
		}

		/** Area-weighted standard deviation of v over tAB, mm. */
		public double sigmaV() {
			return sigmaV;
		}

		/** Normalised radius of the central subregion (x² + y² ≤ k²). */
		public double k() {
			return k;
		}
	}

	private final Laterality side;
	private final double weightBearingFraction;
	private final Map<String, PlateTruth> plates;
	private final Map<String, LesionTruth> lesions;
	private final Map<String, TibialEllipse> ellipses;
	private final AnatomyConfig config;
	private final Landmarks landmarks;
	private final double[][] kneeAxes;
	private final KneeModel model;
	private final double[] kneeOrigin;
	private volatile MoaksTruth moaks;

	private PhantomTruth(final KneeModel model, final Map<String, PlateTruth> plates, final Map<String, LesionTruth> lesions,
			final Map<String, TibialEllipse> ellipses) {
		this.model = model;
		config = model.config();
		side = config.side();
		weightBearingFraction = config.weightBearingFraction();
		this.plates = Collections.unmodifiableMap(plates);
		this.lesions = Collections.unmodifiableMap(lesions);
		this.ellipses = Collections.unmodifiableMap(ellipses);
		Landmarks l = model.landmarks();
		for (final String t : new String[] { "MT", "LT" }) {
			final double[] k = ellipseCentre(model.plates().get(t), ellipses.get(t));
			l = l.with((t.equals("MT") ? "medial" : "lateral") + "_tibial_subregion_centre", k, model.toPatient(k));
		}
		landmarks = l;
		final double[] o = model.toPatient(new double[3]);
		kneeOrigin = o;
		kneeAxes = new double[3][];
		for (int a = 0; a < 3; a++) {
			final double[] e = new double[3];
			e[a] = 1;
			final double[] p = model.toPatient(e);
			kneeAxes[a] = new double[] { p[0] - o[0], p[1] - o[1], p[2] - o[2] };
		}
	}

	/** The bone surface point of the plate over the ellipse's centre (u0, v0): on the plate's sphere, K mm. */
	private static double[] ellipseCentre(final Plate plate, final TibialEllipse e) {
		final double[] c = plate.centre();
		final double r = plate.radius(), du = e.u0() - c[0], dv = e.v0() - c[1];
		final double dw = Math.sqrt(Math.max(0, r * r - du * du - dv * dv));
		// the side of the sphere the patch is on
		return new double[] { e.u0(), e.v0(), c[2] + Math.copySign(dw, plate.directionAt(0.5, 0.5)[2]) };
	}

	/**
	 * Computes the truth of a model. Cost: about a second (quadrature of eight plates, the tibial subregions' ellipses
	 * and partitions, 13 Monte Carlo runs).
	 */
	public static PhantomTruth of(final KneeModel model) {
		final Map<String, PlateTruth> plates = new LinkedHashMap<>();
		for (final Map.Entry<String, Plate> e : model.plates().entrySet())
			plates.put(e.getKey(), e.getValue().integrate());
		for (final String c : new String[] { "cMF", "cLF" }) {
			final Plate p = model.plates().get(c);
			final double[] z = p.zRange();
			final double third = (z[1] - z[0]) / 3;
			// e1 = +u (lateral): for the medial condyle the external third has the smallest z, for the lateral the largest
			final boolean medial = c.equals("cMF");
			final String plate = c.substring(1);
			plates.put("e" + c.charAt(0) + plate, medial ? p.integrate(z[0], z[0] + third) : p.integrate(z[1] - third, z[1]));
			plates.put("c" + c.charAt(0) + plate, p.integrate(z[0] + third, z[1] - third));
			plates.put("i" + c.charAt(0) + plate, medial ? p.integrate(z[1] - third, z[1]) : p.integrate(z[0], z[0] + third));
		}
		final Map<String, TibialEllipse> ellipses = new LinkedHashMap<>();
		for (final String t : new String[] { "MT", "LT" }) {
			final Plate p = model.plates().get(t);
			final TibialEllipse e = TibialEllipse.of(p);
			ellipses.put(t, e);
			final PlateTruth[] parts = p.integrate(e.partition(t.equals("MT")));
			for (int i = 0; i < parts.length; i++)
				plates.put(TIBIAL_SUBREGIONS[i] + t, parts[i]);
		}
		plates.put("MFTC", plates.get("MT").plus(plates.get("cMF")));
		plates.put("LFTC", plates.get("LT").plus(plates.get("cLF")));
		final Map<String, LesionTruth> lesions = new LinkedHashMap<>();
		int index = 0;
		for (final String c : AnatomyConfig.COMPARTMENTS)
			lesions.put(c, lesionTruth(model, c, index++));
		return new PhantomTruth(model, plates, lesions, ellipses);
	}

	/** MOAKS size grade of a lesion share (% of the subchondral region): 0 none, 1 &lt; 33, 2 33–66, 3 &gt; 66. */
	static int moaksGrade(final double share) {
		return share <= 0 ? 0 : share < 33 ? 1 : share <= 66 ? 2 : 3;
	}

	/** WORMS size grade of a lesion share (% of the subchondral region): 0 none, 1 &lt; 25, 2 25–50, 3 &gt; 50. */
	static int wormsGrade(final double share) {
		return share <= 0 ? 0 : share < 25 ? 1 : share <= 50 ? 2 : 3;
	}

	private static LesionTruth lesionTruth(final KneeModel model, final String compartment, final int index) {
		final int bone = KneeModel.boneOf(compartment);
		final double cortex = model.cortex();
		double volume = 0, variance = 0, diameter = 0;
		int count = 0;
		int shapeIndex = 0;
		for (final KneeModel.LesionShape shape : model.lesionShapes()) {
			shapeIndex++;
			if (!shape.compartment.equals(compartment))
				continue;
			count++;
			diameter = Math.max(diameter, LesionDiameters.of(shape.balls, (x, y, z) -> model.boneSdf(bone, x, y, z) + cortex));
			final SplittableRandom random = new SplittableRandom(model.config().seed() * 104_729L + 17L * shapeIndex + 3);
			final double[] b = shape.box;
			int hits = 0;
			for (int i = 0; i < LESION_SAMPLES; i++) {
				final double u = random.nextDouble(b[0], b[3]), v = random.nextDouble(b[1], b[4]), w = random.nextDouble(b[2], b[5]);
				if (KneeModel.ballsContain(shape.balls, u, v, w) && model.boneSdf(bone, u, v, w) < -cortex)
					hits++;
			}
			final double box = (b[3] - b[0]) * (b[4] - b[1]) * (b[5] - b[2]);
			final double p = hits / (double) LESION_SAMPLES;
			volume += box * p;
			variance += box * box * p * (1 - p) / LESION_SAMPLES;
		}
		// the subchondral region: marrow radially below the surface, depth ≤ 10 mm
		final Plate surface = model.surfaces().get(compartment);
		final double[] c = surface.centre();
		final double r = surface.radius();
		final double depth = KneeModel.SUBCHONDRAL_DEPTH;
		final double[] box = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		final double[] z = surface.zRange();
		for (int i = 0; i <= 64; i++) {
			final double zi = z[0] + (z[1] - z[0]) * i / 64;
			final double[] psi = surface.psiInterval(zi);
			if (psi == null)
				continue;
			for (int j = 0; j <= 64; j++) {
				final double[] d = surface.direction(zi, psi[0] + (psi[1] - psi[0]) * j / 64);
				for (final double rr : new double[] { r, surface.convex() ? r - depth : r + depth })
					for (int a = 0; a < 3; a++) {
						box[a] = Math.min(box[a], c[a] + rr * d[a] - 2);
						box[a + 3] = Math.max(box[a + 3], c[a] + rr * d[a] + 2);
					}
			}
		}
		final SplittableRandom random = new SplittableRandom(model.config().seed() * 15_485_863L + index);
		int inRegion = 0, inLesion = 0;
		for (int i = 0; i < REGION_SAMPLES; i++) {
			final double u = random.nextDouble(box[0], box[3]), v = random.nextDouble(box[1], box[4]), w = random.nextDouble(box[2], box[5]);
			final double qx = u - c[0], qy = v - c[1], qz = w - c[2];
			final double rq = Math.sqrt(qx * qx + qy * qy + qz * qz);
			final double h = surface.convex() ? r - rq : rq - r;
			if (h < 0 || h > depth || !surface.inRegion(qx / rq, qy / rq, qz / rq) || model.boneSdf(bone, u, v, w) >= -cortex)
				continue;
			inRegion++;
			if (model.lesionAt(bone, u, v, w))
				inLesion++;
		}
		final double boxVolume = (box[3] - box[0]) * (box[4] - box[1]) * (box[5] - box[2]);
		final double regionVolume = boxVolume * inRegion / REGION_SAMPLES;
		final double share = inRegion > 0 ? inLesion / (double) inRegion : 0;
		final double shareSe = inRegion > 0 ? Math.sqrt(share * (1 - share) / inRegion) : 0;
		return new LesionTruth(volume, Math.sqrt(variance), count, regionVolume, 100 * share, 100 * shareSe, diameter);
	}

	public Laterality side() {
		return side;
	}

	public double weightBearingFraction() {
		return weightBearingFraction;
	}

	/** Plate and aggregate/subregion key → measures, in output order. */
	public Map<String, PlateTruth> plates() {
		return plates;
	}

	/** MT and LT → the ellipse of their subregions. */
	public Map<String, TibialEllipse> tibialEllipses() {
		return ellipses;
	}

	/** The LPS point (mm) of the knee frame's origin (a copy): K (u, v, w) is at origin + u·lateral + v·anterior + w·proximal. */
	public double[] kneeOrigin() {
		return kneeOrigin.clone();
	}

	/** The unit vectors of the knee frame's axes u (lateral), v (anterior), w (proximal) in patient LPS (copies). */
	public double[][] kneeAxes() {
		return new double[][] { kneeAxes[0].clone(), kneeAxes[1].clone(), kneeAxes[2].clone() };
	}

	/** Compartment (MF, LF, MT, LT, TrF, P) → lesion truth. */
	public Map<String, LesionTruth> lesions() {
		return lesions;
	}

	/**
	 * The lesion truth per MOAKS subregion ({@link MoaksTruth}), computed on the first call (about 1–3 s) and kept.
	 */
	public MoaksTruth moaks() {
		MoaksTruth m = moaks;
		if (m == null) {
			synchronized (this) {
				m = moaks;
				if (m == null)
					moaks = m = MoaksTruth.of(model);
			}
		}
		return m;
	}

	public AnatomyConfig config() {
		return config;
	}

	public Landmarks landmarks() {
		return landmarks;
	}
}
