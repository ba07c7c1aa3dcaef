package org.chondroj.segment;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.DistanceTransforms;
import org.chondroj.core.algorithm.Samples;

/**
 * Voxel operations on flat 0/1 byte masks (x fastest, then y, then z) that the segmentation needs beyond
 * imaging-core's morphology: hole filling, distance bands and region growth with a per-voxel rule. All are O(n) with
 * queues of primitive ints, and deterministic.
 */
final class Masks {

	private Masks() {
	}

	/** The six face neighbours of voxel {@code i} that lie in the grid, written into {@code out}; returns their count. */
	static int faceNeighbours(final int i, final int nx, final int ny, final int nz, final int[] out) {
		final int slice = nx * ny;
		final int x = i % nx, y = (i / nx) % ny, z = i / slice;
		int n = 0;
		if (x > 0)
			out[n++] = i - 1;
		if (x < nx - 1)
			out[n++] = i + 1;
		if (y > 0)
			out[n++] = i - nx;
		if (y < ny - 1)
			out[n++] = i + nx;
		if (z > 0)
			out[n++] = i - slice;
		if (z < nz - 1)
			out[n++] = i + slice;
		return n;
	}

	/**
	 * Fills the holes of {@code mask} in place: background voxels not connected (face connectivity) to the grid's border
	 * through background become foreground; then the same in every slice of constant z (2-D, so a hole that opens onto
	 * the end slices of the grid is filled too).
	 */
	static void fillHoles(final byte[] mask, final int nx, final int ny, final int nz) {
		fillHoles3d(mask, nx, ny, nz);
		fillHolesPerSlice(mask, nx, ny, nz);
	}

	/**
	 * Fills the holes of {@code mask} in place: background voxels not connected (faces) to the outside. Works in the
	 * mask's bounding box grown by one voxel (whose border counts as outside), so its cost follows the object's size.
	 */
	static void fillHoles3d(final byte[] mask, final int nx, final int ny, final int nz) {
		final int[] box = box(mask, nx, ny, nz);
		if (box == null)
			return;
		final int x0 = box[0], y0 = box[1], z0 = box[2], bx = box[3] - x0 + 1, by = box[4] - y0 + 1, bz = box[5] - z0 + 1;
		final int n = bx * by * bz;
		final byte[] outside = new byte[n];
		final int[] queue = new int[n];
		int head = 0, tail = 0;
		for (int z = 0; z < bz; z++)
			for (int y = 0; y < by; y++)
				for (int x = 0; x < bx; x++) {
					if (x != 0 && y != 0 && z != 0 && x != bx - 1 && y != by - 1 && z != bz - 1)
						continue;
					final int p = (z * by + y) * bx + x;
					if (mask[((z + z0) * ny + y + y0) * nx + x + x0] == 0) {
						outside[p] = 1;
						queue[tail++] = p;
					}
				}
		final int[] nb = new int[6];
		while (head < tail) {
			final int p = queue[head++];
			final int c = faceNeighbours(p, bx, by, bz, nb);
			for (int a = 0; a < c; a++) {
				final int q = nb[a];
				if (outside[q] != 0)
					continue;
				final int x = q % bx, y = (q / bx) % by, z = q / (bx * by);
				if (mask[((z + z0) * ny + y + y0) * nx + x + x0] == 0) {
					outside[q] = 1;
					queue[tail++] = q;
				}
			}
		}
		for (int z = 0; z < bz; z++)
			for (int y = 0; y < by; y++)
				for (int x = 0; x < bx; x++)
					if (outside[(z * by + y) * bx + x] == 0)
						mask[((z + z0) * ny + y + y0) * nx + x + x0] = 1;
	}

	/** The bounding box (min x, y, z, max x, y, z) of the non-zero voxels grown by one voxel within the grid; null if none. */
	private static int[] box(final byte[] mask, final int nx, final int ny, final int nz) {
		return box(mask, -1, nx, ny, nz);
	}

	/** As {@link #box(byte[], int, int, int)} for the voxels equal to {@code label}, or all non-zero ones if it is −1. */
	private static int[] box(final byte[] mask, final int label, final int nx, final int ny, final int nz) {
		int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++)
					if (label < 0 ? mask[i] != 0 : (mask[i] & 0xFF) == label) {
						x0 = Math.min(x0, x);
						x1 = Math.max(x1, x);
						y0 = Math.min(y0, y);
						y1 = Math.max(y1, y);
						z0 = Math.min(z0, z);
						z1 = Math.max(z1, z);
					}
		if (x1 < 0)
			return null;
		return new int[] { Math.max(0, x0 - 1), Math.max(0, y0 - 1), Math.max(0, z0 - 1), Math.min(nx - 1, x1 + 1), Math.min(ny - 1, y1 + 1),
				Math.min(nz - 1, z1 + 1) };
	}

	/** Fills the holes of every slice of constant z of {@code mask} in place (2-D, faces). */
	static void fillHolesPerSlice(final byte[] mask, final int nx, final int ny, final int nz) {
		Parallel.forEach(nz, z -> {
			final int slice = nx * ny, base = z * slice;
			final byte[] out = new byte[slice];
			final int[] q = new int[slice];
			int h = 0, t = 0;
			for (int p = 0; p < slice; p++) {
				final int x = p % nx, y = p / nx;
				if (mask[base + p] == 0 && (x == 0 || y == 0 || x == nx - 1 || y == ny - 1)) {
					out[p] = 1;
					q[t++] = p;
				}
			}
			while (h < t) {
				final int p = q[h++];
				final int x = p % nx, y = p / nx;
				if (x > 0 && mask[base + p - 1] == 0 && out[p - 1] == 0) {
					out[p - 1] = 1;
					q[t++] = p - 1;
				}
				if (x < nx - 1 && mask[base + p + 1] == 0 && out[p + 1] == 0) {
					out[p + 1] = 1;
					q[t++] = p + 1;
				}
				if (y > 0 && mask[base + p - nx] == 0 && out[p - nx] == 0) {
					out[p - nx] = 1;
					q[t++] = p - nx;
				}
				if (y < ny - 1 && mask[base + p + nx] == 0 && out[p + nx] == 0) {
					out[p + nx] = 1;
					q[t++] = p + nx;
				}
			}
			for (int p = 0; p < slice; p++)
				if (out[p] == 0)
					mask[base + p] = 1;
		});
	}

	/** The squared distance (mm²) of every voxel to the nearest foreground voxel of {@code mask} (0 on it). */
	static float[] squaredDistanceTo(final byte[] mask, final int[] dims, final VoxelGeometry geometry) {
		return DistanceTransforms.squaredDistance(Volumes.wrapUnsignedBytes(mask, dims, geometry), true);
	}

	/**
	 * The squared distance (mm²) of every voxel to the nearest foreground voxel of {@code mask}, exact up to
	 * {@code reachMm}: computed in the mask's bounding box grown by {@code reachMm} (so its cost follows the object's
	 * size); voxels outside that box get +∞.
	 */
	static float[] squaredDistanceTo(final byte[] mask, final int[] dims, final VoxelGeometry geometry, final double reachMm) {
		final int[] box = box(mask, dims, geometry, reachMm);
		final float[] out = new float[mask.length];
		Arrays.fill(out, Float.POSITIVE_INFINITY);
		if (box == null)
			return out;
		final float[] d = DistanceTransforms.squaredDistance(Volumes.wrapUnsignedBytes(crop(mask, dims, box), size(box), geometry), true);
		uncrop(d, out, dims, box);
		return out;
	}

	/**
	 * The depth (mm) of every foreground voxel of {@code mask} below its surface (distance to the nearest background
	 * voxel; 0 on background), computed in the mask's bounding box grown by one voxel, whose rim is background.
	 */
	static float[] depth(final byte[] mask, final int[] dims, final VoxelGeometry geometry) {
		final int[] box = box(mask, dims, geometry, 0);
		final float[] out = new float[mask.length];
		if (box == null)
			return out;
		final float[] d = DistanceTransforms.squaredDistance(Volumes.wrapUnsignedBytes(crop(mask, dims, box), size(box), geometry), false);
		for (int i = 0; i < d.length; i++)
			d[i] = (float) Math.sqrt(d[i]);
		uncrop(d, out, dims, box);
		return out;
	}

	private static int[] box(final byte[] mask, final int[] dims, final VoxelGeometry geometry, final double marginMm) {
		final int[] b = box(mask, dims[0], dims[1], dims[2]);
		if (b == null)
			return null;
		for (int a = 0; a < 3; a++) {
			final int m = (int) Math.ceil(marginMm / geometry.spacing(a));
			b[a] = Math.max(0, b[a] - m);
			b[a + 3] = Math.min(dims[a] - 1, b[a + 3] + m);
		}
		return b;
	}

	/**
	 * The bounding box (min x, y, z, max x, y, z) of the voxels of {@code labels} equal to {@code label}, grown by one
	 * voxel within the grid; null if there are none.
	 */
	static int[] box(final byte[] labels, final int label, final int[] dims) {
		return box(labels, label, dims[0], dims[1], dims[2]);
	}

	/** The dimensions of a box (min x, y, z, max x, y, z). */
	static int[] size(final int[] box) {
		return new int[] { box[3] - box[0] + 1, box[4] - box[1] + 1, box[5] - box[2] + 1 };
	}

	/** The part of {@code values} (a grid of {@code dims}) inside {@code box}, as a new grid. */
	static float[] crop(final float[] values, final int[] dims, final int[] box) {
		final int[] s = size(box);
		final float[] out = new float[s[0] * s[1] * s[2]];
		copyRows(values, out, dims, box, true);
		return out;
	}

	/** The part of {@code values} (a grid of {@code dims}) inside {@code box}, as a new grid. */
	static int[] crop(final int[] values, final int[] dims, final int[] box) {
		final int[] s = size(box);
		final int[] out = new int[s[0] * s[1] * s[2]];
		copyRows(values, out, dims, box, true);
		return out;
	}

	/** The part of {@code mask} (a grid of {@code dims}) inside {@code box}, as a new grid. */
	static byte[] crop(final byte[] mask, final int[] dims, final int[] box) {
		final int[] s = size(box);
		final byte[] out = new byte[s[0] * s[1] * s[2]];
		copyRows(mask, out, dims, box, true);
		return out;
	}

	/**
	 * Writes {@code value} into {@code whole} (a grid of {@code dims}) where {@code part}, its part inside {@code box}
	 * (min x, y, z, max x, y, z), is non-zero and {@code whole} is still 0; the inverse of {@link #crop(byte[], int[], int[])}
	 * for a mask. Returns the number of voxels written.
	 */
	static long paint(final byte[] part, final int[] box, final int value, final byte[] whole, final int[] dims) {
		final int[] s = size(box);
		long written = 0;
		for (int z = 0, i = 0; z < s[2]; z++)
			for (int y = 0; y < s[1]; y++)
				for (int x = 0, j = ((z + box[2]) * dims[1] + y + box[1]) * dims[0] + box[0]; x < s[0]; x++, i++, j++)
					if (part[i] != 0 && whole[j] == 0) {
						whole[j] = (byte) value;
						written++;
					}
		return written;
	}

	private static void uncrop(final float[] part, final float[] whole, final int[] dims, final int[] box) {
		copyRows(whole, part, dims, box, false);
	}

	/**
	 * Copies the rows of {@code box} between {@code whole} (a grid of {@code dims}) and {@code part} (a grid of the box's
	 * size), into the part if {@code intoPart}, else back into the whole; both arrays of one primitive type.
	 */
	private static void copyRows(final Object whole, final Object part, final int[] dims, final int[] box, final boolean intoPart) {
		final int[] s = size(box);
		for (int z = 0; z < s[2]; z++)
			for (int y = 0; y < s[1]; y++) {
				final int w = ((z + box[2]) * dims[1] + y + box[1]) * dims[0] + box[0], p = (z * s[1] + y) * s[0];
				if (intoPart)
					System.arraycopy(whole, w, part, p, s[0]);
				else
					System.arraycopy(part, p, whole, w, s[0]);
			}
	}

	/** Voxels of {@code allowed} connected (face connectivity, through allowed voxels) to a voxel of {@code seeds}. */
	static byte[] reconstruct(final byte[] seeds, final byte[] allowed, final int nx, final int ny, final int nz) {
		final int n = seeds.length;
		final byte[] out = new byte[n];
		final int[] queue = new int[n];
		int head = 0, tail = 0;
		for (int i = 0; i < n; i++)
			if (seeds[i] != 0 && allowed[i] != 0) {
				out[i] = 1;
				queue[tail++] = i;
			}
		final int[] nb = new int[6];
		while (head < tail) {
			final int i = queue[head++];
			final int c = faceNeighbours(i, nx, ny, nz, nb);
			for (int a = 0; a < c; a++) {
				final int j = nb[a];
				if (allowed[j] != 0 && out[j] == 0) {
					out[j] = 1;
					queue[tail++] = j;
				}
			}
		}
		return out;
	}

	/**
	 * The padding of an image: the voxels holding exactly its least value that are connected (face connectivity,
	 * through such voxels) to the grid's faces, as a zero-padded or zero-filled reformat has round the field of view;
	 * null when they are fewer than {@value #PADDING_SHARE} of the grid (noisy air holds its least value in scattered
	 * voxels only).
	 */
	static byte[] padding(final float[] values, final int[] dims) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final float least = least(values);
		final byte[] at = new byte[values.length], face = new byte[values.length];
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++)
					if (values[i] == least) {
						at[i] = 1;
						if (x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1)
							face[i] = 1;
					}
		final byte[] padding = reconstruct(face, at, nx, ny, nz);
		return count(padding) >= PADDING_SHARE * values.length ? padding : null;
	}

	/** The least of {@code values} (the value of an image's padding, if it has any; +∞ for none). */
	private static float least(final float[] values) {
		float least = Float.POSITIVE_INFINITY;
		for (final float v : values)
			least = Math.min(least, v);
		return least;
	}

	/** The voxels outside {@code mask} with a face neighbour in it. */
	static byte[] outerEdge(final byte[] mask, final int[] dims) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final byte[] edge = new byte[mask.length];
		Parallel.forEach(nz, z -> {
			final int[] nb = new int[6];
			for (int i = z * nx * ny, end = i + nx * ny; i < end; i++) {
				if (mask[i] != 0)
					continue;
				final int c = faceNeighbours(i, nx, ny, nz, nb);
				for (int a = 0; a < c && edge[i] == 0; a++)
					if (mask[nb[a]] != 0)
						edge[i] = 1;
			}
		});
		return edge;
	}

	/** Least share of the grid that {@link #padding} reports. */
	static final double PADDING_SHARE = 0.001;

	/** The number of non-zero voxels. */
	static long count(final byte[] mask) {
		long n = 0;
		for (final byte b : mask)
			if (b != 0)
				n++;
		return n;
	}

	/** A mask (values 0 and 1) of the non-zero voxels of {@code labels}. */
	static byte[] nonZero(final byte[] labels) {
		final byte[] out = new byte[labels.length];
		for (int i = 0; i < labels.length; i++)
			if (labels[i] != 0)
				out[i] = 1;
		return out;
	}

	/** A mask of the voxels whose value in {@code labels} equals {@code label}. */
	static byte[] equal(final byte[] labels, final int label) {
		final byte[] out = new byte[labels.length];
		for (int i = 0; i < labels.length; i++)
			if ((labels[i] & 0xFF) == label)
				out[i] = 1;
		return out;
	}

	/** Most values a percentile is estimated from (a regular subsample of larger sets). */
	static final int PERCENTILE_SAMPLES = 1 << 18;

	/**
	 * The {@code q} quantile (0…1) of {@code values[i]} over the voxels where {@code mask[i] != 0}; NaN if none. Sets
	 * larger than {@value #PERCENTILE_SAMPLES} are subsampled regularly (every k-th voxel in index order), which keeps
	 * the estimate deterministic and its cost O(n).
	 */
	static double percentile(final float[] values, final byte[] mask, final double q) {
		final float[] v = Samples.sorted(values, i -> mask[i] != 0, PERCENTILE_SAMPLES);
		return v.length == 0 ? Double.NaN : v[(int) Math.round(q * (v.length - 1))];
	}
}
