package org.chondroj.knee.anatomy;

/**
 * Sub-sample location of the minimum of a sampled 1-D profile by a least-squares parabola, with the standard error of
 * the vertex. Package-private helper of the landmarks.
 */
final class ProfileFits {

	private ProfileFits() {
	}

	/**
	 * The fit of the profile near its minimum: {vertex position, vertex value, standard error of the position, number of
	 * samples, first and last position used}, or {@code null} when there is no minimum to fit (fewer than 5 samples,
	 * curvature ≤ 0 or the vertex outside the samples used).
	 * <p>
	 * Samples (x ascending, y finite or +∞ for none) are taken from the lowest one outwards in both directions while
	 * y ≤ y_min + {@code depth}, skipping up to {@code maxGap} consecutive missing samples; y = a·x² + b·x + c is fitted
	 * by least squares (positions centred on the lowest sample); the vertex −b/2a has the standard error of the delta
	 * method with the residual variance RSS/(n − 3). Cost O(n).
	 */
	static double[] fitMinimum(final double[] x, final double[] y, final double depth, final int maxGap) {
		int best = -1;
		for (int i = 0; i < y.length; i++)
			if (y[i] < Double.POSITIVE_INFINITY && (best < 0 || y[i] < y[best]))
				best = i;
		if (best < 0)
			return null;
		final double limit = y[best] + depth;
		int lo = best, hi = best;
		for (int i = best - 1, gap = 0; i >= 0; i--) {
			if (!(y[i] < Double.POSITIVE_INFINITY)) {
				if (++gap > maxGap)
					break;
				continue;
			}
			if (y[i] > limit)
				break;
			gap = 0;
			lo = i;
		}
		for (int i = best + 1, gap = 0; i < y.length; i++) {
			if (!(y[i] < Double.POSITIVE_INFINITY)) {
				if (++gap > maxGap)
					break;
				continue;
			}
			if (y[i] > limit)
				break;
			gap = 0;
			hi = i;
		}
		// normal equations in t = x − x_best
		final double xc = x[best];
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, r0 = 0, r1 = 0, r2 = 0;
		int n = 0;
		for (int i = lo; i <= hi; i++) {
			if (!(y[i] < Double.POSITIVE_INFINITY))
				continue;
			final double t = x[i] - xc, t2 = t * t;
			s0++;
			s1 += t;
			s2 += t2;
			s3 += t2 * t;
			s4 += t2 * t2;
			r0 += y[i];
			r1 += t * y[i];
			r2 += t2 * y[i];
			n++;
		}
		if (n < 5)
			return null;
		// solve [[s4 s3 s2][s3 s2 s1][s2 s1 s0]] (a b c) = (r2 r1 r0) by the inverse (Cramer), keeping the inverse for the covariance
		final double[][] m = { { s4, s3, s2 }, { s3, s2, s1 }, { s2, s1, s0 } };
		final double[][] inv = invert(m);
		if (inv == null)
			return null;
		final double a = inv[0][0] * r2 + inv[0][1] * r1 + inv[0][2] * r0;
		final double b = inv[1][0] * r2 + inv[1][1] * r1 + inv[1][2] * r0;
		final double c = inv[2][0] * r2 + inv[2][1] * r1 + inv[2][2] * r0;
		if (!(a > 0))
			return null;
		final double t0 = -b / (2 * a);
		if (t0 < x[lo] - xc || t0 > x[hi] - xc)
			return null;
		double rss = 0;
		for (int i = lo; i <= hi; i++) {
			if (!(y[i] < Double.POSITIVE_INFINITY))
				continue;
			final double t = x[i] - xc, e = y[i] - (a * t * t + b * t + c);
			rss += e * e;
		}
		final double sigma2 = n > 3 ? rss / (n - 3) : 0;
		final double ga = b / (2 * a * a), gb = -1 / (2 * a); // ∂t0/∂a, ∂t0/∂b
		final double var = sigma2 * (ga * ga * inv[0][0] + 2 * ga * gb * inv[0][1] + gb * gb * inv[1][1]);
		return new double[] { xc + t0, c - b * b / (4 * a), Math.sqrt(Math.max(0, var)), n, x[lo], x[hi] };
	}

	private static double[][] invert(final double[][] m) {
		final double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
				+ m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
		if (!(Math.abs(det) > 0))
			return null;
		final double[][] r = new double[3][3];
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++) {
				final int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
				r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
			}
		return r;
	}
}
