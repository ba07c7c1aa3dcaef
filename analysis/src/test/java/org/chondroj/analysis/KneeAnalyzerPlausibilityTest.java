package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.junit.jupiter.api.Test;

/**
 * A label map read with the wrong numbering is refused before it is measured, by every way into the facade, saying
 * what is impossible and which preset fits: the phantom's map (ChondroJ's own numbering, oai-akoa) read as CLAIR
 * (whose tibial cartilage, labels 4 and 5, then takes in the patella) or with femur and tibia swapped. Read right, it
 * is measured.
 */
class KneeAnalyzerPlausibilityTest {

	private static final Volume<?> MAP = PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 3), ImagingConfig.defaults());

	@Test
	void wrongPresetIsRefusedWithTheOneThatFits() {
		final KneeAnalyzer clair = KneeAnalyzer.builder().labelMapping(LabelPresets.mapping("clair")).build();
		final String m = assertThrows(IllegalArgumentException.class, () -> clair.analyzeLabelMap(MAP, null, "knee 3")).getMessage();
		assertTrue(m.matches("knee 3: with the label numbering \"clair\", the tibial cartilage would be \\d+ mm³, more than a knee's can be "
				+ "\\(at most about 15000 mm³\\): not a knee's structures; the label presets \"oai-akoa\" or \"oai-zib\" fit it"), m);
		final String measured = assertThrows(IllegalArgumentException.class,
				() -> clair.measure(org.chondroj.knee.KneeLabels.of(MAP, LabelPresets.mapping("clair")), "knee 3")).getMessage();
		assertEquals(m, measured, "the same through measure()");
	}

	@Test
	void swappedBonesAreRefused() {
		final KneeAnalyzer swapped = KneeAnalyzer.builder()
				.labelMapping(LabelMapping.parse("femur=3,femoral_cartilage=2,tibia=1,tibial_cartilage=4,patella=5,patellar_cartilage=6")).build();
		final String m = assertThrows(IllegalArgumentException.class, () -> swapped.analyzeLabelMap(MAP, null, "knee 3")).getMessage();
		assertTrue(m.contains("the femur would lie below the tibia: not a knee's structures; the label preset") && m.contains("\"oai-akoa\""), m);
	}

	@Test
	void rightPresetIsMeasured() {
		assertTrue(KneeAnalyzer.create().analyzeLabelMap(MAP, null, "knee 3").report().value(org.chondroj.knee.nomenclature.Region.MT,
				org.chondroj.knee.nomenclature.Metric.VC) > 0);
	}
}
