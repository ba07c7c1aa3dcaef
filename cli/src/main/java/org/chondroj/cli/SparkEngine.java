package org.chondroj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.chondroj.batch.BatchRun;
import org.chondroj.batch.ScanInput;
import org.chondroj.spark.JobSettings;
import org.chondroj.spark.SparkBatch;

/**
 * {@code chondroj batch --engine spark}: the cohort through {@link SparkBatch}. Spark is not part of the command line's
 * jar: it comes from {@code spark-submit} (which runs this jar on a cluster or locally) or from the classpath
 * ({@code ./chondroj} adds {@code $SPARK_HOME/jars} when {@code SPARK_HOME} is set). This class is loaded only when
 * {@link #available} says Spark is there.
 */
final class SparkEngine {

	/** The one-line error when Spark is not on the classpath. */
	static final String MISSING = "--engine spark needs Apache Spark (3.5, Scala 2.13) on the classpath: run spark-submit cli/target/chondroj.jar batch …"
			+ " --engine spark, or set SPARK_HOME to a Spark installation for ./chondroj (it adds $SPARK_HOME/jars)";

	private SparkEngine() {
	}

	/** Whether Spark's SQL classes can be loaded. */
	static boolean available() {
		try {
			Class.forName("org.apache.spark.sql.SparkSession", false, SparkEngine.class.getClassLoader());
			return true;
		} catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	/**
	 * Runs the cohort on Spark: the master {@code master}, else spark-submit's ({@code spark.master}), else
	 * {@code local[*]} bound to loopback.
	 */
	static BatchRun.Summary run(final List<ScanInput> scans, final String out, final BatchRun.Options options, final Path model, final String master,
			final BatchRun.Listener listener) throws IOException {
		final SparkSession.Builder b = SparkSession.builder().appName("chondroj batch");
		final String m = master != null ? master : System.getProperty("spark.master", "local[*]");
		b.master(m);
		final boolean local = m.startsWith("local");
		// on a laptop (local mode, no logging configuration of the user's) Spark's and Parquet's INFO logging would bury
		// the batch's own lines: warnings only; a cluster's logging stays as its configuration says
		final boolean quiet = local && System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null;
		if (quiet)
			b.config("spark.log.level", "WARN");
		if (local)
			b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.enabled", "false");
		final SparkSession spark = b.getOrCreate();
		try {
			return SparkBatch.run(spark, scans, out, JobSettings.of(options, model), listener);
		} finally {
			spark.stop();
		}
	}
}
