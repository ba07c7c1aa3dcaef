package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.report.Overlays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classical segmenter on the real GE DESS first echo of {@code ../shared/data} (a right knee, 512 × 512 × 80 at
 * 0.3125 × 0.3125 × 1.5 mm, no labels exist; skipped without {@code -Dchondroj.realdata}). On this echo the fat is
 * fully suppressed: marrow, fat, cortex and air are one dark level, so the bones come from the second, dark-marrow
 * pass of {@link BoneSegmentation}. What can be checked without labels: segmentation completes and says so in its
 * QC, the bones have anatomical volumes (femur and tibia within the 120 mm slab, a patella), the side comes out right,
 * and there is cartilage on every bone. The overlay is written to {@code target/ge-dess-overlay.png} for a person to
 * look at (the closing note of the segmentation issue describes it).
 * <p>
 * And on the CLAIR-Knee-103R template (CartiMorph, Yao et al.; the mean of 103 OAI DESS knees, a right knee, 64 × 128
 * × 128 at 1.4 × 0.729 × 0.729 mm), a masked image: everything but bone and cartilage is one low level. Its own
 * segmentation is the truth: Dice per structure (guards below the values measured, 1 − Dice at most about twice the
 * measured: femur 0.978, tibia 0.962, femoral cartilage 0.986, tibial cartilage 0.950) and the side the analysis finds,
 * against that of its label map.
 */
class ClassicalSegmenterRealDataTest {

	@Test
	@Tag("slow")
	void geDessSegmentsAsARightKnee() throws IOException {
		final Path series = RealData.require("dicom/ge-knee-dess-echo1");
		final Segmentation s = new ClassicalSegmenter().segment(DicomVolumes.read(DicomScanner.scan(series).allSeries().get(0)), null);
		s.qc().forEach(System.out::println);
		assertTrue(s.qc().stream().anyMatch(q -> q.contains("marrow is as dark as air")), "the QC says the bones come from the dark-marrow pass");
		final IntensityModel.LowBand low = IntensityModel.lowBand(Volumes.floatValues(s.image()));
		System.out.println("lowest level: " + low);
		assertFalse(low.masked(), "the noisy air of a real DESS is no masked background: " + low);
		final byte[] l = Volumes.byteData(s.labels());
		final double voxel = s.labels().geometry().voxelVolume() / 1000;
		final double[] cm3 = new double[10];
		for (final byte b : l)
			cm3[b] += voxel;
		System.out.printf(Locale.ROOT, "GE DESS: femur %.1f, tibia %.1f, patella %.1f cm³; cartilage femoral %.1f, tibial %.1f, patellar %.1f cm³%n", cm3[1],
				cm3[3], cm3[5], cm3[2], cm3[4], cm3[6]);
		// distal femur and proximal tibia within the 120 mm field, an adult patella (bounds from the volumes seen: 197, 120, 21 cm³)
		assertTrue(cm3[1] > 120 && cm3[1] < 300, "femur " + cm3[1] + " cm³");
		assertTrue(cm3[3] > 70 && cm3[3] < 200, "tibia " + cm3[3] + " cm³");
		assertTrue(cm3[5] > 10 && cm3[5] < 35, "patella " + cm3[5] + " cm³");
		for (final int cartilage : new int[] { 2, 4, 6 })
			assertTrue(cm3[cartilage] > 1, "cartilage label " + cartilage + ": " + cm3[cartilage] + " cm³");
		final KneeMeasurement.Result r = KneeMeasurement.measure(s, "ge-dess", KneeMeasurement.Options.defaults());
		System.out.println("side " + r.report().side() + " (" + r.report().sideSource() + ")");
		assertEquals(Laterality.RIGHT, r.report().side(), "a right knee");
		final Path out = Path.of("target", "ge-dess-overlay.png");
		Files.createDirectories(out.getParent());
		ImageIO.write(Overlays.sagittal(s.image(), s.labels()), "png", out.toFile());
	}

	@Test
	void clairTemplateSegmentsAsAMaskedImage() throws IOException {
		final Path template = RealData.require("clair-knee-template/CLAIR-Knee-103R_template_64x128x128.nii.gz");
		final Path truthFile = RealData.require("clair-knee-template/CLAIR-Knee-103R_segmentation_64x128x128.nii.gz");
		final long t0 = System.nanoTime();
		final Segmentation s = new ClassicalSegmenter().segment(VolumeFiles.read(template), null);
		final double seconds = (System.nanoTime() - t0) * 1e-9;
		s.qc().forEach(System.out::println);
		assertTrue(s.qc().stream().anyMatch(q -> q.startsWith("masked image")), "the QC says the image was taken as masked");
		assertTrue(s.parameters().containsKey("masked_band"), "the masked path's parameters are recorded");
		final Volume<?> truthVolume = VolumeFiles.read(truthFile);
		assertTrue(truthVolume.geometry().approximatelyEquals(s.labels().geometry(), 1e-6), "one grid");
		final float[] tv = Volumes.floatValues(truthVolume);
		final byte[] truth = new byte[tv.length];
		for (int i = 0; i < tv.length; i++)
			truth[i] = (byte) Math.round(tv[i]);
		final byte[] found = Volumes.byteData(s.labels());
		final String[] names = { "femur", "tibia", "femoral cartilage", "tibial cartilage" };
		final int[][] truthValues = { { 1 }, { 3 }, { 2 }, { 4, 5 } }, foundValues = { { 1 }, { 3 }, { 2 }, { 4 } };
		final double[] guards = { 0.95, 0.94, 0.97, 0.92 };
		final StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "CLAIR-Knee-103R: segmented in %.1f s%n", seconds));
		final double[] dice = new double[names.length];
		for (int k = 0; k < names.length; k++) {
			dice[k] = Dice.of(truth, truthValues[k], found, foundValues[k]);
			table.append(String.format(Locale.ROOT, "  Dice %-18s %.4f%n", names[k], dice[k]));
		}
		final long patella = Masks.count(Masks.equal(found, BoneSegmentation.PATELLA)) + Masks.count(Masks.equal(found, CartilageSegmentation.PATELLAR));
		table.append("  patella and patellar cartilage voxels (the template has none): ").append(patella).append('\n');
		// measurable: the analysis of the segmentation finds the side the analysis of the template's own labels finds
		final KneeMeasurement.Result measured = KneeMeasurement.measure(s, "clair", KneeMeasurement.Options.defaults());
		final KneeMeasurement.Result reference = KneeMeasurement.measure(KneeLabels.read(truthFile, LabelPresets.mapping("clair")), "clair-labels",
				KneeMeasurement.Options.defaults());
		table.append(String.format(Locale.ROOT, "  side %s (%s); from the template's labels %s%n", measured.report().side(),
				measured.report().sideSource(), reference.report().side()));
		for (final Region plate : Region.PLATES.subList(0, 7))
			table.append(String.format(Locale.ROOT, "  %-4s ThCtAB %.3f mm, VC %.0f mm³; from the labels %.3f mm, %.0f mm³%n", plate,
					measured.report().value(plate, Metric.ThCtAB), measured.report().value(plate, Metric.VC), reference.report().value(plate, Metric.ThCtAB),
					reference.report().value(plate, Metric.VC)));
		System.out.print(table);
		for (int k = 0; k < names.length; k++)
			assertTrue(dice[k] >= guards[k], String.format(Locale.ROOT, "%s Dice %.4f < %.2f", names[k], dice[k], guards[k]));
		assertEquals(0, patella, "no patella on the template");
		assertEquals(Laterality.RIGHT, reference.report().side(), "the template's labels: a right knee (103R)");
		assertEquals(reference.report().side(), measured.report().side(), "the side found from the segmentation");
		final Path out = Path.of("target", "clair-template-overlay.png");
		Files.createDirectories(out.getParent());
		ImageIO.write(Overlays.sagittal(s.image(), s.labels()), "png", out.toFile());
	}
}
