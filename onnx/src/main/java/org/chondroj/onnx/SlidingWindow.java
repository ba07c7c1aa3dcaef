package org.chondroj.onnx;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.chondroj.core.Parallel;

/**
 * Sliding-window inference with Gaussian importance weighting, as nnU-Net does it: the (normalised) input on the
 * network's grid is cut into patches, each patch's logits turned into class probabilities (softmax; with mirroring, the
 * mean of the probabilities of every combination of flips of the mirror axes), and every voxel's probability is the
 * mean of the patches covering it, weighted by a Gaussian centred on each patch.
 * <ul>
 * <li>Steps along a dimension of size n with patch p and step fraction f: k = ceil((n − p) / (p·f)) + 1 patches, at
 * offsets round(i·(n − p)/(k − 1)) (ties to even), i = 0 … k − 1; one patch at 0 when n = p.</li>
 * <li>A dimension smaller than its patch is padded with zeros (of the normalised input), ⌊(p − n)/2⌋ before and the rest
 * after, and cropped again at the end.</li>
 * <li>Weights: w(i0, i1, i2) = ∏ exp(−(i_d − ⌊p_d/2⌋)² / (2 σ_d²)), σ_d = p_d / 8, largest weight 1. This is nnU-Net's
 * map (SciPy's Gaussian filter of a centred delta, truncated at 4σ, scaled to a maximum of 1): at 4σ = p/2 the
 * truncation reaches the patch's edge, so no value of the patch is cut.</li>
 * </ul>
 * Arrays are in C order: the input [m0][m1][m2] (dimension 2 fastest), the result [K][m0][m1][m2]. Memory: the padded
 * input and K + 1 accumulators over the grid (float), plus one patch and its logits in flight. The network runs one
 * patch at a time (it parallelises inside); extracting, softmax and accumulating are split over the patch's first
 * dimension. The result does not depend on the number of threads.
 */
public final class SlidingWindow {

	private SlidingWindow() {
	}

	/** The patch offsets along one dimension of size {@code n} (at least {@code p}). */
	public static int[] steps(final int n, final int p, final double stepFraction) {
		if (n < p)
			throw new IllegalArgumentException("the size " + n + " is smaller than the patch " + p);
		final double target = p * stepFraction;
		final int k = (int) Math.ceil((n - p) / target) + 1;
		final int[] steps = new int[k];
		if (k > 1) {
			final double actual = (double) (n - p) / (k - 1);
			for (int i = 0; i < k; i++)
				steps[i] = (int) Math.rint(actual * i);
		}
		return steps;
	}

	/** The Gaussian importance map of a patch, C order [p0][p1][p2], largest value 1. */
	public static float[] gaussian(final int[] p) {
		final double[][] w = new double[3][];
		for (int d = 0; d < 3; d++) {
			w[d] = new double[p[d]];
			final double sigma = p[d] / 8.0, centre = p[d] / 2;
			for (int i = 0; i < p[d]; i++)
				w[d][i] = Math.exp(-(i - centre) * (i - centre) / (2 * sigma * sigma));
		}
		final float[] g = new float[p[0] * p[1] * p[2]];
		for (int i = 0, t = 0; i < p[0]; i++)
			for (int j = 0; j < p[1]; j++)
				for (int k = 0; k < p[2]; k++)
					g[t++] = (float) (w[0][i] * w[1][j] * w[2][k]);
		return g;
	}

	/**
	 * The class probabilities of every voxel of {@code input}.
	 *
	 * @param input        the normalised input, C order [m0][m1][m2]; not modified
	 * @param dims         m0, m1, m2
	 * @param patch        p0, p1, p2
	 * @param stepFraction the step as a fraction of the patch, (0, 1]
	 * @param mirrorAxes   the dimensions whose flips are averaged in (every combination), may be empty
	 * @param classes      K
	 * @param network      one patch (C order [p0][p1][p2]) → its logits (C order [K][p0][p1][p2])
	 * @return the probabilities, C order [K][m0][m1][m2]: one array per class
	 */
	public static float[][] probabilities(final float[] input, final int[] dims, final int[] patch, final double stepFraction, final int[] mirrorAxes,
			final int classes, final UnaryOperator<float[]> network) {
		final int[] size = new int[3], pad = new int[3];
		for (int d = 0; d < 3; d++) {
			size[d] = Math.max(dims[d], patch[d]);
			pad[d] = (size[d] - dims[d]) / 2;
		}
		final float[] padded = padded(input, dims, size, pad);
		final int total = size[0] * size[1] * size[2], pn = patch[0] * patch[1] * patch[2];
		final float[][] acc = new float[classes][total];
		final float[] weightSum = new float[total];
		final float[] gauss = gaussian(patch);
		final int[][] steps = { steps(size[0], patch[0], stepFraction), steps(size[1], patch[1], stepFraction), steps(size[2], patch[2], stepFraction) };
		final float[] tile = new float[pn];
		for (final int s0 : steps[0])
			for (final int s1 : steps[1])
				for (final int s2 : steps[2]) {
					Parallel.forEach(patch[0], i -> {
						for (int j = 0; j < patch[1]; j++)
							System.arraycopy(padded, ((s0 + i) * size[1] + s1 + j) * size[2] + s2, tile, (i * patch[1] + j) * patch[2], patch[2]);
					});
					final float[] prob = mirroredProbabilities(tile, patch, mirrorAxes, classes, network);
					Parallel.forEach(patch[0], i -> {
						for (int j = 0; j < patch[1]; j++) {
							final int from = (i * patch[1] + j) * patch[2], to = ((s0 + i) * size[1] + s1 + j) * size[2] + s2;
							for (int k = 0; k < patch[2]; k++) {
								final float w = gauss[from + k];
								weightSum[to + k] += w;
								for (int c = 0; c < classes; c++)
									acc[c][to + k] += w * prob[c * pn + from + k];
							}
						}
					});
				}
		final int n = dims[0] * dims[1] * dims[2];
		final float[][] out = new float[classes][];
		for (int c = 0; c < classes; c++) {
			final float[] a = acc[c], o = new float[n];
			Parallel.forEach(dims[0], i -> {
				for (int j = 0; j < dims[1]; j++) {
					final int from = ((i + pad[0]) * size[1] + j + pad[1]) * size[2] + pad[2], to = (i * dims[1] + j) * dims[2];
					for (int k = 0; k < dims[2]; k++)
						o[to + k] = a[from + k] / weightSum[from + k];
				}
			});
			out[c] = o;
			acc[c] = null; // free as we go
		}
		return out;
	}

	/** The input padded with zeros to {@code size}, {@code pad} before (the input itself when nothing is padded). */
	private static float[] padded(final float[] input, final int[] dims, final int[] size, final int[] pad) {
		if (Arrays.equals(dims, size))
			return input;
		final float[] out = new float[size[0] * size[1] * size[2]];
		for (int i = 0; i < dims[0]; i++)
			for (int j = 0; j < dims[1]; j++)
				System.arraycopy(input, (i * dims[1] + j) * dims[2], out, ((i + pad[0]) * size[1] + j + pad[1]) * size[2] + pad[2], dims[2]);
		return out;
	}

	/** Softmax of the network's logits for the patch, averaged over every combination of flips of the mirror axes. */
	static float[] mirroredProbabilities(final float[] tile, final int[] patch, final int[] mirrorAxes, final int classes,
			final UnaryOperator<float[]> network) {
		final int pn = patch[0] * patch[1] * patch[2];
		final int combinations = 1 << mirrorAxes.length;
		final float[] sum = new float[classes * pn];
		for (int m = 0; m < combinations; m++) {
			final boolean[] flip = new boolean[3];
			for (int b = 0; b < mirrorAxes.length; b++)
				if ((m & (1 << b)) != 0)
					flip[mirrorAxes[b]] = true;
			final boolean any = flip[0] || flip[1] || flip[2];
			final float[] logits = network.apply(any ? flipped(tile, patch, flip, 1) : tile);
			if (logits.length != classes * pn)
				throw new IllegalStateException("the network returned " + logits.length + " values for a patch, expected " + classes * pn);
			final float[] l = any ? flipped(logits, patch, flip, classes) : logits;
			Parallel.forEach(patch[0], i -> {
				final double[] e = new double[classes];
				for (int v = i * patch[1] * patch[2], end = v + patch[1] * patch[2]; v < end; v++) {
					double max = Double.NEGATIVE_INFINITY;
					for (int c = 0; c < classes; c++)
						max = Math.max(max, l[c * pn + v]);
					double z = 0;
					for (int c = 0; c < classes; c++)
						z += e[c] = Math.exp(l[c * pn + v] - max);
					for (int c = 0; c < classes; c++)
						sum[c * pn + v] += (float) (e[c] / z);
				}
			});
		}
		if (combinations > 1)
			for (int i = 0; i < sum.length; i++)
				sum[i] /= combinations;
		return sum;
	}

	/** {@code channels} arrays of a patch (C order [channels][p0][p1][p2]) flipped along the dimensions {@code flip}. */
	static float[] flipped(final float[] a, final int[] p, final boolean[] flip, final int channels) {
		final float[] out = new float[a.length];
		final int pn = p[0] * p[1] * p[2];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < p[0]; i++)
				for (int j = 0; j < p[1]; j++)
					for (int k = 0; k < p[2]; k++) {
						final int fi = flip[0] ? p[0] - 1 - i : i, fj = flip[1] ? p[1] - 1 - j : j, fk = flip[2] ? p[2] - 1 - k : k;
						out[c * pn + (i * p[1] + j) * p[2] + k] = a[c * pn + (fi * p[1] + fj) * p[2] + fk];
					}
		return out;
	}
}
