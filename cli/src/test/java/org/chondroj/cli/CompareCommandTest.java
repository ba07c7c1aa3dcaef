package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;
import org.junit.jupiter.api.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chondroj compare}: earlier result folders, label maps, and the refusals (what is compared is tested in
 * knee: ComparisonTest; analysis: KneeAnalyzerCompareTest).
 */
class CompareCommandTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/** A results folder as analyze writes it, with a few values. */
	private static Path results(final Path folder, final String scan, final Laterality side, final double mt, final double lesion, final String date)
			throws IOException {
		final ScanReport r = ScanReport.builder(scan).side(side, "metadata").region(Region.MT, Metric.ThCtAB, mt).region(Region.MT, Metric.VC, 1000 * mt)
				.region(Region.cMF, Metric.ThCtAB, 2.0).region(Region.cMF, Metric.VC, 800).region(Region.MFTC, Metric.ThCtAB, (mt + 2) / 2).lesion(Compartment.MF, LesionMetric.VOLUME, lesion)
				.lesion(Compartment.LT, LesionMetric.VOLUME, 0).provenance("study_date", date).provenance("subject", "S1").build();
		ResultsFiles.write(r, folder);
		return folder;
	}

	@Test
	void resultFolders(@TempDir final Path dir) throws Exception {
		final Path a = results(dir.resolve("a"), "knee-a", Laterality.RIGHT, 1.8, 300, "20200106");
		final Path b = results(dir.resolve("b"), "knee-b", Laterality.RIGHT, 1.5, 450, "20210106");
		final Path o = dir.resolve("cmp");
		assertEquals(0, run("compare", a.toString(), b.resolve("results.json").toString(), "--out", o.toString()), err.toString());
		final String text = out.toString();
		assertTrue(text.contains("knee-a -> knee-b: right knee, 1.00 years apart"), text);
		assertTrue(Pattern.compile("MT +1\\.800 mm +1\\.500 mm +-0\\.300 mm +-16\\.7 %\\*").matcher(text).find(), text);
		assertTrue(Pattern.compile("cMF +2\\.000 mm +2\\.000 mm +\\+0\\.000 mm +\\+0\\.0 % ").matcher(text).find(), text);
		assertTrue(text.contains("lesion MF     300 ->    450 mm3 (+150 mm3, +50.0 %) *"), text);
		assertFalse(text.contains("lesion LT"), "no lesions at either visit: not listed");
		assertTrue(text.contains(o.resolve("report.html").toString()), text);
		for (final String f : new String[] { "results.json", "measurements.csv", "report.html" })
			assertTrue(Files.size(o.resolve(f)) > 0, f);
		assertFalse(Files.exists(o.resolve("baseline")), "earlier results are not written again");
		final JsonNode mt = Json.read(o.resolve("results.json")).requiredAt("/plates/MT/ThCtAB");
		assertEquals(-0.3, mt.get("change").doubleValue(), 1e-12);
		assertEquals(BooleanNode.TRUE, mt.get("exceeds_sdc"));
	}

	/** The label maps of a phantom pair: each measured, both outputs written, the MT thinning of 0.1 mm found. */
	@Test
	@Tag("slow")
	void labelMaps(@TempDir final Path dir) throws Exception {
		final PhantomSetup setup = PhantomSetup.defaults();
		final Path a = dir.resolve("a.nii.gz"), b = dir.resolve("b.nii.gz");
		VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(2), setup.baselineImaging(2)), a);
		VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(2), setup.followUpImaging(2)), b);
		final Path o = dir.resolve("cmp");
		assertEquals(0, run("compare", a.toString(), b.toString(), "--label-preset", "oai-akoa", "--side", "right", "--out", o.toString()),
				err.toString());
		final Matcher mt = Pattern.compile("MT +(\\d\\.\\d+) mm +(\\d\\.\\d+) mm +([-+]\\d\\.\\d+) mm").matcher(out.toString());
		assertTrue(mt.find(), out.toString());
		assertEquals(-0.1, Double.parseDouble(mt.group(3)), 0.02, out.toString());
		for (final String f : new String[] { "report.html", "baseline/results.json", "baseline/thickness_tibia.png", "follow-up/report.html" })
			assertTrue(Files.size(o.resolve(f)) > 0, f);
		assertTrue(out.toString().contains("interval unknown"), "label maps carry no dates");
	}

	@Test
	void differentSidesNeedForce(@TempDir final Path dir) throws Exception {
		final Path a = results(dir.resolve("a"), "knee-a", Laterality.RIGHT, 1.8, 0, "20200106");
		final Path b = results(dir.resolve("b"), "knee-b", Laterality.LEFT, 1.7, 0, "20210106");
		final Path o = dir.resolve("cmp");
		assertEquals(1, run("compare", a.toString(), b.toString(), "--out", o.toString()));
		assertTrue(err.toString().contains("the baseline knee-a is a right knee and the follow-up knee-b a left knee"), err.toString());
		assertEquals(1, StageLinesTest.withoutStages(err.toString()).lines().count(), "one line: " + err);
		assertNothingLeft(dir, o);
		assertEquals(0, run("compare", a.toString(), b.toString(), "--force", "--out", o.toString()), err.toString());
		assertTrue(Files.exists(o.resolve("report.html")));
	}

	@Test
	void badInputsLeaveNothing(@TempDir final Path dir) throws Exception {
		final Path a = results(dir.resolve("a"), "knee-a", Laterality.RIGHT, 1.8, 0, "20200106");
		final Path o = dir.resolve("cmp");
		final Path missing = dir.resolve("missing");
		assertEquals(1, run("compare", a.toString(), missing.toString(), "--out", o.toString()));
		assertTrue(err.toString().contains(missing + ": no such file or folder"), err.toString());
		final Path broken = Files.createDirectories(dir.resolve("broken"));
		Files.writeString(broken.resolve("results.json"), "{\"schema\": \"chondroj-results/1\", \"scan\": ");
		assertEquals(1, run("compare", a.toString(), broken.toString(), "--out", o.toString()));
		assertTrue(err.toString().contains(broken.resolve("results.json").toString()), err.toString());
		final Path dicom = Files.createDirectories(dir.resolve("study"));
		assertEquals(1, run("compare", dicom.toString(), a.toString(), "--out", o.toString()));
		assertTrue(err.toString().contains(dicom + ": holds no DICOM image series"), err.toString());
		assertEquals(1, run("compare", a.toString(), a.toString(), "--followup-labels", dir.resolve("none.nii.gz").toString(), "--out", o.toString()));
		assertTrue(err.toString().contains("none.nii.gz: no such file or folder"), err.toString());
		assertEquals(1, run("compare", a.toString(), a.toString(), "--label-preset", "oai-zib", "--labels-mapping", "femur=1", "--out", o.toString()));
		assertTrue(err.toString().contains("not both"), err.toString());
		assertEquals(5, StageLinesTest.withoutStages(err.toString()).lines().count(), "one line each: " + err);
		assertNothingLeft(dir, o);
		// an existing output folder is refused before any work
		Files.createDirectories(o);
		Files.writeString(o.resolve("keep.txt"), "mine");
		assertEquals(1, run("compare", a.toString(), a.toString(), "--out", o.toString()));
		assertTrue(err.toString().contains(o + ": exists and is not empty"), err.toString());
		assertEquals("mine", Files.readString(o.resolve("keep.txt")));
	}

	@Test
	void usage() {
		assertEquals(2, run("compare", "a"));
		assertTrue(err.toString().contains("FOLLOWUP"), err.toString());
		assertEquals(0, run("compare", "--help"));
		assertTrue(out.toString().contains("--baseline-labels"), out.toString());
	}

	/** No output folder, and no hidden temporary folder beside it. */
	private static void assertNothingLeft(final Path dir, final Path o) throws IOException {
		assertFalse(Files.exists(o), o + " must not exist");
		try (Stream<Path> s = Files.list(dir)) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary folder left in " + dir);
		}
	}
}
