package org.chondroj.knee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelPresetsTest {

	/** The numbering of docs/DESIGN.md and of the OAI-AKOA data (../shared/data/README.md). */
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
		assertTrue(e.getMessage().contains("oai-akoa") && e.getMessage().contains("oai-zib") && e.getMessage().contains("clair"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> LabelPresets.mapping("nnunet"));
	}

	/** CLAIR: 1 femur, 2 femoral cartilage, 3 tibia, 4 medial and 5 lateral tibial cartilage (CartiMorph's constructAtlas.m). */
	@Test
	void clair() {
		assertEquals("medial tibial cartilage", LabelPresets.byName("clair").name(4));
		assertEquals("lateral tibial cartilage", LabelPresets.byName("CLAIR").name(5));
		final LabelMapping m = LabelPresets.mapping("clair");
		assertArrayEquals(new int[] { 4, 5 }, m.values(KneeStructure.TIBIAL_CARTILAGE));
		assertFalse(m.names(KneeStructure.PATELLA));
		assertEquals("femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4+5", m.toText());
	}

	/** The mappings of the presets agree with their label tables. */
	@Test
	void mappingsMatchTables() {
		for (final String name : LabelPresets.names()) {
			final LabelMapping m = LabelPresets.mapping(name);
			for (final int v : LabelPresets.byName(name).asMap().keySet())
				assertTrue(m.structureOf(v) != null, name + " value " + v);
		}
		assertEquals(KneeStructure.PATELLAR_LESION, LabelPresets.mapping("oai-akoa").structureOf(9));
		assertEquals(null, LabelPresets.mapping("oai-zib").structureOf(5));
	}

	/** The command line's choice: a preset, mapping text, or oai-akoa by default; not both. */
	@Test
	void resolve() {
		assertEquals(LabelPresets.mapping("oai-akoa"), LabelPresets.resolve(null, null));
		assertEquals(LabelPresets.mapping("oai-zib"), LabelPresets.resolve("oai-zib", null));
		assertEquals(LabelPresets.mapping("clair"), LabelPresets.resolve(null, "femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4+5"));
		assertThrows(IllegalArgumentException.class, () -> LabelPresets.resolve("oai-zib", "femur=1"));
	}
}
