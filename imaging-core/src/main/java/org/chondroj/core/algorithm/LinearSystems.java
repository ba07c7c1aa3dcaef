package org.chondroj.core.algorithm;

/**
 * Small dense linear systems (least-squares normal equations, a few dozen unknowns at most), solved in place.
 */
public final class LinearSystems {

	private LinearSystems() {
	}

	/**
	 * Solves a·x = b by Gaussian elimination with partial pivoting. {@code a} is n × n, row-major; {@code a} and {@code b}
	 * are overwritten. Cost O(n³).
	 *
	 * @return false if the system is singular (a zero pivot) or the solution is not finite; {@code x} is then undefined
	 */
	public static boolean solve(final double[] a, final double[] b, final double[] x, final int n) {
		for (int c = 0; c < n; c++) {
			int pivot = c;
			for (int r = c + 1; r < n; r++)
				if (Math.abs(a[n * r + c]) > Math.abs(a[n * pivot + c]))
					pivot = r;
			if (!(Math.abs(a[n * pivot + c]) > 0))
				return false;
			if (pivot != c) {
				for (int k = 0; k < n; k++) {
					final double t = a[n * c + k];
					a[n * c + k] = a[n * pivot + k];
					a[n * pivot + k] = t;
				}
				final double t = b[c];
				b[c] = b[pivot];
				b[pivot] = t;
			}
			for (int r = c + 1; r < n; r++) {
				final double f = a[n * r + c] / a[n * c + c];
				for (int k = c; k < n; k++)
					a[n * r + k] -= f * a[n * c + k];
				b[r] -= f * b[c];
			}
		}
		for (int r = n - 1; r >= 0; r--) {
			double s = b[r];
			for (int k = r + 1; k < n; k++)
				s -= a[n * r + k] * x[k];
			x[r] = s / a[n * r + r];
		}
		for (int i = 0; i < n; i++)
			if (!Double.isFinite(x[i]))
				return false;
		return true;
	}
}
