package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chondroj demo}: end to end in a temporary folder (a phantom pair on the OAI grid, both visits measured from
 * their DICOM images with the ground-truth labels, compared), and the output folder policy.
 */
class DemoCommandTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/** The printed measured ThCtAB change of MT, segmented from the images, is within 0.05 mm of the printed true change (the comparison issue's target from images); the report is there. */
	@Test
	@Tag("slow")
	void endToEnd(@TempDir final Path dir) throws Exception {
		final Path demo = dir.resolve("demo");
		final long t0 = System.nanoTime();
		assertEquals(0, run("demo", "--out", demo.toString()), err.toString());
		System.out.printf("demo in %.1f s (in the test JVM)%n%s", (System.nanoTime() - t0) * 1e-9, out);
		final String text = out.toString();
		assertTrue(text.contains("segmented automatically from their DICOM images"), "says how the visits were measured: " + text);
		assertTrue(err.toString().contains("] segmenting: cartilage"), "the stages on the error stream while it works: " + err);
		final Matcher mt = Pattern.compile("\\n  MT +([-+]\\d\\.\\d{3}) +([-+]\\d\\.\\d{3}) +([-+]\\d\\.\\d{3})\\n").matcher(text);
		assertTrue(mt.find(), text);
		final double truth = Double.parseDouble(mt.group(1)), measured = Double.parseDouble(mt.group(2));
		assertEquals(-0.25, truth, 1e-3, "the demo's change thins MT by 0.25 mm");
		assertEquals(truth, measured, 0.05, text);
		assertTrue(Pattern.compile("\\n  MF +\\+\\d+ +\\+\\d+ +[-+]\\d+\\n").matcher(text).find(), "the growing MF lesion is listed: " + text);
		final Path report = demo.resolve("comparison/report.html");
		assertTrue(text.contains("report   " + report), text);
		assertTrue(Files.size(report) > 100_000, "the report embeds the maps");
		// the report shows what a finding looks like: MT's thinning and MF's lesion growth beyond the SDC, in the summary
		// before the tables, each beside its true change; and both visits' segmentations side by side
		final String html = Files.readString(report);
		final String top = html.substring(html.indexOf("<h2>Summary</h2>"), html.indexOf("<h2>Cartilage thickness and volume, plates</h2>"));
		assertTrue(top.contains("MT cartilage thinned by") && top.contains("MF bone-marrow lesion volume grew by"), top);
		assertTrue(Pattern.compile("<td>MT</td><td class=\"text\">cartilage thickness, ThCtAB \\(mm\\)</td><td>[0-9.]+</td><td>[0-9.]+</td>"
				+ "<td class=\"sdc\">-0\\.\\d{3}\\*</td><td>-0\\.250</td>").matcher(top).find(), "MT marked, beside its true change: " + top);
		assertTrue(html.contains("The known change (the phantom's designed change, true_change.json) is shown beside the measured one."), top);
		assertTrue(html.indexOf("alt=\"Baseline segmentation: labels outlined") > 0
				&& html.indexOf("alt=\"Baseline segmentation: labels outlined") < html.indexOf("alt=\"Follow-up segmentation: labels outlined"),
				"the visits' overlays side by side");
		assertTrue(html.contains("(image, segmented automatically)"), "the input line says the labels were segmented");
		for (final String f : new String[] { "study/baseline/labels.nii.gz", "study/follow-up/true_change.json", "comparison/results.json",
				"comparison/baseline/report.html", "comparison/follow-up/thickness_femur.png" })
			assertTrue(Files.exists(demo.resolve(f)), f);
		assertTrue(DemoCommand.isEarlierDemo(demo), "what the demo writes is recognised as an earlier demo");
	}

	@Test
	void outputFolderPolicy(@TempDir final Path dir) throws Exception {
		final Path mine = Files.createDirectories(dir.resolve("mine"));
		Files.writeString(mine.resolve("notes.txt"), "keep");
		assertEquals(1, run("demo", "--out", mine.toString()));
		assertTrue(err.toString().contains(mine + ": exists and is not an earlier demo's output"), err.toString());
		assertEquals("keep", Files.readString(mine.resolve("notes.txt")));

		final Path earlier = dir.resolve("earlier");
		Files.createDirectories(earlier.resolve("study/baseline"));
		Files.createDirectories(earlier.resolve("study/follow-up"));
		Files.createDirectories(earlier.resolve("comparison"));
		Files.writeString(earlier.resolve("comparison/results.json"), "{}");
		assertTrue(DemoCommand.isEarlierDemo(earlier));
		Files.createDirectories(earlier.resolve(".comparison.partial-1234"));
		assertTrue(DemoCommand.isEarlierDemo(earlier), "an interrupted run's temporary folder");
		Files.writeString(earlier.resolve("study/notes.txt"), "x");
		assertFalse(DemoCommand.isEarlierDemo(earlier), "something else in study/");
		Files.delete(earlier.resolve("study/notes.txt"));
		Files.writeString(earlier.resolve("results.csv"), "x");
		assertFalse(DemoCommand.isEarlierDemo(earlier), "something else beside it");
		assertFalse(DemoCommand.isEarlierDemo(dir.resolve("none")));
	}
}
