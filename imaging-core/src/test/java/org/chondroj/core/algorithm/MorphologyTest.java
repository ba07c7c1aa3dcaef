package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.TestVolumes;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.integer.UnsignedByteType;

class MorphologyTest {

	private static final double[] SPACING = { 0.7, 0.3646, 0.3646 };

	/** Dilating one voxel gives exactly the ball in mm: all offsets with (dx·sx)² + (dy·sy)² + (dz·sz)² ≤ r². */
	@Test
	void dilatingOneVoxelGivesTheBallInMillimetres() {
		final int[] dims = { 21, 41, 41 };
		final Volume<UnsignedByteType> m = Volumes.unsignedBytes(dims, VoxelGeometry.axisAligned(SPACING));
		Volumes.byteData(m)[m.index(10, 20, 20)] = 1;
		for (final double r : new double[] { 0.5, 1.4, 2.1875, 3.0, 5.2 }) {
			final byte[] d = Volumes.byteData(Morphology.dilate(m, r));
			int count = 0;
			for (int z = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++) {
						final double dist2 = sq((x - 10) * SPACING[0]) + sq((y - 20) * SPACING[1]) + sq((z - 20) * SPACING[2]);
						final boolean inBall = dist2 <= r * r * (1 + 1e-9);
						assertEquals(inBall ? 1 : 0, d[m.index(x, y, z)], "r=" + r + " at " + x + "," + y + "," + z);
						if (inBall)
							count++;
					}
			assertTrue(count > 1);
		}
		// 2.1875 mm = 6 voxels of 0.3646 along y: the boundary voxel is included (closed ball)
		assertEquals(1, Volumes.byteData(Morphology.dilate(m, 6 * SPACING[1]))[m.index(10, 26, 20)]);
	}

	/**
	 * Eroding a box of voxels inside the grid keeps a voxel iff the nearest background voxel, straight across the
	 * nearest face, is farther than r: (k+1)·s &gt; r for the voxel's distance k (voxels) to each face.
	 */
	@Test
	void erodingABoxFollowsItsFaces() {
		final int[] dims = { 30, 40, 40 };
		final Volume<UnsignedByteType> m = Volumes.unsignedBytes(dims, VoxelGeometry.axisAligned(SPACING));
		final int[] lo = { 5, 6, 7 }, hi = { 24, 33, 30 };
		box(m, lo, hi);
		final double r = 1.5;
		final byte[] e = Volumes.byteData(Morphology.erode(m, r));
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final int[] p = { x, y, z };
					boolean keep = true;
					for (int a = 0; a < 3; a++) {
						if (p[a] < lo[a] || p[a] > hi[a])
							keep = false;
						else
							keep &= (Math.min(p[a] - lo[a], hi[a] - p[a]) + 1) * SPACING[a] > r;
					}
					assertEquals(keep ? 1 : 0, e[m.index(x, y, z)], "at " + x + "," + y + "," + z);
				}
	}

	/** Against brute-force dilation and erosion with the same ball on random masks. */
	@Test
	void matchesBruteForce() {
		final int[] dims = { 14, 17, 12 };
		final double r = 1.3;
		for (long seed = 1; seed <= 3; seed++) {
			final Volume<UnsignedByteType> m = TestVolumes.randomBlobs(dims, SPACING, seed, 5, 4, 0.03);
			final byte[] src = Volumes.byteData(m);
			final byte[] dil = Volumes.byteData(Morphology.dilate(m, r));
			final byte[] ero = Volumes.byteData(Morphology.erode(m, r));
			final int R = 5;
			for (int z = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++) {
						boolean any = false, all = true;
						for (int dz = -R; dz <= R; dz++)
							for (int dy = -R; dy <= R; dy++)
								for (int dx = -R; dx <= R; dx++) {
									final int xx = x + dx, yy = y + dy, zz = z + dz;
									if (xx < 0 || yy < 0 || zz < 0 || xx >= dims[0] || yy >= dims[1] || zz >= dims[2])
										continue; // outside the grid: neither foreground nor background
									if (sq(dx * SPACING[0]) + sq(dy * SPACING[1]) + sq(dz * SPACING[2]) > r * r)
										continue;
									final boolean fg = src[m.index(xx, yy, zz)] != 0;
									any |= fg;
									all &= fg;
								}
						final int i = m.index(x, y, z);
						assertEquals(any ? 1 : 0, dil[i], "dilation at " + x + "," + y + "," + z);
						assertEquals(all ? 1 : 0, ero[i], "erosion at " + x + "," + y + "," + z);
					}
		}
	}

	/** Closing contains the mask, opening is contained in it, and opening twice changes nothing more. */
	@Test
	void openingAndClosingProperties() {
		final Volume<UnsignedByteType> m = TestVolumes.randomBlobs(new int[] { 40, 50, 45 }, SPACING, 5, 25, 10, 0.02);
		final byte[] src = Volumes.byteData(m);
		final Volume<UnsignedByteType> opened = Morphology.open(m, 1.2);
		final byte[] o = Volumes.byteData(opened), c = Volumes.byteData(Morphology.close(m, 1.2));
		for (int i = 0; i < src.length; i++) {
			assertTrue(o[i] <= src[i]);
			assertTrue(c[i] >= src[i]);
		}
		assertArrayEquals(o, Volumes.byteData(Morphology.open(opened, 1.2)));
	}

	@Test
	void rejectsNegativeRadius() {
		final Volume<UnsignedByteType> m = Volumes.unsignedBytes(new int[] { 3, 3, 3 }, VoxelGeometry.axisAligned(SPACING));
		assertThrows(IllegalArgumentException.class, () -> Morphology.dilate(m, -1));
		assertThrows(IllegalArgumentException.class, () -> Morphology.erode(m, Double.NaN));
	}

	private static void box(final Volume<UnsignedByteType> m, final int[] lo, final int[] hi) {
		final byte[] b = Volumes.byteData(m);
		for (int z = lo[2]; z <= hi[2]; z++)
			for (int y = lo[1]; y <= hi[1]; y++)
				for (int x = lo[0]; x <= hi[0]; x++)
					b[m.index(x, y, z)] = 1;
	}

	private static double sq(final double v) {
		return v * v;
	}
}
