package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomReader;
import org.chondroj.dicom.SegmentationWriter;
import org.chondroj.dicom.Tag;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * {@link KneeAnalyzer#writeWithDicomOutputs}: a phantom study "segmented" by a stand-in segmenter that returns the
 * phantom's true labels on the DESS grid (the real segmenters are tested elsewhere; what is checked here is the
 * plumbing): segmentation.dcm is written beside labels.nii.gz, dciodvfy finds no error, and pydicom, placing each frame
 * by its ImagePositionPatient through labels.nii.gz's own affine (nibabel), reproduces labels.nii.gz voxel for voxel;
 * the SEG shares the DESS series' frame of reference and study. A label-map analysis is refused, with no folder written.
 */
class DicomOutputsTest {

	/** Returns the phantom's labels, with the cartilage image's metadata (its series id), as a segmenter would. */
	private static KneeSegmenter truth(final Path labelsFile) {
		return (cartilage, lesion) -> {
			try {
				final Volume<?> l = VolumeFiles.read(labelsFile);
				final byte[] b = new byte[l.size()];
				final float[] f = Volumes.floatValues(l);
				for (int i = 0; i < b.length; i++)
					b[i] = (byte) Math.round(f[i]);
				final Volume<UnsignedByteType> labels = Volumes.wrapUnsignedBytes(b, l.dimensions(), cartilage.geometry())
						.withMetadata(cartilage.metadata());
				return new Segmentation(labels, List.of(), Map.of(), cartilage);
			} catch (final IOException e) {
				throw new IllegalStateException(e);
			}
		};
	}

	static final String PLACE = String.join("\n", //
			"import sys, numpy as np, pydicom, nibabel as nib", //
			"seg = pydicom.dcmread(sys.argv[1]); nii = nib.load(sys.argv[2])", //
			"lab = np.asarray(nii.dataobj).astype(np.uint8); nx, ny, nz = lab.shape", //
			"inv = np.linalg.inv(nii.affine)", //
			"frames = seg.pixel_array.reshape(int(seg.NumberOfFrames), int(seg.Rows), int(seg.Columns))", //
			"assert (int(seg.Columns), int(seg.Rows)) == (nx, ny), (seg.Columns, seg.Rows, lab.shape)", //
			"vol = np.zeros(lab.shape, np.uint8)", //
			"for f, fg in zip(frames, seg.PerFrameFunctionalGroupsSequence):", //
			"    p = np.array([float(x) for x in fg.PlanePositionSequence[0].ImagePositionPatient])", //
			"    ijk = inv.dot([-p[0], -p[1], p[2], 1])[:3]", //
			"    assert abs(ijk[0]) < 1e-3 and abs(ijk[1]) < 1e-3 and abs(ijk[2] - round(ijk[2])) < 1e-3, ijk", //
			"    k = int(round(ijk[2])); s = int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)", //
			"    vol[:, :, k][f.T > 0] = s", //
			"print('voxels', lab.size, 'labelled', int(np.count_nonzero(lab)), 'differ', int(np.count_nonzero(vol != lab)))");

	@Test
	@org.junit.jupiter.api.Tag("slow")
	void segmentationBesideTheLabels(@TempDir final Path dir) throws Exception {
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(PhantomSetup.defaults(), 7, dir.resolve("knee"));
		final Path dicom = study.folder().resolve("DICOM");
		final KneeAnalyzer analyzer = KneeAnalyzer.builder().segmenter(truth(study.labels())).build();
		final KneeMeasurement.Result result = analyzer.analyzeStudy(dicom);
		final Path out = dir.resolve("out");
		analyzer.writeWithDicomOutputs(result, dicom, out);
		final Path seg = out.resolve(DicomOutputs.SEGMENTATION);
		assertTrue(Files.size(seg) > 0);
		assertTrue(Files.size(out.resolve("labels.nii.gz")) > 0);
		final Attributes ds = DicomReader.read(seg).dataset();
		assertEquals(SegmentationWriter.SEGMENTATION_STORAGE, ds.string(Tag.SOPClassUID));
		assertEquals(study.frameOfReferenceUid(), ds.string(Tag.FrameOfReferenceUID));
		assertEquals(study.studyInstanceUid(), ds.string(Tag.StudyInstanceUID));
		assertEquals(study.dessSeriesUid(), ds.sequence(Tag.ReferencedSeriesSequence).get(0).string(Tag.SeriesInstanceUID));
		assertEquals(study.dessFiles().size(), ds.sequence(Tag.ReferencedSeriesSequence).get(0).sequence(Tag.ReferencedInstanceSequence).size());
		assertTrue(ds.sequence(Tag.SegmentSequence).get(0).string(Tag.SegmentAlgorithmName).startsWith("ChondroJ "));

		ExternalTools.requireCommand("dciodvfy");
		final ExternalTools.Result v = ExternalTools.run(List.of("dciodvfy", "-new", seg.toString()), 120);
		final List<String> errors = new ArrayList<>();
		for (final String line : v.output.split("\n"))
			if (line.contains("Error"))
				errors.add(line);
			else if (line.contains("Warning"))
				System.out.println("dciodvfy phantom SEG: " + line);
		assertTrue(errors.isEmpty(), v.output);
		assertTrue(v.output.lines().anyMatch(l -> l.strip().equals("Segmentation")), v.output);

		ExternalTools.requirePython("pydicom", "numpy", "nibabel");
		final String placed = ExternalTools.pythonCode(PLACE, seg.toString(), out.resolve("labels.nii.gz").toString());
		System.out.println("pydicom/nibabel: " + placed.trim());
		assertTrue(placed.contains(" differ 0"), placed);
		assertFalse(placed.contains("labelled 0 "), placed);

		// a label map is not segmented here: refused, and no folder appears
		final KneeMeasurement.Result fromLabels = analyzer.analyzeLabelMap(study.labels());
		final Path refused = dir.resolve("refused");
		assertThrows(IllegalArgumentException.class, () -> analyzer.writeWithDicomOutputs(fromLabels, dicom, refused));
		assertFalse(Files.exists(refused));
	}
}
