package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearSystemsTest {

	/** A system whose first pivot is zero (so pivoting is needed) with the exact solution (1, −2, 3). */
	@Test
	void solvesWithPivoting() {
		final double[] a = { 0, 2, 1, 1, 1, 1, 2, -1, 3 };
		final double[] x = new double[3];
		assertTrue(LinearSystems.solve(a, new double[] { -1, 2, 13 }, x, 3));
		assertArrayEquals(new double[] { 1, -2, 3 }, x, 1e-12);
	}

	@Test
	void refusesASingularSystem() {
		assertFalse(LinearSystems.solve(new double[] { 1, 2, 2, 4 }, new double[] { 1, 2 }, new double[2], 2));
	}
}
