package org.chondroj.core.algorithm;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;

import net.imglib2.type.numeric.real.FloatType;

/**
 * Linear filters on volumes, with sizes in millimetres converted to voxels by the spacing of each axis.
 * <p>
 * The filters follow SciPy's {@code scipy.ndimage} conventions (kernel sampling, truncation, boundary mode), so
 * that they can be checked against it. They never modify their input and return a new float volume with the
 * input's geometry and metadata. Work is split over slices with {@link Parallel}; each output voxel is computed by
 * one task in a fixed order, so the output does not depend on the number of threads.
 */
public final class Filters {

	/** Kernel half-width in standard deviations, as SciPy's default {@code truncate=4.0}. */
	public static final double TRUNCATE = 4.0;

	private Filters() {
	}

	/**
	 * Separable Gaussian smoothing, as {@code scipy.ndimage.gaussian_filter(a, sigma=σ/spacing, mode='reflect',
	 * truncate=4.0)}: along each axis the sampled Gaussian {@code exp(−x²/2σ²)}, x = −r … r voxels,
	 * r = (int)(4σ + 0.5), normalised to sum 1; outside the volume the data are mirrored about the border voxel
	 * edge (d c b a | a b c d | d c b a, repeated for kernels longer than the volume). Sums are accumulated in
	 * double, each pass is stored as float.
	 * <p>
	 * Cost: O(n · Σ(2r + 1)) time over the smoothed axes; memory: two float arrays of n (one is the result), plus a
	 * float copy of the input if it is not a float volume.
	 *
	 * @param in any real-valued volume; not modified
	 * @param sigmaMm the standard deviation, mm: one value for all axes, or one per axis (x, y, z); 0 leaves an axis
	 *        untouched
	 * @return a new float volume, same grid, geometry and metadata as {@code in}
	 */
	public static Volume<FloatType> gaussian(final Volume<?> in, final double... sigmaMm) {
		if (sigmaMm.length != 1 && sigmaMm.length != 3)
			throw new IllegalArgumentException("give one sigma for all axes or one per axis, got " + sigmaMm.length + " values");
		final int[] dims = in.dimensions();
		final float[] source = Volumes.floatValues(in);
		float[] current = source, spare = null;
		for (int axis = 0; axis < 3; axis++) {
			final double sigma = sigmaMm[sigmaMm.length == 1 ? 0 : axis];
			if (!(sigma >= 0) || !Double.isFinite(sigma))
				throw new IllegalArgumentException("sigma must be a finite, non-negative number of mm: " + Arrays.toString(sigmaMm));
			final double[] kernel = gaussianKernel(sigma / in.geometry().spacing(axis));
			if (kernel.length == 1)
				continue; // the identity, as in SciPy
			float[] dest = spare;
			if (dest == null || dest == source)
				dest = new float[source.length];
			correlate(current, dest, dims, axis, kernel);
			spare = current == source ? null : current;
			current = dest;
		}
		final float[] out = current == source ? source.clone() : current;
		return Volumes.wrapFloats(out, dims, in.geometry()).withMetadata(in.metadata());
	}

	/**
	 * The normalised sampled Gaussian of standard deviation {@code sigma} voxels, 2r + 1 weights for x = −r … r with
	 * r = (int)(4σ + 0.5); {1} when σ is (about) 0, as SciPy's {@code _gaussian_kernel1d}.
	 */
	static double[] gaussianKernel(final double sigma) {
		if (!(sigma > 1e-15))
			return new double[] { 1 };
		final int radius = (int) (TRUNCATE * sigma + 0.5);
		final double[] w = new double[2 * radius + 1];
		double sum = 0;
		for (int x = -radius; x <= radius; x++) {
			w[x + radius] = Math.exp(-0.5 / (sigma * sigma) * x * x);
			sum += w[x + radius];
		}
		for (int k = 0; k < w.length; k++)
			w[k] /= sum;
		return w;
	}

	/** Index i mirrored into 0 … n−1 about the border voxel edges (SciPy 'reflect', period 2n). */
	static int reflect(int i, final int n) {
		if (i >= 0 && i < n)
			return i;
		final int period = 2 * n;
		i %= period;
		if (i < 0)
			i += period;
		return i < n ? i : period - 1 - i;
	}

	/** dest = src correlated with {@code kernel} (centred) along {@code axis}; parallel over z slices. */
	private static void correlate(final float[] src, final float[] dest, final int[] dims, final int axis, final double[] kernel) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], r = kernel.length / 2;
		if (axis == 0) {
			Parallel.forEach(nz, z -> {
				final double[] line = new double[nx + 2 * r];
				for (int y = 0; y < ny; y++) {
					final int row = nx * (y + ny * z);
					for (int i = -r; i < nx + r; i++)
						line[i + r] = src[row + reflect(i, nx)];
					for (int x = 0; x < nx; x++) {
						double acc = 0;
						for (int k = 0; k < kernel.length; k++)
							acc += kernel[k] * line[x + k];
						dest[row + x] = (float) acc;
					}
				}
			});
			return;
		}
		// y or z: whole rows at a time, accumulated in a double row
		Parallel.forEach(nz, z -> {
			final double[] acc = new double[nx];
			for (int y = 0; y < ny; y++) {
				Arrays.fill(acc, 0);
				for (int k = 0; k < kernel.length; k++) {
					final int sy = axis == 1 ? reflect(y + k - r, ny) : y, sz = axis == 2 ? reflect(z + k - r, nz) : z;
					final int row = nx * (sy + ny * sz);
					final double w = kernel[k];
					for (int x = 0; x < nx; x++)
						acc[x] += w * src[row + x];
				}
				final int out = nx * (y + ny * z);
				for (int x = 0; x < nx; x++)
					dest[out + x] = (float) acc[x];
			}
		});
	}
}
