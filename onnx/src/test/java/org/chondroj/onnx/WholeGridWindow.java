package org.chondroj.onnx;

import java.util.function.UnaryOperator;

/**
 * The sliding window as ChondroJ computed it before the sweep (kept as the tests' oracle): the input padded in memory
 * and K + 1 accumulators over the whole padded grid, every patch added in order of its offsets (dimension 0, then 1,
 * then 2), the sums divided by the weights at the end.
 */
final class WholeGridWindow {

	private WholeGridWindow() {
	}

	/** As {@link SlidingWindow#probabilities}. */
	static float[][] probabilities(final float[] input, final int[] dims, final int[] patch, final double stepFraction, final int[] mirrorAxes,
			final int classes, final UnaryOperator<float[]> network) {
		final int[] size = new int[3], pad = new int[3];
		for (int d = 0; d < 3; d++) {
			size[d] = Math.max(dims[d], patch[d]);
			pad[d] = (size[d] - dims[d]) / 2;
		}
		final float[] padded = new float[size[0] * size[1] * size[2]];
		for (int i = 0; i < dims[0]; i++)
			for (int j = 0; j < dims[1]; j++)
				System.arraycopy(input, (i * dims[1] + j) * dims[2], padded, ((i + pad[0]) * size[1] + j + pad[1]) * size[2] + pad[2], dims[2]);
		final int pn = patch[0] * patch[1] * patch[2];
		final float[][] acc = new float[classes][padded.length];
		final float[] weightSum = new float[padded.length];
		final float[] gauss = SlidingWindow.gaussian(patch);
		final float[] tile = new float[pn];
		for (final int s0 : SlidingWindow.steps(size[0], patch[0], stepFraction))
			for (final int s1 : SlidingWindow.steps(size[1], patch[1], stepFraction))
				for (final int s2 : SlidingWindow.steps(size[2], patch[2], stepFraction)) {
					for (int i = 0; i < patch[0]; i++)
						for (int j = 0; j < patch[1]; j++)
							System.arraycopy(padded, ((s0 + i) * size[1] + s1 + j) * size[2] + s2, tile, (i * patch[1] + j) * patch[2], patch[2]);
					final float[] prob = SlidingWindow.mirroredProbabilities(tile, patch, mirrorAxes, classes, network);
					for (int v = 0; v < pn; v++) {
						final int i = v / (patch[1] * patch[2]), j = v / patch[2] % patch[1], k = v % patch[2];
						final int to = ((s0 + i) * size[1] + s1 + j) * size[2] + s2 + k;
						weightSum[to] += gauss[v];
						for (int c = 0; c < classes; c++)
							acc[c][to] += gauss[v] * prob[c * pn + v];
					}
				}
		final float[][] out = new float[classes][dims[0] * dims[1] * dims[2]];
		for (int c = 0; c < classes; c++)
			for (int i = 0, t = 0; i < dims[0]; i++)
				for (int j = 0; j < dims[1]; j++)
					for (int k = 0; k < dims[2]; k++, t++) {
						final int from = ((i + pad[0]) * size[1] + j + pad[1]) * size[2] + k + pad[2];
						out[c][t] = acc[c][from] / weightSum[from];
					}
		return out;
	}
}
