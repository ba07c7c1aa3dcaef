package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The frame and landmarks of real label maps (../shared/data; skipped without {@code -Dchondroj.realdata}): the 12
 * OAI-AKOA maps (Woo et al.; right knees) and the CLAIR-Knee-103R template (CartiMorph, Yao et al.; a right knee).
 * Without truth, the checks are the side (right, found from the anatomy: the maps carry no laterality) and plausible
 * anatomy: the notch's anterior end in front of the plates' centres and 25–60 mm in front of each condyle's posterior
 * end, the midline in the middle third between the plates, the notch's uncertainty under 2 mm. The landmarks of every
 * knee are printed.
 */
class RealDataAnatomyTest {

	@Test
	@Tag("slow")
	void oaiAkoaMaps() throws Exception {
		final Path folder = RealData.require("oai-akoa-labels");
		final List<Path> files;
		try (Stream<Path> s = Files.list(folder)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")).sorted().collect(Collectors.toList());
		}
		assertEquals(12, files.size());
		for (final Path file : files) {
			final KneeLabels labels = KneeLabels.read(file, LabelPresets.mapping("oai-akoa"));
			final KneeFrame frame = KneeFrame.estimate(labels);
			final KneeLandmarks lm = KneeLandmarks.locate(labels, frame);
			report(file.getFileName().toString(), frame, lm);
			assertEquals(Laterality.RIGHT, frame.side(), file + ": " + frame.sideEvidence().summary());
			assertEquals(SideEvidence.Source.ANATOMY, frame.sideEvidence().source());
			plausible(file.getFileName().toString(), frame, lm);
		}
	}

	@Test
	void clairTemplate() throws Exception {
		final Path file = RealData.require("clair-knee-template/CLAIR-Knee-103R_segmentation_64x128x128.nii.gz");
		final KneeLabels labels = KneeLabels.read(file, LabelPresets.mapping("clair"));
		assertEquals(List.of(KneeStructure.PATELLA, KneeStructure.PATELLAR_CARTILAGE, KneeStructure.FEMORAL_LESION, KneeStructure.TIBIAL_LESION,
				KneeStructure.PATELLAR_LESION), labels.missing());
		final KneeFrame frame = KneeFrame.estimate(labels);
		final KneeLandmarks lm = KneeLandmarks.locate(labels, frame);
		report("CLAIR-Knee-103R", frame, lm);
		assertEquals(Laterality.RIGHT, frame.side(), frame.sideEvidence().summary());
		// the template's own medial label (CartiMorph: 4 = medial tibial cartilage) is the plate the frame calls medial
		assertEquals("label 4", frame.medialPlate().source());
		assertEquals("label 5", frame.lateralPlate().source());
		assertTrue(frame.method().contains("patient axes"), frame.method());
		plausible("CLAIR", frame, lm);
	}

	private static void plausible(final String name, final KneeFrame frame, final KneeLandmarks lm) {
		final double med = frame.toKnee(frame.medialPlate().centroid())[0], lat = frame.toKnee(frame.lateralPlate().centroid())[0];
		assertTrue(Math.abs(lm.midline() - 0.5 * (med + lat)) < (lat - med) / 6, name + " midline " + lm.midline());
		assertTrue(lm.notchAnterior() > 0, name + " a_n " + lm.notchAnterior());
		for (final boolean medial : new boolean[] { true, false }) {
			final double length = lm.notchAnterior() - lm.condylePosterior(medial);
			assertTrue(length > 25 && length < 60, name + " a_n − a_p " + length);
		}
		assertTrue(lm.notchAnteriorUncertainty() < 2, name + " notch uncertainty " + lm.notchAnteriorUncertainty());
	}

	private static void report(final String name, final KneeFrame frame, final KneeLandmarks lm) {
		final StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %s%n  side %s%n  %s; plateau plane turned %.2f° to the joint line%n"
				+ "  medial plate %s%n  lateral plate %s%n  %s%n", name, frame, frame.sideEvidence().summary(), frame.method(),
				frame.jointLineTurnDegrees(), frame.medialPlate(), frame.lateralPlate(), lm));
		for (final Map.Entry<String, double[]> e : lm.knee().entrySet()) {
			final double[] k = e.getValue(), p = lm.patient(e.getKey());
			b.append(String.format(Locale.ROOT, "  %-32s knee (%7.2f, %7.2f, %7.2f) mm   LPS (%7.2f, %7.2f, %7.2f) mm%n", e.getKey(), k[0], k[1], k[2],
					p[0], p[1], p[2]));
		}
		System.out.print(b);
	}
}
