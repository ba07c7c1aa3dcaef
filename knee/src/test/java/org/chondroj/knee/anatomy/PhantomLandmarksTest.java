package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;

import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.anatomy.PhantomLabels.Knee;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.Tissue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The landmarks from the phantom's label maps against the phantom's own: its analytic landmarks ({@code
 * model.landmarks()}) and, for the notch's anterior end, the lowest point of its femur in the band about the midline
 * found by probing the phantom's continuous model (see {@link #lowestMidlinePoint}).
 * <p>
 * The phantom defines its analytic {@code notch_anterior} as this lowest midline point (the bottom of its anterior
 * femur's ellipsoid, v = 0), so the probe, the analytic landmark and this code's a_n are three views of one
 * definition.
 */
class PhantomLandmarksTest {

	/** Tolerances, mm: of the AP landmark coordinates against their truth, and of the midline. */
	static final double AP_TOLERANCE = 0.3, MIDLINE_TOLERANCE = 0.5;

	private static double[] lowest;

	/**
	 * The phantom's lowest femur point in the band |u| ≤ 2 mm, K mm {u, v, w}: the femur's lower surface found by
	 * bisection (to 1e-4 mm) on a grid of columns 0.25 mm apart in u and 0.1 mm in v, the minimum over u per v, and the
	 * vertex of a parabola through the profile within 0.5 mm of its lowest sample. The same for every pose and side
	 * (K is the anatomy's own frame).
	 */
	static synchronized double[] lowestMidlinePoint(final KneeModel model) {
		if (lowest != null)
			return lowest.clone();
		final int nv = 161;
		final double[] v = new double[nv], w = new double[nv], u = new double[nv];
		for (int j = 0; j < nv; j++) {
			v[j] = -8 + 0.1 * j;
			w[j] = Double.POSITIVE_INFINITY;
			for (double uu = -2; uu <= 2 + 1e-9; uu += 0.25) {
				final double b = bottom(model, uu, v[j]);
				if (b < w[j]) {
					w[j] = b;
					u[j] = uu;
				}
			}
		}
		final double[] fit = ProfileFits.fitMinimum(v, w, 0.5, 0);
		int best = 0;
		for (int j = 0; j < nv; j++)
			if (w[j] < w[best])
				best = j;
		lowest = new double[] { u[best], fit[0], fit[1] };
		return lowest.clone();
	}

	/** The lowest w of the femur over K column (u, v), found upward from w = 0 in steps of 0.1 mm, then bisected. */
	private static double bottom(final KneeModel model, final double u, final double v) {
		double below = 0;
		for (double w = 0; w < 40; w += 0.1) {
			if (isFemur(model.tissueAtKnee(u, v, w))) {
				double lo = below, hi = w;
				while (hi - lo > 1e-4) {
					final double mid = 0.5 * (lo + hi);
					if (isFemur(model.tissueAtKnee(u, v, mid)))
						hi = mid;
					else
						lo = mid;
				}
				return 0.5 * (lo + hi);
			}
			below = w;
		}
		return Double.POSITIVE_INFINITY;
	}

	private static boolean isFemur(final Tissue t) {
		return t == Tissue.FEMUR_CORTEX || t == Tissue.FEMUR_MARROW || t == Tissue.FEMORAL_LESION;
	}

	/**
	 * For the standard right and left knee and the 25°-rotated knee: midline (ML of the notch point) within
	 * {@value #MIDLINE_TOLERANCE} mm of the phantom's notch (u = 0); a_n within {@value #AP_TOLERANCE} mm of the lowest
	 * midline point; the condyles' posterior ends and the weight-bearing boundaries (against the boundary computed from
	 * that a_n and the analytic a_p) within {@value #AP_TOLERANCE} mm in v; the distance of every point to the analytic
	 * landmark printed; the analytic notch landmark equal to the probed lowest point.
	 */
	@ParameterizedTest
	@EnumSource(Knee.class)
	void againstThePhantom(final Knee knee) {
		final KneeModel model = PhantomLabels.model(knee);
		final KneeLabels labels = PhantomLabels.labels(knee);
		final KneeFrame frame = KneeFrame.estimate(labels);
		final KneeLandmarks lm = KneeLandmarks.locate(labels, frame);
		final double[] geo = lowestMidlinePoint(model);
		final Map<String, double[]> truth = model.landmarks().knee();
		final double f = model.landmarks().weightBearingFraction();
		assertEquals(f, lm.weightBearingFraction());
		final StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "phantom %s: %s%n", knee, lm));
		for (final Map.Entry<String, double[]> e : lm.patient().entrySet()) {
			final double[] k = model.toKnee(e.getValue()), t = truth.get(e.getKey());
			final double[] d = PhantomLabels.sub(k, t);
			report.append(String.format(Locale.ROOT, "  %-32s K (%.2f, %.2f, %.2f) vs analytic (%.2f, %.2f, %.2f): %.2f mm (du %.2f, dv %.2f, dw %.2f)%n",
					e.getKey(), k[0], k[1], k[2], t[0], t[1], t[2], Math.sqrt(PhantomLabels.dot(d, d)), d[0], d[1], d[2]));
		}
		final double[] notch = model.toKnee(lm.patient(KneeLandmarks.NOTCH_ANTERIOR));
		report.append(String.format(Locale.ROOT, "  lowest midline femur point of the phantom (probed): v %.3f, w %.3f; measured a_n - it: %.3f mm; "
				+ "analytic notch_anterior - it: %.3f mm%n", geo[1], geo[2], notch[1] - geo[1], truth.get("notch_anterior")[1] - geo[1]));
		System.out.print(report);
		assertEquals(0, notch[0], MIDLINE_TOLERANCE, "midline");
		assertEquals(geo[1], notch[1], AP_TOLERANCE, "a_n against the lowest midline point");
		assertEquals(geo[2], notch[2], 0.3, "the notch point's height");
		assertTrue(lm.notchAnteriorUncertainty() < AP_TOLERANCE, "uncertainty " + lm.notchAnteriorUncertainty());
		for (final String side : new String[] { "medial", "lateral" }) {
			final double ap = model.toKnee(lm.patient(side + "_condyle_posterior"))[1];
			assertEquals(truth.get(side + "_condyle_posterior")[1], ap, AP_TOLERANCE, side + " a_p");
			final double expected = geo[1] - f * (geo[1] - truth.get(side + "_condyle_posterior")[1]);
			final double[] b = model.toKnee(lm.patient(side + "_weight_bearing_boundary"));
			assertEquals(expected, b[1], AP_TOLERANCE, side + " weight-bearing boundary");
			assertEquals(truth.get(side + "_weight_bearing_boundary")[0], b[0], 1.0, side + " boundary point's u");
			assertEquals(truth.get(side + "_weight_bearing_boundary")[2], b[2], 0.5, side + " boundary point's w");
		}
		// one definition, two implementations: the analytic notch landmark is the phantom's lowest midline point
		assertEquals(0, truth.get("notch_anterior")[1] - geo[1], 0.02);
		assertEquals(truth.get("notch_anterior")[1], notch[1], AP_TOLERANCE, "a_n against the analytic landmark");
	}

	/** KneeAnatomy is the frame, the landmarks and the regions of one call; a user side overrides the anatomy. */
	@Test
	void oneCall() {
		final KneeLabels labels = PhantomLabels.labels(Knee.LEFT);
		final KneeAnatomy a = KneeAnatomy.of(labels, org.chondroj.core.Laterality.UNKNOWN, 0.75);
		final KneeLandmarks separate = KneeLandmarks.locate(labels, KneeFrame.estimate(labels), 0.75);
		assertEquals(separate.notchAnterior(), a.landmarks().notchAnterior());
		assertEquals(separate.weightBearingBoundary(true), a.regions().landmarks().weightBearingBoundary(true));
		assertEquals(org.chondroj.core.Laterality.LEFT, a.frame().side());
		assertEquals(org.chondroj.core.Laterality.RIGHT, KneeAnatomy.of(labels, org.chondroj.core.Laterality.RIGHT, 0.6).frame().side());
	}

	/** f = 0.75 moves each boundary to a_n − 0.75·(a_n − a_p), everything else unchanged. */
	@Test
	void weightBearingFraction() {
		final KneeLabels labels = PhantomLabels.labels(Knee.RIGHT);
		final KneeFrame frame = KneeFrame.estimate(labels);
		final KneeLandmarks l60 = KneeLandmarks.locate(labels, frame), l75 = KneeLandmarks.locate(labels, frame, 0.75);
		assertEquals(l60.notchAnterior(), l75.notchAnterior());
		for (final boolean medial : new boolean[] { true, false }) {
			assertEquals(l60.condylePosterior(medial), l75.condylePosterior(medial));
			assertEquals(l75.notchAnterior() - 0.75 * (l75.notchAnterior() - l75.condylePosterior(medial)), l75.weightBearingBoundary(medial), 1e-12);
			assertTrue(l75.weightBearingBoundary(medial) < l60.weightBearingBoundary(medial) - 3);
		}
	}
}
