package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Strict labels: a label map holding values that its numbering does not name is refused, naming the file, the values
 * and their voxels, before anything is measured, by every way into the facade; by default it is let through (and
 * reported in the quality notes, see the CLI's HostileInputCommandsTest).
 */
class KneeAnalyzerStrictLabelsTest {

	@Test
	void strictRefusesValuesOutsideTheNumbering(@TempDir final Path dir) throws Exception {
		final byte[] v = new byte[4 * 4 * 4];
		v[0] = 1;
		v[1] = 3;
		v[2] = 12;
		v[3] = 12;
		final Volume<UnsignedByteType> map = Volumes.wrapUnsignedBytes(v, new int[] { 4, 4, 4 }, VoxelGeometry.axisAligned(1, 1, 1));
		final Path file = dir.resolve("map.nii.gz");
		VolumeFiles.write(map, file);
		final KneeAnalyzer strict = KneeAnalyzer.builder().strictLabels(true).build();
		assertTrue(strict.strictLabels() && strict.toBuilder().build().strictLabels(), "kept by toBuilder");
		assertFalse(KneeAnalyzer.create().strictLabels(), "off by default");
		final String why = "holds 1 value that the numbering oai-akoa does not name: 12 (2 voxels); refused (strict labels)";
		assertEquals(file + ": " + why + ": give the right numbering or correct the map",
				assertThrows(IllegalArgumentException.class, () -> strict.analyzeLabelMap(file)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> strict.analyzeLabelMap(map, null, "knee 1")).getMessage().startsWith("knee 1: " + why));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> strict.measure(KneeLabels.of(map, LabelPresets.mapping("oai-akoa")), "knee 2"))
				.getMessage().startsWith("knee 2: " + why));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> strict.visit(file, null)).getMessage().startsWith(file + ": " + why));
		// the same map read with a numbering that names 12 is not refused for it (it fails later, for want of a knee)
		final KneeAnalyzer named = strict.toBuilder().labelMapping(org.chondroj.knee.LabelMapping.parse("femur=1,tibia=3,tibial_cartilage=12")).build();
		assertFalse(assertThrows(IllegalArgumentException.class, () -> named.analyzeLabelMap(file)).getMessage().contains("strict"));
	}
}
