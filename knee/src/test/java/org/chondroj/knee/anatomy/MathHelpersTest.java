package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The eigen-decomposition and the parabola fit behind the frame and the landmarks, against analytic cases. */
class MathHelpersTest {

	/**
	 * Q·diag(λ)·Qᵀ for a random rotation Q: the eigenvectors in ascending order of λ to 1e-9 (up to sign), unit length,
	 * each with its largest component positive.
	 */
	@Test
	void eigenOfKnownMatrices() {
		final SplittableRandom r = new SplittableRandom(3);
		for (int trial = 0; trial < 100; trial++) {
			final org.joml.Matrix3d q = new org.joml.Matrix3d().rotation(r.nextDouble(0, Math.PI),
					new org.joml.Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)).normalize());
			final double[] lambda = { r.nextDouble(0, 1), r.nextDouble(1, 10), r.nextDouble(10, 100) };
			final double[] a = new double[9];
			for (int i = 0; i < 3; i++)
				for (int j = 0; j < 3; j++)
					for (int k = 0; k < 3; k++)
						a[3 * i + j] += q.get(k, i) * lambda[k] * q.get(k, j); // rows of q's transpose are columns of q
			final double[][] vectors = FrameEstimation.eigenvectors(a);
			for (int k = 0; k < 3; k++) {
				final double[] expected = { q.get(k, 0), q.get(k, 1), q.get(k, 2) };
				assertEquals(1, Math.abs(KneeFrame.dot(expected, vectors[k])), 1e-9);
				assertEquals(1, KneeFrame.dot(vectors[k], vectors[k]), 1e-12);
				final double[] v = vectors[k];
				assertTrue(Math.max(Math.max(v[0], v[1]), v[2]) >= Math.max(Math.max(-v[0], -v[1]), -v[2]), "largest component positive");
			}
		}
	}

	/** y = 0.3·(x − 1.234)² + 5 sampled every 0.25: the vertex exactly, with no error; a line has no minimum to fit. */
	@Test
	void parabolaVertex() {
		final double[] x = new double[81], y = new double[81], line = new double[81];
		for (int i = 0; i < x.length; i++) {
			x[i] = -10 + 0.25 * i;
			y[i] = 0.3 * (x[i] - 1.234) * (x[i] - 1.234) + 5;
			line[i] = x[i];
		}
		y[3] = Double.POSITIVE_INFINITY; // a missing sample far from the minimum changes nothing
		final double[] fit = ProfileFits.fitMinimum(x, y, 2, 0);
		assertEquals(1.234, fit[0], 1e-9);
		assertEquals(5, fit[1], 1e-9);
		assertEquals(0, fit[2], 1e-6);
		assertNull(ProfileFits.fitMinimum(x, line, 2, 0));
	}
}
