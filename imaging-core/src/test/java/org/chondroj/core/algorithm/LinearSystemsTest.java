package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearSystemsTest {

	/** The normal equations of a line fit through (0, 1), (1, 3), (2, 5): exactly y = 2x + 1. */
	@Test
	void solvesNormalEquations() {
		final double[] x = new double[2];
		// AᵀA and Aᵀy for rows (x, 1)
		assertTrue(LinearSystems.solveSymmetricPositiveDefinite(new double[] { 5, 3, 3, 3 }, new double[] { 13, 9 }, x, 2));
		assertArrayEquals(new double[] { 2, 1 }, x, 1e-12);
	}

	@Test
	void refusesASingularOrIndefiniteSystem() {
		assertFalse(LinearSystems.solveSymmetricPositiveDefinite(new double[] { 1, 2, 2, 4 }, new double[] { 1, 2 }, new double[2], 2));
		assertFalse(LinearSystems.solveSymmetricPositiveDefinite(new double[] { 1, 0, 0, -1 }, new double[] { 1, 1 }, new double[2], 2));
	}
}
