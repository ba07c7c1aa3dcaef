package org.chondroj.knee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.junit.jupiter.api.Test;

class KneeLabelsTest {

	@Test
	void parsesMappingText() {
		final LabelMapping m = LabelMapping.parse(" femur = 1 ; Femoral cartilage=2, tibia=3,tibial-cartilage=4 + 5,patella=9 ");
		assertEquals("custom", m.name());
		assertArrayEquals(new int[] { 1 }, m.values(KneeStructure.FEMUR));
		assertArrayEquals(new int[] { 4, 5 }, m.values(KneeStructure.TIBIAL_CARTILAGE));
		assertArrayEquals(new int[] { 9 }, m.values(KneeStructure.PATELLA));
		assertFalse(m.names(KneeStructure.PATELLAR_CARTILAGE));
		assertEquals("femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4+5,patella=9", m.toText());
		assertEquals(m, LabelMapping.parse(m.toText()));
		assertEquals("tibial cartilage 2", m.table().name(5));
		assertEquals(KneeStructure.TIBIAL_CARTILAGE, m.structureOf(5));
		assertNull(m.structureOf(6));
		assertEquals(KneeStructure.TIBIAL_CARTILAGE.ordinal() + 1, m.codes()[4]);
	}

	/** Each bad entry is named in the message, with what is wrong with it. */
	@Test
	void badMappingTextNamesTheEntry() {
		assertMessage("femur=1,femr=2", "'femr=2'", "unknown structure 'femr'", "femoral_cartilage");
		assertMessage("femur=1,tibia", "'tibia'", "no '='");
		assertMessage("femur=1,tibial_cartilage=4+x", "'tibial_cartilage=4+x'", "'x' is not a label value");
		assertMessage("femur=256", "'256' is not a label value", "1..255");
		assertMessage("femur=0", "'0' is not a label value");
		assertMessage("femur=1,tibia=1", "'tibia=1'", "already given to femur");
		assertMessage("femur=1,femur=2", "'femur=2'", "femur is given twice");
		assertMessage("femur=1,tibia=", "'tibia='", "'' is not a label value");
		assertMessage(" ", "empty labels mapping");
		assertMessage(",,", "no entry");
	}

	private static void assertMessage(final String text, final String... parts) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelMapping.parse(text));
		for (final String p : parts)
			assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain " + p);
	}

	/** A 4 × 3 × 2 map: counts, boxes, centroids, missing structures, unmapped values, and the 16-bit path. */
	@Test
	void structuresOfAMap() {
		final byte[] v = new byte[24];
		v[0] = 1; // femur at (0, 0, 0)
		v[1] = 1; // (1, 0, 0)
		v[4 * 3 + 3] = 4; // tibial cartilage at (3, 0, 1)
		v[4 * 3 + 4 + 2] = 5; // a second tibial cartilage value at (2, 1, 1)
		v[5] = 7; // unmapped in oai-zib
		final Volume<UnsignedByteType> vol = Volumes.wrapUnsignedBytes(v, new int[] { 4, 3, 2 }, VoxelGeometry.axisAligned(1, 2, 3));
		final KneeLabels zib = KneeLabels.of(vol, LabelPresets.mapping("oai-zib"));
		assertEquals(2, zib.count(KneeStructure.FEMUR));
		assertArrayEquals(new int[] { 0, 0, 0, 1, 0, 0 }, zib.boundingBox(KneeStructure.FEMUR));
		assertArrayEquals(new double[] { 0.5, 0, 0 }, zib.centroid(KneeStructure.FEMUR), 1e-12);
		assertArrayEquals(new double[] { 3, 0, 3 }, zib.centroid(KneeStructure.TIBIAL_CARTILAGE), 1e-12);
		assertEquals(12, zib.volumeMm3(KneeStructure.FEMUR), 1e-12);
		assertArrayEquals(new int[] { 5, 7 }, zib.unmappedValues());
		assertEquals("holds 2 values that the numbering oai-zib does not name, not measured: 5 (1 voxel), 7 (1 voxel)", zib.describeUnmapped());
		assertEquals(List.of(KneeStructure.FEMORAL_CARTILAGE, KneeStructure.TIBIA, KneeStructure.PATELLA, KneeStructure.PATELLAR_CARTILAGE,
				KneeStructure.FEMORAL_LESION, KneeStructure.TIBIAL_LESION, KneeStructure.PATELLAR_LESION), zib.missing());
		assertNull(zib.boundingBox(KneeStructure.TIBIA));
		final KneeLabels custom = KneeLabels.of(vol, LabelMapping.parse("femur=1,tibial_cartilage=4+5,femoral_lesion=7"));
		assertEquals(2, custom.count(KneeStructure.TIBIAL_CARTILAGE));
		assertTrue(custom.boneValues(KneeStructure.FEMUR)[7]);
		assertEquals("", custom.describeUnmapped());
		final byte[] more = v.clone();
		more[6] = 7;
		more[23] = 9;
		assertEquals("holds 3 values that the numbering oai-zib does not name, not measured: 5 (1 voxel), 7 (2 voxels), 9 (1 voxel)",
				KneeLabels.of(Volumes.wrapUnsignedBytes(more, new int[] { 4, 3, 2 }, VoxelGeometry.axisAligned(1, 2, 3)), LabelPresets.mapping("oai-zib"))
						.describeUnmapped(), "counted over slices");
		// a 16-bit volume is copied into 8 bits
		final short[] s = new short[24];
		for (int i = 0; i < 24; i++)
			s[i] = v[i];
		final Volume<UnsignedShortType> wide = Volumes.wrapUnsignedShorts(s, new int[] { 4, 3, 2 }, VoxelGeometry.axisAligned(1, 2, 3))
				.withMetadata(Metadata.empty().with(Metadata.SOURCE, "knee.nii.gz"));
		final KneeLabels w = KneeLabels.of(wide, LabelPresets.mapping("oai-zib"));
		assertEquals(2, w.count(KneeStructure.FEMUR));
		assertEquals("knee.nii.gz", w.source());
	}

	/** Absent structures are reported; an analysis that needs one fails naming the file, the structure and the values. */
	@Test
	void requireNamesWhatIsMissing() {
		final byte[] v = new byte[8];
		v[0] = 2;
		final Volume<UnsignedByteType> vol = Volumes.wrapUnsignedBytes(v, new int[] { 2, 2, 2 }, VoxelGeometry.axisAligned(1, 1, 1))
				.withMetadata(Metadata.empty().with(Metadata.SOURCE, "knee.nii.gz"));
		final KneeLabels l = KneeLabels.of(vol, LabelPresets.mapping("oai-zib"));
		l.require("cartilage", KneeStructure.FEMORAL_CARTILAGE);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> l.require("the knee frame", KneeStructure.FEMUR, KneeStructure.PATELLA));
		final String m = e.getMessage();
		assertTrue(m.contains("knee.nii.gz") && m.contains("the knee frame") && m.contains("no femur: no voxel holds label value 1")
				&& m.contains("no patella: the labels mapping oai-zib gives it no label value"), m);
	}
}
