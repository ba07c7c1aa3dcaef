package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.ExternalTools;
import org.joml.Matrix3d;
import org.joml.Matrix4d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class ResamplingTest {

	private static final double[] SPACING = { 0.36, 0.36, 0.7 };
	private static final Matrix3d OBLIQUE = new Matrix3d().rotation(0.5, new Vector3d(1, -2, 0.7).normalize());

	private static Volume<UnsignedShortType> randomShorts(final long seed, final int[] dims, final VoxelGeometry g) {
		final Volume<UnsignedShortType> v = Volumes.unsignedShorts(dims, g);
		final SplittableRandom random = new SplittableRandom(seed);
		final short[] s = Volumes.shortData(v);
		for (int i = 0; i < s.length; i++)
			s[i] = (short) random.nextInt(1, 60000);
		return v.withMetadata(Metadata.empty().with(Metadata.SERIES_DESCRIPTION, "test"));
	}

	/** Identity geometry: NEAREST returns the same voxel type and identical voxels, LINEAR identical values; metadata copied. */
	@Test
	void identityReturnsIdenticalVoxels() {
		final VoxelGeometry g = VoxelGeometry.of(SPACING, new double[] { 3, -4, 5 }, OBLIQUE);
		final Volume<UnsignedShortType> src = randomShorts(1, new int[] { 11, 9, 7 }, g);
		final Volume<UnsignedShortType> near = Resampling.nearest(src, src.dimensions(), g);
		assertArrayEquals(Volumes.shortData(src), Volumes.shortData(near));
		assertEquals(src.metadata(), near.metadata());
		final Volume<?> lin = Resampling.resample(src, src, Interpolation.LINEAR);
		assertTrue(lin.type() instanceof FloatType);
		assertArrayEquals(Volumes.floatValues(src), Volumes.floatValues(lin));
		assertEquals(src.metadata(), lin.metadata());
	}

	/** A target grid shifted by (2, −3, 1) voxels (oblique, anisotropic) holds exactly the shifted voxels, 0 where it leaves the source. */
	@Test
	void wholeVoxelShiftMovesValuesExactly() {
		final VoxelGeometry g = VoxelGeometry.of(SPACING, new double[] { 3, -4, 5 }, OBLIQUE);
		final int[] dims = { 12, 10, 8 };
		final Volume<UnsignedShortType> src = randomShorts(2, dims, g);
		final Vector3d o = g.indexToPatient(2, -3, 1, new Vector3d());
		final VoxelGeometry shifted = g.withOrigin(new double[] { o.x, o.y, o.z });
		final Volume<UnsignedShortType> near = Resampling.nearest(src, dims, shifted);
		final Volume<FloatType> lin = Resampling.linear(src, dims, shifted);
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final int sx = x + 2, sy = y - 3, sz = z + 1;
					final boolean in = sx < dims[0] && sy >= 0 && sz < dims[2];
					final int expected = in ? Volumes.shortData(src)[src.index(sx, sy, sz)] & 0xffff : 0;
					assertEquals(expected, Volumes.shortData(near)[near.index(x, y, z)] & 0xffff);
					assertEquals(expected, Volumes.floatData(lin)[lin.index(x, y, z)]);
				}
	}

	/**
	 * A 90° rotation about z expressed only through the direction matrices (built with JOML's rotationZ, so with
	 * 6e-17 rounding in the matrix) is an exact permutation: target(i, j, k) = source(nx−1−j, i, k), both modes.
	 */
	@Test
	void quarterTurnIsAPermutation() {
		final int[] dims = { 9, 6, 5 };
		final VoxelGeometry g = VoxelGeometry.axisAligned(new double[] { 0.36, 0.5, 0.7 }, new double[] { -10, 20, 30 });
		final Volume<UnsignedShortType> src = randomShorts(3, dims, g);
		final Vector3d o = g.indexToPatient(dims[0] - 1, 0, 0, new Vector3d());
		final VoxelGeometry turned = VoxelGeometry.of(new double[] { 0.5, 0.36, 0.7 }, new double[] { o.x, o.y, o.z },
				new Matrix3d().rotationZ(Math.PI / 2));
		final int[] tdims = { dims[1], dims[0], dims[2] };
		final Volume<UnsignedShortType> near = Resampling.nearest(src, tdims, turned);
		final Volume<FloatType> lin = Resampling.linear(src, tdims, turned);
		for (int k = 0; k < tdims[2]; k++)
			for (int j = 0; j < tdims[1]; j++)
				for (int i = 0; i < tdims[0]; i++) {
					final int expected = Volumes.shortData(src)[src.index(dims[0] - 1 - j, i, k)] & 0xffff;
					assertEquals(expected, Volumes.shortData(near)[near.index(i, j, k)] & 0xffff);
					assertEquals(expected, Volumes.floatData(lin)[lin.index(i, j, k)]);
				}
	}

	/**
	 * A linear ramp f = a·x + b·y + c·z of the patient position, sampled on an oblique anisotropic grid and resampled
	 * onto another oblique grid, is reproduced by LINEAR within 1e-4 wherever the target voxel falls inside the
	 * source's voxel centres (where no border clamping happens); outside the source's voxels it is 0.
	 */
	@Test
	void linearReproducesARamp() {
		final int[] dims = { 40, 36, 20 };
		final VoxelGeometry g = VoxelGeometry.of(SPACING, new double[] { 3, -4, 5 }, OBLIQUE);
		final Volume<FloatType> src = Volumes.floats(dims, g);
		final Vector3d p = new Vector3d();
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++)
					Volumes.floatData(src)[src.index(x, y, z)] = (float) ramp(g.indexToPatient(x, y, z, p));
		final int[] tdims = { 30, 30, 30 };
		final VoxelGeometry target = VoxelGeometry.of(new double[] { 0.5, 0.45, 0.4 }, new double[] { 2, -3, 4 },
				new Matrix3d().rotation(1.1, new Vector3d(0.3, 0.2, 1).normalize()));
		final Volume<FloatType> out = Resampling.linear(src, tdims, target);
		final Vector3d c = new Vector3d();
		int inside = 0, outside = 0;
		for (int z = 0; z < tdims[2]; z++)
			for (int y = 0; y < tdims[1]; y++)
				for (int x = 0; x < tdims[0]; x++) {
					target.indexToPatient(x, y, z, p);
					g.patientToIndex(p.x, p.y, p.z, c);
					final float value = Volumes.floatData(out)[out.index(x, y, z)];
					if (within(c, dims, 0)) {
						assertEquals(ramp(p), value, 1e-4);
						inside++;
					} else if (!within(c, dims, 0.5 + 1e-6)) {
						assertEquals(0, value);
						outside++;
					}
				}
		assertTrue(inside > 1000 && outside > 1000, inside + " inside, " + outside + " outside");
	}

	private static double ramp(final Vector3d p) {
		return 0.8 * p.x - 1.3 * p.y + 0.45 * p.z + 7;
	}

	/** Continuous index c lies within [−margin, n − 1 + margin] on every axis. */
	private static boolean within(final Vector3d c, final int[] dims, final double margin) {
		return c.x >= -margin && c.y >= -margin && c.z >= -margin && c.x <= dims[0] - 1 + margin && c.y <= dims[1] - 1 + margin
				&& c.z <= dims[2] - 1 + margin;
	}

	/** NEAREST on a label map under an oblique, anisotropic change of grid creates no new labels. */
	@Test
	void nearestKeepsTheLabelSet() {
		final int[] dims = { 30, 25, 15 };
		final VoxelGeometry g = VoxelGeometry.axisAligned(SPACING);
		final Volume<UnsignedByteType> labels = Volumes.unsignedBytes(dims, g);
		final byte[] l = Volumes.byteData(labels);
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++)
					l[labels.index(x, y, z)] = (byte) (x < 8 ? 0 : (x / 4) % 3 == 0 ? 3 : (y + z) % 2 == 0 ? 7 : 250);
		final Volume<?> out = Resampling.resample(labels, new int[] { 25, 25, 25 },
				VoxelGeometry.of(new double[] { 0.5, 0.3, 0.45 }, new double[] { 1, -2, 1 }, OBLIQUE), Interpolation.NEAREST);
		assertTrue(out.type() instanceof UnsignedByteType);
		final Set<Integer> seen = new HashSet<>();
		for (final float v : Volumes.floatValues(out))
			seen.add((int) v);
		assertTrue(Set.of(0, 3, 7, 250).containsAll(seen), seen.toString());
		assertTrue(seen.size() == 4, seen.toString());
	}

	/**
	 * Against {@code scipy.ndimage.map_coordinates(order=1, mode='nearest')} on a random volume and an oblique,
	 * anisotropic target grid (the index mapping computed in NumPy from the two index→patient affines): agreement to
	 * 1e-4 × data range where the point is inside the source (|c| within [−0.5, n − 0.5]), 0 elsewhere.
	 */
	@Test
	void linearMatchesScipy(@TempDir final Path dir) throws IOException {
		ExternalTools.requirePython("numpy", "scipy");
		final int[] dims = { 23, 19, 13 };
		final VoxelGeometry g = VoxelGeometry.of(SPACING, new double[] { 3, -4, 5 }, OBLIQUE);
		final Volume<FloatType> src = Volumes.floats(dims, g);
		final SplittableRandom random = new SplittableRandom(9);
		final float[] f = Volumes.floatData(src);
		for (int i = 0; i < f.length; i++)
			f[i] = (float) random.nextDouble(0, 1000);
		final int[] tdims = { 21, 17, 19 };
		// centred on the source (plus an odd offset), turned by 0.9 rad: about half of the target lies in the source
		final Matrix3d turn = new Matrix3d().rotation(0.9, new Vector3d(-0.4, 1, 0.6).normalize());
		final double[] tspacing = { 0.41, 0.33, 0.52 };
		final Vector3d centre = g.indexToPatient((dims[0] - 1) / 2.0, (dims[1] - 1) / 2.0, (dims[2] - 1) / 2.0, new Vector3d());
		final Vector3d half = new Matrix3d(turn).scale(tspacing[0], tspacing[1], tspacing[2])
				.transform(new Vector3d((tdims[0] - 1) / 2.0, (tdims[1] - 1) / 2.0, (tdims[2] - 1) / 2.0));
		final Vector3d origin = centre.sub(half).add(0.37, -0.21, 0.13);
		final VoxelGeometry target = VoxelGeometry.of(tspacing, new double[] { origin.x, origin.y, origin.z }, turn);
		final Volume<FloatType> out = Resampling.linear(src, tdims, target);
		final Path in = dir.resolve("in.raw"), result = dir.resolve("out.raw");
		final ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : f)
			b.putFloat(v);
		Files.write(in, b.array());
		ExternalTools.pythonCode(String.join("\n", "import sys, numpy as np", "from scipy import ndimage",
				"nx, ny, nz, tx, ty, tz = (int(v) for v in sys.argv[3:9])",
				"S = np.array([float(v) for v in sys.argv[9:25]]).reshape(4, 4)",
				"T = np.array([float(v) for v in sys.argv[25:41]]).reshape(4, 4)",
				"a = np.fromfile(sys.argv[1], dtype='<f4').reshape(nz, ny, nx).astype(np.float64)",
				"k, j, i = np.meshgrid(np.arange(tz), np.arange(ty), np.arange(tx), indexing='ij')",
				"idx = np.stack([i.ravel(), j.ravel(), k.ravel(), np.ones(i.size)])",
				"c = (np.linalg.inv(S) @ T @ idx)[:3]",
				"v = ndimage.map_coordinates(a, c[::-1], order=1, mode='nearest')",
				"n = np.array([nx, ny, nz])[:, None]",
				"inside = np.all((c >= -0.5) & (c <= n - 0.5), axis=0)",
				"np.where(inside, v, np.nan).astype('<f8').tofile(sys.argv[2])"),
				args(in, result, dims, tdims, g.indexToPatientAffine(), target.indexToPatientAffine()));
		final ByteBuffer r = ByteBuffer.wrap(Files.readAllBytes(result)).order(ByteOrder.LITTLE_ENDIAN);
		final float[] mine = Volumes.floatData(out);
		double worst = 0;
		int inside = 0, outside = 0;
		for (int t = 0; t < mine.length; t++) {
			final double expected = r.getDouble();
			if (Double.isNaN(expected)) {
				assertEquals(0, mine[t], "outside point " + t);
				outside++;
			} else {
				worst = Math.max(worst, Math.abs(mine[t] - expected));
				inside++;
			}
		}
		System.out.printf("linear resampling vs scipy: %d inside (max |difference| %.2e, range 1000), %d outside%n", inside, worst, outside);
		assertTrue(worst < 1e-4 * 1000, "max difference " + worst);
		assertTrue(inside > 1000 && outside > 1000);
	}

	private static String[] args(final Path in, final Path out, final int[] dims, final int[] tdims, final Matrix4d s, final Matrix4d t) {
		final String[] a = new String[40];
		a[0] = in.toString();
		a[1] = out.toString();
		for (int d = 0; d < 3; d++) {
			a[2 + d] = Integer.toString(dims[d]);
			a[5 + d] = Integer.toString(tdims[d]);
		}
		for (int row = 0; row < 4; row++)
			for (int col = 0; col < 4; col++) {
				a[8 + 4 * row + col] = Double.toString(s.get(col, row));
				a[24 + 4 * row + col] = Double.toString(t.get(col, row));
			}
		return a;
	}
}
