package org.chondroj.knee.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.KneeAnalysis;
import org.chondroj.knee.KneeImages;
import org.chondroj.knee.report.Overlays;
import org.junit.jupiter.api.Test;

/**
 * The classical segmenter on the real GE DESS first echo of {@code ../shared/data} (a right knee, 512 × 512 × 80 at
 * 0.3125 × 0.3125 × 1.5 mm, no labels exist; skipped without {@code -Dchondroj.realdata}). On this echo the fat is
 * fully suppressed: marrow, fat, cortex and air are one dark level, so the bones come from the second, dark-marrow
 * pass of {@link BoneSegmentation}. What can be checked without labels: segmentation completes and says so in its
 * QC, the bones have anatomical volumes (femur and tibia within the 120 mm slab, a patella), the side comes out right,
 * and there is cartilage on every bone. The overlay is written to {@code target/ge-dess-overlay.png} for a person to
 * look at (the closing note of the segmentation issue describes it).
 */
class ClassicalSegmenterRealDataTest {

	@Test
	void geDessSegmentsAsARightKnee() throws IOException {
		final Path series = RealData.require("dicom/ge-knee-dess-echo1");
		final Segmentation s = KneeImages.segment(series, null, null, new ClassicalSegmenter());
		s.qc().forEach(System.out::println);
		assertTrue(s.qc().stream().anyMatch(q -> q.contains("marrow is as dark as air")), "the QC says the bones come from the dark-marrow pass");
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
		final KneeAnalysis.Result r = KneeAnalysis.analyze(s, "ge-dess", KneeAnalysis.Options.defaults());
		System.out.println("side " + r.report().side() + " (" + r.report().sideSource() + ")");
		assertEquals(Laterality.RIGHT, r.report().side(), "a right knee");
		final Path out = Path.of("target", "ge-dess-overlay.png");
		Files.createDirectories(out.getParent());
		ImageIO.write(Overlays.sagittal(s.image(), s.labels()), "png", out.toFile());
	}
}
