package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The plates follow docs/DESIGN.md's definitions on the phantom's own landmarks. */
class AnatomyPlatesTest {

	/**
	 * cMF/cLF run from the notch's anterior end (a coronal plane) to the weight-bearing fraction (0.6 or 0.75) of the
	 * distance to the condyle's posterior end; pMF/pLF are the rest of the condyle surface; together they are the
	 * whole condyle surface.
	 */
	@Test
	void weightBearingSplitFollowsTheLandmarks() {
		for (final double f : new double[] { 0.6, 0.75 }) {
			final KneeModel m = new KneeModel(AnatomyConfig.healthy().withWeightBearingFraction(f));
			final Map<String, double[]> k = m.landmarks().knee();
			final double vNotch = k.get("notch_anterior")[1];
			for (final String side : new String[] { "medial", "lateral" }) {
				final String c = side.equals("medial") ? "MF" : "LF";
				final double vPost = k.get(side + "_condyle_posterior")[1];
				final double vSplit = vNotch - f * (vNotch - vPost);
				assertEquals(vSplit, k.get(side + "_weight_bearing_boundary")[1], 1e-12);
				checkRange(m.plates().get("c" + c), vSplit, vNotch);
				checkRange(m.plates().get("p" + c), -1e9, vSplit);
				final PlateTruth whole = m.surfaces().get(c).integrate();
				final PlateTruth parts = m.plates().get("c" + c).integrate().plus(m.plates().get("p" + c).integrate());
				assertEquals(whole.tAB(), parts.tAB(), 1e-6 * whole.tAB());
				assertEquals(whole.vc(), parts.vc(), 1e-6 * whole.vc());
			}
		}
		final PhantomTruth t60 = PhantomTruth.of(new KneeModel(AnatomyConfig.healthy()));
		final PhantomTruth t75 = PhantomTruth.of(new KneeModel(AnatomyConfig.healthy().withWeightBearingFraction(0.75)));
		assertTrue(t75.plates().get("cMF").tAB() > t60.plates().get("cMF").tAB());
		assertEquals(0.75, t75.weightBearingFraction());
	}

	/** Every bone point of the plate (on a fine grid of its parameters, edges included) has v_lo ≤ v ≤ v_hi. */
	private static void checkRange(final Plate p, final double vLo, final double vHi) {
		final double[] z = p.zRange();
		final int n = 200;
		for (int i = 0; i <= n; i++) {
			final double zi = z[0] + (z[1] - z[0]) * i / n;
			final double[] psi = p.psiInterval(zi);
			for (int j = 0; j <= n; j++) {
				final double v = p.point(zi, psi[0] + (psi[1] - psi[0]) * j / n, 0)[1];
				assertTrue(v >= vLo - 1e-9 && v <= vHi + 1e-9, p.name() + " v " + v + " outside " + vLo + ".." + vHi);
			}
		}
	}

	/** Femoral thirds add up to the plate; the healthy knee's thirds are symmetric about the condyle centre. */
	@Test
	void femoralThirdsAddUp() {
		final PhantomTruth t = PhantomTruth.of(new KneeModel(AnatomyConfig.healthy()));
		for (final String c : new String[] { "MF", "LF" }) {
			final PlateTruth sum = t.plates().get("ec" + c).plus(t.plates().get("cc" + c)).plus(t.plates().get("ic" + c));
			assertEquals(t.plates().get("c" + c).vc(), sum.vc(), 1e-6 * sum.vc());
			assertEquals(t.plates().get("c" + c).tAB(), sum.tAB(), 1e-6 * sum.tAB());
			assertEquals(t.plates().get("ec" + c).vc(), t.plates().get("ic" + c).vc(), 1e-6 * sum.vc());
		}
		// MFTC = MT + cMF
		assertEquals(t.plates().get("MT").vc() + t.plates().get("cMF").vc(), t.plates().get("MFTC").vc(), 1e-9);
	}
}
