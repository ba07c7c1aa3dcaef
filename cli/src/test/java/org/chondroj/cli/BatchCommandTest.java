package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.batch.BatchRun;
import org.chondroj.batch.CohortReport;
import org.chondroj.batch.CohortTables;
import org.chondroj.batch.Pseudonyms;
import org.chondroj.batch.ResultsStore;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.HostileInput;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomStudy;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chondroj batch}: a run killed part-way (the process destroyed forcibly) and run again ends with the same store
 * (timings aside), tables and summary as an uninterrupted run; plain progress lines when there is no terminal; usage
 * errors; a study folder tree holding every fuzzing reproducer of issue 24 beside good scans (when real data is
 * switched on). What a batch computes is tested in segmentation (BatchRunPhantomTest, BatchRunDicomTest).
 */
class BatchCommandTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	@Test
	@Tag("slow")
	void killedAndResumedEqualsUninterrupted(@TempDir final Path dir) throws Exception {
		// 3 knees × 2 visits of label maps, on a coarse grid to stay quick
		final PhantomSetup setup = PhantomSetup.defaults()
				.withImaging(ImagingConfig.defaults().withDessGrid(new int[] { 280, 280, 140 }, new double[] { 0.5, 0.5, 0.8 }));
		final StringBuilder manifest = new StringBuilder("subject,timepoint,side,path,group\n");
		for (int i = 0; i < 3; i++) {
			final long seed = 201 + i;
			VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(seed), setup.baselineImaging(seed)), dir.resolve(seed + "a.nii.gz"));
			VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(seed), setup.followUpImaging(seed)), dir.resolve(seed + "b.nii.gz"));
			manifest.append(String.format(Locale.ROOT, "K%d,20200106,right,%da.nii.gz,arm %d%nK%d,20210111,right,%db.nii.gz,arm %d%n", seed, seed, i % 2, seed,
					seed, i % 2));
		}
		final Path m = Files.writeString(dir.resolve("cohort.csv"), manifest);
		final Path whole = dir.resolve("whole"), resumed = dir.resolve("resumed");

		assertEquals(0, run("batch", "--manifest", m.toString(), "--out", whole.toString(), "--threads", "1", "--salt", "s"), err.toString());
		final String log = out.toString();
		assertTrue(log.contains("[1/6] ") && log.contains("scans/min") && log.contains("[6/6] "), log);
		assertTrue(log.contains("6 scans: 6 analysed, 0 done before, 0 failed (0 before, not retried); 3 pairs compared"), log);

		// the same in a child process, killed once a scan is stored and before all are
		final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-Djava.awt.headless=true",
				"-cp", System.getProperty("java.class.path"), Main.class.getName(), "batch", "--manifest", m.toString(), "--out", resumed.toString(),
				"--threads", "1", "--salt", "s").redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
		final Path store = resumed.resolve(ResultsStore.FILE);
		int done = 0;
		final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (child.isAlive() && System.nanoTime() < deadline) {
			if (Files.exists(store))
				try (ResultsStore s = ResultsStore.openReadOnly(store)) {
					done = s.scans().size();
				} catch (final java.io.IOException e) {
					done = 0; // being created
				}
			if (done >= 1)
				break;
			Thread.sleep(50);
		}
		child.destroyForcibly();
		child.waitFor();
		assertTrue(done >= 1 && done < 6, "killed part-way: " + done + " of 6 stored; " + Files.readString(dir.resolve("child.log")));

		out.getBuffer().setLength(0);
		assertEquals(0, run("batch", "--manifest", m.toString(), "--out", resumed.toString(), "--threads", "2", "--salt", "s"), err.toString());
		final Matcher counts = Pattern.compile("6 scans: (\\d+) analysed, (\\d+) done before, 0 failed").matcher(out.toString());
		assertTrue(counts.find(), out.toString());
		final int before = Integer.parseInt(counts.group(2));
		assertTrue(before >= done && before < 6 && Integer.parseInt(counts.group(1)) == 6 - before, "resumed, not redone: " + out);

		try (ResultsStore a = ResultsStore.openReadOnly(whole.resolve(ResultsStore.FILE)); ResultsStore b = ResultsStore.openReadOnly(store)) {
			assertEquals(6, a.scans().size());
			assertEquals(rows(a.scans().stream().map(ResultsStore.ScanRow::withoutTimings).toList()),
					rows(b.scans().stream().map(ResultsStore.ScanRow::withoutTimings).toList()), "no lost, no duplicated, no different rows");
			assertEquals(3, a.comparisons().size());
			assertEquals(rows(a.comparisons().stream().map(ResultsStore.ComparisonRow::withoutTimings).toList()),
					rows(b.comparisons().stream().map(ResultsStore.ComparisonRow::withoutTimings).toList()));
		}
		for (final String f : List.of(CohortTables.MEASUREMENTS, CohortTables.CHANGES, CohortReport.FILE))
			assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(resumed.resolve(f)), f);
		try (var leftovers = Files.walk(resumed)) {
			assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "nothing half-written is left");
		}
	}

	private static String rows(final List<?> rows) {
		final StringBuilder b = new StringBuilder();
		for (final Object r : rows)
			b.append(r).append(File.separatorChar == '/' ? "\n" : "\r\n");
		return b.toString();
	}

	/**
	 * Issue 24's "done when": {@code chondroj batch} over a study folder tree holding two good phantom scans of one knee
	 * (the follow-up without StudyDate) and a copy of every file of {@code ../shared/fuzz-repro} (each in its defect's
	 * folder, beside them; plus a file whose name holds control characters) analyses and compares the good scans and
	 * reports every bad file, by name and with why, as not part of any scan or as a failed scan; exit code 1; each
	 * failed scan within {@value HostileInput#HANG_SECONDS} s; no stack trace; the output, pseudonymised, holds no
	 * StudyInstanceUID, SeriesInstanceUID or PatientID of the inputs in its names, tables, reports or store, and the
	 * undated study is the time point {@code undated-1}.
	 */
	@Test
	@Tag("slow")
	void hostileFilesBesideGoodScans(@TempDir final Path dir) throws Exception {
		final Path fuzz = RealData.require("../fuzz-repro").normalize();
		final Path root = dir.resolve("cohort");
		final long seed = 41;
		final PhantomSetup setup = PhantomSetup.defaults();
		final long t0 = System.nanoTime();
		PhantomStudy.writeBaseline(setup, seed, root.resolve("K41/v00"));
		final PhantomStudy.Visit followUp = PhantomStudy.Visit.followUp(seed);
		PhantomStudy.write(setup.followUp(seed), setup.followUpImaging(seed), root.resolve("K41/v12"),
				new PhantomStudy.Visit(followUp.patientId(), followUp.uidName(), "", followUp.studyDescription()));
		final double written = (System.nanoTime() - t0) / 1e9;
		final List<Path> hostile = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(fuzz)) {
			for (final Path f : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
				final String n = f.getFileName().toString();
				if (n.equals("trace.txt") || n.equals("README.md"))
					continue;
				final Path to = root.resolve("hostile").resolve(fuzz.relativize(f).toString());
				Files.createDirectories(to.getParent());
				hostile.add(Files.copy(f, to));
			}
		}
		assertTrue(hostile.size() >= 14, "the reproducers: " + hostile);
		if (File.separatorChar == '/') // a name no Windows file system takes
			hostile.add(Files.writeString(root.resolve("hostile/odd\u0007name\u001b[2J.dcm"), "not DICOM"));
		// the identifiers of the inputs, none of which may leave the batch
		final Set<String> identifiers = new LinkedHashSet<>();
		for (final DicomStudy study : DicomScanner.scan(root).studies()) {
			identifiers.add(study.studyInstanceUID());
			identifiers.add(study.patientId().trim());
			study.series().forEach(s -> identifiers.add(s.seriesInstanceUID() == null ? "" : s.seriesInstanceUID()));
		}
		identifiers.removeIf(id -> id.length() < 4);
		assertTrue(identifiers.contains("PHANTOM-41") && identifiers.size() >= 10, identifiers.toString());

		final Path results = dir.resolve("out");
		final PrintStream systemErr = System.err;
		final ByteArrayOutputStream captured = new ByteArrayOutputStream();
		final int code;
		final long t1 = System.nanoTime();
		try {
			System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
			code = run("batch", root.toString(), "--out", results.toString(), "--threads", "2", "--salt", "hostile");
		} finally {
			System.setErr(systemErr);
		}
		final double seconds = (System.nanoTime() - t1) / 1e9;
		final String log = out.toString(), stderr = captured.toString(StandardCharsets.UTF_8) + err;
		System.out.println(log);
		System.out.printf(Locale.ROOT, "two phantom studies written in %.1f s; batch over them and %d hostile files: %.1f s%n", written, hostile.size(), seconds);
		assertEquals(1, code, "some scans failed: " + log + stderr);
		assertFalse(stderr.contains("\tat ") || stderr.contains("Exception in thread") || stderr.contains("Error:"), "no stack trace: " + stderr);
		assertTrue(log.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\r' || c == 0x7f), "no control character reaches the terminal");

		// the good scans analysed and compared
		final Matcher counts = Pattern.compile("(\\d+) scans: 2 analysed, 0 done before, (\\d+) failed \\(0 before, not retried\\); 1 pairs compared, 0 failed")
				.matcher(log);
		assertTrue(counts.find(), log);
		final List<String[]> measured = csv(results.resolve(CohortTables.MEASUREMENTS)), changes = csv(results.resolve(CohortTables.CHANGES));
		assertEquals(Set.of("20200106", "undated-1"), measured.stream().skip(1).map(r -> r[2]).collect(Collectors.toSet()), "both good scans measured");
		assertTrue(changes.size() > 1 && changes.stream().skip(1).allMatch(r -> r[3].equals("20200106") && r[4].equals("undated-1")),
				"the undated follow-up compared with its baseline");

		// every bad file reported by name, with why
		final List<String> lines = Arrays.asList(log.split("\\R"));
		final Map<String, String> how = new LinkedHashMap<>();
		for (final Path f : hostile) {
			final String name = UntrustedText.printable(f.getFileName().toString()), folder = f.getParent().getFileName().toString();
			final String line = lines.stream().filter(l -> (l.startsWith("not part of any scan: ") || l.startsWith("failed: ")) && l.contains(name) && l.contains(folder))
					.findFirst().orElse(null);
			assertTrue(line != null, f + " is reported: " + log);
			final String why = line.startsWith("failed: ") ? line.substring(line.indexOf(")): ") + 3)
					: line.substring(line.indexOf(name) + name.length()).replaceFirst("^[:,] ", "");
			assertTrue(why.length() > 10, "with why: " + line);
			how.put(root.relativize(f).toString(), (line.startsWith("failed: ") ? "failed scan: " : "not part of any scan: ") + why);
		}
		how.forEach((f, h) -> System.out.printf(Locale.ROOT, "  %-75s %s%n", UntrustedText.printable(f), UntrustedText.shortened(h, 160)));
		// (the phantom studies' own labels.nii.gz, truth.json and preview.png are not part of a scan either)
		assertTrue(log.contains(lines.stream().filter(l -> l.startsWith("not part of any scan: ")).count() + " files not part of any scan"), log);

		// each failed scan within the time a hostile case may take
		try (ResultsStore store = ResultsStore.openReadOnly(results.resolve(ResultsStore.FILE))) {
			assertEquals(2 + Integer.parseInt(counts.group(2)), store.scans().size());
			for (final ResultsStore.ScanRow r : store.scans()) {
				assertTrue(r.seconds() < HostileInput.HANG_SECONDS || r.status().equals(ResultsStore.DONE), r.name() + ": " + r.seconds() + " s");
				for (final String id : identifiers)
					assertFalse(r.toString().contains(id), r.name() + " holds the identifier " + id);
			}
		}
		// no identifier in the output's names, tables, reports or results
		try (Stream<Path> files = Files.walk(results)) {
			for (final Path f : files.collect(Collectors.toList())) {
				final String relative = results.relativize(f).toString();
				final boolean text = relative.matches(".*\\.(csv|html|json)") && !relative.equals(Pseudonyms.MAPPING);
				// (without the embedded images, whose base64 text may hold any short string by chance: "4MR1" did)
				final String content = text ? Files.readString(f).replaceAll("data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "") : "";
				for (final String id : identifiers)
					assertFalse(relative.contains(id) || content.contains(id), relative + " holds the identifier " + id);
			}
		}
		try (Stream<Path> scans = Files.list(results.resolve(BatchRun.SCANS))) {
			assertTrue(scans.anyMatch(p -> p.getFileName().toString().matches("S-[0-9a-f]{10}_right_undated-1")), "the undated scan's folder");
		}
	}

	private static List<String[]> csv(final Path file) throws java.io.IOException {
		final List<String[]> rows = new ArrayList<>();
		for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
			rows.add(line.split(",", -1));
		return rows;
	}

	@Test
	void usage(@TempDir final Path dir) throws java.io.IOException {
		assertEquals(2, run("batch", "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("give a study folder or --manifest FILE"), err.toString());
		err.getBuffer().setLength(0);
		assertEquals(1, run("batch", "--manifest", dir.resolve("none.csv").toString(), "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("none.csv"), err.toString());
		err.getBuffer().setLength(0);
		// an output that cannot be written is refused before the inputs are read (the manifest does not exist either)
		final Path file = Files.writeString(dir.resolve("results"), "x");
		assertEquals(1, run("batch", "--manifest", dir.resolve("none.csv").toString(), "--out", file.toString()));
		assertEquals("chondroj: " + file + ": is a file, not a folder", err.toString().strip());
	}

	/**
	 * A manifest row whose file is missing: the console names the path the user must fix (the operator's own input),
	 * while the results store, which is shared, holds the error with the path replaced by the scan's name.
	 */
	@Test
	void missingInputIsNamedByItsPathOnTheConsole(@TempDir final Path dir) throws Exception {
		final Path missing = dir.resolve("knees/subject-0042/knee.nii.gz");
		final Path manifest = Files.writeString(dir.resolve("m.csv"), "subject,timepoint,side,path\nsubject-0042,00m,right," + missing + "\n");
		final Path o = dir.resolve("o");
		assertEquals(1, run("batch", "--manifest", manifest.toString(), "--out", o.toString()));
		final String failure = out.toString().lines().filter(l -> l.startsWith("failed: ")).findFirst().orElseThrow(() -> new AssertionError(out.toString()));
		assertTrue(failure.endsWith(": " + missing + ": no such file or folder"), failure);
		assertTrue(failure.contains("(" + manifest + " line 2)"), failure);
		try (ResultsStore store = ResultsStore.open(o.resolve("batch.sqlite"))) {
			final String stored = store.scans().get(0).error();
			assertFalse(stored.contains("subject-0042") || stored.contains(dir.toString()), "the shared store keeps no path: " + stored);
			assertTrue(stored.endsWith("no such file or folder"), stored);
		}
	}

	@Test
	void sparkEngineOptions(@TempDir final Path dir) throws Exception {
		final Path m = Files.writeString(dir.resolve("cohort.csv"), "subject,timepoint,side,path\nK1,20200106,right,k1.nii.gz\n");
		assertEquals(2, run("batch", "--manifest", m.toString(), "--out", dir.resolve("out").toString(), "--master", "local[2]"));
		assertTrue(err.toString().contains("--master is for --engine spark"), err.toString());
		assertEquals(2, run("batch", "--manifest", m.toString(), "--out", dir.resolve("out").toString(), "--engine", "flink"));
		// without Spark on the classpath (not so in these tests: Spark is provided), one line says how to run
		assertEquals(1, SparkEngine.MISSING.lines().count());
		assertTrue(SparkEngine.MISSING.contains("spark-submit") && SparkEngine.MISSING.contains("SPARK_HOME"), SparkEngine.MISSING);
	}
}
