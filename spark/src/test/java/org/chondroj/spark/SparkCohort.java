package org.chondroj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.batch.BatchRun;
import org.chondroj.batch.CohortReport;
import org.chondroj.batch.CohortTables;
import org.chondroj.batch.Manifest;
import org.chondroj.batch.Pseudonyms;
import org.chondroj.batch.ResultsStore;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;

/**
 * The tests' cohort: 4 phantom knees × 2 visits as label maps on a coarse grid (200 × 200 × 100 voxels of 0.7 × 0.7
 * × 1.12 mm, to keep the Spark tests within CI's budget), one baseline a corrupt file; its manifest; and its outputs
 * from the local batch ({@link BatchRun}, two threads), made once per test JVM, to compare every engine's outputs with.
 */
final class SparkCohort {

	static final String SALT = "spark tests";
	static final int SCANS = 8;
	private static final ImagingConfig GRID = ImagingConfig.defaults().withDessGrid(new int[] { 200, 200, 100 }, new double[] { 0.7, 0.7, 1.12 });

	private static SparkCohort shared;

	final Path manifest, reference;

	private SparkCohort(final Path dir) throws Exception {
		final PhantomSetup setup = PhantomSetup.defaults().withImaging(GRID);
		final StringBuilder m = new StringBuilder("subject,timepoint,side,path,group\n");
		for (int i = 0; i < 4; i++) {
			final long seed = 301 + i;
			if (i == 3)
				Files.write(dir.resolve(seed + "a.nii.gz"), new byte[] { 31, -117, 8, 0, 1, 2, 3, 4, 5, 6, 7 }); // corrupt
			else
				VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(seed), setup.baselineImaging(seed)), dir.resolve(seed + "a.nii.gz"));
			VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(seed), setup.followUpImaging(seed)), dir.resolve(seed + "b.nii.gz"));
			m.append(String.format(Locale.ROOT, "K%d,20200106,right,%da.nii.gz,arm %d%nK%d,20210111,right,%db.nii.gz,arm %d%n", seed, seed, i % 2, seed, seed,
					i % 2));
		}
		manifest = Files.writeString(dir.resolve("cohort.csv"), m);
		reference = dir.resolve("local");
		final long t0 = System.nanoTime();
		BatchRun.run(Manifest.read(manifest), reference, BatchRun.Options.defaults().withThreads(2).withSalt(SALT), null);
		System.out.printf(Locale.ROOT, "the local batch of the test cohort: %.1f s%n", (System.nanoTime() - t0) / 1e9);
	}

	/** The cohort, made on first use in a folder that lives as long as the test JVM. */
	static synchronized SparkCohort get() throws Exception {
		if (shared == null) {
			final Path dir = Files.createTempDirectory("chondroj-spark-cohort");
			dir.toFile().deleteOnExit();
			shared = new SparkCohort(dir);
		}
		return shared;
	}

	/** The options of the tests' runs. */
	static JobSettings settings() {
		return JobSettings.of(BatchRun.Options.defaults().withSalt(SALT), null);
	}

	/** Asserts that {@code out} holds the local batch's cohort tables (as sorted rows), report, pseudonyms and store rows. */
	void assertSameOutputs(final Path out) throws IOException {
		for (final String table : List.of(CohortTables.MEASUREMENTS, CohortTables.CHANGES, CohortTables.FLAGS))
			assertEquals(sorted(reference.resolve(table)), sorted(out.resolve(table)), table);
		for (final String file : List.of(CohortReport.FILE, Pseudonyms.MAPPING))
			assertEquals(Files.readString(reference.resolve(file)), Files.readString(out.resolve(file)), file);
		try (ResultsStore a = ResultsStore.openReadOnly(reference.resolve(ResultsStore.FILE));
				ResultsStore b = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			assertEquals(a.scans().stream().map(ResultsStore.ScanRow::withoutTimings).toList(),
					b.scans().stream().map(ResultsStore.ScanRow::withoutTimings).toList());
			assertEquals(a.comparisons().stream().map(ResultsStore.ComparisonRow::withoutTimings).toList(),
					b.comparisons().stream().map(ResultsStore.ComparisonRow::withoutTimings).toList());
		}
	}

	private static List<String> sorted(final Path csv) throws IOException {
		final List<String> lines = new ArrayList<>(Files.readAllLines(csv, StandardCharsets.UTF_8));
		lines.sort(null);
		return lines;
	}

	/** A JVM command with this test JVM's classpath and module openings (Spark on Java 17), heap {@code xmx}. */
	static List<String> java(final String xmx, final String... mainAndArgs) {
		final List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx));
		for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect"))
				c.add(a);
		c.addAll(List.of("-cp", System.getProperty("java.class.path")));
		c.addAll(List.of(mainAndArgs));
		return c;
	}

	/** The module openings of this JVM, as one option string (for Spark's executors). */
	static String opens() {
		return String.join(" ", java("1g").subList(2, java("1g").indexOf("-cp")));
	}
}
