package org.chondroj.knee.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.QcFlag.Kind;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import org.junit.jupiter.api.Test;

/**
 * The checks every measurement makes ({@link QcChecks}), each on a label map or measures built so that the right answer
 * is known exactly: the pieces and edge voxels counted, the limits met from either side.
 */
class QcChecksTest {

	private static final int N = 40;

	/** A 40³ map, femoral cartilage (2) as one 20 × 20 × 4 slab at x 10–29, y 10–29, z 10–13. */
	private static byte[] slab() {
		final byte[] v = new byte[N * N * N];
		for (int z = 10; z < 14; z++)
			for (int y = 10; y < 30; y++)
				for (int x = 10; x < 30; x++)
					v[(z * N + y) * N + x] = 2;
		return v;
	}

	private static KneeLabels labels(final byte[] v, final double... spacing) {
		return KneeLabels.of(Volumes.wrapUnsignedBytes(v, new int[] { N, N, N }, VoxelGeometry.axisAligned(spacing)), LabelPresets.mapping("oai-akoa"));
	}

	/** Adds {@code count} single voxels of femoral cartilage, apart from each other and the slab (z = 20, 22, … ). */
	private static void specks(final byte[] v, final int count) {
		for (int k = 0; k < count; k++) {
			final int x = 2 + 2 * (k % 18), z = 20 + 2 * (k / 18);
			v[(z * N + 2) * N + x] = 2;
		}
	}

	@Test
	void oneSheetIsNotFragmented() {
		assertEquals(List.of(), QcChecks.fragments(labels(slab(), 0.5, 0.5, 0.5)));
		final double[] share = QcChecks.threeLargestShare(labels(slab(), 0.5, 0.5, 0.5), KneeStructure.FEMORAL_CARTILAGE);
		assertEquals(1.0, share[0], 0.0);
		assertEquals(1, share[1], 0.0);
	}

	/**
	 * 1 600 voxels in the slab and 80 specks: 1 602 of 1 680 in the three largest parts, 95.36 %, no flag; 100 specks:
	 * 1 602 of 1 700, 94.24 %, flagged with 101 pieces.
	 */
	@Test
	void specksAroundASheetAreFragments() {
		final byte[] few = slab();
		specks(few, 80);
		assertEquals(List.of(), QcChecks.fragments(labels(few, 0.5, 0.5, 0.5)));
		final byte[] many = slab();
		specks(many, 100);
		final List<QcFlag> f = QcChecks.fragments(labels(many, 0.5, 0.5, 0.5));
		assertEquals(1, f.size(), f.toString());
		assertEquals(Kind.CARTILAGE_FRAGMENTED, f.get(0).kind());
		assertEquals("femoral_cartilage", f.get(0).subject());
		assertTrue(f.get(0).message().contains("101 pieces, 94.2 % of it in the three largest"), f.get(0).message());
	}

	/** The slab moved to x 0–19 has 20 × 4 voxels on the plane x = 0. */
	@Test
	void cartilageOnTheEdgeIsCutByTheFieldOfView() {
		assertEquals(List.of(), QcChecks.fieldOfView(labels(slab(), 0.5, 0.5, 0.5)));
		final byte[] v = new byte[N * N * N];
		for (int z = 10; z < 14; z++)
			for (int y = 10; y < 30; y++)
				for (int x = 0; x < 20; x++)
					v[(z * N + y) * N + x] = 4;
		final List<QcFlag> f = QcChecks.fieldOfView(labels(v, 0.5, 0.5, 0.5));
		assertEquals(1, f.size(), f.toString());
		assertEquals(Kind.FIELD_OF_VIEW_CUTS_CARTILAGE, f.get(0).kind());
		assertEquals("tibial_cartilage", f.get(0).subject());
		assertTrue(f.get(0).message().startsWith("80 voxels of the tibial cartilage lie on the image's edge"), f.get(0).message());
	}

	@Test
	void thickSlicesAreFlagged() {
		final Map<Region, org.chondroj.knee.cartilage.RegionMeasures> none = Map.of();
		assertTrue(QcChecks.check(labels(slab(), 0.7, 0.3646, 0.3646), none).isEmpty());
		assertTrue(QcChecks.check(labels(slab(), 0.4, 0.4, 1.5), none).isEmpty(), "1.5 mm is the limit, not beyond it");
		final List<QcFlag> f = QcChecks.check(labels(slab(), 0.4, 0.4, 3.0), none);
		assertEquals(List.of(Kind.THICK_SLICES), f.stream().map(QcFlag::kind).toList());
		assertTrue(f.get(0).message().startsWith("voxels 3.00 mm apart"), f.get(0).message());
	}

	/** Plates of a typical knee: each plate's ThCtAB its healthy mean (others 2 mm), VC 2 000 mm³, tAB 1 000 mm². */
	private static Map<Region, double[]> typical() {
		final Map<Region, double[]> m = new EnumMap<>(Region.class);
		for (final Region p : Region.PLATES)
			m.put(p, new double[] { QcChecks.HEALTHY_THCTAB.getOrDefault(p, 2.0), 2000, 1000 });
		return m;
	}

	private static List<QcFlag> ranges(final Map<Region, double[]> m) {
		return QcChecks.referenceRanges((r, metric) -> !m.containsKey(r) ? Double.NaN
				: metric == Metric.ThCtAB ? m.get(r)[0] : metric == Metric.VC ? m.get(r)[1] : metric == Metric.tAB ? m.get(r)[2] : Double.NaN);
	}

	@Test
	void referenceRanges() {
		assertEquals(List.of(), ranges(typical()), "8 plates of 2 000 mm³: 16 000 mm³ in all");
		// ThCtAB: 1.7 × 1.73 = 2.941 mm for MT
		final Map<Region, double[]> thick = typical();
		thick.get(Region.MT)[0] = 2.94;
		assertEquals(List.of(), ranges(thick));
		thick.get(Region.MT)[0] = 2.95;
		final List<QcFlag> f = ranges(thick);
		assertEquals(1, f.size(), f.toString());
		assertEquals(new QcFlag(Kind.OUTSIDE_REFERENCE_RANGE, "MT", f.get(0).message()), f.get(0));
		assertTrue(f.get(0).message().startsWith("ThCtAB 2.95 mm is more than 1.7 times the healthy mean of 1.73 mm"), f.get(0).message());
		// VC beyond twice ThCtAB × tAB: 2 × 1.73 × 1 000 = 3 460 mm³ for MT
		final Map<Region, double[]> bulky = typical();
		bulky.get(Region.MT)[1] = 3459;
		assertEquals(List.of(), ranges(bulky));
		bulky.get(Region.MT)[1] = 3461;
		final List<QcFlag> b = ranges(bulky);
		assertEquals(List.of(Kind.INCONSISTENT_MEASURES), b.stream().map(QcFlag::kind).toList());
		assertTrue(b.get(0).message().startsWith("VC 3461 mm³ is 2.0 times ThCtAB × tAB (1.73 mm × 1000 mm²"), b.get(0).message());
		// the whole knee's volume: 1.5 × 31 400 = 47 100 mm³ at most, any set of plates
		final Map<Region, double[]> large = typical();
		large.remove(Region.P);
		large.get(Region.TrF)[1] = 47_101 - 6 * 2000;
		large.get(Region.TrF)[2] = 100_000; // keeps VC / (ThCtAB × tAB) low
		final List<QcFlag> l = ranges(large);
		assertEquals(1, l.size(), l.toString());
		assertTrue(l.get(0).message().startsWith("the cartilage volume of the plates measured, 47101 mm³, is more than 1.5 times"), l.get(0).message());
		large.get(Region.TrF)[1] -= 2;
		assertEquals(List.of(), ranges(large));
		// no lower limits: a small knee with little cartilage is not flagged here
		for (final double[] v : large.values())
			v[1] = 10;
		assertEquals(List.of(), ranges(large));
	}
}
