package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.chondroj.core.io.JsonFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder is checked whole before any image is read, and every refusal names the file and the problem. */
class ModelFolderTest {

	private static final String CLASSES3 = "\"0\":\"background\",\"1\":\"femur\",\"2\":\"tibia\"";
	private static final String GOOD = TestModels.json("\"S\",\"A\",\"R\"", "0.7,0.5,0.5", "{\"type\":\"zscore\"}", "8,16,16", 0.5, "1,2", CLASSES3);

	@TempDir
	Path tmp;

	@Test
	void aGoodFolderLoads() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("good"), TestModels.POINTWISE3, GOOD);
		try (OnnxModel m = OnnxModel.load(dir)) {
			final ModelSpec s = m.spec();
			assertArrayEquals(new String[] { "S", "A", "R" }, s.axes());
			assertArrayEquals(new int[] { 8, 16, 16 }, s.patchSize());
			assertArrayEquals(new int[] { 0, 1, 3 }, s.labelValues()); // background, femur, tibia in ChondroJ's numbering
			assertArrayEquals(new int[] { 1, 2 }, s.mirrorAxes());
			assertEquals("good", s.name());
			assertEquals(OnnxModel.sha256(dir.resolve("model.onnx")), m.sha256());
			assertEquals(64, m.sha256().length());
			// the network runs: logits [0, 100 x, -100 x]
			final float[] patch = new float[8 * 16 * 16];
			patch[5] = 0.25f;
			final float[] logits = m.predict(patch);
			assertEquals(3 * patch.length, logits.length);
			assertEquals(0f, logits[5]);
			assertEquals(25f, logits[patch.length + 5], 1e-5);
			assertEquals(-25f, logits[2 * patch.length + 5], 1e-5);
		}
	}

	@Test
	void missingFiles() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("m"), TestModels.POINTWISE3, GOOD);
		Files.delete(dir.resolve("model.onnx"));
		IOException e = assertThrows(NoSuchFileException.class, () -> OnnxModel.load(dir));
		assertTrue(e.getMessage().contains(dir.resolve("model.onnx").toString()) && e.getMessage().contains("missing"), e.getMessage());
		final Path dir2 = TestModels.folder(tmp.resolve("j"), TestModels.POINTWISE3, GOOD);
		Files.delete(dir2.resolve("model.json"));
		e = assertThrows(NoSuchFileException.class, () -> OnnxModel.load(dir2));
		assertTrue(e.getMessage().contains(dir2.resolve("model.json").toString()) && e.getMessage().contains("missing"), e.getMessage());
		e = assertThrows(NoSuchFileException.class, () -> OnnxModel.load(tmp.resolve("nowhere")));
		assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("no such model folder"), e.getMessage());
	}

	@Test
	void malformedJson() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("bad"), TestModels.POINTWISE3, GOOD.replace("\"axes\"", "axes"));
		final IOException e = assertThrows(JsonFormatException.class, () -> OnnxModel.load(dir));
		assertTrue(e.getMessage().startsWith(dir.resolve("model.json") + ": malformed JSON: line 1"), e.getMessage());
	}

	@Test
	void outputChannelsNotMatchingTheClasses() throws IOException {
		final String twoClasses = GOOD.replace(CLASSES3, "\"0\":\"background\",\"1\":\"femur\"");
		final Path dir = TestModels.folder(tmp.resolve("k"), TestModels.POINTWISE3, twoClasses);
		final IOException e = assertThrows(IOException.class, () -> OnnxModel.load(dir));
		assertTrue(e.getMessage().startsWith(dir.resolve("model.onnx") + ": the network's output \"logits\" has 3 channels [1, 3, -1, -1, -1], but"
				+ " model.json names 2 classes"), e.getMessage());
	}

	@Test
	void unknownClassName() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("c"), TestModels.POINTWISE3, GOOD.replace("\"tibia\"", "\"meniscus\""));
		final IOException e = assertThrows(JsonFormatException.class, () -> OnnxModel.load(dir));
		assertTrue(e.getMessage().startsWith(dir.resolve("model.json") + ": classes.2: \"meniscus\" is not a ChondroJ structure name"), e.getMessage());
	}

	@Test
	void wrongInputRank() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("r"), TestModels.RANK4, GOOD.replace(CLASSES3, "\"0\":\"background\",\"1\":\"femur\""));
		final IOException e = assertThrows(IOException.class, () -> OnnxModel.load(dir));
		assertTrue(e.getMessage().startsWith(dir.resolve("model.onnx") + ": the network's input \"image\" has rank 4"), e.getMessage());
	}

	@Test
	void notAnOnnxFile() throws IOException {
		final Path dir = TestModels.folder(tmp.resolve("n"), TestModels.POINTWISE3, GOOD);
		Files.writeString(dir.resolve("model.onnx"), "this is not a network");
		final IOException e = assertThrows(IOException.class, () -> OnnxModel.load(dir));
		assertTrue(e.getMessage().startsWith(dir.resolve("model.onnx") + ": not a network ONNX Runtime can load"), e.getMessage());
	}

	@Test
	void badMembers() {
		final Path f = Path.of("m/model.json");
		assertRefused(GOOD.replace("\"S\",\"A\",\"R\"", "\"S\",\"I\",\"R\""), "m/model.json: axes: two dimensions grow along the same patient axis");
		assertRefused(GOOD.replace("\"S\",\"A\",\"R\"", "\"S\",\"A\",\"X\""), "m/model.json: axes: \"X\" is not a patient direction");
		assertRefused(GOOD.replace("\"S\",\"A\",\"R\"", "\"S\",\"A\""), "m/model.json: axes: 3 patient directions were expected");
		assertRefused(GOOD.replace("chondroj-model/1", "chondroj-model/2"), "m/model.json: format: \"chondroj-model/2\" is not a model format");
		assertRefused(GOOD.replace("0.7,0.5,0.5", "0.7,0,0.5"), "m/model.json: spacing_mm: each voxel size must be a positive number");
		assertRefused(GOOD.replace("8,16,16", "8,16.5,16"), "m/model.json: patch_size: each size must be a whole number");
		assertRefused(GOOD.replace("\"step_fraction\": 0.5", "\"step_fraction\": 0"), "m/model.json: step_fraction: must be above 0");
		assertRefused(GOOD.replace("\"mirror_axes\": [1,2]", "\"mirror_axes\": [3]"), "m/model.json: mirror_axes: each entry is a spatial dimension");
		assertRefused(GOOD.replace("zscore", "minmax"), "m/model.json: normalization.type: \"minmax\" is not a normalization");
		assertRefused(GOOD.replace("\"2\":\"tibia\"", "\"3\":\"tibia\""), "m/model.json: classes.3: class keys are the output channels 0 … 2");
		assertRefused(GOOD.replace("\"2\":\"tibia\"", "\"2\":\"femur\""), "m/model.json: classes.2: \"femur\" is also class 1");
		assertRefused(GOOD.replace("\"format\"", "\"colour\": 1, \"format\""), "m/model.json: colour: unknown member");
		assertRefused(GOOD.replace("{\"type\":\"zscore\"}", "{\"type\":\"clip_zscore\",\"clip\":[5,1],\"mean\":0,\"std\":1}"),
				"m/model.json: normalization.clip: the lower bound must not exceed the upper");
		assertRefused(GOOD.replace("\"step_fraction\"", "\"missing_step\""), "m/model.json: missing_step: unknown member");
		// a good clip_zscore
		try {
			final ModelSpec s = ModelSpec.parse(f, GOOD.replace("{\"type\":\"zscore\"}", "{\"type\":\"clip_zscore\",\"clip\":[-1,2],\"mean\":0.5,\"std\":2}"));
			assertEquals(-1, s.normalization().clipLow());
			assertEquals(2, s.normalization().std());
		} catch (final JsonFormatException e) {
			throw new AssertionError(e);
		}
	}

	private static void assertRefused(final String json, final String start) {
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> ModelSpec.parse(Path.of("m/model.json"), json));
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
	}
}
