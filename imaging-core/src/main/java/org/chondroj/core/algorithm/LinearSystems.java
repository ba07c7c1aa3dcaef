package org.chondroj.core.algorithm;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Small dense linear systems (the normal equations of least-squares fits, a few dozen unknowns at most), solved by EJML
 * (which Fiji ships) so that ChondroJ keeps no linear algebra of its own.
 */
public final class LinearSystems {

	private LinearSystems() {
	}

	/**
	 * Solves a·x = b for a symmetric positive-definite {@code a} (n × n, row-major), by EJML's Cholesky decomposition;
	 * {@code a} and {@code b} are not modified. Cost O(n³).
	 *
	 * @return false if {@code a} is not positive definite or the solution is not finite; {@code x} is then undefined
	 */
	public static boolean solveSymmetricPositiveDefinite(final double[] a, final double[] b, final double[] x, final int n) {
		final LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(n);
		if (!solver.setA(new DMatrixRMaj(n, n, true, a)))
			return false;
		final DMatrixRMaj solution = new DMatrixRMaj(n, 1);
		solver.solve(new DMatrixRMaj(n, 1, true, b), solution);
		for (int i = 0; i < n; i++) {
			x[i] = solution.get(i, 0);
			if (!Double.isFinite(x[i]))
				return false;
		}
		return true;
	}
}
