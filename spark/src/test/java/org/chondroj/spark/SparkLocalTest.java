package org.chondroj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chondroj.analysis.DicomOutputs;
import org.chondroj.batch.BatchRun;
import org.chondroj.batch.CohortTables;
import org.chondroj.batch.Manifest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test cohort ({@link SparkCohort}: 8 scans, one corrupt) on Spark's {@code local[2]}: the same tables, report,
 * pseudonyms and store rows as the local batch, the corrupt scan reported with its error, the Parquet tables holding
 * the CSV's rows; run again, nothing is done again and the outputs stay the same.
 */
@Tag("slow")
class SparkLocalTest {

	@Test
	void localTwoThreadsGivesTheLocalBatchOutputs(@TempDir final Path dir) throws Exception {
		final SparkCohort cohort = SparkCohort.get();
		final Path out = dir.resolve("spark out");
		final SparkSession spark = SparkSession.builder().master("local[2]").appName("chondroj-test").config("spark.ui.enabled", "false")
				.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
		try {
			final long t0 = System.nanoTime();
			final BatchRun.Summary s = SparkBatch.run(spark, Manifest.read(cohort.manifest), out.toString(), SparkCohort.settings(), null);
			System.out.printf(Locale.ROOT, "local[2]: %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, s.outcomes());
			assertEquals(SparkCohort.SCANS - 1, s.count(BatchRun.Status.ANALYSED), s.outcomes().toString());
			assertEquals(1, s.count(BatchRun.Status.FAILED));
			final BatchRun.Outcome failed = s.outcomes().stream().filter(BatchRun.Outcome::failed).findFirst().orElseThrow();
			assertTrue(failed.error().contains("corrupt"), failed.error());
			assertEquals(3, s.comparisons());
			assertEquals(1, s.notCompared());
			cohort.assertSameOutputs(out);
			// the Parquet tables: the CSV's rows, typed
			final List<Row> parquet = spark.read().parquet(out.resolve(SparkBatch.MEASUREMENTS_PARQUET).toString()).collectAsList();
			assertEquals(Files.readAllLines(out.resolve(CohortTables.MEASUREMENTS)).size() - 1, parquet.size());
			assertEquals(Files.readAllLines(out.resolve(CohortTables.CHANGES)).size() - 1,
					spark.read().parquet(out.resolve(SparkBatch.CHANGES_PARQUET).toString()).count());
			assertTrue(parquet.get(0).get(parquet.get(0).fieldIndex("value")) instanceof Double);
			// again: nothing done again, the same outputs
			final BatchRun.Summary again = SparkBatch.run(spark, Manifest.read(cohort.manifest), out.toString(), SparkCohort.settings(), null);
			assertEquals(SparkCohort.SCANS - 1, again.count(BatchRun.Status.ALREADY_DONE), again.outcomes().toString());
			assertEquals(1, again.count(BatchRun.Status.ALREADY_FAILED));
			cohort.assertSameOutputs(out);
			// with the DICOM outputs: every analysed scan again (its parameters changed), each with both DICOM files
			final BatchRun.Summary dicom = SparkBatch.run(spark, Manifest.read(cohort.manifest), out.toString(),
					JobSettings.of(BatchRun.Options.defaults().withSalt(SparkCohort.SALT).withDicomOutputs(true), null), null);
			assertEquals(SparkCohort.SCANS - 1, dicom.count(BatchRun.Status.ANALYSED), dicom.outcomes().toString());
			for (final BatchRun.Outcome o : dicom.outcomes())
				if (!o.failed())
					for (final String f : List.of(DicomOutputs.SEGMENTATION, DicomOutputs.MEASUREMENTS))
						assertTrue(Files.size(out.resolve(BatchRun.SCANS).resolve(o.name()).resolve(f)) > 1000, o.name() + " " + f);
		} finally {
			spark.stop();
		}
	}
}
