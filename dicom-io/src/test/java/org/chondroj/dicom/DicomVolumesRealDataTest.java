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

import net.imglib2.type.numeric.real.FloatType;

/** Real series against dcm2niix's conversions (an independent implementation), voxel by voxel in patient space. */
class DicomVolumesRealDataTest {

	/**
	 * GE sagittal 3D DESS (pyKNEEr demo data, 80 files): our volume and dcm2niix's NIfTI put every voxel at the same
	 * patient position (1e-3 mm) with the same value (exactly).
	 */
	@Test
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
		assertTrue(ours.type() instanceof FloatType, "signed stored values give floats"); // PixelRepresentation 1
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

	static Path only(final Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			final List<Path> nii = s.filter(p -> p.toString().endsWith(".nii")).sorted().collect(Collectors.toList());
			assertEquals(1, nii.size(), "dcm2niix wrote " + nii);
			return nii.get(0);
		}
	}
}
