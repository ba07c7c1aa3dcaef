package org.chondroj.knee.anatomy;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.VoxelGeometry;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;

/**
 * The femoral landmarks that cut the femoral cartilage into plates (docs/DESIGN.md, Eckstein et al. 2006), in knee
 * coordinates of a {@link KneeFrame} (ml lateral, ap anterior, pd proximal; mm) and in LPS.
 * <p>
 * <b>Definitions</b> (one definition, two implementations: the phantom computes the same landmarks analytically, this
 * class from the labels' femur bone, femur and femoral lesion voxels):
 * <ul>
 * <li><b>midline</b> m: the ML position of the intercondylar notch, the highest point between the condyles in a coronal
 * view. In each 1 mm thick coronal slab from 3 to 15 mm behind the notch's anterior end, the profile of the lowest femur
 * bone point over ML is taken in the central part between the tibial plates (the middle half of the span between the
 * plates' centroids; a column without femur bone counts as infinitely high: the notch is open there); the slab's
 * notch position is the middle of the stretch of the profile within 1 mm of its highest value (the notch roof is
 * flat-topped or arched); m is the median over the slabs. Because the slabs depend on the notch's anterior end and
 * that on m, the two are found twice, starting from m = the midpoint of the plates' centroids.</li>
 * <li><b>notch anterior end</b> a_n (an AP coordinate): the most distal point of the femur bone in the band
 * m ± 2 mm, where the notch roof (Blumensaat's line, rising posteriorly) meets the trochlear groove (rising
 * anteriorly). The profile of the band's lowest bone point over AP (sampled every 0.25 mm, each sample over at
 * least one voxel step) is smooth at its minimum, so its lowest sample is ill-conditioned, and on real knees the
 * valley is often flat and lopsided (the steep notch roof behind, a groove rising only slowly in front: within 0.4 mm
 * of its lowest point for 1.3–6.5 mm on the OAI maps). Least-squares parabolas are fitted to the samples within 0.5, 1,
 * 1.5, 2 and 2.5 mm of the lowest; a_n is the median of their vertices, and {@link #notchAnteriorUncertainty()} the
 * larger of half the vertices' range and the median fit's standard error (if no parabola fits, the middle of the
 * stretch within one voxel step of the lowest sample, with half its length as the uncertainty).</li>
 * <li><b>posterior end</b> a_p of each condyle: the most posterior femur bone point in the condyle's ML band, the
 * band centred on the ML position of the tibial plate under it, half as wide as the span between the two plates'
 * centroids; found as the vertex of a parabola through the band's most posterior points per PD (within 1 mm of the
 * lowest).</li>
 * <li><b>weight-bearing boundary</b> of each condyle: the coronal plane ap = a_n − f·(a_n − a_p), f = 0.6 by default
 * (0.75 also in use); the landmark point is where it meets the condyle's distal bone surface at the ML position of
 * the plate under it.</li>
 * </ul>
 * Bone surfaces are taken from voxel centres moved half a voxel outwards (half the voxel's extent along the direction
 * of the extreme), the unbiased position of a surface between the last voxel centre inside and the first outside.
 * The frame's plates must be known (a frame {@linkplain KneeFrame#estimate estimated} from labels).
 * <p>
 * Cost: one pass over the femur's bounding box (see {@link FemurMaps}) and work on 2-D maps; accuracy on the phantom:
 * see the tests. Immutable.
 */
public final class KneeLandmarks {

	/** Weight-bearing fraction by default (docs/DESIGN.md). */
	public static final double DEFAULT_WEIGHT_BEARING_FRACTION = 0.6;
	/** Half-width of the band about the midline in which the notch's anterior end is sought, mm. */
	public static final double NOTCH_BAND = 2;
	/** Coronal slabs for the midline: from this far behind the notch's anterior end … */
	public static final double MIDLINE_SLABS_FROM = 3;
	/** … to this far, mm. */
	public static final double MIDLINE_SLABS_TO = 15;

	/** Landmark names, as in the phantom's truth. */
	public static final String NOTCH_ANTERIOR = "notch_anterior", MEDIAL_CONDYLE_POSTERIOR = "medial_condyle_posterior",
			LATERAL_CONDYLE_POSTERIOR = "lateral_condyle_posterior", MEDIAL_WEIGHT_BEARING_BOUNDARY = "medial_weight_bearing_boundary",
			LATERAL_WEIGHT_BEARING_BOUNDARY = "lateral_weight_bearing_boundary";

	private final KneeFrame frame;
	private final double midline, midlineSpread, notchAnterior, notchUncertainty, weightBearingFraction;
	private final double[] posterior; // medial, lateral a_p
	private final Map<String, double[]> knee;

	private KneeLandmarks(final KneeFrame frame, final double midline, final double midlineSpread, final double notchAnterior,
			final double notchUncertainty, final double[] posterior, final double weightBearingFraction, final Map<String, double[]> knee) {
		if (!(weightBearingFraction > 0 && weightBearingFraction < 1))
			throw new IllegalArgumentException("weight-bearing fraction must be in (0, 1), got " + weightBearingFraction);
		this.frame = frame;
		this.midline = midline;
		this.midlineSpread = midlineSpread;
		this.notchAnterior = notchAnterior;
		this.notchUncertainty = notchUncertainty;
		this.posterior = posterior.clone();
		this.weightBearingFraction = weightBearingFraction;
		this.knee = Collections.unmodifiableMap(new LinkedHashMap<>(knee));
	}

	/**
	 * Landmarks given by their values (e.g. the phantom's analytic ones), without landmark points.
	 *
	 * @param midline          ML knee coordinate of the notch, mm
	 * @param notchAnterior    a_n, AP knee coordinate, mm
	 * @param medialPosterior  a_p of the medial condyle, mm
	 * @param lateralPosterior a_p of the lateral condyle, mm
	 */
	public static KneeLandmarks of(final KneeFrame frame, final double midline, final double notchAnterior, final double medialPosterior,
			final double lateralPosterior, final double weightBearingFraction) {
		return new KneeLandmarks(frame, midline, 0, notchAnterior, 0, new double[] { medialPosterior, lateralPosterior }, weightBearingFraction,
				Map.of());
	}

	/** The landmarks of a label map with the default weight-bearing fraction 0.6. */
	public static KneeLandmarks locate(final KneeLabels labels, final KneeFrame frame) {
		return locate(labels, frame, DEFAULT_WEIGHT_BEARING_FRACTION);
	}

	/**
	 * The landmarks of a label map (see the class description).
	 *
	 * @param frame                 the frame estimated from the same labels
	 * @param weightBearingFraction f in (0, 1): 0.6 (default) or 0.75
	 * @throws IllegalArgumentException if the map has no femur, the frame has no plates, or a landmark cannot be found
	 *         (no femur bone in the band or over a condyle)
	 */
	public static KneeLandmarks locate(final KneeLabels labels, final KneeFrame frame, final double weightBearingFraction) {
		labels.require("the femoral landmarks", KneeStructure.FEMUR);
		if (frame.medialPlate() == null)
			throw new IllegalArgumentException("the femoral landmarks need a knee frame estimated from the labels (with its tibial plates)");
		final VoxelGeometry g = labels.volume().geometry();
		final double step = Math.max(step(g, frame.ml()), step(g, frame.ap()));
		final FemurMaps maps = new FemurMaps(labels, frame, 0.5, 0.25, 0.25);
		final double mlMedial = frame.toKnee(frame.medialPlate().centroid())[0], mlLateral = frame.toKnee(frame.lateralPlate().centroid())[0];
		final double span = mlLateral - mlMedial;
		if (!(span > 0))
			throw new IllegalArgumentException("the lateral plate is not lateral of the medial plate");
		// midline and notch, twice
		double midline = 0.5 * (mlMedial + mlLateral), spread = Double.NaN;
		double[] notch = notch(maps, midline, step(g, frame.ml()), step(g, frame.ap()), labels);
		for (int it = 0; it < 2; it++) {
			final double[] m = midline(maps, 0.5 * (mlMedial + mlLateral), span, notch[0], step);
			if (m != null) {
				midline = m[0];
				spread = m[1];
			}
			notch = notch(maps, midline, step(g, frame.ml()), step(g, frame.ap()), labels);
		}
		final double an = notch[0];
		final Map<String, double[]> points = new LinkedHashMap<>();
		points.put(NOTCH_ANTERIOR, new double[] { midline, an, notch[1] - maps.halfPd });
		final double[] ap = new double[2];
		final double[][] post = new double[2][];
		for (int side = 0; side < 2; side++) {
			final double centre = side == 0 ? mlMedial : mlLateral;
			post[side] = posterior(maps, centre, 0.25 * span, side == 0 ? "medial" : "lateral", labels);
			ap[side] = post[side][1];
		}
		points.put(MEDIAL_CONDYLE_POSTERIOR, post[0]);
		points.put(LATERAL_CONDYLE_POSTERIOR, post[1]);
		for (int side = 0; side < 2; side++) {
			final double centre = side == 0 ? mlMedial : mlLateral;
			final double b = an - weightBearingFraction * (an - ap[side]);
			final float low = maps.lowestOver(maps.mlBin(centre - 1), maps.mlBin(centre + 1), maps.apBin(b - 0.5), maps.apBin(b + 0.5));
			points.put(side == 0 ? MEDIAL_WEIGHT_BEARING_BOUNDARY : LATERAL_WEIGHT_BEARING_BOUNDARY,
					new double[] { centre, b, low < Float.POSITIVE_INFINITY ? low - maps.halfPd : Double.NaN });
		}

		return new KneeLandmarks(frame, midline, spread, an, notch[2], ap, weightBearingFraction, points);
	}

	/** The largest distance between neighbouring voxel centres along the unit direction n: max_a spacing_a·|n·axis_a|. */
	private static double step(final VoxelGeometry g, final double[] n) {
		final org.joml.Vector3d c = new org.joml.Vector3d();
		double s = 0;
		for (int a = 0; a < 3; a++) {
			g.direction().getColumn(a, c);
			s = Math.max(s, g.spacing(a) * Math.abs(c.x * n[0] + c.y * n[1] + c.z * n[2]));
		}
		return s;
	}

	/** Depths of the parabola fits at the notch, mm: samples within this of the lowest are fitted. */
	static final double[] NOTCH_FIT_DEPTHS = { 0.5, 1.0, 1.5, 2.0, 2.5 };

	/**
	 * {a_n, lowest PD there (voxel centres), uncertainty} in the band midline ± 2 mm. The profile is sampled every AP
	 * bin; each sample is the lowest bone point over an AP window of at least one voxel step, so that no sample falls
	 * between voxel centres. A parabola is fitted at each depth of {@link #NOTCH_FIT_DEPTHS}; a_n is the median of the
	 * vertices, its uncertainty the larger of half their range and the median fit's standard error.
	 */
	private static double[] notch(final FemurMaps maps, final double midline, final double stepMl, final double stepAp, final KneeLabels labels) {
		final double band = Math.max(NOTCH_BAND, 0.5 * stepMl);
		final int m0 = maps.mlBin(midline - band + 0.5 * maps.binMl), m1 = maps.mlBin(midline + band - 0.5 * maps.binMl);
		final int w = (int) Math.ceil(0.5 * Math.max(stepAp, maps.binAp) / maps.binAp - 0.5);
		final double[] x = new double[maps.nAp], y = new double[maps.nAp];
		for (int a = 0; a < maps.nAp; a++) {
			x[a] = maps.apAt(a);
			y[a] = maps.lowestOver(m0, m1, a - w, a + w);
		}
		final double[][] fits = new double[NOTCH_FIT_DEPTHS.length][];
		int n = 0;
		for (final double depth : NOTCH_FIT_DEPTHS) {
			final double[] fit = ProfileFits.fitMinimum(x, y, depth, 0);
			if (fit != null)
				fits[n++] = fit;
		}
		if (n > 0) {
			final double[][] ok = java.util.Arrays.copyOf(fits, n);
			java.util.Arrays.sort(ok, (p, q) -> Double.compare(p[0], q[0]));
			final double[] median = ok[(n - 1) / 2];
			return new double[] { median[0], median[1], Math.max(0.5 * (ok[n - 1][0] - ok[0][0]), median[2]) };
		}
		// no parabola: the middle of the stretch within one voxel step (along PD) of the lowest sample
		int best = -1;
		for (int a = 0; a < y.length; a++)
			if (y[a] < Double.POSITIVE_INFINITY && (best < 0 || y[a] < y[best]))
				best = a;
		if (best < 0)
			throw new IllegalArgumentException("no femur bone within " + band + " mm of the notch midline in " + labels.source());
		int lo = best, hi = best;
		while (lo > 0 && y[lo - 1] <= y[best] + 2 * maps.halfPd)
			lo--;
		while (hi + 1 < y.length && y[hi + 1] <= y[best] + 2 * maps.halfPd)
			hi++;
		return new double[] { 0.5 * (x[lo] + x[hi]), y[best], Math.max(0.5 * (x[hi] - x[lo]), maps.binAp) };
	}

	/** {midline, spread (half the interquartile range)} from coronal slabs behind the notch; null if no slab has a profile. */
	private static double[] midline(final FemurMaps maps, final double centre, final double span, final double an, final double step) {
		final double half = Math.max(step, 1.0) / 2; // each profile sample covers at least one voxel step along ML
		final int nSamples = (int) Math.floor(0.5 * span / maps.binMl) + 1;
		final double start = centre - 0.25 * span;
		final double[] found = new double[(int) (MIDLINE_SLABS_TO - MIDLINE_SLABS_FROM) + 1];
		int count = 0;
		for (double slab = an - MIDLINE_SLABS_TO; slab <= an - MIDLINE_SLABS_FROM + 1e-9; slab += 1) {
			final int a0 = maps.apBin(slab - 0.5 + 0.5 * maps.binAp), a1 = maps.apBin(slab + 0.5 - 0.5 * maps.binAp);
			final double[] h = new double[nSamples];
			double top = Double.NEGATIVE_INFINITY;
			for (int s = 0; s < nSamples; s++) {
				final double ml = start + s * maps.binMl;
				h[s] = maps.lowestOver(maps.mlBin(ml - half + 1e-9), maps.mlBin(ml + half - 1e-9), a0, a1);
				top = Math.max(top, h[s]);
			}
			// the stretches within 1 mm of the top; the one holding the highest value, nearest the centre on ties
			double bestMid = Double.NaN, bestTop = Double.NEGATIVE_INFINITY;
			for (int s = 0; s < nSamples;) {
				if (!(h[s] >= top - 1)) {
					s++;
					continue;
				}
				int e = s;
				double stretchTop = h[s];
				while (e + 1 < nSamples && h[e + 1] >= top - 1)
					stretchTop = Math.max(stretchTop, h[++e]);
				final double mid = start + 0.5 * (s + e) * maps.binMl;
				if (stretchTop > bestTop || stretchTop == bestTop && Math.abs(mid - centre) < Math.abs(bestMid - centre)) {
					bestTop = stretchTop;
					bestMid = mid;
				}
				s = e + 1;
			}
			if (!Double.isNaN(bestMid))
				found[count++] = bestMid;
		}
		if (count == 0)
			return null;
		final double[] f = Arrays.copyOf(found, count);
		Arrays.sort(f);
		return new double[] { FrameEstimation.percentile(f, 0.5), 0.5 * (FrameEstimation.percentile(f, 0.75) - FrameEstimation.percentile(f, 0.25)) };
	}

	/** The posterior end of the condyle over the plate at ML {@code centre}: its knee point {ml, ap, pd}. */
	private static double[] posterior(final FemurMaps maps, final double centre, final double halfWidth, final String condyle,
			final KneeLabels labels) {
		final int m0 = maps.mlBin(centre - halfWidth), m1 = maps.mlBin(centre + halfWidth);
		final double[] x = new double[maps.nPd], y = new double[maps.nPd];
		for (int p = 0; p < maps.nPd; p++) {
			x[p] = maps.pdAt(p);
			y[p] = maps.posteriorOver(m0, m1, p);
		}
		final double[] fit = ProfileFits.fitMinimum(x, y, 1.0, 8);
		double pd, ap;
		if (fit != null) {
			pd = fit[0];
			ap = fit[1];
		} else {
			int best = -1;
			for (int p = 0; p < y.length; p++)
				if (y[p] < Double.POSITIVE_INFINITY && (best < 0 || y[p] < y[best]))
					best = p;
			if (best < 0)
				throw new IllegalArgumentException("no femur bone over the " + condyle + " tibial plate in " + labels.source());
			pd = x[best];
			ap = y[best];
		}
		// the ML of the extreme: the bin of the band most posterior in the PD bins about the vertex
		final int p = maps.pdBin(pd);
		double bestMl = centre, bestAp = Double.POSITIVE_INFINITY;
		for (int i = Math.max(0, m0); i <= Math.min(maps.nMl - 1, m1); i++)
			for (int q = Math.max(0, p - 2); q <= Math.min(maps.nPd - 1, p + 2); q++) {
				final float v = maps.posterior[i * maps.nPd + q];
				if (v < bestAp) {
					bestAp = v;
					bestMl = maps.mlAt(i);
				}
			}
		return new double[] { bestMl, ap - maps.halfAp, pd };
	}

	public KneeFrame frame() {
		return frame;
	}

	/** The notch's ML knee coordinate m, mm. */
	public double midline() {
		return midline;
	}

	/** Half the interquartile range of the notch position over the coronal slabs, mm (0 for given landmarks). */
	public double midlineSpread() {
		return midlineSpread;
	}

	/** a_n: the AP knee coordinate of the notch's anterior end, mm. */
	public double notchAnterior() {
		return notchAnterior;
	}

	/** The uncertainty of a_n, mm: the larger of half the range of the parabolas' vertices and the median fit's standard error. */
	public double notchAnteriorUncertainty() {
		return notchUncertainty;
	}

	/** a_p of the medial ({@code true}) or lateral condyle: AP knee coordinate of its posterior end, mm. */
	public double condylePosterior(final boolean medial) {
		return posterior[medial ? 0 : 1];
	}

	/** The AP knee coordinate of the medial or lateral weight-bearing boundary, a_n − f·(a_n − a_p), mm. */
	public double weightBearingBoundary(final boolean medial) {
		return notchAnterior - weightBearingFraction * (notchAnterior - condylePosterior(medial));
	}

	/** f, the weight-bearing fraction. */
	public double weightBearingFraction() {
		return weightBearingFraction;
	}

	/**
	 * The landmark points in knee coordinates (ml, ap, pd), mm, by name ({@value #NOTCH_ANTERIOR},
	 * {@value #MEDIAL_CONDYLE_POSTERIOR}, …, the phantom's names); empty for landmarks given with {@link #of}.
	 */
	public Map<String, double[]> knee() {
		return knee;
	}

	/** A landmark point in knee coordinates (a copy). */
	public double[] knee(final String name) {
		final double[] k = knee.get(name);
		if (k == null)
			throw new IllegalArgumentException("no landmark " + name + "; one of " + knee.keySet());
		return k.clone();
	}

	/** A landmark point in LPS, mm (a new array). */
	public double[] patient(final String name) {
		return frame.toPatient(knee(name));
	}

	/** All landmark points in LPS (new arrays), by name. */
	public Map<String, double[]> patient() {
		final Map<String, double[]> p = new LinkedHashMap<>();
		for (final String name : knee.keySet())
			p.put(name, patient(name));
		return Collections.unmodifiableMap(p);
	}

	@Override
	public String toString() {
		final StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
				"KneeLandmarks[midline %.2f mm (±%.2f), a_n %.2f mm (±%.2f), a_p medial %.2f, lateral %.2f mm, f %.2f: boundaries %.2f, %.2f mm",
				midline, midlineSpread, notchAnterior, notchUncertainty, posterior[0], posterior[1], weightBearingFraction,
				weightBearingBoundary(true), weightBearingBoundary(false)));
		return b.append(']').toString();
	}
}
