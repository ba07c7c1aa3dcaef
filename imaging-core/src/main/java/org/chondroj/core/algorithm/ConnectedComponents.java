package org.chondroj.core.algorithm;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;

import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * 3-D connected-component labelling of masks.
 * <p>
 * Union–find over voxel indices, always linking to the smaller index, so that each component's root is its
 * first voxel in x-fastest order. Slabs of slices are labelled in parallel and then joined at their borders.
 * Components are numbered 1..n in the order of their first voxel, so the output is the same whatever the number
 * of threads. Cost: O(n·α(n)) time; memory: one int per voxel (the output), nothing else of that size.
 */
public final class ConnectedComponents {

	private ConnectedComponents() {
	}

	/** The components of a mask: a label volume (0 background, 1..count) and each component's voxel count. */
	public static final class Result {
		private final Volume<IntType> labels;
		private final long[] sizes;

		Result(final Volume<IntType> labels, final long[] sizes) {
			this.labels = labels;
			this.sizes = sizes;
		}

		/** Component label of every voxel: 0 background, 1..{@link #count()} in order of the components' first voxel. */
		public Volume<IntType> labels() {
			return labels;
		}

		/** Number of components. */
		public int count() {
			return sizes.length - 1;
		}

		/** Voxel count of component {@code label} (1..count). */
		public long size(final int label) {
			return sizes[label];
		}

		/** Voxel counts indexed by label (element 0 is the background count); a copy. */
		public long[] sizes() {
			return sizes.clone();
		}

		/** The label of the largest component (the first one on ties), or 0 if there is none. */
		public int largest() {
			int best = 0;
			for (int l = 1; l < sizes.length; l++)
				if (best == 0 || sizes[l] > sizes[best])
					best = l;
			return best;
		}

		/** A new 0/1 mask of the voxels of the components whose label is given. */
		public Volume<UnsignedByteType> mask(final int... componentLabels) {
			final boolean[] keep = new boolean[sizes.length];
			for (final int l : componentLabels)
				keep[l] = true;
			final int[] lab = Volumes.intData(labels);
			final byte[] out = new byte[lab.length];
			final int slice = labels.dimension(0) * labels.dimension(1);
			Parallel.forEach(labels.dimension(2), z -> {
				for (int i = z * slice, end = i + slice; i < end; i++)
					out[i] = keep[lab[i]] ? (byte) 1 : 0;
			});
			return Volumes.wrapUnsignedBytes(out, labels.dimensions(), labels.geometry());
		}
	}

	/** Labels the connected components of the non-zero voxels of {@code mask}. */
	public static Result label(final Volume<UnsignedByteType> mask, final Connectivity connectivity) {
		final int[] dims = mask.dimensions();
		final int nx = dims[0], ny = dims[1], nz = dims[2], slice = nx * ny;
		final byte[] m = Volumes.byteData(mask);
		final int[] offsets = backwardNeighbours(connectivity);
		// parent[i] = 1 + index of the parent voxel; 0 = background
		final int[] parent = new int[m.length];

		final int threads = Math.min(nz, Runtime.getRuntime().availableProcessors() * 4);
		final int[] slabStart = new int[threads + 1];
		for (int t = 0; t <= threads; t++)
			slabStart[t] = (int) ((long) nz * t / threads);
		Parallel.forEach(threads, t -> {
			for (int z = slabStart[t]; z < slabStart[t + 1]; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0, i = z * slice + y * nx; x < nx; x++, i++) {
						if (m[i] == 0)
							continue;
						parent[i] = i + 1;
						for (int o = 0; o < offsets.length; o += 3) {
							final int zz = z + offsets[o + 2];
							if (zz < slabStart[t])
								continue; // joined after the slabs are done
							unionIfForeground(m, parent, i, x + offsets[o], y + offsets[o + 1], zz, nx, ny, nz);
						}
					}
		});
		// join each slab to the one below, through the backward neighbours reaching into the previous slice
		for (int t = 1; t < threads; t++) {
			final int z = slabStart[t];
			if (z == slabStart[t + 1] || z == 0)
				continue;
			for (int y = 0; y < ny; y++)
				for (int x = 0, i = z * slice + y * nx; x < nx; x++, i++) {
					if (m[i] == 0)
						continue;
					for (int o = 0; o < offsets.length; o += 3)
						if (offsets[o + 2] < 0)
							unionIfForeground(m, parent, i, x + offsets[o], y + offsets[o + 1], z - 1, nx, ny, nz);
				}
		}
		// flatten in index order: every parent index is smaller, so its entry is already final;
		// roots get the next label, stored negated until the end to tell them from parent pointers
		int count = 0;
		for (int i = 0; i < parent.length; i++) {
			final int p = parent[i];
			if (p == 0)
				continue;
			parent[i] = p == i + 1 ? -(++count) : parent[p - 1];
		}
		final long[] sizes = new long[count + 1];
		for (int i = 0; i < parent.length; i++) {
			final int l = -parent[i];
			parent[i] = l;
			sizes[l]++;
		}
		return new Result(Volumes.wrapInts(parent, dims, mask.geometry()), sizes);
	}

	private static void unionIfForeground(final byte[] m, final int[] parent, final int i, final int x, final int y, final int z,
			final int nx, final int ny, final int nz) {
		if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz)
			return;
		final int j = x + nx * (y + ny * z);
		if (m[j] == 0)
			return;
		final int ri = find(parent, i), rj = find(parent, j);
		if (ri < rj)
			parent[rj] = ri + 1;
		else if (rj < ri)
			parent[ri] = rj + 1;
	}

	/** Root index of voxel i, halving the path on the way. */
	private static int find(final int[] parent, int i) {
		while (parent[i] != i + 1) {
			final int p = parent[i] - 1;
			final int gp = parent[p] - 1;
			parent[i] = gp + 1;
			i = gp;
		}
		return i;
	}

	/** (dx, dy, dz) of the neighbours visited before a voxel in x-fastest order. */
	private static int[] backwardNeighbours(final Connectivity connectivity) {
		final int[] out = new int[3 * 13];
		int n = 0;
		for (int dz = -1; dz <= 0; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					if (dz == 0 && (dy > 0 || (dy == 0 && dx >= 0)))
						continue;
					if (connectivity == Connectivity.SIX && Math.abs(dx) + Math.abs(dy) + Math.abs(dz) != 1)
						continue;
					out[n++] = dx;
					out[n++] = dy;
					out[n++] = dz;
				}
		return Arrays.copyOf(out, n);
	}
}
