package org.chondroj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class VolumesTest {

	/** The arrays are x-fastest and shared with the ImgLib2 view: a write through one is seen through the other. */
	@Test
	void arraysAreSharedAndXFastest() {
		final Volume<UnsignedShortType> v = Volumes.unsignedShorts(new int[] { 4, 5, 6 }, VoxelGeometry.axisAligned(1, 1, 1));
		Volumes.shortData(v)[v.index(3, 2, 1)] = (short) 65000;
		final RandomAccess<UnsignedShortType> ra = v.img().randomAccess();
		ra.setPosition(new int[] { 3, 2, 1 });
		assertEquals(65000, ra.get().get());
		assertEquals(3 + 4 * (2 + 5 * 1), v.index(3, 2, 1));
		final Volume<FloatType> f = Volumes.toFloats(v);
		assertEquals(65000f, Volumes.floatData(f)[v.index(3, 2, 1)]);
		assertSame(Volumes.floatData(f), Volumes.floatValues(f));
		assertEquals(v.geometry(), f.geometry());
	}

	@Test
	void refusesImpossibleSizes() {
		assertThrows(IllegalArgumentException.class, () -> Volumes.checkedSize(new int[] { 2000, 2000, 2000 }));
		assertThrows(IllegalArgumentException.class, () -> Volumes.checkedSize(new int[] { 0, 5, 5 }));
		assertThrows(IllegalArgumentException.class, () -> Volumes.wrapFloats(new float[10], new int[] { 2, 2, 2 }, VoxelGeometry.axisAligned(1, 1, 1)));
	}
}
