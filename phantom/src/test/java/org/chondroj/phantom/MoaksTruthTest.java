package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.chondroj.core.Laterality;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesion truth per MOAKS subregion ({@link MoaksTruth}) on the MOAKS knee ({@link PhantomKnees#moaks}): exact
 * nearest points, lesion volumes that add up to the compartments', region volumes against an independent estimate,
 * the same truth for a left knee (medial and lateral swap in patient space), and the placement of the configured
 * lesions (one subregion each, grades far from the thresholds).
 */
class MoaksTruthTest {

	private static final double D = KneeModel.SUBCHONDRAL_DEPTH;
	private static KneeModel right, left;
	private static MoaksTruth rightTruth, leftTruth;

	@BeforeAll
	static void truths() {
		right = PhantomKnees.moaks(Laterality.RIGHT, 5);
		left = PhantomKnees.moaks(Laterality.LEFT, 9);
		rightTruth = PhantomTruth.of(right).moaks();
		leftTruth = MoaksTruth.of(left);
	}

	/** Dense samples of a plate's bone patch, spacing ≤ 0.25 mm on the surface: {u, v, w}… (K mm). */
	private static List<double[]> samples(final Plate p) {
		final double[] z = p.zRange();
		final double[] l = p.limits();
		final double r = p.radius(), rhoMin = Math.sqrt(1 - Math.max(z[0] * z[0], z[1] * z[1]));
		final int nz = (int) Math.ceil((z[1] - z[0]) * r / (0.25 * rhoMin)), npsi = (int) Math.ceil((l[3] - l[2]) * r / 0.25);
		final double[] c = p.centre();
		final List<double[]> out = new ArrayList<>();
		for (int i = 0; i <= nz; i++)
			for (int j = 0; j <= npsi; j++) {
				// (the ends nudged inwards by 1e-12, so that rounding does not drop the patch's edges)
				final double[] d = p.direction(z[0] + 1e-12 + (z[1] - z[0] - 2e-12) * i / nz, l[2] + 1e-12 + (l[3] - l[2] - 2e-12) * j / npsi);
				if (p.inRegion(d[0], d[1], d[2]))
					out.add(new double[] { c[0] + r * d[0], c[1] + r * d[1], c[2] + r * d[2] });
			}
		return out;
	}

	/** Brute-force nearest sample over chunks of 256 samples pruned by their boxes: {distance, index}. */
	private static final class Cloud {
		final double[][] points;
		final double[][] boxes;

		Cloud(final List<double[]> p) {
			points = p.toArray(new double[0][]);
			boxes = new double[(points.length + 255) / 256][];
			for (int b = 0; b < boxes.length; b++) {
				final double[] box = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
				for (int i = 256 * b; i < Math.min(points.length, 256 * (b + 1)); i++)
					for (int a = 0; a < 3; a++) {
						box[a] = Math.min(box[a], points[i][a]);
						box[a + 3] = Math.max(box[a + 3], points[i][a]);
					}
				boxes[b] = box;
			}
		}

		double[] nearest(final double u, final double v, final double w) {
			double best = Double.MAX_VALUE;
			int index = -1;
			for (int b = 0; b < boxes.length; b++) {
				final double[] x = boxes[b];
				final double du = Math.max(0, Math.max(x[0] - u, u - x[3])), dv = Math.max(0, Math.max(x[1] - v, v - x[4])),
						dw = Math.max(0, Math.max(x[2] - w, w - x[5]));
				if (du * du + dv * dv + dw * dw >= best)
					continue;
				for (int i = 256 * b; i < Math.min(points.length, 256 * (b + 1)); i++) {
					final double[] q = points[i];
					final double d = (q[0] - u) * (q[0] - u) + (q[1] - v) * (q[1] - v) + (q[2] - w) * (q[2] - w);
					if (d < best) {
						best = d;
						index = i;
					}
				}
			}
			return new double[] { Math.sqrt(best), index };
		}
	}

	/**
	 * {@link SpherePatch#nearest} is exact: for 150 points within 12 mm of each plate's box, no dense sample of the
	 * patch (spacing ≤ 0.25 mm) is nearer (to 1e-9 mm), the nearest sample is at most 0.3 mm farther (the samples'
	 * covering radius), and the foot lies on the sphere and on the patch (within 0.3 mm of a sample: a full step in ψ
	 * and half a step in z, where a cut of the patch runs between the grid's points); the exact bounding box holds every sample and is at most
	 * 0.25 mm larger than theirs.
	 */
	@Test
	void nearestPointIsExact() {
		final SplittableRandom random = new SplittableRandom(7);
		for (final Plate plate : right.plates().values()) {
			final SpherePatch patch = new SpherePatch(plate);
			final List<double[]> s = samples(plate);
			final Cloud cloud = new Cloud(s);
			final double[] box = patch.box();
			final double[] sampleBox = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
			for (final double[] q : s)
				for (int a = 0; a < 3; a++) {
					sampleBox[a] = Math.min(sampleBox[a], q[a]);
					sampleBox[a + 3] = Math.max(sampleBox[a + 3], q[a]);
				}
			for (int a = 0; a < 3; a++) {
				assertTrue(box[a] <= sampleBox[a] + 1e-9 && box[a] > sampleBox[a] - 0.25, plate.name() + " box min " + a);
				assertTrue(box[a + 3] >= sampleBox[a + 3] - 1e-9 && box[a + 3] < sampleBox[a + 3] + 0.25, plate.name() + " box max " + a);
			}
			final double[] scratch = new double[6], c = plate.centre();
			for (int i = 0; i < 150; i++) {
				final double u = random.nextDouble(box[0] - 12, box[3] + 12), v = random.nextDouble(box[1] - 12, box[4] + 12),
						w = random.nextDouble(box[2] - 12, box[5] + 12);
				final double exact = patch.nearest(u, v, w, scratch);
				final double brute = cloud.nearest(u, v, w)[0];
				assertTrue(brute >= exact - 1e-9 && brute < exact + 0.3, plate.name() + ": exact " + exact + ", samples " + brute);
				final double[] d = { scratch[3] - c[0], scratch[4] - c[1], scratch[5] - c[2] };
				assertEquals(plate.radius(), Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]), 1e-9, plate.name() + " foot off the sphere");
				assertTrue(cloud.nearest(scratch[3], scratch[4], scratch[5])[0] < 0.3, plate.name() + " foot off the patch");
			}
		}
	}

	/**
	 * (a) The lesion volumes per subregion add up to the lesion truth per compartment (an independent Monte Carlo):
	 * femur (FMA … FLP) = MF + LF + TrF, tibia (TMA … SS) = MT + LT, and all 15 plus the part deeper than D = all
	 * compartments, each within 1 %.
	 */
	@Test
	void lesionVolumesAddUpToTheCompartments() {
		final PhantomTruth truth = PhantomTruth.of(right);
		final Map<String, PhantomTruth.LesionTruth> c = truth.lesions();
		final Map<String, MoaksTruth.Subregion> m = rightTruth.subregions();
		double femur = 0, tibia = 0, all = rightTruth.unassignedLesionVolume();
		for (final String k : MoaksTruth.KEYS) {
			all += m.get(k).volume();
			if (k.startsWith("F"))
				femur += m.get(k).volume();
			if (k.startsWith("T") || k.equals("SS"))
				tibia += m.get(k).volume();
		}
		final double cFemur = c.get("MF").volume() + c.get("LF").volume() + c.get("TrF").volume(), cTibia = c.get("MT").volume() + c.get("LT").volume();
		double cAll = 0;
		for (final PhantomTruth.LesionTruth l : c.values())
			cAll += l.volume();
		assertEquals(cFemur, femur, 0.01 * cFemur, "femur");
		assertEquals(cTibia, tibia, 0.01 * cTibia, "tibia");
		assertEquals(cAll, all, 0.01 * cAll, "all");
		assertTrue(rightTruth.unassignedLesionVolume() < 0.05 * cAll, "deeper than D: " + rightTruth.unassignedLesionVolume());
		// the counts: every lesion in one subregion
		int count = 0;
		for (final String k : MoaksTruth.KEYS)
			count += m.get(k).count();
		assertEquals(right.config().lesions().size(), count);
	}

	/**
	 * (b) The femur's region volumes: a plain Monte Carlo (2¹⁸ points in one box) of the femur's bone points within D
	 * of the densely sampled articular surface (cMF, pMF, cLF, pLF, TrF; spacing ≤ 0.25 mm, so its distances exceed
	 * the exact ones by at most 0.3 mm, see above) agrees with the union of the six femoral subregions within 1.5 %; the
	 * subregions partition it: every such point nearer than D (by the samples) has a subregion and every point farther
	 * than D + 0.3 none, its subregion is that of its nearest sample's plate (where no other plate is within 0.3 mm
	 * and, on the trochlea, the sample is more than 0.3 mm from the midline), and each subregion's share of the points
	 * (by the truth's own classification of these independent points) agrees with its region volume within 4 standard
	 * errors.
	 */
	@Test
	void femoralRegionsPartitionAnIndependentEstimate() {
		final String[] plates = { "cMF", "pMF", "cLF", "pLF", "TrF" };
		final List<double[]> all = new ArrayList<>();
		final List<Integer> plateOf = new ArrayList<>();
		final double[] box = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		final Cloud[] clouds = new Cloud[plates.length];
		for (int i = 0; i < plates.length; i++) {
			final List<double[]> s = samples(right.plates().get(plates[i]));
			clouds[i] = new Cloud(s);
			for (final double[] q : s) {
				all.add(q);
				plateOf.add(i);
				for (int a = 0; a < 3; a++) {
					box[a] = Math.min(box[a], q[a] - D - 0.5);
					box[a + 3] = Math.max(box[a + 3], q[a] + D + 0.5);
				}
			}
		}
		final double boxVolume = (box[3] - box[0]) * (box[4] - box[1]) * (box[5] - box[2]);
		final int n = 1 << 18;
		final Map<String, MoaksTruth.Subregion> m = rightTruth.subregions();
		final List<String> femoral = List.of("FMA", "FMC", "FMP", "FLA", "FLC", "FLP");
		final int[] perKey = new int[femoral.size()];
		int inside = 0;
		final SplittableRandom random = new SplittableRandom(99);
		for (int i = 0; i < n; i++) {
			final double u = random.nextDouble(box[0], box[3]), v = random.nextDouble(box[1], box[4]), w = random.nextDouble(box[2], box[5]);
			final Tissue t = right.tissueAtKnee(u, v, w);
			if (t != Tissue.FEMUR_CORTEX && t != Tissue.FEMUR_MARROW && t != Tissue.FEMORAL_LESION)
				continue;
			final double[] d = new double[plates.length];
			int nearest = 0;
			double[] foot = null;
			for (int p = 0; p < plates.length; p++) {
				final double[] q = clouds[p].nearest(u, v, w);
				d[p] = q[0];
				if (p == 0 || d[p] < d[nearest]) {
					nearest = p;
					foot = clouds[p].points[(int) q[1]];
				}
			}
			final String key = rightTruth.subregionAt(u, v, w);
			if (d[nearest] <= D) {
				inside++;
				assertNotNull(key, "a femoral point " + d[nearest] + " mm from the surface has no subregion");
			} else if (d[nearest] > D + 0.3)
				assertNull(key, "a femoral point beyond D has a subregion");
			if (key == null)
				continue;
			perKey[femoral.indexOf(key)]++;
			boolean clear = true;
			for (int p = 0; p < plates.length; p++)
				clear &= p == nearest || d[p] > d[nearest] + 0.3;
			if (!clear || plates[nearest].equals("TrF") && Math.abs(foot[0] - rightTruth.notchMidline()) < 0.3)
				continue;
			final String expected = switch (plates[nearest]) {
			case "cMF" -> "FMC";
			case "pMF" -> "FMP";
			case "cLF" -> "FLC";
			case "pLF" -> "FLP";
			default -> foot[0] < rightTruth.notchMidline() ? "FMA" : "FLA";
			};
			assertEquals(expected, key, "at " + u + ", " + v + ", " + w);
		}
		double union = 0;
		for (final String k : femoral)
			union += m.get(k).regionVolume();
		final double independent = boxVolume * inside / n;
		assertEquals(independent, union, 0.015 * union, "the femur's subchondral region");
		for (int k = 0; k < femoral.size(); k++) {
			final double p = perKey[k] / (double) n, se = boxVolume * Math.sqrt(p * (1 - p) / n);
			final MoaksTruth.Subregion s = m.get(femoral.get(k));
			assertEquals(boxVolume * p, s.regionVolume(), 4 * Math.hypot(se, s.regionVolumeSe()), femoral.get(k));
		}
	}

	/**
	 * (c) K is anatomical: a left knee (another pose) has the same truth, key by key, as the right one. In patient
	 * space (LPS, +x = the patient's left) medial lies at +x for a right knee (the knee's medial side faces the other
	 * leg, the patient's left) and at −x for a left knee: the centroids of FMC, TMC and PM lie at larger x than those of
	 * FLC, TLC and PL for the right knee and at smaller x for the left.
	 */
	@Test
	void leftKneeHasTheSameTruthAndMirrorsInPatientSpace() {
		assertEquals(MoaksTruth.KEYS, List.copyOf(rightTruth.subregions().keySet()));
		assertEquals(MoaksTruth.KEYS, List.copyOf(leftTruth.subregions().keySet()));
		for (final String k : MoaksTruth.KEYS) {
			final MoaksTruth.Subregion r = rightTruth.subregions().get(k), l = leftTruth.subregions().get(k);
			assertEquals(r.volume(), l.volume(), 1e-9 * (1 + r.volume()), k);
			assertEquals(r.regionVolume(), l.regionVolume(), 1e-9 * r.regionVolume(), k);
			assertEquals(r.share(), l.share(), 1e-9, k);
			assertEquals(r.grade(), l.grade(), k);
			assertEquals(r.count(), l.count(), k);
			for (int a = 0; a < 3; a++)
				assertEquals(r.centroidKnee()[a], l.centroidKnee()[a], 1e-9, k);
		}
		for (final String[] pair : new String[][] { { "FMC", "FLC" }, { "TMC", "TLC" }, { "PM", "PL" }, { "FMA", "FLA" } }) {
			final double rm = rightTruth.subregions().get(pair[0]).centroidPatient()[0], rl = rightTruth.subregions().get(pair[1]).centroidPatient()[0];
			final double lm = leftTruth.subregions().get(pair[0]).centroidPatient()[0], ll = leftTruth.subregions().get(pair[1]).centroidPatient()[0];
			assertTrue(rm > rl + 5, "right knee: " + pair[0] + " at x " + rm + " should be to the patient's left (+x) of " + pair[1] + " at " + rl);
			assertTrue(lm < ll - 5, "left knee: " + pair[0] + " at x " + lm + " should be to the patient's right (−x) of " + pair[1] + " at " + ll);
		}
		// the standard knees likewise
		final MoaksTruth r = MoaksTruth.of(PhantomKnees.standard(Laterality.RIGHT, 3)), l = MoaksTruth.of(PhantomKnees.standard(Laterality.LEFT, 3));
		for (final String k : MoaksTruth.KEYS) {
			assertEquals(r.subregions().get(k).volume(), l.subregions().get(k).volume(), 1e-9 * (1 + r.subregions().get(k).volume()), k);
			assertEquals(r.subregions().get(k).regionVolume(), l.subregions().get(k).regionVolume(), 1e-9 * r.subregions().get(k).regionVolume(), k);
		}
		assertEquals(1, r.subregions().get("FMP").count(), "the standard knee's lesion lies under the posterior medial condyle");
	}

	/**
	 * (d) The MOAKS knee's lesions: each in its intended subregion, wholly (no volume in another subregion; only the
	 * patella's lesions reach deeper than D, by less than 6 %), no two touching; PM holds the two patellar lesions and
	 * is MOAKS grade 2 with its share at least 15 % (relative) away from 33 and 66 %; every other lesion subregion is
	 * grade 1 with a share below 33/1.15 %, the rest grade 0; every standard error below 1 %.
	 */
	@Test
	void moaksKneeLesionsAreWellPlaced() {
		final String[] expected = { "FLA", "FMP", "FLC", "TMP", "TLA", "PM", "PM" };
		final List<MoaksTruth.LesionPlacement> placements = rightTruth.lesionPlacements();
		assertEquals(expected.length, placements.size());
		for (int i = 0; i < expected.length; i++) {
			final MoaksTruth.LesionPlacement p = placements.get(i);
			assertEquals(expected[i], p.subregion(), "lesion " + i + " in " + p.compartment());
			assertEquals(1, p.fraction() + p.unassignedFraction(), 1e-12, "lesion " + i + " reaches another subregion");
			assertTrue(p.unassignedFraction() < (p.compartment().equals("P") ? 0.06 : 1e-12), "lesion " + i + " deeper than D: " + p.unassignedFraction());
			assertTrue(p.volume() >= 150 && p.volume() <= 1500, "lesion " + i + ": " + p.volume() + " mm³");
		}
		final List<KneeModel.LesionShape> shapes = right.lesionShapes();
		for (int i = 0; i < shapes.size(); i++)
			for (int j = i + 1; j < shapes.size(); j++) {
				final double[] a = shapes.get(i).balls, b = shapes.get(j).balls;
				for (int x = 0; x < a.length; x += 4)
					for (int y = 0; y < b.length; y += 4) {
						final double gap = Math.sqrt(Math.pow(a[x] - b[y], 2) + Math.pow(a[x + 1] - b[y + 1], 2) + Math.pow(a[x + 2] - b[y + 2], 2)) - a[x + 3]
								- b[y + 3];
						assertTrue(gap > 0.7, "lesions " + i + " and " + j + " are " + gap + " mm apart");
					}
			}
		for (final String k : MoaksTruth.KEYS) {
			final MoaksTruth.Subregion s = rightTruth.subregions().get(k);
			assertTrue(s.regionVolume() > 2000 && s.regionVolumeSe() < 0.01 * s.regionVolume(), k + " region " + s.regionVolume() + " ± " + s.regionVolumeSe());
			if (s.volume() > 0)
				assertTrue(s.volumeSe() < 0.01 * s.volume(), k + " lesion SE");
			switch (k) {
			case "PM":
				assertEquals(2, s.grade());
				assertEquals(2, s.count());
				assertTrue(s.share() > 33 * 1.15 && s.share() < 66 / 1.15, "PM share " + s.share());
				break;
			case "FLA", "FMP", "FLC", "TMP", "TLA":
				assertEquals(1, s.grade(), k);
				assertEquals(1, s.count(), k);
				assertTrue(s.share() < 33 / 1.15, k + " share " + s.share());
				break;
			default:
				assertEquals(0, s.grade(), k);
				assertEquals(0, s.volume(), k);
			}
		}
		// the boundaries the measurement compares against, K mm
		assertEquals(0, rightTruth.notchMidline(), 1e-12);
		assertEquals(0, rightTruth.patellaMiddle(), 1e-9);
		assertEquals(-9, rightTruth.medialTibialInnerEdge(), 1e-9);
		assertEquals(8, rightTruth.lateralTibialInnerEdge(), 1e-9);
		assertEquals(-26, rightTruth.tibialPlateV("MT")[0], 1e-9);
		assertEquals(14, rightTruth.tibialPlateV("MT")[1], 1e-9);
		assertEquals(-23, rightTruth.tibialPlateV("LT")[0], 1e-9);
		assertEquals(11, rightTruth.tibialPlateV("LT")[1], 1e-9);
	}

	/** The same truth, bit for bit, on one thread as on the common pool (fixed seeds per block of samples). */
	@Test
	void sameTruthWhateverTheThreads() throws Exception {
		final ForkJoinPool one = new ForkJoinPool(1);
		try {
			final MoaksTruth single = one.submit(() -> MoaksTruth.of(right)).get();
			for (final String k : MoaksTruth.KEYS) {
				final MoaksTruth.Subregion a = single.subregions().get(k), b = rightTruth.subregions().get(k);
				assertEquals(b.volume(), a.volume(), 0, k);
				assertEquals(b.regionVolume(), a.regionVolume(), 0, k);
				assertEquals(b.share(), a.share(), 0, k);
				assertEquals(b.count(), a.count(), k);
				for (int i = 0; i < 3; i++)
					assertEquals(b.centroidKnee()[i], a.centroidKnee()[i], 0, k);
			}
			assertEquals(rightTruth.lesionPlacements(), single.lesionPlacements());
		} finally {
			one.shutdown();
		}
	}

	/** Some points by hand: under each plate at 5 mm, the subspinous strip, and beyond D. */
	@Test
	void pointsByHand() {
		final KneeModel m = new KneeModel(AnatomyConfig.healthy());
		final MoaksTruth t = MoaksTruth.of(m);
		// 5 mm below the radial point at the middle of each plate, into the bone
		final String[][] cases = { { "cMF", "FMC" }, { "pMF", "FMP" }, { "cLF", "FLC" }, { "pLF", "FLP" }, { "MT", "TMC" }, { "LT", "TLC" } };
		for (final String[] c : cases) {
			final Plate p = m.plates().get(c[0]);
			final double[] d = p.directionAt(0.5, 0.5), o = p.centre();
			final double r = p.convex() ? p.radius() - 5 : p.radius() + 5;
			assertEquals(c[1], t.subregionAt(o[0] + r * d[0], o[1] + r * d[1], o[2] + r * d[2]), c[0]);
			assertEquals(5, t.articularDistance(c[0].endsWith("T") ? 1 : 0, o[0] + r * d[0], o[1] + r * d[1], o[2] + r * d[2]), 1e-9, c[0]);
		}
		// the trochlea's two halves and the patella's facets, 4 mm under the surface at u = ∓6
		for (final String plate : new String[] { "TrF", "P" }) {
			final Plate p = m.plates().get(plate);
			for (final double a : new double[] { 0.25, 0.75 }) {
				final double[] d = p.directionAt(a, 0.5), o = p.centre();
				final double r = p.convex() ? p.radius() - 4 : p.radius() + 4;
				final String key = t.subregionAt(o[0] + r * d[0], o[1] + r * d[1], o[2] + r * d[2]);
				assertEquals(plate.equals("P") ? (a < 0.5 ? "PM" : "PL") : (a < 0.5 ? "FMA" : "FLA"), key, plate + " " + a);
			}
		}
		// the subspinous strip: below the tibial spines' level, between the plates' inner edges (u −9 .. 8), 5 mm under
		// the plateaus' level
		assertEquals("SS", t.subregionAt(-3, -6, -6));
		// the tibia 15 mm below the medial plate: in none
		assertNull(t.subregionAt(-21, -6, -18));
		// soft tissue: none
		assertNull(t.subregionAt(0, 40, 0));
	}
}
