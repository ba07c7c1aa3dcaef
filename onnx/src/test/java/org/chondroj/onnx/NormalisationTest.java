package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The three normalisations of model.json against values worked out by hand. */
class NormalisationTest {

	@Test
	void none() {
		final float[] v = { 1, 2, 3 };
		OnnxSegmenter.normalise(v, new ModelSpec.Normalization("none", Double.NaN, Double.NaN, Double.NaN, Double.NaN));
		assertArrayEquals(new float[] { 1, 2, 3 }, v);
	}

	/** Mean 5, population standard deviation 2 (of 2, 4, 4, 4, 5, 5, 7, 9). */
	@Test
	void zscoreOverTheWholeImage() {
		final float[] v = { 2, 4, 4, 4, 5, 5, 7, 9 };
		OnnxSegmenter.normalise(v, new ModelSpec.Normalization("zscore", Double.NaN, Double.NaN, Double.NaN, Double.NaN));
		assertArrayEquals(new float[] { -1.5f, -0.5f, -0.5f, -0.5f, 0, 0, 1, 2 }, v, 1e-6f);
		final float[] flat = { 3, 3, 3 }; // standard deviation 0: at least 1e-8, as nnU-Net
		OnnxSegmenter.normalise(flat, new ModelSpec.Normalization("zscore", Double.NaN, Double.NaN, Double.NaN, Double.NaN));
		assertArrayEquals(new float[] { 0, 0, 0 }, flat);
	}

	/** Clipped to [0, 100], then (v − 40) / 20. */
	@Test
	void clipZscore() {
		final float[] v = { -50, 0, 40, 80, 1000 };
		OnnxSegmenter.normalise(v, new ModelSpec.Normalization("clip_zscore", 0, 100, 40, 20));
		assertArrayEquals(new float[] { -2, -2, 0, 2, 3 }, v, 1e-6f);
	}
}
