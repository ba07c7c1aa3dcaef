package org.chondroj.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.phantom.FollowUpChange;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomTruth;

import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cohort of phantom knees through {@link BatchRun}: from a manifest of label maps (two groups with a different true
 * medial tibial thinning, one subject with a corrupt and a missing file), then resumed (nothing done again, the same
 * bytes), with a changed input (processed again) and with failures retried. DICOM discovery: {@link BatchRunDicomTest}.
 */
class BatchRunPhantomTest {

	/** The tolerance of a group's mean ThCtAB change against the true mean change, mm. */
	static final double GROUP_MEAN_TOLERANCE_MM = 0.02;

	/** Group A: 0.1 mm uniform thinning of the medial tibia; group B: 0.3 mm. */
	static final Map<String, Double> THINNING = Map.of("A", 0.1, "B", 0.3);

	/**
	 * The phantom on a coarser grid than the OAI's (0.5 × 0.5 × 0.8 mm, 280 × 280 × 140: under half the voxels), to keep
	 * the 16 label maps and their analyses within the CI's time.
	 */
	static final ImagingConfig SMALL_GRID = ImagingConfig.defaults().withDessGrid(new int[] { 280, 280, 140 }, new double[] { 0.5, 0.5, 0.8 });

	@Test
	@Tag("slow")
	void manifestCohortTwoGroupsBadScansAndResume(@TempDir final Path dir) throws Exception {
		final long t0 = System.nanoTime();
		final StringBuilder manifest = new StringBuilder("subject,timepoint,side,path,labels,label_preset,group\n");
		final Map<String, List<Double>> trueChange = new TreeMap<>();
		for (int i = 0; i < 8; i++) {
			final long seed = 101 + i;
			final String group = i < 4 ? "A" : "B";
			final PhantomSetup setup = PhantomSetup.defaults().withImaging(SMALL_GRID)
					.withChange(new FollowUpChange(Map.of("MT", THINNING.get(group)), List.of(), List.of(), Map.of(), List.of()));
			final Volume<UnsignedByteType> v0 = PhantomImages.dessLabels(setup.baseline(seed), setup.baselineImaging(seed));
			if (seed == 101)
				Volumes.byteData(v0)[0] = 42; // a value the numbering does not name, in a corner far from the knee: flagged, measures unchanged
			VolumeFiles.write(v0, dir.resolve("knee" + seed + "_v0.nii.gz"));
			VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(seed), setup.followUpImaging(seed)), dir.resolve("knee" + seed + "_v1.nii.gz"));
			trueChange.computeIfAbsent(group, g -> new ArrayList<>())
					.add(PhantomTruth.of(setup.followUp(seed)).plates().get("MT").thCtAB() - PhantomTruth.of(setup.baseline(seed)).plates().get("MT").thCtAB());
			for (final String v : List.of("v0", "v1"))
				manifest.append(String.format(Locale.ROOT, "PATIENT-%d,%s,%s,knee%d_%s.nii.gz,,oai-akoa,%s%n", seed, v.equals("v0") ? "2020-01-06" : "2021-01-11",
						seed == 108 ? "" : "right", seed, v, group)); // 108's side is left to the analysis
		}
		// a corrupt label map and a missing one
		Files.write(dir.resolve("corrupt.nii.gz"), new byte[] { 31, -117, 8, 0, 1, 2, 3, 4, 5, 6, 7 });
		manifest.append("PATIENT-BAD,2020-01-06,right,corrupt.nii.gz,,,A\nPATIENT-BAD,2021-01-11,right,missing.nii.gz,,,A\n");
		Files.writeString(dir.resolve("cohort.csv"), manifest);
		System.out.printf(Locale.ROOT, "phantom label maps: %.1f s%n", (System.nanoTime() - t0) / 1e9);
		final List<ScanInput> scans = Manifest.read(dir.resolve("cohort.csv"));
		assertEquals(18, scans.size());

		final Path out = dir.resolve("out");
		final BatchRun.Options options = BatchRun.Options.defaults().withThreads(2).withSalt("test salt");
		final BatchRun.Summary first = BatchRun.run(scans, out, options, null);
		System.out.println(first.plan() + ", " + first.seconds() + " s: " + first.outcomes());
		assertEquals(16, first.count(BatchRun.Status.ANALYSED), first.outcomes().toString());
		assertEquals(2, first.count(BatchRun.Status.FAILED), first.outcomes().toString());
		assertTrue(first.anyFailed());
		assertEquals(8, first.comparisons());
		assertEquals(1, first.notCompared());
		for (final BatchRun.Outcome o : first.outcomes())
			if (o.failed()) {
				assertTrue(o.error().startsWith("<" + o.name() + ">"), "the error names the scan: " + o.error());
				assertTrue(o.error().contains(o.name().endsWith("2020-01-06") ? "corrupt" : "no such file"), o.error());
				assertFalse(o.error().contains("PATIENT"), o.error());
			}

		// per group: the mean measured change of MT ThCtAB against the mean true change
		final List<String[]> changes = csv(out.resolve(CohortTables.CHANGES));
		final String[] header = changes.get(0);
		final int subject = col(header, "subject"), group = col(header, "group"), region = col(header, "region"), metric = col(header, "metric"),
				change = col(header, "change"), kind = col(header, "kind"), perYear = col(header, "change_per_year"), years = col(header, "years");
		final Map<String, List<Double>> measured = new TreeMap<>();
		for (final String[] r : changes.subList(1, changes.size()))
			if (r[kind].equals("cartilage") && r[region].equals("MT") && r[metric].equals("ThCtAB")) {
				measured.computeIfAbsent(r[group], g -> new ArrayList<>()).add(Double.parseDouble(r[change]));
				assertEquals(Double.parseDouble(r[change]) / Double.parseDouble(r[years]), Double.parseDouble(r[perYear]), 1e-9);
				assertTrue(r[subject].matches("S-[0-9a-f]{10}"), r[subject]);
			}
		for (final String g : THINNING.keySet()) {
			final double m = mean(measured.get(g)), t = mean(trueChange.get(g));
			System.out.printf(Locale.ROOT, "group %s: MT ThCtAB change measured %+.4f mm (n = %d), true %+.4f mm, error %+.4f%n", g, m, measured.get(g).size(), t,
					m - t);
			assertEquals(4, measured.get(g).size());
			assertEquals(t, m, GROUP_MEAN_TOLERANCE_MM, "group " + g);
		}
		final List<String[]> measurements = csv(out.resolve(CohortTables.MEASUREMENTS));
		assertEquals(16, measurements.stream().skip(1).map(r -> r[0] + r[2]).distinct().count(), "every good scan has its rows");
		// the side: the manifest's, or where it gave none (108) the anatomy's, never "unknown"
		assertEquals(Set.of("right"), measurements.stream().skip(1).map(r -> r[col(measurements.get(0), "side")]).collect(Collectors.toSet()));
		assertEquals(Set.of("right"), changes.stream().skip(1).map(r -> r[col(header, "side")]).collect(Collectors.toSet()));
		// the flags: 101's baseline holds a label value its numbering does not name, no other scan has a flag
		final List<String[]> flags = csv(out.resolve(CohortTables.FLAGS));
		assertEquals(List.of("subject", "side", "timepoint", "flag", "about", "message"), List.of(flags.get(0)));
		assertEquals(2, flags.size(), flags.stream().map(Arrays::toString).toList().toString());
		assertEquals(List.of("right", "2020-01-06", "unmapped_labels", ""), List.of(flags.get(1)).subList(1, 5));
		assertTrue(flags.get(1)[5].startsWith("the label map holds 1 value that the numbering oai-akoa does not name, not measured: 42 (1 voxel)"),
				flags.get(1)[5]);

		// no identifiers outside pseudonyms.csv
		for (final Path f : List.of(out.resolve(CohortTables.CHANGES), out.resolve(CohortTables.MEASUREMENTS), out.resolve(CohortReport.FILE)))
			assertFalse(Files.readString(f).contains("PATIENT"), f.toString());
		try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			for (final ResultsStore.ScanRow r : store.scans())
				assertFalse(r.toString().contains("PATIENT") || r.toString().contains(dir.toString()), r.toString());
		}
		try (Stream<Path> files = Files.walk(out.resolve(BatchRun.SCANS))) {
			for (final Path f : files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".html")).toList())
				assertFalse(Files.readString(f).contains("PATIENT"), f.toString());
		}
		assertEquals(10, Files.readAllLines(out.resolve(Pseudonyms.MAPPING)).size(), "header and 9 subjects");
		final String html = Files.readString(out.resolve(CohortReport.FILE));
		assertTrue(html.contains("A: 4 pairs") && html.contains("B: 4 pairs") && html.contains("SRM"), html);
		// lesion grades: the compartment and the MOAKS subregion holding the phantom's lesion (posterior medial femur), no
		// row for a subregion without a lesion in any knee
		assertTrue(html.contains("<tr><td>MF</td><td>1→1: ") && html.contains("<tr><td>FMP</td><td>1→1: "), html);
		assertFalse(html.contains("<tr><td>TLA</td>"), html);
		// the flags in the cohort summary too: one scan, its flag counted and listed
		assertTrue(html.contains("<h2>Quality-control flags</h2>\n<p>1 scan carries quality-control flags")
				&& html.contains("<tr><td><code>unmapped_labels</code></td><td>1</td></tr>"), html);

		// resumed: nothing to do, the same bytes
		final byte[] before = Files.readAllBytes(out.resolve(CohortTables.CHANGES));
		final BatchRun.Summary again = BatchRun.run(scans, out, options, null);
		assertEquals(16, again.count(BatchRun.Status.ALREADY_DONE));
		assertEquals(2, again.count(BatchRun.Status.ALREADY_FAILED));
		assertArrayEquals(before, Files.readAllBytes(out.resolve(CohortTables.CHANGES)));
		// a changed input is processed again; failures only when asked
		Files.copy(dir.resolve("knee101_v0.nii.gz"), dir.resolve("knee101_v1.nii.gz"), StandardCopyOption.REPLACE_EXISTING);
		final BatchRun.Summary changed = BatchRun.run(scans, out, options.withRetryFailed(true), null);
		assertEquals(1, changed.count(BatchRun.Status.ANALYSED), changed.outcomes().toString());
		assertEquals(2, changed.count(BatchRun.Status.FAILED));
		assertEquals(15, changed.count(BatchRun.Status.ALREADY_DONE));
		try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			assertEquals(18, store.scans().size(), "one row per scan, replaced when processed again");
			assertEquals(8, store.comparisons().size());
		}
	}

	@Test
	void manifestErrorsNameTheLine(@TempDir final Path dir) throws IOException {
		final Path m = dir.resolve("m.csv");
		Files.writeString(m, "subject,timepoint,side,path,arm\n");
		assertTrue(message(m).contains("m.csv line 1: unknown column 'arm'"), message(m));
		Files.writeString(m, "subject,timepoint,side,path\nS1,2020-01-06,middle,a.nii.gz\n");
		assertTrue(message(m).contains("m.csv line 2: side 'middle'"), message(m));
		Files.writeString(m, "subject,timepoint,path\n");
		assertTrue(message(m).contains("lacks the column 'side'"), message(m));
		Files.writeString(m, "# cohort\nsubject,timepoint,side,path,group\n\"S,1\",M12,L,\"x/a b.nii.gz\",\"arm \"\"A\"\"\"\n");
		final ScanInput s = Manifest.read(m).get(0);
		assertEquals("S,1", s.subject());
		assertEquals("arm \"A\"", s.group());
		assertEquals(dir.resolve("x/a b.nii.gz"), s.path());
		assertEquals("", s.studyDate());
	}

	private static String message(final Path m) {
		try {
			Manifest.read(m);
			return "no error";
		} catch (final IllegalArgumentException | IOException e) {
			return e.getMessage();
		}
	}

	static List<String[]> csv(final Path file) throws IOException {
		return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> Manifest.fields(l, file.toString()).toArray(String[]::new))
				.collect(Collectors.toList());
	}

	static int col(final String[] header, final String name) {
		return IntStream.range(0, header.length).filter(i -> header[i].equals(name)).findFirst().orElseThrow();
	}

	private static double mean(final List<Double> x) {
		return x.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}
}
