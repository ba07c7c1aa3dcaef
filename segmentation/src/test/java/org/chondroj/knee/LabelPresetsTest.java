package org.chondroj.knee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelPresetsTest {

	/** The numbering of DESIGN.md and of the OAI-AKOA data (../shared/data/README.md). */
	@Test
	void oaiAkoaNumbering() {
		final String[] expected = { null, "femur", "femoral cartilage", "tibia", "tibial cartilage", "patella", "patellar cartilage",
				"femoral bone-marrow lesion", "tibial bone-marrow lesion", "patellar bone-marrow lesion" };
		for (int v = 1; v < expected.length; v++)
			assertEquals(expected[v], LabelPresets.byName("OAI-AKOA").name(v));
		assertEquals(9, LabelPresets.OAI_AKOA.asMap().size());
		assertEquals(4, LabelPresets.byName("oai-zib").asMap().size());
		assertEquals(-1, LabelPresets.OAI_ZIB.value(LabelPresets.PATELLA));
	}

	@Test
	void unknownPresetNamesTheKnownOnes() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelPresets.byName("nnunet"));
		assertTrue(e.getMessage().contains("oai-akoa") && e.getMessage().contains("oai-zib"), e.getMessage());
	}
}
