package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.JsonFormatException;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.Visit;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KneeAnalyzer#compare}: each kind of input (label map, earlier results, both mixed), the outputs of
 * {@link org.chondroj.report.ComparisonOutputs}, and the refusals. The measured change itself is checked against the phantom's truth by the
 * demo's test (cli) and the comparison tests.
 */
class KneeAnalyzerCompareTest {

	@TempDir
	Path dir;

	/**
	 * The label maps of the default phantom pair (seed 4: MT thinned uniformly by 0.1 mm, among other changes), then
	 * their results, then one of each.
	 */
	@Test
	@Tag("slow")
	@Tag("slow")
	void labelMapsThenTheirResults() throws IOException {
		final PhantomSetup setup = PhantomSetup.defaults();
		final Path baseline = dir.resolve("knee_00m.nii.gz"), followUp = dir.resolve("knee_12m.nii.gz");
		VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(4), setup.baselineImaging(4)), baseline);
		VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(4), setup.followUpImaging(4)), followUp);
		final VisitComparison r = KneeAnalyzer.create().compare(baseline, followUp);
		assertEquals(Visit.Source.LABEL_MAP, r.baseline().source());
		assertTrue(r.baseline().analysed() && r.followUp().analysed());
		assertEquals("knee_00m", r.comparison().baseline().scan());
		assertEquals(KneeMeasurement.VERSION, r.comparison().baseline().provenance().get("chondroj_version"));
		assertFalse(KneeMeasurement.VERSION.equals("unknown"), "the version comes from the build");
		final double mt = r.comparison().change(Region.MT, Metric.ThCtAB).change();
		assertEquals(-0.1, mt, 0.02, "MT was thinned by 0.1 mm");
		assertTrue(Double.isNaN(r.comparison().years()), "label maps carry no study dates");

		final Path out = dir.resolve("measured");
		KneeAnalyzer.write(r, out);
		for (final String f : new String[] { "results.json", "measurements.csv", "report.html", "baseline/results.json", "baseline/report.html",
				"follow-up/thickness_femur.png", "follow-up/thickness.nii.gz" })
			assertTrue(Files.size(out.resolve(f)) > 0, f);
		final String html = Files.readString(out.resolve("report.html"));
		assertEquals(9, count(html, "src=\"data:image/png;base64,"), "three bones: two visits' thickness maps and the change map");
		assertTrue(html.contains("Thickness change of the femur (mm, follow-up minus baseline)"), "the change maps are in the report");
		for (final String f : new String[] { "change_femur.png", "change_tibia.png", "change_femur.vtk" })
			assertTrue(Files.size(out.resolve(f)) > 0, f);
		assertTrue(html.contains("Baseline: thickness femur (mm)") && html.contains("Follow-up: thickness femur (mm)"));
		assertTrue(html.contains(baseline + " (label map)"), "the inputs are named");

		// the same two scans from their results: the same changes, no maps, no sub-folders
		final VisitComparison again = KneeAnalyzer.create().compare(out.resolve("baseline"), out.resolve("follow-up/results.json"));
		assertEquals(Visit.Source.RESULTS, again.baseline().source());
		assertNull(again.followUp().analysis());
		for (final Comparison.Change c : r.comparison().cartilage())
			assertEquals(c.change(), again.comparison().change(c.region(), c.metric()).change(), 0, c.region() + " " + c.metric());
		final Path read = dir.resolve("read");
		KneeAnalyzer.write(again, read);
		assertFalse(Files.exists(read.resolve("baseline")));
		final String html2 = Files.readString(read.resolve("report.html"));
		assertEquals(0, count(html2, "data:image/png"));
		assertTrue(html2.contains("No maps"), html2);

		// mixed: an earlier result and a label map
		final VisitComparison mixed = KneeAnalyzer.create().compare(out.resolve("baseline"), followUp);
		assertEquals(Visit.Source.LABEL_MAP, mixed.followUp().source());
		assertEquals(mt, mixed.comparison().change(Region.MT, Metric.ThCtAB).change(), 1e-12);
	}

	@Test
	void refusals() throws IOException {
		final KneeAnalyzer o = KneeAnalyzer.create();
		final Path missing = dir.resolve("nowhere");
		assertTrue(assertThrows(NoSuchFileException.class, () -> o.visit(missing, null)).getMessage()
				.contains(missing + ": no such file or folder"));
		final Path images = Files.createDirectories(dir.resolve("dicom-study"));
		final String why = assertThrows(IllegalArgumentException.class, () -> o.visit(images, null)).getMessage();
		assertTrue(why.startsWith(images + ": holds no DICOM image series"), why);
		final Path results = dir.resolve("results-a");
		ResultsFiles.write(report("a", Laterality.RIGHT, 0.6), results);
		final Path labels = Files.writeString(dir.resolve("labels.nii.gz"), ""); // refused before it is read
		assertTrue(assertThrows(IllegalArgumentException.class, () -> o.visit(results, labels)).getMessage()
				.contains("is an earlier result"));
		final Path wide = dir.resolve("results-b");
		ResultsFiles.write(report("b", Laterality.RIGHT, 0.75), wide);
		final String fractions = assertThrows(IllegalArgumentException.class, () -> o.compare(results, wide)).getMessage();
		assertTrue(fractions.contains("0.60") && fractions.contains("0.75"), fractions);
		final Path left = dir.resolve("results-l");
		ResultsFiles.write(report("l", Laterality.LEFT, 0.6), left);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> o.compare(results, left)).getMessage()
				.contains("force the comparison"));
		assertEquals(0.1, o.toBuilder().comparison(Comparison.Options.defaults().forced()).build().compare(results, left).comparison()
				.change(Region.MT, Metric.ThCtAB).change(), 1e-12);
		final Path bad = dir.resolve("bad.json");
		Files.writeString(bad, "{\"schema\": \"something/1\"}");
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> o.visit(bad, null));
		assertEquals(bad, e.file());
	}

	@Test
	void scanNames() {
		assertEquals("baseline", KneeAnalyzer.scanName(Path.of("study", "baseline", "DICOM"), null));
		assertEquals("9001695_00m", KneeAnalyzer.scanName(null, Path.of("x", "9001695_00m.nii.gz")));
		assertEquals("knee", KneeAnalyzer.scanName(Path.of("knee.MHA"), Path.of("labels.nii")));
		assertEquals("series1", KneeAnalyzer.scanName(Path.of("series1"), Path.of("labels.nii")));
	}

	private static ScanReport report(final String name, final Laterality side, final double fraction) {
		return ScanReport.builder(name).side(side, "user").weightBearingFraction(fraction).region(Region.MT, Metric.ThCtAB, name.equals("a") ? 1.5 : 1.6)
				.build();
	}

	private static int count(final String s, final String what) {
		final Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
		int n = 0;
		while (m.find())
			n++;
		return n;
	}
}
