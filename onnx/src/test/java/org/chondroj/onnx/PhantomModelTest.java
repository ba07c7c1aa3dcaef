package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.chondroj.core.Volumes;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.chondroj.core.testing.TestVolumes;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.phantom.PhantomTruth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small model trained on the phantom ({@code tools/models/phantom-small}, {@code tools/train_phantom_model.py}) on a
 * phantom knee it was not trained on (seed 21; training used seeds 11–15): its probabilities against PyTorch's forward
 * pass (one patch covering the volume) and against a NumPy sliding window (interoperability tests, Debian's
 * python3-torch), and its Dice and ThCtAB errors against the phantom's truth (reported, no threshold: the model proves
 * the mechanism, it is not a product).
 */
@Tag("slow")
class PhantomModelTest {

	private static final long SEED = 21;
	private static KneeModel knee;
	private static PhantomImages.Images images;
	private static OnnxSegmenter segmenter;

	@TempDir
	Path tmp;

	@BeforeAll
	static void setUp() throws IOException {
		final Path model = TestModels.phantomModel();
		assertTrue(Files.isRegularFile(model.resolve("model.onnx")), "the committed model " + model);
		segmenter = OnnxSegmenter.load(model);
		knee = new KneeModel(PhantomKnees.posed(AnatomyConfig.defaults(), SEED, false));
		images = PhantomImages.generate(knee, ImagingConfig.defaults().withSeed(SEED));
	}

	@AfterAll
	static void tearDown() {
		if (segmenter != null)
			segmenter.close();
	}

	/** ChondroJ's probabilities for one patch that is the whole volume equal PyTorch's forward pass and softmax. */
	@Test
	void onePatchEqualsPyTorch() throws IOException {
		ExternalTools.requirePython("torch", "numpy");
		final int[] patch = segmenter.model().spec().patchSize();
		final double diff = compareWithPython(patch, new int[0]);
		System.out.printf(Locale.ROOT, "phantom-small, one patch %s: max |ChondroJ − PyTorch| = %.2e%n", java.util.Arrays.toString(patch), diff);
		assertTrue(diff < 1e-4, "max abs diff " + diff);
	}

	/**
	 * The sliding window over a block of 100 × 130 × 120 of the network's grid (3 × 2 × 2 patches) with mirroring along
	 * the last dimension equals the NumPy implementation of the same weighting (each patch through PyTorch).
	 */
	@Test
	void slidingWindowEqualsNumPy() throws IOException {
		ExternalTools.requirePython("torch", "numpy");
		final double diff = compareWithPython(new int[] { 100, 130, 120 }, new int[] { 2 });
		System.out.printf(Locale.ROOT, "phantom-small, sliding window over 100 × 130 × 120, mirrored along 2: max |ChondroJ − NumPy| = %.2e%n", diff);
		assertTrue(diff < 1e-4, "max abs diff " + diff);
	}

	/** Java's probabilities for a block of the network's input (at the grid's centre) against reference_inference.py. */
	private double compareWithPython(final int[] block, final int[] mirror) throws IOException {
		final ModelSpec spec = segmenter.model().spec();
		final OnnxSegmenter.Input in = segmenter.input(images.dess());
		final int[] m = in.grid().dims();
		final float[] x = new float[block[0] * block[1] * block[2]];
		final int[] start = new int[3];
		for (int d = 0; d < 3; d++)
			start[d] = (m[d] - block[d]) / 2;
		for (int i = 0; i < block[0]; i++)
			for (int j = 0; j < block[1]; j++)
				System.arraycopy(in.values(), ((start[0] + i) * m[1] + start[1] + j) * m[2] + start[2], x, (i * block[1] + j) * block[2], block[2]);
		final float[][] java = SlidingWindow.probabilities(x, block, spec.patchSize(), spec.stepFraction(), mirror, spec.classes(), segmenter.model()::predict);
		final Path input = tmp.resolve("in.f32"), output = tmp.resolve("out.f32");
		TestVolumes.writeFloats(x, input);
		final Path root = RealData.projectRoot();
		ExternalTools.python(root.resolve("onnx/src/test/python/reference_inference.py"), TestModels.phantomModel().toString(),
				root.resolve("tools/train_phantom_model.py").toString(), input.toString(), join(block), join(spec.patchSize()),
				Double.toString(spec.stepFraction()), mirror.length == 0 ? "-" : join(mirror), output.toString());
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(spec.classes() * x.length, b.remaining() / 4);
		double max = 0;
		for (int c = 0; c < spec.classes(); c++)
			for (int i = 0; i < x.length; i++)
				max = Math.max(max, Math.abs(java[c][i] - b.getFloat()));
		return max;
	}

	private static String join(final int[] v) {
		final StringBuilder s = new StringBuilder();
		for (final int i : v)
			s.append(s.length() == 0 ? "" : ",").append(i);
		return s.toString();
	}

	private static final int[][] STRUCTURES = { { 1, 7 }, { 2 }, { 3, 8 }, { 4 }, { 5, 9 }, { 6 } };
	private static final String[] NAMES = { "femur", "femoral cartilage", "tibia", "tibial cartilage", "patella", "patellar cartilage" };

	/** Dice per structure and ThCtAB error per plate on the held-out phantom knee, printed; the provenance names the model. */
	@Test
	void diceAndThicknessOnThePhantom() {
		final long t0 = System.nanoTime();
		final Segmentation seg = segmenter.segment(images.dess(), images.iw());
		final double seconds = (System.nanoTime() - t0) * 1e-9;
		final StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "phantom-small on phantom seed %d (384 × 384 × 160): segmented in %.1f s%n",
				SEED, seconds));
		seg.qc().forEach(q -> table.append("  ").append(q).append('\n'));
		final byte[] truth = Volumes.byteData(images.labels()), found = Volumes.byteData(seg.labels());
		for (int s = 0; s < STRUCTURES.length; s++)
			table.append(String.format(Locale.ROOT, "  Dice %-19s %.4f%n", NAMES[s], dice(truth, found, STRUCTURES[s])));
		final ScanReport report = KneeMeasurement.measure(seg, "phantom-21", KneeMeasurement.Options.defaults()).report();
		final PhantomTruth t = PhantomTruth.of(knee);
		for (final Region plate : Region.PLATES) {
			final double measured = report.value(plate, Metric.ThCtAB), expected = t.plates().get(plate.key()).thCtAB();
			table.append(String.format(Locale.ROOT, "  %-4s ThCtAB %.3f mm, truth %.3f, error %+.3f%n", plate, measured, expected, measured - expected));
		}
		System.out.print(table);
		assertEquals(segmenter.model().sha256(), report.provenance().get("segmentation.model.onnx_sha256"));
		assertTrue(report.provenance().get("segmentation.model.json").contains("\"name\":\"phantom-small\""), report.provenance().toString());
		assertEquals(knee.side(), report.side(), "side");
	}

	/** Dice of the voxels holding any of {@code values} in both maps. */
	static double dice(final byte[] a, final byte[] b, final int[] values) {
		final boolean[] in = new boolean[256];
		for (final int v : values)
			in[v] = true;
		long na = 0, nb = 0, both = 0;
		for (int i = 0; i < a.length; i++) {
			final boolean x = in[a[i] & 0xff], y = in[b[i] & 0xff];
			na += x ? 1 : 0;
			nb += y ? 1 : 0;
			both += x && y ? 1 : 0;
		}
		return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
	}
}
