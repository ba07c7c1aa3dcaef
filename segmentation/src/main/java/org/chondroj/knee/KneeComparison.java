package org.chondroj.knee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.chondroj.core.Progress;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;

/**
 * Baseline versus follow-up of one knee from files: the entry point the command line ({@code chondroj compare},
 * {@code chondroj demo}), the plugins and embedding code share. Each visit is given as a path, resolved by
 * {@link #visit}:
 * <ul>
 * <li>an earlier result: a folder holding {@code results.json} (what {@code chondroj analyze} writes), or such a file:
 * its measures are read back ({@link ResultsFiles#read}), nothing is measured again;</li>
 * <li>a label map file ({@link org.chondroj.core.io.VolumeFiles#READABLE}) with its preset or mapping: measured
 * ({@link KneeAnalysis#analyze(Path, Path, LabelMapping, KneeAnalysis.Options)});</li>
 * <li>an image (DICOM folder or file, or a volume file) with its label map: measured, the image giving the side, the
 * subject and the study date;</li>
 * <li>an image alone (a DICOM study folder, or a volume file taken as a cartilage image): segmented automatically
 * ({@link KneeImages}, {@link org.chondroj.knee.segment.ClassicalSegmenter}), then measured.</li>
 * </ul>
 * The two reports are then compared ({@link Comparison#of}: refused for different sides or subjects unless forced,
 * and here also for different weight-bearing fractions, which define cMF and cLF differently, forced or not).
 * <p>
 * A visit measured in this run keeps its whole {@link KneeAnalysis.Result} (bone surfaces, thickness maps, labels),
 * which is what thickness maps and per-vertex change maps are made from ({@link org.chondroj.knee.report.ComparisonOutputs}
 * writes them); a visit read from {@code results.json} has only its measures, since that file holds no surfaces, so
 * a comparison with such a visit has tables but no maps.
 */
public final class KneeComparison {

	/** How a visit was obtained. */
	public enum Source {
		/** Read from an earlier {@code results.json}. */
		RESULTS("earlier results"),
		/** Measured from a label map file. */
		LABEL_MAP("label map"),
		/** Measured from a label map, with the image it was made from. */
		IMAGE_AND_LABELS("image and label map");

		private final String text;

		Source(final String text) {
			this.text = text;
		}

		/** A few words for reports ("earlier results", "label map", "image and label map"). */
		public String text() {
			return text;
		}
	}

	/**
	 * One visit of a comparison.
	 *
	 * @param path     what was given: a results folder or file, a label map, or an image
	 * @param labels   the label map given with an image, else null
	 * @param source   how the visit was obtained
	 * @param report   its measures
	 * @param analysis the analysis when the visit was measured in this run (surfaces and thickness maps for maps), null
	 *                 when it was read from {@code results.json}
	 */
	public record Visit(Path path, Path labels, Source source, ScanReport report, KneeAnalysis.Result analysis) {

		public Visit {
			Objects.requireNonNull(path);
			Objects.requireNonNull(source);
			Objects.requireNonNull(report);
			if ((analysis == null) != (source == Source.RESULTS))
				throw new IllegalArgumentException("a visit has an analysis exactly when it was measured in this run");
		}

		/** Whether the visit was measured in this run (its {@link #analysis} is there). */
		public boolean analysed() {
			return analysis != null;
		}

		/** The input in words, e.g. {@code "/data/b/DICOM with /data/b/labels.nii.gz (image and label map)"}. */
		public String describe() {
			return path + (labels != null ? " with " + labels : "") + " (" + source.text() + ")";
		}
	}

	/**
	 * @param mapping    the label numbering of the label maps given (both visits)
	 * @param analysis   how visits are measured (side, weight-bearing fraction): both visits measured in this run
	 * @param comparison forcing, precision, ordered-values threshold
	 */
	public record Options(LabelMapping mapping, KneeAnalysis.Options analysis, Comparison.Options comparison) {

		public Options {
			Objects.requireNonNull(mapping);
			Objects.requireNonNull(analysis);
			Objects.requireNonNull(comparison);
		}

		/** The OAI-AKOA numbering (ChondroJ's own), the default analysis and comparison. */
		public static Options defaults() {
			return new Options(LabelPresets.mapping("oai-akoa"), KneeAnalysis.Options.defaults(), Comparison.Options.defaults());
		}

		public Options withMapping(final LabelMapping m) {
			return new Options(m, analysis, comparison);
		}

		public Options withAnalysis(final KneeAnalysis.Options a) {
			return new Options(mapping, a, comparison);
		}

		public Options withComparison(final Comparison.Options c) {
			return new Options(mapping, analysis, c);
		}
	}

	/**
	 * A comparison and its two visits. When {@linkplain Visit#analysed() both were measured in this run}, their
	 * analyses are what maps are made from.
	 */
	public record Result(Comparison comparison, Visit baseline, Visit followUp) {

		public Result {
			Objects.requireNonNull(comparison);
			Objects.requireNonNull(baseline);
			Objects.requireNonNull(followUp);
		}
	}

	private KneeComparison() {
	}

	/**
	 * Resolves, reads or measures both visits and compares them.
	 *
	 * @param baselineLabels the baseline's label map when {@code baseline} is its image, else null; likewise
	 *                       {@code followUpLabels}
	 * @throws IOException              when a file cannot be read (naming it; a missing path is a
	 *                                  {@link NoSuchFileException})
	 * @throws IllegalArgumentException when an input is not usable or the visits cannot be compared, saying why
	 */
	public static Result compare(final Path baseline, final Path baselineLabels, final Path followUp, final Path followUpLabels,
			final Options options) throws IOException {
		return compare(baseline, baselineLabels, followUp, followUpLabels, options, Progress.NONE);
	}

	/**
	 * As {@link #compare(Path, Path, Path, Path, Options)}, reporting each visit's stages to {@code progress} (the
	 * baseline to 0.5, the follow-up to 1), which may cancel between them.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Result compare(final Path baseline, final Path baselineLabels, final Path followUp, final Path followUpLabels,
			final Options options, final Progress progress) throws IOException {
		final Visit a = visit(baseline, baselineLabels, options, progress.within(0, 0.5));
		final Visit b = visit(followUp, followUpLabels, options, progress.within(0.5, 1));
		progress.stage("comparing", 1);
		return compare(a, b, options.comparison());
	}

	/** Compares two resolved visits (see the class description for what is refused). */
	public static Result compare(final Visit baseline, final Visit followUp, final Comparison.Options options) {
		final double fa = baseline.report().weightBearingFraction(), fb = followUp.report().weightBearingFraction();
		if (Math.abs(fa - fb) > 1e-9)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"the baseline %s was measured with a weight-bearing fraction of %s and the follow-up %s with %s: cMF, cLF, MFTC and LFTC"
							+ " differ in definition; measure both with the same fraction",
					baseline.report().scan(), fraction(fa), followUp.report().scan(), fraction(fb)));
		return new Result(Comparison.of(baseline.report(), followUp.report(), options), baseline, followUp);
	}

	/**
	 * Resolves one visit (see the class description).
	 *
	 * @param labels the label map when {@code path} is an image, else null
	 * @throws NoSuchFileException      when {@code path} or {@code labels} does not exist
	 * @throws IllegalArgumentException when the input cannot be used, naming it and saying why
	 */
	public static Visit visit(final Path path, final Path labels, final Options options) throws IOException {
		return visit(path, labels, options, Progress.NONE);
	}

	/** As {@link #visit(Path, Path, Options)}, reporting the measurement's stages to {@code progress}. */
	public static Visit visit(final Path path, final Path labels, final Options options, final Progress progress) throws IOException {
		Objects.requireNonNull(path, "path");
		if (!Files.exists(path))
			throw new NoSuchFileException(path.toString(), null, "no such file or folder");
		if (labels != null && !Files.exists(labels))
			throw new NoSuchFileException(labels.toString(), null, "no such file or folder");
		if (isResults(path)) {
			if (labels != null)
				throw new IllegalArgumentException(path + " is an earlier result (results.json), measured already: a label map (" + labels
						+ ") does not go with it");
			return new Visit(path, null, Source.RESULTS, ResultsFiles.read(path), null);
		}
		if (labels == null && ImageSides.isVolumeFile(path)) {
			final KneeAnalysis.Result r = KneeAnalysis.analyze(null, path, options.mapping(), null, null, options.analysis(), progress);
			return new Visit(path, null, Source.LABEL_MAP, r.report(), r);
		}
		// an image: with its labels, or segmented
		final KneeAnalysis.Result r = KneeAnalysis.analyze(path, labels, options.mapping(), null, null, options.analysis(), progress);
		return new Visit(path, labels, Source.IMAGE_AND_LABELS, r.report(), r);
	}

	/**
	 * A visit measured in memory ({@link KneeAnalysis#analyze(org.chondroj.core.Volume, org.chondroj.core.Volume, LabelMapping,
	 * org.chondroj.core.Volume, String, KneeAnalysis.Options, Progress)}: a front end's open images), named {@code name}
	 * (e.g. the image's title) where a path would be.
	 */
	public static Visit visit(final KneeAnalysis.Result analysis, final String name) {
		return new Visit(Path.of(name), null, Source.IMAGE_AND_LABELS, analysis.report(), analysis);
	}

	/** Whether {@code path} is an earlier result: a folder holding {@code results.json}, or a {@code .json} file. */
	public static boolean isResults(final Path path) {
		if (Files.isDirectory(path))
			return Files.isRegularFile(path.resolve(ResultsFiles.RESULTS));
		return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
	}

	private static String fraction(final double f) {
		return String.format(Locale.ROOT, "%.2f", f);
	}
}
