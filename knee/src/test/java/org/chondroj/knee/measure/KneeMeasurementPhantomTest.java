package org.chondroj.knee.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.phantom.PhantomTruth;
import org.chondroj.phantom.PlateTruth;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole measurement of a phantom knee from its label map on the OAI DESS grid (0.3646 × 0.3646 × 0.7 mm, the knee
 * posed obliquely), with the measured frame, landmarks and regions, against the phantom's truth (an independent
 * implementation of the same definitions on its analytic model). The measurement issue asked for every plate's ThCcAB
 * and ThCtAB within 0.05 mm, VC, tAB and cAB within 3 %, the lesion volume within 5 %; they are held at about twice
 * the errors measured (see each test).
 */
class KneeMeasurementPhantomTest {

	static KneeModel model;
	static PhantomTruth truth;
	static ScanReport report;

	@BeforeAll
	static void analyse() {
		model = PhantomKnees.standard(Laterality.RIGHT, 1);
		truth = PhantomTruth.of(model);
		final Volume<UnsignedByteType> labels = PhantomImages.dessLabels(model, ImagingConfig.defaults());
		final long t0 = System.nanoTime();
		report = KneeMeasurement.measure(KneeLabels.of(labels, LabelPresets.mapping("oai-akoa")), "phantom", KneeMeasurement.Options.defaults()).report();
		System.out.printf(Locale.ROOT, "phantom knee analysed in %.2f s%n", (System.nanoTime() - t0) * 1e-9);
		System.out.println("region  ThCcAB err  ThCtAB err   VC %    tAB %   cAB %   AC %");
		for (final Region region : Region.REPORTED) {
			final PlateTruth t = truth.plates().get(region.key());
			if (t == null || !report.regions().containsKey(region))
				continue;
			System.out.printf(Locale.ROOT, "%-6s %+10.3f %+10.3f %+7.2f %+7.2f %+7.2f %+7.2f%n", region, report.value(region, Metric.ThCcAB) - t.thCcAB(),
					report.value(region, Metric.ThCtAB) - t.thCtAB(), pct(report.value(region, Metric.VC), t.vc()), pct(report.value(region, Metric.tAB), t.tAB()),
					pct(report.value(region, Metric.cAB), t.cAB()), pct(report.value(region, Metric.AC), t.ac()));
		}
		System.out.println("lesions: " + report.lesions() + "; MF truth " + truth.lesions().get("MF").volume() + " mm³");
		for (final String q : report.qc())
			System.out.println("qc: " + q);
	}

	private static double pct(final double measured, final double truth) {
		return 100 * (measured - truth) / truth;
	}

	@Test
	void sideFromAnatomy() {
		assertEquals(Laterality.RIGHT, report.side());
	}

	/**
	 * Every plate and MFTC/LFTC: ThCcAB and ThCtAB within 0.03 mm (measured: at most 0.013 mm, TrF), VC, tAB and cAB
	 * within 1 % (measured: at most 0.52 %, MT tAB and cAB); the 0.05 mm and 3 % were four to six times that.
	 */
	@Test
	void everyPlateWithinTwiceTheMeasuredError() {
		final List<String> failures = new ArrayList<>();
		for (final Region plate : Region.SUMMARY) {
			final PlateTruth t = truth.plates().get(plate.key());
			check(failures, plate, "ThCcAB", report.value(plate, Metric.ThCcAB) - t.thCcAB(), 0.03);
			check(failures, plate, "ThCtAB", report.value(plate, Metric.ThCtAB) - t.thCtAB(), 0.03);
			check(failures, plate, "VC %", pct(report.value(plate, Metric.VC), t.vc()), 1);
			check(failures, plate, "tAB %", pct(report.value(plate, Metric.tAB), t.tAB()), 1);
			check(failures, plate, "cAB %", pct(report.value(plate, Metric.cAB), t.cAB()), 1);
		}
		assertTrue(failures.isEmpty(), String.join("\n", failures));
	}

	private static void check(final List<String> failures, final Region plate, final String what, final double error, final double tolerance) {
		if (!(Math.abs(error) <= tolerance))
			failures.add(String.format(Locale.ROOT, "%s %s: error %.4f beyond %.3f", plate, what, error, tolerance));
	}

	/**
	 * The phantom's one lesion (under the medial femoral condyle): volume within 1 % (measured 301.2 mm³ against 302.7:
	 * −0.5 %; the issue asked for 5 %), one lesion, none elsewhere.
	 */
	@Test
	void lesionVolume() {
		final double v = report.lesionValue(Compartment.MF, LesionMetric.VOLUME), t = truth.lesions().get("MF").volume();
		assertEquals(t, v, 0.01 * t, "MF lesion volume");
		assertEquals(1, report.lesionValue(Compartment.MF, LesionMetric.COUNT));
		for (final Compartment c : List.of(Compartment.LF, Compartment.MT, Compartment.LT, Compartment.TrF, Compartment.P))
			assertEquals(0, report.lesionValue(c, LesionMetric.VOLUME), 0, c.name());
	}
}
