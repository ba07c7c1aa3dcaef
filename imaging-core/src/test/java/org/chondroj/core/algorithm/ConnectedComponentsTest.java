package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayDeque;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.TestVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;

class ConnectedComponentsTest {

	private static final VoxelGeometry GEOMETRY = VoxelGeometry.axisAligned(0.7, 0.3646, 0.3646);

	/** Voxels touching by a face, an edge or a corner: one component with 26-connectivity, separate ones with 6. */
	@Test
	void connectivityDecidesWhatTouches() {
		final Volume<UnsignedByteType> m = Volumes.unsignedBytes(new int[] { 6, 6, 6 }, GEOMETRY);
		final byte[] b = Volumes.byteData(m);
		b[m.index(1, 1, 1)] = 1;
		b[m.index(2, 1, 1)] = 1; // face neighbour of the first
		b[m.index(3, 2, 1)] = 1; // edge neighbour of the second
		b[m.index(4, 3, 2)] = 1; // corner neighbour of the third
		b[m.index(0, 5, 5)] = 1; // alone
		final ConnectedComponents.Result six = ConnectedComponents.label(m, Connectivity.SIX);
		final ConnectedComponents.Result all = ConnectedComponents.label(m, Connectivity.TWENTY_SIX);
		assertEquals(4, six.count());
		assertArrayEquals(new long[] { 211, 2, 1, 1, 1 }, six.sizes());
		assertEquals(2, all.count());
		assertArrayEquals(new long[] { 211, 4, 1 }, all.sizes());
		assertEquals(1, all.largest());
		final int[] l = Volumes.intData(all.labels());
		assertEquals(1, l[m.index(4, 3, 2)]);
		assertEquals(2, l[m.index(0, 5, 5)]);
		assertEquals(0, l[m.index(5, 5, 5)]);
	}

	/**
	 * A comb whose teeth run along z and join only at the far end: each tooth lies in every slab of the parallel
	 * labelling, so the answer depends on joining the slabs right.
	 */
	@Test
	void joinsAcrossSlabs() {
		final int[] dims = { 9, 3, 97 };
		final Volume<UnsignedByteType> m = Volumes.unsignedBytes(dims, GEOMETRY);
		final byte[] b = Volumes.byteData(m);
		for (int z = 0; z < dims[2]; z++)
			for (int x = 0; x < dims[0]; x += 2)
				b[m.index(x, 1, z)] = 1;
		for (int x = 0; x < dims[0]; x++)
			b[m.index(x, 1, dims[2] - 1)] = 1;
		final ConnectedComponents.Result r = ConnectedComponents.label(m, Connectivity.SIX);
		assertEquals(1, r.count());
		assertEquals(5 * 96 + 9, r.size(1));
	}

	/** Against a breadth-first-search reference on random masks: the same labels voxel for voxel (first-voxel order). */
	@Test
	void matchesBreadthFirstSearch() {
		final int[] dims = { 23, 19, 41 };
		for (final Connectivity c : Connectivity.values())
			for (long seed = 1; seed <= 4; seed++) {
				final Volume<UnsignedByteType> m = TestVolumes.randomBlobs(dims, GEOMETRY.spacing(), seed, 12, 6, 0.08);
				assertArrayEquals(bfsLabels(Volumes.byteData(m), dims, c), Volumes.intData(ConnectedComponents.label(m, c).labels()),
						c + " seed " + seed);
			}
	}

	/** The same labels with one thread as with all cores. */
	@Test
	void independentOfThreadCount() throws Exception {
		final Volume<UnsignedByteType> m = TestVolumes.randomBlobs(new int[] { 50, 40, 70 }, GEOMETRY.spacing(), 3, 40, 9, 0.05);
		final int[] parallel = Volumes.intData(ConnectedComponents.label(m, Connectivity.TWENTY_SIX).labels());
		final int[] single = TestVolumes.singleThreaded(() -> Volumes.intData(ConnectedComponents.label(m, Connectivity.TWENTY_SIX).labels()));
		assertArrayEquals(single, parallel);
	}

	/** Against SciPy's {@code ndimage.label} (which also numbers components by first voxel in this order). */
	@Test
	void matchesScipy(@TempDir final Path dir) throws Exception {
		ExternalTools.requirePython("numpy", "scipy.ndimage");
		final int[] dims = { 64, 48, 56 };
		final Volume<UnsignedByteType> m = TestVolumes.randomBlobs(dims, GEOMETRY.spacing(), 11, 60, 10, 0.1);
		final Path in = dir.resolve("mask.raw");
		TestVolumes.writeBytes(Volumes.byteData(m), in);
		for (final Connectivity c : Connectivity.values()) {
			final Path out = dir.resolve("labels-" + c + ".raw");
			ExternalTools.pythonCode(String.join("\n",
					"import sys, numpy as np",
					"from scipy import ndimage",
					"nx, ny, nz, rank = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])",
					"m = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(nz, ny, nx)",
					"labels, n = ndimage.label(m, structure=ndimage.generate_binary_structure(3, rank))",
					"labels.astype('<i4').tofile(sys.argv[2])"),
					in.toString(), out.toString(), "" + dims[0], "" + dims[1], "" + dims[2], c == Connectivity.SIX ? "1" : "3");
			final ConnectedComponents.Result r = ConnectedComponents.label(m, c);
			final int[] reference = TestVolumes.readInts(out);
			assertArrayEquals(reference, Volumes.intData(r.labels()), "labels differ from SciPy for " + c);
			assertEquals(java.util.Arrays.stream(reference).max().getAsInt(), r.count());
		}
	}

	private static int[] bfsLabels(final byte[] m, final int[] d, final Connectivity c) {
		final int[] labels = new int[m.length];
		int next = 0;
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int start = 0; start < m.length; start++) {
			if (m[start] == 0 || labels[start] != 0)
				continue;
			labels[start] = ++next;
			queue.add(start);
			while (!queue.isEmpty()) {
				final int i = queue.poll();
				final int x = i % d[0], y = (i / d[0]) % d[1], z = i / (d[0] * d[1]);
				for (int dz = -1; dz <= 1; dz++)
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++) {
							final int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
							if (manhattan == 0 || (c == Connectivity.SIX && manhattan > 1))
								continue;
							final int xx = x + dx, yy = y + dy, zz = z + dz;
							if (xx < 0 || yy < 0 || zz < 0 || xx >= d[0] || yy >= d[1] || zz >= d[2])
								continue;
							final int j = xx + d[0] * (yy + d[1] * zz);
							if (m[j] != 0 && labels[j] == 0) {
								labels[j] = next;
								queue.add(j);
							}
						}
			}
		}
		return labels;
	}
}
