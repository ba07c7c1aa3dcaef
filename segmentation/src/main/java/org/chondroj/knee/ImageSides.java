package org.chondroj.knee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomVolumes;

/**
 * The knee's side recorded with an image: for a DICOM file or folder, the first series (in scan order) whose header or
 * description tells ({@link DicomVolumes#laterality}); for a volume file, its metadata. For giving label maps, which
 * usually carry no side, the side of the image they were made from.
 */
public final class ImageSides {

	/** A side and how it was found ("" when unknown). */
	public record Side(Laterality side, String source) {
	}

	private ImageSides() {
	}

	/** The side the image records; UNKNOWN when it does not say. */
	public static Side of(final Path image) throws IOException {
		final String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
		if (Files.isRegularFile(image) && (name.endsWith(".nii") || name.endsWith(".nii.gz") || name.endsWith(".mha") || name.endsWith(".mhd")
				|| name.endsWith(".nrrd") || name.endsWith(".nhdr"))) {
			final Laterality l = VolumeFiles.read(image).metadata().laterality();
			return new Side(l, l == Laterality.UNKNOWN ? "" : "metadata of " + image);
		}
		for (final DicomSeries s : DicomScanner.scan(image).allSeries()) {
			final String[] side = DicomVolumes.laterality(s.header(), s.description());
			final Laterality l = Laterality.parse(side[0]);
			if (l != Laterality.UNKNOWN)
				return new Side(l, side[1] + " of series " + s.seriesNumber() + " in " + image);
		}
		return new Side(Laterality.UNKNOWN, "");
	}

	/** {@code labels} with {@code side} as its metadata laterality when it has none of its own. */
	public static KneeLabels withSide(final KneeLabels labels, final Side side) {
		if (side.side() == Laterality.UNKNOWN || labels.metadataLaterality() != Laterality.UNKNOWN)
			return labels;
		return KneeLabels.of(labels.volume().withMetadata(labels.volume().metadata().withLaterality(side.side(), side.source())), labels.mapping());
	}
}
