package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.chondroj.core.VoxelGeometry;

import org.junit.jupiter.api.Test;

/**
 * {@link CartilageSegmentation#dropThickBrightTissue} on a synthetic 0.5 mm grid: two bone slabs (femur above, tibia
 * below) with a 4 mm joint between them filled with bright tissue, a 2 mm bright layer on the femur's upper face, and a
 * bright block 10 mm deep on the tibia's lower face. With the default 6 mm limit, the joint (whose distance to the
 * bones peaks at 2 mm, mid-gap) and the thin layer stay, and the deep block is dropped in full, down to the voxels
 * touching the bone.
 */
class CartilageSegmentationTest {

	private static final int NX = 20, NY = 20, NZ = 80;
	private static final double H = 0.5, LIMIT_MM = CartilageSegmentation.Parameters.defaults().maxDistanceMm();

	@Test
	void thinLayersStayAndDeepBrightTissueGoes() {
		final int n = NX * NY * NZ;
		final byte[] bone = new byte[n], keep = new byte[n];
		// z (0.5 mm steps): 0–19 deep block, 20–29 tibia, 30–37 joint (4 mm), 38–47 femur, 48–51 thin layer (2 mm)
		for (int z = 0; z < NZ; z++)
			for (int i = z * NX * NY; i < (z + 1) * NX * NY; i++) {
				if (z >= 20 && z < 30 || z >= 38 && z < 48)
					bone[i] = 1;
				else if (z < 20 || z >= 30 && z < 38 || z >= 48 && z < 52)
					keep[i] = 1;
			}
		final int[] dims = { NX, NY, NZ };
		final VoxelGeometry g = VoxelGeometry.axisAligned(H, H, H);
		final float[] d2 = Masks.squaredDistanceTo(bone, dims, g);
		CartilageSegmentation.dropThickBrightTissue(keep, d2, dims, g, LIMIT_MM);
		final int[] kept = new int[NZ];
		for (int z = 0; z < NZ; z++)
			for (int i = z * NX * NY; i < (z + 1) * NX * NY; i++)
				kept[z] += keep[i];
		for (int z = 0; z < NZ; z++) {
			final boolean layer = z >= 30 && z < 38 || z >= 48 && z < 52;
			assertEquals(layer ? NX * NY : 0, kept[z], "voxels kept in the plane z = " + z);
		}
	}
}
