package org.chondroj.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.chondroj.core.Volume;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.dicom.SegmentationWriter;
import org.chondroj.dicom.SegmentationWriter.Codes;
import org.chondroj.dicom.SegmentationWriter.Segment;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.Segmentation;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The DICOM outputs of a segmented scan ({@code chondroj analyze --dicom-outputs}): {@value #SEGMENTATION}, a binary
 * DICOM Segmentation ({@link SegmentationWriter}) of the label map in ChondroJ's OAI-AKOA numbering, one segment per
 * structure (1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage, 5 patella, 6 patellar cartilage, 7/8/9
 * femoral/tibial/patellar bone-marrow lesion), all AUTOMATIC, on the cartilage series it was segmented from: the SEG
 * shares that series' frame of reference, references its instances and copies its patient and study identity.
 */
public final class DicomOutputs {

	/** The file name of the segmentation. */
	public static final String SEGMENTATION = "segmentation.dcm";

	private DicomOutputs() {
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
		final String id = labels.metadata().get(DicomVolumes.SERIES_ID);
		if (id == null)
			throw new IllegalArgumentException("the segmentation was not made from a DICOM series, so no DICOM Segmentation can reference one");
		final DicomScan scan = DicomScanner.scan(study);
		final DicomSeries series = scan.series(id);
		final SegmentationWriter.Source source = SegmentationWriter.Source.of(DicomVolumes.arrange(series));
		return SegmentationWriter.write(labels, segments(algorithm), source, options, folder.resolve(SEGMENTATION));
	}
}
