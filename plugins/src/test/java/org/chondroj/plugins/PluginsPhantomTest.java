package org.chondroj.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.chondroj.analysis.DicomOutputs;
import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Laterality;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomReader;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each plugin's headless {@code process} on a phantom study (left knee, measured from its label map with the oai-akoa
 * preset), its tables checked against the library's own results for the same files: every value equal (tolerance 0).
 */
@Tag("slow")
class PluginsPhantomTest {

	@TempDir
	static Path dir;
	private static PhantomStudy.Written study;
	private static Path dicom;
	/** What {@code chondroj analyze DICOM --labels labels.nii.gz} measures. */
	private static KneeMeasurement.Result reference;
	private static ImagePlus dess, iw, labels;

	@BeforeAll
	static void phantom() throws Exception {
		study = PhantomStudy.writeBaseline(PhantomSetup.defaults().withSide(Laterality.LEFT), 7, dir.resolve("study"));
		dicom = study.folder().resolve("DICOM");
		reference = KneeAnalyzer.create().analyzeLabelMap(study.labels(), dicom);
		final List<DicomSeries> all = OpenDicomSeries.list(dicom);
		dess = OpenDicomSeries.process(dicom, PhantomStudy.DESS_DESCRIPTION, Progress.NONE);
		iw = OpenDicomSeries.process(dicom, OpenDicomSeries.describe(all.stream().filter(s -> s.description().equals(PhantomStudy.IW_DESCRIPTION))
				.findFirst().orElseThrow()), Progress.NONE);
		labels = ImagePlusVolumes.toImagePlus(VolumeFiles.read(study.labels()), "labels");
	}

	/** The chosen series opens with the voxels, geometry and side that dicom-io reads; choices name the series found. */
	@Test
	void openDicomSeries() throws Exception {
		final List<DicomSeries> all = OpenDicomSeries.list(dicom);
		assertEquals(2, all.size());
		final DicomSeries s = DicomScanner.scan(dicom).series(study.dessSeriesUid());
		assertTrue(OpenDicomSeries.describe(s).matches("\\d+: SAG 3D DESS WE \\(384 x 384 x 160, 0\\.365 x 0\\.365 x 0\\.700 mm\\)"),
				OpenDicomSeries.describe(s));
		final Volume<?> v = DicomVolumes.read(s);
		assertEquals(PhantomStudy.DESS_DESCRIPTION, dess.getTitle());
		assertEquals(160, dess.getStackSize());
		assertEquals(v.geometry().spacing(2), dess.getCalibration().pixelDepth, 0);
		final Volume<?> back = ImagePlusVolumes.toVolume(dess);
		assertArrayEquals(Volumes.floatValues(v), Volumes.floatValues(back));
		assertTrue(back.geometry().approximatelyEquals(v.geometry(), 0));
		assertEquals(Laterality.LEFT, back.metadata().laterality());
		assertTrue(((String) dess.getProperty("Info")).contains("LPS"));
		final ImagePlus byUid = OpenDicomSeries.process(dicom, study.iwSeriesUid(), Progress.NONE);
		assertEquals(iw.getStackSize(), byUid.getStackSize());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenDicomSeries.process(dicom, "T1 COR", Progress.NONE)).getMessage()
				.contains("SAG IW TSE FS"));
	}

	/** Analyze Knee on the open image and label image: the Results table holds exactly the library's values, and the side. */
	@Test
	void analyzeKnee() throws Exception {
		final AnalyzeKnee.Output out = AnalyzeKnee.process(dess, labels, null, KneeAnalyzer.create(), Progress.NONE);
		final ScanReport r = out.result().report();
		assertEquals(Laterality.LEFT, r.side(), "the side from the image's metadata: " + r.sideSource());
		assertCartilageTable(reference.report(), out.cartilage());
		assertEquals(reference.report().lesions(), r.lesions());
		assertLesionTable(reference.report(), out.lesions());
		assertTrue(out.lesions().size() > 0, "the phantom has lesions");
		// images: three thickness maps, calibrated; the thickness volume in mm; the label overlay on labelled slices
		final List<ImagePlus> maps = ResultImages.thicknessMaps(out.result());
		assertEquals(List.of("thickness_femur", "thickness_tibia", "thickness_patella"), maps.stream().map(ImagePlus::getTitle).toList());
		assertEquals(ResultImages.MAP_PIXEL_MM, maps.get(0).getCalibration().pixelWidth);
		final ImagePlus thickness = ResultImages.thicknessVolume(out.result(), "thickness");
		assertEquals("mm", thickness.getCalibration().getValueUnit());
		assertEquals(dess.getStackSize(), thickness.getStackSize());
		assertTrue(ResultImages.overlay(out.result().labels().volume()).size() > 20);
		// the output folder of chondroj analyze, whole
		final Path folder = dir.resolve("analysis");
		AnalyzeKnee.write(out.result(), folder);
		assertEquals(reference.report().regions(), ResultsFiles.read(folder).regions());
		assertTrue(Files.size(folder.resolve("thickness_tibia.png")) > 0 && Files.size(folder.resolve("report.html")) > 0);
		// with the DICOM outputs (dicom_outputs): a label image was not segmented here, so both are on its own grid, no source series
		assertEquals(dicom.toAbsolutePath().normalize(), AnalyzeKnee.dicomFolder(dess), "Open DICOM Series records its folder");
		final Path withDicom = dir.resolve("analysis-dicom");
		AnalyzeKnee.writeWithDicomOutputs(out.result(), AnalyzeKnee.dicomFolder(dess), KneeAnalyzer.create(), withDicom);
		for (final String f : List.of(DicomOutputs.SEGMENTATION, DicomOutputs.MEASUREMENTS))
			assertTrue(DicomReader.read(withDicom.resolve(f)).dataset().string(org.chondroj.dicom.Tag.SeriesDescription)
					.endsWith("(" + DicomOutputs.NO_SOURCE + ")"), f);
		assertEquals(reference.report().regions(), ResultsFiles.read(withDicom).regions());
	}

	/** A cancel between stages throws and shows nothing; writing an output folder that exists is refused and leaves it. */
	@Test
	void cancelled() throws Exception {
		final Progress cancelled = new Progress() {
			@Override
			public void status(final String message) {
			}

			@Override
			public void fraction(final double done) {
			}

			@Override
			public boolean isCancelled() {
				return true;
			}
		};
		assertThrows(CancellationException.class, () -> AnalyzeKnee.process(dess, labels, null, KneeAnalyzer.create(), cancelled));
		final Path taken = Files.createDirectories(dir.resolve("taken"));
		Files.writeString(taken.resolve("notes.txt"), "mine");
		assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> AnalyzeKnee.write(reference, taken));
		assertEquals(List.of(taken.resolve("notes.txt")), Files.list(taken).toList());
		assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().contains("partial")), "no temporary folder left");
	}

	/** Bone Marrow Lesions with a label image holding lesions: the lesion table is the library's; the overlay is on the IW grid. */
	@Test
	void boneMarrowLesions() {
		final BoneMarrowLesions.Output out = BoneMarrowLesions.process(iw, dess, labels, KneeAnalyzer.create(), Progress.NONE);
		assertLesionTable(reference.report(), out.lesions());
		assertArrayEquals(new int[] { iw.getWidth(), iw.getHeight(), iw.getStackSize() }, out.lesionLabels().dimensions());
		int lesionVoxels = 0;
		for (final byte b : Volumes.byteData(out.lesionLabels())) {
			assertTrue(b == 0 || b >= 7 && b <= 9, "only lesion labels: " + b);
			lesionVoxels += b != 0 ? 1 : 0;
		}
		assertTrue(lesionVoxels > 0);
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> BoneMarrowLesions.process(iw, null, null, KneeAnalyzer.create(), Progress.NONE)).getMessage()
				.contains("cartilage image"));
		// bone labels without lesion labels: refused before anything is measured
		final ImagePlus bones = labels.duplicate();
		for (int z = 1; z <= bones.getStackSize(); z++) {
			final byte[] p = (byte[]) bones.getStack().getPixels(z);
			for (int i = 0; i < p.length; i++)
				if (p[i] >= 7)
					p[i] = 0;
		}
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> BoneMarrowLesions.process(iw, null, bones, KneeAnalyzer.create(), Progress.NONE)).getMessage()
				.contains("holds no lesion labels"));
	}

	/**
	 * Compare: two result folders give the library's comparison, row for row; two open images (the same scan twice)
	 * give zero change and the three change maps.
	 */
	@Test
	void compareVisits() throws Exception {
		final Path a = dir.resolve("visit-a"), b = dir.resolve("visit-b");
		AnalyzeKnee.write(reference, a);
		AnalyzeKnee.write(reference, b);
		final CompareVisits.Output folders = CompareVisits.process(a, b, KneeAnalyzer.create(), Progress.NONE);
		final Comparison c = KneeAnalyzer.create().compare(a, b).comparison();
		final ResultsTable t = folders.changes();
		assertEquals(c.cartilage().size() + c.lesions().size(), t.size());
		for (int row = 0; row < c.cartilage().size(); row++) {
			final Comparison.Change ch = c.cartilage().get(row);
			assertEquals(ch.regionKey(), t.getStringValue("Region", row));
			assertEquals(ch.metricKey(), t.getStringValue("Metric", row));
			assertEquals(ch.baseline(), t.getValue("Baseline", row));
			assertEquals(ch.followUp(), t.getValue("Followup", row));
			assertEquals(ch.change(), t.getValue("Change", row));
		}
		assertTrue(folders.changeMaps().isEmpty(), "results.json holds no surfaces: no maps");
		final CompareVisits.Output images = CompareVisits.process(dess, labels, dess, labels, KneeAnalyzer.create(), Progress.NONE);
		assertEquals(0, images.result().comparison().change(Region.MT, Metric.ThCtAB).change());
		assertEquals(3, images.changeMaps().size());
	}

	/** The flags as one text for the Results table: code(subject), separated by spaces; none without flags. */
	@Test
	void flagCodes() {
		final ScanReport.Builder b = ScanReport.builder("k");
		assertEquals("none", KneeTables.flagCodes(b.build()));
		b.flag(new QcFlag(QcFlag.Kind.CARTILAGE_FRAGMENTED, "femoral_cartilage", "24 pieces"))
				.flag(QcFlag.of(QcFlag.Kind.THICK_SLICES, "3 mm"));
		assertEquals("cartilage_fragmented(femoral_cartilage) thick_slices", KneeTables.flagCodes(b.build()));
	}

	static void assertCartilageTable(final ScanReport expected, final ResultsTable t) {
		assertEquals(expected.regions().size(), t.size());
		int row = 0;
		for (final Region region : expected.regions().keySet()) {
			assertEquals(region.key(), t.getStringValue("Region", row));
			for (final Metric key : Metric.values())
				assertEquals(expected.value(region, key), t.getValue(key.key(), row), region + " " + key);
			assertEquals(KneeTables.flagCodes(expected), t.getStringValue("QC_flags", row), "the scan's flags on every row");
			row++;
		}
		assertTrue(expected.regions().keySet().containsAll(Region.PLATES));
	}

	static void assertLesionTable(final ScanReport expected, final ResultsTable t) {
		assertEquals(expected.lesions().size(), t.size());
		int row = 0;
		for (final LesionRegion c : expected.lesions().keySet()) {
			assertEquals(c.key(), t.getStringValue("Region", row));
			for (final LesionMetric key : LesionMetric.values())
				assertEquals(expected.lesionValue(c, key), t.getValue(key.key(), row), c + " " + key.key());
			row++;
		}
	}
}
