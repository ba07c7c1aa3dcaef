package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.chondroj.core.Laterality;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The continuous knee: symmetry, pose, the distance bound, and anatomical sanity. */
class KneeModelTest {

	private static final KneeModel RIGHT = new KneeModel(AnatomyConfig.defaults());
	private static final KneeModel LEFT = new KneeModel(AnatomyConfig.defaults().withSide(Laterality.LEFT));

	private static final Set<Tissue> BONES = EnumSet.of(Tissue.FEMUR_CORTEX, Tissue.FEMUR_MARROW, Tissue.FEMORAL_LESION, Tissue.TIBIA_CORTEX,
			Tissue.TIBIA_MARROW, Tissue.TIBIAL_LESION, Tissue.PATELLA_CORTEX, Tissue.PATELLA_MARROW, Tissue.PATELLAR_LESION, Tissue.FIBULA);

	/** Random points, denser around the joint. */
	private static double[] point(final SplittableRandom r, final double[] b) {
		if (r.nextBoolean())
			return new double[] { r.nextDouble(b[0], b[3]), r.nextDouble(b[1], b[4]), r.nextDouble(b[2], b[5]) };
		return new double[] { r.nextDouble(-45, 45), r.nextDouble(-45, 45), r.nextDouble(-30, 50) };
	}

	/** The left knee is the mirror image (x → −x) of the right, bit for bit, and its truth is the same. */
	@Test
	void leftIsTheMirrorOfRight() {
		final SplittableRandom r = new SplittableRandom(3);
		final double[] b = RIGHT.bounds();
		for (int i = 0; i < 500_000; i++) {
			final double[] p = point(r, b);
			assertEquals(RIGHT.tissueAt(p[0], p[1], p[2]), LEFT.tissueAt(-p[0], p[1], p[2]));
			assertEquals(RIGHT.boundaryDistanceBound(p[0], p[1], p[2]), LEFT.boundaryDistanceBound(-p[0], p[1], p[2]));
		}
		final double[] lb = LEFT.bounds();
		assertEquals(-b[3], lb[0], 1e-12);
		assertEquals(-b[0], lb[3], 1e-12);
		final PhantomTruth right = PhantomTruth.of(RIGHT), left = PhantomTruth.of(LEFT);
		assertSameTruth(right, left);
		assertEquals(Laterality.LEFT, left.side());
		// lateral is the patient's right (−x) for a right knee and +x for a left knee
		assertTrue(RIGHT.landmarks().patient("lateral_plateau_centre")[0] < 0);
		assertTrue(LEFT.landmarks().patient("lateral_plateau_centre")[0] > 0);
		assertEquals(Tissue.FIBULA, RIGHT.tissueAt(-33, 33, -36));
	}

	/** A rigidly moved knee: tissueAt(pose(p)) = tissueAt(p) away from boundaries (1e-9 mm), and the same truth. */
	@Test
	void poseMovesTheKneeRigidly() {
		final Matrix3d rotation = new Matrix3d().rotation(0.4, new Vector3d(0.3, -1, 0.6).normalize());
		final Vector3d translation = new Vector3d(12.5, -7.25, 30);
		final KneeModel posed = new KneeModel(AnatomyConfig.defaults().withPose(rotation, translation));
		final SplittableRandom r = new SplittableRandom(4);
		final double[] b = RIGHT.bounds();
		final Vector3d q = new Vector3d();
		int differ = 0;
		for (int i = 0; i < 500_000; i++) {
			final double[] p = point(r, b);
			rotation.transform(p[0], p[1], p[2], q).add(translation);
			final double bound = RIGHT.boundaryDistanceBound(p[0], p[1], p[2]);
			assertEquals(bound, posed.boundaryDistanceBound(q.x, q.y, q.z), 1e-9);
			final Tissue t = RIGHT.tissueAt(p[0], p[1], p[2]);
			if (t != posed.tissueAt(q.x, q.y, q.z)) {
				// only rounding (1e-12 mm) can tell them apart: then a boundary is within 1e-6 mm
				differ++;
				boolean near = false;
				for (int k = 0; k < 6 && !near; k++)
					near = RIGHT.tissueAt(p[0] + (k == 0 ? 1e-6 : k == 1 ? -1e-6 : 0), p[1] + (k == 2 ? 1e-6 : k == 3 ? -1e-6 : 0),
							p[2] + (k == 4 ? 1e-6 : k == 5 ? -1e-6 : 0)) != t;
				assertTrue(near, "tissue differs away from a boundary");
			}
		}
		assertTrue(differ < 10, differ + " points differ");
		assertSameTruth(PhantomTruth.of(RIGHT), PhantomTruth.of(posed));
		final double[] a = RIGHT.landmarks().patient("notch_anterior"), c = posed.landmarks().patient("notch_anterior");
		rotation.transform(a[0], a[1], a[2], q).add(translation);
		assertEquals(q.x, c[0], 1e-9);
		assertEquals(q.y, c[1], 1e-9);
		assertEquals(q.z, c[2], 1e-9);
	}

	private static void assertSameTruth(final PhantomTruth a, final PhantomTruth b) {
		assertEquals(a.plates().keySet(), b.plates().keySet());
		for (final String plate : a.plates().keySet())
			for (final String key : PlateTruth.KEYS)
				assertEquals(a.plates().get(plate).get(key), b.plates().get(plate).get(key), plate + " " + key);
		for (final String c : a.lesions().keySet()) {
			assertEquals(a.lesions().get(c).volume(), b.lesions().get(c).volume());
			assertEquals(a.lesions().get(c).share(), b.lesions().get(c).share());
		}
	}

	/**
	 * The distance bound is a true lower bound: every point of the ball of that radius (minus 1e-6 mm) — 26 directions
	 * on its sphere and random points inside — has the centre's tissue.
	 */
	@Test
	@Tag("slow")
	void boundaryDistanceBoundIsALowerBound() {
		final KneeModel model = new KneeModel(AnatomyConfig.defaults().withPose(new Matrix3d().rotation(0.3, new Vector3d(1, 1, 0).normalize()),
				new Vector3d(1, 2, 3)).withLesions(List.of(new AnatomyConfig.Lesion("MF", 0.5, 0.55, 300), new AnatomyConfig.Lesion("LT", 0.5, 0.5, 200),
				new AnatomyConfig.Lesion("P", 0.5, 0.5, 150))));
		final SplittableRandom r = new SplittableRandom(5);
		final double[] b = model.bounds();
		int checked = 0;
		for (int i = 0; i < 200_000; i++) {
			final double[] p = point(r, b);
			final double d = model.boundaryDistanceBound(p[0], p[1], p[2]);
			assertTrue(d >= 0);
			if (d < 1e-3)
				continue;
			final Tissue t = model.tissueAt(p[0], p[1], p[2]);
			final double rad = d - 1e-6;
			for (int dx = -1; dx <= 1; dx++)
				for (int dy = -1; dy <= 1; dy++)
					for (int dz = -1; dz <= 1; dz++) {
						if (dx == 0 && dy == 0 && dz == 0)
							continue;
						final double n = Math.sqrt(dx * dx + dy * dy + dz * dz);
						assertEquals(t, model.tissueAt(p[0] + rad * dx / n, p[1] + rad * dy / n, p[2] + rad * dz / n),
								"at " + p[0] + "," + p[1] + "," + p[2] + " bound " + d);
					}
			for (int k = 0; k < 4; k++) {
				final double x = r.nextDouble(-1, 1), y = r.nextDouble(-1, 1), z = r.nextDouble(-1, 1);
				final double n = Math.sqrt(x * x + y * y + z * z);
				if (n > 1 || n == 0)
					continue;
				assertEquals(t, model.tissueAt(p[0] + rad * x, p[1] + rad * y, p[2] + rad * z));
			}
			checked++;
		}
		assertTrue(checked > 150_000, "checked " + checked);
	}

	/** Femoral and tibial cartilage touch at the contact points (gap 0) and stand the configured gap apart otherwise. */
	@Test
	void jointSpaceClosesAtTheGap() {
		for (final double gap : new double[] { 0, 0.8 }) {
			final KneeModel m = new KneeModel(AnatomyConfig.healthy().withGap(gap, gap));
			for (final String side : new String[] { "medial", "lateral" }) {
				final double[] c = m.toKnee(m.landmarks().patient(side + "_plateau_centre"));
				assertEquals(Tissue.TIBIAL_CARTILAGE, m.tissueAtKnee(c[0], c[1], -1e-6));
				assertNotEquals(Tissue.TIBIAL_CARTILAGE, m.tissueAtKnee(c[0], c[1], 1e-6));
				assertEquals(Tissue.FEMORAL_CARTILAGE, m.tissueAtKnee(c[0], c[1], gap + 1e-6));
				assertNotEquals(Tissue.FEMORAL_CARTILAGE, m.tissueAtKnee(c[0], c[1], gap - 1e-6));
			}
			// the smallest distance between the femoral and tibial articular surfaces (fine samples near contact)
			for (final String[] pair : new String[][] { { "MF", "MT" }, { "LF", "LT" }, { "TrF", "P" } }) {
				final double min = minDistance(m.surfaces().get(pair[0]), m.surfaces().get(pair[1]));
				assertEquals(gap, min, 0.002, pair[0] + "–" + pair[1]);
			}
		}
	}

	private static double minDistance(final Plate a, final Plate b) {
		final double[][] pa = outerSurface(a), pb = outerSurface(b);
		double min = Double.MAX_VALUE;
		for (final double[] p : pa)
			for (final double[] q : pb)
				min = Math.min(min, (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
		return Math.sqrt(min);
	}

	/** The articular surface sampled within ±3 mm of the contact point (z = 0, ψ = 0 on every surface), 0.05 mm apart. */
	private static double[][] outerSurface(final Plate p) {
		final int n = 120;
		final double delta = 3 / p.radius();
		final double[][] out = new double[(n + 1) * (n + 1)][];
		int k = 0;
		for (int i = 0; i <= n; i++) {
			final double zi = -delta + 2 * delta * i / n;
			for (int j = 0; j <= n; j++) {
				final double ps = -delta + 2 * delta * j / n;
				final double[] d = p.direction(zi, ps);
				out[k++] = p.point(zi, ps, p.thickness(d[0], d[1], d[2]));
			}
		}
		return out;
	}

	/** Cartilage lies on its bone: bone 0.3 mm under the bone surface, cartilage halfway up, no bone above it. */
	@Test
	void cartilageLiesOnBone() {
		final KneeModel m = RIGHT;
		final Map<String, Tissue[]> expected = Map.of("MT", new Tissue[] { Tissue.TIBIA_CORTEX, Tissue.TIBIAL_CARTILAGE }, "LT",
				new Tissue[] { Tissue.TIBIA_CORTEX, Tissue.TIBIAL_CARTILAGE }, "P", new Tissue[] { Tissue.PATELLA_CORTEX, Tissue.PATELLAR_CARTILAGE });
		for (final Map.Entry<String, Plate> e : m.plates().entrySet()) {
			final Plate p = e.getValue();
			final Tissue[] t = expected.getOrDefault(e.getKey(), new Tissue[] { Tissue.FEMUR_CORTEX, Tissue.FEMORAL_CARTILAGE });
			final int n = 40;
			final double[] z = p.zRange();
			for (int i = 0; i <= n; i++) {
				final double zi = z[0] + (z[1] - z[0]) * (i + 0.5) / (n + 1);
				final double[] psi = p.psiInterval(zi);
				for (int j = 0; j <= n; j++) {
					final double ps = psi[0] + (psi[1] - psi[0]) * (j + 0.5) / (n + 1);
					final double[] d = p.direction(zi, ps);
					final double th = p.thickness(d[0], d[1], d[2]);
					final double[] below = p.point(zi, ps, -0.3), mid = p.point(zi, ps, th > 0 ? th / 2 : 0.1), above = p.point(zi, ps, th + 0.2);
					assertEquals(t[0], m.tissueAtKnee(below[0], below[1], below[2]), e.getKey());
					if (th > 0)
						assertEquals(t[1], m.tissueAtKnee(mid[0], mid[1], mid[2]), e.getKey());
					else
						assertTrue(!m.tissueAtKnee(mid[0], mid[1], mid[2]).name().contains("CARTILAGE"));
					assertTrue(!BONES.contains(m.tissueAtKnee(above[0], above[1], above[2])),
							e.getKey() + " z " + zi + " psi " + ps + " " + m.tissueAtKnee(above[0], above[1], above[2]) + " at " + java.util.Arrays.toString(above));
				}
			}
		}
	}

	/** Every tissue occurs; lesions lie in marrow away from cartilage; everything outside the bounds is air. */
	@Test
	void everyTissueIsPresentAndInsideTheBounds() {
		final KneeModel m = new KneeModel(AnatomyConfig.defaults().withLesions(List.of(new AnatomyConfig.Lesion("MF", 0.5, 0.55, 300),
				new AnatomyConfig.Lesion("LT", 0.5, 0.5, 200), new AnatomyConfig.Lesion("P", 0.5, 0.5, 150))));
		final double[] b = m.bounds();
		final EnumSet<Tissue> seen = EnumSet.noneOf(Tissue.class);
		for (double x = b[0] - 5; x <= b[3] + 5; x += 0.7)
			for (double y = b[1] - 5; y <= b[4] + 5; y += 0.7)
				for (double z = b[2] - 5; z <= b[5] + 5; z += 0.7) {
					final Tissue t = m.tissueAt(x, y, z);
					seen.add(t);
					final boolean outside = x < b[0] || x > b[3] || y < b[1] || y > b[4] || z < b[2] || z > b[5];
					if (outside)
						assertEquals(Tissue.AIR, t);
					if (t == Tissue.FEMORAL_LESION || t == Tissue.TIBIAL_LESION || t == Tissue.PATELLAR_LESION)
						for (int k = 0; k < 6; k++) {
							final double dx = k == 0 ? 1 : k == 1 ? -1 : 0, dy = k == 2 ? 1 : k == 3 ? -1 : 0, dz = k == 4 ? 1 : k == 5 ? -1 : 0;
							assertTrue(!m.tissueAt(x + dx, y + dy, z + dz).name().contains("CARTILAGE"));
							assertTrue(BONES.contains(m.tissueAt(x + 0.5 * dx, y + 0.5 * dy, z + 0.5 * dz)));
						}
				}
		assertEquals(EnumSet.allOf(Tissue.class), seen);
		final PhantomTruth t = PhantomTruth.of(m);
		assertEquals(300, t.lesions().get("MF").volume(), 15);
		assertEquals(200, t.lesions().get("LT").volume(), 10);
		assertEquals(150, t.lesions().get("P").volume(), 7.5);
	}

	/** Same configuration, same model and truth, bit for bit. */
	@Test
	void deterministic() {
		assertEquals(TruthWriter.toJson(PhantomTruth.of(new KneeModel(AnatomyConfig.defaults()))),
				TruthWriter.toJson(PhantomTruth.of(new KneeModel(AnatomyConfig.defaults()))));
	}
}
