package org.chondroj.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.chondroj.core.testing.RealData;

/**
 * The tiny hand-built networks of {@code src/test/resources/org/chondroj/onnx/models} (written by
 * {@code tools/make_test_models.py}) and model folders made from them.
 */
public final class TestModels {

	/** Logits [0, 100 x, −100 x] per voxel: class 1 where the input is positive, class 2 where negative. */
	public static final String POINTWISE3 = "pointwise3.onnx";
	/** Logits [0, (x[i+1] − x[i−1]) / 2] along the input's last spatial dimension, zero-padded. */
	public static final String FD2 = "fd2.onnx";
	/** Logits of a 3 × 3 × 3 convolution with fixed pseudo-random weights, 3 classes, zero-padded. */
	public static final String CONV3 = "conv3.onnx";
	/** A 2-D network: input of rank 4. */
	public static final String RANK4 = "rank4.onnx";

	private TestModels() {
	}

	/** A model folder {@code dir} holding the network {@code network} (one of the above) and {@code json} as model.json. */
	public static Path folder(final Path dir, final String network, final String json) throws IOException {
		Files.createDirectories(dir);
		try (InputStream in = TestModels.class.getResourceAsStream("models/" + network)) {
			if (in == null)
				throw new IllegalStateException("test model missing: " + network);
			Files.write(dir.resolve(ModelSpec.ONNX), in.readAllBytes());
		}
		Files.writeString(dir.resolve(ModelSpec.JSON), json, StandardCharsets.UTF_8);
		return dir;
	}

	/** A model.json text: axes e.g. {@code "S","A","R"}, classes e.g. {@code "0":"background","1":"femur"}. */
	public static String json(final String axes, final String spacing, final String normalization, final String patch, final double step,
			final String mirror, final String classes) {
		return "{\"format\": \"chondroj-model/1\", \"axes\": [" + axes + "], \"spacing_mm\": [" + spacing + "], \"normalization\": " + normalization
				+ ", \"patch_size\": [" + patch + "], \"step_fraction\": " + step + ", \"mirror_axes\": [" + mirror + "], \"classes\": {" + classes + "}}";
	}

	/**
	 * The small model trained on the phantom ({@code tools/models/phantom-small}, made by tools/train_phantom_model.py), or
	 * the folder the system property {@code chondroj.onnx.phantomModel} names (a model being trained).
	 */
	public static Path phantomModel() {
		final String other = System.getProperty("chondroj.onnx.phantomModel");
		return other != null && !other.isBlank() ? Path.of(other) : RealData.projectRoot().resolve("tools/models/phantom-small");
	}
}
