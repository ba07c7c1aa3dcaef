package org.chondroj.analysis;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.chondroj.core.Metadata;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.compare.ChangeMaps;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.Visit;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.report.ChangeMapImages;
import org.chondroj.report.ComparisonOutputs;
import org.chondroj.report.ScanOutputs;
import org.chondroj.onnx.OnnxSegmenter;
import org.chondroj.segment.ClassicalSegmenter;

/**
 * The one entry point of ChondroJ for the command line, the Fiji plugins, the batch and embedding code: a knee measured
 * from a DICOM study folder, from images in memory or from a label map, two visits compared, and the output folders
 * written. Built once with the segmenter, the measurement options, the label numbering of label maps, the comparison's
 * options and a progress listener, all optional:
 *
 * <pre>{@code
 * KneeAnalyzer analyzer = KneeAnalyzer.builder()
 *         .segmenter(new ClassicalSegmenter())                       // or .model(Path.of("my-model")), or your own KneeSegmenter
 *         .options(KneeMeasurement.Options.defaults().withSide(Laterality.RIGHT))
 *         .build();
 * KneeMeasurement.Result knee = analyzer.analyzeStudy(Path.of("study/DICOM"));
 * double mt = knee.report().value(Region.MT, Metric.ThCtAB);                    // mm
 * analyzer.write(knee, Path.of("knee-results"));                     // results.json, measurements.csv, report.html, maps
 * }</pre>
 *
 * An analyzer is immutable and may be shared by threads; {@link #withProgress} gives one that reports elsewhere.
 * <p>
 * <b>What each input gives.</b> A study folder or an image alone is segmented by the segmenter (the series chosen by
 * {@link KneeImages}' rules, or forced with a {@link SeriesChoice}), then measured ({@link KneeMeasurement}). A label map
 * is measured in its own geometry with the analyzer's {@link LabelMapping}; the image it was made from, when given,
 * supplies the side when the label map records none ({@link ImageSides}), and for files the subject (DICOM PatientID)
 * and the study date, recorded in the provenance as {@code subject} and {@code study_date} (what a comparison checks
 * and its interval comes from), with {@code image}.
 */
public final class KneeAnalyzer {

	/**
	 * Which series of a study folder to segment: SeriesInstanceUIDs, {@code null} for "chosen by the rules"
	 * ({@link KneeImages}).
	 */
	public record SeriesChoice(String cartilageSeriesUid, String lesionSeriesUid) {
		/** Both chosen by the rules. */
		public static final SeriesChoice AUTOMATIC = new SeriesChoice(null, null);
	}

	private final KneeSegmenter segmenter;
	private final KneeMeasurement.Options options;
	private final LabelMapping labelMapping;
	private final Comparison.Options comparison;
	private final Progress progress;
	private final boolean strictLabels;

	private KneeAnalyzer(final Builder b) {
		segmenter = b.segmenter;
		options = b.options;
		labelMapping = b.labelMapping;
		comparison = b.comparison;
		progress = b.progress;
		strictLabels = b.strictLabels;
	}

	/**
	 * The segmenter of a learned model folder (model.json + model.onnx, {@link OnnxSegmenter}: checked before any image is
	 * read), or the built-in {@link ClassicalSegmenter} when {@code modelFolder} is null. What every front end calls for
	 * its {@code model} option.
	 *
	 * @throws IOException naming the model's file and the problem when the folder is not a usable model
	 */
	public static KneeSegmenter segmenter(final Path modelFolder) throws IOException {
		return modelFolder == null ? new ClassicalSegmenter() : OnnxSegmenter.load(modelFolder);
	}

	/** An analyzer with every default: the classical segmenter, default options, ChondroJ's (OAI-AKOA) numbering. */
	public static KneeAnalyzer create() {
		return builder().build();
	}

	/** A builder with every default ({@link #create()}). */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this analyzer's settings. */
	public Builder toBuilder() {
		return new Builder().segmenter(segmenter).options(options).labelMapping(labelMapping).comparison(comparison).progress(progress)
				.strictLabels(strictLabels);
	}

	/** This analyzer reporting its stages to {@code p} instead (which may cancel between stages). */
	public KneeAnalyzer withProgress(final Progress p) {
		return toBuilder().progress(p).build();
	}

	public KneeSegmenter segmenter() {
		return segmenter;
	}

	public KneeMeasurement.Options options() {
		return options;
	}

	/**
	 * What identifies the segmenter's results, for stores that decide whether a result is still current: empty for the
	 * built-in classical segmenter, else the segmenter's kind and, for a learned model, the SHA-256 of its model.onnx
	 * and its model.json.
	 */
	public String segmenterIdentity() {
		if (segmenter instanceof ClassicalSegmenter)
			return "";
		if (segmenter instanceof OnnxSegmenter o)
			return "onnx " + o.model().sha256() + " " + o.model().spec().text();
		return segmenter.getClass().getName();
	}

	public LabelMapping labelMapping() {
		return labelMapping;
	}

	public Comparison.Options comparisonOptions() {
		return comparison;
	}

	/** True when labels holding values their numbering does not name are refused ({@link Builder#strictLabels}). */
	public boolean strictLabels() {
		return strictLabels;
	}

	// ---- one scan

	/**
	 * Segments and measures the knee of a DICOM study folder (or file), or of a volume file taken as the cartilage image;
	 * the series are chosen by {@link KneeImages}' rules, which the quality notes state.
	 *
	 * @throws IOException              when a file cannot be read (the exception names it)
	 * @throws IllegalArgumentException when no series qualifies or segmentation fails, saying why
	 * @throws java.util.concurrent.CancellationException when the progress listener asks to stop
	 */
	public KneeMeasurement.Result analyzeStudy(final Path study) throws IOException {
		return analyzeStudy(study, SeriesChoice.AUTOMATIC);
	}

	/** As {@link #analyzeStudy(Path)}, with the series forced where {@code series} names them. */
	public KneeMeasurement.Result analyzeStudy(final Path study, final SeriesChoice series) throws IOException {
		Objects.requireNonNull(study, "study");
		progress.stage("reading " + study.getFileName(), 0);
		final ImageSides.Recorded recorded = ImageSides.recorded(study);
		final Segmentation s = segment(study, series, progress.within(0, 0.7));
		checked(s.kneeLabels(), "the segmentation of " + study);
		return withImage(KneeMeasurement.measure(s, scanName(study, null), options, progress.within(0.7, 1)), study, recorded);
	}

	/**
	 * Segments the images of a study without measuring them: the label map in ChondroJ's numbering on the cartilage
	 * image's grid, with the series choice first among its notes.
	 */
	public Segmentation segment(final Path study, final SeriesChoice series) throws IOException {
		return segment(study, series, progress);
	}

	private Segmentation segment(final Path study, final SeriesChoice series, final Progress p) throws IOException {
		return KneeImages.segment(study, series.cartilageSeriesUid(), series.lesionSeriesUid(), segmenter, p);
	}

	/**
	 * Segments and measures images already in memory (a front end's open images, an embedding pipeline's volumes). The
	 * image's {@link Metadata#SOURCE} is recorded in the provenance as {@code image}.
	 *
	 * @param cartilage the cartilage image (3-D, e.g. DESS)
	 * @param lesion    a fluid-sensitive fat-suppressed image in the same frame of reference for the lesions, or null
	 * @param scan      the scan's name in tables
	 * @throws IllegalArgumentException when segmentation fails, saying why
	 */
	public KneeMeasurement.Result analyzeImages(final Volume<?> cartilage, final Volume<?> lesion, final String scan) {
		Objects.requireNonNull(cartilage, "cartilage");
		final Segmentation s = KneeImages.segment(cartilage, lesion, segmenter, progress.within(0, 0.7));
		checked(s.kneeLabels(), "the segmentation of " + scan);
		return withSource(KneeMeasurement.measure(s, scan, options, progress.within(0.7, 1)), cartilage);
	}

	/** Measures a label map file (named by {@link #scanName}). */
	public KneeMeasurement.Result analyzeLabelMap(final Path labels) throws IOException {
		return analyzeLabelMap(labels, null);
	}

	/**
	 * Measures a label map file with the image it was made from (a DICOM folder or file, or a volume file; or null): the
	 * image gives the side when the label map records none, the subject and the study date.
	 */
	public KneeMeasurement.Result analyzeLabelMap(final Path labels, final Path image) throws IOException {
		Objects.requireNonNull(labels, "labels");
		progress.stage("reading " + (image != null ? image : labels).getFileName(), 0);
		final ImageSides.Recorded recorded = image == null ? null : ImageSides.recorded(image);
		KneeLabels knee = plausible(checked(KneeLabels.read(labels, labelMapping), labels.toString()), labels.toString());
		if (recorded != null)
			knee = ImageSides.withSide(knee, recorded.side()); // the image's side, if the labels have none
		final KneeMeasurement.Result r = KneeMeasurement.measure(knee, scanName(image, labels), options, progress.within(0.1, 1));
		return recorded == null ? r : withImage(r, image, recorded);
	}

	/**
	 * Measures a label map in memory, with the image it was made from (or null): the image gives the side
	 * ({@link Metadata#LATERALITY}) when the label map records none, and its {@link Metadata#SOURCE} is recorded in the
	 * provenance as {@code image}.
	 */
	public KneeMeasurement.Result analyzeLabelMap(final Volume<?> labels, final Volume<?> image, final String scan) {
		Objects.requireNonNull(labels, "labels");
		KneeLabels knee = plausible(checked(KneeLabels.of(labels, labelMapping), scan), scan);
		if (image != null) {
			final Metadata m = image.metadata();
			final String source = m.get(Metadata.LATERALITY_SOURCE);
			knee = ImageSides.withSide(knee, new ImageSides.Side(m.laterality(), (source == null ? "metadata" : source) + " of the image " + scan));
		}
		final KneeMeasurement.Result r = KneeMeasurement.measure(knee, scan, options, progress);
		return image == null ? r : withSource(r, image);
	}

	/** Measures labels already read ({@link KneeLabels}). */
	public KneeMeasurement.Result measure(final KneeLabels labels, final String scan) {
		return KneeMeasurement.measure(plausible(checked(labels, scan), scan), scan, options, progress);
	}

	/**
	 * {@code labels}, or with {@link Builder#strictLabels} an error when they hold values that their numbering does not
	 * name (without it, such values are measured as nothing and reported in the quality notes).
	 */
	private KneeLabels checked(final KneeLabels labels, final String name) {
		if (strictLabels && labels.unmappedValues().length > 0)
			throw new IllegalArgumentException(name + ": " + labels.describeUnmapped().replace(", not measured:", ":")
					+ "; refused (strict labels): give the right numbering or correct the map");
		return labels;
	}

	/**
	 * {@code labels} when its structures can be a knee's ({@link KneeLabels#implausibility}); otherwise an error that says
	 * why and which label presets would name this map's values plausibly (a label map read with the wrong numbering).
	 */
	private static KneeLabels plausible(final KneeLabels labels, final String name) {
		final String why = labels.implausibility();
		if (why == null)
			return labels;
		final List<String> fit = new ArrayList<>();
		for (final String preset : LabelPresets.names()) {
			final KneeLabels other = KneeLabels.of(labels.labelMap(), LabelPresets.mapping(preset));
			if (!preset.equalsIgnoreCase(labels.mapping().name()) && other.implausibility() == null && other.has(KneeStructure.FEMUR)
					&& other.has(KneeStructure.TIBIA) && other.has(KneeStructure.TIBIAL_CARTILAGE))
				fit.add(preset);
		}
		throw new IllegalArgumentException(name + ": with the label numbering \"" + labels.mapping().name() + "\", " + why + ": not a knee's structures; "
				+ (fit.isEmpty() ? "no label preset fits this map (" + String.join(", ", LabelPresets.names()) + "): give its numbering as a mapping"
						: "the label preset" + (fit.size() == 1 ? " " : "s ") + fit.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(" or "))
								+ (fit.size() == 1 ? " fits" : " fit") + " it"));
	}

	// ---- two visits

	/**
	 * Resolves one visit of a comparison: an earlier result (a folder holding {@code results.json}, or a {@code .json}
	 * file: read back, not measured again); a label map file (measured); an image with its label map (measured, the image
	 * giving the side, subject and study date); or an image alone (a DICOM study folder or a volume file: segmented, then
	 * measured).
	 *
	 * @param labels the label map when {@code path} is an image, else null
	 * @throws NoSuchFileException      when {@code path} or {@code labels} does not exist
	 * @throws IllegalArgumentException when the input cannot be used, naming it and saying why
	 */
	public Visit visit(final Path path, final Path labels) throws IOException {
		Objects.requireNonNull(path, "path");
		if (!Files.exists(path))
			throw new NoSuchFileException(path.toString(), null, "no such file or folder");
		if (labels != null && !Files.exists(labels))
			throw new NoSuchFileException(labels.toString(), null, "no such file or folder");
		if (isResults(path)) {
			if (labels != null)
				throw new IllegalArgumentException(path + " is an earlier result (results.json), measured already: a label map (" + labels
						+ ") does not go with it");
			return Visit.ofResults(path, ResultsFiles.read(path));
		}
		if (labels == null && ImageSides.isVolumeFile(path))
			return Visit.measured(path, null, Visit.Source.LABEL_MAP, analyzeLabelMap(path, null));
		// an image: with its labels, or segmented
		return labels == null ? Visit.measured(path, null, Visit.Source.SEGMENTED, analyzeStudy(path))
				: Visit.measured(path, labels, Visit.Source.IMAGE_AND_LABELS, analyzeLabelMap(labels, path));
	}

	/** A visit measured in memory, named {@code name} (e.g. the image's title) where a path would be. */
	public static Visit visit(final KneeMeasurement.Result analysis, final String name) {
		return Visit.measured(Path.of(name), null, analysis.segmentation() != null ? Visit.Source.SEGMENTED : Visit.Source.IMAGE_AND_LABELS, analysis);
	}

	/** Compares two inputs, each resolved by {@link #visit(Path, Path)} with no separate label map. */
	public VisitComparison compare(final Path baseline, final Path followUp) throws IOException {
		return compare(baseline, null, followUp, null);
	}

	/**
	 * Resolves both visits ({@link #visit(Path, Path)}; the baseline reported to half the progress, the follow-up to the
	 * end) and compares them ({@link #compare(Visit, Visit)}).
	 */
	public VisitComparison compare(final Path baseline, final Path baselineLabels, final Path followUp, final Path followUpLabels)
			throws IOException {
		final Visit a = withProgress(progress.within(0, 0.5)).visit(baseline, baselineLabels);
		final Visit b = withProgress(progress.within(0.5, 1)).visit(followUp, followUpLabels);
		progress.stage("comparing", 1);
		return compare(a, b);
	}

	/**
	 * Compares two resolved visits: refused for different sides or subjects unless the comparison options force it, and
	 * always for different weight-bearing fractions ({@link VisitComparison#of}).
	 */
	public VisitComparison compare(final Visit baseline, final Visit followUp) {
		return VisitComparison.of(baseline, followUp, comparison);
	}

	// ---- output folders

	/**
	 * Writes a scan's output folder ({@link ScanOutputs}: results.json, measurements.csv, thickness maps, report.html,
	 * and for a segmented scan labels.nii.gz and overlay.png). {@code folder} must not exist or be empty; it appears whole
	 * or not at all.
	 */
	public static void write(final KneeMeasurement.Result result, final Path folder) throws IOException {
		AtomicFiles.writeFolder(folder, temp -> writeInto(result, temp));
	}

	/**
	 * As {@link #write(KneeMeasurement.Result, Path)}, with the DICOM outputs ({@link DicomOutputs}):
	 * {@value DicomOutputs#SEGMENTATION} and {@value DicomOutputs#MEASUREMENTS} beside the other files, in the same
	 * folder, which appears whole or not at all (a failure of either DICOM file leaves no folder). For a scan this
	 * analyzer segmented from the DICOM study {@code study}, the SEG is on the series it was segmented from (identity
	 * copied); for a label map (no segmentation, {@code study} ignored) it has the label map's own geometry, a new frame
	 * of reference and no source.
	 *
	 * @param study the DICOM study the scan was segmented from, or {@code null} for a label map
	 */
	public void writeWithDicomOutputs(final KneeMeasurement.Result result, final Path study, final Path folder) throws IOException {
		writeWithDicomOutputs(result, study, DicomOutputs.Settings.of(algorithmName()), folder);
	}

	/**
	 * As {@link #writeWithDicomOutputs(KneeMeasurement.Result, Path, Path)}, with the DICOM outputs written as
	 * {@code settings} say (e.g. {@link DicomOutputs.Settings#pseudonymous}). {@link #algorithmName()} names the
	 * segmenter for {@link DicomOutputs.Settings#of}.
	 */
	public static void writeWithDicomOutputs(final KneeMeasurement.Result result, final Path study, final DicomOutputs.Settings settings,
			final Path folder) throws IOException {
		AtomicFiles.writeFolder(folder, temp -> {
			writeInto(result, temp);
			DicomOutputs.write(result, study, settings, temp);
		});
	}

	/** The segmenter as a DICOM SegmentAlgorithmName (at most 64 characters). */
	public String algorithmName() {
		final String name;
		if (segmenter instanceof ClassicalSegmenter)
			name = "ChondroJ classical segmenter";
		else if (segmenter instanceof OnnxSegmenter o)
			name = "ChondroJ ONNX model " + o.model().sha256().substring(0, Math.min(16, o.model().sha256().length()));
		else
			name = "ChondroJ " + segmenter.getClass().getSimpleName();
		return name.length() <= 64 ? name : name.substring(0, 64);
	}

	/**
	 * Writes a comparison's output folder ({@link ComparisonOutputs}: change tables, report, each visit measured in this
	 * run, change maps). {@code folder} must not exist or be empty; it appears whole or not at all.
	 */
	public static void write(final VisitComparison result, final Path folder) throws IOException {
		AtomicFiles.writeFolder(folder, temp -> writeInto(result, temp));
	}

	/**
	 * Writes a scan's outputs into {@code folder} (created if needed), file by file, each atomically: for work that must
	 * happen inside a folder that appears whole (e.g. one given by {@link AtomicFiles#writeFolder}).
	 */
	public static void writeInto(final KneeMeasurement.Result result, final Path folder) throws IOException {
		ScanOutputs.write(result, result.labels().volume(), folder);
	}

	/** As {@link #writeInto(KneeMeasurement.Result, Path)}, for a comparison. */
	public static void writeInto(final VisitComparison result, final Path folder) throws IOException {
		ComparisonOutputs.write(result, folder);
	}

	/**
	 * The change maps of a comparison as pictures, file stem → image ({@code change_femur}, …: red thinning, blue
	 * thickening, on the follow-up's bone surface after rigid registration of the bones, {@link ChangeMaps}); empty
	 * unless both visits were measured in this run (an earlier results.json holds no surfaces). Cost: one registration
	 * and one closest-point query per follow-up vertex per bone (about 2 s for a knee).
	 */
	public static Map<String, BufferedImage> changeMapImages(final VisitComparison result) {
		if (!result.baseline().analysed() || !result.followUp().analysed())
			return Map.of();
		return ChangeMapImages.images(ChangeMaps.of(result.baseline().analysis(), result.followUp().analysis()));
	}

	/** The file holding a written output folder's results ({@code results.json}). */
	public static Path resultsFile(final Path folder) {
		return folder.resolve(ResultsFiles.RESULTS);
	}

	/** The file holding a written output folder's report ({@code report.html}). */
	public static Path reportFile(final Path folder) {
		return folder.resolve(ComparisonOutputs.REPORT);
	}

	/** The label map a segmented scan's output folder holds ({@code labels.nii.gz}, ChondroJ's numbering). */
	public static Path labelsFile(final Path folder) {
		return folder.resolve(ScanOutputs.LABELS);
	}

	/** The overlay picture a segmented scan's output folder holds ({@code overlay.png}). */
	public static Path overlayFile(final Path folder) {
		return folder.resolve(ScanOutputs.OVERLAY);
	}

	// ---- names

	/**
	 * A scan's name in tables: the image's file or folder name, else the label map's, without a volume file ending; a
	 * DICOM folder called {@code DICOM} is named by the folder holding it (a study's folder, e.g. {@code baseline}).
	 */
	public static String scanName(final Path image, final Path labels) {
		final Path p = (image != null ? image : labels).toAbsolutePath().normalize();
		Path named = p;
		if (p.getFileName() != null && p.getFileName().toString().equalsIgnoreCase("DICOM") && p.getParent() != null
				&& p.getParent().getFileName() != null)
			named = p.getParent();
		return named.getFileName() == null ? p.toString()
				: named.getFileName().toString().replaceFirst("(?i)\\.(nii\\.gz|nii|mha|mhd|nrrd|nhdr)$", "");
	}

	/**
	 * Whether {@code path} is an existing volume file ({@code .nii}, {@code .nii.gz}, {@code .mha}, {@code .mhd},
	 * {@code .nrrd}, {@code .nhdr}): given alone, a label map; given with a label map, an image.
	 */
	public static boolean isVolumeFile(final Path path) {
		return ImageSides.isVolumeFile(path);
	}

	/** Whether {@code path} is an earlier result: a folder holding {@code results.json}, or a {@code .json} file. */
	public static boolean isResults(final Path path) {
		if (Files.isDirectory(path))
			return Files.isRegularFile(path.resolve(ResultsFiles.RESULTS));
		return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
	}

	/** The result with the image's path, subject and study date in its provenance. */
	private static KneeMeasurement.Result withImage(final KneeMeasurement.Result r, final Path image, final ImageSides.Recorded recorded) {
		final ScanReport.Builder b = ScanReport.builder(r.report()).provenance("image", image.toString());
		if (!recorded.subject().isEmpty())
			b.provenance("subject", recorded.subject());
		if (!recorded.studyDate().isEmpty())
			b.provenance("study_date", recorded.studyDate());
		return r.withReport(b.build());
	}

	/** The result with the image's {@link Metadata#SOURCE} in its provenance as {@code image}, when it has one. */
	private static KneeMeasurement.Result withSource(final KneeMeasurement.Result r, final Volume<?> image) {
		final String source = image.metadata().get(Metadata.SOURCE);
		return source == null ? r : r.withReport(ScanReport.builder(r.report()).provenance("image", source).build());
	}

	/** Collects an analyzer's settings; every one has a default. */
	public static final class Builder {
		private KneeSegmenter segmenter = new ClassicalSegmenter();
		private KneeMeasurement.Options options = KneeMeasurement.Options.defaults();
		private LabelMapping labelMapping = LabelPresets.mapping("oai-akoa");
		private Comparison.Options comparison = Comparison.Options.defaults();
		private Progress progress = Progress.NONE;
		private boolean strictLabels;

		private Builder() {
		}

		/** The segmenter for images (default: the built-in {@link ClassicalSegmenter}). */
		public Builder segmenter(final KneeSegmenter s) {
			segmenter = Objects.requireNonNull(s, "segmenter");
			return this;
		}

		/**
		 * Images segmented by the learned model in {@code modelFolder} ({@link KneeAnalyzer#segmenter(Path)}; null: the
		 * classical segmenter). The model is loaded and checked now, before any image is read.
		 *
		 * @throws IOException naming the model's file and the problem
		 */
		public Builder model(final Path modelFolder) throws IOException {
			return segmenter(KneeAnalyzer.segmenter(modelFolder));
		}

		/** Side, weight-bearing fraction, lesion depth (default: {@link KneeMeasurement.Options#defaults()}). */
		public Builder options(final KneeMeasurement.Options o) {
			options = Objects.requireNonNull(o, "options");
			return this;
		}

		/** Which label values of a label map form which structure (default: ChondroJ's own, OAI-AKOA). */
		public Builder labelMapping(final LabelMapping m) {
			labelMapping = Objects.requireNonNull(m, "labelMapping");
			return this;
		}

		/** Forcing, precision and ordered-values threshold of comparisons (default: {@link Comparison.Options#defaults()}). */
		public Builder comparison(final Comparison.Options c) {
			comparison = Objects.requireNonNull(c, "comparison");
			return this;
		}

		/** Where stages are reported, and which may cancel between them (default: {@link Progress#NONE}). */
		public Builder progress(final Progress p) {
			progress = Objects.requireNonNull(p, "progress");
			return this;
		}

		/**
		 * Refuse labels (a label map, or a segmenter's output) holding values that the numbering does not name (default
		 * false: such values are measured as nothing, and the quality notes say which and how many voxels).
		 */
		public Builder strictLabels(final boolean strict) {
			strictLabels = strict;
			return this;
		}

		public KneeAnalyzer build() {
			return new KneeAnalyzer(this);
		}
	}
}
