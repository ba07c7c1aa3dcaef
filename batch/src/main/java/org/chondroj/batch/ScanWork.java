package org.chondroj.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chondroj.analysis.DicomOutputs;
import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Failures;
import org.chondroj.core.Laterality;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;

/**
 * One scan's work, the same wherever it runs (a thread of {@link BatchRun}, or a task on a cluster): decides from the
 * scan's stored row whether its result is current (same input and parameter hashes, and done, or failed and failures
 * not retried), else analyses it and writes its folder, and gives the row the store should hold. Never throws for the
 * scan's own problems (an exception or a Java {@link Error} while it is read, analysed or written: the scan fails with
 * its error, cleaned of identifiers). Needs no store: the caller looks the old row up and stores the new one.
 */
public final class ScanWork {

	/**
	 * What became of a scan.
	 *
	 * @param row     the row the store should hold now (the old one when the scan was already done or failed)
	 * @param outcome its outcome, for progress and the summary
	 */
	public record Result(ResultsStore.ScanRow row, BatchRun.Outcome outcome) implements Serializable {
		private static final long serialVersionUID = 1L;

		/** Whether the scan was processed now (its row is new and to be stored). */
		public boolean processed() {
			return outcome.status() == BatchRun.Status.ANALYSED || outcome.status() == BatchRun.Status.FAILED;
		}
	}

	private ScanWork() {
	}

	/**
	 * Processes {@code in} unless {@code old} is its current result.
	 *
	 * @param name     the scan's name in the outputs ({@link CohortPlan#name})
	 * @param subject  its subject as the outputs name it ({@link CohortPlan#subject})
	 * @param estimate its heap estimate ({@link HeapBudget#estimate}), held from {@code heap} while it is analysed
	 * @param old      its stored row, or null
	 * @param folder   its output folder (replaced; deleted when it fails)
	 */
	public static Result process(final ScanInput in, final String name, final String subject, final long estimate, final BatchRun.Options options,
			final ResultsStore.ScanRow old, final Path folder, final HeapBudget heap) throws InterruptedException {
		final long t0 = System.nanoTime();
		final String started = Instant.now().toString();
		final String parameters = parameterHash(in, options);
		String inputs, unreadable = null;
		try {
			inputs = Hashes.inputs(in);
		} catch (final IOException | RuntimeException e) {
			// an unreadable input is identified by its error, so that it is not tried again until it changes
			unreadable = Failures.describe(e, moreMemory(estimate));
			inputs = "unreadable:" + Hashes.text(unreadable);
		}
		if (old != null && old.inputHash().equals(inputs) && old.parameterHash().equals(parameters)) {
			if (old.status().equals(ResultsStore.DONE))
				return new Result(old, new BatchRun.Outcome(name, in.origin(), BatchRun.Status.ALREADY_DONE, "", 0));
			if (!options.retryFailed())
				return new Result(old, new BatchRun.Outcome(name, in.origin(), BatchRun.Status.ALREADY_FAILED, old.error(), 0));
		}
		final String key = subject + "|" + ScanInput.sideName(in.side()) + "|" + timepoint(in);
		if (unreadable != null)
			return fail(in, key, name, subject, inputs, parameters, unreadable, options, started, t0, estimate);
		String results = null, problem = null;
		final int taken = heap.acquire(estimate);
		try {
			AtomicFiles.deleteTree(folder); // an earlier, stale or unfinished result
			final KneeMeasurement.Options analysis = in.side() == Laterality.UNKNOWN ? options.analysis() : options.analysis().withSide(in.side());
			final boolean labelMap = in.labels() == null && KneeAnalyzer.isVolumeFile(in.path());
			if (!Files.exists(in.path()))
				throw new NoSuchFileException(in.path().toString(), null, "no such file or folder");
			final KneeAnalyzer analyzer = options.analyzer().toBuilder().options(analysis).labelMapping(mapping(in, options)).build();
			final KneeMeasurement.Result r = labelMap ? analyzer.analyzeLabelMap(in.path())
					: in.labels() != null ? analyzer.analyzeLabelMap(in.labels(), in.path())
							: analyzer.analyzeStudy(in.path(), new KneeAnalyzer.SeriesChoice(in.cartilageSeries(), null));
			final ScanReport report = outputReport(r.report(), in, name, subject, options);
			if (options.dicomOutputs()) {
				// the SEG on the series segmented here, or the label map's own grid; pseudonymous and detached from the source unless identifiers are kept
				final DicomOutputs.Settings dicom = DicomOutputs.Settings.of(analyzer.algorithmName());
				KneeAnalyzer.writeWithDicomOutputs(r.withReport(report), r.segmentation() != null ? in.path() : null,
						options.keepIdentifiers() ? dicom : dicom.pseudonymous(subject), folder);
			} else
				KneeAnalyzer.write(r.withReport(report), folder);
			results = ResultsFiles.json(report);
		} catch (final IOException | RuntimeException | Error e) {
			// whatever this scan's input caused, a Java Error included (out of memory, a stack overflow, a decoder's own)
			problem = Failures.describe(e, moreMemory(estimate));
		} finally {
			heap.release(taken);
		}
		if (problem != null)
			return fail(in, key, name, subject, inputs, parameters, problem, options, started, t0, estimate);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		return new Result(
				new ResultsStore.ScanRow(key, name, subject, ScanInput.sideName(in.side()), timepoint(in), in.studyDate(), group(in), inputs, parameters,
						ResultsStore.DONE, null, results, started, seconds, estimate / 1048576.0),
				new BatchRun.Outcome(name, in.origin(), BatchRun.Status.ANALYSED, "", seconds));
	}

	/** The scan failed with {@code problem} (cleaned of identifiers, one line of printable text). */
	private static Result fail(final ScanInput in, final String key, final String name, final String subject, final String inputs,
			final String parameters, final String problem, final BatchRun.Options options, final String started, final long t0, final long estimate) {
		final String error = UntrustedText.printable(clean(in, name, subject, options).apply(problem));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		return new Result(
				new ResultsStore.ScanRow(key, name, subject, ScanInput.sideName(in.side()), timepoint(in), in.studyDate(), group(in), inputs, parameters,
						ResultsStore.FAILED, error, null, started, seconds, estimate / 1048576.0),
				new BatchRun.Outcome(name, in.origin(), BatchRun.Status.FAILED, error, seconds, UntrustedText.printable(problem)));
	}

	/** How to give a scan of {@code estimate} bytes more heap, for {@link Failures#describe}. */
	static String moreMemory(final long estimate) {
		return String.format(Locale.ROOT, "give Java more (-Xmx) or run fewer scans at once (--threads); this scan was estimated at %.0f MB",
				estimate / 1048576.0);
	}

	/** The time point as the outputs hold it: printable. */
	static String timepoint(final ScanInput in) {
		return UntrustedText.printable(in.timepoint());
	}

	/** The group as the outputs hold it: printable. */
	static String group(final ScanInput in) {
		return UntrustedText.printable(in.group());
	}

	/** A text of the input quoted in a message: printable, at most {@value #QUOTED} characters. */
	static String quoted(final String text) {
		return UntrustedText.shortened(UntrustedText.printable(text), QUOTED);
	}

	private static final int QUOTED = 200;

	private static LabelMapping mapping(final ScanInput in, final BatchRun.Options options) {
		return in.labelPreset() != null ? LabelPresets.mapping(in.labelPreset()) : options.mapping();
	}

	/** Everything that changes a scan's result besides its files. */
	static String parameterHash(final ScanInput in, final BatchRun.Options options) {
		final KneeMeasurement.Options a = options.analysis();
		final String hash = Hashes.text(KneeMeasurement.VERSION, mapping(in, options).toText(), String.valueOf(in.labels() != null),
				String.valueOf(in.cartilageSeries()), ScanInput.sideName(in.side() == Laterality.UNKNOWN && a.side() != null ? a.side() : in.side()),
				Double.toString(a.weightBearingFraction()), Double.toString(a.subchondralDepthMm()), String.valueOf(options.keepIdentifiers()), in.studyDate(),
				group(in));
		// a scan segmented by a learned model (--model) also depends on the model; the classical segmenter's hashes are as before
		final String segmenter = options.analyzer().segmenterIdentity();
		final boolean segmented = in.labels() == null && !KneeAnalyzer.isVolumeFile(in.path());
		final String withModel = segmented && !segmenter.isEmpty() ? Hashes.text(hash, segmenter) : hash;
		// the DICOM outputs are more files: a scan done without them is done again with them (the hashes without are as before)
		return options.dicomOutputs() ? Hashes.text(withModel, "dicom-outputs") : withModel;
	}

	/**
	 * The report as the outputs hold it: named {@code name}, the study date of the input when the images gave none, and
	 * unless identifiers are kept, the subject's pseudonym and no input path.
	 */
	private static ScanReport outputReport(final ScanReport r, final ScanInput in, final String name, final String subject,
			final BatchRun.Options options) {
		final UnaryOperator<String> clean = clean(in, name, subject, options);
		final ScanReport.Builder b = ScanReport.builder(name).side(r.side(), clean.apply(r.sideSource())).weightBearingFraction(r.weightBearingFraction());
		r.regions().forEach((region, m) -> m.forEach((k, v) -> b.region(region, k, v)));
		r.lesions().forEach((c, m) -> m.forEach((k, v) -> b.lesion(c, k, v)));
		r.qc().forEach(q -> b.qc(clean.apply(q)));
		r.flags().forEach(f -> b.flag(new QcFlag(f.kind(), f.subject(), clean.apply(f.message()))));
		r.provenance().forEach((k, v) -> b.provenance(k, clean.apply(v)));
		if (!options.keepIdentifiers() && r.provenance().containsKey("subject"))
			b.provenance("subject", subject);
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
	private static UnaryOperator<String> clean(final ScanInput in, final String name, final String pseudonym, final BatchRun.Options options) {
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
}
