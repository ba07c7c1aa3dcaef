package org.chondroj.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomStudy;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.knee.KneeLabels;

/**
 * The knee's side recorded with an image: for a DICOM file or folder, the first series (in scan order) whose header or
 * description tells ({@link DicomVolumes#laterality}); for a volume file, its metadata. For giving label maps, which
 * usually carry no side, the side of the image they were made from; {@link #recorded} also gives the subject and the
 * study date (what a comparison checks and its interval is computed from).
 */
final class ImageSides {

	/** A side and how it was found ("" when unknown). */
	public record Side(Laterality side, String source) {
	}

	/**
	 * What an image records about its knee.
	 *
	 * @param side      the side, UNKNOWN when the image does not say
	 * @param subject   the DICOM PatientID of the first study that has one, "" when none (volume files: "")
	 * @param studyDate the DICOM StudyDate (YYYYMMDD) of the first study that has one, "" when none
	 */
	public record Recorded(Side side, String subject, String studyDate) {
	}

	private ImageSides() {
	}

	/** The side the image records; UNKNOWN when it does not say. */
	public static Side of(final Path image) throws IOException {
		return recorded(image).side();
	}

	/**
	 * The side, subject and study date the image records. Cost: a volume file is read whole; a DICOM folder has every
	 * file's header read ({@link DicomScanner#scan}).
	 *
	 * @throws java.nio.file.NoSuchFileException when {@code image} does not exist
	 * @throws IllegalArgumentException          when {@code image} is neither a volume file nor a file or folder
	 *                                           holding DICOM images, naming it
	 */
	public static Recorded recorded(final Path image) throws IOException {
		if (isVolumeFile(image)) {
			final Laterality l = VolumeFiles.read(image).metadata().laterality();
			return new Recorded(new Side(l, l == Laterality.UNKNOWN ? "" : "metadata of " + image), "", "");
		}
		final DicomScan scan = DicomScanner.scan(image);
		if (scan.allSeries().isEmpty())
			throw new IllegalArgumentException(image + ": " + scan.nothingFound() + " (and it is not a volume file: " + VolumeFiles.READABLE + ")");
		Side side = new Side(Laterality.UNKNOWN, "");
		for (final DicomSeries s : scan.allSeries()) {
			final String[] found = DicomVolumes.laterality(s.header(), s.description());
			final Laterality l = Laterality.parse(found[0]);
			if (l != Laterality.UNKNOWN) {
				side = new Side(l, found[1] + " of series " + s.seriesNumber() + " in " + image);
				break;
			}
		}
		String subject = "", date = "";
		for (final DicomStudy st : scan.studies()) {
			if (subject.isEmpty())
				subject = st.patientId().trim();
			if (date.isEmpty())
				date = st.date().trim();
		}
		return new Recorded(side, subject, date);
	}

	/** Whether {@code path} is a regular file whose name ends as a volume file's ({@link VolumeFiles#READABLE}). */
	public static boolean isVolumeFile(final Path path) {
		final String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
		return Files.isRegularFile(path) && (name.endsWith(".nii") || name.endsWith(".nii.gz") || name.endsWith(".mha") || name.endsWith(".mhd")
				|| name.endsWith(".nrrd") || name.endsWith(".nhdr"));
	}

	/** {@code labels} with {@code side} as its metadata laterality when it has none of its own. */
	public static KneeLabels withSide(final KneeLabels labels, final Side side) {
		if (side.side() == Laterality.UNKNOWN || labels.metadataLaterality() != Laterality.UNKNOWN)
			return labels;
		return KneeLabels.of(labels.volume().withMetadata(labels.volume().metadata().withLaterality(side.side(), side.source())), labels.mapping());
	}
}
