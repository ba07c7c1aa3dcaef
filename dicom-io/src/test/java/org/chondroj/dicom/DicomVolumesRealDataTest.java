package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.ShortType;

/** Real series against dcm2niix's conversions (an independent implementation), voxel by voxel in patient space. */
class DicomVolumesRealDataTest {

	/**
	 * GE sagittal 3D DESS (pyKNEEr demo data, 80 files): our volume and dcm2niix's NIfTI put every voxel at the same
	 * patient position (1e-3 mm) with the same value (exactly).
	 */
	@Test
	@org.junit.jupiter.api.Tag("slow")
	void geDessEqualsDcm2niix(@TempDir final Path tmp) throws Exception {
		final Path folder = RealData.require("dicom/ge-knee-dess-echo1");
		ExternalTools.requireCommand("dcm2niix");
		final long t0 = System.nanoTime();
		final DicomScan scan = DicomScanner.scan(folder);
		final long t1 = System.nanoTime();
		final DicomSeries series = scan.onlySeries();
		final Volume<?> ours = DicomVolumes.read(series);
		final long t2 = System.nanoTime();
		System.out.printf(Locale.ROOT, "GE DESS: scan %.0f ms, read %.0f ms (%d files)%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, series.files().size());
		assertEquals(80, series.files().size());
		assertEquals(List.of(512, 512, 80), List.of(ours.dimension(0), ours.dimension(1), ours.dimension(2)));
		assertTrue(ours.type() instanceof ShortType, "signed stored values, identity rescale: 16-bit signed voxels"); // PixelRepresentation 1
		assertEquals(0.3125, ours.geometry().spacing(0), 1e-9);
		assertEquals(1.5, ours.geometry().spacing(2), 1e-4); // positions are DS text with 4 decimals
		final Metadata m = ours.metadata();
		assertEquals(Laterality.UNKNOWN, m.laterality(), "no Laterality tag and no side word in the description");
		assertTrue(m.get(Metadata.LATERALITY_SOURCE).startsWith("unknown"), m.toString());
		assertEquals("7.48", m.get(Metadata.ECHO_TIME));
		assertEquals("25", m.get(Metadata.REPETITION_TIME));
		assertEquals("30", m.get(Metadata.FLIP_ANGLE));
		assertEquals("GE MEDICAL SYSTEMS", m.get(DicomVolumes.MANUFACTURER));
		assertEquals("3", m.get(DicomVolumes.MAGNETIC_FIELD_STRENGTH));
		assertEquals(folder.toAbsolutePath().toString(), m.get(Metadata.SOURCE));

		ExternalTools.command("dcm2niix", "-z", "n", "-b", "n", "-f", "out", "-o", tmp.toString(), folder.toString());
		final Volume<?> reference = VolumeFiles.read(only(tmp));
		final GridComparison.Result r = GridComparison.compare(ours, reference, 0);
		System.out.println("GE DESS vs dcm2niix: " + r);
		assertEquals(0, r.outside(), r.toString());
		assertTrue(r.maxPositionMm() <= 1e-3, r.toString());
		assertEquals(0, r.mismatches(), r.toString());
		assertEquals(ours.size(), reference.size());
	}

	/**
	 * Philips Enhanced MR B0 map (dcm_qa_enh, one file, 64 frames): split into the field map (TE 0) and the magnitude
	 * (TE 1.52 ms) stacks; the magnitude equals dcm2niix's reference conversion {@code Ref/Philips_WIP_B0_NS_801_e1.nii}
	 * in position (1e-3 mm) and, with the Philips private scale slope applied by default as dcm2niix does, in value (to
	 * float32 rounding, 1e-6 relative); without it our values are stored · RescaleSlope, i.e. the reference · RS · SS.
	 */
	@Test
	void philipsEnhancedEqualsReference() throws Exception {
		final Path dir = RealData.require("dicom/dcm_qa_enh");
		final DicomScan scan = DicomScanner.scan(dir.resolve("In/Philips"));
		final List<DicomSeries> stacks = scan.allSeries();
		assertEquals(List.of("#echo1", "#echo2"), stacks.stream().map(s -> s.id().substring(s.seriesInstanceUID().length())).collect(Collectors.toList()));
		assertTrue(stacks.get(1).reason().contains("TE 1.52 ms"), stacks.get(1).reason());
		final DicomSeries magnitude = stacks.get(1);
		assertEquals(32, magnitude.frames().size());
		final Volume<?> precise = DicomVolumes.read(magnitude);
		final Volume<?> reference = VolumeFiles.read(dir.resolve("Ref/Philips_WIP_B0_NS_801_e1.nii"));
		final GridComparison.Result r = GridComparison.compare(precise, reference, 1e-6);
		System.out.println("Philips enhanced (precise scaling) vs dcm2niix Ref: " + r);
		assertEquals(0, r.outside(), r.toString());
		assertTrue(r.maxPositionMm() <= 1e-3, r.toString());
		assertEquals(0, r.mismatches(), r.toString());
		assertEquals(4.0, precise.geometry().spacing(2), 1e-4);

		final Volume<?> plain = DicomVolumes.read(magnitude, DicomVolumes.Options.defaults().philipsPreciseScaling(false));
		final double rs = magnitude.frames().get(0).rescaleSlope(), ss = magnitude.frames().get(0).philipsScaleSlope();
		assertEquals(8.448640073766e-06, ss, 1e-15);
		assertEquals("8.44864e-06", plain.metadata().get(DicomVolumes.PHILIPS_SCALE_SLOPE));
		final float[] a = org.chondroj.core.Volumes.floatValues(plain), b = org.chondroj.core.Volumes.floatValues(precise);
		for (int i = 0; i < a.length; i++)
			assertEquals(b[i] * rs * ss, a[i], 1e-5 * Math.max(1, Math.abs(a[i])));
	}

	/**
	 * Siemens XA10 Enhanced MR (dcm_qa_enh, 4 files of 6 frames, one per time point): 4 stacks split by temporal
	 * position, each equal to its volume of dcm2niix's 4-D reference (split into 3-D files with nibabel) in position
	 * (1e-3 mm) and value (exactly).
	 */
	@Test
	void siemensEnhancedEqualsReference(@TempDir final Path tmp) throws Exception {
		final Path dir = RealData.require("dicom/dcm_qa_enh");
		ExternalTools.requirePython("nibabel", "numpy");
		final DicomScan scan = DicomScanner.scan(dir.resolve("In/Siemens"));
		final List<DicomSeries> stacks = scan.allSeries();
		assertEquals(4, stacks.size(), stacks.toString());
		ExternalTools.pythonCode(String.join("\n", "import sys, nibabel as nib", "img = nib.load(sys.argv[1])",
				"for t in range(img.shape[3]):", "    nib.save(img.slicer[:, :, :, t], sys.argv[2] + '/t%d.nii' % (t + 1))"),
				dir.resolve("Ref/Siemens_REST1_w_SMS_PF7-8_6.nii").toString(), tmp.toString());
		for (int t = 1; t <= 4; t++) {
			final DicomSeries s = stacks.get(t - 1);
			assertTrue(s.id().endsWith("#t" + t), s.id());
			final Volume<?> ours = DicomVolumes.read(s);
			assertEquals(List.of(64, 64, 6), List.of(ours.dimension(0), ours.dimension(1), ours.dimension(2)));
			final GridComparison.Result r = GridComparison.compare(ours, VolumeFiles.read(tmp.resolve("t" + t + ".nii")), 0);
			System.out.println("Siemens enhanced t" + t + " vs dcm2niix Ref: " + r);
			assertEquals(0, r.outside(), r.toString());
			assertTrue(r.maxPositionMm() <= 1e-3, r.toString());
			assertEquals(0, r.mismatches(), r.toString());
		}
	}

	/**
	 * pydicom-data's emri_small (Enhanced MR, 10 frames, explicit VR little endian and big endian): found as one stack
	 * of 10 frames of 64 × 64; its functional groups were stripped (no position or orientation), so reading it as a
	 * volume is a clear error, as dcm2niix's "bogus spatial matrix" warning says too. The compressed variants (RLE,
	 * JPEG 2000, JPEG-LS) scan the same, header-only; their pixels wait for the codecs.
	 */
	@Test
	void emriSmallHasNoGeometry() throws Exception {
		for (final String name : List.of("emri_small.dcm", "emri_small_big_endian.dcm", "emri_small_RLE.dcm", "emri_small_jpeg_2k_lossless.dcm",
				"emri_small_jpeg_ls_lossless.dcm")) {
			final Path file = RealData.require("dicom/pydicom-data/" + name);
			final DicomScan scan = DicomScanner.scan(file);
			final DicomSeries s = scan.onlySeries();
			assertEquals(10, s.frames().size(), name);
			assertEquals(64, s.rows());
			final DicomFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DicomFormatException.class, () -> DicomVolumes.read(s));
			assertTrue(e.getMessage().contains("has no ImagePositionPatient"), e.getMessage());
			assertTrue(e.getMessage().contains(s.id()), e.getMessage());
		}
	}

	static Path only(final Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			final List<Path> nii = s.filter(p -> p.toString().endsWith(".nii")).sorted().collect(Collectors.toList());
			assertEquals(1, nii.size(), "dcm2niix wrote " + nii);
			return nii.get(0);
		}
	}
}
