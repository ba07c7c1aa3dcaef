package org.chondroj.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomReader;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.dicom.MeasurementReportWriter;
import org.chondroj.dicom.MeasurementReportWriter.Algorithm;
import org.chondroj.dicom.MeasurementReportWriter.CodingScheme;
import org.chondroj.dicom.MeasurementReportWriter.Group;
import org.chondroj.dicom.MeasurementReportWriter.Measurement;
import org.chondroj.dicom.MeasurementReportWriter.SiteCodes;
import org.chondroj.dicom.MeasurementReportWriter.Units;
import org.chondroj.dicom.SegmentationWriter;
import org.chondroj.dicom.SegmentationWriter.Code;
import org.chondroj.dicom.SegmentationWriter.Codes;
import org.chondroj.dicom.SegmentationWriter.Segment;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The DICOM outputs of an analysed scan ({@code chondroj analyze --dicom-outputs}):
 * <ul>
 * <li>{@value #SEGMENTATION}, a binary DICOM Segmentation ({@link SegmentationWriter}) of the label map in ChondroJ's
 * OAI-AKOA numbering, one segment per structure (1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage, 5 patella,
 * 6 patellar cartilage, 7/8/9 femoral/tibial/patellar bone-marrow lesion), all AUTOMATIC. For a scan segmented from a
 * DICOM series it is on that series: it shares its frame of reference, references its instances and copies its
 * patient and study identity. For a label-map input, or under pseudonymisation with {@link Settings#detached}, it has
 * the label map's geometry, a new frame of reference and study and no reference to a source series (its
 * SeriesDescription says so: {@value #NO_SOURCE});</li>
 * <li>{@value #MEASUREMENTS}, a TID 1500 Measurement Report ({@link MeasurementReportWriter}) of the
 * {@link ScanReport}: one measurement group per cartilage region (plate, subregion or aggregate; tracking identifier
 * the region key, e.g. {@code cMF}) holding every {@link Metric}, and one per bone-marrow lesion region (tracking
 * identifier {@code BML } + its key, e.g. {@code BML MT}) holding every {@link LesionMetric}; each group references the
 * segment of the SEG it was measured on (an aggregate both segments of its parts), names the finding (cartilage,
 * edema), the bone as finding site, the knee's side as its laterality and the region as topographical modifier, and
 * identifies the algorithm (ChondroJ, its version, the analysis parameters of the report's provenance).</li>
 * </ul>
 * <h2>Codes</h2> Standard codes where the standard has them: finding Cartilage SCT 309312004 and Edema SCT 267038008,
 * finding sites Femur SCT 71341001, Tibia SCT 12611008, Patella SCT 64234005 ({@link Codes}); laterality Right SCT
 * 24028007, Left SCT 7771000 (CID 244); the volumes VC and lesion volume as Volume SCT 118565006 (CID 7472 "Volume
 * Measurements"); procedure reported LN 25056-3 "MRI unspecified body region" (CID 100); units UCUM {@code mm},
 * {@code mm2}, {@code mm3}, {@code %}, {@code 1} and {@code {grade}}. The Chondrometrics measures (Eckstein et al.,
 * Osteoarthritis Cartilage 2006) and the regions have no standard code: they are codes of the private coding scheme
 * {@value #SCHEME} ({@link #CODING_SCHEME}, declared in the report's Coding Scheme Identification Sequence), code value
 * = the key of the result files:
 * <table>
 * <caption>Concept names of the {@value #SCHEME} scheme (measurements)</caption>
 * <tr><th>code</th><th>unit</th><th>meaning</th></tr>
 * <tr><td>tAB</td><td>mm2</td><td>Total subchondral bone area</td></tr>
 * <tr><td>cAB</td><td>mm2</td><td>Cartilage-covered subchondral bone area</td></tr>
 * <tr><td>dAB</td><td>%</td><td>Denuded subchondral bone area, percent of tAB</td></tr>
 * <tr><td>AC</td><td>mm2</td><td>Articular cartilage surface area</td></tr>
 * <tr><td>ThCcAB</td><td>mm</td><td>Mean cartilage thickness over cAB</td></tr>
 * <tr><td>ThCtAB</td><td>mm</td><td>Mean cartilage thickness over tAB, denuded as 0</td></tr>
 * <tr><td>ThCcAB_max</td><td>mm</td><td>Maximum cartilage thickness over cAB</td></tr>
 * <tr><td>ThCcAB_sd</td><td>mm</td><td>Standard deviation of cartilage thickness over cAB</td></tr>
 * <tr><td>BML_SHARE</td><td>%</td><td>Lesion volume, percent of the subchondral bone region</td></tr>
 * <tr><td>BML_COUNT</td><td>1</td><td>Number of bone-marrow lesions</td></tr>
 * <tr><td>BML_DIAMETER</td><td>mm</td><td>Largest bone-marrow lesion diameter</td></tr>
 * <tr><td>MOAKS_BML_SIZE</td><td>{grade}</td><td>MOAKS bone-marrow lesion size grade (0-3)</td></tr>
 * <tr><td>WORMS_BML_SIZE</td><td>{grade}</td><td>WORMS bone-marrow lesion size grade (0-3)</td></tr>
 * </table>
 * Regions (topographical modifiers): code value = the region key ({@code MT}, {@code cMF}, {@code ccMF}, {@code MFTC},
 * … as in {@link Region}), meaning e.g. "central medial femur (weight-bearing)"; lesion regions: {@code SB_} + the
 * lesion region key ({@code SB_MF}, …, {@code SB_FMC}, …), meaning "subchondral bone, medial femoral condyle",
 * "subchondral bone, MOAKS femur, medial, central". The same table is in
 * docs/dicom-outputs.md.
 */
public final class DicomOutputs {

	/** The file name of the segmentation. */
	public static final String SEGMENTATION = "segmentation.dcm";
	/** The file name of the measurement report (TID 1500). */
	public static final String MEASUREMENTS = "measurements.dcm";
	/** The designator of ChondroJ's private coding scheme. */
	public static final String SCHEME = "99CHONDROJ";
	/** ChondroJ's private coding scheme, as the report declares it. */
	public static final CodingScheme CODING_SCHEME = new CodingScheme(SCHEME, "ChondroJ knee MRI measures and regions", "1",
			"ChondroJ open-source project (docs/dicom-outputs.md)");
	/** The SegmentAlgorithmName of the segments of a label map given as input. */
	public static final String EXTERNAL_LABELS = "external label map";
	/** What the SeriesDescription of a SEG and SR without a source series adds. */
	public static final String NO_SOURCE = "no source series";

	private DicomOutputs() {
	}

	/**
	 * How the DICOM outputs are written.
	 *
	 * @param algorithm SegmentAlgorithmName, e.g. "ChondroJ classical segmenter"
	 * @param pseudonym the patient's name and ID under pseudonymisation, or {@code null} to copy the source's identity
	 * @param detached no reference to the source series at all (its UIDs and frame of reference stay out of both
	 *        files), as a batch's pseudonymisation needs; the SEG then has the label map's geometry and a new frame of
	 *        reference
	 * @param seed name-based UIDs under this seed (the same files on every run), or {@code null} for random UIDs
	 */
	public record Settings(String algorithm, String pseudonym, boolean detached, String seed) {
		public static Settings of(final String algorithm) {
			return new Settings(algorithm, null, false, null);
		}

		/** Pseudonymous and detached (nothing of the source's identity, UIDs included). */
		public Settings pseudonymous(final String name) {
			return new Settings(algorithm, name, true, seed);
		}

		public Settings withSeed(final String s) {
			return new Settings(algorithm, pseudonym, detached, s);
		}
	}

	/** The segments of the OAI-AKOA numbering, with SNOMED CT codes ({@link Codes}), all found by {@code algorithm}. */
	public static List<Segment> segments(final String algorithm) {
		return List.of(Segment.bone(1, LabelPresets.FEMUR, Codes.FEMUR, true, algorithm),
				Segment.cartilage(2, LabelPresets.FEMORAL_CARTILAGE, Codes.FEMUR, true, algorithm),
				Segment.bone(3, LabelPresets.TIBIA, Codes.TIBIA, true, algorithm),
				Segment.cartilage(4, LabelPresets.TIBIAL_CARTILAGE, Codes.TIBIA, true, algorithm),
				Segment.bone(5, LabelPresets.PATELLA, Codes.PATELLA, true, algorithm),
				Segment.cartilage(6, LabelPresets.PATELLAR_CARTILAGE, Codes.PATELLA, true, algorithm),
				Segment.marrowLesion(7, LabelPresets.FEMORAL_LESION, Codes.FEMUR, true, algorithm),
				Segment.marrowLesion(8, LabelPresets.TIBIAL_LESION, Codes.TIBIA, true, algorithm),
				Segment.marrowLesion(9, LabelPresets.PATELLAR_LESION, Codes.PATELLA, true, algorithm));
	}

	/**
	 * Writes {@value #SEGMENTATION} of {@code segmentation} into {@code folder}: its labels on the grid of the DICOM
	 * series of {@code study} they were segmented on (found by the labels' {@link DicomVolumes#SERIES_ID}).
	 *
	 * @param algorithm SegmentAlgorithmName, e.g. "ChondroJ classical segmenter"
	 * @throws IllegalArgumentException if the labels do not come from a DICOM series of {@code study} (naming the series
	 *         found), or are not on its grid
	 */
	public static Path writeSegmentation(final Segmentation segmentation, final Path study, final String algorithm,
			final SegmentationWriter.Options options, final Path folder) throws IOException {
		final Volume<UnsignedByteType> labels = segmentation.labels();
		return SegmentationWriter.write(labels, segments(algorithm), source(labels, study), options, folder.resolve(SEGMENTATION));
	}

	private static SegmentationWriter.Source source(final Volume<UnsignedByteType> labels, final Path study) throws IOException {
		final String id = labels.metadata().get(DicomVolumes.SERIES_ID);
		if (id == null)
			throw new IllegalArgumentException("the segmentation was not made from a DICOM series, so no DICOM Segmentation can reference one");
		final DicomScan scan = DicomScanner.scan(study);
		final DicomSeries series = scan.series(id);
		return SegmentationWriter.Source.of(DicomVolumes.arrange(series));
	}

	/**
	 * Writes {@value #SEGMENTATION} and {@value #MEASUREMENTS} of an analysed scan into {@code folder} (each file
	 * atomically; for a folder that appears whole, call this inside {@link org.chondroj.core.io.AtomicFiles#writeFolder}).
	 * With a segmentation made here from {@code study} and not {@link Settings#detached}, the SEG is on its source
	 * series; otherwise (a label map, or detached) it holds the analysed labels on their own grid with no source.
	 *
	 * @param study the DICOM study the scan was segmented from, or {@code null} for a label map
	 * @return the two files
	 */
	public static List<Path> write(final KneeMeasurement.Result result, final Path study, final Settings settings, final Path folder)
			throws IOException {
		final String version = KneeMeasurement.VERSION;
		final boolean onSource = result.segmentation() != null && study != null && !settings.detached();
		final Volume<UnsignedByteType> labels = onSource ? result.segmentation().labels() : result.labels().volume();
		final SegmentationWriter.Source source = onSource ? source(labels, study) : null;
		final String suffix = onSource ? "" : " (" + NO_SOURCE + ")";
		final SegmentationWriter.Options segOptions = new SegmentationWriter.Options(settings.seed(), 900, "ChondroJ segmentation" + suffix,
				"SEGMENTATION", java.time.LocalDateTime.now().withNano(0), version, settings.pseudonym());
		// a label map's segments were drawn elsewhere: named as such, not after this analyzer's segmenter
		final String algorithm = result.segmentation() != null ? settings.algorithm() : EXTERNAL_LABELS;
		final Path seg = SegmentationWriter.write(labels, segments(algorithm), source, segOptions, folder.resolve(SEGMENTATION));
		final Attributes segmentation = DicomReader.read(seg).dataset();
		final MeasurementReportWriter.Options srOptions = new MeasurementReportWriter.Options(settings.seed(), 901, "ChondroJ measurements" + suffix,
				segOptions.created(), version);
		final Path sr = MeasurementReportWriter.write(measurementReport(result.report()), segmentation, srOptions, folder.resolve(MEASUREMENTS));
		return List.of(seg, sr);
	}

	/**
	 * Writes {@value #MEASUREMENTS} of {@code report} into {@code folder}, on the segmentation {@code segmentation} (a
	 * SEG written by {@link #write} or {@link #writeSegmentation}, whose segments are {@link #segments}).
	 */
	public static Path writeMeasurementReport(final ScanReport report, final Path segmentation, final MeasurementReportWriter.Options options,
			final Path folder) throws IOException {
		return MeasurementReportWriter.write(measurementReport(report), DicomReader.read(segmentation).dataset(), options,
				folder.resolve(MEASUREMENTS));
	}

	/** The TID 1500 content of a scan's report (see the class comment). */
	public static MeasurementReportWriter.Report measurementReport(final ScanReport report) {
		final Code side = report.side() == Laterality.RIGHT ? SiteCodes.RIGHT : report.side() == Laterality.LEFT ? SiteCodes.LEFT : null;
		final List<Group> groups = new ArrayList<>();
		for (final Map.Entry<Region, Map<Metric, Double>> e : report.regions().entrySet()) {
			final Region region = e.getKey();
			final List<Measurement> values = new ArrayList<>();
			e.getValue().forEach((metric, v) -> values.add(new Measurement(metricCode(metric), v, unit(metric.unit()))));
			final List<Integer> segments = new ArrayList<>();
			for (final Region plate : region.isAggregate() ? region.parts() : List.of(region.plate()))
				segments.add(cartilageSegment(plate.compartment()));
			segments.sort(null);
			final Code bone = region.isAggregate() ? null : bone(region.plate().compartment());
			groups.add(new Group(region.key(), Codes.CARTILAGE, bone, bone == null ? null : side, bone == null ? null : regionCode(region), segments,
					values));
		}
		for (final Map.Entry<LesionRegion, Map<LesionMetric, Double>> e : report.lesions().entrySet()) {
			final LesionRegion region = e.getKey();
			final Code bone = lesionBone(region);
			final List<Measurement> values = new ArrayList<>();
			e.getValue().forEach((metric, v) -> values.add(new Measurement(lesionMetricCode(metric), v, unit(metric.unit()))));
			groups.add(new Group("BML " + region.key(), Codes.EDEMA, bone, side, lesionRegionCode(region), lesionSegment(bone), values));
		}
		final List<String> parameters = new ArrayList<>();
		report.provenance().forEach((k, v) -> {
			if (!NOT_PARAMETERS.contains(k) && !v.contains("/") && !v.contains("\\"))
				parameters.add(k + "=" + v);
		});
		parameters.add("weight_bearing_fraction_reported=" + report.weightBearingFraction());
		final String version = report.provenance().getOrDefault("chondroj_version", KneeMeasurement.VERSION);
		return new MeasurementReportWriter.Report(MeasurementReportWriter.MRI_PROCEDURE, new Algorithm("ChondroJ", version, parameters), groups,
				List.of(CODING_SCHEME), true);
	}

	/** Provenance entries that are not parameters of the algorithm (inputs, identity, the version given apart). */
	private static final Set<String> NOT_PARAMETERS = Set.of("chondroj_version", "image", "labels", "subject", "study_date", "timepoint", "group");

	/** The bone of a lesion compartment or MOAKS subregion. */
	static Code lesionBone(final LesionRegion region) {
		if (region instanceof Compartment c)
			return bone(c);
		final String bone = ((MoaksSubregion) region).bone();
		return bone.equals("tibia") ? Codes.TIBIA : bone.equals("patella") ? Codes.PATELLA : Codes.FEMUR;
	}

	private static int lesionSegment(final Code bone) {
		return bone == Codes.TIBIA ? 8 : bone == Codes.PATELLA ? 9 : 7;
	}

	private static Code bone(final Compartment c) {
		switch (c) {
		case MT:
		case LT:
			return Codes.TIBIA;
		case P:
			return Codes.PATELLA;
		default:
			return Codes.FEMUR;
		}
	}

	private static int cartilageSegment(final Compartment c) {
		final Code bone = bone(c);
		return bone == Codes.TIBIA ? 4 : bone == Codes.PATELLA ? 6 : 2;
	}

	/** The concept name of a cartilage measure: Volume (SCT) for VC, else the private code of its key. */
	static Code metricCode(final Metric m) {
		switch (m) {
		case VC:
			return VOLUME;
		case tAB:
			return privateCode(m.key(), "Total subchondral bone area");
		case cAB:
			return privateCode(m.key(), "Cartilage-covered subchondral bone area");
		case dAB:
			return privateCode(m.key(), "Denuded subchondral bone area, percent of tAB");
		case AC:
			return privateCode(m.key(), "Articular cartilage surface area");
		case ThCcAB:
			return privateCode(m.key(), "Mean cartilage thickness over cAB");
		case ThCtAB:
			return privateCode(m.key(), "Mean cartilage thickness over tAB, denuded as 0");
		case ThCcAB_max:
			return privateCode(m.key(), "Maximum cartilage thickness over cAB");
		case ThCcAB_sd:
			return privateCode(m.key(), "Standard deviation of cartilage thickness over cAB");
		default:
			throw new IllegalArgumentException("no code for " + m);
		}
	}

	/** The concept name of a lesion measure: Volume (SCT) for the volume, else a private code. */
	static Code lesionMetricCode(final LesionMetric m) {
		switch (m) {
		case VOLUME:
			return VOLUME;
		case SHARE:
			return privateCode("BML_SHARE", "Lesion volume, percent of the subchondral bone region");
		case COUNT:
			return privateCode("BML_COUNT", "Number of bone-marrow lesions");
		case LARGEST_DIAMETER:
			return privateCode("BML_DIAMETER", "Largest bone-marrow lesion diameter");
		case MOAKS_GRADE:
			return privateCode("MOAKS_BML_SIZE", "MOAKS bone-marrow lesion size grade (0-3)");
		case WORMS_GRADE:
			return privateCode("WORMS_BML_SIZE", "WORMS bone-marrow lesion size grade (0-3)");
		default:
			throw new IllegalArgumentException("no code for " + m);
		}
	}

	/** (118565006, SCT, "Volume"), of CID 7472 "Volume Measurements". */
	static final Code VOLUME = Code.sct("118565006", "Volume");

	/** The UCUM code of a unit as the result files write it. */
	static Code unit(final String unit) {
		switch (unit) {
		case "mm":
			return Units.MM;
		case "mm2":
			return Units.MM2;
		case "mm3":
			return Units.MM3;
		case "%":
			return Units.PERCENT;
		case "1":
			return Units.NO_UNITS;
		case "grade":
			return Units.GRADE;
		default:
			throw new IllegalArgumentException("no UCUM code for the unit " + unit);
		}
	}

	/** The private code of a cartilage region (its key). */
	static Code regionCode(final Region r) {
		final String plate;
		switch (r.plate()) {
		case MT:
			plate = "medial tibia";
			break;
		case LT:
			plate = "lateral tibia";
			break;
		case cMF:
			plate = "central medial femur (weight-bearing)";
			break;
		case cLF:
			plate = "central lateral femur (weight-bearing)";
			break;
		case pMF:
			plate = "posterior medial femur";
			break;
		case pLF:
			plate = "posterior lateral femur";
			break;
		case TrF:
			plate = "trochlea";
			break;
		case P:
			plate = "patella";
			break;
		default:
			plate = r.key();
		}
		if (!r.isSubregion())
			return privateCode(r.key(), plate + " cartilage plate");
		final String part;
		switch (r.key().charAt(0)) { // cMT, aMT, pMT, eMT, iMT; ecMF, ccMF, icMF
		case 'c':
			part = "central";
			break;
		case 'a':
			part = "anterior";
			break;
		case 'p':
			part = "posterior";
			break;
		case 'e':
			part = "external";
			break;
		case 'i':
			part = "internal";
			break;
		default:
			part = r.key();
		}
		return privateCode(r.key(), part + " subregion of " + plate);
	}

	/** The private code of a lesion region: {@code SB_} + its key. */
	static Code lesionRegionCode(final LesionRegion region) {
		final String meaning;
		if (region instanceof MoaksSubregion m)
			meaning = "MOAKS " + m.description(); // at most 59 characters in all (LO: 64)
		else
			meaning = switch ((Compartment) region) {
			case MF -> "medial femoral condyle";
			case LF -> "lateral femoral condyle";
			case MT -> "medial tibia";
			case LT -> "lateral tibia";
			case TrF -> "trochlea";
			case P -> "patella";
			};
		return privateCode("SB_" + region.key(), "subchondral bone, " + meaning);
	}

	private static Code privateCode(final String value, final String meaning) {
		if (value.length() > 16)
			throw new IllegalArgumentException("code value longer than 16 characters: " + value);
		return new Code(value, SCHEME, meaning);
	}
}
