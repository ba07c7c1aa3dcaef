package org.chondroj.knee.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.Json;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomTruth;
import org.chondroj.phantom.PlateTruth;
import org.chondroj.phantom.TrueChange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

	/** A report holding a phantom truth's values, as a perfect measurement would give. */
	private static ScanReport report(final String name, final PhantomTruth truth) {
		final ScanReport.Builder b = ScanReport.builder(name).side(truth.side(), "phantom").provenance("labels", name + ".nii.gz");
		for (final Map.Entry<String, PlateTruth> e : truth.plates().entrySet())
			for (final String k : PlateTruth.KEYS)
				b.region(Region.byKey(e.getKey()), Metric.byKey(k), e.getValue().get(k));
		for (final Map.Entry<String, PhantomTruth.LesionTruth> e : truth.lesions().entrySet())
			b.lesion(Compartment.byKey(e.getKey()), LesionMetric.VOLUME, e.getValue().volume()).lesion(Compartment.byKey(e.getKey()), LesionMetric.SHARE,
					e.getValue().share());
		return b.build();
	}

	/**
	 * Two independent implementations of one change: comparing the phantom's baseline and follow-up truths gives, for
	 * every region and metric, the baseline, follow-up, change and percent change of the phantom's true_change.json
	 * (to 1e-12 relative: the same numbers, subtracted twice).
	 */
	@Test
	void agreesWithThePhantomsTrueChange(@TempDir final Path dir) throws IOException {
		final PhantomSetup setup = PhantomSetup.defaults();
		final PhantomTruth a = PhantomTruth.of(setup.baseline(3)), b = PhantomTruth.of(setup.followUp(3));
		final Comparison c = Comparison.of(report("base", a), report("follow", b), Comparison.Options.defaults());
		TrueChange.write(a, b, setup.change(), dir.resolve("true_change.json"));
		final JsonNode truth = Json.read(dir.resolve("true_change.json")).get("plates");
		int checked = 0;
		for (final Comparison.Change ch : c.cartilage()) {
			final JsonNode t = truth.get(ch.regionKey()).get(ch.metricKey());
			assertEquals(t.get("baseline").doubleValue(), ch.baseline(), 0);
			assertEquals(t.get("followup").doubleValue(), ch.followUp(), 0);
			assertEquals(t.get("change").doubleValue(), ch.change(), 1e-12 * Math.max(1, Math.abs(ch.baseline())));
			if (!t.get("change_pct").isNull())
				assertEquals(t.get("change_pct").doubleValue(), ch.changePct(), 1e-9);
			checked++;
		}
		assertEquals(truth.size() * PlateTruth.KEYS.size(), checked);
		// the default change thins MT by 0.1 mm everywhere: beyond the SDC of a 1.9 mm plate? (3 % · 2.77 ≈ 0.16 mm: no)
		final Comparison.Change mt = c.change(Region.MT, Metric.ThCcAB);
		assertEquals(-0.1, mt.change(), 1e-9);
		assertFalse(mt.exceedsSdc(), "0.1 mm is within the plate's SDC of " + mt.sdc());
		assertTrue(c.change(Region.cLF, Metric.cAB).change() < -14.9);
		assertTrue(c.change(Compartment.MF, LesionMetric.VOLUME).exceedsSdc(), "lesion growth by half exceeds its SDC");
		ComparisonFiles.write(c, dir.resolve("cmp"));
		final List<String> csv = Files.readAllLines(dir.resolve("cmp").resolve("measurements.csv"));
		assertEquals("scan,region,metric,baseline,followup,change,change_pct,exceeds_sdc,unit", csv.get(0));
		assertTrue(csv.stream().anyMatch(l -> l.startsWith("base vs follow,MT,ThCcAB,") && l.endsWith(",false,mm")), csv.get(6));
		final JsonNode json = Json.read(dir.resolve("cmp").resolve("results.json"));
		assertEquals(ComparisonFiles.SCHEMA, json.get("schema").textValue());
		assertEquals(c.orderedValues().thinning(), json.requiredAt("/ordered_values/thinning_score").doubleValue(), 0);
		// provenance: each visit's own, and the version that compared them
		final JsonNode provenance = json.get("provenance");
		assertEquals(KneeMeasurement.VERSION, provenance.get("chondroj_version").textValue());
		assertEquals(BooleanNode.FALSE, provenance.get("forced"));
		assertEquals("base.nii.gz", provenance.requiredAt("/baseline/labels").textValue());
		assertEquals("follow.nii.gz", provenance.requiredAt("/followup/labels").textValue());
	}

	@Test
	void orderedValuesRankIndependentOfLocation() {
		final Map<Region, Double> ch = new LinkedHashMap<>();
		final double[] medial = { -0.30, 0.05, -0.02, 0.12, -0.10, 0.0, -0.04, 0.20 };
		final double[] lateral = { 0.01, -0.06, 0.03, -0.15, 0.09, 0.02, -0.01, 0.04 };
		for (int i = 0; i < 8; i++) {
			ch.put(OrderedValues.MEDIAL.get(i), medial[i]);
			ch.put(OrderedValues.LATERAL.get(i), lateral[i]);
		}
		ch.put(Region.MT, -5.0); // plates are not subregions: ignored
		final OrderedValues ov = OrderedValues.of(ch, 0);
		assertEquals(16, ov.all().length);
		assertEquals(-0.30, ov.all()[0]);
		assertEquals(0.20, ov.all()[15]);
		assertArrayEquals(new double[] { -0.30, -0.10, -0.04, -0.02, 0.0, 0.05, 0.12, 0.20 }, ov.medial());
		assertEquals(-0.30 - 0.02 - 0.10 - 0.04 - 0.06 - 0.15 - 0.01, ov.thinning(), 1e-12);
		assertEquals(0.05 + 0.12 + 0.20 + 0.01 + 0.03 + 0.09 + 0.02 + 0.04, ov.thickening(), 1e-12);
		final OrderedValues t = OrderedValues.of(ch, 0.05);
		assertEquals(-0.30 - 0.10 - 0.06 - 0.15, t.thinning(), 1e-12);
		assertEquals(0.12 + 0.20 + 0.09, t.thickening(), 1e-12);
	}

	@Test
	void refusesDifferentKneesUnlessForced() {
		final ScanReport right = ScanReport.builder("r").side(Laterality.RIGHT, "metadata").region(Region.MT, Metric.VC, 1).provenance("subject", "A").build();
		final ScanReport left = ScanReport.builder("l").side(Laterality.LEFT, "metadata").region(Region.MT, Metric.VC, 2).provenance("subject", "A").build();
		final ScanReport other = ScanReport.builder("o").side(Laterality.RIGHT, "metadata").region(Region.MT, Metric.VC, 2).provenance("subject", "B").build();
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Comparison.of(right, left, Comparison.Options.defaults())).getMessage()
				.contains("the baseline r is a right knee and the follow-up l a left knee"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Comparison.of(right, other, Comparison.Options.defaults())).getMessage()
				.contains("different subjects"));
		assertEquals(1, Comparison.of(right, left, Comparison.Options.defaults().forced()).change(Region.MT, Metric.VC).change());
	}

	@Test
	void smallestDetectableChange() {
		final Precision p = Precision.defaults();
		assertEquals(1.96 * Math.sqrt(2) * 0.03 * 2, p.sdc(Region.MT, Metric.ThCtAB, 2), 1e-12);
		assertEquals(1.5 * p.sdc(Region.MT, Metric.ThCtAB, 2), p.sdc(Region.cMT, Metric.ThCtAB, 2), 1e-12);
		assertEquals(1.5 * p.sdc(Region.cMF, Metric.ThCtAB, 2), p.sdc(Region.ccMF, Metric.ThCtAB, 2), 1e-12);
		assertEquals(p.sdc(Region.MT, Metric.ThCtAB, 2), p.sdc(Region.MFTC, Metric.ThCtAB, 2), 1e-12, "aggregates are plates");
		assertEquals(1.96 * Math.sqrt(2) * 50, p.sdc(Compartment.MF, LesionMetric.VOLUME, 100), 1e-9, "absolute floor");
		assertEquals(1.96 * Math.sqrt(2) * 0.15 * 1000, p.sdc(Compartment.MF, LesionMetric.VOLUME, 1000), 1e-9);
		assertEquals(0.5, p.sdc(Compartment.MF, LesionMetric.MOAKS_GRADE, 1), 1e-12, "a whole grade step exceeds it");
		assertEquals(1.96 * Math.sqrt(2) * 0.1, p.with(Metric.ThCtAB, Double.NaN, 0.1).sdc(Region.MT, Metric.ThCtAB, 2), 1e-12);
		assertEquals(366 / 365.25, Comparison.years("20200106", "20210106"), 1e-12, "2020 is a leap year");
		assertTrue(Double.isNaN(Comparison.years("2020", "20210106")));
	}

	/**
	 * A grade step counts as a change beyond the SDC only where the region's lesion volume changed beyond its own SDC:
	 * a lesion that grew by a few voxels into a neighbouring MOAKS subregion (FMC 0 → 7 mm³, grade 0 → 1, as in the
	 * demo) is no finding; a subregion whose lesion grew by 1200 mm³ and went from grade 1 to 2 is.
	 */
	@Test
	void gradeStepsNeedAVolumeChange() {
		final ScanReport a = ScanReport.builder("a").lesion(MoaksSubregion.FMC, LesionMetric.VOLUME, 0).lesion(MoaksSubregion.FMC, LesionMetric.MOAKS_GRADE, 0)
				.lesion(MoaksSubregion.FMP, LesionMetric.VOLUME, 300).lesion(MoaksSubregion.FMP, LesionMetric.MOAKS_GRADE, 1).build();
		final ScanReport b = ScanReport.builder("b").lesion(MoaksSubregion.FMC, LesionMetric.VOLUME, 7).lesion(MoaksSubregion.FMC, LesionMetric.MOAKS_GRADE, 1)
				.lesion(MoaksSubregion.FMP, LesionMetric.VOLUME, 1500).lesion(MoaksSubregion.FMP, LesionMetric.MOAKS_GRADE, 2).build();
		final Comparison c = Comparison.of(a, b, Comparison.Options.defaults());
		assertFalse(c.change(MoaksSubregion.FMC, LesionMetric.MOAKS_GRADE).exceedsSdc(), "7 mm³ is within the volume's SDC");
		assertFalse(c.change(MoaksSubregion.FMC, LesionMetric.VOLUME).exceedsSdc());
		assertTrue(c.change(MoaksSubregion.FMP, LesionMetric.MOAKS_GRADE).exceedsSdc(), "1200 mm³ is not");
		assertTrue(c.change(MoaksSubregion.FMP, LesionMetric.VOLUME).exceedsSdc());
	}
}
