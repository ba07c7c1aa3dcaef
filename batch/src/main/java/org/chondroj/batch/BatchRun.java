package org.chondroj.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.Visit;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;

/**
 * Runs a cohort: analyses every scan that has no current result in the store, in parallel within the heap, compares
 * every follow-up of a knee with its baseline, and writes the cohort tables and summary. The output folder:
 *
 * <pre>
 * batch.sqlite                the results store ({@link ResultsStore}): the state of the run and every result
 * scans/NAME/                 each analysed scan's outputs ({@link KneeAnalyzer#write(KneeMeasurement.Result, Path)});
 *                             NAME = subject_side_timepoint
 * comparisons/NAME/           each compared pair's outputs ({@link KneeAnalyzer#write(VisitComparison, Path)});
 *                             NAME = subject_side_baseline_followup
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
 * date, then name; the first is the baseline and each later one is compared with it.
 * <p>
 * <b>Failures.</b> A scan that cannot be read or analysed (a missing or corrupt file, a missing series, a failed
 * segmentation) is stored as failed with its error and the batch goes on; its pairs are not compared.
 * <p>
 * <b>Identifiers.</b> Unless {@link Options#keepIdentifiers}, subjects are named by their pseudonym everywhere in the
 * output folder except {@code pseudonyms.csv}, and input paths (which often hold names) are replaced by the scan's
 * name in the stored results and errors.
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
	 */
	public record Options(int threads, boolean retryFailed, boolean keepIdentifiers, String salt, KneeAnalyzer analyzer, long maxHeapBytes) {

		public Options {
			if (threads < 1)
				throw new IllegalArgumentException("threads must be at least 1, got " + threads);
			Objects.requireNonNull(analyzer);
		}

		/** All cores, failures not retried, pseudonyms, the default analyzer ({@link KneeAnalyzer#create()}). */
		public static Options defaults() {
			return new Options(Runtime.getRuntime().availableProcessors(), false, false, null, KneeAnalyzer.create(), Runtime.getRuntime().maxMemory());
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
			return new Options(n, retryFailed, keepIdentifiers, salt, analyzer, maxHeapBytes);
		}

		public Options withRetryFailed(final boolean r) {
			return new Options(threads, r, keepIdentifiers, salt, analyzer, maxHeapBytes);
		}

		public Options withKeepIdentifiers(final boolean k) {
			return new Options(threads, retryFailed, k, salt, analyzer, maxHeapBytes);
		}

		public Options withSalt(final String s) {
			return new Options(threads, retryFailed, keepIdentifiers, s, analyzer, maxHeapBytes);
		}

		public Options withAnalyzer(final KneeAnalyzer a) {
			return new Options(threads, retryFailed, keepIdentifiers, salt, a, maxHeapBytes);
		}

		public Options withMapping(final LabelMapping m) {
			return withAnalyzer(analyzer.toBuilder().labelMapping(m).build());
		}

		public Options withAnalysis(final KneeMeasurement.Options a) {
			return withAnalyzer(analyzer.toBuilder().options(a).build());
		}

		public Options withMaxHeap(final long bytes) {
			return new Options(threads, retryFailed, keepIdentifiers, salt, analyzer, bytes);
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
	 * @param error   the error when failed (as stored), else ""
	 * @param seconds how long it took in this run
	 */
	public record Outcome(String name, String origin, Status status, String error, double seconds) {

		public boolean failed() {
			return status == Status.FAILED || status == Status.ALREADY_FAILED;
		}
	}

	/**
	 * The plan, known before the first scan starts.
	 *
	 * @param scans            scans in the cohort
	 * @param heapPerScanBytes the largest heap estimate of a scan ({@link HeapBudget#estimate})
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
	private final Map<String, String> subjects = new TreeMap<>();
	private final Map<String, String> names = new LinkedHashMap<>();
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
		final Map<String, ScanInput> keys = new TreeMap<>();
		for (final ScanInput s : scans) {
			final ScanInput other = keys.put(s.key(), s);
			if (other != null)
				throw new IllegalArgumentException("two scans of subject " + s.subject() + ", " + ScanInput.sideName(s.side()) + " knee, time point "
						+ s.timepoint() + ": " + other.origin() + " and " + s.origin());
		}
		final BatchRun run = new BatchRun(List.copyOf(keys.values()), options, listener == null ? new Listener() {
		} : listener, out.toAbsolutePath().normalize());
		return run.run();
	}

	private Summary run() throws IOException, InterruptedException {
		final long t0 = System.nanoTime();
		Files.createDirectories(out.resolve(SCANS));
		Files.createDirectories(out.resolve(COMPARISONS));
		removePartial(out);
		removePartial(out.resolve(SCANS));
		removePartial(out.resolve(COMPARISONS));
		try (ResultsStore s = ResultsStore.open(out.resolve(ResultsStore.FILE))) {
			store = s;
			final Pseudonyms pseudonyms = Pseudonyms.withSalt(salt());
			for (final ScanInput in : scans)
				subjects.put(in.subject(), options.keepIdentifiers() ? in.subject() : pseudonyms.of(in.subject()));
			final Map<String, ScanInput> byName = new TreeMap<>();
			for (final ScanInput in : scans) {
				final String name = safe(subjects.get(in.subject()) + "_" + ScanInput.sideName(in.side()) + "_" + in.timepoint());
				final ScanInput other = byName.put(name, in);
				if (other != null)
					throw new IllegalArgumentException("the scans " + other.origin() + " and " + in.origin() + " would both be named " + name
							+ "; rename a time point");
				names.put(in.key(), name);
			}
			if (!options.keepIdentifiers())
				Pseudonyms.writeMapping(subjects, out.resolve(Pseudonyms.MAPPING));
			// the plan
			final Map<String, Long> estimates = new LinkedHashMap<>();
			long largest = 1;
			for (final ScanInput in : scans) {
				final long e = HeapBudget.estimate(in);
				estimates.put(in.key(), e);
				largest = Math.max(largest, e);
			}
			heap = new HeapBudget(options.maxHeapBytes());
			final Plan plan = new Plan(scans.size(), largest, options.maxHeapBytes(), options.threads(),
					Math.min(options.threads(), heap.fitting(largest)));
			listener.started(plan);
			// the scans
			final List<Outcome> outcomes = scans(estimates, plan);
			// the pairs
			final int[] pairs = pairs();
			// the tables and the summary, from the store
			final Cohort cohort = cohort();
			CohortTables.write(cohort, out);
			CohortReport.write(cohort, out.resolve(CohortReport.FILE));
			outcomes.sort(Comparator.comparing(Outcome::name));
			return new Summary(plan, outcomes, pairs[0], pairs[1], pairs[2], (System.nanoTime() - t0) / 1e9, out);
		} finally {
			store = null;
		}
	}

	private String salt() throws IOException {
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

	/** Processes one scan unless its stored result is current; never throws for the scan's own problems. */
	private Outcome scan(final ScanInput in, final long estimate) throws IOException, InterruptedException {
		final long t0 = System.nanoTime();
		final String started = Instant.now().toString();
		final String name = names.get(in.key());
		final String parameters = parameterHash(in);
		String inputs, unreadable = null;
		try {
			inputs = Hashes.inputs(in);
		} catch (final IOException e) {
			// an unreadable input is identified by its error, so that it is not tried again until it changes
			unreadable = message(e);
			inputs = "unreadable:" + Hashes.text(unreadable);
		}
		final ResultsStore.ScanRow old = store.scan(key(in));
		if (old != null && old.inputHash().equals(inputs) && old.parameterHash().equals(parameters)) {
			if (old.status().equals(ResultsStore.DONE))
				return new Outcome(name, in.origin(), Status.ALREADY_DONE, "", 0);
			if (!options.retryFailed())
				return new Outcome(name, in.origin(), Status.ALREADY_FAILED, old.error(), 0);
		}
		if (unreadable != null)
			return fail(in, name, inputs, parameters, unreadable, started, t0, estimate);
		final int taken = heap.acquire(estimate);
		try {
			final Path folder = out.resolve(SCANS).resolve(name);
			AtomicFiles.deleteTree(folder); // an earlier, stale or unfinished result
			final KneeMeasurement.Options analysis = in.side() == Laterality.UNKNOWN ? options.analysis() : options.analysis().withSide(in.side());
			final boolean labelMap = in.labels() == null && KneeAnalyzer.isVolumeFile(in.path());
			if (!Files.exists(in.path()))
				throw new NoSuchFileException(in.path().toString(), null, "no such file or folder");
			final KneeAnalyzer analyzer = options.analyzer().toBuilder().options(analysis).labelMapping(mapping(in)).build();
			final KneeMeasurement.Result r = labelMap ? analyzer.analyzeLabelMap(in.path())
					: in.labels() != null ? analyzer.analyzeLabelMap(in.labels(), in.path())
							: analyzer.analyzeStudy(in.path(), new KneeAnalyzer.SeriesChoice(in.cartilageSeries(), null));
			final ScanReport report = outputReport(r.report(), in, name);
			KneeAnalyzer.write(r.withReport(report), folder);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			store.put(new ResultsStore.ScanRow(key(in), name, subjects.get(in.subject()), ScanInput.sideName(in.side()), in.timepoint(), in.studyDate(),
					in.group(), inputs, parameters, ResultsStore.DONE, null, ResultsFiles.json(report), started, seconds, estimate / 1048576.0));
			return new Outcome(name, in.origin(), Status.ANALYSED, "", seconds);
		} catch (final IOException | RuntimeException | OutOfMemoryError e) {
			if (e instanceof IOException && e.getMessage() != null && e.getMessage().startsWith(store.file().toString()))
				throw (IOException) e; // the store itself: the run cannot go on
			final String problem = e instanceof OutOfMemoryError
					? String.format(Locale.ROOT, "out of memory (estimated %.0f MB per scan); run with a larger -Xmx or fewer --threads", estimate / 1048576.0)
					: message(e);
			return fail(in, name, inputs, parameters, problem, started, t0, estimate);
		} finally {
			heap.release(taken);
		}
	}

	private Outcome fail(final ScanInput in, final String name, final String inputs, final String parameters, final String problem, final String started,
			final long t0, final long estimate) throws IOException {
		final String error = clean(in, name).apply(problem);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		store.put(new ResultsStore.ScanRow(key(in), name, subjects.get(in.subject()), ScanInput.sideName(in.side()), in.timepoint(), in.studyDate(),
				in.group(), inputs, parameters, ResultsStore.FAILED, error, null, started, seconds, estimate / 1048576.0));
		return new Outcome(name, in.origin(), Status.FAILED, error, seconds);
	}

	private static String message(final Throwable e) {
		return e.getMessage() != null ? e.getMessage() : e.toString();
	}

	private LabelMapping mapping(final ScanInput in) {
		return in.labelPreset() != null ? LabelPresets.mapping(in.labelPreset()) : options.mapping();
	}

	/** The store key: the subject as the outputs name it, side, time point. */
	private String key(final ScanInput in) {
		return subjects.get(in.subject()) + "|" + ScanInput.sideName(in.side()) + "|" + in.timepoint();
	}

	/** Everything that changes a scan's result besides its files. */
	private String parameterHash(final ScanInput in) {
		final KneeMeasurement.Options a = options.analysis();
		return Hashes.text(KneeMeasurement.VERSION, mapping(in).toText(), String.valueOf(in.labels() != null), String.valueOf(in.cartilageSeries()),
				ScanInput.sideName(in.side() == Laterality.UNKNOWN && a.side() != null ? a.side() : in.side()), Double.toString(a.weightBearingFraction()),
				Double.toString(a.subchondralDepthMm()), String.valueOf(options.keepIdentifiers()), in.studyDate(), in.group());
	}

	/**
	 * The report as the outputs hold it: named {@code name}, the study date of the input when the images gave none, and
	 * unless identifiers are kept, the subject's pseudonym and no input path.
	 */
	private ScanReport outputReport(final ScanReport r, final ScanInput in, final String name) {
		final UnaryOperator<String> clean = clean(in, name);
		final ScanReport.Builder b = ScanReport.builder(name).side(r.side(), clean.apply(r.sideSource())).weightBearingFraction(r.weightBearingFraction());
		r.regions().forEach((region, m) -> m.forEach((k, v) -> b.region(region, k, v)));
		r.lesions().forEach((c, m) -> m.forEach((k, v) -> b.lesion(c, k, v)));
		r.qc().forEach(q -> b.qc(clean.apply(q)));
		r.provenance().forEach((k, v) -> b.provenance(k, clean.apply(v)));
		if (!options.keepIdentifiers() && r.provenance().containsKey("subject"))
			b.provenance("subject", subjects.get(in.subject()));
		if (!r.provenance().containsKey("study_date") && !in.studyDate().isEmpty())
			b.provenance("study_date", in.studyDate());
		b.provenance("timepoint", in.timepoint());
		if (!in.group().isEmpty())
			b.provenance("group", in.group());
		return b.build();
	}

	/** Replaces the input's paths by the scan's name, and the subject's identifier by its pseudonym (unless identifiers are kept). */
	private UnaryOperator<String> clean(final ScanInput in, final String name) {
		if (options.keepIdentifiers())
			return UnaryOperator.identity();
		final List<String> paths = new ArrayList<>();
		for (final Path p : new Path[] { in.path(), in.labels() })
			if (p != null) {
				paths.add(p.toAbsolutePath().normalize().toString());
				paths.add(p.toString());
			}
		paths.sort(Comparator.comparing(String::length).reversed());
		final Pattern subject = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(in.subject()) + "(?![A-Za-z0-9])");
		final String pseudonym = subjects.get(in.subject());
		return text -> {
			String t = text;
			for (final String p : paths)
				t = t.replace(p, "<" + name + ">");
			return subject.matcher(t).replaceAll(Matcher.quoteReplacement(pseudonym));
		};
	}

	/** Compares each later time point of a knee with its first; returns {compared, failed, not compared}. */
	private int[] pairs() throws IOException {
		final int[] counts = new int[3];
		final String parameters = Hashes.text(KneeMeasurement.VERSION, options.comparison().precision().describe().toString(),
				String.valueOf(options.comparison().force()), Double.toString(options.comparison().ovThreshold()), String.valueOf(options.keepIdentifiers()));
		for (final List<ScanInput> knee : knees().values())
			for (int k = 1; k < knee.size(); k++) {
				final ScanInput a = knee.get(0), b = knee.get(k);
				final ResultsStore.ScanRow ra = store.scan(key(a)), rb = store.scan(key(b));
				if (ra == null || rb == null || !ra.status().equals(ResultsStore.DONE) || !rb.status().equals(ResultsStore.DONE)) {
					counts[2]++;
					listener.note("not compared: " + names.get(a.key()) + " -> " + names.get(b.key()) + " (a scan failed)");
					continue;
				}
				final String pair = key(a) + "|" + b.timepoint();
				final String inputs = pairInputs(ra, rb);
				final ResultsStore.ComparisonRow old = store.comparison(pair);
				if (old != null && old.inputHash().equals(inputs) && old.parameterHash().equals(parameters)
						&& (old.status().equals(ResultsStore.DONE) || !options.retryFailed())) {
					counts[old.status().equals(ResultsStore.DONE) ? 0 : 1]++;
					continue;
				}
				final long t0 = System.nanoTime();
				final String started = Instant.now().toString();
				final String name = safe(subjects.get(a.subject()) + "_" + ScanInput.sideName(a.side()) + "_" + a.timepoint() + "_" + b.timepoint());
				final Path folder = out.resolve(COMPARISONS).resolve(name);
				String status = ResultsStore.DONE, error = null, results = null;
				try {
					AtomicFiles.deleteTree(folder);
					final Visit va = Visit.ofResults(out.resolve(SCANS).resolve(ra.name()), ResultsFiles.parse(ra.results()));
					final Visit vb = Visit.ofResults(out.resolve(SCANS).resolve(rb.name()), ResultsFiles.parse(rb.results()));
					KneeAnalyzer.write(options.analyzer().compare(va, vb), folder);
					results = Files.readString(KneeAnalyzer.resultsFile(folder));
					counts[0]++;
				} catch (final IOException | RuntimeException e) {
					status = ResultsStore.FAILED;
					error = message(e);
					counts[1]++;
					listener.note("comparison failed: " + name + ": " + error);
				}
				store.put(new ResultsStore.ComparisonRow(pair, name, subjects.get(a.subject()), ScanInput.sideName(a.side()), a.timepoint(), b.timepoint(),
						a.group(), inputs, parameters, status, error, results, started, (System.nanoTime() - t0) / 1e9));
			}
		return counts;
	}

	/** A pair's input hash: its two scans' input and parameter hashes. */
	private static String pairInputs(final ResultsStore.ScanRow a, final ResultsStore.ScanRow b) {
		return Hashes.text(a.inputHash(), a.parameterHash(), b.inputHash(), b.parameterHash());
	}

	/** The scans of each knee (by the subject's output name and side), in time order: study date, then time point. */
	private Map<String, List<ScanInput>> knees() {
		final Map<String, List<ScanInput>> knees = new TreeMap<>();
		for (final ScanInput in : scans)
			knees.computeIfAbsent(subjects.get(in.subject()) + "|" + ScanInput.sideName(in.side()), k -> new ArrayList<>()).add(in);
		for (final List<ScanInput> k : knees.values())
			k.sort(TIME_ORDER);
		return knees;
	}

	/** Time order of a knee's scans: dated ones by date, then undated; ties by time point name. */
	static final Comparator<ScanInput> TIME_ORDER = Comparator.comparing((final ScanInput s) -> s.studyDate().isEmpty() ? "99999999" : s.studyDate())
			.thenComparing(ScanInput::timepoint);

	/** The cohort as the store holds it now, for the scans of this run's input. */
	private Cohort cohort() throws IOException {
		final List<Cohort.Scan> scanRows = new ArrayList<>();
		final List<Cohort.Pair> pairRows = new ArrayList<>();
		for (final List<ScanInput> knee : knees().values()) {
			for (int k = 0; k < knee.size(); k++) {
				final ScanInput in = knee.get(k);
				final ResultsStore.ScanRow r = store.scan(key(in));
				if (r == null)
					continue;
				scanRows.add(new Cohort.Scan(r, k, r.status().equals(ResultsStore.DONE) ? ResultsFiles.parse(r.results()) : null));
			}
			for (int k = 1; k < knee.size(); k++) {
				// a pair counts when both scans are done and it was compared from them as they are now
				final ResultsStore.ComparisonRow c = store.comparison(key(knee.get(0)) + "|" + knee.get(k).timepoint());
				final ResultsStore.ScanRow a = store.scan(key(knee.get(0))), b = store.scan(key(knee.get(k)));
				if (c == null || a == null || b == null || !a.status().equals(ResultsStore.DONE) || !b.status().equals(ResultsStore.DONE)
						|| !c.inputHash().equals(pairInputs(a, b)))
					continue;
				final Comparison comparison = c.status().equals(ResultsStore.DONE)
						? Comparison.of(ResultsFiles.parse(a.results()), ResultsFiles.parse(b.results()), options.comparison())
						: null;
				pairRows.add(new Cohort.Pair(c, comparison));
			}
		}
		return new Cohort(scanRows, pairRows, options.keepIdentifiers());
	}

	/** A name usable as a folder: letters, digits, '.', '_', '-'; anything else becomes '_'. */
	static String safe(final String name) {
		return name.replaceAll("[^A-Za-z0-9._-]", "_");
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
