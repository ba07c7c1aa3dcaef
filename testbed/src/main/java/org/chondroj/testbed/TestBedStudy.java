package org.chondroj.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Resampling;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.MRSeriesWriter;
import org.chondroj.dicom.SeriesDescription;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.anatomy.KneeFrame;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.PreviewPng;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.joml.Matrix3d;
import org.joml.Vector3d;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a test-bed study: a knee MRI rendered from a real manual label map, with its truth.
 *
 * <pre>
 * out/
 *   DICOM/S1_.../IM00001.dcm …   the rendered series, one file per sagittal slice, on the label map's own voxels
 *   labels.nii.gz                the truth: the input label map voxel for voxel, in ChondroJ's numbering
 *   truth.json                   its measures by ChondroJ's label-map measurement (the path proven on the analytic
 *                                phantom), with the same keys as the phantom's truth.json
 *   preview.png                  mid-sagittal and mid-coronal slices with the label outlines
 * </pre>
 *
 * With {@link #writePair}, {@code out/baseline/} and {@code out/follow-up/} as above, and
 * {@code out/follow-up/true_change.json} ({@link FollowUp}).
 * <p>
 * The series holds exactly the label map's voxel centres: its slices are the grid axis closest to the patient's
 * left–right, its rows run towards inferior and its columns towards posterior (a sagittal acquisition), which only
 * reorders the voxels. The same label map, contrast and seed give byte-identical files. Nothing is left half-written:
 * the folder appears whole or not at all ({@link AtomicFiles#writeFolder}); {@code out} must not exist or be empty.
 */
public final class TestBedStudy {

	/** The study's files. */
	public static final String DICOM = "DICOM", LABELS = "labels.nii.gz", TRUTH = "truth.json", PREVIEW = "preview.png";
	public static final String PATIENT_NAME = "TESTBED^KNEE";

	/**
	 * @param contrast the sequence to render
	 * @param seed     tissue levels, texture, bias field, noise and UIDs
	 * @param side     the knee's side when known (written to the DICOM Laterality and used by the truth's
	 *                 measurement), {@link Laterality#UNKNOWN} to leave it to the anatomy
	 */
	public record Options(Sequence contrast, long seed, Laterality side) {
		public Options {
			Objects.requireNonNull(contrast);
			Objects.requireNonNull(side);
		}

		public static Options defaults() {
			return new Options(Sequence.DESS, 1, Laterality.UNKNOWN);
		}
	}

	/** What was written (paths inside the final folder), and the truth. */
	public record Written(Path folder, Path series, List<Path> files, Path labels, Path truth, Path preview, String seriesInstanceUid,
			ScanReport truthReport) {

		/** The same study after its enclosing folder {@code from} was moved to {@code to}. */
		Written relocated(final Path from, final Path to) {
			return new Written(move(folder, from, to), move(series, from, to), files.stream().map(f -> move(f, from, to)).toList(),
					move(labels, from, to), move(truth, from, to), move(preview, from, to), seriesInstanceUid, truthReport);
		}

		private static Path move(final Path p, final Path from, final Path to) {
			return to.resolve(from.relativize(p));
		}
	}

	/** A baseline and its follow-up ({@link #writePair}). */
	public record Pair(Path folder, Written baseline, Written followUp, Path trueChange) {
	}

	/** The visits' sub-folders of a pair, and the follow-up's change file. */
	public static final String BASELINE = "baseline", FOLLOW_UP = "follow-up", TRUE_CHANGE = "true_change.json";
	/** The visits' study dates (a year apart). */
	static final String BASELINE_DATE = "20200106", FOLLOW_UP_DATE = "20210111";

	private TestBedStudy() {
	}

	/**
	 * Renders and writes the study of {@code labels} ({@link KneeLabels#read} with the map's numbering) into
	 * {@code out}.
	 *
	 * @param name the study's name (patient ID and the UIDs derive from it and the seed), e.g. the label map's file name
	 * @throws IllegalArgumentException when the map lacks femur, tibia or their cartilage
	 */
	public static Written write(final KneeLabels labels, final String name, final Options options, final Path out) throws IOException {
		return write(labels, name, options, BASELINE_DATE, out);
	}

	/**
	 * Writes a baseline study ({@code out/baseline}, as {@link #write}) and its follow-up ({@code out/follow-up}: the
	 * label map after {@code change}, {@link FollowUp}; rendered with the next seed, so re-noised, a year later), with
	 * {@code out/follow-up/true_change.json}: per plate, subregion, aggregate and lesion compartment, and metric, the
	 * two truths, their difference and its percentage (the keys of the analytic phantom's), and the change made.
	 * {@code out} appears whole or not at all.
	 */
	public static Pair writePair(final KneeLabels labels, final String name, final Options options, final FollowUp.Change change, final Path out)
			throws IOException {
		final Path target = out.toAbsolutePath().normalize();
		final Volume<UnsignedByteType> base = chondrojLabels(labels);
		final KneeLabels own = KneeLabels.of(base, LabelPresets.mapping("oai-akoa"));
		final Volume<UnsignedByteType> follow = FollowUp.labels(base, KneeFrame.estimate(own, options.side()), change, options.seed());
		final Written[] w = new Written[2];
		final Path[] temp = new Path[1];
		AtomicFiles.writeFolder(target, t -> {
			temp[0] = t;
			w[0] = write(labels, name, options, BASELINE_DATE, t.resolve(BASELINE));
			w[1] = write(KneeLabels.of(follow, LabelPresets.mapping("oai-akoa")), name, new Options(options.contrast(), options.seed() + 1, options.side()),
					FOLLOW_UP_DATE, t.resolve(FOLLOW_UP));
			Json.write(t.resolve(FOLLOW_UP).resolve(TRUE_CHANGE), trueChange(w[0].truthReport(), w[1].truthReport(), change));
		});
		return new Pair(target, w[0].relocated(temp[0], target), w[1].relocated(temp[0], target), target.resolve(FOLLOW_UP).resolve(TRUE_CHANGE));
	}

	private static Written write(final KneeLabels labels, final String name, final Options options, final String studyDate, final Path out)
			throws IOException {
		final Path target = out.toAbsolutePath().normalize();
		final Volume<UnsignedByteType> truthLabels = chondrojLabels(labels);
		final KneeLabels own = KneeLabels.of(truthLabels, LabelPresets.mapping("oai-akoa"));
		final KneeFrame frame = KneeFrame.estimate(own, options.side());
		final KneeScene scene = KneeScene.of(own, frame);
		final Volume<UnsignedShortType> image = Renderer.render(scene, options.contrast(), options.seed(), 1);
		final int[][] dims = new int[1][];
		final VoxelGeometry sagittal = sagittal(image.geometry(), image.dimensions(), dims);
		final Volume<UnsignedShortType> series = Resampling.nearest(image, dims[0], sagittal).withMetadata(metadata(options));
		final Sequence s = options.contrast();
		final SeriesDescription description = SeriesDescription.builder("chondroj test bed " + name + " " + s.key() + " " + options.seed() + " " + studyDate)
				.patientName(PATIENT_NAME).patientId(("TESTBED-" + name).toUpperCase(Locale.ROOT)).studyDescription("ChondroJ test bed")
				.studyDateTime(studyDate, "").seriesDescription(s.description()).imageType("DERIVED", "PRIMARY", "OTHER").seriesNumber(1)
				.equipment("ChondroJ", "test bed").fieldStrength(3.0)
				.sequence(new String[] { s == Sequence.DESS || s == Sequence.DESS_ECHO2 ? "GR" : "SE" },
						new String[] { s == Sequence.DESS || s == Sequence.DESS_ECHO2 ? "SS" : "SK" },
						s.fatSuppressed() && s != Sequence.DESS && s != Sequence.DESS_ECHO2 ? new String[] { "FS" } : new String[0], "3D")
				.timing(s.echoTimeMs(), s.repetitionTimeMs(), s.flipAngleDegrees()).build();
		final String folder = DICOM + "/S1_" + s.description().replace(' ', '_');
		final List<Path> files = new ArrayList<>();
		final ScanReport[] truth = new ScanReport[1];
		AtomicFiles.writeFolder(target, temp -> {
			for (final Path f : MRSeriesWriter.write(series, description, temp.resolve(folder)))
				files.add(target.resolve(temp.relativize(f)));
			VolumeFiles.write(truthLabels, temp.resolve(LABELS));
			// the truth is the measurement of labels.nii.gz as written (its geometry as the file stores it), so that
			// chondroj analyze --labels labels.nii.gz gives the very same numbers
			truth[0] = KneeMeasurement.measure(KneeLabels.read(temp.resolve(LABELS), LabelPresets.mapping("oai-akoa")), name,
					KneeMeasurement.Options.defaults().withSide(options.side())).report();
			Json.write(temp.resolve(TRUTH), truth(truth[0], name, options, labels.mapping().toText()));
			PreviewPng.write(image, truthLabels, temp.resolve(PREVIEW));
		});
		return new Written(target, target.resolve(folder), List.copyOf(files), target.resolve(LABELS), target.resolve(TRUTH), target.resolve(PREVIEW),
				description.seriesInstanceUid(), truth[0]);
	}

	/** The label map in ChondroJ's numbering (1 femur … 9 patellar lesion), voxel for voxel on its own grid. */
	public static Volume<UnsignedByteType> chondrojLabels(final KneeLabels labels) {
		final Volume<UnsignedByteType> in = labels.volume();
		final byte[] codes = labels.codes(), raw = Volumes.byteData(in);
		final Volume<UnsignedByteType> out = Volumes.unsignedBytes(in.dimensions(), in.geometry());
		final byte[] o = Volumes.byteData(out);
		for (int i = 0; i < o.length; i++)
			o[i] = codes[raw[i] & 0xFF];
		return out;
	}

	/**
	 * The geometry of the same voxel centres as a sagittal series: slice axis the grid axis closest to the patient's
	 * left–right, rows the one closest to superior–inferior (running inferior), columns the remaining one (running
	 * posterior where it is the anterior–posterior axis), slices ordered to make the axes right-handed. Writes the new
	 * size into {@code dimsOut[0]}.
	 */
	static VoxelGeometry sagittal(final VoxelGeometry g, final int[] dims, final int[][] dimsOut) {
		final double[][] axis = new double[3][3];
		for (int d = 0; d < 3; d++)
			for (int r = 0; r < 3; r++)
				axis[d][r] = g.direction().get(d, r);
		final int slice = closest(axis, 0, -1, -1), row = closest(axis, 2, slice, -1), column = 3 - slice - row;
		// columns towards +y (posterior), rows towards −z (inferior), slices to make a right-handed frame
		final int[] order = { column, row, slice };
		final boolean[] flip = new boolean[3];
		flip[0] = axis[column][1] < 0;
		flip[1] = axis[row][2] > 0;
		final double[][] dir = new double[3][];
		for (int a = 0; a < 2; a++)
			dir[a] = scaled(axis[order[a]], flip[a] ? -1 : 1);
		final double[] cross = { dir[0][1] * dir[1][2] - dir[0][2] * dir[1][1], dir[0][2] * dir[1][0] - dir[0][0] * dir[1][2],
				dir[0][0] * dir[1][1] - dir[0][1] * dir[1][0] };
		flip[2] = cross[0] * axis[slice][0] + cross[1] * axis[slice][1] + cross[2] * axis[slice][2] < 0;
		dir[2] = scaled(axis[slice], flip[2] ? -1 : 1);
		final int[] start = new int[3];
		final double[] spacing = new double[3];
		final int[] newDims = new int[3];
		for (int a = 0; a < 3; a++) {
			start[order[a]] = flip[a] ? dims[order[a]] - 1 : 0;
			spacing[a] = g.spacing(order[a]);
			newDims[a] = dims[order[a]];
		}
		final Vector3d o = g.indexToPatient(start[0], start[1], start[2], new Vector3d());
		final double[] origin = { o.x, o.y, o.z };
		dimsOut[0] = newDims;
		return VoxelGeometry.of(spacing, origin, new Matrix3d(dir[0][0], dir[0][1], dir[0][2], dir[1][0], dir[1][1], dir[1][2], dir[2][0], dir[2][1],
				dir[2][2]));
	}

	private static int closest(final double[][] axis, final int patient, final int not1, final int not2) {
		int best = -1;
		for (int d = 0; d < 3; d++)
			if (d != not1 && d != not2 && (best < 0 || Math.abs(axis[d][patient]) > Math.abs(axis[best][patient])))
				best = d;
		return best;
	}

	private static double[] scaled(final double[] v, final double f) {
		return new double[] { f * v[0], f * v[1], f * v[2] };
	}

	private static Metadata metadata(final Options options) {
		final Sequence s = options.contrast();
		Metadata m = Metadata.empty().with(Metadata.SERIES_DESCRIPTION, s.description()).with(Metadata.ECHO_TIME, number(s.echoTimeMs()))
				.with(Metadata.REPETITION_TIME, number(s.repetitionTimeMs())).with(Metadata.FLIP_ANGLE, number(s.flipAngleDegrees()));
		if (options.side() != Laterality.UNKNOWN)
			m = m.withLaterality(options.side(), "test bed");
		return m;
	}

	private static String number(final double v) {
		return Json.number(v);
	}

	/** true_change.json: the keys of the analytic phantom's, the values from the two visits' truths. */
	private static ObjectNode trueChange(final ScanReport a, final ScanReport b, final FollowUp.Change change) {
		final ObjectNode j = Json.object().put("schema", "chondroj-true-change/1");
		final ObjectNode plates = j.putObject("plates");
		a.regions().forEach((region, m) -> m.forEach((metric, v) -> {
			final double w = b.value(region, metric);
			if (!Double.isNaN(w))
				entry(plates.withObjectProperty(region.key()).putObject(metric.key()), v, w);
		}));
		final ObjectNode lesions = j.putObject("lesions");
		a.lesions().forEach((c, m) -> m.forEach((metric, v) -> {
			final double w = b.lesionValue(c, metric);
			if (!Double.isNaN(w))
				entry(lesions.withObjectProperty(c.key()).putObject(metric.key()), v, w);
		}));
		j.putObject("made").put("medial_thinning_mm", change.thinningMm()).put("medial_thinning_radius_mm", change.thinningRadiusMm())
				.put("lateral_defect_radius_mm", change.defectRadiusMm()).put("rotation_deg", change.rotationDeg())
				.put("translation_mm", change.translationMm())
				.put("measures", "the label-map measurements of baseline/labels.nii.gz and follow-up/labels.nii.gz");
		return j;
	}

	private static void entry(final ObjectNode o, final double baseline, final double followUp) {
		o.put("baseline", baseline).put("followup", followUp).put("change", followUp - baseline)
				.put("change_pct", baseline != 0 ? 100 * (followUp - baseline) / baseline : Double.NaN);
	}

	/** truth.json: the keys of the analytic phantom's ({@code plates}, {@code lesions}, {@code units}), and how it was made. */
	private static ObjectNode truth(final ScanReport r, final String name, final Options options, final String mapping) {
		final ObjectNode j = Json.object().put("schema", "chondroj-truth/1").put("side", r.side().name().toLowerCase(Locale.ROOT))
				.put("weight_bearing_fraction", r.weightBearingFraction());
		final ObjectNode plates = j.putObject("plates");
		r.regions().forEach((region, m) -> {
			final ObjectNode o = plates.putObject(region.key());
			m.forEach((metric, v) -> o.put(metric.key(), v));
		});
		final ObjectNode lesions = j.putObject("lesions");
		r.lesions().forEach((c, m) -> {
			final ObjectNode o = lesions.putObject(c.key());
			m.forEach((metric, v) -> o.put(metric.key(), v));
		});
		final ObjectNode units = j.putObject("units");
		for (final Metric m : Metric.values())
			units.put(m.key(), m.unit());
		for (final LesionMetric m : LesionMetric.values())
			units.put(m.key(), m.unit());
		j.putObject("methods").put("measures", "ChondroJ's label-map measurement of labels.nii.gz (the input label map, remapped)")
				.put("chondroj_version", KneeMeasurement.VERSION).put("side", r.sideSource());
		j.putObject("parameters").put("label_map", name).put("label_mapping", mapping).put("contrast", options.contrast().key())
				.put("seed", options.seed());
		return j;
	}
}
