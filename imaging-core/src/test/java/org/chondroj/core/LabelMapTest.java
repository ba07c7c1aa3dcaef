package org.chondroj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

import net.imglib2.FinalInterval;
import net.imglib2.type.numeric.integer.UnsignedByteType;

class LabelMapTest {

	private static final LabelTable TABLE = LabelTable.of(Map.of(1, "femur", 2, "femoral cartilage", 3, "tibia"));
	private static final VoxelGeometry GEOMETRY = VoxelGeometry.axisAligned(0.7, 0.3646, 0.3646);

	/** Two boxes of known size and place: counts, volumes, bounding boxes and masks follow. */
	@Test
	void countsBoxesAndMasks() {
		final Volume<UnsignedByteType> v = Volumes.unsignedBytes(new int[] { 20, 30, 40 }, GEOMETRY);
		fill(v, 1, 2, 3, 4, 11, 12, 13); // 10 × 10 × 10
		fill(v, 3, 15, 20, 30, 17, 24, 38); // 3 × 5 × 9
		final LabelMap map = LabelMap.of(v, TABLE);
		final long[] counts = map.counts();
		assertEquals(1000, counts[1]);
		assertEquals(135, counts[3]);
		assertEquals(20 * 30 * 40 - 1135, counts[0]);
		assertEquals(1000 * 0.7 * 0.3646 * 0.3646, map.volumeMm3(1), 1e-9);
		final SortedMap<Integer, FinalInterval> boxes = map.boundingBoxes();
		assertEquals(2, boxes.size());
		assertArrayEquals(new long[] { 2, 3, 4 }, boxes.get(1).minAsLongArray());
		assertArrayEquals(new long[] { 11, 12, 13 }, boxes.get(1).maxAsLongArray());
		assertArrayEquals(new long[] { 15, 20, 30 }, boxes.get(3).minAsLongArray());
		assertArrayEquals(new long[] { 17, 24, 38 }, boxes.get(3).maxAsLongArray());
		assertArrayEquals(new int[] { 1, 3 }, map.labelsPresent());
		final byte[] both = Volumes.byteData(map.mask(1, 3));
		int n = 0;
		for (final byte b : both)
			n += b;
		assertEquals(1135, n);
		assertEquals(1, Volumes.byteData(map.mask(3))[v.index(16, 22, 35)]);
		assertEquals(0, Volumes.byteData(map.mask(3))[v.index(5, 5, 5)]);
		assertEquals("femoral cartilage", map.table().name(2));
		assertEquals("label 9", map.table().name(9));
		assertEquals(3, map.table().value("tibia"));
	}

	/** A 16-bit label file (as in the OAI data) converts to 8 bits; a value that is no label is refused with its place. */
	@Test
	void convertsIntegerVolumesAndRefusesNonLabels() {
		final short[] data = new short[4 * 5 * 6];
		data[7] = 2;
		data[100] = 9;
		final Volume<?> v = Volumes.wrapUnsignedShorts(data, new int[] { 4, 5, 6 }, GEOMETRY);
		final LabelMap map = LabelMap.fromVolume(v, TABLE);
		assertEquals(2, Volumes.byteData(map.volume())[7]);
		assertEquals(9, Volumes.byteData(map.volume())[100]);
		assertTrue(map.volume().geometry().equals(GEOMETRY));
		data[100] = 300;
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LabelMap.fromVolume(v.withMetadata(Metadata.empty().with(Metadata.SOURCE, "knee.nii.gz")), TABLE));
		assertTrue(e.getMessage().contains("(0, 0, 5)") && e.getMessage().contains("300") && e.getMessage().contains("knee.nii.gz"), e.getMessage());
		final float[] f = new float[8];
		f[3] = 1.5f;
		assertThrows(IllegalArgumentException.class, () -> LabelMap.fromVolume(Volumes.wrapFloats(f, new int[] { 2, 2, 2 }, GEOMETRY), TABLE));
	}

	@Test
	void labelTableRejectsBadEntries() {
		assertThrows(IllegalArgumentException.class, () -> LabelTable.of(Map.of(0, "background")));
		assertThrows(IllegalArgumentException.class, () -> LabelTable.of(Map.of(256, "too big")));
		assertThrows(IllegalArgumentException.class, () -> LabelTable.of(Map.of(1, "same", 2, "same")));
	}

	private static void fill(final Volume<UnsignedByteType> v, final int label, final int x0, final int y0, final int z0, final int x1,
			final int y1, final int z1) {
		final byte[] b = Volumes.byteData(v);
		for (int z = z0; z <= z1; z++)
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++)
					b[v.index(x, y, z)] = (byte) label;
	}
}
