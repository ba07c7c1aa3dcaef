package org.chondroj.knee.measure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.chondroj.core.Laterality;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.QcFlag.Kind;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.anatomy.BoneCompartments;
import org.chondroj.knee.anatomy.MoaksSubregions;
import org.chondroj.knee.anatomy.KneeAnatomy;
import org.chondroj.knee.cartilage.BoneCartilage;
import org.chondroj.knee.cartilage.RegionMeasures;
import org.chondroj.knee.cartilage.ThicknessMap;
import org.chondroj.knee.cartilage.ThicknessMaps;
import org.chondroj.knee.cartilage.TotalBoneArea;
import org.chondroj.knee.lesion.LesionMeasures;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The measurement of one knee from its labels (the front ends and embedders reach it through the facade,
 * {@code org.chondroj.analysis.KneeAnalyzer}). {@link #measure} finds the knee's frame, side and landmarks ({@link KneeAnatomy}), measures the cartilage of
 * every bone that has some ({@link ThicknessMaps}: sub-voxel surfaces, symmetric nearest-neighbour thickness), assigns
 * the bone surface to plates and subregions ({@link org.chondroj.knee.anatomy.Regions}; tAB = the covered bone plus
 * the denuded holes the cartilage encloses, {@link TotalBoneArea}), aggregates MFTC = MT + cMF and LFTC = LT + cLF, and
 * measures the bone-marrow lesions per compartment when the labels hold lesions ({@link LesionMeasures}). The result
 * holds the {@link ScanReport} (what is written to results.json) and the per-vertex maps behind it (for thickness maps
 * and for comparisons). Deterministic whatever the number of threads.
 */
public final class KneeMeasurement {

	/**
	 * @param side                  the side if the user knows it, else {@code null} or UNKNOWN (metadata, then anatomy)
	 * @param weightBearingFraction 0.6 (default) or 0.75, the two fractions the central femoral regions are defined for
	 *                              (Eckstein et al. 2006; Wirth and Eckstein 2008); any other is refused
	 * @param subchondralDepthMm    depth of the lesion compartments' subchondral bone region, mm (positive)
	 */
	public record Options(Laterality side, double weightBearingFraction, double subchondralDepthMm) {
		public Options {
			if (weightBearingFraction != 0.6 && weightBearingFraction != 0.75)
				throw new IllegalArgumentException("weight-bearing fraction " + weightBearingFraction
						+ ": the central femoral regions (cMF, cLF) are defined for 0.6 or 0.75 of the distance from the notch's anterior end to the "
						+ "posterior condyles; give one of those");
			if (!(subchondralDepthMm > 0))
				throw new IllegalArgumentException("subchondral depth " + subchondralDepthMm + " mm: must be positive");
		}

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

		/** This result with {@code r} as its report (e.g. with more provenance); everything else unchanged. */
		public Result withReport(final ScanReport r) {
			return new Result(r, anatomy, surfaces, labels, segmentation);
		}
	}

	/** ChondroJ's version (the build's), recorded in every result's provenance as {@code chondroj_version}. */
	public static final String VERSION = version();

	private KneeMeasurement() {
	}

	/**
	 * Measures a knee segmented from its images ({@link org.chondroj.knee.KneeSegmenter}):
	 * as {@link #measure(KneeLabels, String, Options)}, with the segmentation's notes first among the report's
	 * quality-control notes and its parameters in the provenance (prefixed {@code segmentation.}).
	 */
	public static Result measure(final Segmentation segmentation, final String scan, final Options options) {
		return measure(segmentation, scan, options, Progress.NONE);
	}

	/** As {@link #measure(Segmentation, String, Options)}, reporting the measurement's stages to {@code progress}. */
	public static Result measure(final Segmentation segmentation, final String scan, final Options options, final Progress progress) {
		final Result r = measure(segmentation.kneeLabels(), scan, options, progress);
		final Map<String, String> parameters = new LinkedHashMap<>();
		new java.util.TreeMap<>(segmentation.parameters()).forEach((k, v) -> parameters.put("segmentation." + k, v));
		final List<String> notes = new ArrayList<>();
		for (final String q : segmentation.qc())
			notes.add("segmentation: " + q);
		return new Result(r.report().withNotes(notes, segmentation.flags(), parameters), r.anatomy(), r.surfaces(), r.labels(), segmentation);
	}

	private static String version() {
		final Properties p = new Properties();
		try (InputStream in = KneeMeasurement.class.getResourceAsStream("version.properties")) {
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
	public static Result measure(final KneeLabels labels, final String scan, final Options options) {
		return measure(labels, scan, options, Progress.NONE);
	}

	/**
	 * As {@link #measure(KneeLabels, String, Options)}, reporting its stages (the knee's frame, then each bone's
	 * cartilage, then lesions) to {@code progress}, which may cancel between them.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Result measure(final KneeLabels labels, final String scan, final Options options, final Progress progress) {
		progress.stage("measuring: the knee's frame and landmarks", 0);
		final KneeAnatomy anatomy = KneeAnatomy.of(labels, options.side() == null ? Laterality.UNKNOWN : options.side(), options.weightBearingFraction());
		final ScanReport.Builder report = ScanReport.builder(scan).side(anatomy.frame().side(), anatomy.frame().sideEvidence().summary())
				.weightBearingFraction(options.weightBearingFraction());
		final Map<Region, RegionMeasures> measures = new EnumMap<>(Region.class);
		final Map<KneeStructure, BoneSurface> surfaces = new EnumMap<>(KneeStructure.class);
		final List<QcFlag> flags = new ArrayList<>();
		if (labels.unmappedValues().length > 0)
			flags.add(QcFlag.of(Kind.UNMAPPED_LABELS, "the label map " + labels.describeUnmapped() + "; check the label numbering"));
		for (final KneeStructure bone : new KneeStructure[] { KneeStructure.FEMUR, KneeStructure.TIBIA, KneeStructure.PATELLA }) {
			final KneeStructure cartilage = bone.cartilage();
			progress.stage("measuring: " + bone.name().toLowerCase(Locale.ROOT) + " cartilage", 
					bone == KneeStructure.FEMUR ? 0.2 : bone == KneeStructure.TIBIA ? 0.45 : 0.7);
			if (!labels.has(bone) || !labels.has(cartilage)) {
				flags.add(new QcFlag(Kind.PLATE_MISSING, (labels.has(bone) ? cartilage : bone).key(),
						labels.describeAbsence(labels.has(bone) ? cartilage : bone) + ": its plates are not measured"));
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
				measures.put(r, r.isPlate() ? map.measures(v -> ids[v] != 0 && Region.byId(ids[v]).plate() == r) : map.measures(ids, rid));
			}
		}
		for (final Region aggregate : List.of(Region.MFTC, Region.LFTC)) {
			final List<Region> parts = aggregate.parts();
			if (measures.containsKey(parts.get(0)) && measures.containsKey(parts.get(1)))
				measures.put(aggregate, measures.get(parts.get(0)).plus(measures.get(parts.get(1))));
		}
		for (final Region region : Region.REPORTED) {
			final RegionMeasures m = measures.get(region);
			if (m == null)
				continue;
			for (final Metric metric : Metric.values())
				report.region(region, metric, m.get(metric));
			if (region.isPlate() && m.tAB() > 0 && m.dAB() > 20)
				flags.add(new QcFlag(Kind.DENUDED_BONE, region.key(),
						String.format(Locale.ROOT, "%.0f %% of the plate's bone is denuded; check the cartilage labels there", m.dAB())));
		}
		for (final Region plate : Region.PLATES)
			if (!measures.containsKey(plate) && !(plate == Region.P && !labels.has(KneeStructure.PATELLA)))
				flags.add(new QcFlag(Kind.PLATE_MISSING, plate.key(), "no cartilage-covered bone found for this plate"));
		// lesions
		final boolean lesions = labels.has(KneeStructure.FEMORAL_LESION) || labels.has(KneeStructure.TIBIAL_LESION)
				|| labels.has(KneeStructure.PATELLAR_LESION) || labels.mapping().names(KneeStructure.FEMORAL_LESION);
		if (lesions) {
			progress.stage("measuring: bone-marrow lesions", 0.85);
			final double depth = options.subchondralDepthMm();
			LesionMeasures.measure(labels,
					new LesionMeasures.RegionMap(BoneCompartments.map(labels, anatomy.regions(), depth), List.of(Compartment.values())),
					new LesionMeasures.RegionMap(MoaksSubregions.map(labels, anatomy.regions(), depth), List.of(MoaksSubregion.values())))
					.forEach((c, m) -> m.forEach((metric, v) -> report.lesion(c, metric, v)));
		}
		final double notch = anatomy.landmarks().notchAnteriorUncertainty();
		if (notch > 1)
			flags.add(QcFlag.of(Kind.NOTCH_UNCERTAIN,
					String.format(Locale.ROOT, "the notch's anterior end is uncertain by ±%.1f mm: the cMF/cLF/TrF boundaries may be off by that much", notch)));
		if (anatomy.frame().sideEvidence().conflicts())
			flags.add(QcFlag.of(Kind.SIDE_CONFLICT, anatomy.frame().sideEvidence().summary()));
		flags.addAll(QcChecks.check(labels, measures));
		flags.forEach(report::flag);
		report.provenance("chondroj_version", VERSION).provenance("labels", labels.source()).provenance("label_mapping", labels.mapping().toText())
				.provenance("weight_bearing_fraction", Double.toString(options.weightBearingFraction()))
				.provenance("subchondral_depth_mm", Double.toString(options.subchondralDepthMm()))
				.provenance("frame", anatomy.frame().method())
				.provenance("notch_anterior_uncertainty_mm", String.format(Locale.ROOT, "%.2f", notch));
		progress.stage("measured", 1);
		return new Result(report.build(), anatomy, surfaces, labels);
	}

	private static int[] concat(final int[] a, final int[] b) {
		final int[] c = new int[a.length + b.length];
		System.arraycopy(a, 0, c, 0, a.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
