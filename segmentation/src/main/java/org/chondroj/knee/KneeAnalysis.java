package org.chondroj.knee;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.knee.anatomy.BoneCompartments;
import org.chondroj.knee.anatomy.Compartment;
import org.chondroj.knee.anatomy.KneeAnatomy;
import org.chondroj.knee.anatomy.Region;
import org.chondroj.knee.cartilage.BoneCartilage;
import org.chondroj.knee.cartilage.RegionMeasures;
import org.chondroj.knee.cartilage.ThicknessMap;
import org.chondroj.knee.cartilage.ThicknessMaps;
import org.chondroj.knee.cartilage.TotalBoneArea;
import org.chondroj.knee.lesion.LesionMeasures;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.knee.segment.Segmentation;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The measurement of one knee from its labels: the entry point the command line, the Fiji plugins and embedding code
 * share. {@link #analyze} finds the knee's frame, side and landmarks ({@link KneeAnatomy}), measures the cartilage of
 * every bone that has some ({@link ThicknessMaps}: sub-voxel surfaces, symmetric nearest-neighbour thickness), assigns
 * the bone surface to plates and subregions ({@link org.chondroj.knee.anatomy.Regions}; tAB = the covered bone plus
 * the denuded holes the cartilage encloses, {@link TotalBoneArea}), aggregates MFTC = MT + cMF and LFTC = LT + cLF, and
 * measures the bone-marrow lesions per compartment when the labels hold lesions ({@link LesionMeasures}). The result
 * holds the {@link ScanReport} (what is written to results.json) and the per-vertex maps behind it (for thickness maps
 * and for comparisons). Deterministic whatever the number of threads.
 */
public final class KneeAnalysis {

	/** The eight plates (DESIGN.md), in output order. */
	public static final List<String> PLATES = List.of("MT", "LT", "cMF", "cLF", "pMF", "pLF", "TrF", "P");
	/** The plates and the aggregates MFTC, LFTC: the regions of summary tables. */
	public static final List<String> SUMMARY_REGIONS = concat(PLATES, List.of("MFTC", "LFTC"));
	/** Regions in the order of the results: plates, aggregates, then femoral and tibial subregions. */
	public static final List<String> REGION_ORDER = concat(SUMMARY_REGIONS, List.of("ecMF", "ccMF", "icMF", "ecLF", "ccLF", "icLF", "cMT", "aMT",
			"pMT", "eMT", "iMT", "cLT", "aLT", "pLT", "eLT", "iLT"));

	/**
	 * @param side                  the side if the user knows it, else {@code null} or UNKNOWN (metadata, then anatomy)
	 * @param weightBearingFraction 0.6 (default) or 0.75
	 * @param subchondralDepthMm    depth of the lesion compartments' subchondral bone region, mm
	 */
	public record Options(Laterality side, double weightBearingFraction, double subchondralDepthMm) {
		public static Options defaults() {
			return new Options(Laterality.UNKNOWN, 0.6, BoneCompartments.DEFAULT_DEPTH_MM);
		}

		public Options withSide(final Laterality s) {
			return new Options(s, weightBearingFraction, subchondralDepthMm);
		}

		public Options withWeightBearingFraction(final double f) {
			return new Options(side, f, subchondralDepthMm);
		}
	}

	/** One bone's surface measurement: its thickness map, which vertices are in tAB, and each vertex's finest region id. */
	public record BoneSurface(KneeStructure bone, ThicknessMap map, boolean[] totalArea, int[] regions) {
	}

	/**
	 * What an analysis found: the report, the anatomy, each measured bone's surface, the labels analysed, and the
	 * segmentation they came from when the knee was segmented from its images ({@code null} otherwise).
	 */
	public record Result(ScanReport report, KneeAnatomy anatomy, Map<KneeStructure, BoneSurface> surfaces, KneeLabels labels,
			Segmentation segmentation) {
		/** A result of labels given, not segmented here ({@link #segmentation()} is {@code null}). */
		public Result(final ScanReport report, final KneeAnatomy anatomy, final Map<KneeStructure, BoneSurface> surfaces, final KneeLabels labels) {
			this(report, anatomy, surfaces, labels, null);
		}
	}

	/** ChondroJ's version (the build's), recorded in every result's provenance as {@code chondroj_version}. */
	public static final String VERSION = version();

	private KneeAnalysis() {
	}

	/**
	 * Measures a knee segmented from its images ({@link org.chondroj.knee.segment.KneeSegmenter}, {@link KneeImages}):
	 * as {@link #analyze(KneeLabels, String, Options)}, with the segmentation's notes first among the report's
	 * quality-control notes and its parameters in the provenance (prefixed {@code segmentation.}).
	 */
	public static Result analyze(final Segmentation segmentation, final String scan, final Options options) {
		return analyze(segmentation, scan, options, Progress.NONE);
	}

	/** As {@link #analyze(Segmentation, String, Options)}, reporting the measurement's stages to {@code progress}. */
	public static Result analyze(final Segmentation segmentation, final String scan, final Options options, final Progress progress) {
		final Result r = analyze(segmentation.kneeLabels(), scan, options, progress);
		final Map<String, String> parameters = new LinkedHashMap<>();
		new java.util.TreeMap<>(segmentation.parameters()).forEach((k, v) -> parameters.put("segmentation." + k, v));
		final List<String> notes = new ArrayList<>();
		for (final String q : segmentation.qc())
			notes.add("segmentation: " + q);
		return new Result(r.report().withNotes(notes, parameters), r.anatomy(), r.surfaces(), r.labels(), segmentation);
	}

	/**
	 * Measures a knee from files, the way the command line and the plugins take them: a label map, and optionally the
	 * image it was made from; or an image alone, segmented automatically ({@link KneeImages#segment}: the series chosen
	 * by the rules there). The label map's own geometry is measured; the image gives the side when the label map
	 * records none ({@link ImageSides}), and the subject (DICOM PatientID) and study date recorded in the provenance as
	 * {@code subject} and {@code study_date} (what {@link org.chondroj.knee.compare.Comparison} checks and its interval
	 * comes from), with {@code image} and {@code chondroj_version}. The scan is named by {@link #scanName}.
	 *
	 * @param image   the image (DICOM file or folder, or volume file), or null
	 * @param labels  the label map file ({@link org.chondroj.core.io.VolumeFiles#READABLE}); null asks for automatic
	 *                segmentation of {@code image}
	 * @param mapping which label values form which structure ({@link LabelPresets#resolve})
	 * @throws IOException              when a file cannot be read (the exception names it)
	 * @throws IllegalArgumentException when there is nothing to measure, naming what is missing
	 */
	public static Result analyze(final Path image, final Path labels, final LabelMapping mapping, final Options options) throws IOException {
		return analyze(image, labels, mapping, null, null, options);
	}

	/**
	 * As {@link #analyze(Path, Path, LabelMapping, Options)}, with the series to segment forced by their
	 * SeriesInstanceUIDs ({@code null}: chosen by {@link KneeImages}'s rules).
	 */
	public static Result analyze(final Path image, final Path labels, final LabelMapping mapping, final String cartilageSeries,
			final String lesionSeries, final Options options) throws IOException {
		return analyze(image, labels, mapping, cartilageSeries, lesionSeries, options, Progress.NONE);
	}

	/**
	 * As {@link #analyze(Path, Path, LabelMapping, String, String, Options)}, reporting its stages (reading, segmenting,
	 * measuring each bone) to {@code progress}, which may cancel between them.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Result analyze(final Path image, final Path labels, final LabelMapping mapping, final String cartilageSeries,
			final String lesionSeries, final Options options, final Progress progress) throws IOException {
		if (image == null && labels == null)
			throw new IllegalArgumentException("nothing to analyse: give an image, a label map, or both");
		progress.stage("reading " + (image != null ? image : labels).getFileName(), 0);
		final ImageSides.Recorded recorded = image == null ? null : ImageSides.recorded(image);
		final Result r;
		if (labels == null)
			r = analyze(KneeImages.segment(image, cartilageSeries, lesionSeries, null, progress.within(0, 0.7)), scanName(image, null), options,
					progress.within(0.7, 1));
		else {
			KneeLabels knee = KneeLabels.read(labels, mapping);
			if (recorded != null)
				knee = ImageSides.withSide(knee, recorded.side()); // the image's side, if the labels have none
			r = analyze(knee, scanName(image, labels), options, progress.within(0.1, 1));
		}
		if (recorded == null)
			return r;
		final ScanReport.Builder b = ScanReport.builder(r.report()).provenance("image", image.toString());
		if (!recorded.subject().isEmpty())
			b.provenance("subject", recorded.subject());
		if (!recorded.studyDate().isEmpty())
			b.provenance("study_date", recorded.studyDate());
		return new Result(b.build(), r.anatomy(), r.surfaces(), r.labels(), r.segmentation());
	}

	/**
	 * Measures a knee from volumes already in memory (a front end's open images, an embedding pipeline's volumes): a
	 * label map, and optionally the image it was made from; or an image alone, segmented automatically
	 * ({@link KneeImages#segment(Volume, Volume, org.chondroj.knee.segment.KneeSegmenter, Progress)}, with
	 * {@code lesionImage} for the lesions). As for files, the label map's own geometry is measured, and the image gives
	 * the side ({@link Metadata#LATERALITY}) when the label map records none, and its {@link Metadata#SOURCE} is recorded
	 * in the provenance as {@code image}.
	 *
	 * @param image       the (cartilage) image, or null when {@code labels} are given
	 * @param labels      the label map, or null to segment {@code image}
	 * @param mapping     which label values form which structure (ignored when segmenting: ChondroJ's own numbering)
	 * @param lesionImage a fluid-sensitive fat-suppressed image for segmenting lesions, or null (ignored with labels)
	 * @param scan        the scan's name in tables
	 * @throws IllegalArgumentException when there is nothing to measure or segmentation fails, saying why
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Result analyze(final Volume<?> image, final Volume<?> labels, final LabelMapping mapping, final Volume<?> lesionImage, final String scan,
			final Options options, final Progress progress) {
		if (image == null && labels == null)
			throw new IllegalArgumentException("nothing to analyse: give an image, a label map, or both");
		final Result r;
		if (labels == null)
			r = analyze(KneeImages.segment(image, lesionImage, null, progress.within(0, 0.7)), scan, options, progress.within(0.7, 1));
		else {
			KneeLabels knee = KneeLabels.of(labels, mapping);
			if (image != null) {
				final Metadata m = image.metadata();
				final String source = m.get(Metadata.LATERALITY_SOURCE);
				knee = ImageSides.withSide(knee, new ImageSides.Side(m.laterality(), (source == null ? "metadata" : source) + " of the image " + scan));
			}
			r = analyze(knee, scan, options, progress);
		}
		final String source = image == null ? null : image.metadata().get(Metadata.SOURCE);
		if (source == null)
			return r;
		return new Result(ScanReport.builder(r.report()).provenance("image", source).build(), r.anatomy(), r.surfaces(), r.labels(), r.segmentation());
	}

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

	private static String version() {
		final Properties p = new Properties();
		try (InputStream in = KneeAnalysis.class.getResourceAsStream("version.properties")) {
			if (in != null)
				p.load(in);
		} catch (final IOException e) {
			// the version stays unknown
		}
		final String v = p.getProperty("version", "");
		return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
	}

	/**
	 * Measures a knee.
	 *
	 * @param scan the scan's name in tables (e.g. the study folder's or the file's name)
	 * @throws IllegalArgumentException when the labels lack what the knee frame needs (femur, tibia, tibial cartilage),
	 *                                  naming the file and the structure
	 */
	public static Result analyze(final KneeLabels labels, final String scan, final Options options) {
		return analyze(labels, scan, options, Progress.NONE);
	}

	/**
	 * As {@link #analyze(KneeLabels, String, Options)}, reporting its stages (the knee's frame, then each bone's
	 * cartilage, then lesions) to {@code progress}, which may cancel between them.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Result analyze(final KneeLabels labels, final String scan, final Options options, final Progress progress) {
		progress.stage("measuring: the knee's frame and landmarks", 0);
		final KneeAnatomy anatomy = KneeAnatomy.of(labels, options.side() == null ? Laterality.UNKNOWN : options.side(), options.weightBearingFraction());
		final ScanReport.Builder report = ScanReport.builder(scan).side(anatomy.frame().side(), anatomy.frame().sideEvidence().summary())
				.weightBearingFraction(options.weightBearingFraction());
		final Map<String, RegionMeasures> measures = new LinkedHashMap<>();
		final Map<KneeStructure, BoneSurface> surfaces = new EnumMap<>(KneeStructure.class);
		final List<String> qc = new ArrayList<>();
		for (final KneeStructure bone : new KneeStructure[] { KneeStructure.FEMUR, KneeStructure.TIBIA, KneeStructure.PATELLA }) {
			final KneeStructure cartilage = bone.cartilage();
			progress.stage("measuring: " + bone.name().toLowerCase(Locale.ROOT) + " cartilage", 
					bone == KneeStructure.FEMUR ? 0.2 : bone == KneeStructure.TIBIA ? 0.45 : 0.7);
			if (!labels.has(bone) || !labels.has(cartilage)) {
				qc.add(labels.describeAbsence(labels.has(bone) ? cartilage : bone) + ": its plates are not measured");
				continue;
			}
			final BoneCartilage input = BoneCartilage.fromLabels(labels.volume(), concat(labels.mapping().values(bone), labels.mapping().values(bone.lesion())),
					labels.mapping().values(cartilage));
			final ThicknessMap map = ThicknessMaps.compute(input);
			final boolean[] tab = TotalBoneArea.of(map);
			final float[] xyz = map.boneMesh().vertices();
			final double[] area = new double[map.boneVertexCount()];
			for (int v = 0; v < area.length; v++)
				area[v] = map.boneArea(v);
			final int[] ids = bone == KneeStructure.FEMUR ? anatomy.regions().femur(xyz, area, tab)
					: bone == KneeStructure.TIBIA ? anatomy.regions().tibia(xyz, area, tab) : anatomy.regions().patella(xyz, area, tab);
			surfaces.put(bone, new BoneSurface(bone, map, tab, ids));
			final Map<Region, Boolean> seen = new EnumMap<>(Region.class);
			for (final int id : ids)
				if (id != 0) {
					final Region r = Region.byId(id);
					seen.put(r, true);
					seen.put(r.plate(), true);
				}
			for (final Region r : seen.keySet()) {
				final int rid = r.id();
				measures.put(r.key(), r.isPlate() ? map.measures(v -> ids[v] != 0 && Region.byId(ids[v]).plate() == r) : map.measures(ids, rid));
			}
		}
		if (measures.containsKey("MT") && measures.containsKey("cMF"))
			measures.put("MFTC", measures.get("MT").plus(measures.get("cMF")));
		if (measures.containsKey("LT") && measures.containsKey("cLF"))
			measures.put("LFTC", measures.get("LT").plus(measures.get("cLF")));
		for (final String region : REGION_ORDER) {
			final RegionMeasures m = measures.get(region);
			if (m == null)
				continue;
			for (final String key : RegionMeasures.KEYS)
				report.region(region, key, m.get(key));
			if (Region.byKey(region) != null && Region.byKey(region).isPlate() && m.tAB() > 0 && m.dAB() > 20)
				qc.add(String.format(Locale.ROOT, "%s: %.0f %% of the plate's bone is denuded; check the cartilage labels there", region, m.dAB()));
		}
		for (final String plate : PLATES)
			if (!measures.containsKey(plate) && !(plate.equals("P") && !labels.has(KneeStructure.PATELLA)))
				qc.add(plate + ": no cartilage-covered bone found for this plate");
		// lesions
		final boolean lesions = labels.has(KneeStructure.FEMORAL_LESION) || labels.has(KneeStructure.TIBIAL_LESION)
				|| labels.has(KneeStructure.PATELLAR_LESION) || labels.mapping().names(KneeStructure.FEMORAL_LESION);
		if (lesions) {
			progress.stage("measuring: bone-marrow lesions", 0.85);
			final Volume<UnsignedByteType> compartments = BoneCompartments.map(labels, anatomy.regions(), options.subchondralDepthMm());
			for (final Map.Entry<Compartment, Map<String, Double>> e : LesionMeasures.measure(labels, compartments).entrySet())
				for (final Map.Entry<String, Double> m : e.getValue().entrySet())
					report.lesion(e.getKey().name(), m.getKey(), m.getValue());
		}
		final double notch = anatomy.landmarks().notchAnteriorUncertainty();
		if (notch > 1)
			qc.add(String.format(Locale.ROOT, "the notch's anterior end is uncertain by ±%.1f mm: the cMF/cLF/TrF boundaries may be off by that much", notch));
		if (anatomy.frame().sideEvidence().conflicts())
			qc.add("side: " + anatomy.frame().sideEvidence().summary());
		for (final String q : qc)
			report.qc(q);
		report.provenance("chondroj_version", VERSION).provenance("labels", labels.source()).provenance("label_mapping", labels.mapping().toText())
				.provenance("weight_bearing_fraction", Double.toString(options.weightBearingFraction()))
				.provenance("subchondral_depth_mm", Double.toString(options.subchondralDepthMm()))
				.provenance("frame", anatomy.frame().method())
				.provenance("notch_anterior_uncertainty_mm", String.format(Locale.ROOT, "%.2f", notch));
		progress.stage("measured", 1);
		return new Result(report.build(), anatomy, surfaces, labels);
	}

	private static List<String> concat(final List<String> a, final List<String> b) {
		final List<String> c = new ArrayList<>(a);
		c.addAll(b);
		return List.copyOf(c);
	}

	private static int[] concat(final int[] a, final int[] b) {
		final int[] c = new int[a.length + b.length];
		System.arraycopy(a, 0, c, 0, a.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
