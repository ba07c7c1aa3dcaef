package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.chondroj.core.testing.TestVolumes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/export_nnunet.py} on fake trained nnU-Net v2 models ({@code src/test/python/fake_nnunet.py}, written
 * independently of the exporter: nnU-Net's folder layout, plans and dataset.json, a checkpoint of random weights under
 * PlainConvUNet's parameter names (3 stages of 4/8/16 features, anisotropic kernels and strides, patch 8 × 16 × 16, 4
 * labels), and that network's forward pass written with torch.nn.functional): the exported network's logits equal
 * PyTorch's; ChondroJ's probabilities over a volume of one patch (mirrored along all three dimensions, as the
 * checkpoint allows) equal PyTorch's; CTNormalization and plans older than nnU-Net 2.4 are read; a missing file, a
 * ResidualEncoderUNet (without its package), two input channels and an unknown structure name are refused, naming the
 * file or argument. Interoperability test (Debian's python3-torch and python3-onnx).
 */
@Tag("slow")
class NnUnetExportTest {

	private static final int[] PATCH = { 8, 16, 16 };
	private static final String CLASSES = "1=femur,FemoralCartilage=femoral_cartilage,3=tibia";
	private static final Path ROOT = RealData.projectRoot();

	@TempDir
	static Path tmp;

	@BeforeAll
	static void fakeModels() throws IOException {
		ExternalTools.requirePython("torch", "numpy", "onnx");
		ExternalTools.python(ROOT.resolve("onnx/src/test/python/fake_nnunet.py"), "make", tmp.toString(), "plain,ct,two_channels,resenc,old_plans");
	}

	private static Path trained(final String variant) {
		return tmp.resolve(variant).resolve("Dataset999_FakeKnee/nnUNetTrainer__nnUNetPlans__3d_fullres");
	}

	private static ExternalTools.Result export(final Path trained, final Path out, final String classes) throws IOException {
		final List<String> cmd = new ArrayList<>(List.of(ExternalTools.PYTHON, ROOT.resolve("tools/export_nnunet.py").toString(), trained.toString(),
				out.toString(), "--axes", "I,R,P", "--classes", classes));
		return ExternalTools.run(cmd, 300);
	}

	/** The variant's export (once per variant). */
	private static synchronized Path exported(final String variant) throws IOException {
		final Path out = tmp.resolve("out-" + variant);
		if (Files.isRegularFile(out.resolve(ModelSpec.JSON)))
			return out;
		final ExternalTools.Result r = export(trained(variant), out, CLASSES);
		assertEquals(0, r.exitCode, r.output);
		return out;
	}

	/** (a) The exported network's logits for a random patch equal PyTorch's forward pass of the checkpoint's weights. */
	@Test
	void logitsEqualPyTorch() throws IOException {
		final SplittableRandom r = new SplittableRandom(4);
		final float[] x = new float[PATCH[0] * PATCH[1] * PATCH[2]];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) (r.nextGaussian() * 1.5);
		final float[] reference = pytorch(trained("plain"), x, "-", "logits");
		for (final String variant : new String[] { "plain", "old_plans" })
			try (OnnxModel m = OnnxModel.load(exported(variant))) {
				assertArrayEquals(PATCH, m.spec().patchSize());
				assertArrayEquals(new int[] { 0, 1, 2 }, m.spec().mirrorAxes());
				assertArrayEquals(new String[] { "background", "femur", "femoral_cartilage", "tibia" }, m.spec().classNames());
				assertArrayEquals(new double[] { 0.7, 0.3646, 0.3646 }, m.spec().spacingMm());
				assertEquals(ModelSpec.Normalization.ZSCORE, m.spec().normalization().type());
				final double diff = maxDiff(m.predict(x), reference);
				System.out.printf(Locale.ROOT, "nnU-Net export (%s plans): max |ONNX Runtime − PyTorch| logits = %.2e%n", variant, diff);
				assertTrue(diff < 1e-4, "max abs diff " + diff);
			}
	}

	/**
	 * (b) ChondroJ's probabilities over a volume of exactly one patch at the model's spacing (16 × 16 × 8 voxels of
	 * 0.3646 × 0.3646 × 0.7 mm, so no interpolation) equal PyTorch's: the softmax of the forward pass averaged over the 8
	 * combinations of flips, on the input ChondroJ made (normalised, permuted and flipped to I, R, P).
	 */
	@Test
	void probabilitiesEqualPyTorch() throws IOException {
		final int[] dims = { 16, 16, 8 };
		final SplittableRandom r = new SplittableRandom(8);
		final short[] v = new short[dims[0] * dims[1] * dims[2]];
		for (int i = 0; i < v.length; i++)
			v[i] = (short) r.nextInt(1000);
		final Volume<?> image = Volumes.wrapUnsignedShorts(v, dims, VoxelGeometry.axisAligned(new double[] { 0.3646, 0.3646, 0.7 }, new double[] { 3, -2, 1 }));
		try (OnnxSegmenter s = OnnxSegmenter.load(exported("plain"))) {
			final OnnxSegmenter.Input in = s.input(image);
			assertArrayEquals(PATCH, in.grid().dims());
			final float[][] java = s.probabilities(in);
			final float[] reference = pytorch(trained("plain"), in.values(), "0,1,2", "probabilities");
			final float[] flat = new float[reference.length];
			for (int c = 0; c < java.length; c++)
				System.arraycopy(java[c], 0, flat, c * java[c].length, java[c].length);
			final double diff = maxDiff(flat, reference);
			System.out.printf(Locale.ROOT, "nnU-Net export: one patch mirrored 8 ways, max |ChondroJ − PyTorch| probabilities = %.2e%n", diff);
			assertTrue(diff < 1e-4, "max abs diff " + diff);
			final byte[] labels = Volumes.byteData(s.segment(image, null).labels());
			final int[] count = new int[256];
			for (final byte b : labels)
				count[b & 0xff]++;
			assertEquals(labels.length, count[0] + count[1] + count[2] + count[3], "labels " + Arrays.toString(Arrays.copyOf(count, 8)));
		}
	}

	/** CTNormalization becomes clip_zscore with the plans' foreground percentiles 0.5 and 99.5, mean and std. */
	@Test
	void ctNormalization() throws IOException {
		final ModelSpec.Normalization n = ModelSpec.read(exported("ct")).normalization();
		assertEquals(ModelSpec.Normalization.CLIP_ZSCORE, n.type());
		assertArrayEquals(new double[] { 12, 905, 310.5, 151.25 }, new double[] { n.clipLow(), n.clipHigh(), n.mean(), n.std() });
	}

	/** What the exporter refuses: one line naming the file or argument and the problem, exit status 2. */
	@Test
	void refusals() throws IOException {
		final Path noPlans = tmp.resolve("no_plans");
		Files.createDirectories(noPlans.resolve("fold_0"));
		Files.copy(trained("plain").resolve("dataset.json"), noPlans.resolve("dataset.json"));
		refused(export(noPlans, tmp.resolve("x1"), CLASSES), noPlans.resolve("plans.json") + ": missing");
		refused(export(trained("resenc"), tmp.resolve("x2"), CLASSES), "plans.json: the network is dynamic_network_architectures.architectures.unet"
				+ ".ResidualEncoderUNet; without the dynamic_network_architectures package");
		refused(export(trained("two_channels"), tmp.resolve("x3"), CLASSES), "dataset.json: the model reads 2 input channels");
		refused(export(trained("plain"), tmp.resolve("x4"), "1=femur,2=meniscus,3=tibia"), "--classes: \"meniscus\" (for label 2) is not a ChondroJ"
				+ " structure name");
	}

	private static void refused(final ExternalTools.Result r, final String message) {
		assertEquals(2, r.exitCode, r.output);
		assertTrue(r.output.contains(message), "expected \"" + message + "\" in:\n" + r.output);
		System.out.println("refused: " + r.output.strip());
	}

	/** fake_nnunet.py's forward pass ("logits", or "probabilities" mirrored along {@code mirror}) of a patch. */
	private float[] pytorch(final Path trained, final float[] x, final String mirror, final String what) throws IOException {
		final Path input = Files.createTempFile(tmp, "in", ".f32"), output = Files.createTempFile(tmp, "out", ".f32");
		TestVolumes.writeFloats(x, input);
		ExternalTools.python(ROOT.resolve("onnx/src/test/python/fake_nnunet.py"), "forward", trained.toString(), input.toString(),
				PATCH[0] + "," + PATCH[1] + "," + PATCH[2], mirror, output.toString(), what);
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
		final float[] out = new float[b.remaining() / 4];
		b.asFloatBuffer().get(out);
		return out;
	}

	private static double maxDiff(final float[] a, final float[] b) {
		assertEquals(b.length, a.length, "values");
		double max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs(a[i] - b[i]));
		return max;
	}
}
