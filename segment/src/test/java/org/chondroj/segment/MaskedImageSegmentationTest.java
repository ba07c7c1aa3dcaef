package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.knee.Segmentation;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The masked-image rule ({@link IntensityModel#lowBand}) and {@link MaskedImageSegmentation}: a phantom DESS is not
 * masked; a synthetic masked knee (two blocks of bone with a cartilage slab on each, the joint space between them and
 * everything around at one level) and the phantom DESS masked by its own labels are, and segment close to their
 * truth (Dice guards a little below the values measured: synthetic bones 0.996, slabs 1.000; masked phantom bones
 * 0.996–0.999, cartilages 0.945–0.981; bones held at 0.99, about twice their measured 1 − Dice).
 */
class MaskedImageSegmentationTest {

	private static final int NX = 60, NY = 60, NZ = 90;
	private static final float BACKGROUND = 7, FEMUR = 100, TIBIA = 110, FEMORAL_CARTILAGE = 500, TIBIAL_CARTILAGE = 450;

	/**
	 * A synthetic masked knee on a 1 mm grid whose k axis points superior: a femur block (i, j 10–49, k 50–79) with a
	 * femoral cartilage slab under it (k 47–49), the joint space (k 44–46), a tibial cartilage slab (k 41–43) on a tibia
	 * block (k 10–40), every tissue with Gaussian noise of σ 5, the rest exactly {@link #BACKGROUND}. Writes the truth
	 * (OAI-AKOA labels) into {@code truth}.
	 */
	private static float[] syntheticKnee(final byte[] truth) {
		final float[] s = new float[NX * NY * NZ];
		final SplittableRandom random = new SplittableRandom(7);
		for (int k = 0, i = 0; k < NZ; k++)
			for (int j = 0; j < NY; j++)
				for (int x = 0; x < NX; x++, i++) {
					final boolean inside = x >= 10 && x < 50 && j >= 10 && j < 50;
					float v = BACKGROUND;
					int label = 0;
					if (inside && k >= 50 && k < 80) {
						v = FEMUR;
						label = 1;
					} else if (inside && k >= 47 && k < 50) {
						v = FEMORAL_CARTILAGE;
						label = 2;
					} else if (inside && k >= 41 && k < 44) {
						v = TIBIAL_CARTILAGE;
						label = 4;
					} else if (inside && k >= 10 && k < 41) {
						v = TIBIA;
						label = 3;
					}
					s[i] = label == 0 ? v : (float) (v + 5 * random.nextGaussian());
					truth[i] = (byte) label;
				}
		return s;
	}

	@Test
	void aSyntheticMaskedKneeIsMaskedAndSegments() {
		final byte[] truth = new byte[NX * NY * NZ];
		final float[] s = syntheticKnee(truth);
		final IntensityModel.LowBand low = IntensityModel.lowBand(s);
		System.out.println("synthetic masked knee: " + low);
		assertTrue(low.masked(), low.toString());
		assertEquals(BACKGROUND, low.level(), 0);
		final int[] dims = { NX, NY, NZ };
		final VoxelGeometry g = VoxelGeometry.axisAligned(1, 1, 1);
		final MaskedImageSegmentation.Parameters p = MaskedImageSegmentation.Parameters.defaults();
		final MaskedImageSegmentation.Levels levels = MaskedImageSegmentation.levels(s, low, p);
		final MaskedImageSegmentation.Bones bones = MaskedImageSegmentation.bones(s, dims, g, levels, p);
		System.out.println("  " + levels + "; erosion " + bones.erosionMm() + " mm");
		// bone: mode 100–110, σ about 5 (two peaks 10 apart widen it): cartilage starts well above the bones' noise, below the slabs'
		assertTrue(levels.cartilageFrom() > TIBIA + 15 && levels.cartilageFrom() < TIBIAL_CARTILAGE - 100, levels.toString());
		final byte[] found = MaskedImageSegmentation.cartilage(s, bones.labels(), dims, g, levels, p);
		// the opening loses the blocks' sharp edges (about 1 % of a block); nothing else may differ
		final String[] names = { "femur", "femoral cartilage", "tibia", "tibial cartilage" };
		for (int label = 1; label <= 4; label++) {
			final double dice = Dice.of(truth, found, label);
			System.out.printf(Locale.ROOT, "  Dice %-18s %.4f%n", names[label - 1], dice);
			assertTrue(dice >= 0.99, names[label - 1] + " Dice " + dice);
		}
		// through the segmenter: the masked path, said in its notes
		final Segmentation seg = new ClassicalSegmenter().segment(Volumes.wrapFloats(s, dims, g), null);
		assertTrue(seg.qc().get(0).startsWith("masked image"), seg.qc().get(0));
		assertTrue(java.util.Arrays.equals(found, Volumes.byteData(seg.labels())), "the segmenter's labels are the masked path's");
	}

	@Test
	@Tag("slow")
	void aPhantomDessIsNotMaskedUnlessMaskedByItsLabels() {
		final KneeModel model = new KneeModel(PhantomKnees.posed(AnatomyConfig.defaults(), 1, false));
		final PhantomImages.Images images = PhantomImages.generate(model, ImagingConfig.defaults().withSeed(1));
		final float[] dess = Volumes.floatValues(images.dess());
		final IntensityModel.LowBand low = IntensityModel.lowBand(dess);
		System.out.println("phantom DESS: " + low);
		assertFalse(low.masked(), low.toString());

		// a third of the grid zero-filled (as a reformat's corners) on an image with little air (the phantom's field is
		// tight) passes the rule; the masked path then finds no femur and tibia, and the image goes to the unmasked path
		// (which cannot segment this cut-off knee either, and says so in its own words)
		final float[] padded = dess.clone();
		final int[] dims = images.dess().dimensions();
		for (int k = 0; k < dims[2]; k++)
			for (int j = 0; j < dims[1] / 3; j++)
				java.util.Arrays.fill(padded, (k * dims[1] + j) * dims[0], (k * dims[1] + j + 1) * dims[0], 0f);
		final IntensityModel.LowBand zeroFilled = IntensityModel.lowBand(padded);
		System.out.println("phantom DESS, a third zero-filled: " + zeroFilled);
		assertTrue(zeroFilled.masked(), zeroFilled.toString());
		final Volume<?> paddedImage = Volumes.wrapFloats(padded, dims, images.dess().geometry());
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ClassicalSegmenter().segment(paddedImage, null));
		System.out.println("  " + e.getMessage());
		assertTrue(e.getMessage().startsWith("found no femur and tibia (two large regions of marrow-level"), "the unmasked path's error: " + e.getMessage());

		// masked by its labels: all but bone, lesion and cartilage set to one level
		final byte[] truth = Volumes.byteData(images.labels());
		final float[] masked = dess.clone();
		for (int i = 0; i < masked.length; i++)
			if (truth[i] == 0)
				masked[i] = 3;
		final IntensityModel.LowBand maskedLow = IntensityModel.lowBand(masked);
		System.out.println("phantom DESS masked by its labels: " + maskedLow);
		assertTrue(maskedLow.masked(), maskedLow.toString());
		final Volume<?> image = Volumes.wrapFloats(masked, dims, images.dess().geometry()).withMetadata(images.dess().metadata());
		final Segmentation seg = new ClassicalSegmenter().segment(image, null);
		seg.qc().forEach(q -> System.out.println("  " + q));
		final byte[] found = Volumes.byteData(seg.labels());
		final int[][] structures = { { 1, 7 }, { 2 }, { 3, 8 }, { 4 }, { 5, 9 }, { 6 } };
		final String[] names = { "femur", "femoral cartilage", "tibia", "tibial cartilage", "patella", "patellar cartilage" };
		for (int s = 0; s < structures.length; s++) {
			final double dice = Dice.of(truth, structures[s], found, new int[] { structures[s][0] });
			System.out.printf(Locale.ROOT, "  Dice %-19s %.4f%n", names[s], dice);
			assertTrue(dice >= (s % 2 == 0 ? 0.99 : 0.92), names[s] + " Dice " + dice);
		}
	}
}
