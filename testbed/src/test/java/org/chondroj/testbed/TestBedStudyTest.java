package org.chondroj.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.algorithm.Resampling;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.Dcm2niix;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * A test-bed study rendered from a label map (the analytic phantom's, so that the test needs no real data; the real
 * OAI maps are rendered by {@link TestBedRealDataTest}): its labels are the input voxel for voxel, its truth is the
 * label-map measurement of those labels, its series holds the label map's voxel centres, the same inputs give the same
 * bytes whatever the numbering of the input, and each contrast orders the tissues as stated.
 */
@Tag("slow")
class TestBedStudyTest {

	@TempDir
	static Path dir;
	static Volume<UnsignedByteType> input;
	static TestBedStudy.Written dess;

	@BeforeAll
	static void render() throws IOException {
		input = PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 2), ImagingConfig.defaults());
		VolumeFiles.write(input, dir.resolve("knee.nii.gz"));
		dess = TestBedStudy.write(read("knee.nii.gz", LabelPresets.mapping("oai-akoa")), "knee", options(Sequence.DESS, 3), dir.resolve("dess"));
	}

	private static KneeLabels read(final String file, final LabelMapping mapping) throws IOException {
		return KneeLabels.read(dir.resolve(file), mapping);
	}

	private static TestBedStudy.Options options(final Sequence s, final long seed) {
		return new TestBedStudy.Options(s, seed, Laterality.UNKNOWN);
	}

	/** labels.nii.gz is the input label map voxel for voxel, on its grid (the same NIfTI geometry as the input file). */
	@Test
	void labelsAreTheInput() throws IOException {
		final Volume<?> labels = VolumeFiles.read(dess.labels()), given = VolumeFiles.read(dir.resolve("knee.nii.gz"));
		assertArrayEquals(given.dimensions(), labels.dimensions());
		assertTrue(labels.geometry().approximatelyEquals(given.geometry(), 1e-9), labels.geometry() + " vs " + given.geometry());
		assertArrayEquals(Volumes.floatValues(input), Volumes.floatValues(labels));
	}

	/** truth.json holds, for every region and metric, ChondroJ's label-map measurement of labels.nii.gz. */
	@Test
	void truthIsTheLabelMapMeasurement() throws IOException {
		final ScanReport measured = KneeMeasurement.measure(KneeLabels.read(dess.labels(), LabelPresets.mapping("oai-akoa")), "knee",
				KneeMeasurement.Options.defaults()).report();
		final JsonNode truth = Json.read(dess.truth());
		assertEquals("chondroj-truth/1", truth.get("schema").asText());
		assertEquals("right", truth.get("side").asText());
		int checked = 0;
		for (final Map.Entry<Region, Map<Metric, Double>> e : measured.regions().entrySet())
			for (final Map.Entry<Metric, Double> m : e.getValue().entrySet()) {
				assertEquals(m.getValue(), truth.get("plates").get(e.getKey().key()).get(m.getKey().key()).doubleValue(), 0,
						e.getKey() + " " + m.getKey());
				checked++;
			}
		assertEquals(Region.REPORTED.size() * Metric.values().length, checked, "every plate, aggregate and subregion");
	}

	/** The series read back holds the label map's voxel centres (in sagittal order), with the rendered values. */
	@Test
	void seriesIsOnTheLabelMapsGrid() throws IOException {
		final Volume<?> series = DicomVolumes.read(DicomScanner.scan(dess.series()).allSeries().get(0));
		assertEquals(input.size(), series.size());
		assertEquals(Sequence.DESS.description(), series.metadata().get(org.chondroj.core.Metadata.SERIES_DESCRIPTION));
		final Volume<?> back = Resampling.nearest(Volumes.toFloats(series), input.dimensions(), input.geometry());
		final Volume<?> again = Resampling.nearest(Volumes.toFloats(back), series.dimensions(), series.geometry());
		assertArrayEquals(Volumes.floatValues(series), Volumes.floatValues(again), "a permutation of the same voxels");
		// the slices run across the knee (patient left–right), as in a sagittal acquisition
		assertEquals(1, Math.abs(series.geometry().direction().get(2, 0)), 1e-6);
	}

	/** The same label map in another numbering, rendered with the same seed: the same DICOM bytes, labels and truth. */
	@Test
	void sameInputsSameBytes() throws IOException {
		final byte[] l = Volumes.byteData(input).clone();
		final byte[] renumber = { 0, 11, 12, 21, 22, 31, 32, 13, 23, 33 };
		for (int i = 0; i < l.length; i++)
			l[i] = renumber[l[i]];
		VolumeFiles.write(Volumes.wrapUnsignedBytes(l, input.dimensions(), input.geometry()), dir.resolve("renumbered.nii.gz"));
		final TestBedStudy.Written again = TestBedStudy.write(read("renumbered.nii.gz",
				LabelMapping.parse("femur=11,femoral_cartilage=12,tibia=21,tibial_cartilage=22,patella=31,patellar_cartilage=32,femoral_lesion=13,"
						+ "tibial_lesion=23,patellar_lesion=33")), "knee",
				options(Sequence.DESS, 3), dir.resolve("dess-again"));
		final Map<String, byte[]> a = files(dess.folder()), b = files(again.folder());
		assertEquals(a.keySet(), b.keySet());
		for (final String f : a.keySet())
			if (!f.equals(TestBedStudy.TRUTH)) // the truth records the mapping given
				assertArrayEquals(a.get(f), b.get(f), f);
		assertEquals(Json.read(dess.truth()).get("plates"), Json.read(again.truth()).get("plates"));
	}

	/** Each contrast orders the tissues as its sequence does, measured on the rendered image over the label map's structures. */
	@Test
	void contrastsOrderTheTissues() throws IOException {
		for (final Sequence s : Sequence.values()) {
			final KneeLabels labels = read("knee.nii.gz", LabelPresets.mapping("oai-akoa"));
			final KneeScene scene = KneeScene.of(labels, org.chondroj.knee.anatomy.KneeFrame.estimate(labels));
			final Volume<UnsignedShortType> image = Renderer.render(scene, s, 5, 1);
			final Map<Tissue, Double> mean = means(scene, image);
			System.out.printf("%-10s %s%n", s.key(), mean);
			final double cartilage = mean.get(Tissue.CARTILAGE), marrow = mean.get(Tissue.MARROW), fluid = mean.get(Tissue.FLUID);
			switch (s) {
			case DESS -> assertTrue(fluid > cartilage && cartilage > 2 * marrow, mean.toString());
			case DESS_ECHO2 -> assertTrue(fluid > 3 * cartilage, mean.toString());
			case PD_FS -> assertTrue(fluid > cartilage && cartilage > 2 * marrow, mean.toString());
			case T1 -> assertTrue(marrow > 2 * cartilage && cartilage > fluid, mean.toString());
			}
		}
	}

	/**
	 * The air touches only the skin: no other tissue (subcutaneous fat, the tissue over the patella, which stands in front
	 * of the leg's ellipse) has a face neighbour in the air, as in a real knee, where the skin's signal parts the fat from
	 * the air.
	 */
	@Test
	void onlyTheSkinTouchesTheAir() throws IOException {
		final KneeLabels labels = read("knee.nii.gz", LabelPresets.mapping("oai-akoa"));
		final KneeScene scene = KneeScene.of(labels, org.chondroj.knee.anatomy.KneeFrame.estimate(labels));
		final int[] d = scene.dimensions();
		long skinOnAir = 0, air = 0;
		final long[] other = new long[Tissue.values().length];
		for (int z = 0; z < d[2]; z++)
			for (int y = 0; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++) {
					final int i = x + d[0] * (y + d[1] * z);
					if (scene.tissue(i) != Tissue.AIR)
						continue;
					air++;
					for (final int j : new int[] { x > 0 ? i - 1 : i, x < d[0] - 1 ? i + 1 : i, y > 0 ? i - d[0] : i, y < d[1] - 1 ? i + d[0] : i,
							z > 0 ? i - d[0] * d[1] : i, z < d[2] - 1 ? i + d[0] * d[1] : i }) {
						final Tissue t = scene.tissue(j);
						if (t == Tissue.LINING)
							skinOnAir++;
						else if (t != Tissue.AIR)
							other[t.ordinal()]++;
					}
				}
		assertTrue(air > 0 && skinOnAir > 0, "air " + air + ", skin beside it " + skinOnAir);
		assertEquals(0, java.util.Arrays.stream(other).sum(), "tissues other than the skin beside the air: " + java.util.Arrays.toString(other));
	}

	/** dciodvfy (dicom3tools) finds no error in the first, middle and last file. */
	@Test
	void dciodvfyFindsNoErrors() throws IOException {
		ExternalTools.requireCommand("dciodvfy");
		final List<Path> files = dess.files();
		for (final Path f : List.of(files.get(0), files.get(files.size() / 2), files.get(files.size() - 1))) {
			final String report = ExternalTools.run(List.of("dciodvfy", f.toString()), 120).output;
			final List<String> errors = report.lines().filter(l -> l.startsWith("Error")).collect(Collectors.toList());
			assertTrue(errors.isEmpty(), f + ":\n" + report);
		}
	}

	/** dcm2niix converts the series onto the label map's voxels, with the same values. */
	@Test
	void dcm2niixConvertsOntoTheLabelMapsGrid() throws IOException {
		final Volume<?> series = DicomVolumes.read(DicomScanner.scan(dess.series()).allSeries().get(0));
		final Volume<?> onLabels = Resampling.nearest(Volumes.toFloats(series), input.dimensions(), input.geometry());
		final double worst = Dcm2niix.assertSameVoxels(dess.series(), onLabels, Files.createDirectories(dir.resolve("dcm2niix")), 1e-3);
		System.out.println("dcm2niix: NIfTI voxel centres within " + worst + " mm of the label map's");
	}

	/**
	 * A follow-up pair: the follow-up's truth shows the change made (the medial condyle's central plate thinner, a denuded
	 * area in the lateral one), true_change.json holds the two truths and their difference, and the follow-up is a new
	 * acquisition (another series, another study date); an unchanged knee, re-posed, moves no plate's ThCtAB by more than
	 * the label maps' own noise.
	 */
	@Test
	void followUpPair() throws IOException {
		final KneeLabels labels = read("knee.nii.gz", LabelPresets.mapping("oai-akoa"));
		final TestBedStudy.Pair pair = TestBedStudy.writePair(labels, "knee", options(Sequence.DESS, 3), FollowUp.Change.defaults(), dir.resolve("pair"));
		final ScanReport a = pair.baseline().truthReport(), b = pair.followUp().truthReport();
		final double thinning = b.value(Region.cMF, Metric.ThCtAB) - a.value(Region.cMF, Metric.ThCtAB);
		final double denuded = b.value(Region.cLF, Metric.dAB) - a.value(Region.cLF, Metric.dAB);
		System.out.printf("follow-up: cMF ThCtAB %+.3f mm, cLF dAB %+.2f points%n", thinning, denuded);
		assertTrue(thinning < -0.05, "cMF thinner: " + thinning);
		assertTrue(denuded > 1, "cLF denuded area: " + denuded);
		final JsonNode change = Json.read(pair.trueChange());
		assertEquals("chondroj-true-change/1", change.get("schema").asText());
		final JsonNode cmf = change.get("plates").get("cMF").get("ThCtAB");
		assertEquals(a.value(Region.cMF, Metric.ThCtAB), cmf.get("baseline").doubleValue(), 0);
		assertEquals(b.value(Region.cMF, Metric.ThCtAB), cmf.get("followup").doubleValue(), 0);
		assertEquals(thinning, cmf.get("change").doubleValue(), 1e-12);
		assertTrue(!pair.baseline().seriesInstanceUid().equals(pair.followUp().seriesInstanceUid()));
		assertEquals("20210111", DicomScanner.scan(pair.followUp().series()).studies().get(0).date());

		final TestBedStudy.Pair same = TestBedStudy.writePair(labels, "knee", options(Sequence.DESS, 3), FollowUp.Change.none(), dir.resolve("retest"));
		for (final Region p : Region.PLATES) {
			final double d = same.followUp().truthReport().value(p, Metric.ThCtAB) - same.baseline().truthReport().value(p, Metric.ThCtAB);
			System.out.printf("re-posed only: %-4s ThCtAB %+.4f mm%n", p.key(), d);
			assertTrue(Math.abs(d) < 0.02, p.key() + " " + d); // measured: at most 0.0085 mm (LT), phantom map, seed 3
		}
	}

	/** The mean rendered value of each tissue over its voxels. */
	static Map<Tissue, Double> means(final KneeScene scene, final Volume<UnsignedShortType> image) {
		final short[] v = Volumes.shortData(image);
		final double[] sum = new double[Tissue.values().length];
		final long[] n = new long[sum.length];
		for (int i = 0; i < v.length; i++) {
			final int t = scene.tissue(i).ordinal();
			sum[t] += v[i] & 0xFFFF;
			n[t]++;
		}
		final Map<Tissue, Double> out = new TreeMap<>();
		for (final Tissue t : Tissue.values())
			if (n[t.ordinal()] > 0)
				out.put(t, Math.round(sum[t.ordinal()] / n[t.ordinal()] * 10) / 10.0);
		return out;
	}

	private static Map<String, byte[]> files(final Path folder) throws IOException {
		final Map<String, byte[]> out = new TreeMap<>();
		try (Stream<Path> s = Files.walk(folder)) {
			for (final Path p : s.filter(Files::isRegularFile).collect(Collectors.toList()))
				out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
		}
		return out;
	}
}
