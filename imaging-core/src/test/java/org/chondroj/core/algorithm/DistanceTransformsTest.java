package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.TestVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;

class DistanceTransformsTest {

	private static final double[] OAI_SPACING = { 0.7, 0.3646, 0.3646 };

	/** Distance from one foreground voxel is the Euclidean distance in mm, everywhere (float rounding: 1e-5 relative). */
	@Test
	void distanceFromOneVoxelIsEuclidean() {
		final int[] dims = { 31, 24, 17 };
		final double[] s = { 0.7, 0.3646, 1.1 };
		final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(dims, VoxelGeometry.axisAligned(s));
		final int cx = 9, cy = 20, cz = 5;
		Volumes.byteData(mask)[mask.index(cx, cy, cz)] = 1;
		final float[] d = Volumes.floatData(DistanceTransforms.distanceToForeground(mask));
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final double truth = Math.sqrt(sq((x - cx) * s[0]) + sq((y - cy) * s[1]) + sq((z - cz) * s[2]));
					assertEquals(truth, d[mask.index(x, y, z)], 1e-5 * (1 + truth));
				}
	}

	/**
	 * Inside a ball of radius R (voxel centres within R), the distance to the background of a voxel at radius ρ lies
	 * between R − ρ and R − ρ + the voxel diagonal (the nearest background centre is outside R, and one lies within a
	 * voxel diagonal of the sphere along the ray).
	 */
	@Test
	void ballDistanceMapMatchesRadius() {
		final int[] dims = { 64, 110, 110 };
		final Volume<UnsignedByteType> ball = Volumes.unsignedBytes(dims, VoxelGeometry.axisAligned(OAI_SPACING));
		final double r = 18.0, c0 = 31.3 * OAI_SPACING[0], c1 = 54.6 * OAI_SPACING[1], c2 = 55.2 * OAI_SPACING[2];
		final byte[] m = Volumes.byteData(ball);
		final double diagonal = Math.sqrt(sq(OAI_SPACING[0]) + sq(OAI_SPACING[1]) + sq(OAI_SPACING[2]));
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++)
					if (radius(x, y, z, c0, c1, c2) <= r)
						m[ball.index(x, y, z)] = 1;
		final float[] d = Volumes.floatData(DistanceTransforms.distanceToBackground(ball));
		int inside = 0;
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final int i = ball.index(x, y, z);
					if (m[i] == 0) {
						assertEquals(0f, d[i]);
						continue;
					}
					inside++;
					final double depth = r - radius(x, y, z, c0, c1, c2);
					assertTrue(d[i] >= depth - 1e-4 && d[i] <= depth + diagonal, "voxel " + x + "," + y + "," + z + ": " + d[i] + " vs depth " + depth);
				}
		assertTrue(inside > 100000);
	}

	/** Against an O(n²) brute force on random masks with anisotropic spacing: exact to float rounding. */
	@Test
	void matchesBruteForce() {
		final int[] dims = { 13, 11, 9 };
		final double[] s = { 0.9, 0.35, 1.4 };
		for (long seed = 1; seed <= 5; seed++) {
			final Volume<UnsignedByteType> mask = TestVolumes.randomBlobs(dims, s, seed, 4, 4, 0.05);
			final byte[] m = Volumes.byteData(mask);
			final float[] toBg = Volumes.floatData(DistanceTransforms.distanceToBackground(mask));
			final float[] signed = Volumes.floatData(DistanceTransforms.signedDistance(mask));
			for (int i = 0; i < m.length; i++) {
				double best = Double.POSITIVE_INFINITY;
				for (int j = 0; j < m.length; j++)
					if ((m[j] != 0) != (m[i] != 0))
						best = Math.min(best, distance(dims, s, i, j));
				assertEquals(m[i] != 0 ? best : 0, toBg[i], 1e-5 * (1 + best), "voxel " + i + " seed " + seed);
				assertEquals(m[i] != 0 ? -best : best, signed[i], 1e-5 * (1 + best), "signed, voxel " + i + " seed " + seed);
			}
		}
	}

	/** No feature voxel at all: infinite distance, not a crash or a garbage value. */
	@Test
	void noFeatureGivesInfinity() {
		final Volume<UnsignedByteType> empty = Volumes.unsignedBytes(new int[] { 5, 6, 7 }, VoxelGeometry.axisAligned(1, 1, 1));
		for (final float v : Volumes.floatData(DistanceTransforms.distanceToForeground(empty)))
			assertEquals(Float.POSITIVE_INFINITY, v);
		for (final float v : Volumes.floatData(DistanceTransforms.distanceToBackground(empty)))
			assertEquals(0f, v);
	}

	/** The same bits with one thread as with all cores. */
	@Test
	void independentOfThreadCount() throws Exception {
		final Volume<UnsignedByteType> mask = TestVolumes.randomBlobs(new int[] { 40, 50, 60 }, OAI_SPACING, 7, 30, 12, 0.01);
		final float[] parallel = Volumes.floatData(DistanceTransforms.signedDistance(mask));
		final float[] single = TestVolumes.singleThreaded(() -> Volumes.floatData(DistanceTransforms.signedDistance(mask)));
		assertArrayEquals(single, parallel);
	}

	/**
	 * Against SciPy's {@code ndimage.distance_transform_edt} with sampling (an independent implementation), on
	 * random masks with anisotropic spacing: identical to within 1e-4 mm.
	 */
	@Test
	void matchesScipy(@TempDir final Path dir) throws Exception {
		ExternalTools.requirePython("numpy", "scipy.ndimage");
		final int[] dims = { 47, 61, 38 };
		final double[][] spacings = { OAI_SPACING, { 1.5, 0.3125, 0.3125 }, { 0.4, 0.9, 2.2 } };
		for (int t = 0; t < spacings.length; t++) {
			final double[] s = spacings[t];
			final Volume<UnsignedByteType> mask = TestVolumes.randomBlobs(dims, s, 100 + t, 25, 14, 0.02);
			final Path in = dir.resolve("mask" + t + ".raw"), out = dir.resolve("edt" + t + ".raw");
			TestVolumes.writeBytes(Volumes.byteData(mask), in);
			ExternalTools.pythonCode(String.join("\n",
					"import sys, numpy as np",
					"from scipy import ndimage",
					"nx, ny, nz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])",
					"sx, sy, sz = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])",
					"m = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(nz, ny, nx)",
					"d = ndimage.distance_transform_edt(m, sampling=(sz, sy, sx))",
					"d.astype('<f8').tofile(sys.argv[2])"),
					in.toString(), out.toString(), "" + dims[0], "" + dims[1], "" + dims[2], "" + s[0], "" + s[1], "" + s[2]);
			final double[] reference = TestVolumes.readDoubles(out);
			final float[] ours = Volumes.floatData(DistanceTransforms.distanceToBackground(mask));
			double maxDiff = 0;
			for (int i = 0; i < ours.length; i++)
				maxDiff = Math.max(maxDiff, Math.abs(ours[i] - reference[i]));
			assertTrue(maxDiff < 1e-4, "max |ChondroJ − SciPy| = " + maxDiff + " mm for spacing " + java.util.Arrays.toString(s));
		}
	}

	private static double distance(final int[] dims, final double[] s, final int i, final int j) {
		final int dx = i % dims[0] - j % dims[0];
		final int dy = (i / dims[0]) % dims[1] - (j / dims[0]) % dims[1];
		final int dz = i / (dims[0] * dims[1]) - j / (dims[0] * dims[1]);
		return Math.sqrt(sq(dx * s[0]) + sq(dy * s[1]) + sq(dz * s[2]));
	}

	private static double radius(final int x, final int y, final int z, final double c0, final double c1, final double c2) {
		return Math.sqrt(sq(x * OAI_SPACING[0] - c0) + sq(y * OAI_SPACING[1] - c1) + sq(z * OAI_SPACING[2] - c2));
	}

	private static double sq(final double v) {
		return v * v;
	}
}
