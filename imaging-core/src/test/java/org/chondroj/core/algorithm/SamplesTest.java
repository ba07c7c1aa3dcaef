package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {

	private static final float[] VALUES = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };

	/** Ten values, at most three: every 4th (indices 0, 4, 8), sorted. */
	@Test
	void takesEveryKthValueAndSortsThem() {
		assertArrayEquals(new float[] { 1, 5, 9 }, Samples.sorted(VALUES, 3));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, Samples.sorted(VALUES, 10));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, Samples.sorted(VALUES, 1000));
	}

	/**
	 * The even indices (5 voxels), at most two: every 3rd of them (indices 0 and 6); all five when they fit. Choosing
	 * every voxel gives what the unmasked method gives.
	 */
	@Test
	void countsOnlyTheChosenVoxels() {
		assertArrayEquals(new float[] { 3, 9 }, Samples.sorted(VALUES, i -> i % 2 == 0, 2));
		assertArrayEquals(new float[] { 1, 3, 5, 7, 9 }, Samples.sorted(VALUES, i -> i % 2 == 0, 5));
		for (int max = 1; max <= 11; max++)
			assertArrayEquals(Samples.sorted(VALUES, max), Samples.sorted(VALUES, i -> true, max), "max " + max);
	}

	@Test
	void nothingChosenGivesNothing() {
		assertEquals(0, Samples.sorted(VALUES, i -> false, 4).length);
		assertEquals(0, Samples.sorted(new float[0], 4).length);
	}

	@Test
	void refusesRoomForNoValue() {
		assertThrows(IllegalArgumentException.class, () -> Samples.sorted(VALUES, 0));
	}
}
