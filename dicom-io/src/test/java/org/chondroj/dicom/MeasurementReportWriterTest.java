package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.DicomTools;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.MeasurementReportWriter.Algorithm;
import org.chondroj.dicom.MeasurementReportWriter.CodingScheme;
import org.chondroj.dicom.MeasurementReportWriter.Group;
import org.chondroj.dicom.MeasurementReportWriter.Measurement;
import org.chondroj.dicom.MeasurementReportWriter.Options;
import org.chondroj.dicom.MeasurementReportWriter.Report;
import org.chondroj.dicom.MeasurementReportWriter.SiteCodes;
import org.chondroj.dicom.MeasurementReportWriter.Units;
import org.chondroj.dicom.SegmentationWriter.Code;
import org.chondroj.dicom.SegmentationWriter.Codes;
import org.chondroj.dicom.SegmentationWriter.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * {@link MeasurementReportWriter}: a report of two measurement groups on a SEG written by {@link SegmentationWriter}
 * for an MR series. Checked: our reader's view of the content tree and the evidence; dciodvfy (dicom3tools) reports no
 * error and verifies the Comprehensive 3D SR IOD (warnings printed); dcmtk's dsrdump reads the document and lists each
 * group's values; pydicom finds the SEG's instance referenced, and the SEG's patient, study and frame of reference. A
 * pseudonymous SEG gives a pseudonymous report, and a SEG whose source lacked the optional identity attributes a valid
 * one.
 */
class MeasurementReportWriterTest {

	static final CodingScheme PRIVATE = new CodingScheme("99TEST", "Test codes", "1", "Nobody");
	static final Code THICKNESS = new Code("ThCtAB", "99TEST", "Mean thickness over total bone area");
	static final Code VOLUME = Code.sct("118565006", "Volume");

	static Report report() {
		final List<Group> groups = List.of(
				new Group("cMF", Codes.CARTILAGE, Codes.FEMUR, SiteCodes.RIGHT, new Code("cMF", "99TEST", "central medial femur"), 2,
						List.of(new Measurement(THICKNESS, 1.234567890123, Units.MM), new Measurement(VOLUME, 1500.25, Units.MM3),
								new Measurement(new Code("dAB", "99TEST", "denuded"), Double.NaN, Units.PERCENT))),
				new Group("MT", Codes.CARTILAGE, Codes.TIBIA, null, null, 4, List.of(new Measurement(THICKNESS, 2.5, Units.MM))),
				new Group("MFTC", Codes.CARTILAGE, null, null, null, List.of(2, 4), List.of(new Measurement(THICKNESS, 1.75, Units.MM))));
		return new Report(MeasurementReportWriter.MRI_PROCEDURE, new Algorithm("ChondroJ test", "9.9", List.of("a=1", "b=two")), groups,
				List.of(PRIVATE), true);
	}

	/** A SEG of the synthetic knee labels on a written MR series; returns {seg file, first MR file}. */
	static Path[] segmentation(final Path dir, final String seed, final SegmentationWriter.Options options, final boolean sparseIdentity)
			throws IOException {
		final int nx = 12, ny = 10, nz = 4;
		final VoxelGeometry g = VoxelGeometry.axisAligned(0.4, 0.4, 1.2);
		final DicomVolumes.Arrangement a = SegmentationWriterTest.mrSeries(nx, ny, nz, g, dir.resolve("mr-" + seed), seed);
		Source source = Source.of(a);
		if (sparseIdentity) {
			final Attributes bare = new Attributes(false);
			bare.setString(Tag.StudyInstanceUID, source.header().string(Tag.StudyInstanceUID));
			source = new Source(bare, source.seriesInstanceUid(), source.frameOfReferenceUid(), source.geometry(), source.slices());
		}
		final Volume<UnsignedByteType> labels = SegmentationWriterTest.labels(nx, ny, nz, g);
		final Path seg = SegmentationWriter.write(labels, SegmentationWriterTest.KNEE, source, options, dir.resolve(seed + "-seg.dcm"));
		return new Path[] { seg, a.slices().get(0).file() };
	}

	@Test
	void writesTheDocument(@TempDir final Path dir) throws IOException {
		final Path[] s = segmentation(dir, "sr-1", SegmentationWriter.Options.defaults().withSeed("sr-1"), false);
		final Attributes seg = DicomReader.read(s[0]).dataset();
		final Path sr = MeasurementReportWriter.write(report(), seg, Options.defaults().withSeed("sr-1").withCreated(SegmentationWriterTest.WHEN),
				dir.resolve("sr.dcm"));
		final DicomFile f = DicomReader.read(sr);
		final Attributes ds = f.dataset();
		assertEquals(MeasurementReportWriter.COMPREHENSIVE_3D_SR, ds.string(Tag.SOPClassUID));
		assertEquals(MeasurementReportWriter.COMPREHENSIVE_3D_SR, f.meta().string(Tag.MediaStorageSOPClassUID));
		assertEquals("SR", ds.string(Tag.Modality));
		assertEquals("COMPLETE", ds.string(Tag.CompletionFlag));
		assertEquals("UNVERIFIED", ds.string(Tag.VerificationFlag));
		for (final Tag t : new Tag[] { Tag.PatientName, Tag.PatientID, Tag.StudyInstanceUID, Tag.StudyID, Tag.AccessionNumber, Tag.StudyDate,
				Tag.FrameOfReferenceUID })
			assertEquals(seg.string(t), ds.string(t), t.name());
		assertEquals("126000", ds.sequence(Tag.ConceptNameCodeSequence).get(0).string(Tag.CodeValue));
		assertEquals("1500", ds.sequence(Tag.ContentTemplateSequence).get(0).string(Tag.TemplateIdentifier));
		assertEquals("99TEST", ds.sequence(Tag.CodingSchemeIdentificationSequence).get(0).string(Tag.CodingSchemeDesignator));
		assertEquals("Nobody", ds.sequence(Tag.CodingSchemeIdentificationSequence).get(0).string(Tag.CodingSchemeResponsibleOrganization));
		// evidence: the SEG and the 4 MR instances, all in the study
		final List<Attributes> evidence = ds.sequence(Tag.CurrentRequestedProcedureEvidenceSequence);
		assertEquals(1, evidence.size());
		assertEquals(2, evidence.get(0).sequence(Tag.ReferencedSeriesSequence).size());
		assertEquals(seg.string(Tag.SOPInstanceUID),
				evidence.get(0).sequence(Tag.ReferencedSeriesSequence).get(0).sequence(Tag.ReferencedSOPSequence).get(0).string(Tag.ReferencedSOPInstanceUID));
		assertEquals(4, evidence.get(0).sequence(Tag.ReferencedSeriesSequence).get(1).sequence(Tag.ReferencedSOPSequence).size());
		// the measurement groups
		final Attributes measurements = ds.sequence(Tag.ContentSequence).get(ds.sequence(Tag.ContentSequence).size() - 1);
		assertEquals("126010", measurements.sequence(Tag.ConceptNameCodeSequence).get(0).string(Tag.CodeValue));
		final List<Attributes> groups = measurements.sequence(Tag.ContentSequence);
		assertEquals(3, groups.size());
		final Attributes aggregate = groups.get(2).sequence(Tag.ContentSequence).get(3).sequence(Tag.ReferencedSOPSequence).get(0);
		assertArrayEquals(new double[] { 2, 4 }, aggregate.doubles(Tag.ReferencedSegmentNumber));
		final Attributes cmf = groups.get(0);
		Attributes segment = null, thickness = null, dab = null;
		for (final Attributes item : cmf.sequence(Tag.ContentSequence)) {
			final String concept = item.sequence(Tag.ConceptNameCodeSequence).get(0).string(Tag.CodeValue);
			if (concept.equals("121191"))
				segment = item;
			else if (concept.equals("ThCtAB"))
				thickness = item;
			else if (concept.equals("dAB"))
				dab = item;
		}
		assertEquals(seg.string(Tag.SOPInstanceUID), segment.sequence(Tag.ReferencedSOPSequence).get(0).string(Tag.ReferencedSOPInstanceUID));
		assertEquals(2, segment.sequence(Tag.ReferencedSOPSequence).get(0).intValue(Tag.ReferencedSegmentNumber, -1));
		final Attributes value = thickness.sequence(Tag.MeasuredValueSequence).get(0);
		assertEquals(1.234567890123, value.doubleValue(Tag.FloatingPointValue, -1), 0);
		assertEquals(1.234567890123, value.doubleValue(Tag.NumericValue, -1), 1e-12);
		assertEquals("mm", value.sequence(Tag.MeasurementUnitsCodeSequence).get(0).string(Tag.CodeValue));
		assertEquals(0, dab.sequence(Tag.MeasuredValueSequence).size());
		assertEquals("114000", dab.sequence(Tag.NumericValueQualifierCodeSequence).get(0).string(Tag.CodeValue));

		// the same seed gives the same bytes
		final Path again = MeasurementReportWriter.write(report(), seg,
				Options.defaults().withSeed("sr-1").withCreated(SegmentationWriterTest.WHEN), dir.resolve("again.dcm"));
		assertArrayEquals(Files.readAllBytes(sr), Files.readAllBytes(again));

		dciodvfy(sr);
		final Map<String, String> listed = thicknessByGroup(sr);
		assertEquals(Map.of("cMF", "1.234567890123", "MT", "2.5", "MFTC", "1.75"), listed);
		assertEquals("SEG True\nsegment 2\nstudy True\npatient True\nFoR True", pydicomChecks(sr, s[0]).strip());
	}

	@Test
	void pseudonymAndMissingIdentityAreValid(@TempDir final Path dir) throws IOException {
		final Path[] p = segmentation(dir, "sr-2", SegmentationWriter.Options.defaults().withPseudonym("S-0a1b2c3d4e"), false);
		final Path sr = MeasurementReportWriter.write(report(), DicomReader.read(p[0]).dataset(), Options.defaults(), dir.resolve("p.dcm"));
		dciodvfy(sr);
		final Attributes ds = DicomReader.read(sr).dataset();
		assertEquals("S-0a1b2c3d4e^", ds.string(Tag.PatientName));
		assertEquals("S-0a1b2c3d4e", ds.string(Tag.PatientID));
		final String bytes = new String(Files.readAllBytes(sr), StandardCharsets.ISO_8859_1);
		for (final String identity : List.of("Knee^Left", "P-0042", "S17", "A99", "20260101"))
			assertFalse(bytes.contains(identity), identity);
		// the source is in another study: pertinent other evidence
		assertEquals(1, ds.sequence(Tag.PertinentOtherEvidenceSequence).size());

		final Path[] q = segmentation(dir, "sr-3", SegmentationWriter.Options.defaults(), true);
		final Path bare = MeasurementReportWriter.write(report(), DicomReader.read(q[0]).dataset(), Options.defaults(), dir.resolve("bare.dcm"));
		dciodvfy(bare);
		assertEquals(null, DicomReader.read(bare).dataset().string(Tag.PatientID));
	}

	/** On a SEG of the GE DESS first echo (real data, synthetic labels on its grid): dciodvfy clean, pydicom checks. */
	@Test
	void geDessReportIsValid(@TempDir final Path dir) throws IOException {
		final Path folder = RealData.require("dicom/ge-knee-dess-echo1");
		final DicomVolumes.Arrangement a = DicomVolumes.arrange(DicomScanner.scan(folder).onlySeries());
		final int[] d = a.dimensions();
		final Volume<UnsignedByteType> labels = SegmentationWriterTest.labels(d[0], d[1], d[2], a.geometry());
		final Path seg = SegmentationWriter.write(labels, SegmentationWriterTest.KNEE, Source.of(a), SegmentationWriter.Options.defaults(),
				dir.resolve("seg.dcm"));
		final Path sr = MeasurementReportWriter.write(report(), DicomReader.read(seg).dataset(), Options.defaults(), dir.resolve("sr.dcm"));
		dciodvfy(sr);
		assertEquals(Map.of("cMF", "1.234567890123", "MT", "2.5", "MFTC", "1.75"), thicknessByGroup(sr));
		assertEquals("SEG True\nsegment 2\nstudy True\npatient True\nFoR True", pydicomChecks(sr, seg).strip());
		final Attributes ge = DicomReader.readHeader(a.slices().get(0).file()).dataset();
		final Attributes ds = DicomReader.read(sr).dataset();
		assertEquals(ge.string(Tag.StudyInstanceUID), ds.string(Tag.StudyInstanceUID));
		assertEquals(ge.string(Tag.FrameOfReferenceUID), ds.string(Tag.FrameOfReferenceUID));
		assertEquals(a.slices().size() + 1, ds.sequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0).sequence(Tag.ReferencedSeriesSequence)
				.stream().mapToInt(s -> s.sequence(Tag.ReferencedSOPSequence).size()).sum());
	}

	@Test
	void refusesWhatItCannotWrite(@TempDir final Path dir) throws IOException {
		final Path[] s = segmentation(dir, "sr-4", SegmentationWriter.Options.defaults(), false);
		final Attributes seg = DicomReader.read(s[0]).dataset();
		final Path out = dir.resolve("sr.dcm");
		final Report r = report();
		final Group noSuchSegment = new Group("x", Codes.CARTILAGE, null, null, null, 77, List.of());
		assertThrows(IllegalArgumentException.class, () -> MeasurementReportWriter.write(new Report(r.procedure(), r.algorithm(),
				List.of(noSuchSegment), r.codingSchemes(), true), seg, Options.defaults(), out));
		assertThrows(IllegalArgumentException.class, () -> MeasurementReportWriter.write(new Report(r.procedure(), r.algorithm(),
				List.of(r.groups().get(0), r.groups().get(0)), r.codingSchemes(), true), seg, Options.defaults(), out));
		assertThrows(IllegalArgumentException.class, () -> MeasurementReportWriter.write(r, new Attributes(false), Options.defaults(), out));
		assertThrows(IllegalArgumentException.class, () -> new Measurement(THICKNESS, Double.POSITIVE_INFINITY, Units.MM));
		assertFalse(Files.exists(out));
	}

	/* ---- interoperability ---- */

	/** dciodvfy, verifying the Comprehensive 3D SR IOD ({@link DicomTools#dciodvfy}): fails on an error; returns the warnings. */
	static List<String> dciodvfy(final Path file) throws IOException {
		return DicomTools.dciodvfy(file, "Comprehensive3DSR");
	}

	/** From dsrdump: each measurement group's tracking identifier → the ThCtAB value (mm) it lists. */
	static Map<String, String> thicknessByGroup(final Path sr) throws IOException {
		return DicomTools.numByGroup(DicomTools.dsrdump(sr), THICKNESS.value() + "," + THICKNESS.scheme(), "mm,UCUM");
	}

	/**
	 * pydicom reads the SR and the SEG: prints "SEG True" when the first group's Referenced Segment names the SEG's
	 * instance, "segment n" its segment number, and whether study, patient and frame of reference are the SEG's.
	 */
	static final String CHECK = String.join("\n", //
			"import sys, pydicom", //
			"sr = pydicom.dcmread(sys.argv[1]); seg = pydicom.dcmread(sys.argv[2], stop_before_pixels=True)", //
			"m = [c for c in sr.ContentSequence if c.ConceptNameCodeSequence[0].CodeValue == '126010'][0]", //
			"g = m.ContentSequence[0]", //
			"ref = [c for c in g.ContentSequence if c.ConceptNameCodeSequence[0].CodeValue == '121191'][0].ReferencedSOPSequence[0]", //
			"print('SEG', ref.ReferencedSOPInstanceUID == seg.SOPInstanceUID and ref.ReferencedSOPClassUID == seg.SOPClassUID)", //
			"print('segment', int(ref.ReferencedSegmentNumber))", //
			"print('study', sr.StudyInstanceUID == seg.StudyInstanceUID)", //
			"print('patient', (sr.PatientName, sr.PatientID, sr.get('PatientBirthDate')) == (seg.PatientName, seg.PatientID, seg.get('PatientBirthDate')))", //
			"print('FoR', sr.FrameOfReferenceUID == seg.FrameOfReferenceUID)");

	public static String pydicomChecks(final Path sr, final Path seg) throws IOException {
		ExternalTools.requirePython("pydicom");
		return ExternalTools.pythonCode(CHECK, sr.toString(), seg.toString());
	}
}
