package org.chondroj.phantom;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.chondroj.core.Laterality;

/**
 * The ground truth of a phantom knee, computed from its continuous model (never from voxels):
 * <ul>
 * <li>per plate (MT, LT, cMF, cLF, pMF, pLF, TrF, P) the measures of {@link PlateTruth} by quadrature over the
 * analytic patches (relative error &lt; 1e-6 where the integrand's breaks are quadrature breakpoints, see
 * {@link Plate#integrate()});</li>
 * <li>the femoral subregions ecMF, ccMF, icMF (and ecLF, ccLF, icLF): thirds of the plate's medial–lateral width
 * (equal ranges of u on the bone sphere; external = away from the notch); the tibial subregions are not computed;</li>
 * <li>the aggregates MFTC = MT + cMF and LFTC = LT + cLF (areas, volumes and thickness moments added);</li>
 * <li>per lesion compartment (MF, LF, MT, LT, TrF, P) the lesion volume, by Monte Carlo over each lesion's box
 * (2²⁰ samples with a fixed seed; the standard error is stated, about 0.1–0.2 %), and its share of the
 * compartment's subchondral bone region: the marrow (bone deeper than the 1 mm cortex, lesions included) lying
 * radially below the compartment's articular bone surface (MF and LF: the whole condyle surface, cMF + pMF) at a depth
 * of at most {@link KneeModel#SUBCHONDRAL_DEPTH} = 10 mm, also by Monte Carlo (2²⁰ samples; share = lesion samples /
 * region samples, binomial standard error stated).</li>
 * </ul>
 * Deterministic: the same configuration gives the same values, bit for bit. Immutable.
 */
public final class PhantomTruth {

	/** Monte Carlo sample counts. */
	static final int LESION_SAMPLES = 1 << 20, REGION_SAMPLES = 1 << 20;

	/** Truth of the lesions of one compartment. */
	public static final class LesionTruth {
		private final double volume, volumeSe, regionVolume, share, shareSe;
		private final int count;

		LesionTruth(final double volume, final double volumeSe, final int count, final double regionVolume, final double share,
				final double shareSe) {
			this.volume = volume;
			this.volumeSe = volumeSe;
			this.count = count;
			this.regionVolume = regionVolume;
			this.share = share;
			this.shareSe = shareSe;
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
	}

	private final Laterality side;
	private final double weightBearingFraction;
	private final Map<String, PlateTruth> plates;
	private final Map<String, LesionTruth> lesions;
	private final AnatomyConfig config;
	private final Landmarks landmarks;

	private PhantomTruth(final KneeModel model, final Map<String, PlateTruth> plates, final Map<String, LesionTruth> lesions) {
		config = model.config();
		side = config.side();
		weightBearingFraction = config.weightBearingFraction();
		this.plates = Collections.unmodifiableMap(plates);
		this.lesions = Collections.unmodifiableMap(lesions);
		landmarks = model.landmarks();
	}

	/** Computes the truth of a model. Cost: about a second (quadrature of eight plates and 13 Monte Carlo runs). */
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
		plates.put("MFTC", plates.get("MT").plus(plates.get("cMF")));
		plates.put("LFTC", plates.get("LT").plus(plates.get("cLF")));
		final Map<String, LesionTruth> lesions = new LinkedHashMap<>();
		int index = 0;
		for (final String c : AnatomyConfig.COMPARTMENTS)
			lesions.put(c, lesionTruth(model, c, index++));
		return new PhantomTruth(model, plates, lesions);
	}

	private static LesionTruth lesionTruth(final KneeModel model, final String compartment, final int index) {
		final int bone = KneeModel.boneOf(compartment);
		final double cortex = model.cortex();
		double volume = 0, variance = 0;
		int count = 0;
		int shapeIndex = 0;
		for (final KneeModel.LesionShape shape : model.lesionShapes()) {
			shapeIndex++;
			if (!shape.compartment.equals(compartment))
				continue;
			count++;
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
		return new LesionTruth(volume, Math.sqrt(variance), count, regionVolume, 100 * share, 100 * shareSe);
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

	/** Compartment (MF, LF, MT, LT, TrF, P) → lesion truth. */
	public Map<String, LesionTruth> lesions() {
		return lesions;
	}

	public AnatomyConfig config() {
		return config;
	}

	public Landmarks landmarks() {
		return landmarks;
	}
}
