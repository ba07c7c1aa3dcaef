package org.chondroj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.chondroj.batch.BatchRun;
import org.chondroj.batch.CohortPlan;
import org.chondroj.batch.CohortReport;
import org.chondroj.batch.CohortTables;
import org.chondroj.batch.HeapBudget;
import org.chondroj.batch.PairWork;
import org.chondroj.batch.Pseudonyms;
import org.chondroj.batch.ResultsStore;
import org.chondroj.batch.ScanInput;
import org.chondroj.batch.ScanWork;
import org.chondroj.core.io.AtomicFiles;

/**
 * {@code chondroj batch} on Apache Spark: the same cohort ({@link CohortPlan}), one Spark task per scan
 * ({@link ScanWork}) and per pair ({@link PairWork}), the same tables and report ({@link BatchRun#finish}), into an
 * output folder on any Hadoop file system ({@link OutputFolder}). The output folder holds what the local batch writes
 * ({@link BatchRun}: {@code batch.sqlite}, {@code scans/}, {@code comparisons/}, the cohort tables, the report,
 * {@code pseudonyms.csv}) and, besides, the tables as Parquet ({@value #MEASUREMENTS_PARQUET},
 * {@value #CHANGES_PARQUET}: typed columns, the same rows) and the tasks' traces ({@link Journal#FOLDER}).
 * <p>
 * <b>The driver</b> plans the cohort, keeps the results store (SQLite: on the driver's disk; when the output folder is
 * elsewhere, a copy in a temporary folder that is uploaded at the end), hands each scan its stored row and collects
 * the new ones, then does the same for the pairs whose two scans are done, and writes the tables, the report and the
 * pseudonyms. <b>A task</b> hashes its scan's files (on a file system every executor sees at the same path), and
 * unless its stored result is current analyses it into a local temporary folder, copies the folder into
 * {@code scans/} (whole or not at all), then writes its trace; a pair's task copies its two scan folders to local disk
 * first. <b>Resuming</b>: a later run reads every trace into the store before it plans, so a scan or pair a killed
 * driver's tasks finished is not done again; the outputs of an uninterrupted run and of a killed and resumed one are
 * the same (timings aside). <b>Failures</b> of a scan or pair are recorded as the local batch records them; a task that
 * fails otherwise (the output folder cannot be written, an executor lost) is retried by Spark, and the job fails when
 * its retries do.
 * <p>
 * <b>Sizing</b>: each executor runs as many scans at once as it has task slots ({@code spark.executor.cores}, or
 * {@code spark.task.cpus} per scan), and holds each scan's heap estimate ({@link HeapBudget#estimate}) from its own
 * {@link HeapBudget} while it runs, so an executor with too little heap runs fewer at once rather than failing; the
 * plan's {@code heapPerScanBytes} is the advice: {@code spark.executor.memory} at least cores × heap per scan / 
 * {@value HeapBudget#HEAP_SHARE}.
 */
public final class SparkBatch {

	/** The Parquet tables in the output folder. */
	public static final String MEASUREMENTS_PARQUET = "cohort_measurements.parquet", CHANGES_PARQUET = "cohort_changes.parquet";

	private SparkBatch() {
	}

	/** A scan as a task receives it: its input, names, heap estimate and stored row (or null). */
	private record ScanJob(ScanSpec scan, String name, String subject, long estimate, ResultsStore.ScanRow old) implements Serializable {
		private static final long serialVersionUID = 1L;
	}

	/** A pair as a task receives it: its key, name and the rows of its two scans. */
	private record PairJob(String key, String name, ResultsStore.ScanRow a, ResultsStore.ScanRow b) implements Serializable {
		private static final long serialVersionUID = 1L;
	}

	/**
	 * Runs the cohort {@code scans} on {@code spark} into the folder {@code out} (a Hadoop URI or a local path; created
	 * if needed, an earlier run's folder resumed).
	 *
	 * @throws IllegalArgumentException when two scans have the same subject, side and time point
	 * @throws IOException              when the output folder or the store cannot be written
	 */
	public static BatchRun.Summary run(final SparkSession spark, final List<ScanInput> scans, final String out, final JobSettings settings,
			final BatchRun.Listener listener) throws IOException {
		final long t0 = System.nanoTime();
		final BatchRun.Listener tell = listener == null ? new BatchRun.Listener() {
		} : listener;
		final OutputFolder folder = new OutputFolder(out, spark.sparkContext().hadoopConfiguration());
		for (final String[] d : List.of(new String[] { BatchRun.SCANS }, new String[] { BatchRun.COMPARISONS }, new String[] { Journal.FOLDER, Journal.SCANS },
				new String[] { Journal.FOLDER, Journal.COMPARISONS })) {
			folder.mkdirs(d);
			folder.removePartial(d);
		}
		folder.removePartial();
		final boolean local = folder.isLocal();
		// the store, the tables and the report are written here, then uploaded unless the output folder is local
		final java.nio.file.Path work = local ? folder.local() : Files.createTempDirectory("chondroj-spark");
		if (!local && folder.exists(ResultsStore.FILE))
			folder.download(work.resolve(ResultsStore.FILE), ResultsStore.FILE);
		final BatchRun.Options options = settings.options();
		final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		final BatchRun.Summary summary;
		try (ResultsStore store = ResultsStore.open(work.resolve(ResultsStore.FILE))) {
			final CohortPlan plan = BatchRun.plan(scans, store, options);
			// what tasks of earlier runs finished
			for (final String t : folder.texts(Journal.SUFFIX, Journal.FOLDER, Journal.SCANS))
				store.put(Journal.parse(ResultsStore.ScanRow.class, t));
			for (final String t : folder.texts(Journal.SUFFIX, Journal.FOLDER, Journal.COMPARISONS))
				store.put(Journal.parse(ResultsStore.ComparisonRow.class, t));
			if (!options.keepIdentifiers())
				Pseudonyms.writeMapping(plan.subjects(), work.resolve(Pseudonyms.MAPPING));
			// the plan: each executor's heap and cores
			final Map<String, Long> estimates = new LinkedHashMap<>();
			for (final ScanInput in : plan.scans())
				estimates.put(in.key(), HeapBudget.estimate(in));
			final long executorHeap = executorHeap(spark);
			final int cores = executorCores(spark);
			final HeapBudget budget = new HeapBudget(executorHeap);
			final long perScan = budget.perScan(estimates.values());
			tell.started(new BatchRun.Plan(plan.scans().size(), perScan, executorHeap, cores, Math.min(cores, budget.fitting(perScan))));
			tell.note(String.format(Locale.ROOT, "executor sizing: about %.0f MB of heap per scan; spark.executor.memory of at least %.0f MB per core",
					perScan / 1048576.0, perScan / HeapBudget.HEAP_SHARE / 1048576.0));
			// the scans, one task each
			final List<ScanJob> jobs = new ArrayList<>();
			for (final ScanInput in : plan.scans())
				jobs.add(new ScanJob(ScanSpec.of(in), plan.name(in), plan.subject(in), estimates.get(in.key()), store.scan(plan.key(in))));
			final List<ScanWork.Result> results = jobs.isEmpty() ? List.of()
					: jsc.parallelize(jobs, jobs.size()).map(j -> scan(j, settings, folder)).collect();
			final List<BatchRun.Outcome> outcomes = new ArrayList<>();
			int finished = 0;
			for (final ScanWork.Result r : results) {
				if (r.processed())
					store.put(r.row());
				outcomes.add(r.outcome());
				tell.scanFinished(r.outcome(), ++finished, results.size());
			}
			// the pairs whose scans are done, one task each
			final List<PairWork.Pair> pairs = PairWork.pairs(plan, store, options);
			final List<PairJob> pairJobs = new ArrayList<>();
			for (final PairWork.Pair p : pairs)
				if (p.state() == PairWork.State.TO_DO)
					pairJobs.add(new PairJob(p.key(), p.name(), p.a(), p.b()));
			if (!pairJobs.isEmpty())
				for (final ResultsStore.ComparisonRow row : jsc.parallelize(pairJobs, pairJobs.size()).map(j -> pair(j, settings, folder)).collect())
					store.put(row);
			final int[] counts = new int[3];
			for (final PairWork.Pair p : pairs)
				BatchRun.count(p, store.comparison(p.key()), counts, tell);
			// the tables, the report, the pseudonyms
			BatchRun.finish(plan, store, options, work);
			if (!local)
				for (final String f : List.of(CohortTables.MEASUREMENTS, CohortTables.CHANGES, CohortTables.FLAGS, CohortReport.FILE, Pseudonyms.MAPPING))
					if (Files.exists(work.resolve(f)))
						folder.upload(work.resolve(f), f);
			parquet(spark, folder, work.resolve(CohortTables.MEASUREMENTS), MEASUREMENTS_PARQUET);
			parquet(spark, folder, work.resolve(CohortTables.CHANGES), CHANGES_PARQUET);
			outcomes.sort(Comparator.comparing(BatchRun.Outcome::name));
			summary = new BatchRun.Summary(summaryPlan(plan, perScan, executorHeap, cores, budget), outcomes, counts[0], counts[1], counts[2],
					(System.nanoTime() - t0) / 1e9, local ? work : java.nio.file.Path.of(out));
		}
		if (!local) {
			folder.upload(work.resolve(ResultsStore.FILE), ResultsStore.FILE);
			AtomicFiles.deleteTree(work);
		}
		return summary;
	}

	private static BatchRun.Plan summaryPlan(final CohortPlan plan, final long perScan, final long heap, final int cores, final HeapBudget budget) {
		return new BatchRun.Plan(plan.scans().size(), perScan, heap, cores, Math.min(cores, budget.fitting(perScan)));
	}

	/** The heap of one executor: {@code spark.executor.memory} (default 1 GiB), or in local mode the driver's heap. */
	static long executorHeap(final SparkSession spark) {
		if (spark.sparkContext().isLocal())
			return Runtime.getRuntime().maxMemory();
		return spark.sparkContext().getConf().getSizeAsBytes("spark.executor.memory", "1g");
	}

	/** The scans one executor runs at once: its cores ({@code spark.executor.cores}; local mode: its threads) per task's cpus. */
	static int executorCores(final SparkSession spark) {
		final int cores = spark.sparkContext().isLocal() ? spark.sparkContext().defaultParallelism()
				: spark.sparkContext().getConf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
		return Math.max(1, cores / Math.max(1, spark.sparkContext().getConf().getInt("spark.task.cpus", 1)));
	}

	/** Each executor's heap budget: its scans hold their estimates while they run, as in the local batch. */
	private static final class ExecutorHeap {
		static final HeapBudget BUDGET = new HeapBudget(Runtime.getRuntime().maxMemory());
	}

	/** A scan's task (on an executor). */
	private static ScanWork.Result scan(final ScanJob j, final JobSettings settings, final OutputFolder out) throws IOException, InterruptedException {
		final java.nio.file.Path tmp = Files.createTempDirectory("chondroj-scan");
		try {
			final ScanWork.Result r = ScanWork.process(j.scan().input(), j.name(), j.subject(), j.estimate(), settings.options(), j.old(), tmp.resolve(j.name()),
					ExecutorHeap.BUDGET);
			if (r.processed()) {
				final String trace = j.name() + Journal.SUFFIX;
				out.delete(Journal.FOLDER, Journal.SCANS, trace);
				if (r.row().status().equals(ResultsStore.DONE))
					out.upload(tmp.resolve(j.name()), BatchRun.SCANS, j.name());
				else
					out.delete(BatchRun.SCANS, j.name());
				out.writeText(Journal.text(r.row()), Journal.FOLDER, Journal.SCANS, trace);
			}
			return r;
		} finally {
			AtomicFiles.deleteTree(tmp);
		}
	}

	/** A pair's task (on an executor). */
	private static ResultsStore.ComparisonRow pair(final PairJob j, final JobSettings settings, final OutputFolder out) throws IOException {
		final java.nio.file.Path tmp = Files.createTempDirectory("chondroj-pair");
		try {
			final java.nio.file.Path a = tmp.resolve("baseline"), b = tmp.resolve("followup"), c = tmp.resolve(j.name());
			out.download(a, BatchRun.SCANS, j.a().name());
			out.download(b, BatchRun.SCANS, j.b().name());
			final ResultsStore.ComparisonRow row = PairWork.process(j.key(), j.name(), j.a(), j.b(), a, b, c, settings.options());
			final String trace = j.name() + Journal.SUFFIX;
			out.delete(Journal.FOLDER, Journal.COMPARISONS, trace);
			if (row.status().equals(ResultsStore.DONE))
				out.upload(c, BatchRun.COMPARISONS, j.name());
			else
				out.delete(BatchRun.COMPARISONS, j.name());
			out.writeText(Journal.text(row), Journal.FOLDER, Journal.COMPARISONS, trace);
			return row;
		} finally {
			AtomicFiles.deleteTree(tmp);
		}
	}

	/** Columns of the cohort tables that hold numbers (empty fields: null), and the one that holds a yes or no. */
	private static final Set<String> NUMBERS = Set.of("value", "years", "baseline_value", "followup_value", "change", "change_pct", "change_per_year", "sdc");

	/** Writes the CSV table {@code csv} as the Parquet folder {@code name} (one file, typed columns), whole or not at all. */
	static void parquet(final SparkSession spark, final OutputFolder out, final java.nio.file.Path csv, final String name) throws IOException {
		final List<List<String>> table = Csv.read(Files.readString(csv));
		final List<String> header = table.get(0);
		final List<StructField> fields = new ArrayList<>();
		for (final String h : header)
			fields.add(DataTypes.createStructField(h, type(h), true));
		final List<Row> rows = new ArrayList<>();
		for (final List<String> r : table.subList(1, table.size())) {
			final Object[] values = new Object[r.size()];
			for (int i = 0; i < values.length; i++) {
				final String v = r.get(i);
				final DataType t = fields.get(i).dataType();
				values[i] = t == DataTypes.DoubleType ? (v.isEmpty() ? null : Double.valueOf(v)) : t == DataTypes.BooleanType ? Boolean.valueOf(v) : v;
			}
			rows.add(RowFactory.create(values));
		}
		final Dataset<Row> d = spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
		final org.apache.hadoop.fs.Path target = out.path(name), temp = out.temp(target, "");
		d.coalesce(1).write().mode(SaveMode.Overwrite).parquet(temp.toString());
		out.replace(temp, target);
	}

	private static DataType type(final String column) {
		return NUMBERS.contains(column) ? DataTypes.DoubleType : column.equals("exceeds_sdc") ? DataTypes.BooleanType : DataTypes.StringType;
	}
}
