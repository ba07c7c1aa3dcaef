package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.knee.Segmentation;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.joml.Vector3d;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Images with padding (one constant value round the field of view, as a zero-padded or zero-filled reformat has):
 * the phantom DESS placed in a grid 80 voxels wider and taller, its new border all zeros, must segment as the
 * unpadded image does; zero-filled air round a knee that lies wholly in the field is air. Against the phantom's labels
 * (the same targets as {@link ClassicalSegmenterPhantomTest}: Dice ≥ 0.95 per bone, ≥ 0.90 per cartilage).
 */
@Tag("slow")
class PaddedImageSegmentationTest {

	private static final int PAD = 40;
	private static final int[][] STRUCTURES = { { 1, 7 }, { 2 }, { 3, 8 }, { 4 }, { 5, 9 }, { 6 } };
	private static final String[] NAMES = { "femur", "femoral cartilage", "tibia", "tibial cartilage", "patella", "patellar cartilage" };

	private static PhantomImages.Images images;

	@BeforeAll
	static void phantom() {
		images = PhantomImages.generate(new KneeModel(PhantomKnees.posed(AnatomyConfig.defaults(), 1, false)), ImagingConfig.defaults().withSeed(1));
	}

	@Test
	void aZeroPaddedImageSegmentsAsTheImageItself() {
		final int[] d = images.dess().dimensions();
		final int[] e = { d[0] + 2 * PAD, d[1] + 2 * PAD, d[2] };
		final float[] v = Volumes.floatValues(images.dess()), padded = new float[e[0] * e[1] * e[2]];
		final byte[] t = Volumes.byteData(images.labels()), truth = new byte[padded.length];
		for (int z = 0; z < d[2]; z++)
			for (int y = 0; y < d[1]; y++) {
				final int from = d[0] * (y + d[1] * z), to = PAD + e[0] * (y + PAD + e[1] * z);
				System.arraycopy(v, from, padded, to, d[0]);
				System.arraycopy(t, from, truth, to, d[0]);
			}
		final VoxelGeometry g = images.dess().geometry();
		final Vector3d o = g.indexToPatient(-PAD, -PAD, 0, new Vector3d());
		final Volume<?> image = Volumes.wrapFloats(padded, e, g.withOrigin(new double[] { o.x, o.y, o.z })).withMetadata(images.dess().metadata());

		// the padding leaves the intensity model as it was
		final IntensityModel plain = IntensityModel.fit(v, d, g.spacing()), withPadding = IntensityModel.fit(padded, e, g.spacing());
		for (final int c : new int[] { IntensityModel.AIR, IntensityModel.DARK, IntensityModel.MID, IntensityModel.BRIGHT })
			assertEquals(plain.level(c), withPadding.level(c), 0.01 * plain.level(c), "level of class " + c);

		final Segmentation seg = new ClassicalSegmenter().segment(image, null);
		seg.qc().forEach(q -> System.out.println("  " + q));
		assertTrue(seg.qc().stream().anyMatch(q -> q.startsWith("field of view: ") && q.contains("cuts off tissue")), "the padding's note");
		assertEquals("0.9", seg.parameters().get("padding_edge_quantile"), "the padding's parameters are recorded: " + seg.parameters());
		assertEquals("1.05", seg.parameters().get("padding_rim_mm"), "the padding's parameters are recorded: " + seg.parameters());
		assertMeetsTargets(truth, Volumes.byteData(seg.labels()));
	}

	@Test
	void zeroFilledAirRoundTheKneeIsAir() {
		// every voxel of the air round the leg that is connected to the grid's faces set to 0, as scanners that clip
		// the noise floor store it
		final int[] d = images.dess().dimensions();
		final float[] v = Volumes.floatValues(images.dess());
		final byte[] t = Volumes.byteData(images.labels());
		final double airLevel = IntensityModel.fit(v, d, images.dess().geometry().spacing()).level(IntensityModel.AIR);
		final byte[] low = new byte[v.length], face = new byte[v.length];
		for (int z = 0, i = 0; z < d[2]; z++)
			for (int y = 0; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++, i++)
					if (v[i] <= airLevel && t[i] == 0) {
						low[i] = 1;
						if (x == 0 || y == 0 || z == 0 || x == d[0] - 1 || y == d[1] - 1 || z == d[2] - 1)
							face[i] = 1;
					}
		final byte[] air = Masks.reconstruct(face, low, d[0], d[1], d[2]);
		final float[] clipped = v.clone();
		for (int i = 0; i < clipped.length; i++)
			if (air[i] != 0)
				clipped[i] = 0;
		System.out.printf(Locale.ROOT, "zero-filled air: %.1f %% of the grid%n", 100.0 * Masks.count(air) / air.length);
		final Volume<?> image = Volumes.wrapFloats(clipped, d, images.dess().geometry()).withMetadata(images.dess().metadata());
		final Segmentation seg = new ClassicalSegmenter().segment(image, null);
		seg.qc().forEach(q -> System.out.println("  " + q));
		assertTrue(seg.qc().stream().anyMatch(q -> q.startsWith("field of view: ") && q.contains("taken as air")), "the note on the zero-filled air");
		assertMeetsTargets(t, Volumes.byteData(seg.labels()));
	}

	private static void assertMeetsTargets(final byte[] truth, final byte[] found) {
		for (int s = 0; s < STRUCTURES.length; s++) {
			final double dice = Dice.of(truth, found, STRUCTURES[s]);
			System.out.printf(Locale.ROOT, "  Dice %-19s %.4f%n", NAMES[s], dice);
			assertTrue(dice >= (s % 2 == 0 ? 0.95 : 0.90), NAMES[s] + " Dice " + dice);
		}
	}
}
