package org.chondroj.knee.nomenclature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.chondroj.phantom.PlateTruth;

import org.junit.jupiter.api.Test;

/** The nomenclature's keys, order and kinds, and the phantom's truth keys agreeing with them. */
class NomenclatureTest {

	@Test
	void regionsInOutputOrder() {
		assertEquals(List.of("MT", "LT", "cMF", "cLF", "pMF", "pLF", "TrF", "P", "MFTC", "LFTC", "ecMF", "ccMF", "icMF", "ecLF", "ccLF", "icLF", "cMT",
				"aMT", "pMT", "eMT", "iMT", "cLT", "aLT", "pLT", "eLT", "iLT"), Region.REPORTED.stream().map(Region::key).toList());
		assertEquals(Region.SUMMARY.subList(0, 8), Region.PLATES);
		for (final Region r : Region.values()) {
			assertEquals(r, Region.byId(r.id()));
			assertEquals(r, Region.byKey(r.key()));
			final int kinds = (r.isPlate() ? 1 : 0) + (r.isAggregate() ? 1 : 0) + (r.isSubregion() ? 1 : 0);
			assertEquals(r == Region.NONE ? 0 : 1, kinds, r.key());
			if (r.isSubregion())
				assertTrue(r.plate().isPlate() && r.plate().compartment() == r.compartment(), r.key());
		}
		assertEquals(List.of(Region.MT, Region.cMF), Region.MFTC.parts());
		assertEquals(List.of(Region.LT, Region.cLF), Region.LFTC.parts());
		assertNull(Region.byKey("CMF"), "keys are case-sensitive");
		assertFalse(Region.MFTC.isPlate());
	}

	@Test
	void metricsAndTheirUnits() {
		assertEquals(List.of("VC", "tAB", "cAB", "dAB", "AC", "ThCcAB", "ThCtAB", "ThCcAB_max", "ThCcAB_sd"),
				Arrays.stream(Metric.values()).map(Metric::key).toList());
		assertEquals(List.of("mm3", "mm2", "mm2", "%", "mm2", "mm", "mm", "mm", "mm"), Arrays.stream(Metric.values()).map(Metric::unit).toList());
		assertEquals(List.of("volume_mm3", "share_pct", "count", "largest_diameter_mm", "moaks_grade", "worms_grade"),
				Arrays.stream(LesionMetric.values()).map(LesionMetric::key).toList());
		for (final LesionMetric m : LesionMetric.values())
			assertEquals(m, LesionMetric.byKey(m.key()));
		for (final Compartment c : Compartment.values())
			assertEquals(c, Compartment.byKey(c.name()));
	}

	/** The MOAKS subregions in the OAI's keys and order; one key space with the compartments, none shared. */
	@Test
	void lesionRegions() {
		assertEquals(List.of("PM", "PL", "FMA", "FMC", "FMP", "FLA", "FLC", "FLP", "TMA", "TMC", "TMP", "TLA", "TLC", "TLP", "SS"),
				Arrays.stream(MoaksSubregion.values()).map(MoaksSubregion::key).toList());
		for (final MoaksSubregion s : MoaksSubregion.values()) {
			assertEquals(s, LesionRegion.byKey(s.key()));
			assertEquals(s, MoaksSubregion.byId(s.id()));
			assertNull(Compartment.byKey(s.key()), s.key());
			assertTrue(List.of("patella", "femur", "tibia").contains(s.bone()), s.key());
		}
		for (final Compartment c : Compartment.values())
			assertEquals(c, LesionRegion.byKey(c.key()));
		assertNull(LesionRegion.byKey("fmc"), "keys are case-sensitive");
	}

	/** The phantom writes truth.json with its own list of keys (it does not depend on the measurement): they must be these. */
	@Test
	void phantomTruthKeysAreTheMetrics() {
		assertEquals(Arrays.stream(Metric.values()).map(Metric::key).toList(), PlateTruth.KEYS);
	}
}
