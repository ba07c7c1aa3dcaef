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
import org.chondroj.core.Failures;
import org.chondroj.core.Laterality;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
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
	 * @param error   the error when failed (as stored: without the input's paths and identifiers unless they are kept),
	 *                else ""
	 * @param seconds how long it took in this run
	 * @param operatorError the error as the operator must see it to fix the input: with the input's own paths (like
	 *                {@code origin}, for the operator's console and log, not for the outputs); the stored error for
	 *                a scan that failed in an earlier run
	 */
	public record Outcome(String name, String origin, Status status, String error, double seconds, String operatorError) {

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
				throw new IllegalArgumentException("two scans of subject " + quoted(s.subject()) + ", " + ScanInput.sideName(s.side()) + " knee, time point "
						+ quoted(s.timepoint()) + ": " + quoted(other.origin()) + " and " + quoted(s.origin()));
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
				subjects.put(in.subject(), options.keepIdentifiers() ? UntrustedText.printable(in.subject()) : pseudonyms.of(in.subject()));
			final Map<String, ScanInput> byName = new TreeMap<>();
			for (final ScanInput in : scans) {
				final String name = fileName(subjects.get(in.subject()), ScanInput.sideName(in.side()), in.timepoint());
				final ScanInput other = byName.put(name, in);
				if (other != null)
					throw new IllegalArgumentException("the scans " + quoted(other.origin()) + " and " + quoted(in.origin()) + " would both be named "
							+ name + "; rename a time point");
				names.put(in.key(), name);
			}
			if (!options.keepIdentifiers())
				Pseudonyms.writeMapping(subjects, out.resolve(Pseudonyms.MAPPING));
			// the plan
			final Map<String, Long> estimates = new LinkedHashMap<>();
			heap = new HeapBudget(options.maxHeapBytes());
			long largest = 0, largestOfAll = 1;
			for (final ScanInput in : scans) {
				final long e = HeapBudget.estimate(in);
				estimates.put(in.key(), e);
				largestOfAll = Math.max(largestOfAll, e);
				if (e <= heap.budgetBytes()) // a larger one runs alone (it takes the whole budget) and need not slow the others
					largest = Math.max(largest, e);
			}
			if (largest == 0)
				largest = largestOfAll;
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

	/**
	 * Processes one scan unless its stored result is current; never throws for the scan's own problems (an exception or
	 * a Java {@link Error} while it is read, analysed or written: the scan fails with the error), only when the store
	 * cannot be read or written.
	 */
	private Outcome scan(final ScanInput in, final long estimate) throws IOException, InterruptedException {
		final long t0 = System.nanoTime();
		final String started = Instant.now().toString();
		final String name = names.get(in.key());
		final String parameters = parameterHash(in);
		String inputs, unreadable = null;
		try {
			inputs = Hashes.inputs(in);
		} catch (final IOException | RuntimeException e) {
			// an unreadable input is identified by its error, so that it is not tried again until it changes
			unreadable = Failures.describe(e, moreMemory(estimate));
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
		String results = null, problem = null;
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
			results = ResultsFiles.json(report);
		} catch (final IOException | RuntimeException | Error e) {
			// whatever this scan's input caused, a Java Error included (out of memory, a stack overflow, a decoder's own)
			problem = Failures.describe(e, moreMemory(estimate));
		} finally {
			heap.release(taken);
		}
		if (problem != null)
			return fail(in, name, inputs, parameters, problem, started, t0, estimate);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		store.put(new ResultsStore.ScanRow(key(in), name, subjects.get(in.subject()), ScanInput.sideName(in.side()), timepoint(in), in.studyDate(),
				group(in), inputs, parameters, ResultsStore.DONE, null, results, started, seconds, estimate / 1048576.0));
		return new Outcome(name, in.origin(), Status.ANALYSED, "", seconds);
	}

	/** Stores the scan as failed with {@code problem} (cleaned of identifiers, one line of printable text). */
	private Outcome fail(final ScanInput in, final String name, final String inputs, final String parameters, final String problem, final String started,
			final long t0, final long estimate) throws IOException {
		final String error = UntrustedText.printable(clean(in, name).apply(problem));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		store.put(new ResultsStore.ScanRow(key(in), name, subjects.get(in.subject()), ScanInput.sideName(in.side()), timepoint(in), in.studyDate(),
				group(in), inputs, parameters, ResultsStore.FAILED, error, null, started, seconds, estimate / 1048576.0));
		return new Outcome(name, in.origin(), Status.FAILED, error, seconds, UntrustedText.printable(problem));
	}

	/** How to give a scan of {@code estimate} bytes more heap, for {@link Failures#describe}. */
	private static String moreMemory(final long estimate) {
		return String.format(Locale.ROOT, "give Java more (-Xmx) or run fewer scans at once (--threads); this scan was estimated at %.0f MB",
				estimate / 1048576.0);
	}

	/** The time point as the outputs hold it: printable. */
	private static String timepoint(final ScanInput in) {
		return UntrustedText.printable(in.timepoint());
	}

	/** The group as the outputs hold it: printable. */
	private static String group(final ScanInput in) {
		return UntrustedText.printable(in.group());
	}

	/** A text of the input quoted in a message: printable, at most {@value #QUOTED} characters. */
	private static String quoted(final String text) {
		return UntrustedText.shortened(UntrustedText.printable(text), QUOTED);
	}

	private static final int QUOTED = 200;

	private LabelMapping mapping(final ScanInput in) {
		return in.labelPreset() != null ? LabelPresets.mapping(in.labelPreset()) : options.mapping();
	}

	/** The store key: the subject as the outputs name it, side, time point as the outputs hold it. */
	private String key(final ScanInput in) {
		return subjects.get(in.subject()) + "|" + ScanInput.sideName(in.side()) + "|" + timepoint(in);
	}

	/** Everything that changes a scan's result besides its files. */
	private String parameterHash(final ScanInput in) {
		final KneeMeasurement.Options a = options.analysis();
		final String hash = Hashes.text(KneeMeasurement.VERSION, mapping(in).toText(), String.valueOf(in.labels() != null), String.valueOf(in.cartilageSeries()),
				ScanInput.sideName(in.side() == Laterality.UNKNOWN && a.side() != null ? a.side() : in.side()), Double.toString(a.weightBearingFraction()),
				Double.toString(a.subchondralDepthMm()), String.valueOf(options.keepIdentifiers()), in.studyDate(), group(in));
		// a scan segmented by a learned model (--model) also depends on the model; the classical segmenter's hashes are as before
		final String segmenter = options.analyzer().segmenterIdentity();
		final boolean segmented = in.labels() == null && !KneeAnalyzer.isVolumeFile(in.path());
		return segmented && !segmenter.isEmpty() ? Hashes.text(hash, segmenter) : hash;
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
		r.flags().forEach(f -> b.flag(new QcFlag(f.kind(), f.subject(), clean.apply(f.message()))));
		r.provenance().forEach((k, v) -> b.provenance(k, clean.apply(v)));
		if (!options.keepIdentifiers() && r.provenance().containsKey("subject"))
			b.provenance("subject", subjects.get(in.subject()));
		if (!r.provenance().containsKey("study_date") && !in.studyDate().isEmpty())
			b.provenance("study_date", in.studyDate());
		b.provenance("timepoint", timepoint(in));
		if (!in.group().isEmpty())
			b.provenance("group", group(in));
		return b.build();
	}

	/**
	 * Unless identifiers are kept: replaces the input's paths by the scan's name, the subject's identifier by its
	 * pseudonym and the scan's DICOM UIDs ({@link ScanInput#uids}; those of at least {@value #MIN_UID} characters) by
	 * {@value ScanInput#UID_PLACEHOLDER}, each also as {@link UntrustedText#printable} shows it (as messages quote it).
	 */
	private UnaryOperator<String> clean(final ScanInput in, final String name) {
		if (options.keepIdentifiers())
			return UnaryOperator.identity();
		final List<String> paths = new ArrayList<>();
		for (final Path p : new Path[] { in.path(), in.labels() })
			if (p != null)
				for (final String text : List.of(p.toAbsolutePath().normalize().toString(), p.toString())) {
					paths.add(text);
					paths.add(UntrustedText.printable(text));
				}
		paths.sort(Comparator.comparing(String::length).reversed());
		final List<Pattern> subject = new ArrayList<>();
		for (final String text : List.of(in.subject(), UntrustedText.printable(in.subject())))
			subject.add(Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(text) + "(?![A-Za-z0-9])"));
		final List<Pattern> uids = new ArrayList<>();
		for (final String uid : in.uids())
			if (uid.length() >= MIN_UID)
				for (final String text : List.of(uid, UntrustedText.printable(uid)))
					uids.add(Pattern.compile("(?<![A-Za-z0-9.])" + Pattern.quote(text) + "(?![A-Za-z0-9.])"));
		final String pseudonym = subjects.get(in.subject());
		return text -> {
			String t = text;
			for (final String p : paths)
				t = t.replace(p, "<" + name + ">");
			for (final Pattern p : subject)
				t = p.matcher(t).replaceAll(Matcher.quoteReplacement(pseudonym));
			for (final Pattern p : uids)
				t = p.matcher(t).replaceAll(Matcher.quoteReplacement(ScanInput.UID_PLACEHOLDER));
			return t;
		};
	}

	/** UIDs shorter than this are not replaced ({@link #clean}): a real one is longer, a short one would hit other text. */
	static final int MIN_UID = 8;

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
				final String pair = key(a) + "|" + timepoint(b);
				final String inputs = pairInputs(ra, rb);
				final ResultsStore.ComparisonRow old = store.comparison(pair);
				if (old != null && old.inputHash().equals(inputs) && old.parameterHash().equals(parameters)
						&& (old.status().equals(ResultsStore.DONE) || !options.retryFailed())) {
					counts[old.status().equals(ResultsStore.DONE) ? 0 : 1]++;
					continue;
				}
				final long t0 = System.nanoTime();
				final String started = Instant.now().toString();
				final String name = fileName(subjects.get(a.subject()), ScanInput.sideName(a.side()), a.timepoint(), b.timepoint());
				final Path folder = out.resolve(COMPARISONS).resolve(name);
				String status = ResultsStore.DONE, error = null, results = null;
				try {
					AtomicFiles.deleteTree(folder);
					final Visit va = Visit.ofResults(out.resolve(SCANS).resolve(ra.name()), ResultsFiles.parse(ra.results()));
					final Visit vb = Visit.ofResults(out.resolve(SCANS).resolve(rb.name()), ResultsFiles.parse(rb.results()));
					KneeAnalyzer.write(options.analyzer().compare(va, vb), folder);
					results = Files.readString(KneeAnalyzer.resultsFile(folder));
					counts[0]++;
				} catch (final IOException | RuntimeException | Error e) {
					// as a scan's: whatever the pair caused, a Java Error included
					status = ResultsStore.FAILED;
					error = UntrustedText.printable(Failures.describe(e, "give Java more (-Xmx)"));
					counts[1]++;
					listener.note("comparison failed: " + name + ": " + error);
				}
				store.put(new ResultsStore.ComparisonRow(pair, name, subjects.get(a.subject()), ScanInput.sideName(a.side()), timepoint(a), timepoint(b),
						group(a), inputs, parameters, status, error, results, started, (System.nanoTime() - t0) / 1e9));
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
				final ResultsStore.ComparisonRow c = store.comparison(key(knee.get(0)) + "|" + timepoint(knee.get(k)));
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
