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
 * Arrays are in C order: the input [m0][m1][m2] (dimension 2 fastest), the result [K][m0][m1][m2]. The window sweeps
 * along dimension 0 ({@link #sweep}) and hands each row of the grid on when it is finished: the working memory is K + 1
 * float accumulators of one patch's length along dimension 0 over the grid's cross-section (whatever its extent along
 * dimension 0), plus one patch, its logits and its probabilities in flight. The network runs one patch at a time (ONNX
 * Runtime spreads it over every core); extracting, softmax and accumulating are split over the patch's first
 * dimension, finishing rows over the rows. The result does not depend on the number of threads.
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
	 * Receives the class probabilities of the grid's rows along dimension 0 as the sweep finishes them, in order, each
	 * once.
	 */
	@FunctionalInterface
	public interface Rows {
		/**
		 * @param row           the row, 0 … m0 − 1
		 * @param probabilities one array per class, C order [m1][m2]; new arrays, the receiver's to keep
		 */
		void accept(int row, float[][] probabilities);
	}

	/**
	 * The class probabilities of every voxel of {@code input}, over the whole grid (the {@link #sweep} collected).
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
		final int rowSize = dims[1] * dims[2];
		final float[][] out = new float[classes][dims[0] * rowSize];
		sweep(input, dims, patch, stepFraction, mirrorAxes, classes, network, (row, p) -> {
			for (int c = 0; c < classes; c++)
				System.arraycopy(p[c], 0, out[c], row * rowSize, rowSize);
		});
		return out;
	}

	/**
	 * The sliding window swept along dimension 0: the patches in order of their offset along dimension 0 (then 1, then
	 * 2), and each row of the grid handed to {@code rows} as soon as no later patch covers it. The weighted sums are kept
	 * only for the rows the current patches cover: K + 1 float arrays of p0 rows of the (padded) cross-section, used as a
	 * ring, whatever the grid's extent along dimension 0. Every voxel's sums get the patches' contributions in the same
	 * order as a whole-grid accumulation would, so the probabilities are the same to the bit. Nothing is padded in
	 * memory: the patches read zeros outside the input.
	 *
	 * @param rows receives each row's probabilities (arguments as {@link #probabilities})
	 * @return the number of floats the weighted sums held (K + 1 arrays of p0 rows of the padded cross-section): the
	 *         sweep's working memory besides the patch in flight
	 */
	public static long sweep(final float[] input, final int[] dims, final int[] patch, final double stepFraction, final int[] mirrorAxes,
			final int classes, final UnaryOperator<float[]> network, final Rows rows) {
		final int[] size = new int[3], pad = new int[3];
		for (int d = 0; d < 3; d++) {
			size[d] = Math.max(dims[d], patch[d]);
			pad[d] = (size[d] - dims[d]) / 2;
		}
		final int section = size[1] * size[2], ring = patch[0] * section, pn = patch[0] * patch[1] * patch[2];
		final float[][] acc = new float[classes][ring]; // padded row r at slot r % p0
		final float[] weightSum = new float[ring];
		final float[] gauss = gaussian(patch);
		final int[][] steps = { steps(size[0], patch[0], stepFraction), steps(size[1], patch[1], stepFraction), steps(size[2], patch[2], stepFraction) };
		final float[] tile = new float[pn];
		int done = 0; // padded rows below are finished
		for (int t0 = 0; t0 < steps[0].length; t0++) {
			final int s0 = steps[0][t0];
			for (final int s1 : steps[1])
				for (final int s2 : steps[2]) {
					Parallel.forEach(patch[0], i -> {
						for (int j = 0; j < patch[1]; j++)
							copyRow(input, dims, s0 + i - pad[0], s1 + j - pad[1], s2 - pad[2], tile, (i * patch[1] + j) * patch[2], patch[2]);
					});
					final float[] prob = mirroredProbabilities(tile, patch, mirrorAxes, classes, network);
					Parallel.forEach(patch[0], i -> {
						final int slot = (s0 + i) % patch[0] * section;
						for (int j = 0; j < patch[1]; j++) {
							final int from = (i * patch[1] + j) * patch[2], to = slot + (s1 + j) * size[2] + s2;
							for (int k = 0; k < patch[2]; k++) {
								final float w = gauss[from + k];
								weightSum[to + k] += w;
								for (int c = 0; c < classes; c++)
									acc[c][to + k] += w * prob[c * pn + from + k];
							}
						}
					});
				}
			final int next = t0 + 1 < steps[0].length ? steps[0][t0 + 1] : size[0]; // no later patch covers the rows below
			final int first = Math.max(done, pad[0]), last = Math.min(next, pad[0] + dims[0]); // the input's rows among them
			final float[][][] finished = new float[Math.max(0, last - first)][][];
			Parallel.forEach(finished.length, r -> finished[r] = finish(acc, weightSum, (first + r) % patch[0] * section, size[2], dims, pad));
			for (int r = 0; r < finished.length; r++)
				rows.accept(first + r - pad[0], finished[r]);
			for (int r = done; r < next; r++) { // the slots of the finished rows start again from zero
				final int slot = r % patch[0] * section;
				Arrays.fill(weightSum, slot, slot + section, 0f);
				for (final float[] a : acc)
					Arrays.fill(a, slot, slot + section, 0f);
			}
			done = next;
		}
		return (long) (classes + 1) * ring;
	}

	/** One finished row's probabilities (the weighted sums over the weights, cropped to the input), per class [m1][m2]. */
	private static float[][] finish(final float[][] acc, final float[] weightSum, final int slot, final int width, final int[] dims, final int[] pad) {
		final float[][] p = new float[acc.length][dims[1] * dims[2]];
		for (int c = 0; c < acc.length; c++) {
			final float[] a = acc[c], o = p[c];
			for (int j = 0; j < dims[1]; j++) {
				final int from = slot + (j + pad[1]) * width + pad[2], to = j * dims[2];
				for (int k = 0; k < dims[2]; k++)
					o[to + k] = a[from + k] / weightSum[from + k];
			}
		}
		return p;
	}

	/** {@code length} values of the input's row (i, j) from column k into {@code out}, zeros outside the input. */
	private static void copyRow(final float[] input, final int[] dims, final int i, final int j, final int k, final float[] out, final int at,
			final int length) {
		if (i < 0 || i >= dims[0] || j < 0 || j >= dims[1]) {
			Arrays.fill(out, at, at + length, 0f);
			return;
		}
		final int from = Math.max(k, 0), to = Math.min(k + length, dims[2]);
		if (to <= from) {
			Arrays.fill(out, at, at + length, 0f);
			return;
		}
		Arrays.fill(out, at, at + from - k, 0f);
		System.arraycopy(input, (i * dims[1] + j) * dims[2] + from, out, at + from - k, to - from);
		Arrays.fill(out, at + to - k, at + length, 0f);
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
