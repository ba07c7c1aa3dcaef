package org.chondroj.phantom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.chondroj.core.io.AtomicFiles;

import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.MRSeriesWriter;
import org.chondroj.dicom.SeriesDescription;

/**
 * Writes a phantom study folder:
 *
 * <pre>
 * out/
 *   DICOM/S1_SAG_3D_DESS_WE/IM00001.dcm …   the DESS series (series 1), one file per sagittal slice
 *   DICOM/S2_SAG_IW_TSE_FS/IM00001.dcm …    the IW TSE series (series 2)
 *   labels.nii.gz                           the label map on the DESS grid (OAI-AKOA labels)
 *   preview.png                             mid-sagittal and mid-coronal DESS with label outlines
 *   truth.json                              the true measures ({@link PhantomTruth}), when the anatomy is a {@link KneeModel}
 *   true_change.json                        a follow-up's true change against its baseline ({@link TrueChange})
 * </pre>
 *
 * Both series share the Study Instance UID and the Frame of Reference UID (they are aligned through patient
 * coordinates); patient name {@code PHANTOM^KNEE}, patient ID and study date from the {@link Visit} (baseline and
 * follow-up of one seed: the same patient ID, a year apart, different study and frame-of-reference UIDs, since the
 * patient was re-positioned), Laterality from the anatomy;
 * DESS: GR, 3D, TE 4.7 ms, TR 16.3 ms, flip 25° (the OAI protocol); IW TSE: SE, 2D, fat saturation (FS), TE 30 ms,
 * TR 3200 ms, refocusing flip 180°, echo train 5; 3 T; Image Type DERIVED\PRIMARY\OTHER (synthetic, value 3 required for MR). All UIDs are derived from the visit's name, the date is
 * the visit's fixed date and no time is written: the same anatomy, configuration and visit give byte-identical files,
 * whatever the number of threads.
 * <p>
 * Nothing is left half-written: the study is written with {@link AtomicFiles#writeFolder} (a hidden temporary folder
 * next to {@code out}, renamed to {@code out} at the end; on failure deleted, {@code out} untouched). {@code out} must
 * not exist, or be an empty folder.
 */
public final class PhantomStudy {

	public static final String DESS_DESCRIPTION = "SAG 3D DESS WE";
	public static final String IW_DESCRIPTION = "SAG IW TSE FS";
	public static final String PATIENT_NAME = "PHANTOM^KNEE";
	/** The truth file, written when the anatomy is a {@link KneeModel} (the model that has a truth). */
	public static final String TRUTH = "truth.json";

	private PhantomStudy() {
	}

	/**
	 * What was written (paths inside the final folder).
	 *
	 * @param dessFiles the DESS files in slice order; likewise {@code iwFiles}
	 */
	public record Written(Path folder, Path dessSeries, List<Path> dessFiles, Path iwSeries, List<Path> iwFiles, Path labels, Path preview,
			String studyInstanceUid, String frameOfReferenceUid, String dessSeriesUid, String iwSeriesUid) {

		/** The same study after its enclosing folder {@code from} was moved to {@code to}. */
		Written relocated(final Path from, final Path to) {
			return new Written(move(folder, from, to), move(dessSeries, from, to), dessFiles.stream().map(f -> move(f, from, to)).toList(),
					move(iwSeries, from, to), iwFiles.stream().map(f -> move(f, from, to)).toList(), move(labels, from, to),
					move(preview, from, to), studyInstanceUid, frameOfReferenceUid, dessSeriesUid, iwSeriesUid);
		}

		private static Path move(final Path p, final Path from, final Path to) {
			return to.resolve(from.relativize(p));
		}
	}

	/**
	 * Who and when a phantom study is: patient ID, the name its UIDs are derived from, the study date (YYYYMMDD) and
	 * the study description.
	 */
	public record Visit(String patientId, String uidName, String studyDate, String studyDescription) {

		/** The baseline of seed N: patient {@code PHANTOM-N}, UIDs from "chondroj phantom N", 2020-01-06. */
		public static Visit baseline(final long seed) {
			return new Visit("PHANTOM-" + seed, "chondroj phantom " + seed, "20200106", "ChondroJ knee phantom");
		}

		/** The follow-up of seed N: the same patient, UIDs from "chondroj phantom N follow-up", 2021-01-11 (53 weeks later). */
		public static Visit followUp(final long seed) {
			return new Visit("PHANTOM-" + seed, "chondroj phantom " + seed + " follow-up", "20210111", "ChondroJ knee phantom, follow-up");
		}
	}

	/** {@link #write(KneeAnatomy, ImagingConfig, Path, Visit)} as the baseline visit of the imaging seed. */
	public static Written write(final KneeAnatomy anatomy, final ImagingConfig config, final Path out) throws IOException {
		return write(anatomy, config, out, Visit.baseline(config.seed()));
	}

	/**
	 * Generates the images ({@link PhantomImages#generate}) and writes the study into {@code out}.
	 *
	 * @throws java.nio.file.FileAlreadyExistsException if {@code out} exists and is not an empty folder
	 */
	public static Written write(final KneeAnatomy anatomy, final ImagingConfig config, final Path out, final Visit visit) throws IOException {
		return write(anatomy, config, out, visit, null, null);
	}

	/**
	 * Writes the follow-up study of {@code setup} and {@code seed} into {@code out}: its images (re-posed, re-noised),
	 * its own {@code truth.json} and {@code true_change.json} against the baseline of the same seed.
	 */
	public static Written writeFollowUp(final PhantomSetup setup, final long seed, final Path out) throws IOException {
		return write(setup.followUp(seed), setup.followUpImaging(seed), out, Visit.followUp(seed), setup.baseline(seed), setup.change());
	}

	/** The two studies of {@link #writePair}. */
	public record Pair(Path folder, Written baseline, Written followUp) {
	}

	/** The sub-folders of {@link #writePair}. */
	public static final String BASELINE = "baseline", FOLLOW_UP = "follow-up";

	/**
	 * Writes {@code out/baseline} and {@code out/follow-up} of {@code setup} and {@code seed} (as {@link #writeBaseline}
	 * and {@link #writeFollowUp}); {@code out} appears whole or not at all.
	 */
	public static Pair writePair(final PhantomSetup setup, final long seed, final Path out) throws IOException {
		final Path target = out.toAbsolutePath().normalize();
		final Written[] w = new Written[2];
		AtomicFiles.writeFolder(target, temp -> {
			w[0] = writeBaseline(setup, seed, temp.resolve(BASELINE)).relocated(temp, target);
			w[1] = writeFollowUp(setup, seed, temp.resolve(FOLLOW_UP)).relocated(temp, target);
		});
		return new Pair(target, w[0], w[1]);
	}

	/** Writes the baseline study of {@code setup} and {@code seed} into {@code out}. */
	public static Written writeBaseline(final PhantomSetup setup, final long seed, final Path out) throws IOException {
		return write(setup.baseline(seed), setup.baselineImaging(seed), out, Visit.baseline(seed));
	}

	private static Written write(final KneeAnatomy anatomy, final ImagingConfig config, final Path out, final Visit visit, final KneeModel baseline,
			final FollowUpChange change) throws IOException {
		final Path target = out.toAbsolutePath().normalize();
		final SeriesDescription dess = description(visit, PhantomImages.DESS_SERIES, DESS_DESCRIPTION)
				.sequence(new String[] { "GR" }, new String[] { "SS" }, new String[0], "3D").timing(4.7, 16.3, 25.0).build();
		final SeriesDescription iw = description(visit, PhantomImages.IW_SERIES, IW_DESCRIPTION)
				.sequence(new String[] { "SE" }, new String[] { "SK" }, new String[] { "FS" }, "2D").timing(30.0, 3200.0, 180.0)
				.echoTrainLength(5).build();
		final String dessFolder = "DICOM/S1_SAG_3D_DESS_WE", iwFolder = "DICOM/S2_SAG_IW_TSE_FS";
		final KneeModel model = anatomy instanceof KneeModel ? (KneeModel) anatomy : null;
		// file names relative to the study folder, as written into the temporary folder
		final List<Path> dessFiles = new ArrayList<>(), iwFiles = new ArrayList<>();
		AtomicFiles.writeFolder(target, temp -> {
			final PhantomImages.Images images = PhantomImages.generate(anatomy, config);
			for (final Path f : MRSeriesWriter.write(images.dess(), dess, temp.resolve(dessFolder)))
				dessFiles.add(target.resolve(temp.relativize(f)));
			for (final Path f : MRSeriesWriter.write(images.iw(), iw, temp.resolve(iwFolder)))
				iwFiles.add(target.resolve(temp.relativize(f)));
			VolumeFiles.write(images.labels(), temp.resolve("labels.nii.gz"));
			final double[] planes = model != null ? model.previewPlanes() : new double[] { Double.NaN, Double.NaN };
			PreviewPng.write(images.dess(), images.labels(), planes[0], planes[1], temp.resolve("preview.png"));
			if (model != null) {
				final PhantomTruth truth = PhantomTruth.of(model);
				TruthWriter.write(truth, temp.resolve(TRUTH));
				if (baseline != null)
					TrueChange.write(PhantomTruth.of(baseline), truth, change, temp.resolve(TrueChange.FILE));
			}
		});
		return new Written(target, target.resolve(dessFolder), List.copyOf(dessFiles), target.resolve(iwFolder), List.copyOf(iwFiles),
				target.resolve("labels.nii.gz"), target.resolve("preview.png"), dess.studyInstanceUid(), dess.frameOfReferenceUid(),
				dess.seriesInstanceUid(), iw.seriesInstanceUid());
	}

	private static SeriesDescription.Builder description(final Visit visit, final int number, final String text) {
		return SeriesDescription.builder(visit.uidName()).patientName(PATIENT_NAME).patientId(visit.patientId())
				.studyDescription(visit.studyDescription()).studyDateTime(visit.studyDate(), "").seriesDescription(text).imageType("DERIVED", "PRIMARY", "OTHER").seriesNumber(number).equipment("ChondroJ", "knee phantom")
				.fieldStrength(3.0);
	}
}
