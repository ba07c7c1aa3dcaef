package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chondroj.batch.CohortReport;
import org.chondroj.batch.CohortTables;
import org.chondroj.batch.ResultsStore;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chondroj batch}: a run killed part-way (the process destroyed forcibly) and run again ends with the same store
 * (timings aside), tables and summary as an uninterrupted run; plain progress lines when there is no terminal; usage
 * errors. What a batch computes is tested in segmentation (BatchRunPhantomTest, BatchRunDicomTest).
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

	@Test
	void usage(@TempDir final Path dir) {
		assertEquals(2, run("batch", "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("give a study folder or --manifest FILE"), err.toString());
		err.getBuffer().setLength(0);
		assertEquals(1, run("batch", "--manifest", dir.resolve("none.csv").toString(), "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("none.csv"), err.toString());
	}
}
