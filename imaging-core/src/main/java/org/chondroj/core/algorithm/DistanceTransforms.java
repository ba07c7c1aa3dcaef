package org.chondroj.core.algorithm;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Exact Euclidean distance transforms of 3-D masks, in millimetres, respecting anisotropic voxel spacing.
 * <p>
 * Distances are between voxel centres. The algorithm is the separable lower-envelope-of-parabolas transform of
 * Felzenszwalb &amp; Huttenlocher (Theory of Computing 8, 2012): three 1-D passes along x, y and z, each exact, so
 * the result is the exact Euclidean distance (up to float rounding, about 1e-6 relative). Cost: O(n) time with a
 * small constant, parallel over slices; memory: one float per voxel for the result. The outside of the grid is
 * neither foreground nor background (as in SciPy's {@code ndimage.distance_transform_edt}). Where no feature
 * voxel exists at all, the distance is {@link Float#POSITIVE_INFINITY}.
 * <p>
 * A mask is an 8-bit volume; a voxel is foreground when its value is non-zero.
 */
public final class DistanceTransforms {

	private DistanceTransforms() {
	}

	/**
	 * For every foreground voxel, the distance (mm) to the nearest background voxel; 0 on background. The same
	 * as SciPy's {@code distance_transform_edt(mask, sampling=spacing)}. A new volume.
	 */
	public static Volume<FloatType> distanceToBackground(final Volume<UnsignedByteType> mask) {
		return sqrt(mask, squaredDistance(mask, false));
	}

	/** For every background voxel, the distance (mm) to the nearest foreground voxel; 0 on foreground. A new volume. */
	public static Volume<FloatType> distanceToForeground(final Volume<UnsignedByteType> mask) {
		return sqrt(mask, squaredDistance(mask, true));
	}

	/**
	 * Signed distance (mm) to the mask's boundary: outside (background) voxels hold the positive distance to the
	 * nearest foreground voxel, inside voxels the negated distance to the nearest background voxel. The boundary
	 * lies between the voxels of values −d and +d. Two transforms; a new volume.
	 */
	public static Volume<FloatType> signedDistance(final Volume<UnsignedByteType> mask) {
		final float[] outside = squaredDistance(mask, true);
		final float[] inside = squaredDistance(mask, false);
		final byte[] m = Volumes.byteData(mask);
		final int slice = mask.dimension(0) * mask.dimension(1);
		Parallel.forEach(mask.dimension(2), z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				outside[i] = m[i] != 0 ? -(float) Math.sqrt(inside[i]) : (float) Math.sqrt(outside[i]);
		});
		return Volumes.wrapFloats(outside, mask.dimensions(), mask.geometry());
	}

	/**
	 * Squared distances (mm²), as a new array in voxel order: for every voxel, the squared distance to the nearest
	 * <em>feature</em> voxel, where features are the foreground voxels if {@code toForeground}, else the background
	 * voxels. Used directly by {@link Morphology} (comparing squared distances avoids square roots).
	 */
	public static float[] squaredDistance(final Volume<UnsignedByteType> mask, final boolean toForeground) {
		final int[] dims = mask.dimensions();
		final byte[] m = Volumes.byteData(mask);
		final float[] f = new float[m.length];
		final int slice = dims[0] * dims[1];
		Parallel.forEach(dims[2], z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				f[i] = (m[i] != 0) == toForeground ? 0f : Float.POSITIVE_INFINITY;
		});
		for (int axis = 0; axis < 3; axis++)
			pass(f, dims, axis, mask.geometry().spacing(axis));
		return f;
	}

	private static Volume<FloatType> sqrt(final Volume<UnsignedByteType> mask, final float[] squared) {
		final int slice = mask.dimension(0) * mask.dimension(1);
		Parallel.forEach(mask.dimension(2), z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				squared[i] = (float) Math.sqrt(squared[i]);
		});
		return Volumes.wrapFloats(squared, mask.dimensions(), mask.geometry());
	}

	/**
	 * One exact 1-D pass along {@code axis}: replaces every line's values f by min_q (s²(p−q)² + f(q)). Lines
	 * are grouped by planes (z-slices for the x and y passes, y-rows for the z pass) processed in parallel.
	 */
	private static void pass(final float[] f, final int[] dims, final int axis, final double spacing) {
		final int[] strides = { 1, dims[0], dims[0] * dims[1] };
		final int n = dims[axis], step = strides[axis];
		final int outer = axis == 2 ? 1 : 2; // parallel over this axis
		final int inner = axis == 0 ? 1 : 0; // lines within one task
		final double s2 = spacing * spacing;
		Parallel.forEach(dims[outer], o -> {
			final double[] g = new double[n];
			final int[] v = new int[n];
			final double[] zs = new double[n + 1];
			for (int in = 0; in < dims[inner]; in++) {
				final int start = o * strides[outer] + in * strides[inner];
				envelope(f, start, step, n, s2, g, v, zs);
			}
		});
	}

	/**
	 * Lower envelope of the parabolas y = s²(p−q)² + f(q) over the sites q with finite f, evaluated at every p of
	 * one line (Felzenszwalb &amp; Huttenlocher's algorithm, in units of the voxel index). In place.
	 */
	private static void envelope(final float[] f, final int start, final int step, final int n, final double s2,
			final double[] g, final int[] v, final double[] zs) {
		// g(q) = f(q)/s² + q², so that intersections are in index units
		int k = -1;
		for (int q = 0, i = start; q < n; q++, i += step) {
			final float fq = f[i];
			if (fq == Float.POSITIVE_INFINITY)
				continue;
			final double gq = fq / s2 + (double) q * q;
			g[q] = gq;
			while (k >= 0) {
				final int vk = v[k];
				final double sect = (gq - g[vk]) / (2.0 * (q - vk));
				if (sect <= zs[k]) {
					k--;
				} else {
					k++;
					v[k] = q;
					zs[k] = sect;
					zs[k + 1] = Double.POSITIVE_INFINITY;
					break;
				}
			}
			if (k < 0) {
				k = 0;
				v[0] = q;
				zs[0] = Double.NEGATIVE_INFINITY;
				zs[1] = Double.POSITIVE_INFINITY;
			}
		}
		if (k < 0)
			return; // no site: the line stays infinite
		int j = 0;
		for (int p = 0, i = start; p < n; p++, i += step) {
			while (zs[j + 1] < p)
				j++;
			final int q = v[j];
			final double d = p - q;
			f[i] = (float) (s2 * (d * d + (g[q] - (double) q * q)));
		}
	}
}
