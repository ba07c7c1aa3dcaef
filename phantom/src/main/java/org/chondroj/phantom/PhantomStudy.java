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
 * </pre>
 *
 * Both series share the Study Instance UID and the Frame of Reference UID (they are aligned through patient
 * coordinates); patient name {@code PHANTOM^KNEE}, patient ID {@code PHANTOM-<seed>}, Laterality from the anatomy;
 * DESS: GR, 3D, TE 4.7 ms, TR 16.3 ms, flip 25° (the OAI protocol); IW TSE: SE, 2D, fat saturation (FS), TE 30 ms,
 * TR 3200 ms, refocusing flip 180°, echo train 5; 3 T; Image Type DERIVED\PRIMARY\OTHER (synthetic, value 3 required for MR). All UIDs are derived from a name ("chondroj phantom
 * &lt;seed&gt;" unless given), no date or time is written: the same anatomy, configuration and name give byte-identical
 * files, whatever the number of threads.
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
	}

	/** {@link #write(KneeAnatomy, ImagingConfig, Path, String)} with the UID name "chondroj phantom &lt;seed&gt;". */
	public static Written write(final KneeAnatomy anatomy, final ImagingConfig config, final Path out) throws IOException {
		return write(anatomy, config, out, "chondroj phantom " + config.seed());
	}

	/**
	 * Generates the images ({@link PhantomImages#generate}) and writes the study into {@code out}.
	 *
	 * @param uidName the name the UIDs are derived from (give a baseline and a follow-up different names)
	 * @throws java.nio.file.FileAlreadyExistsException if {@code out} exists and is not an empty folder
	 */
	public static Written write(final KneeAnatomy anatomy, final ImagingConfig config, final Path out, final String uidName) throws IOException {
		final Path target = out.toAbsolutePath().normalize();
		final SeriesDescription dess = description(config, uidName, PhantomImages.DESS_SERIES, DESS_DESCRIPTION)
				.sequence(new String[] { "GR" }, new String[] { "SS" }, new String[0], "3D").timing(4.7, 16.3, 25.0).build();
		final SeriesDescription iw = description(config, uidName, PhantomImages.IW_SERIES, IW_DESCRIPTION)
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
			if (model != null)
				TruthWriter.write(PhantomTruth.of(model), temp.resolve(TRUTH));
		});
		return new Written(target, target.resolve(dessFolder), List.copyOf(dessFiles), target.resolve(iwFolder), List.copyOf(iwFiles),
				target.resolve("labels.nii.gz"), target.resolve("preview.png"), dess.studyInstanceUid(), dess.frameOfReferenceUid(),
				dess.seriesInstanceUid(), iw.seriesInstanceUid());
	}

	private static SeriesDescription.Builder description(final ImagingConfig config, final String uidName, final int number, final String text) {
		return SeriesDescription.builder(uidName).patientName(PATIENT_NAME).patientId("PHANTOM-" + config.seed())
				.studyDescription("ChondroJ knee phantom").seriesDescription(text).imageType("DERIVED", "PRIMARY", "OTHER").seriesNumber(number).equipment("ChondroJ", "knee phantom")
				.fieldStrength(3.0);
	}
}
