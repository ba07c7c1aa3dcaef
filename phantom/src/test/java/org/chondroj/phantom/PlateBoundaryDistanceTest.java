package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Plate#boundaryDistanceBound}: a true lower bound of the distance to the cartilage's boundary, and a tight one. */
class PlateBoundaryDistanceTest {

	private static final double[][] FRAME = { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } };

	/** The default knee's surfaces and plates (with its defect), and made-up plates covering the other cases. */
	private static List<Plate> plates() {
		final List<Plate> plates = new ArrayList<>();
		final KneeModel knee = new KneeModel(AnatomyConfig.defaults());
		plates.addAll(knee.surfaces().values());
		plates.addAll(knee.plates().values());
		for (final boolean convex : new boolean[] { true, false }) {
			// a ψ range wider than π, plane cuts on both sides, a wide bump, a partial and an overlapping full-depth defect
			final Plate wide = Plate.sphere("wide", new double[] { 1, -2, 3 }, 18, convex, FRAME, new double[] { -0.8, 0.7 },
					new double[] { -2.5, 1.9 }, new double[] { -0.95, 0.75 }, 1.2, 1.5, new double[] { 0.2, 0.9, 0.1 }, 1.8);
			final double[] a = wide.directionAt(0.4, 0.5), b = wide.directionAt(0.45, 0.55);
			plates.add(wide);
			plates.add(wide.withDefect(a, 15, 0.8).withDefect(b, 10, Double.POSITIVE_INFINITY));
			// a narrow wedge, one z bound only
			plates.add(Plate.sphere("narrow", new double[] { -4, 0, 2 }, 25, convex, FRAME, new double[] { 0.3, 1 }, new double[] { 0.1, 0.6 },
					new double[] { -1, 1 }, 2, 0.5, new double[] { 1, 0, 0 }, 0.3));
		}
		return plates;
	}

	/** A point near the plate: around its patch (widened by 0.2 in z and ψ), from 3 mm under the bone to 3 mm over the thickest cartilage. */
	private static double[] near(final Plate p, final SplittableRandom r) {
		final double[] zr = p.zRange();
		final double z = Math.max(-1, Math.min(1, r.nextDouble(zr[0] - 0.2, zr[1] + 0.2)));
		final double[] psi = p.psiInterval(Math.max(zr[0], Math.min(zr[1], z)));
		final double lo = psi == null ? -Math.PI : psi[0] - 0.2, hi = psi == null ? Math.PI : psi[1] + 0.2;
		return p.point(z, r.nextDouble(lo, hi), r.nextDouble(-3, p.maxThickness() + 3));
	}

	/**
	 * Every point of the closed ball of the bound's radius (26 directions on its sphere and random points inside) is
	 * on the centre's side of the boundary, for 60 000 points per plate.
	 */
	@Test
	void isALowerBound() {
		final SplittableRandom r = new SplittableRandom(11);
		for (final Plate p : plates()) {
			int inside = 0, positiveInside = 0;
			for (int i = 0; i < 60_000; i++) {
				final double[] c = near(p, r);
				final double d = p.boundaryDistanceBound(c[0], c[1], c[2]);
				assertTrue(d >= 0);
				final boolean in = p.contains(c[0], c[1], c[2]);
				if (in) {
					inside++;
					if (d > 0)
						positiveInside++;
				}
				if (d == 0)
					continue;
				for (int dx = -1; dx <= 1; dx++)
					for (int dy = -1; dy <= 1; dy++)
						for (int dz = -1; dz <= 1; dz++) {
							final double n = Math.sqrt(dx * dx + dy * dy + dz * dz);
							if (n == 0)
								continue;
							assertEquals(in, p.contains(c[0] + d * dx / n, c[1] + d * dy / n, c[2] + d * dz / n),
									() -> p.name() + " at " + c[0] + "," + c[1] + "," + c[2] + " bound " + d);
						}
				for (int k = 0; k < 8; k++) {
					final double x = r.nextDouble(-1, 1), y = r.nextDouble(-1, 1), z = r.nextDouble(-1, 1);
					final double n = Math.sqrt(x * x + y * y + z * z);
					if (n > 1 || n == 0)
						continue;
					assertEquals(in, p.contains(c[0] + d * x, c[1] + d * y, c[2] + d * z), p.name());
				}
			}
			// inside the cartilage, the bound is 0 only on the boundary
			assertTrue(inside > 1000, p.name() + ": " + inside);
			assertEquals(inside, positiveInside, p.name());
		}
	}

	/** On a cap of constant thickness the bound is the exact distance: to the nearer surface inside, to the rim's cone beside it. */
	@Test
	void isExactOnACap() {
		final double alpha = 0.7, t = 2.3, r = 21.5;
		for (final boolean convex : new boolean[] { true, false }) {
			final Plate cap = Plate.sphere("cap", new double[] { 1, -2, 3 }, r, convex, FRAME, new double[] { Math.cos(alpha), 1 },
					new double[] { -Math.PI, Math.PI }, new double[] { -1, 1 }, t, 0, new double[] { 0, 0, 1 }, 0.5);
			// on the axis, 0.8 mm above the bone surface: 0.8 from it, 1.5 from the outer surface
			final double[] a = cap.point(1, 0, 0.8);
			assertEquals(0.8, cap.boundaryDistanceBound(a[0], a[1], a[2]), 1e-8);
			// inside, 0.1 rad from the rim at mid-height: the rim's cone is nearer than both surfaces
			final double mid = convex ? r + t / 2 : r - t / 2;
			final double[] b = cap.point(Math.cos(alpha - 0.1), 0.3, t / 2);
			assertEquals(Math.min(mid * Math.sin(0.1), t / 2), cap.boundaryDistanceBound(b[0], b[1], b[2]), 1e-8);
			// beside the rim, 0.05 rad out, at mid-height: the distance to the cone
			final double[] c = cap.point(Math.cos(alpha + 0.05), -1, t / 2);
			assertEquals(mid * Math.sin(0.05), cap.boundaryDistanceBound(c[0], c[1], c[2]), 1e-8);
			// 1 mm over the cartilage
			final double[] e = cap.point(1, 0, t + 1);
			assertEquals(1, cap.boundaryDistanceBound(e[0], e[1], e[2]), 1e-8);
		}
	}
}
