package org.chondroj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomFile;
import org.chondroj.dicom.DicomReader;
import org.chondroj.dicom.DicomWriter;
import org.chondroj.dicom.MRSeriesWriter;
import org.chondroj.dicom.SeriesDescription;
import org.chondroj.dicom.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * {@link CohortDiscovery} from DICOM headers alone (tiny series, no analysis): time points are never a UID — an undated
 * study is {@code undated-N}, two studies of one knee on one date are {@code DATE-1}, {@code DATE-2} — in the
 * documented order (date, else the series' dates; time; UID), and the batch's time order keeps them so; every file
 * that is not part of a scan is reported with why, in printable text.
 */
class CohortDiscoveryTest {

	/** A study's UID: the prefix of the ChondroJ test UIDs and a number. */
	private static String uid(final int n) {
		return "1.2.826.0.1.3680043.10.543.77." + n;
	}

	@Test
	void timePointsAreDatesOrOrdinalsNeverUids(@TempDir final Path dir) throws IOException {
		final Path root = dir.resolve("cohort");
		// subject P-A, right knee: two studies on one date (by StudyTime, against their UIDs' order) ...
		study(root.resolve("a1"), "P-A", uid(9), "20200106", "100000", Laterality.RIGHT);
		study(root.resolve("a2"), "P-A", uid(10), "20200106", "090000", Laterality.RIGHT);
		// ... two without StudyDate, ordered by their SeriesDate (against their UIDs' order) ...
		study(root.resolve("a3"), "P-A", uid(1), "", "", Laterality.RIGHT);
		edit(root.resolve("a3"), ds -> ds.setString(Tag.SeriesDate, "20210301"));
		study(root.resolve("a4"), "P-A", uid(2), "", "", Laterality.RIGHT);
		edit(root.resolve("a4"), ds -> ds.setString(Tag.AcquisitionDate, "20200601"));
		// ... one without any date but with a StudyTime, and one whose StudyDate is no date, with a later StudyTime
		study(root.resolve("a5"), "P-A", uid(3), "", "080000", Laterality.RIGHT);
		study(root.resolve("a6"), "P-A", uid(4), "", "09:00", Laterality.RIGHT);
		edit(root.resolve("a6"), ds -> ds.setString(Tag.StudyDate, "20201306"));
		// subject P-B: each knee in a study of its own on one date: no suffix needed
		study(root.resolve("b-left"), "P-B", uid(20), "20200106", "", Laterality.LEFT);
		study(root.resolve("b-right"), "P-B", uid(21), "20200106", "", Laterality.RIGHT);
		// subject P-C: two studies without date or time: by UID, as text ("…300" before "…31")
		study(root.resolve("c1"), "P-C", uid(31), "", "", Laterality.LEFT);
		study(root.resolve("c2"), "P-C", uid(300), "", "", Laterality.LEFT);
		// no PatientID: a subject of its own, named by the study (pseudonymised away unless identifiers are kept)
		study(root.resolve("d"), "", uid(40), "", "", Laterality.LEFT);

		final CohortDiscovery.Found found = CohortDiscovery.discover(root);
		final Map<String, ScanInput> byStudy = new LinkedHashMap<>();
		for (final ScanInput s : found.scans()) {
			final String study = s.uids().get(0);
			byStudy.put(study, s);
			for (final String u : s.uids())
				assertFalse(s.timepoint().contains(u), s.timepoint());
			assertTrue(s.timepoint().matches("\\d{8}(-\\d+)?|undated-\\d+"), s.timepoint());
			assertTrue(s.origin().startsWith("study " + study + " in " + s.path()) && s.origin().contains("(3 files: IM00001.dcm, IM00002.dcm, IM00003.dcm)"),
					s.origin());
			assertEquals(2, s.uids().size(), "the study's and its series' UIDs: " + s.uids());
		}
		assertEquals(11, found.scans().size(), found.scans().toString());
		final Map<String, String> expected = new LinkedHashMap<>();
		expected.put(uid(10), "20200106-1");
		expected.put(uid(9), "20200106-2");
		expected.put(uid(2), "undated-1");
		expected.put(uid(1), "undated-2");
		expected.put(uid(3), "undated-3");
		expected.put(uid(4), "undated-4");
		expected.put(uid(20), "20200106");
		expected.put(uid(21), "20200106");
		expected.put(uid(31), "undated-2");
		expected.put(uid(300), "undated-1");
		expected.put(uid(40), "undated-1");
		for (final Map.Entry<String, String> e : expected.entrySet())
			assertEquals(e.getValue(), byStudy.get(e.getKey()).timepoint(), e.getKey());
		assertEquals("20200106", byStudy.get(uid(10)).studyDate());
		assertEquals("", byStudy.get(uid(4)).studyDate(), "a StudyDate that is no calendar date is none");
		assertEquals("", byStudy.get(uid(1)).studyDate(), "a series' date orders, but does not date, the study");
		assertEquals(Laterality.LEFT, byStudy.get(uid(20)).side());
		assertEquals("no PatientID, study " + uid(40), byStudy.get(uid(40)).subject());

		// the batch's time order of P-A's knee: dated by date, then the undated by number
		final List<ScanInput> knee = found.scans().stream().filter(s -> s.subject().equals("P-A")).sorted(BatchRun.TIME_ORDER).collect(Collectors.toList());
		assertEquals(List.of("20200106-1", "20200106-2", "undated-1", "undated-2", "undated-3", "undated-4"),
				knee.stream().map(ScanInput::timepoint).collect(Collectors.toList()));
		assertEquals(found.scans(), CohortDiscovery.discover(root).scans(), "deterministic");
	}

	@Test
	void everyFileThatIsNoScanIsReportedWithWhy(@TempDir final Path dir) throws IOException {
		final Path root = dir.resolve("cohort");
		study(root.resolve("good"), "P-A", uid(1), "20200106", "", Laterality.RIGHT);
		final Path other = Files.createDirectories(root.resolve("other"));
		final Path text = Files.writeString(other.resolve("notes.txt"), "not an image");
		final Path volume = Files.write(other.resolve("knee.nii.gz"), new byte[] { 31, -117, 8, 0 });
		final Path odd = Files.writeString(other.resolve("odd\u0007name\u001b[31m.dcm"), "not DICOM either");
		final byte[] truncated = new byte[200];
		System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, truncated, 128, 4);
		Arrays.fill(truncated, 132, 200, (byte) 0x7f);
		final Path broken = Files.write(other.resolve("broken.dcm"), truncated);
		final Path noImage = other.resolve("DICOMDIR");
		final Attributes dir0 = new Attributes(false);
		dir0.setString(Tag.SOPClassUID, "1.2.840.10008.1.3.10");
		dir0.setString(Tag.SOPInstanceUID, uid(99));
		DicomWriter.write(noImage, dir0);

		final CohortDiscovery.Found found = CohortDiscovery.discover(root);
		assertEquals(1, found.scans().size());
		final List<String> problems = found.problems();
		assertEquals(5, problems.size(), problems.toString());
		final List<String> sorted = new ArrayList<>(problems);
		sorted.sort(null);
		assertEquals(sorted, problems, "ordered by file");
		for (final String p : problems)
			assertTrue(p.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "printable: " + p);
		assertTrue(problems.contains(text + ": not a DICOM file (no DICM signature)"), problems.toString());
		assertTrue(problems.contains(volume + ": not DICOM but a volume file, which a batch reads from a manifest only (--manifest)"), problems.toString());
		assertTrue(problems.contains(other.resolve("odd\\x07name\\x1b[31m.dcm") + ": not a DICOM file (no DICM signature)"), problems.toString());
		assertTrue(problems.contains(noImage + ": a DICOM file without an image (e.g. a DICOMDIR or a structured report)"), problems.toString());
		final String brokenLine = problems.stream().filter(p -> p.startsWith(broken.toString())).findFirst().orElseThrow();
		assertTrue(brokenLine.length() > broken.toString().length() + 10 && !brokenLine.startsWith(broken + ": " + broken), brokenLine);
		assertTrue(Files.exists(odd));
	}

	/** Writes a 3-slice series of one study into {@code folder}. */
	static void study(final Path folder, final String patientId, final String studyUid, final String date, final String time, final Laterality side)
			throws IOException {
		final short[] v = new short[8 * 8 * 3];
		Arrays.fill(v, (short) 100);
		final Volume<UnsignedShortType> image = Volumes.wrapUnsignedShorts(v, new int[] { 8, 8, 3 }, VoxelGeometry.axisAligned(0.5, 0.5, 1.0))
				.withMetadata(Metadata.empty().withLaterality(side, "test"));
		MRSeriesWriter.write(image, SeriesDescription.builder(studyUid).studyInstanceUid(studyUid).patientId(patientId).studyDateTime(date, time)
				.seriesDescription("SAG 3D DESS").seriesNumber(1).build(), folder);
	}

	/** Rewrites every file of {@code folder} with {@code change} applied to its data set. */
	static void edit(final Path folder, final Consumer<Attributes> change) throws IOException {
		try (var files = Files.list(folder)) {
			for (final Path f : files.sorted().collect(Collectors.toList())) {
				final DicomFile d = DicomReader.read(f);
				change.accept(d.dataset());
				DicomWriter.write(f, d.dataset());
			}
		}
	}
}
