package org.chondroj.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Failures;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.measure.KneeMeasurement;

/**
 * Runs a cohort: analyses every scan that has no current result in the store, in parallel within the heap, compares
 * every follow-up of a knee with its baseline, and writes the cohort tables and summary. The output folder:
 *
 * <pre>
 * batch.sqlite                the results store ({@link ResultsStore}): the state of the run and every result
 * scans/NAME/                 each analysed scan's outputs ({@link KneeAnalyzer#write(KneeMeasurement.Result, Path)});
 *                             NAME = subject_side_timepoint as a file name ({@link UntrustedText#fileName}: at most
 *                             100 characters, a long one ending in a hash of the whole)
 * comparisons/NAME/           each compared pair's outputs ({@link KneeAnalyzer#write(VisitComparison, Path)});
 *                             NAME = subject_side_baseline_followup, likewise
 * cohort_measurements.csv     {@link CohortTables}
 * cohort_changes.csv          {@link CohortTables}
 * cohort_report.html          {@link CohortReport}
 * pseudonyms.csv              subject → pseudonym, unless identifiers are kept ({@link Pseudonyms}); keep it apart
 * </pre>
 *
 * <b>Resuming.</b> A scan is processed when the store has no row for it, when its input hash (its files) or its parameter
 * hash (ChondroJ version, options, label numbering) differs from the row's, or when it failed and failures are
 * retried; otherwise its stored result is used. Each result is committed in one transaction after its folder is in
 * place, so a run killed at any moment and started again with the same inputs ends with the same store (timings
 * aside), the same tables and the same report as an uninterrupted run. The time points of a knee are ordered by study
 * date, the undated last, then by name ({@link #TIME_ORDER}); the first is the baseline and each later one is compared
 * with it.
 * <p>
 * <b>Failures.</b> A scan that cannot be read or analysed (a missing or corrupt file, a missing series, a failed
 * segmentation, running out of memory, a Java {@link Error} such as a stack overflow that its input caused) is stored
 * as failed with its error, one line that says what and why ({@link Failures#describe}), and the batch goes on; its
 * pairs are not compared. Likewise a pair whose comparison fails. Only a failure of the output folder's store ends
 * the run.
 * <p>
 * <b>Identifiers.</b> Unless {@link Options#keepIdentifiers}, subjects are named by their pseudonym everywhere in the
 * output folder except {@code pseudonyms.csv}, and in the stored results and errors input paths (which often hold
 * names) are replaced by the scan's name and DICOM UIDs ({@link ScanInput#uids}) by {@value ScanInput#UID_PLACEHOLDER}.
 * <p>
 * <b>Untrusted text.</b> Whatever the inputs hold, the texts the batch writes (subjects, time points, groups, errors,
 * notes) hold no control characters ({@link UntrustedText#printable}), and folder names are safe and short
 * ({@link UntrustedText#fileName}).
 * <p>
 * <b>Concurrency.</b> {@link Options#threads} scans at a time at most, and never more than fit in the heap
 * ({@link HeapBudget}); each scan's own voxel work is spread over the cores as usual. The outputs do not depend on
 * the number of threads.
 */
public final class BatchRun {

	/** Sub-folders of the output folder. */
	public static final String SCANS = "scans", COMPARISONS = "comparisons";
	/** The store's meta key of the pseudonym salt. */
	static final String SALT = "pseudonym_salt";

	/**
	 * How to run.
	 *
	 * @param threads         scans at once at most (default: the number of cores)
	 * @param retryFailed     process again the scans that failed before with the same inputs
	 * @param keepIdentifiers name subjects by their identifiers instead of pseudonyms, and keep input paths
	 * @param salt            the pseudonym salt; null: the store's, or a new random one kept in the store
	 * @param analyzer        how each scan is segmented, measured and compared: the segmenter, the label numbering of
	 *                        label maps without a preset of their own, the side (for scans without one) and
	 *                        weight-bearing fraction, the comparisons' options (precision, ordered-values threshold)
	 * @param maxHeapBytes    the heap to plan for (default {@link Runtime#maxMemory})
	 * @param dicomOutputs    also write each scan's DICOM Segmentation and TID 1500 SR ({@link org.chondroj.analysis.DicomOutputs})
	 *                        into its folder; unless identifiers are kept, pseudonymous and detached from the source
	 *                        (patient name and ID the pseudonym, no source UID, date or name)
	 */
	public record Options(int threads, boolean retryFailed, boolean keepIdentifiers, String salt, KneeAnalyzer analyzer, long maxHeapBytes,
			boolean dicomOutputs) {

		public Options {
			if (threads < 1)
				throw new IllegalArgumentException("threads must be at least 1, got " + threads);
			Objects.requireNonNull(analyzer);
		}

		/** All cores, failures not retried, pseudonyms, the default analyzer ({@link KneeAnalyzer#create()}). */
		public static Options defaults() {
			return new Options(Runtime.getRuntime().availableProcessors(), false, false, null, KneeAnalyzer.create(), Runtime.getRuntime().maxMemory(), false);
		}

		/** The label numbering of label maps without a preset of their own. */
		public LabelMapping mapping() {
			return analyzer.labelMapping();
		}

		/** Side (for scans without one), weight-bearing fraction, lesion depth. */
		public KneeMeasurement.Options analysis() {
			return analyzer.options();
		}

		/** The comparisons' options. */
		public Comparison.Options comparison() {
			return analyzer.comparisonOptions();
		}

		public Options withThreads(final int n) {
			return new Options(n, retryFailed, keepIdentifiers, salt, analyzer, maxHeapBytes, dicomOutputs);
		}

		public Options withRetryFailed(final boolean r) {
			return new Options(threads, r, keepIdentifiers, salt, analyzer, maxHeapBytes, dicomOutputs);
		}

		public Options withKeepIdentifiers(final boolean k) {
			return new Options(threads, retryFailed, k, salt, analyzer, maxHeapBytes, dicomOutputs);
		}

		public Options withSalt(final String s) {
			return new Options(threads, retryFailed, keepIdentifiers, s, analyzer, maxHeapBytes, dicomOutputs);
		}

		public Options withAnalyzer(final KneeAnalyzer a) {
			return new Options(threads, retryFailed, keepIdentifiers, salt, a, maxHeapBytes, dicomOutputs);
		}

		public Options withMapping(final LabelMapping m) {
			return withAnalyzer(analyzer.toBuilder().labelMapping(m).build());
		}

		public Options withAnalysis(final KneeMeasurement.Options a) {
			return withAnalyzer(analyzer.toBuilder().options(a).build());
		}

		public Options withMaxHeap(final long bytes) {
			return new Options(threads, retryFailed, keepIdentifiers, salt, analyzer, bytes, dicomOutputs);
		}

		public Options withDicomOutputs(final boolean d) {
			return new Options(threads, retryFailed, keepIdentifiers, salt, analyzer, maxHeapBytes, d);
		}
	}

	/** What became of a scan in this run. */
	public enum Status {
		/** Analysed now. */
		ANALYSED,
		/** Failed now. */
		FAILED,
		/** Done in an earlier run with the same inputs and parameters: its result is used. */
		ALREADY_DONE,
		/** Failed in an earlier run with the same inputs and parameters, not retried. */
		ALREADY_FAILED
	}

	/**
	 * A scan's outcome, for progress and the summary.
	 *
	 * @param name    the scan's name in the outputs
	 * @param origin  where it was declared (may hold identifying paths: for the operator's log, not for the outputs)
	 * @param error   the error when failed (as stored: without the input's paths and identifiers unless they are kept),
	 *                else ""
	 * @param seconds how long it took in this run
	 * @param operatorError the error as the operator must see it to fix the input: with the input's own paths (like
	 *                {@code origin}, for the operator's console and log, not for the outputs); the stored error for
	 *                a scan that failed in an earlier run
	 */
	public record Outcome(String name, String origin, Status status, String error, double seconds, String operatorError) implements Serializable {

		private static final long serialVersionUID = 2L;

		/** An outcome whose error is the same for the operator and the outputs. */
		public Outcome(final String name, final String origin, final Status status, final String error, final double seconds) {
			this(name, origin, status, error, seconds, error);
		}

		public boolean failed() {
			return status == Status.FAILED || status == Status.ALREADY_FAILED;
		}
	}

	/**
	 * The plan, known before the first scan starts.
	 *
	 * @param scans            scans in the cohort
	 * @param heapPerScanBytes the largest heap estimate of a scan that fits in the heap budget ({@link HeapBudget#estimate});
	 *                         a scan estimated above the budget (a header that claims a huge image, or a scan too large
	 *                         for this heap) runs alone, and does not lower the others' concurrency
	 * @param concurrency      scans at once: min(threads, floor(0.8 × max heap / heap per scan)), at least 1
	 */
	public record Plan(int scans, long heapPerScanBytes, long maxHeapBytes, int threads, int concurrency) {
	}

	/** Progress of a run; called from the worker threads (one call at a time). */
	public interface Listener {
		/** Before the first scan. */
		default void started(final Plan plan) {
		}

		/** After each scan; {@code finished} of {@code total} are finished. */
		default void scanFinished(final Outcome outcome, final int finished, final int total) {
		}

		/** A remark worth showing (discovery problems, comparisons). */
		default void note(final String text) {
		}
	}

	/**
	 * The end of a run.
	 *
	 * @param outcomes          every scan's outcome, by name
	 * @param comparisons       pairs compared (now or before)
	 * @param comparisonsFailed pairs whose comparison failed
	 * @param notCompared       pairs not compared because a scan of theirs failed
	 */
	public record Summary(Plan plan, List<Outcome> outcomes, int comparisons, int comparisonsFailed, int notCompared, double seconds, Path out) {

		public long count(final Status s) {
			return outcomes.stream().filter(o -> o.status() == s).count();
		}

		/** Whether any scan or comparison failed (the command's exit code). */
		public boolean anyFailed() {
			return comparisonsFailed > 0 || outcomes.stream().anyMatch(Outcome::failed);
		}
	}

	private final List<ScanInput> scans;
	private final Options options;
	private final Listener listener;
	private final Path out;
	private CohortPlan plan;
	private ResultsStore store;
	private HeapBudget heap;

	private BatchRun(final List<ScanInput> scans, final Options options, final Listener listener, final Path out) {
		this.scans = scans;
		this.options = options;
		this.listener = listener;
		this.out = out;
	}

	/**
	 * Runs the cohort {@code scans} into the folder {@code out} (created if needed; an earlier run's folder is resumed).
	 *
	 * @throws IllegalArgumentException when two scans have the same subject, side and time point, naming both
	 * @throws IOException              when the output folder or the store cannot be written (a scan's own problems
	 *                                  never end the run)
	 */
	public static Summary run(final List<ScanInput> scans, final Path out, final Options options, final Listener listener)
			throws IOException, InterruptedException {
		final BatchRun run = new BatchRun(CohortPlan.sortedUnique(scans), options, listener == null ? new Listener() {
		} : listener, out.toAbsolutePath().normalize());
		return run.run();
	}

	private Summary run() throws IOException, InterruptedException {
		final long t0 = System.nanoTime();
		prepare(out);
		try (ResultsStore s = ResultsStore.open(out.resolve(ResultsStore.FILE))) {
			store = s;
			plan = plan(scans, s, options);
			if (!options.keepIdentifiers())
				Pseudonyms.writeMapping(plan.subjects(), out.resolve(Pseudonyms.MAPPING));
			// the plan
			final Map<String, Long> estimates = new LinkedHashMap<>();
			heap = new HeapBudget(options.maxHeapBytes());
			for (final ScanInput in : scans)
				estimates.put(in.key(), HeapBudget.estimate(in));
			final long largest = heap.perScan(estimates.values());
			final Plan plan = new Plan(scans.size(), largest, options.maxHeapBytes(), options.threads(),
					Math.min(options.threads(), heap.fitting(largest)));
			listener.started(plan);
			// the scans
			final List<Outcome> outcomes = scans(estimates, plan);
			// the pairs
			final int[] pairs = pairs();
			// the tables and the summary, from the store
			finish(this.plan, store, options, out);
			outcomes.sort(Comparator.comparing(Outcome::name));
			return new Summary(plan, outcomes, pairs[0], pairs[1], pairs[2], (System.nanoTime() - t0) / 1e9, out);
		} finally {
			store = null;
		}
	}

	/**
	 * Makes the output folder {@code out} and its sub-folders, and removes what a killed run left half-written there:
	 * hidden temporary files and folders of {@link AtomicFiles}.
	 */
	public static void prepare(final Path out) throws IOException {
		Files.createDirectories(out.resolve(SCANS));
		Files.createDirectories(out.resolve(COMPARISONS));
		removePartial(out);
		removePartial(out.resolve(SCANS));
		removePartial(out.resolve(COMPARISONS));
	}

	/**
	 * The plan of {@code scans} (sorted and unique: {@link CohortPlan#sortedUnique}) with the pseudonym salt of
	 * {@code options}, else the store's, else a new random one kept in the store.
	 */
	public static CohortPlan plan(final List<ScanInput> scans, final ResultsStore store, final Options options) throws IOException {
		return new CohortPlan(scans, Pseudonyms.withSalt(salt(store, options)), options.keepIdentifiers());
	}

	/**
	 * Finishes a cohort whose scans and pairs are in {@code store}: writes the cohort tables ({@link CohortTables}) and
	 * the cohort report ({@link CohortReport}) into {@code folder}.
	 */
	public static Cohort finish(final CohortPlan plan, final ResultsStore store, final Options options, final Path folder) throws IOException {
		final Cohort cohort = plan.cohort(store, options.comparison());
		CohortTables.write(cohort, folder);
		CohortReport.write(cohort, folder.resolve(CohortReport.FILE));
		return cohort;
	}

	private static String salt(final ResultsStore store, final Options options) throws IOException {
		final String stored = store.meta(SALT);
		if (options.salt() != null) {
			if (stored == null || !stored.equals(options.salt()))
				store.meta(SALT, options.salt());
			return options.salt();
		}
		if (stored != null)
			return stored;
		final String s = Pseudonyms.randomSalt();
		store.meta(SALT, s);
		return s;
	}

	private List<Outcome> scans(final Map<String, Long> estimates, final Plan plan) throws InterruptedException, IOException {
		final ExecutorService pool = Executors.newFixedThreadPool(plan.concurrency(), r -> {
			final Thread t = new Thread(r, "chondroj-batch");
			t.setDaemon(true);
			return t;
		});
		final AtomicInteger finished = new AtomicInteger();
		final List<Future<Outcome>> futures = new ArrayList<>();
		try {
			for (final ScanInput in : scans)
				futures.add(pool.submit(() -> {
					final Outcome o = scan(in, estimates.get(in.key()));
					synchronized (listener) {
						listener.scanFinished(o, finished.incrementAndGet(), scans.size());
					}
					return o;
				}));
			final List<Outcome> outcomes = new ArrayList<>();
			for (final Future<Outcome> f : futures)
				try {
					outcomes.add(f.get());
				} catch (final ExecutionException e) {
					if (e.getCause() instanceof IOException)
						throw (IOException) e.getCause(); // the store could not be written
					throw new IllegalStateException(e.getCause());
				}
			return outcomes;
		} finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Processes one scan unless its stored result is current ({@link ScanWork}); throws only when the store cannot be
	 * read or written.
	 */
	private Outcome scan(final ScanInput in, final long estimate) throws IOException, InterruptedException {
		final String name = plan.name(in);
		final ScanWork.Result r = ScanWork.process(in, name, plan.subject(in), estimate, options, store.scan(plan.key(in)),
				out.resolve(SCANS).resolve(name), heap);
		if (r.processed())
			store.put(r.row());
		return r.outcome();
	}

	/** Compares each later time point of a knee with its first ({@link PairWork}); returns {compared, failed, not compared}. */
	private int[] pairs() throws IOException {
		final int[] counts = new int[3];
		for (final PairWork.Pair p : PairWork.pairs(plan, store, options)) {
			if (p.state() == PairWork.State.TO_DO)
				store.put(PairWork.process(p.key(), p.name(), p.a(), p.b(), out.resolve(SCANS).resolve(p.a().name()), out.resolve(SCANS).resolve(p.b().name()),
						out.resolve(COMPARISONS).resolve(p.name()), options));
			count(p, store.comparison(p.key()), counts, listener);
		}
		return counts;
	}

	/**
	 * Counts the pair {@code p} whose row is now {@code row} into {compared, failed, not compared}, and tells the
	 * listener of a pair not compared or failed now.
	 */
	public static void count(final PairWork.Pair p, final ResultsStore.ComparisonRow row, final int[] counts, final Listener listener) {
		if (p.state() == PairWork.State.NOT_COMPARABLE) {
			counts[2]++;
			listener.note("not compared: " + p.baselineName() + " -> " + p.followUpName() + " (a scan failed)");
			return;
		}
		final boolean done = row.status().equals(ResultsStore.DONE);
		counts[done ? 0 : 1]++;
		if (!done && p.state() == PairWork.State.TO_DO)
			listener.note("comparison failed: " + p.name() + ": " + row.error());
	}

	/**
	 * Time order of a knee's scans: dated ones by date, then undated; ties by time point name, numbers in it by their
	 * value ({@code undated-2} before {@code undated-10}, {@code M6} before {@code M12}; {@link #compareNames}).
	 */
	static final Comparator<ScanInput> TIME_ORDER = Comparator.comparing((final ScanInput s) -> s.studyDate().isEmpty() ? "99999999" : s.studyDate())
			.thenComparing(ScanInput::timepoint, BatchRun::compareNames);

	/** Names in the order people count: runs of digits by their value, the rest as text; ties as text. */
	static int compareNames(final String a, final String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			final char x = a.charAt(i), y = b.charAt(j);
			if (isDigit(x) && isDigit(y)) {
				int ei = i, ej = j;
				while (ei < a.length() && isDigit(a.charAt(ei)))
					ei++;
				while (ej < b.length() && isDigit(b.charAt(ej)))
					ej++;
				// by value: without leading zeros, the longer is larger, else as text
				int si = i, sj = j;
				while (si < ei - 1 && a.charAt(si) == '0')
					si++;
				while (sj < ej - 1 && b.charAt(sj) == '0')
					sj++;
				final int c = ei - si != ej - sj ? Integer.compare(ei - si, ej - sj) : a.substring(si, ei).compareTo(b.substring(sj, ej));
				if (c != 0)
					return c;
				i = ei;
				j = ej;
			} else {
				if (x != y)
					return Character.compare(x, y);
				i++;
				j++;
			}
		}
		final int c = Integer.compare(a.length() - i, b.length() - j);
		return c != 0 ? c : a.compareTo(b);
	}

	private static boolean isDigit(final char c) {
		return c >= '0' && c <= '9';
	}

	/** The output name of {@code parts} joined by '_', as a file name ({@link UntrustedText#fileName}). */
	static String fileName(final String... parts) {
		return UntrustedText.fileName(String.join("_", parts));
	}

	/** Removes what a killed run left half-written: hidden temporary files and folders of {@link AtomicFiles}. */
	private static void removePartial(final Path folder) throws IOException {
		try (DirectoryStream<Path> d = Files.newDirectoryStream(folder, ".*")) {
			for (final Path p : d) {
				final String n = p.getFileName().toString();
				if (n.contains(".partial-") || n.endsWith(".tmp"))
					AtomicFiles.deleteTree(p);
			}
		}
	}
}
