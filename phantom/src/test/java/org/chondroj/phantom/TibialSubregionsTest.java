package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The tibial subregions of the truth (PhantomTruth's definition): the central ellipse holds 20 % of tAB, the five add
 * up to the plate, external is away from the knee's midline, and every area and volume agrees with an independent
 * brute-force midpoint rule that finds its own centre, scales and k.
 */
class TibialSubregionsTest {

	private static final String[] KEYS = { "tAB", "cAB", "VC", "AC" };

	/** A knee whose tibial plates are not symmetric: a defect on the medial side of MT, one on the lateral side of LT. */
	private static KneeModel asymmetricKnee() {
		return new KneeModel(AnatomyConfig.defaults().withDefects(List.of(new AnatomyConfig.Defect("MT", 0.5, 0.1, 10, 100),
				new AnatomyConfig.Defect("LT", 0.55, 0.9, 8, 100), new AnatomyConfig.Defect("LT", 0.85, 0.45, 12, 0.7))));
	}

	/** Central share 20 % to 1e-12; the parts add up to the plate to 1e-12; a, p, e, i in the right places. */
	@Test
	void centralHoldsTwentyPercentAndThePartsAddUp() {
		final KneeModel model = asymmetricKnee();
		final PhantomTruth truth = PhantomTruth.of(model);
		for (final String t : new String[] { "MT", "LT" }) {
			final PlateTruth whole = truth.plates().get(t);
			final PlateTruth c = truth.plates().get("c" + t);
			assertEquals(0.2, c.tAB() / whole.tAB(), 1e-12, t);
			PlateTruth sum = c;
			for (final String s : new String[] { "a", "p", "e", "i" })
				sum = sum.plus(truth.plates().get(s + t));
			for (final String k : KEYS)
				assertEquals(whole.get(k), sum.get(k), 1e-12 * whole.get(k), t + " " + k);
			assertEquals(whole.thCtAB(), sum.thCtAB(), 1e-12, t);
			assertEquals(whole.thCcABMax(), sum.thCcABMax(), 0, t);
		}
		// the full-depth defects: on the medial side of MT (external), on the lateral side of LT (external)
		final PlateTruth e = truth.plates().get("eMT"), i = truth.plates().get("iMT");
		assertEquals(e.tAB() - 10, e.cAB(), 1e-9 * e.tAB());
		assertEquals(i.tAB(), i.cAB(), 1e-9 * i.tAB());
		assertEquals(truth.plates().get("eLT").tAB() - 8, truth.plates().get("eLT").cAB(), 1e-9 * e.tAB());
		assertEquals(truth.plates().get("iLT").tAB(), truth.plates().get("iLT").cAB(), 1e-9 * e.tAB());
		// the centre is the plateau's: between the plates' centres in v, at the plateau centre in u (symmetric in u
		// but for the defects, which do not move the bone surface)
		final PhantomTruth.TibialEllipse mt = truth.tibialEllipses().get("MT");
		assertEquals(model.landmarks().knee().get("medial_plateau_centre")[0], mt.u0(), 1e-9);
		assertTrue(truth.landmarks().knee().containsKey("medial_tibial_subregion_centre"));
		final double[] centre = truth.landmarks().knee().get("lateral_tibial_subregion_centre");
		final double[] lt = model.plates().get("LT").centre();
		assertEquals(model.plates().get("LT").radius(), Math.sqrt(Math.pow(centre[0] - lt[0], 2) + Math.pow(centre[1] - lt[1], 2)
				+ Math.pow(centre[2] - lt[2], 2)), 1e-9);
		assertTrue(centre[2] < 0, "on the tibial bone surface, below the joint line");
	}

	/**
	 * Against a 4000 × 4000 midpoint rule on the area-preserving (z, ψ) grid (equal-area cells), which computes the
	 * centre and scales as cell sums and k as the 20 % quantile of x² + y² over the cells: the subregions' tAB, cAB and VC
	 * agree to 5e-5 relative, the centre to 1e-6 mm, the scales to 1e-6 and k to 2e-5 relative. Those are the midpoint
	 * rule's own errors (its cells straddle the ellipse and the diagonals): measured 2.5e-5 at most for the areas and
	 * volumes, 6e-6 for k, oscillating in sign and shrinking with n (1.3e-4 at n = 1000, 4e-5 at 2000); the quadrature
	 * agrees with itself at 4 × 4 and 16 × 16 panels to 1e-10. On the knee's plates and on a tilted plate whose rings are
	 * curves in the (u, v) plane.
	 */
	@Test
	@Tag("slow")
	void agreesWithBruteForce() {
		final KneeModel model = asymmetricKnee();
		check(model.plates().get("MT"), true);
		check(model.plates().get("LT"), false);
		// a tilted convex patch with an off-centre bump and a defect: its rings are not lines of constant v
		final double[][] frame = rotated(new double[][] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } }, new double[] { 1, 2, 0.5 }, 0.4);
		final double[] centre = { 3, -4, -60 }, zRange = { -0.25, 0.3 }, psiRange = { -0.35, 0.25 }, kRange = { -1, 1 };
		final Plate untilted = Plate.sphere("tilted", centre, 50, true, frame, zRange, psiRange, kRange, 1.2, 0, frame[2], 0.25);
		final Plate tilted = Plate.sphere("tilted", centre, 50, true, frame, zRange, psiRange, kRange, 1.2, 1.4,
				untilted.directionAt(0.3, 0.7), 0.25).withDefect(untilted.directionAt(0.6, 0.25), 15, 100);
		check(tilted, true);
	}

	private static void check(final Plate plate, final boolean medial) {
		final PhantomTruth.TibialEllipse e = PhantomTruth.TibialEllipse.of(plate);
		final PlateTruth[] parts = plate.integrate(e.partition(medial));
		final BruteForce b = new BruteForce(plate, 4000, medial);
		assertEquals(b.u0, e.u0(), 1e-6, plate.name());
		assertEquals(b.v0, e.v0(), 1e-6, plate.name());
		assertEquals(b.su, e.sigmaU(), 1e-6 * b.su, plate.name());
		assertEquals(b.sv, e.sigmaV(), 1e-6 * b.sv, plate.name());
		assertEquals(b.k, e.k(), 2e-5 * b.k, plate.name());
		for (int p = 0; p < 5; p++) {
			final String name = PhantomTruth.TIBIAL_SUBREGIONS[p] + plate.name();
			assertEquals(b.area[p], parts[p].tAB(), 5e-5 * parts[p].tAB(), name + " tAB");
			assertEquals(b.covered[p], parts[p].cAB(), 5e-5 * parts[p].tAB(), name + " cAB");
			assertEquals(b.volume[p], parts[p].vc(), 5e-5 * parts[p].vc(), name + " VC");
		}
	}

	/**
	 * The independent estimate: plain sums over the centres of the n × n equal-area cells of the patch's (z, ψ)
	 * rectangle (every cell centre is in the patch for the plates here).
	 */
	private static final class BruteForce {
		final double u0, v0, su, sv, k;
		final double[] area = new double[5], covered = new double[5], volume = new double[5];

		BruteForce(final Plate plate, final int n, final boolean medial) {
			final double[] z = plate.zRange();
			final double[] psi = plate.psiInterval(0.5 * (z[0] + z[1]));
			final double r = plate.radius(), cells = (double) n * n;
			final double cell = r * r * (z[1] - z[0]) * (psi[1] - psi[0]) / cells;
			final double[] c = plate.centre();
			// the frame from the parameterisation: d(1, ·) = e1, d(0, π/2) = e2, d(0, 0) = e3
			final double[] e1 = plate.direction(1, 0), e2 = plate.direction(0, Math.PI / 2), e3 = plate.direction(0, 0);
			final double[] zs = new double[n], rhos = new double[n], sins = new double[n], coss = new double[n];
			for (int i = 0; i < n; i++) {
				zs[i] = z[0] + (z[1] - z[0]) * (i + 0.5) / n;
				rhos[i] = Math.sqrt(1 - zs[i] * zs[i]);
				final double p = psi[0] + (psi[1] - psi[0]) * (i + 0.5) / n;
				sins[i] = Math.sin(p);
				coss[i] = Math.cos(p);
			}
			// bone points (u, v) of every cell, as floats (offsets from the sphere centre keep 7 digits of a mm)
			final float[] us = new float[n * n], vs = new float[n * n];
			double su0 = 0, sv0 = 0;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					final double du = r * (zs[i] * e1[0] + rhos[i] * (sins[j] * e2[0] + coss[j] * e3[0]));
					final double dv = r * (zs[i] * e1[1] + rhos[i] * (sins[j] * e2[1] + coss[j] * e3[1]));
					us[i * n + j] = (float) du;
					vs[i * n + j] = (float) dv;
					su0 += du;
					sv0 += dv;
				}
			final double mu = su0 / cells, mv = sv0 / cells;
			u0 = c[0] + mu;
			v0 = c[1] + mv;
			double suu = 0, svv = 0;
			for (int q = 0; q < n * n; q++) {
				suu += (us[q] - mu) * (us[q] - mu);
				svv += (vs[q] - mv) * (vs[q] - mv);
			}
			su = Math.sqrt(suu / cells);
			sv = Math.sqrt(svv / cells);
			final double[] r2 = new double[n * n];
			for (int q = 0; q < n * n; q++) {
				final double x = (us[q] - mu) / su, y = (vs[q] - mv) / sv;
				r2[q] = x * x + y * y;
			}
			final double[] sorted = r2.clone();
			Arrays.sort(sorted);
			final int m = (int) Math.round(0.2 * cells);
			k = Math.sqrt(0.5 * (sorted[m - 1] + sorted[m]));
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					final int q = i * n + j;
					final double x = (us[q] - mu) / su, y = (vs[q] - mv) / sv;
					final int part = r2[q] <= k * k ? 0 : Math.abs(y) >= Math.abs(x) ? (y > 0 ? 1 : 2) : (x < 0) == medial ? 3 : 4;
					final double t = plate.thickness(zs[i] * e1[0] + rhos[i] * (sins[j] * e2[0] + coss[j] * e3[0]),
							zs[i] * e1[1] + rhos[i] * (sins[j] * e2[1] + coss[j] * e3[1]),
							zs[i] * e1[2] + rhos[i] * (sins[j] * e2[2] + coss[j] * e3[2]));
					area[part] += cell;
					if (t > 0) {
						covered[part] += cell;
						final double outer = plate.convex() ? r + t : r - t;
						volume[part] += Math.abs(outer * outer * outer - r * r * r) / 3 * cell / (r * r);
					}
				}
		}
	}

	/** The frame's rows rotated about an axis by an angle (Rodrigues). */
	private static double[][] rotated(final double[][] frame, final double[] axis, final double angle) {
		final double[] a = Plate.unit(axis);
		final double c = Math.cos(angle), s = Math.sin(angle);
		final double[][] out = new double[3][];
		for (int i = 0; i < 3; i++) {
			final double[] v = frame[i], x = Plate.cross(a, v);
			final double d = Plate.dot(a, v);
			out[i] = new double[] { v[0] * c + x[0] * s + a[0] * d * (1 - c), v[1] * c + x[1] * s + a[1] * d * (1 - c),
					v[2] * c + x[2] * s + a[2] * d * (1 - c) };
		}
		return out;
	}
}
