package org.chondroj.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.KnownChange;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

	private static ScanReport scan(final String name, final double mt) {
		return ScanReport.builder(name).side(Laterality.RIGHT, "metadata").region(Region.MT, Metric.ThCtAB, mt).region(Region.MT, Metric.VC, 1500 * mt)
				.region(Region.cMF, Metric.ThCtAB, 2.0).region(Region.cMT, Metric.ThCtAB, mt + 0.1).lesion(Compartment.MF, LesionMetric.VOLUME, 300).lesion(Compartment.MF, LesionMetric.MOAKS_GRADE, 1)
				.qc("cMF <covered> & checked").provenance("labels", "/data/a.nii.gz").provenance("study_date", name.equals("a") ? "20200106" : "20210111")
				.build();
	}

	/** Self-contained (images inline, no external reference), escaped, with the values and the SDC marks. */
	@Test
	void scanAndComparisonReports(@TempDir final Path dir) throws IOException {
		final BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
		HtmlReport.write(scan("a", 1.5), Map.of("MT thickness", img), dir.resolve("scan.html"));
		final String s = Files.readString(dir.resolve("scan.html"));
		assertTrue(s.startsWith("<!DOCTYPE html>"));
		assertTrue(s.contains("<td>MT</td><td>1.500</td>"), s);
		assertTrue(s.contains("cMF &lt;covered&gt; &amp; checked"));
		assertTrue(s.contains("src=\"data:image/png;base64,"));
		assertFalse(s.contains("http://") || s.contains("https://") || s.contains("<script"), "no network, no scripts");
		final Comparison c = Comparison.of(scan("a", 1.5), scan("b", 1.2), Comparison.Options.defaults());
		HtmlReport.write(c, Map.of(), dir.resolve("cmp.html"));
		final String t = Files.readString(dir.resolve("cmp.html"));
		assertTrue(t.contains("<td class=\"sdc\">-0.300*</td>"), "a 0.3 mm loss in MT exceeds the SDC: " + t);
		assertTrue(t.contains("1.02 years"), t); // 371 days
		assertTrue(t.contains("study date 2021-01-11"), t);
		assertTrue(t.contains("Total thinning score <b>-0.300 mm</b>"), t);
		assertTrue(t.contains("CV 3.0 % of the baseline value"), "the precision behind the SDC is stated");
		assertTrue(t.contains("No lesions at either visit") || t.contains("<td>MF</td><td>300</td><td>300</td>"), t);
		assertFalse(t.contains("http://") || t.contains("https://") || t.contains("<script"), "no network, no scripts");
	}

	/**
	 * Quality-control flags stand in a box above the tables, code, subject and message escaped, in the scan's report and,
	 * marked with the visit, in the comparison's; a report without flags says so in one line.
	 */
	@Test
	void flagsComeFirst(@TempDir final Path dir) throws IOException {
		HtmlReport.write(scan("a", 1.5), Map.of(), dir.resolve("a.html"));
		final String a = Files.readString(dir.resolve("a.html"));
		assertTrue(a.contains("No quality-control flags") && !a.contains("class=\"flags\""), a);
		final ScanReport flagged = ScanReport.builder(scan("b", 1.2)).flag(new QcFlag(QcFlag.Kind.CARTILAGE_FRAGMENTED, "tibial_cartilage", "40 pieces <here>"))
				.build();
		HtmlReport.write(flagged, Map.of(), dir.resolve("b.html"));
		final String b = Files.readString(dir.resolve("b.html"));
		final String item = "<li><code>cartilage_fragmented</code> <b>tibial_cartilage</b>: 40 pieces &lt;here&gt;</li>";
		assertTrue(b.contains("<div class=\"flags\"><b>Check before use: 1 quality-control flag</b><ul>" + item), b);
		assertTrue(b.indexOf("class=\"flags\"") < b.indexOf("<h2>Cartilage, plates</h2>"), "the flags come before the tables");
		HtmlReport.write(Comparison.of(scan("a", 1.5), flagged, Comparison.Options.defaults()), Map.of(), dir.resolve("c.html"));
		final String c = Files.readString(dir.resolve("c.html"));
		assertTrue(c.contains("<li><code>cartilage_fragmented</code> <b>follow-up tibial_cartilage</b>: 40 pieces &lt;here&gt;</li>"), c);
		assertTrue(c.indexOf("class=\"flags\"") < c.indexOf("<h2>Cartilage thickness and volume, plates</h2>"), c);
	}

	/**
	 * The comparison's summary: in words and as a marked table, the changes beyond the SDC, largest first relative to
	 * the SDC, before the full tables; a known change beside the measured one (and a near-zero one as +0.000, never
	 * −0.000); the side in a few words; units as mm³; or, when nothing exceeds the SDC, a sentence that says so.
	 */
	@Test
	void summaryPutsTheFindingsFirst(@TempDir final Path dir) throws IOException {
		final ScanReport b = ScanReport.builder(scan("b", 1.2)).lesion(Compartment.MF, LesionMetric.VOLUME, 700).build();
		final Comparison c = Comparison.of(scan("a", 1.5), b, Comparison.Options.defaults());
		final KnownChange known = new KnownChange("the design", Map.of(Region.MT, -0.25, Region.cMF, -1e-5), Map.of(Compartment.MF, 380.0));
		HtmlReport.write(c, Map.of(), Map.of(), known, dir.resolve("cmp.html"));
		final String t = Files.readString(dir.resolve("cmp.html"));
		final int summary = t.indexOf("<h2>Summary</h2>"), plates = t.indexOf("<h2>Cartilage thickness and volume, plates</h2>");
		assertTrue(summary > 0 && summary < plates, "the summary comes before the tables");
		final String top = t.substring(summary, plates);
		// MF lesion +400 mm³ (SDC 1.96·√2·max(0.15·300, 50) = 138.6: 2.9 × the SDC) before MT −0.300 mm (SDC 0.127: 2.4 ×)
		assertTrue(top.contains("MF bone-marrow lesion volume grew by 400 mm³ (+133.3 %); MT cartilage thinned by 0.300 mm (-20.0 %)"), top);
		assertTrue(top.indexOf("<td>MF</td>") < top.indexOf("<td>MT</td><td class=\"text\">cartilage thickness, ThCtAB (mm)</td>"), top);
		assertTrue(top.contains("<td class=\"sdc\">-0.300*</td><td>-0.250</td>"), "the known change beside the measured: " + top);
		assertTrue(top.contains("<td class=\"sdc\">+400*</td><td>+380</td>"), top);
		assertTrue(top.contains("The known change (the design) is shown beside the measured one."), top);
		assertTrue(t.contains("<td>cMF</td><td>2.000</td><td>2.000</td><td>+0.000</td><td>+0.000</td>"), "no -0.000: " + t);
		assertTrue(t.contains("<b>right, from the image's metadata</b>"), t);
		assertFalse(t.contains("mm3") || t.contains("mm2"), "units as mm³ and mm²");

		HtmlReport.write(Comparison.of(scan("a", 1.5), scan("b", 1.49), Comparison.Options.defaults()), Map.of(), dir.resolve("same.html"));
		final String same = Files.readString(dir.resolve("same.html"));
		assertTrue(same.contains("No change between the visits exceeds the smallest detectable change (SDC) of its measure"), same);
		assertFalse(same.contains("Known change"), same);
	}

	/**
	 * MOAKS subregions: the scan's report has a table of the subregions with a lesion and names those without; the
	 * comparison shows a subregion's grade transition (1 → 2 marked as beyond the SDC: a whole grade step).
	 */
	@Test
	void moaksSubregions(@TempDir final Path dir) throws IOException {
		final ScanReport a = ScanReport.builder(scan("a", 1.5)).lesion(MoaksSubregion.FMC, LesionMetric.VOLUME, 300)
				.lesion(MoaksSubregion.FMC, LesionMetric.MOAKS_GRADE, 1).lesion(MoaksSubregion.TLA, LesionMetric.VOLUME, 0)
				.lesion(MoaksSubregion.TLA, LesionMetric.MOAKS_GRADE, 0).build();
		HtmlReport.write(a, Map.of(), dir.resolve("a.html"));
		final String s = Files.readString(dir.resolve("a.html"));
		assertTrue(s.contains("<th>MOAKS subregion</th>") && s.contains("<td>FMC</td><td>300.0</td>"), s);
		assertTrue(s.contains("MOAKS subregions without a lesion (MOAKS size 0): TLA."), s);
		final ScanReport b = ScanReport.builder(a).lesion(MoaksSubregion.FMC, LesionMetric.VOLUME, 1500).lesion(MoaksSubregion.FMC, LesionMetric.MOAKS_GRADE, 2)
				.build();
		HtmlReport.write(Comparison.of(a, b, Comparison.Options.defaults()), Map.of(), dir.resolve("c.html"));
		final String c = Files.readString(dir.resolve("c.html"));
		assertTrue(c.contains("<td>FMC</td><td>300</td><td>1500</td>"), c);
		assertTrue(c.contains("<td class=\"sdc\">1 → 2*</td>"), c);
		assertFalse(c.contains("<td>TLA</td>"), "a subregion without a lesion at either visit has no row: " + c);
		final String summary = c.substring(c.indexOf("<h2>Summary</h2>"), c.indexOf("</p>", c.indexOf("<h2>Summary</h2>")));
		assertTrue(summary.contains("FMC bone-marrow lesion's MOAKS size went from 1 to 2"), summary);
		assertFalse(summary.contains("FMC bone-marrow lesion volume"), "its volume is its compartment's, not said twice: " + summary);
	}
}
