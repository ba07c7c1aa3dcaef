package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.DicomTools;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomReader;
import org.chondroj.dicom.MeasurementReportWriter;
import org.chondroj.dicom.SegmentationWriter;
import org.chondroj.dicom.Tag;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
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
 * the SEG shares the DESS series' frame of reference and study. measurements.dcm (TID 1500): dciodvfy finds no error,
 * dcmtk's dsrdump lists every summary plate's ThCtAB with the value of results.json, pydicom finds the SEG's instance
 * referenced and the SEG's patient, study and frame of reference. A label map gets both files on its own frame of
 * reference, saying it has no source series; a report the SR writer refuses leaves no folder.
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

		DicomTools.dciodvfy(seg, "Segmentation");

		ExternalTools.requirePython("pydicom", "numpy", "nibabel");
		final String placed = ExternalTools.pythonCode(PLACE, seg.toString(), study.labels().toString()); // the input, on its own grid
		System.out.println("pydicom/nibabel: " + placed.trim());
		assertTrue(placed.contains(" differ 0"), placed);
		assertFalse(placed.contains("labelled 0 "), placed);

		// the measurement report
		final Path sr = out.resolve(DicomOutputs.MEASUREMENTS);
		final Attributes report = DicomReader.read(sr).dataset();
		assertEquals(MeasurementReportWriter.COMPREHENSIVE_3D_SR, report.string(Tag.SOPClassUID));
		assertEquals(study.studyInstanceUid(), report.string(Tag.StudyInstanceUID));
		assertEquals(study.frameOfReferenceUid(), report.string(Tag.FrameOfReferenceUID));
		srWarnings("phantom SR", DicomTools.dciodvfy(sr, "Comprehensive3DSR"));
		final ScanReport results = ResultsFiles.parse(Files.readString(out.resolve("results.json")));
		final Map<String, String> listed = thicknessByGroup(sr);
		System.out.println("dsrdump ThCtAB: " + listed);
		for (final Region plate : Region.SUMMARY) {
			final double expected = results.value(plate, Metric.ThCtAB);
			assertTrue(listed.containsKey(plate.key()), plate + " not listed by dsrdump: " + listed);
			assertEquals(expected, Double.parseDouble(listed.get(plate.key())), 1e-12 * Math.abs(expected), plate.key());
		}
		// every lesion region of results.json is a group with its MOAKS grade
		final String dump = DicomTools.dsrdump(sr);
		assertFalse(results.lesions().isEmpty(), "the phantom has lesion regions");
		results.lesions().forEach((region, metrics) -> {
			assertTrue(dump.contains("(112039,DCM,\"Tracking Identifier\")=\"BML " + region.key() + "\""), region.toString());
			assertTrue(metrics.containsKey(LesionMetric.MOAKS_GRADE), region.toString());
		});
		assertEquals(results.lesions().size(), dump.lines().filter(l -> l.contains("NUM:(MOAKS_BML_SIZE,99CHONDROJ")).count());
		// the MOAKS subregions among them, with their region codes (the phantom's lesion lies posterior medial femoral)
		assertTrue(results.lesions().containsKey(MoaksSubregion.FMP) && dump.contains("(SB_FMP,99CHONDROJ,\"subchondral bone, MOAKS femur, medial, posterior\")"),
				"the MOAKS subregion FMP as a region code");
		assertEquals("SEG True\nstudy True\npatient True\nFoR True", ExternalTools.pythonCode(CHECK, sr.toString(), seg.toString()).strip());
	}

	/** Prints the warnings, one line per kind (the private coding scheme's warning is repeated per code). */
	static void srWarnings(final String what, final List<String> warnings) {
		final Map<String, Integer> kinds = new TreeMap<>();
		for (final String w : warnings)
			kinds.merge(w.replaceAll("^.*?</", "</").replaceAll("\\[\\d+\\]", "[]"), 1, Integer::sum);
		kinds.forEach((k, n) -> System.out.println("dciodvfy " + what + ": " + n + " × " + k));
	}

	/** From dsrdump: each measurement group's tracking identifier → the ThCtAB value (mm) it lists. */
	static Map<String, String> thicknessByGroup(final Path sr) throws IOException {
		return DicomTools.numByGroup(DicomTools.dsrdump(sr), "ThCtAB," + DicomOutputs.SCHEME, "mm,UCUM");
	}

	/** pydicom: every group's Referenced Segment names the SEG's instance; identity, study and frame of reference are the SEG's. */
	static final String CHECK = String.join("\n", //
			"import sys, pydicom", //
			"sr = pydicom.dcmread(sys.argv[1]); seg = pydicom.dcmread(sys.argv[2], stop_before_pixels=True)", //
			"m = [c for c in sr.ContentSequence if c.ConceptNameCodeSequence[0].CodeValue == '126010'][0]", //
			"refs = [c.ReferencedSOPSequence[0] for g in m.ContentSequence for c in g.ContentSequence if c.ConceptNameCodeSequence[0].CodeValue == '121191']", //
			"numbers = {int(s.SegmentNumber) for s in seg.SegmentSequence}", //
			"print('SEG', len(refs) == len(m.ContentSequence) and all(r.ReferencedSOPInstanceUID == seg.SOPInstanceUID and r.ReferencedSOPClassUID == seg.SOPClassUID"
					+ " and {int(x) for x in (r.ReferencedSegmentNumber if r['ReferencedSegmentNumber'].VM > 1 else [r.ReferencedSegmentNumber])} <= numbers for r in refs))", //
			"print('study', sr.StudyInstanceUID == seg.StudyInstanceUID)", //
			"print('patient', (sr.PatientName, sr.PatientID, sr.get('PatientBirthDate')) == (seg.PatientName, seg.PatientID, seg.get('PatientBirthDate')))", //
			"print('FoR', sr.FrameOfReferenceUID == seg.FrameOfReferenceUID)");

	/**
	 * A label map: both files, on the label map's own new frame of reference, saying they have no source series; a report
	 * the SR writer refuses (an infinite value) leaves no folder, though the SEG was written first.
	 */
	@Test
	@org.junit.jupiter.api.Tag("slow")
	void labelMapAndFailure(@TempDir final Path dir) throws Exception {
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(PhantomSetup.defaults(), 8, dir.resolve("knee"));
		final KneeAnalyzer analyzer = KneeAnalyzer.create();
		final KneeMeasurement.Result fromLabels = analyzer.analyzeLabelMap(study.labels());
		final Path out = dir.resolve("labels-out");
		analyzer.writeWithDicomOutputs(fromLabels, null, out);
		final Path seg = out.resolve(DicomOutputs.SEGMENTATION), sr = out.resolve(DicomOutputs.MEASUREMENTS);
		final Attributes s = DicomReader.read(seg).dataset(), r = DicomReader.read(sr).dataset();
		assertTrue(s.string(Tag.SeriesDescription).contains(DicomOutputs.NO_SOURCE), s.string(Tag.SeriesDescription));
		assertTrue(r.string(Tag.SeriesDescription).contains(DicomOutputs.NO_SOURCE), r.string(Tag.SeriesDescription));
		assertNotEquals(study.frameOfReferenceUid(), s.string(Tag.FrameOfReferenceUID));
		assertEquals(s.string(Tag.FrameOfReferenceUID), r.string(Tag.FrameOfReferenceUID));
		assertEquals(DicomOutputs.EXTERNAL_LABELS, s.sequence(Tag.SegmentSequence).get(0).string(Tag.SegmentAlgorithmName));
		assertFalse(s.contains(Tag.ReferencedSeriesSequence));
		DicomTools.dciodvfy(seg, "Segmentation");
		srWarnings("label-map SR", DicomTools.dciodvfy(sr, "Comprehensive3DSR"));
		ExternalTools.requirePython("pydicom", "numpy", "nibabel");
		final String placed = ExternalTools.pythonCode(PLACE, seg.toString(), study.labels().toString()); // the input, on its own grid
		assertTrue(placed.contains(" differ 0"), placed);
		assertEquals(fromLabels.report().value(Region.MFTC, Metric.ThCtAB), Double.parseDouble(thicknessByGroup(sr).get("MFTC")), 1e-9);

		final ScanReport broken = ScanReport.builder(fromLabels.report()).region(Region.cMF, Metric.ThCtAB, Double.POSITIVE_INFINITY).build();
		final Path refused = dir.resolve("refused");
		assertThrows(IllegalArgumentException.class, () -> analyzer.writeWithDicomOutputs(fromLabels.withReport(broken), null, refused));
		assertFalse(Files.exists(refused));
		try (var left = Files.list(dir)) {
			assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("partial")), "a partial folder was left");
		}
	}
}
