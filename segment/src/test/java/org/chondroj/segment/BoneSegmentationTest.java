package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chondroj.core.VoxelGeometry;

import org.junit.jupiter.api.Test;

/**
 * {@link BoneSegmentation} on synthetic blocks: air around a block of muscle holding two cubes of marrow and a bright
 * slab (so that all four intensity classes exist), on a 1 mm grid whose k axis points superior.
 */
class BoneSegmentationTest {

	private static final int N = 70;
	private static final float AIR = 10, CORTEX = 20, MARROW = 100, MUSCLE = 300, BRIGHT = 600;

	/** A cube of marrow of edge 20 voxels whose lowest corner is at (i, j, k), in a cortex one voxel thick. */
	private static void cube(final float[] s, final int i0, final int j0, final int k0) {
		for (int k = k0 - 1; k <= k0 + 20; k++)
			for (int j = j0 - 1; j <= j0 + 20; j++)
				for (int i = i0 - 1; i <= i0 + 20; i++) {
					final boolean marrow = i >= i0 && i < i0 + 20 && j >= j0 && j < j0 + 20 && k >= k0 && k < k0 + 20;
					s[(k * N + j) * N + i] = marrow ? MARROW : CORTEX;
				}
	}

	private static float[] muscleBlock() {
		final float[] s = new float[N * N * N];
		for (int k = 0; k < N; k++)
			for (int j = 0; j < N; j++)
				for (int i = 0; i < N; i++) {
					final boolean inside = i >= 5 && i < N - 5 && j >= 5 && j < N - 5 && k >= 5 && k < N - 5;
					s[(k * N + j) * N + i] = !inside ? AIR : j >= 55 && j < 58 ? BRIGHT : MUSCLE;
				}
		return s;
	}

	/** With the default parameters except the least long-bone volume, 5 cm³ (a cube is 8 cm³ of marrow). */
	private static BoneSegmentation.Result segment(final float[] s) {
		final BoneSegmentation.Parameters d = BoneSegmentation.Parameters.defaults();
		return segment(s, new BoneSegmentation.Parameters(d.erosionsMm(), d.outsideGapMm(), d.minSeparationMm(), d.patellaAboveJointMm(), d.cortexMm(),
				d.minVolumeMm3(), 5000, d.darkMarrowErosionsMm()));
	}

	private static BoneSegmentation.Result segment(final float[] s, final BoneSegmentation.Parameters p) {
		final int[] dims = { N, N, N };
		final VoxelGeometry g = VoxelGeometry.axisAligned(1, 1, 1);
		final IntensityModel model = IntensityModel.fit(s, dims, g.spacing());
		return BoneSegmentation.segment(model.corrected(), dims, g, model, p);
	}

	@Test
	void theUpperOfTwoMarrowRegionsIsTheFemur() {
		final float[] s = muscleBlock();
		cube(s, 25, 20, 13); // lower: tibia
		cube(s, 25, 20, 38); // upper: femur
		final BoneSegmentation.Result r = segment(s);
		final byte[] l = r.labels();
		assertEquals(BoneSegmentation.FEMUR, l[(48 * N + 30) * N + 35], "centre of the upper cube");
		assertEquals(BoneSegmentation.TIBIA, l[(23 * N + 30) * N + 35], "centre of the lower cube");
		assertEquals(0, l[(35 * N + 30) * N + 35], "muscle between them");
		long femur = 0;
		for (final byte b : l)
			if (b == BoneSegmentation.FEMUR)
				femur++;
		// the marrow cube and its cortex; the shell's 248 edge and corner voxels may be rounded off
		assertTrue(femur >= 20 * 20 * 20 + 6 * 20 * 20 && femur <= 22 * 22 * 22, "the upper cube and its cortex and nothing else: " + femur + " voxels");
	}

	@Test
	void twoRegionsSideBySideAreNoFemurAndTibia() {
		// the same two cubes at one height: nothing above the other, so no femur and tibia, whatever the erosion tried last
		final float[] s = muscleBlock();
		cube(s, 10, 20, 25);
		cube(s, 40, 20, 25);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> segment(s));
		assertTrue(e.getMessage().contains("found no femur and tibia"), e.getMessage());
	}

	@Test
	void regionsSmallerThanALongBoneAreNoFemurAndTibia() {
		// one above the other, but each only 8 cm³ of marrow: the defaults want 30 cm³ (so that a patella never stands in
		// for a tibia that is still joined to the fat around it)
		final float[] s = muscleBlock();
		cube(s, 25, 20, 13);
		cube(s, 25, 20, 38);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> segment(s, BoneSegmentation.Parameters.defaults()));
		assertTrue(e.getMessage().contains("found no femur and tibia"), e.getMessage());
	}
}
