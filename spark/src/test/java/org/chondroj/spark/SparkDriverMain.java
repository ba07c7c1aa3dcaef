package org.chondroj.spark;

import java.util.Locale;

import org.apache.spark.sql.SparkSession;
import org.chondroj.batch.BatchRun;
import org.chondroj.batch.Manifest;

/**
 * A driver in its own JVM (for {@link SparkStandaloneTest}, which kills it part-way): runs the test cohort's manifest
 * {@code args[1]} on the master {@code args[0]} into {@code args[2]}; its executors get this JVM's classpath and module
 * openings. Prints a line per scan.
 */
public final class SparkDriverMain {

	private SparkDriverMain() {
	}

	public static void main(final String[] args) throws Exception {
		final SparkSession spark = SparkSession.builder().master(args[0]).appName("chondroj-test-driver").config("spark.ui.enabled", "false")
				.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
				.config("spark.executor.extraClassPath", System.getProperty("java.class.path")).config("spark.executor.extraJavaOptions", SparkCohort.opens())
				.config("spark.executor.memory", "768m").config("spark.executor.cores", "1").getOrCreate();
		try {
			final BatchRun.Summary s = SparkBatch.run(spark, Manifest.read(java.nio.file.Path.of(args[1])), args[2], SparkCohort.settings(),
					new BatchRun.Listener() {
						@Override
						public void scanFinished(final BatchRun.Outcome o, final int finished, final int total) {
							System.out.printf(Locale.ROOT, "[%d/%d] %s %s%n", finished, total, o.name(), o.status());
						}
					});
			System.out.printf(Locale.ROOT, "analysed %d, done before %d, failed %d, failed before %d; %d compared; %.1f s%n",
					s.count(BatchRun.Status.ANALYSED), s.count(BatchRun.Status.ALREADY_DONE), s.count(BatchRun.Status.FAILED),
					s.count(BatchRun.Status.ALREADY_FAILED), s.comparisons(), s.seconds());
		} finally {
			spark.stop();
		}
	}
}
