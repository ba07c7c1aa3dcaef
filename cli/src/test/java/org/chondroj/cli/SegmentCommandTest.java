package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chondroj segment IMAGE --model DIR --out FILE}: with a network whose answer is known voxel by voxel (a finite
 * difference along its last input dimension, {@code tools/make_test_models.py}) and a model whose axes are a
 * permutation and flip of the image's; and a bad model folder refused before the image is read.
 */
class SegmentCommandTest {

	private static final Path MODELS = RealData.projectRoot().resolve("onnx/src/test/resources/org/chondroj/onnx/models");

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/**
	 * The image (x to L, y to P, z to S; 0.5 × 0.6 × 0.7 mm; integers 0..1000) as a NIfTI file; the model reads it in
	 * axes I, P, R (z flipped, y, x flipped) at its own spacing, so its last dimension runs against x: femur (1) where
	 * (I[x−1] − I[x+1]) / 2 &gt; 0, background where not, for every voxel with 1 ≤ x ≤ nx − 2. The patch spans x (so
	 * every patch sees the same neighbours along the difference) and tiles y and z with overlap.
	 */
	@Test
	void finiteDifferenceModelVoxelForVoxel(@TempDir final Path dir) throws Exception {
		final int nx = 24, ny = 20, nz = 18;
		final SplittableRandom r = new SplittableRandom(11);
		final short[] v = new short[nx * ny * nz];
		for (int i = 0; i < v.length; i++)
			v[i] = (short) r.nextInt(1001);
		final Path image = dir.resolve("image.nii.gz");
		VolumeFiles.write(Volumes.wrapUnsignedShorts(v, new int[] { nx, ny, nz }, VoxelGeometry.axisAligned(new double[] { 0.5, 0.6, 0.7 },
				new double[] { -3, 4, 12 })), image);
		final Path model = Files.createDirectories(dir.resolve("fd-model"));
		Files.copy(MODELS.resolve("fd2.onnx"), model.resolve("model.onnx"));
		Files.writeString(model.resolve("model.json"), "{\"format\": \"chondroj-model/1\", \"axes\": [\"I\", \"P\", \"R\"], \"spacing_mm\": [0.7, 0.6, 0.5],"
				+ " \"normalization\": {\"type\": \"none\"}, \"patch_size\": [8, 10, 24], \"step_fraction\": 0.5, \"mirror_axes\": [],"
				+ " \"classes\": {\"0\": \"background\", \"1\": \"femur\"}}");
		final Path labelsFile = dir.resolve("labels.nii.gz");
		assertEquals(0, run("segment", image.toString(), "--model", model.toString(), "--out", labelsFile.toString()), err.toString());
		assertTrue(out.toString().contains("model " + model), out.toString());
		final Volume<?> labels = VolumeFiles.read(labelsFile);
		assertTrue(labels.sameGrid(VolumeFiles.read(image)), "the image's own grid");
		final float[] l = Volumes.floatValues(labels);
		int femur = 0, interior = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 1; x < nx - 1; x++) {
					final int i = x + nx * (y + ny * z);
					final int expected = ((v[i - 1] & 0xffff) - (v[i + 1] & 0xffff)) / 2.0 > 0 ? 1 : 0;
					assertEquals(expected, (int) l[i], "voxel " + x + "," + y + "," + z);
					femur += expected;
					interior++;
				}
		assertTrue(femur > interior / 3 && femur < 2 * interior / 3, femur + " of " + interior);
		System.out.printf("chondroj segment, finite-difference model in axes I,P,R: %d interior voxels as the network computes (%d femur)%n", interior,
				femur);
	}

	/** A bad model folder is refused with its file and problem named, before the image (here: none) is looked at. */
	@Test
	void badModelRefusedFirst(@TempDir final Path dir) throws Exception {
		final Path model = Files.createDirectories(dir.resolve("m"));
		Files.copy(MODELS.resolve("pointwise3.onnx"), model.resolve("model.onnx"));
		Files.writeString(model.resolve("model.json"), "{\"format\": \"chondroj-model/1\", \"axes\": [\"S\", \"A\", \"R\"], \"spacing_mm\": [1, 1, 1],"
				+ " \"normalization\": {\"type\": \"zscore\"}, \"patch_size\": [8, 8, 8], \"step_fraction\": 0.5, \"mirror_axes\": [],"
				+ " \"classes\": {\"0\": \"background\", \"1\": \"femur\", \"2\": \"meniscus\"}}");
		final Path missingImage = dir.resolve("no-such-image.nii.gz");
		assertEquals(1, run("segment", missingImage.toString(), "--model", model.toString(), "--out", dir.resolve("l.nii.gz").toString()));
		assertTrue(err.toString().contains(model.resolve("model.json") + ": classes.2: \"meniscus\" is not a ChondroJ structure name"), err.toString());
		assertFalse(err.toString().contains("no-such-image"), err.toString());
		// analyze too
		assertEquals(1, run("analyze", missingImage.toString(), "--model", model.toString(), "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("meniscus"), err.toString());
		assertFalse(Files.exists(dir.resolve("l.nii.gz")) || Files.exists(dir.resolve("o")));
	}

	/**
	 * A phantom study (on a coarse grid): {@code segment} with the classical segmenter (no --model) writes labels on the DESS grid;
	 * {@code analyze --model} with the committed phantom model measures the knee and records the model (its model.json
	 * and the SHA-256 of its model.onnx) in results.json's provenance.
	 */
	@Test
	@Tag("slow")
	void bothSegmentersOnAPhantomStudy(@TempDir final Path dir) throws Exception {
		// a coarse grid (192 × 192 × 80 voxels of 0.73 × 0.73 × 1.4 mm): what is checked here is the plumbing (grid, provenance,
		// the batch's hashes), and the model resamples to its own spacing anyway; the OAI grid would take 4 times longer
		final PhantomSetup coarse = PhantomSetup.defaults().withImaging(org.chondroj.phantom.ImagingConfig.defaults()
				.withDessGrid(new int[] { 192, 192, 80 }, new double[] { 0.73, 0.73, 1.4 }).withIwGrid(new int[] { 176, 176, 16 }, new double[] { 0.8, 0.8, 7 }));
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(coarse, 21, dir.resolve("knee"));
		final Path dicom = study.folder().resolve("DICOM"), classical = dir.resolve("classical.nii.gz");
		assertEquals(0, run("segment", dicom.toString(), "--out", classical.toString()), err.toString());
		assertTrue(out.toString().contains("classical segmenter"), out.toString());
		assertTrue(VolumeFiles.read(classical).sameGrid(VolumeFiles.read(study.labels())), "the DESS grid");
		final Path model = RealData.projectRoot().resolve("tools/models/phantom-small"), o = dir.resolve("out");
		assertEquals(0, run("analyze", dicom.toString(), "--model", model.toString(), "--out", o.toString()), err.toString());
		final ScanReport r = ResultsFiles.read(o);
		assertEquals(org.chondroj.core.io.Json.parse(Files.readString(model.resolve("model.json"))).toString(), r.provenance().get("segmentation.model.json"));
		final java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
		final StringBuilder hex = new StringBuilder();
		for (final byte b : sha.digest(Files.readAllBytes(model.resolve("model.onnx"))))
			hex.append(String.format("%02x", b));
		assertEquals(hex.toString(), r.provenance().get("segmentation.model.onnx_sha256"));
		assertEquals("onnx", r.provenance().get("segmentation.segmenter"));
		assertTrue(Files.size(o.resolve("labels.nii.gz")) > 0);

		// batch --model: the model in every scan's provenance; a second run keeps the result, a changed model.json redoes it
		final Path manifest = Files.writeString(dir.resolve("cohort.csv"), "subject,timepoint,side,path\nK21,20200106,right," + dicom + "\n");
		final Path batch = dir.resolve("batch");
		assertEquals(0, run("batch", "--manifest", manifest.toString(), "--model", model.toString(), "--out", batch.toString(), "--threads", "1"),
				err.toString());
		assertTrue(out.toString().contains("1 scans: 1 analysed, 0 done before"), out.toString());
		try (java.util.stream.Stream<Path> scans = Files.list(batch.resolve("scans"))) {
			final Path scan = scans.findFirst().orElseThrow();
			assertEquals(hex.toString(), ResultsFiles.read(scan).provenance().get("segmentation.model.onnx_sha256"));
		}
		assertEquals(0, run("batch", "--manifest", manifest.toString(), "--model", model.toString(), "--out", batch.toString(), "--threads", "1"),
				err.toString());
		assertTrue(out.toString().contains("1 scans: 0 analysed, 1 done before"), out.toString());
		final Path changed = Files.createDirectories(dir.resolve("changed-model"));
		Files.copy(model.resolve("model.onnx"), changed.resolve("model.onnx"));
		Files.writeString(changed.resolve("model.json"), Files.readString(model.resolve("model.json")).replace("\"step_fraction\": 0.5",
				"\"step_fraction\": 0.75"));
		assertEquals(0, run("batch", "--manifest", manifest.toString(), "--model", changed.toString(), "--out", batch.toString(), "--threads", "1"),
				err.toString());
		assertTrue(out.toString().lastIndexOf("1 scans: 1 analysed, 0 done before") > out.toString().indexOf("1 scans: 0 analysed"), out.toString());
	}
}
