package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The plate quadrature against closed forms. */
class PlateTest {

	private static final double[][] FRAME = { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } };

	/** A cap of half-angle α around e1 (z ∈ [cos α, 1], all ψ) with constant thickness. */
	private static Plate cap(final double r, final double alpha, final double t, final boolean convex) {
		return Plate.sphere("cap", new double[] { 1, -2, 3 }, r, convex, FRAME, new double[] { Math.cos(alpha), 1 },
				new double[] { -Math.PI, Math.PI }, new double[] { -1, 1 }, t, 0, new double[] { 0, 0, 1 }, 0.5);
	}

	/** Constant thickness on a cap: tAB, VC, AC and the thickness moments equal the closed forms to 1e-6 relative. */
	@Test
	void constantThicknessCapIsExact() {
		for (final boolean convex : new boolean[] { true, false }) {
			final double r = 21.5, alpha = 0.7, t = 2.3;
			final PlateTruth m = cap(r, alpha, t, convex).integrate();
			final double omega = 2 * Math.PI * (1 - Math.cos(alpha));
			final double vc = convex ? omega / 3 * (Math.pow(r + t, 3) - r * r * r) : omega / 3 * (r * r * r - Math.pow(r - t, 3));
			final double outer = convex ? r + t : r - t;
			assertEquals(omega * r * r, m.tAB(), 1e-9 * m.tAB());
			assertEquals(m.tAB(), m.cAB(), 1e-9 * m.tAB());
			assertEquals(vc, m.vc(), 1e-6 * vc);
			assertEquals(omega * outer * outer, m.ac(), 1e-6 * m.ac());
			assertEquals(t, m.thCcAB(), 1e-9);
			assertEquals(t, m.thCtAB(), 1e-9);
			assertEquals(t, m.thCcABMax(), 1e-12);
			assertEquals(0, m.thCcABSd(), 1e-6);
			assertEquals(0, m.dAB(), 1e-9);
		}
	}

	/** A full-depth defect of area A: cAB = tAB − A and dAB = A/tAB to 1e-6 relative, with a bump present too. */
	@Test
	void fullDepthDefectRemovesItsArea() {
		final Plate plate = Plate.sphere("p", new double[] { 0, 0, 0 }, 22, true, FRAME, new double[] { -0.45, 0.45 },
				new double[] { -2.0, 1.2 }, new double[] { -1, 0.6 }, 1.5, 1.0, new double[] { 0.3, 1, 0.1 }, 0.6);
		final double area = 37.5;
		final Plate defect = plate.withDefect(new double[] { 0.1, 1, -0.2 }, area, 100);
		final PlateTruth a = plate.integrate(), b = defect.integrate();
		assertEquals(a.tAB(), b.tAB(), 1e-9 * a.tAB());
		assertEquals(a.tAB() - area, b.cAB(), 1e-6 * a.tAB());
		assertEquals(100 * area / a.tAB(), b.dAB(), 1e-4);
		assertTrue(b.vc() < a.vc());
		assertThrows(IllegalArgumentException.class, () -> plate.withDefect(new double[] { 0, -1, 0 }, area, 1));
	}

	/** VC of a bumped plate with a partial defect against a Monte Carlo integral of the shell (independent). */
	@Test
	void volumeAgreesWithMonteCarlo() {
		final Plate plate = Plate.sphere("p", new double[] { 0, 0, 0 }, 20, false, FRAME, new double[] { -0.4, 0.5 },
				new double[] { -0.8, 0.9 }, new double[] { -0.7, 1 }, 1.2, 1.5, new double[] { 0.1, 1, 0.2 }, 0.5)
				.withDefect(new double[] { 0.2, 1, 0.1 }, 20, 0.8);
		final PlateTruth m = plate.integrate();
		final SplittableRandom random = new SplittableRandom(7);
		final int n = 4_000_000;
		int hits = 0;
		// sample the box [-20,20]³ restricted to where the shell can be (the concave shell lies at 17.3..20 from c)
		for (int i = 0; i < n; i++) {
			final double x = random.nextDouble(-20, 20), y = random.nextDouble(0, 20), z = random.nextDouble(-20, 20);
			if (plate.contains(x, y, z))
				hits++;
		}
		final double p = hits / (double) n, box = 40 * 40 * 20;
		final double se = box * Math.sqrt(p * (1 - p) / n);
		assertEquals(m.vc(), p * box, 4 * se, "standard error " + se);
	}

	/**
	 * A sphere cut by two parallel tilted planes into three zones: their areas 2πR·(height) (Archimedes) and volumes
	 * (constant thickness) to 1e-12 relative. The planes cross the rings obliquely and are tangent to some: every
	 * breakpoint and event of the partition is found numerically.
	 */
	@Test
	void partitionByTiltedPlanesIsExact() {
		final double r = 20, t = 1.7, h1 = -5, h2 = 8;
		final double[] c = { 1, -2, 3 }, n = Plate.unit(new double[] { 1, 2, 3 });
		final Plate sphere = Plate.sphere("sphere", c, r, true, FRAME, new double[] { -1, 1 }, new double[] { -Math.PI, Math.PI },
				new double[] { -1, 1 }, t, 0, new double[] { 0, 0, 1 }, 0.5);
		final Plate.SurfaceFunction f1 = (u, v, w) -> n[0] * (u - c[0]) + n[1] * (v - c[1]) + n[2] * (w - c[2]) - h1;
		final Plate.SurfaceFunction f2 = (u, v, w) -> n[0] * (u - c[0]) + n[1] * (v - c[1]) + n[2] * (w - c[2]) - h2;
		final Plate.SurfaceFunction[] boundaries = { f1, f2 };
		final PlateTruth[] zones = sphere.integrate(new Plate.Partition() {
			@Override
			public Plate.SurfaceFunction[] boundaries() {
				return boundaries;
			}

			@Override
			public int parts() {
				return 3;
			}

			@Override
			public int part(final double[] values) {
				return values[1] > 0 ? 0 : values[0] > 0 ? 1 : 2;
			}
		});
		final double[] heights = { r - h2, h2 - h1, r + h1 };
		for (int i = 0; i < 3; i++) {
			final double area = 2 * Math.PI * r * heights[i];
			assertEquals(area, zones[i].tAB(), 1e-12 * area, "zone " + i);
			final double vc = area / (r * r) * (Math.pow(r + t, 3) - r * r * r) / 3;
			assertEquals(vc, zones[i].vc(), 1e-12 * vc, "zone " + i);
			assertEquals(t, zones[i].thCcAB(), 1e-12);
		}
		assertEquals(2 * Math.PI * r * (r - h2), sphere.areas(Plate.where(f2))[0], 1e-12 * r * r);
	}

	/**
	 * The tibial subregions of a cap about the proximal axis: centre on the axis, σu = σv = R·√(½(1 − (1 − c³)/(3(1 −
	 * c)))) (z is uniform in area), the central ellipse the cap of 20 % of the area, the four quadrants 20 % each; all
	 * to 1e-12. The ellipse is a ring here (a boundary that is zero along a whole ring).
	 */
	@Test
	void tibialSubregionsOfACapAreExact() {
		final double r = 30, alpha = 0.5, t = 2, cosA = Math.cos(alpha);
		final Plate plate = cap(r, alpha, t, false);
		final PhantomTruth.TibialEllipse e = PhantomTruth.TibialEllipse.of(plate);
		final double sigma = r * Math.sqrt(0.5 * (1 - (1 - cosA * cosA * cosA) / (3 * (1 - cosA))));
		final double cosC = 1 - 0.2 * (1 - cosA);
		assertEquals(1, e.u0(), 1e-12);
		assertEquals(-2, e.v0(), 1e-12);
		assertEquals(sigma, e.sigmaU(), 1e-12 * sigma);
		assertEquals(sigma, e.sigmaV(), 1e-12 * sigma);
		assertEquals(r * Math.sqrt(1 - cosC * cosC) / sigma, e.k(), 1e-12);
		final PlateTruth whole = plate.integrate();
		for (final boolean medial : new boolean[] { true, false }) {
			final PlateTruth[] parts = plate.integrate(e.partition(medial));
			for (final PlateTruth part : parts) {
				assertEquals(0.2 * whole.tAB(), part.tAB(), 1e-12 * whole.tAB());
				assertEquals(0.2 * whole.vc(), part.vc(), 1e-12 * whole.vc());
				assertEquals(0.2 * whole.ac(), part.ac(), 1e-12 * whole.ac());
			}
		}
	}

	/** The femoral thirds as a partition by u (numerical breakpoints) equal the z-range integrals (closed-form ones). */
	@Test
	void femoralThirdsAsAPartitionMatchTheZRanges() {
		final Plate p = new KneeModel(AnatomyConfig.defaults()).plates().get("cMF");
		final double[] z = p.zRange(), c = p.centre();
		final double third = (z[1] - z[0]) / 3, u1 = c[0] + p.radius() * (z[0] + third), u2 = c[0] + p.radius() * (z[1] - third);
		final Plate.SurfaceFunction[] boundaries = { (u, v, w) -> u - u1, (u, v, w) -> u - u2 };
		final PlateTruth[] parts = p.integrate(new Plate.Partition() {
			@Override
			public Plate.SurfaceFunction[] boundaries() {
				return boundaries;
			}

			@Override
			public int parts() {
				return 3;
			}

			@Override
			public int part(final double[] values) {
				return values[0] <= 0 ? 0 : values[1] <= 0 ? 1 : 2;
			}
		});
		final PlateTruth[] ranges = { p.integrate(z[0], z[0] + third), p.integrate(z[0] + third, z[1] - third),
				p.integrate(z[1] - third, z[1]) };
		for (int i = 0; i < 3; i++)
			for (final String key : PlateTruth.KEYS)
				assertEquals(ranges[i].get(key), parts[i].get(key), 1e-11 * Math.max(1, Math.abs(ranges[i].get(key))), i + " " + key);
	}

	/** Spectral convergence: every plate and tibial subregion of the default knee agrees at 2 × 2 and 16 × 16 panels to 1e-9. */
	@Test
	void quadratureConverges() {
		final KneeModel m = new KneeModel(AnatomyConfig.defaults());
		for (final Plate p : m.plates().values())
			compare(p.integrate(null, 2, 2), p.integrate(null, 16, 16), p.name());
		for (final String t : new String[] { "MT", "LT" }) {
			final Plate.Partition partition = PhantomTruth.TibialEllipse.of(m.plates().get(t)).partition(t.equals("MT"));
			compare(m.plates().get(t).integrate(partition, 2, 2), m.plates().get(t).integrate(partition, 16, 16), t);
		}
	}

	private static void compare(final PlateTruth[] coarse, final PlateTruth[] fine, final String name) {
		for (int i = 0; i < fine.length; i++)
			for (final String key : new String[] { "tAB", "cAB", "VC", "AC", "ThCcAB", "ThCcAB_sd" })
				assertEquals(fine[i].get(key), coarse[i].get(key), 1e-9 * Math.abs(fine[i].get(key)), name + " " + i + " " + key);
	}
}
