package org.chondroj.knee.anatomy;

/**
 * Eigen-decomposition of a symmetric 3 × 3 matrix by cyclic Jacobi rotations (to machine precision, at most 50
 * sweeps; deterministic). Package-private helper of the knee frame.
 */
final class SymmetricEigen {

	private SymmetricEigen() {
	}

	/**
	 * Eigenvalues (ascending) and unit eigenvectors of the symmetric matrix {@code a} (row-major 3 × 3, not modified).
	 *
	 * @param values  out: the three eigenvalues, ascending
	 * @param vectors out: row r is the eigenvector of {@code values[r]}
	 */
	static void decompose(final double[] a, final double[] values, final double[][] vectors) {
		final double[][] m = { { a[0], a[1], a[2] }, { a[3], a[4], a[5] }, { a[6], a[7], a[8] } };
		final double[][] v = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
		for (int sweep = 0; sweep < 50; sweep++) {
			final double off = m[0][1] * m[0][1] + m[0][2] * m[0][2] + m[1][2] * m[1][2];
			final double scale = m[0][0] * m[0][0] + m[1][1] * m[1][1] + m[2][2] * m[2][2];
			if (off <= 1e-30 * Math.max(scale, Double.MIN_NORMAL))
				break;
			for (int p = 0; p < 2; p++)
				for (int q = p + 1; q < 3; q++) {
					if (m[p][q] == 0)
						continue;
					final double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
					final double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
					final double c = 1 / Math.sqrt(t * t + 1), s = t * c;
					for (int k = 0; k < 3; k++) { // columns p, q of m
						final double mkp = m[k][p], mkq = m[k][q];
						m[k][p] = c * mkp - s * mkq;
						m[k][q] = s * mkp + c * mkq;
					}
					for (int k = 0; k < 3; k++) { // rows p, q of m
						final double mpk = m[p][k], mqk = m[q][k];
						m[p][k] = c * mpk - s * mqk;
						m[q][k] = s * mpk + c * mqk;
					}
					for (int k = 0; k < 3; k++) { // columns of v are the eigenvectors
						final double vkp = v[k][p], vkq = v[k][q];
						v[k][p] = c * vkp - s * vkq;
						v[k][q] = s * vkp + c * vkq;
					}
				}
		}
		final Integer[] order = { 0, 1, 2 };
		java.util.Arrays.sort(order, (x, y) -> Double.compare(m[x][x], m[y][y]));
		for (int r = 0; r < 3; r++) {
			values[r] = m[order[r]][order[r]];
			for (int k = 0; k < 3; k++)
				vectors[r][k] = v[k][order[r]];
		}
	}
}
