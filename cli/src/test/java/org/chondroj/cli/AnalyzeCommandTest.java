package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomReader;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.junit.jupiter.api.Tag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chondroj analyze}: a phantom label map end to end, and the error paths (what is measured is tested in segmentation). */
class AnalyzeCommandTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	@Test
	@Tag("slow")
	void analysesALabelMap(@TempDir final Path dir) throws Exception {
		final Path labels = dir.resolve("knee.nii.gz");
		VolumeFiles.write(PhantomImages.dessLabels(PhantomKnees.standard(Laterality.LEFT, 2), ImagingConfig.defaults()), labels);
		final Path results = dir.resolve("results");
		assertEquals(0, run("analyze", "--labels", labels.toString(), "--out", results.toString()), err.toString());
		assertTrue(out.toString().contains("knee: left knee"), out.toString());
		for (final String f : new String[] { "results.json", "measurements.csv", "thickness_femur.png", "thickness_tibia.png", "thickness_patella.png",
				"thickness.nii.gz", "report.html" })
			assertTrue(Files.size(results.resolve(f)) > 0, f);
		final ScanReport r = ResultsFiles.read(results);
		assertEquals(Laterality.LEFT, r.side());
		assertTrue(r.value(Region.MT, Metric.ThCtAB) > 1 && r.value(Region.MT, Metric.ThCtAB) < 3, "MT " + r.value(Region.MT, Metric.ThCtAB));
		// with --dicom-outputs: the SEG and the SR of the label map, on its own frame of reference, saying there is no source series
		final Path dicom = dir.resolve("dicom");
		assertEquals(0, run("analyze", "--labels", labels.toString(), "--dicom-outputs", "--out", dicom.toString()), err.toString());
		assertTrue(out.toString().contains("measurements.dcm"), out.toString());
		for (final String f : new String[] { "segmentation.dcm", "measurements.dcm" }) {
			final Attributes ds = DicomReader.read(dicom.resolve(f)).dataset();
			assertTrue(ds.string(org.chondroj.dicom.Tag.SeriesDescription).endsWith("(no source series)"), f);
		}
		// an existing non-empty output folder is refused and left as it was
		assertEquals(1, run("analyze", "--labels", labels.toString(), "--out", results.toString()));
		assertTrue(err.toString().contains(results.toString()), err.toString());
		assertTrue(Files.exists(results.resolve("report.html")));
	}

	/** A phantom study: the labels carry no side, the DICOM folder given as PATH does (Laterality L). */
	@Test
	@Tag("slow")
	void sideFromTheImage(@TempDir final Path dir) throws Exception {
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(PhantomSetup.defaults().withSide(Laterality.LEFT), 3, dir.resolve("study"));
		assertEquals(0, run("analyze", study.folder().resolve("DICOM").toString(), "--labels", study.labels().toString(), "--out",
				dir.resolve("out").toString()), err.toString());
		final ScanReport r = ResultsFiles.read(dir.resolve("out"));
		assertEquals(Laterality.LEFT, r.side());
		assertTrue(r.sideSource().startsWith("LEFT (metadata)"), r.sideSource());
		assertTrue(out.toString().contains("study: left knee"), "a DICOM folder called DICOM is named by its study's folder: " + out);
		assertEquals("PHANTOM-3", r.provenance().get("subject"));
		assertEquals("20200106", r.provenance().get("study_date"));
	}

	/**
	 * A study folder without labels is segmented: the series chosen, labels.nii.gz, overlay.png and (--dicom-outputs)
	 * segmentation.dcm and measurements.dcm written, the side right. The SEG itself is checked in dicom-io and analysis (DicomOutputsTest).
	 */
	@Test
	@Tag("slow")
	void segmentsAStudy(@TempDir final Path dir) throws Exception {
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(PhantomSetup.defaults(), 5, dir.resolve("knee"));
		final Path o = dir.resolve("out");
		assertEquals(0, run("analyze", study.folder().resolve("DICOM").toString(), "--dicom-outputs", "--out", o.toString()), err.toString());
		for (final String f : new String[] { "labels.nii.gz", "overlay.png", "results.json", "report.html", "segmentation.dcm", "measurements.dcm" })
			assertTrue(Files.size(o.resolve(f)) > 0, f);
		final ScanReport r = ResultsFiles.read(o);
		assertEquals(Laterality.RIGHT, r.side());
		assertTrue(r.qc().stream().anyMatch(q -> q.startsWith("segmentation: cartilage series: \"SAG 3D DESS WE\"")), r.qc().toString());
		assertTrue(r.qc().stream().anyMatch(q -> q.startsWith("segmentation: lesion series: \"SAG IW TSE FS\"")), r.qc().toString());
		assertTrue(r.provenance().containsKey("segmentation.smoothing_mm"), r.provenance().toString());
		assertTrue(Files.readString(o.resolve("report.html")).contains("segmentation: labels outlined"), "the overlay is in the report");
		// the phantom is what the segmenter is validated on: nothing to flag, and the report says so
		assertEquals(List.of(), r.flags(), "no flags on the phantom");
		assertTrue(Files.readString(o.resolve("report.html")).contains("No quality-control flags"), "the report says there is none");
	}

	@Test
	void errorsSayWhatIsMissing(@TempDir final Path dir) {
		assertEquals(1, run("analyze", dir.toString(), "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains(dir + ": holds no DICOM image series"), err.toString());
		assertEquals(1, run("analyze", dir.toString(), "--labels", dir.resolve("none.nii.gz").toString(), "--dicom-outputs", "--out",
				dir.resolve("o").toString()));
		assertTrue(err.toString().contains(dir + ": holds no DICOM image series"), err.toString()); // not a refusal of --labels any more
		assertFalse(Files.exists(dir.resolve("o")));
		assertEquals(1, run("analyze", "--labels", dir.resolve("none.nii.gz").toString(), "--label-preset", "nnunet", "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("oai-akoa"), err.toString());
		assertEquals(1, run("analyze", "--labels", dir.resolve("none.nii.gz").toString(), "--out", dir.resolve("o").toString()));
		assertTrue(err.toString().contains("none.nii.gz"), err.toString());
		assertFalse(Files.exists(dir.resolve("o")));
	}
}
