package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner on a tree mixing DICOM series of two studies, non-DICOM files, a DICOMDIR and a broken DICOM file. */
class DicomScannerTest {

	@Test
	void mixedTree(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = new ArrayList<>();
		for (final SyntheticSeries.Slice s : SyntheticSeries.stack(4, new double[] { 0, 0, 0 }, new double[] { 1, 0, 0, 0, 1, 0 }, 2)) {
			s.file = "patient/a/" + s.file;
			slices.add(s);
		}
		for (final SyntheticSeries.Slice s : SyntheticSeries.stack(3, new double[] { 0, 0, 0 }, new double[] { 0, 1, 0, 0, 0, -1 }, 1)) {
			s.file = "patient/b/deeper/" + s.instance; // no extension
			s.series = "1.2.3.4.5.2";
			s.description = "Sag T2";
			slices.add(s);
		}
		for (final SyntheticSeries.Slice s : SyntheticSeries.stack(2, new double[] { 0, 0, 0 }, new double[] { 1, 0, 0, 0, 0, -1 }, 1)) {
			s.file = "other/" + s.file;
			s.study = "1.2.3.9";
			s.series = "1.2.3.9.1";
			slices.add(s);
		}
		SyntheticSeries.write(dir, slices);
		Files.writeString(dir.resolve("README.txt"), "notes about the scan\n");
		Files.write(dir.resolve("patient/.DS_Store"), new byte[] { 0, 0, 0, 1, 'B', 'u', 'd', '1', 0, 0, 16, 0 });
		// a DICOMDIR written by pydicom: DICOM, but no image
		ExternalTools.pythonCode(String.join("\n", "import sys, pydicom", "from pydicom.dataset import FileDataset, FileMetaDataset",
				"m = FileMetaDataset(); m.MediaStorageSOPClassUID = '1.2.840.10008.1.3.10'; m.MediaStorageSOPInstanceUID = '1.2.3.77'",
				"m.TransferSyntaxUID = '1.2.840.10008.1.2.1'", "ds = FileDataset(sys.argv[1], {}, file_meta=m, preamble=b'\\0' * 128)",
				"ds.is_little_endian = True; ds.is_implicit_VR = False; ds.FileSetID = 'TEST'", "ds.save_as(sys.argv[1], write_like_original=False)"),
				dir.resolve("DICOMDIR").toString());
		// a DICOM file cut inside its header
		final byte[] whole = Files.readAllBytes(dir.resolve("patient/a/s01.dcm"));
		Files.write(dir.resolve("patient/a/broken.dcm"), Arrays.copyOf(whole, 400));

		final DicomScan scan = DicomScanner.scan(dir);
		assertEquals(List.of(dir.resolve("README.txt"), dir.resolve("patient/.DS_Store")).stream().sorted().collect(Collectors.toList()),
				scan.nonDicom().stream().sorted().collect(Collectors.toList()));
		assertEquals(List.of(dir.resolve("DICOMDIR")), scan.nonImage());
		assertEquals(1, scan.unreadable().size());
		assertEquals(dir.resolve("patient/a/broken.dcm"), scan.unreadable().get(0).file());
		assertTrue(scan.unreadable().get(0).message().startsWith(dir.resolve("patient/a/broken.dcm").toString()), scan.unreadable().get(0).message());
		assertEquals(2, scan.studies().size());
		final DicomStudy first = scan.studies().stream().filter(s -> s.studyInstanceUID().equals("1.2.826.0.1.3680043.8.498.1")).findFirst().orElseThrow();
		assertEquals(List.of("1.2.3.4.5.2", "1.2.826.0.1.3680043.8.498.1.1"),
				first.series().stream().map(DicomSeries::id).sorted().collect(Collectors.toList()));
		assertEquals(3, scan.series("1.2.3.4.5.2").files().size());
		assertEquals(4, scan.series("1.2.826.0.1.3680043.8.498.1.1").frames().size());
		assertEquals(9, scan.allSeries().stream().mapToInt(s -> s.frames().size()).sum());
		// deterministic: a second scan gives the same ids and frames in the same order
		final DicomScan again = DicomScanner.scan(dir);
		assertEquals(scan.allSeries().stream().map(s -> s.id() + s.files()).collect(Collectors.toList()),
				again.allSeries().stream().map(s -> s.id() + s.files()).collect(Collectors.toList()));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scan.series("9.9.9"));
		assertTrue(e.getMessage().contains("no series 9.9.9; found: "), e.getMessage());
		assertThrows(IllegalArgumentException.class, scan::onlySeries);
		// a single file is a scan of its own
		assertEquals(1, DicomScanner.scan(dir.resolve("other/s00.dcm")).onlySeries().frames().size());
	}
}
