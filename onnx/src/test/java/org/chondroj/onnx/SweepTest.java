package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference swept slab by slab ({@link SlidingWindow#sweep}, {@link LabelSweep}) against the whole-grid implementation
 * it replaced ({@link WholeGridWindow}, then {@link OnnxSegmenter#labels(OnnxSegmenter.Prediction, Volume, int[])}): a
 * 3 × 3 × 3 convolution with pseudo-random weights (every patch border, overlap and mirroring changes its
 * probabilities), a model whose axes are a permutation and flip of the image's (I, R, P for an LPS image turned by a
 * few degrees), other spacings than the image's (anisotropic resampling both ways), a patch of 6 voxels along the swept
 * dimension (8 slabs over 26 rows) and larger than the grid along the last (padding), mirrored along dimensions 0 and
 * 2. And the working memory: the same for an image twice as long along the swept axis.
 */
class SweepTest {

	private static final int[] PATCH = { 6, 12, 32 };

	@TempDir
	static Path tmp;
	private static OnnxSegmenter segmenter;

	@BeforeAll
	static void load() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("conv3"), TestModels.CONV3, TestModels.json("\"I\",\"R\",\"P\"", "0.7,0.55,0.9",
				"{\"type\":\"zscore\"}", PATCH[0] + "," + PATCH[1] + "," + PATCH[2], 0.5, "0,2", "\"0\":\"background\",\"1\":\"femur\",\"2\":\"tibia\""));
		segmenter = OnnxSegmenter.load(dir);
	}

	@AfterAll
	static void close() {
		segmenter.close();
	}

	/** On the network's grid: the swept probabilities are the whole-grid implementation's, to the bit. */
	@Test
	void sweptProbabilitiesAreTheWholeGrids() {
		final OnnxSegmenter.Input in = segmenter.input(image(30, 5));
		final ModelSpec spec = segmenter.model().spec();
		final float[][] swept = segmenter.probabilities(in);
		final float[][] whole = WholeGridWindow.probabilities(in.values(), in.grid().dims(), spec.patchSize(), spec.stepFraction(), spec.mirrorAxes(),
				spec.classes(), segmenter.model()::predict);
		System.out.printf(Locale.ROOT, "swept vs whole grid %s, %d slabs along dimension 0%n", in.grid(),
				SlidingWindow.steps(in.grid().dims()[0], PATCH[0], 0.5).length);
		assertTrue(SlidingWindow.steps(in.grid().dims()[0], PATCH[0], 0.5).length >= 6, "several slabs");
		for (int c = 0; c < spec.classes(); c++)
			assertArrayEquals(whole[c], swept[c], 0f, "class " + c);
	}

	/**
	 * On the image's grid: the labels of {@link OnnxSegmenter#segment} (swept) are the whole-grid path's voxel for voxel,
	 * and the probabilities resampled back differ by at most 1e-6 (they are computed by the same arithmetic; found 0).
	 */
	@Test
	void sweptLabelsAreTheWholeGrids() {
		final Volume<?> image = image(30, 5);
		final ModelSpec spec = segmenter.model().spec();
		final OnnxSegmenter.Input in = segmenter.input(image);
		final OnnxSegmenter.Prediction whole = new OnnxSegmenter.Prediction(in.grid(), WholeGridWindow.probabilities(in.values(), in.grid().dims(),
				spec.patchSize(), spec.stepFraction(), spec.mirrorAxes(), spec.classes(), segmenter.model()::predict));
		final byte[] expected = Volumes.byteData(OnnxSegmenter.labels(whole, image, spec.labelValues()));
		final float[][] onImage = new float[spec.classes()][image.size()];
		final byte[] swept = Volumes.byteData(segmenter.sweep(in, image, onImage).labels());
		final byte[] segmented = Volumes.byteData(segmenter.segment(image, null).labels());
		double max = 0;
		for (int c = 0; c < spec.classes(); c++) {
			final float[] w = OnnxSegmenter.onImage(whole, c, image);
			for (int i = 0; i < w.length; i++)
				max = Math.max(max, Math.abs(w[i] - onImage[c][i]));
		}
		final int[] counts = new int[4];
		for (final byte b : expected)
			counts[b]++;
		System.out.printf(Locale.ROOT, "swept vs whole grid on the image's %d voxels: labels background %d, femur %d, tibia %d; max |probability"
				+ " difference| %.1e%n", image.size(), counts[0], counts[1], counts[3], max);
		assertTrue(counts[0] > 0 && counts[1] > 0 && counts[3] > 0, "every class occurs");
		assertArrayEquals(expected, swept);
		assertArrayEquals(expected, segmented);
		assertTrue(max <= 1e-6, "max difference " + max);
	}

	/**
	 * The working memory does not grow with the image's extent along the swept axis: the accumulators and the finished
	 * rows held are the same for an image and one twice as long (z: 30 and 60 slices), well below the whole grid's K
	 * arrays.
	 */
	@Test
	void workingMemoryDoesNotGrowAlongTheSweep() {
		final OnnxSegmenter.Swept[] swept = new OnnxSegmenter.Swept[2];
		final long[] whole = new long[2];
		for (int n = 0; n < 2; n++) {
			final Volume<?> image = image(30 * (n + 1), 5);
			final OnnxSegmenter.Input in = segmenter.input(image);
			swept[n] = segmenter.sweep(in, image, null);
			whole[n] = (long) segmenter.model().spec().classes() * in.grid().size();
			System.out.printf(Locale.ROOT, "%d slices, grid %s: accumulators %d floats, finished rows %d floats (whole-grid probabilities %d)%n",
					image.dimension(2), in.grid(), swept[n].accumulatorFloats(), swept[n].rowFloats(), whole[n]);
		}
		assertEquals(swept[0].accumulatorFloats(), swept[1].accumulatorFloats());
		assertEquals(swept[0].rowFloats(), swept[1].rowFloats());
		assertTrue(swept[1].accumulatorFloats() + swept[1].rowFloats() < whole[1] / 2, "below half the whole grid's probabilities");
	}

	/**
	 * An LPS image turned by 8° about z and 5° about x, 40 × 34 × {@code nz} voxels of 0.5 × 0.8 × 0.6 mm, smooth
	 * intensities plus noise (short integers).
	 */
	static Volume<?> image(final int nz, final long seed) {
		final int[] dims = { 40, 34, nz };
		final SplittableRandom r = new SplittableRandom(seed);
		final short[] v = new short[dims[0] * dims[1] * dims[2]];
		for (int z = 0, i = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++, i++)
					v[i] = (short) (500 + 200 * Math.sin(x * 0.31 + y * 0.17) * Math.cos(z * 0.23 - y * 0.11) + r.nextInt(120));
		final Matrix3d rotation = new Matrix3d().rotateZ(Math.toRadians(8)).rotateX(Math.toRadians(5));
		return Volumes.wrapUnsignedShorts(v, dims, VoxelGeometry.of(new double[] { 0.5, 0.8, 0.6 }, new double[] { -4, 7, 20 }, rotation));
	}
}
