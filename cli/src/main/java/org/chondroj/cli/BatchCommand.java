package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.batch.BatchRun;
import org.chondroj.batch.CohortDiscovery;
import org.chondroj.batch.CohortReport;
import org.chondroj.batch.CohortTables;
import org.chondroj.batch.Manifest;
import org.chondroj.batch.Pseudonyms;
import org.chondroj.batch.ResultsStore;
import org.chondroj.batch.ScanInput;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj batch (FOLDER | --manifest FILE) --out DIR [--threads N] [--retry-failed] [--keep-identifiers]
 * [--salt TEXT] [--label-preset NAME | --labels-mapping TEXT] [--side left|right] [--weight-bearing F] [--dicom-outputs]
 * [--engine local|spark [--master URL]]}: a cohort, through {@link BatchRun}, or with {@code --engine spark} through
 * {@link org.chondroj.spark.SparkBatch} ({@link SparkEngine}). A progress bar on a terminal, one line per scan otherwise; every file of a study folder
 * tree that is not part of a scan is listed with why, each failed scan with its origin and error, and the summary
 * counts both; exit code 1 when any scan or comparison failed. Texts from the inputs are printed with their control
 * characters escaped.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, header = "Analyses a cohort of scans (resumable): tables and a report.", description = {
		"Analyses a cohort: every scan of a study folder tree (subjects, time points and sides from the DICOM headers) or of a manifest "
				+ "CSV (subject,timepoint,side,path[,labels,label_preset,group]), in parallel within the heap, then compares each later time point "
				+ "of a knee with its first. Writes DIR/batch.sqlite (the results store), scans/ and comparisons/ (as analyze and compare write), "
				+ "cohort_measurements.csv, cohort_changes.csv, cohort_report.html and pseudonyms.csv. Run again to resume: what is done is kept, "
				+ "changed inputs or options are processed again, failures only with --retry-failed. Exit code 1 when any scan failed." })
final class BatchCommand implements Callable<Integer> {

	@Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", description = "a study folder tree (DICOM files at any depth)")
	Path folder;

	@Option(names = "--manifest", paramLabel = "FILE", description = "a manifest CSV instead of a folder: subject,timepoint,side,path[,labels,label_preset,group]")
	Path manifest;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "the output folder (created; an earlier run's folder is resumed); with"
			+ " --engine spark also a Hadoop URI (hdfs://…, s3a://…)")
	String out;

	@Option(names = "--engine", paramLabel = "local|spark", defaultValue = "local", description = "local (default): this JVM's threads; spark: one Spark task"
			+ " per scan (README \"Batch on Apache Spark\"; Spark must be on the classpath: spark-submit, or SPARK_HOME for ./chondroj)")
	String engine;

	@Option(names = "--master", paramLabel = "URL", description = "with --engine spark: the Spark master, e.g. local[*] or spark://host:7077 (default: spark-submit's,"
			+ " else local[*])")
	String master;

	@Option(names = "--threads", paramLabel = "N", description = "scans at once at most (default: the number of cores; fewer when the heap does not hold them)")
	Integer threads;

	@Option(names = "--retry-failed", description = "process again the scans that failed in an earlier run")
	boolean retryFailed;

	@Option(names = "--keep-identifiers", description = "name subjects by their identifiers in the outputs (default: by pseudonyms)")
	boolean keepIdentifiers;

	@Option(names = "--dicom-outputs", description = "also write each scan's segmentation.dcm and measurements.dcm (DICOM SEG and SR);"
			+ " without --keep-identifiers they name the patient by the pseudonym and hold nothing of the source (no names, dates or UIDs)")
	boolean dicomOutputs;

	@Option(names = "--salt", paramLabel = "TEXT", description = "the pseudonyms' secret salt (default: a random one, kept in the results store)")
	String salt;

	@Mixin
	MeasurementOptions measurement;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		if ((folder == null) == (manifest == null))
			throw new ParameterException(spec.commandLine(), "give a study folder or --manifest FILE, not both and not neither");
		final boolean spark = switch (engine) {
		case "local" -> false;
		case "spark" -> true;
		default -> throw new ParameterException(spec.commandLine(), "--engine is local or spark, not " + UntrustedText.printable(engine));
		};
		if (master != null && !spark)
			throw new ParameterException(spec.commandLine(), "--master is for --engine spark");
		if (spark && !SparkEngine.available())
			throw new IllegalStateException(SparkEngine.MISSING);
		if (!spark)
			AtomicFiles.checkCanWriteInto(Path.of(out)); // before discovery, which may read many files
		final PrintWriter p = spec.commandLine().getOut();
		final List<ScanInput> scans;
		int notScans = 0;
		if (manifest != null)
			scans = Manifest.read(manifest);
		else {
			final CohortDiscovery.Found found = CohortDiscovery.discover(folder);
			for (final String problem : found.problems())
				p.printf(Locale.ROOT, "not part of any scan: %s%n", UntrustedText.printable(problem));
			notScans = found.problems().size();
			scans = found.scans();
		}
		BatchRun.Options options = BatchRun.Options.defaults().withRetryFailed(retryFailed).withKeepIdentifiers(keepIdentifiers).withSalt(salt)
				.withDicomOutputs(dicomOutputs)
				.withAnalyzer(measurement.analyzer());
		if (threads != null)
			options = options.withThreads(threads);
		final Progress progress = new Progress(p, System.console() != null);
		final BatchRun.Summary s;
		try {
			s = spark ? SparkEngine.run(scans, out, options, measurement.model, master, progress) : BatchRun.run(scans, Path.of(out), options, progress);
		} finally {
			progress.close();
		}
		for (final String line : progress.failures)
			p.println(line);
		p.printf(Locale.ROOT, "%d scans: %d analysed, %d done before, %d failed (%d before, not retried); %d pairs compared, %d failed, %d not compared; %.1f s%n",
				s.outcomes().size(), s.count(BatchRun.Status.ANALYSED), s.count(BatchRun.Status.ALREADY_DONE),
				s.count(BatchRun.Status.FAILED) + s.count(BatchRun.Status.ALREADY_FAILED), s.count(BatchRun.Status.ALREADY_FAILED), s.comparisons(),
				s.comparisonsFailed(), s.notCompared(), s.seconds());
		if (notScans > 0)
			p.printf(Locale.ROOT, "%d files not part of any scan (listed above: \"not part of any scan\")%n", notScans);
		final Path o = s.out();
		p.printf(Locale.ROOT, "  store        %s%n  measurements %s%n  changes      %s%n  summary      %s%n", o.resolve(ResultsStore.FILE),
				o.resolve(CohortTables.MEASUREMENTS), o.resolve(CohortTables.CHANGES), o.resolve(CohortReport.FILE));
		if (!keepIdentifiers)
			p.printf(Locale.ROOT, "  pseudonyms   %s (identifies the subjects: keep it apart from what is shared)%n", o.resolve(Pseudonyms.MAPPING));
		return s.anyFailed() ? 1 : 0;
	}

	/** A progress bar on a terminal; otherwise a line per scan with counts, rate and the estimated time left. */
	private static final class Progress implements BatchRun.Listener {
		private final PrintWriter out;
		private final boolean terminal;
		private final List<String> failures = new ArrayList<>();
		private ProgressBar bar;
		private long start;
		private int processed;

		Progress(final PrintWriter out, final boolean terminal) {
			this.out = out;
			this.terminal = terminal;
		}

		@Override
		public void started(final BatchRun.Plan plan) {
			start = System.nanoTime();
			out.printf(Locale.ROOT, "%d scans; about %.0f MB of heap per scan (max heap %.0f MB): %d at once (--threads %d)%n", plan.scans(),
					plan.heapPerScanBytes() / 1048576.0, plan.maxHeapBytes() / 1048576.0, plan.concurrency(), plan.threads());
			out.flush();
			if (terminal)
				bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(plan.scans()).setStyle(ProgressBarStyle.ASCII).setUnit(" scans", 1)
						.showSpeed(new java.text.DecimalFormat("0.00", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))).build();
		}

		@Override
		public void scanFinished(final BatchRun.Outcome o, final int finished, final int total) {
			if (o.failed())
				failures.add(String.format(Locale.ROOT, "failed: %s (%s): %s", o.name(), UntrustedText.printable(o.origin()), UntrustedText.printable(o.operatorError())));
			if (o.status() == BatchRun.Status.ANALYSED || o.status() == BatchRun.Status.FAILED)
				processed++;
			if (bar != null) {
				bar.stepTo(finished);
				bar.setExtraMessage(" " + o.name());
				return;
			}
			final double seconds = (System.nanoTime() - start) / 1e9;
			final double rate = processed / Math.max(seconds, 1e-9);
			final String eta = processed == 0 ? "–" : String.format(Locale.ROOT, "%.0f s", (total - finished) / rate);
			out.printf(Locale.ROOT, "[%d/%d] %s %s%s (%.2f scans/min, %.0f s elapsed, about %s left)%n", finished, total, o.name(),
					o.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), o.failed() ? ": " + UntrustedText.printable(o.operatorError()) : "", 60 * rate,
					seconds, eta);
			out.flush();
		}

		@Override
		public void note(final String text) {
			if (bar == null) {
				out.println(UntrustedText.printable(text));
				out.flush();
			}
		}

		void close() {
			if (bar != null)
				bar.close();
		}
	}
}
