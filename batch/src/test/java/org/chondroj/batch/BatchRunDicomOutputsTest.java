package org.chondroj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.chondroj.analysis.DicomOutputs;
import org.chondroj.core.testing.DicomTools;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomReader;
import org.chondroj.dicom.Tag;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch --dicom-outputs} under pseudonymisation: a phantom study found from its DICOM headers and segmented; its
 * scan folder holds segmentation.dcm and measurements.dcm, both valid for dciodvfy, naming the patient by the
 * pseudonym, and neither holds anything of the source: pydicom walks every element (nested ones included) and finds
 * none of the patient's name or ID, the study date, the source's study, series, frame-of-reference or instance UIDs.
 */
@org.junit.jupiter.api.Tag("slow")
class BatchRunDicomOutputsTest {

	/** pydicom: every element of each file whose value holds one of the forbidden texts, then the patient's name and ID. */
	static final String SCAN = String.join("\n", //
			"import sys, pydicom", //
			"files, forbidden = sys.argv[1:3], [t for t in sys.argv[3:] if t]", //
			"for f in files:", //
			"    ds = pydicom.dcmread(f)", //
			"    for e in ds.iterall():", //
			"        if e.VR in ('OB', 'OW', 'SQ'): continue", //
			"        v = str(e.value)", //
			"        for t in forbidden:", //
			"            if t in v: print('LEAK', f, e.keyword, t)", //
			"    print('patient', ds.PatientName, ds.PatientID, 'study date', repr(ds.get('StudyDate', '')))");

	@Test
	void pseudonymousFilesHoldNothingOfTheSource(@TempDir final Path dir) throws Exception {
		final Path root = dir.resolve("cohort");
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(PhantomSetup.defaults(), 41, root.resolve("subject-a"));
		final Attributes source = DicomReader.readHeader(study.dessFiles().get(0)).dataset();
		final CohortDiscovery.Found found = CohortDiscovery.discover(root);
		assertEquals(1, found.scans().size(), found.scans().toString());
		final Path out = dir.resolve("out");
		final BatchRun.Summary summary = BatchRun.run(found.scans(), out,
				BatchRun.Options.defaults().withThreads(1).withSalt("dicom-outputs").withDicomOutputs(true), null);
		assertEquals(1, summary.count(BatchRun.Status.ANALYSED), summary.outcomes().toString());

		final List<Path> seg = new ArrayList<>(), sr = new ArrayList<>();
		try (var files = Files.walk(out)) {
			files.forEach(p -> {
				if (p.getFileName().toString().equals(DicomOutputs.SEGMENTATION))
					seg.add(p);
				else if (p.getFileName().toString().equals(DicomOutputs.MEASUREMENTS))
					sr.add(p);
			});
		}
		assertEquals(1, seg.size());
		assertEquals(1, sr.size());
		assertEquals(seg.get(0).getParent(), sr.get(0).getParent(), "both in the scan's folder");
		final String pseudonym;
		try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			pseudonym = store.scans().get(0).subject();
		}
		assertFalse(pseudonym.contains("PHANTOM"), pseudonym);

		final List<String> forbidden = new ArrayList<>(List.of(source.string(Tag.PatientName), source.string(Tag.PatientID),
				source.string(Tag.StudyInstanceUID), source.string(Tag.SeriesInstanceUID), source.string(Tag.FrameOfReferenceUID),
				source.string(Tag.StudyDate), "PHANTOM", root.toString()));
		for (final Path f : study.dessFiles().subList(0, 5))
			forbidden.add(DicomReader.readHeader(f).dataset().string(Tag.SOPInstanceUID));
		for (final Path f : List.of(seg.get(0), sr.get(0))) {
			final Attributes ds = DicomReader.read(f).dataset();
			assertEquals(pseudonym + "^", ds.string(Tag.PatientName), f.toString()); // a family name: no retired-form warning
			assertEquals(pseudonym, ds.string(Tag.PatientID), f.toString());
			final String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
			for (final String t : forbidden)
				if (t != null && !t.isEmpty())
					assertFalse(bytes.contains(t), f.getFileName() + " holds " + t);
		}
		final Attributes s = DicomReader.read(seg.get(0)).dataset(), r = DicomReader.read(sr.get(0)).dataset();
		assertEquals(s.string(Tag.StudyInstanceUID), r.string(Tag.StudyInstanceUID));
		assertEquals(s.string(Tag.FrameOfReferenceUID), r.string(Tag.FrameOfReferenceUID));

		ExternalTools.requirePython("pydicom");
		final List<String> args = new ArrayList<>(List.of(seg.get(0).toString(), sr.get(0).toString()));
		for (final String t : forbidden)
			args.add(t == null ? "" : t);
		final String scanned = ExternalTools.pythonCode(SCAN, args.toArray(new String[0]));
		System.out.println("pydicom: " + scanned.strip());
		assertFalse(scanned.contains("LEAK"), scanned);
		assertEquals(2, scanned.lines().filter(l -> l.equals("patient " + pseudonym + "^ " + pseudonym + " study date ''")).count(), scanned);

		assertTrue(DicomTools.dciodvfy(seg.get(0), "Segmentation").stream().noneMatch(w -> w.contains("Retired Person Name form")));
		assertTrue(DicomTools.dciodvfy(sr.get(0), "Comprehensive3DSR").stream().noneMatch(w -> w.contains("Retired Person Name form")));
	}
}
