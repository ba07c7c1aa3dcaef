package org.chondroj.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;
import org.chondroj.batch.BatchRun;
import org.chondroj.batch.CohortDiscovery;
import org.chondroj.batch.ScanInput;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;

/**
 * Throughput of the Spark batch from DICOM: {@code N} phantom scans ({@code N}/2 knees × 2 visits, each segmented from
 * its DICOM images) on {@code local[1]} and on {@code local[2]}, each run into a new output folder; prints scans per
 * hour and the scaling factor. A documented main, not a test (timings are never asserted); run from the spark module:
 *
 * <pre>
 * ./mvnw -q -o -pl spark -am test-compile
 * ./mvnw -q -o -pl spark exec:exec … or: java -Xmx6g (the module openings of spark/pom.xml) -cp (the test classpath) org.chondroj.spark.SparkThroughput 20
 * </pre>
 *
 * Arguments: the number of scans (default 20), and "oai" for the OAI DESS grid (384 × 384 × 160) instead of the coarse
 * one (192 × 192 × 80 voxels of 0.73 × 0.73 × 1.4 mm, the IW TSE 176 × 176 × 16). Figures: README, "Batch on Apache
 * Spark".
 */
public final class SparkThroughput {

	private SparkThroughput() {
	}

	public static void main(final String[] args) throws Exception {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
		final boolean oai = args.length > 1 && args[1].equals("oai");
		final Path dir = Files.createTempDirectory("chondroj-spark-throughput");
		try {
			PhantomSetup setup = PhantomSetup.defaults();
			if (!oai)
				setup = setup.withImaging(ImagingConfig.defaults().withDessGrid(new int[] { 192, 192, 80 }, new double[] { 0.73, 0.73, 1.4 })
						.withIwGrid(new int[] { 176, 176, 16 }, new double[] { 0.8, 0.8, 7 }));
			for (int k = 0; k < n / 2; k++)
				PhantomStudy.writePair(setup, 500 + k, dir.resolve("cohort/knee" + k));
			final List<ScanInput> scans = CohortDiscovery.discover(dir.resolve("cohort")).scans();
			System.out.printf(Locale.ROOT, "%d scans from DICOM (%s grid), max heap %.0f MB%n", scans.size(), oai ? "OAI" : "coarse",
					Runtime.getRuntime().maxMemory() / 1048576.0);
			double one = 0;
			for (final int threads : new int[] { 1, 2 }) {
				final SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("chondroj-throughput")
						.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
						.getOrCreate();
				try {
					final BatchRun.Summary s = SparkBatch.run(spark, scans, dir.resolve("out" + threads).toString(),
							JobSettings.of(BatchRun.Options.defaults().withSalt("throughput"), null), null);
					final double perHour = 3600 * s.count(BatchRun.Status.ANALYSED) / s.seconds();
					if (threads == 1)
						one = perHour;
					for (final BatchRun.Outcome o : s.outcomes())
						if (o.failed())
							System.out.printf(Locale.ROOT, "  failed: %s: %s%n", o.name(), o.operatorError());
					System.out.printf(Locale.ROOT, "local[%d]: %d analysed, %d failed in %.1f s: %.0f scans per hour; heap per scan %.0f MB%s%n", threads,
							s.count(BatchRun.Status.ANALYSED), s.count(BatchRun.Status.FAILED), s.seconds(), perHour, s.plan().heapPerScanBytes() / 1048576.0,
							threads == 2 ? String.format(Locale.ROOT, "; scaling local[2] / local[1] = %.2f", perHour / one) : "");
				} finally {
					spark.stop();
				}
			}
		} finally {
			AtomicFiles.deleteTree(dir);
		}
	}
}
