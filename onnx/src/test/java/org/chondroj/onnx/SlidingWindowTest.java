package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** The sliding window's steps and weights against values worked out by hand, and padding against a pointwise network. */
class SlidingWindowTest {

	@Test
	void steps() {
		// k = ceil((n − p) / (p·f)) + 1 patches, evenly spread, rounded half to even
		assertArrayEquals(new int[] { 0, 27, 54, 82, 109, 136 }, SlidingWindow.steps(200, 64, 0.5)); // 136/5 = 27.2
		assertArrayEquals(new int[] { 0, 18, 36 }, SlidingWindow.steps(100, 64, 0.5));
		assertArrayEquals(new int[] { 0 }, SlidingWindow.steps(64, 64, 0.5));
		assertArrayEquals(new int[] { 0, 36 }, SlidingWindow.steps(100, 64, 1));
		assertArrayEquals(new int[] { 0, 2, 4, 6 }, SlidingWindow.steps(10, 4, 0.5)); // 6 / 3 = 2
		assertArrayEquals(new int[] { 0, 2, 4, 5, 7 }, SlidingWindow.steps(11, 4, 0.5)); // 7/4 = 1.75: 0, 1.75, 3.5 → 4, 5.25, 7
	}

	@Test
	void gaussian() {
		final int[] p = { 8, 16, 4 };
		final float[] g = SlidingWindow.gaussian(p);
		assertEquals(1f, g[(4 * 16 + 8) * 4 + 2]); // the centre, ⌊p/2⌋
		// the corner (0, 0, 0): offsets 4, 8, 2 = half the patch = 4σ on every axis: exp(−8)³
		assertEquals(Math.exp(-24), g[0], 1e-12);
		// (4, 8, 3): one voxel from the centre along the last axis, σ = 0.5: exp(−2)
		assertEquals(Math.exp(-2), g[(4 * 16 + 8) * 4 + 3], 1e-7);
	}

	/** A volume smaller than the patch is padded, predicted in one patch and cropped: a pointwise network's softmax exactly. */
	@Test
	void paddedAndCropped() {
		final int[] dims = { 5, 7, 3 }, patch = { 8, 8, 8 };
		final SplittableRandom r = new SplittableRandom(3);
		final float[] in = new float[5 * 7 * 3];
		for (int i = 0; i < in.length; i++)
			in[i] = (float) (r.nextDouble() * 6 - 3);
		final UnaryOperator<float[]> pointwise = x -> {
			final float[] out = new float[2 * x.length];
			for (int i = 0; i < x.length; i++)
				out[x.length + i] = x[i]; // logits [0, x]
			return out;
		};
		final float[][] prob = SlidingWindow.probabilities(in, dims, patch, 0.5, new int[] { 0, 2 }, 2, pointwise);
		for (int i = 0; i < in.length; i++) {
			final double p1 = 1 / (1 + Math.exp(-in[i]));
			assertEquals(p1, prob[1][i], 1e-6);
			assertEquals(1 - p1, prob[0][i], 1e-6);
		}
	}
}
