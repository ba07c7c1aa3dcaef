package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lesions' largest diameter (closed forms and Monte Carlo bounds) and size grades of the truth. */
class LesionTruthTest {

	/** Balls inside the marrow: the diameter of a union of balls, max |cᵢ − cⱼ| + rᵢ + rⱼ, to 1e-9 mm. */
	@Test
	void uncutBallsGiveTheUnionsDiameter() {
		final SplittableRandom random = new SplittableRandom(3);
		for (int trial = 0; trial < 20; trial++) {
			final int n = 1 + trial % 4;
			final double[] balls = new double[4 * n];
			for (int i = 0; i < n; i++) {
				for (int a = 0; a < 3; a++)
					balls[4 * i + a] = random.nextDouble(-4, 4);
				balls[4 * i + 3] = random.nextDouble(1, 5);
			}
			double exact = 0;
			for (int i = 0; i < n; i++)
				for (int j = i; j < n; j++)
					exact = Math.max(exact, Math.sqrt(Math.pow(balls[4 * i] - balls[4 * j], 2) + Math.pow(balls[4 * i + 1] - balls[4 * j + 1], 2)
							+ Math.pow(balls[4 * i + 2] - balls[4 * j + 2], 2)) + balls[4 * i + 3] + balls[4 * j + 3]);
			assertEquals(exact, LesionDiameters.of(balls, (x, y, z) -> -100), 1e-9, "trial " + trial);
		}
	}

	/**
	 * A ball cut by a plane (the marrow below it): 2r while the centre is in the marrow, else the rim's diameter
	 * 2√(r² − d²) (the cap is less than a half ball): to 1e-9 mm. The rim is an edge where the sphere meets the cut.
	 */
	@Test
	void ballCutByAPlane() {
		final double r = 4;
		final double[] n = Plate.unit(new double[] { 0.3, -0.5, 0.8 });
		for (final double d : new double[] { -2.5, -0.5, 0.7, 2.2, 3.9 }) {
			final double[] balls = { 1 + d * n[0], 2 + d * n[1], -1 + d * n[2], r };
			// marrow: (p − (1, 2, −1))·n < 0; the centre is d above the plane
			final double diameter = LesionDiameters.of(balls, (x, y, z) -> (x - 1) * n[0] + (y - 2) * n[1] + (z + 1) * n[2]);
			assertEquals(d <= 0 ? 2 * r : 2 * Math.sqrt(r * r - d * d), diameter, 1e-9, "d " + d);
		}
	}

	/**
	 * A ball cut by a large sphere, both ways: a convex bone (the marrow inside the sphere) leaves a lens, a concave
	 * one (the marrow outside) a meniscus; when the ball keeps less than its half, the diameter is the rim's: 2a, to
	 * 1e-9 mm.
	 */
	@Test
	void ballCutBySpheres() {
		final double bigR = 21, r = 4;
		final double[] big = { 0.5, -1, 2 }, axis = Plate.unit(new double[] { -0.2, 0.4, 1 });
		for (final boolean convex : new boolean[] { true, false })
			for (final double dc : new double[] { 1.5, 2.5, 3.5 }) {
				// the ball's centre dc outside the marrow (convex: beyond the sphere; concave: inside it)
				final double d = convex ? bigR + dc : bigR - dc;
				final double[] balls = { big[0] + d * axis[0], big[1] + d * axis[1], big[2] + d * axis[2], r };
				final LesionDiameters.Field marrow = (x, y, z) -> {
					final double q = Math.sqrt(Math.pow(x - big[0], 2) + Math.pow(y - big[1], 2) + Math.pow(z - big[2], 2)) - bigR;
					return convex ? q : -q;
				};
				// the rim: the two spheres' circle; its plane lies h from the ball's centre (towards the big centre)
				final double h = (d * d + r * r - bigR * bigR) / (2 * d);
				final double rim = 2 * Math.sqrt(r * r - h * h);
				assertEquals(rim, LesionDiameters.of(balls, marrow), 1e-9, (convex ? "lens " : "meniscus ") + dc);
			}
	}

	/**
	 * The lesions of a knee (five compartments): the diameter is no smaller than the largest distance between two of
	 * 2¹⁸ Monte Carlo points of the lesion and exceeds it by less than 0.1 mm (the points' gap at the lesion's ends).
	 */
	@Test
	@Tag("slow")
	void kneeLesionsAgreeWithMonteCarloPoints() {
		final KneeModel m = new KneeModel(AnatomyConfig.defaults().withLesions(List.of(new AnatomyConfig.Lesion("MF", 0.5, 0.55, 300),
				new AnatomyConfig.Lesion("LT", 0.5, 0.5, 200), new AnatomyConfig.Lesion("P", 0.5, 0.5, 150),
				new AnatomyConfig.Lesion("MT", 0.1, 0.9, 400), new AnatomyConfig.Lesion("TrF", 0.9, 0.1, 100))));
		final PhantomTruth truth = PhantomTruth.of(m);
		for (final KneeModel.LesionShape s : m.lesionShapes()) {
			final double d = truth.lesions().get(s.compartment).largestDiameter();
			final double[] b = s.box;
			final SplittableRandom random = new SplittableRandom(11);
			final List<double[]> hits = new ArrayList<>();
			for (int i = 0; i < 1 << 20; i++) {
				final double x = random.nextDouble(b[0], b[3]), y = random.nextDouble(b[1], b[4]), z = random.nextDouble(b[2], b[5]);
				if (KneeModel.ballsContain(s.balls, x, y, z) && m.boneSdf(s.bone, x, y, z) < -m.cortex())
					hits.add(new double[] { x, y, z });
			}
			// the points extreme in 400 directions, then their largest pairwise distance
			final List<double[]> extreme = new ArrayList<>();
			for (int k = 0; k < 400; k++) {
				final double uz = 1 - 2 * (k + 0.5) / 400, ur = Math.sqrt(1 - uz * uz), phi = k * Math.PI * (3 - Math.sqrt(5));
				double[] best = null;
				double max = -Double.MAX_VALUE;
				for (final double[] h : hits) {
					final double v = h[0] * ur * Math.cos(phi) + h[1] * ur * Math.sin(phi) + h[2] * uz;
					if (v > max) {
						max = v;
						best = h;
					}
				}
				extreme.add(best);
			}
			double sample = 0;
			for (final double[] p : extreme)
				for (final double[] q : extreme)
					sample = Math.max(sample, Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2)));
			assertTrue(d >= sample - 1e-9 && d < sample + 0.1, s.compartment + ": diameter " + d + ", Monte Carlo points " + sample);
		}
		// a compartment without lesions
		final PhantomTruth.LesionTruth none = truth.lesions().get("LF");
		assertEquals(0, none.count());
		assertEquals(0, none.largestDiameter());
		assertEquals(0, none.moaksGrade());
		assertEquals(0, none.wormsGrade());
		final PhantomTruth.LesionTruth mf = truth.lesions().get("MF");
		assertEquals(PhantomTruth.moaksGrade(mf.share()), mf.moaksGrade());
		assertTrue(mf.moaksGrade() >= 1 && mf.wormsGrade() >= 1);
	}

	/** The grade boundaries: MOAKS 0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 %; WORMS 0, 1 &lt; 25 %, 2 25–50 %, 3 &gt; 50 %. */
	@Test
	void gradeBoundaries() {
		final double[] shares = { 0, 1e-9, 10, 32.999, 33, 50, 66, 66.001, 100 };
		final int[] moaks = { 0, 1, 1, 1, 2, 2, 2, 3, 3 };
		for (int i = 0; i < shares.length; i++)
			assertEquals(moaks[i], PhantomTruth.moaksGrade(shares[i]), "MOAKS " + shares[i]);
		final double[] wShares = { 0, 1e-9, 24.999, 25, 40, 50, 50.001, 100 };
		final int[] worms = { 0, 1, 1, 2, 2, 2, 3, 3 };
		for (int i = 0; i < wShares.length; i++)
			assertEquals(worms[i], PhantomTruth.wormsGrade(wShares[i]), "WORMS " + wShares[i]);
	}
}
