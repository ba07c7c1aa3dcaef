package org.chondroj.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.knee.Segmentation;
import org.joml.Matrix3d;

import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference end to end with networks whose right answer is known voxel by voxel: a pointwise one (the image's
 * orientation and spacing differ from the model's: the grid must be reoriented and resampled right) and a finite
 * difference along one input dimension (the model's axes a permutation and flip of the image's).
 */
class OnnxSegmenterTest {

	@TempDir
	Path tmp;

	/**
	 * An oblique image (rotated about two axes, anisotropic voxels) holding a linear function f of the patient position;
	 * the pointwise network labels femur where f &gt; 0, tibia where f &lt; 0. A wrong permutation, flip, spacing or
	 * origin would move or tilt that plane. Checked: every voxel farther from the plane than one network voxel's
	 * diagonal plus half an image voxel's diagonal (what linear resampling to and from the network's grid may blur) gets
	 * the right label, and they are most of the image.
	 */
	@Test
	void reorientedAndResampled() throws IOException {
		final int[] dims = { 30, 26, 22 };
		final double[] spacing = { 0.6, 0.5, 0.9 };
		final Matrix3d rotation = new Matrix3d().rotateZ(Math.toRadians(20)).rotateX(Math.toRadians(-12));
		final VoxelGeometry g = VoxelGeometry.of(spacing, new double[] { 10, -20, 35 }, rotation);
		final Vector3d normal = new Vector3d(0.3, -0.5, 0.8).normalize();
		final Vector3d centre = g.indexToPatient(dims[0] / 2.0, dims[1] / 2.0, dims[2] / 2.0, new Vector3d()).add(1, -2, 0.5);
		final float[] v = new float[dims[0] * dims[1] * dims[2]];
		final Vector3d p = new Vector3d();
		for (int z = 0, i = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++, i++)
					v[i] = (float) g.indexToPatient(x, y, z, p).sub(centre).dot(normal);
		final Volume<?> image = Volumes.wrapFloats(v, dims, g).withMetadata(Metadata.empty().with(Metadata.SERIES_DESCRIPTION, "plane"));
		final double[] modelSpacing = { 1.1, 0.7, 0.8 };
		final Path dir = TestModels.folder(tmp.resolve("pw"), TestModels.POINTWISE3, TestModels.json("\"S\",\"A\",\"R\"", "1.1,0.7,0.8",
				"{\"type\":\"none\"}", "12,16,16", 0.5, "", "\"0\":\"background\",\"1\":\"femur\",\"2\":\"tibia\""));
		try (OnnxSegmenter s = OnnxSegmenter.load(dir)) {
			final Segmentation seg = s.segment(image, null);
			final byte[] labels = Volumes.byteData(seg.labels());
			assertTrue(seg.labels().sameGrid(image));
			assertEquals("plane", seg.labels().metadata().get(Metadata.SERIES_DESCRIPTION));
			final double margin = Math.sqrt(1.1 * 1.1 + 0.7 * 0.7 + 0.8 * 0.8) + 0.5 * Math.sqrt(0.36 + 0.25 + 0.81);
			int checked = 0, wrong = 0;
			for (int i = 0; i < v.length; i++)
				if (Math.abs(v[i]) > margin) {
					checked++;
					if (labels[i] != (v[i] > 0 ? 1 : 3))
						wrong++;
				}
			System.out.printf("pointwise model on an oblique image: %d of %d voxels farther than %.2f mm from the plane, %d labelled wrong; grid %s%n",
					checked, v.length, margin, wrong, s.predict(image).grid());
			assertEquals(0, wrong);
			assertTrue(checked > 0.6 * v.length, checked + " voxels checked");
			assertEquals("onnx", seg.parameters().get("segmenter"));
			assertEquals(s.model().sha256(), seg.parameters().get("model.onnx_sha256"));
			assertTrue(seg.parameters().get("model.json").contains("\"spacing_mm\":[1.1,0.7,0.8]"), seg.parameters().get("model.json"));
		}
	}

	/** The grid of an axis-aligned LPS image for a model in S, A, R: its axes 2, 1, 0, the last two flipped; sizes by extent. */
	@Test
	void gridOfAnAxisAlignedImage() throws IOException {
		final ModelSpec spec = ModelSpec.parse(null, TestModels.json("\"S\",\"A\",\"R\"", "1,0.5,2", "{\"type\":\"none\"}", "4,4,4", 0.5, "",
				"\"0\":\"background\",\"1\":\"femur\""));
		final VoxelGeometry g = VoxelGeometry.axisAligned(new double[] { 1, 1, 2 }, new double[] { 5, 6, 7 });
		final ModelGrid grid = ModelGrid.of(new int[] { 10, 20, 9 }, g, spec);
		assertArrayEquals(new int[] { 2, 1, 0 }, grid.imageAxis());
		assertArrayEquals(new boolean[] { false, true, true }, grid.flipped());
		assertArrayEquals(new int[] { 18, 40, 5 }, grid.dims()); // 9·2 mm / 1, 20·1 / 0.5, 10·1 / 2
		// the grid's voxel 0 (network [0][0][0]) is where each dimension starts: the I-most slab (S grows), the P-most row
		// (A grows), the L-most column (R grows); each the centre of the first of the grid's voxels over the image's extent
		final Vector3d p = grid.geometry().indexToPatient(0, 0, 0, new Vector3d());
		final Vector3d c = g.patientToIndex(p.x, p.y, p.z, new Vector3d());
		assertEquals(10 - 0.5 - 0.5 * 10 / 5.0, c.x, 1e-9); // x grows to L: the L-most is the largest x index
		assertEquals(20 - 0.5 - 0.5 * 0.5, c.y, 1e-9); // y grows to P: the P-most is the largest y index
		assertEquals(-0.5 + 0.5 * 9 / 18.0, c.z, 1e-9); // S is +z
	}

	/**
	 * A finite difference along the network's last input dimension, with the model's axes a permutation and flip of
	 * the image's and the image's own spacing (no interpolation): the labels are those the network computes, voxel for
	 * voxel, away from the border: femur where (I[x−1] − I[x+1]) / 2 &gt; 0 (the last dimension runs to R, against the
	 * image's x).
	 */
	@Test
	void finiteDifferenceThroughPermutedAndFlippedAxes() throws IOException {
		final int[] dims = { 24, 20, 18 };
		final Volume<UnsignedShortType> image = FiniteDifferenceImage.image(dims, 7);
		final Path dir = FiniteDifferenceImage.model(tmp.resolve("fd"));
		try (OnnxSegmenter s = OnnxSegmenter.load(dir)) {
			final Segmentation seg = s.segment(image, null);
			final int[] counts = FiniteDifferenceImage.check(image, Volumes.byteData(seg.labels()));
			System.out.printf("finite-difference model: %d interior voxels, %d femur, all as the network computes%n", counts[0], counts[1]);
		}
	}

	/** The finite-difference test's image, model and check (also used by the command line's test). */
	static final class FiniteDifferenceImage {

		/** Integer intensities 0..1000 (axis-aligned LPS, 0.5 × 0.6 × 0.7 mm). */
		static Volume<UnsignedShortType> image(final int[] dims, final long seed) {
			final SplittableRandom r = new SplittableRandom(seed);
			final short[] v = new short[dims[0] * dims[1] * dims[2]];
			for (int i = 0; i < v.length; i++)
				v[i] = (short) r.nextInt(1001);
			return Volumes.wrapUnsignedShorts(v, dims, VoxelGeometry.axisAligned(new double[] { 0.5, 0.6, 0.7 }, new double[] { -3, 4, 12 }));
		}

		/**
		 * The model folder: axes I, P, R (image z flipped, y, x flipped) at the image's spacing; the patch covers the
		 * x extent (24) so that every patch sees the same neighbours along the difference, and tiles y and z.
		 */
		static Path model(final Path dir) throws IOException {
			return TestModels.folder(dir, TestModels.FD2, TestModels.json("\"I\",\"P\",\"R\"", "0.7,0.6,0.5", "{\"type\":\"none\"}", "8,10,24", 0.5,
					"", "\"0\":\"background\",\"1\":\"femur\""));
		}

		/** Asserts the labels voxel for voxel for 1 ≤ x ≤ nx − 2; returns {interior voxels, femur voxels}. */
		static int[] check(final Volume<UnsignedShortType> image, final byte[] labels) {
			final short[] v = Volumes.shortData(image);
			final int nx = image.dimension(0), ny = image.dimension(1), nz = image.dimension(2);
			int interior = 0, femur = 0;
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 1; x < nx - 1; x++) {
						final int i = x + nx * (y + ny * z);
						final double d = ((v[i - 1] & 0xffff) - (v[i + 1] & 0xffff)) / 2.0;
						final int expected = d > 0 ? 1 : 0;
						assertEquals(expected, labels[i], "voxel " + x + "," + y + "," + z + ": difference " + d);
						interior++;
						femur += expected;
					}
			assertTrue(femur > interior / 3 && femur < 2 * interior / 3, femur + " of " + interior);
			return new int[] { interior, femur };
		}
	}
}
