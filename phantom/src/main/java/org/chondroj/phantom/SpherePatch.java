package org.chondroj.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * The bone surface of one {@link Plate} (its whole sphere patch, defects included) as a point set, with the exact
 * nearest point to any point of space and the exact extent along any direction.
 * <p>
 * The patch is P = {c + R·q : q ∈ Q}, Q = {unit q : z0 ≤ q·e1 ≤ z1, kMin ≤ q·e2 ≤ kMax, ψ(q) ∈ [ψlo, ψhi]}. For a point
 * p ≠ c, |p − (c + R·q)|² = |p − c|² + R² − 2R·(p − c)·q, so the nearest point of P maximises a·q over Q, a the unit
 * direction of p − c. If a ∈ Q that is a itself (the radial foot, distance ||p − c| − R|). Otherwise the maximum lies
 * on the boundary of Q, which is made of arcs of six circles of the unit sphere: q·e1 = z0, q·e1 = z1, q·e2 = kMin,
 * q·e2 = kMax (small circles) and the great circles of the meridians ψ = ψlo, ψhi. On an arc, a·q has one interior
 * local maximum, the maximum over its whole circle, so the maximum over the boundary is at one of: the circles' own
 * maxima that lie in Q, or the corners (two circles meeting in Q). Those are at most 6 + 30 candidates (the corners
 * precomputed), each tested for membership of Q with a tolerance of 1e-9; every candidate lies in Q, so the largest
 * a·q among them is the maximum over Q. The nearest point is therefore exact up to rounding (about 1e-12 mm at these
 * radii; the membership tolerance moves a candidate by at most 1e-9·R, about 1e-7 mm) — no sampling of the patch.
 * The same maximisation with a = a unit axis gives the patch's extent along that axis.
 * <p>
 * Needs z0 &gt; −1 and z1 &lt; 1 (the poles ±e1, where ψ is undefined, outside the patch): true of every plate of
 * {@link KneeModel}. Immutable and thread-safe; {@link #nearest} allocates nothing.
 */
final class SpherePatch {

	private static final double EPS = 1e-9;

	private final String name;
	private final double cx, cy, cz, radius;
	private final double[] e1, e2, e3;
	private final double z0, z1, psiLo, psiHi, kMin, kMax;
	/** The active constraint circles {nx, ny, nz, k}: q·n = k. */
	private final double[][] circles;
	/** The corners: unit directions in Q where two circles meet. */
	private final double[][] corners;

	SpherePatch(final Plate plate) {
		name = plate.name();
		final double[] c = plate.centre();
		cx = c[0];
		cy = c[1];
		cz = c[2];
		radius = plate.radius();
		final double[][] f = plate.frame();
		e1 = f[0];
		e2 = f[1];
		e3 = f[2];
		final double[] l = plate.limits();
		z0 = l[0];
		z1 = l[1];
		psiLo = l[2];
		psiHi = l[3];
		kMin = l[4];
		kMax = l[5];
		if (!(z0 > -1 && z1 < 1))
			throw new IllegalArgumentException("plate " + name + " reaches a pole of its frame");
		final List<double[]> cs = new ArrayList<>();
		cs.add(new double[] { e1[0], e1[1], e1[2], z0 });
		cs.add(new double[] { e1[0], e1[1], e1[2], z1 });
		if (kMin > -1)
			cs.add(new double[] { e2[0], e2[1], e2[2], kMin });
		if (kMax < 1)
			cs.add(new double[] { e2[0], e2[1], e2[2], kMax });
		if (psiLo > -Math.PI || psiHi < Math.PI)
			for (final double psi : new double[] { psiLo, psiHi }) {
				// the meridian's plane holds e1 and sin ψ·e2 + cos ψ·e3; its normal is cos ψ·e2 − sin ψ·e3
				final double s = Math.sin(psi), co = Math.cos(psi);
				cs.add(new double[] { co * e2[0] - s * e3[0], co * e2[1] - s * e3[1], co * e2[2] - s * e3[2], 0 });
			}
		circles = cs.toArray(new double[0][]);
		final List<double[]> cornerList = new ArrayList<>();
		for (int i = 0; i < circles.length; i++)
			for (int j = i + 1; j < circles.length; j++) {
				final double[] a = circles[i], b = circles[j];
				final double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2], det = 1 - dot * dot;
				if (det < 1e-12)
					continue; // parallel planes: no corner
				final double alpha = (a[3] - dot * b[3]) / det, beta = (b[3] - dot * a[3]) / det;
				final double[] p0 = { alpha * a[0] + beta * b[0], alpha * a[1] + beta * b[1], alpha * a[2] + beta * b[2] };
				final double g2 = (1 - (p0[0] * p0[0] + p0[1] * p0[1] + p0[2] * p0[2])) / det;
				if (g2 < 0)
					continue;
				final double g = Math.sqrt(g2);
				final double[] m = Plate.cross(new double[] { a[0], a[1], a[2] }, new double[] { b[0], b[1], b[2] });
				for (final double sign : new double[] { -1, 1 }) {
					final double[] q = Plate.unit(new double[] { p0[0] + sign * g * m[0], p0[1] + sign * g * m[1], p0[2] + sign * g * m[2] });
					if (in(q[0], q[1], q[2], EPS))
						cornerList.add(q);
				}
			}
		corners = cornerList.toArray(new double[0][]);
	}

	String name() {
		return name;
	}

	double radius() {
		return radius;
	}

	/** Whether the unit direction lies in Q, each limit widened by {@code eps}. */
	private boolean in(final double qx, final double qy, final double qz, final double eps) {
		final double z = qx * e1[0] + qy * e1[1] + qz * e1[2];
		if (z < z0 - eps || z > z1 + eps)
			return false;
		final double s = qx * e2[0] + qy * e2[1] + qz * e2[2];
		if (s < kMin - eps || s > kMax + eps)
			return false;
		final double psi = Math.atan2(s, qx * e3[0] + qy * e3[1] + qz * e3[2]);
		return psi >= psiLo - eps && psi <= psiHi + eps;
	}

	/**
	 * The unit direction q ∈ Q maximising a·q for the unit vector a, written to {@code out}; returns a·q. Exact up to
	 * rounding (see the class comment).
	 */
	double maxDirection(final double ax, final double ay, final double az, final double[] out) {
		if (in(ax, ay, az, 0)) {
			out[0] = ax;
			out[1] = ay;
			out[2] = az;
			return 1;
		}
		double best = -2;
		for (final double[] q : corners) {
			final double d = ax * q[0] + ay * q[1] + az * q[2];
			if (d > best) {
				best = d;
				out[0] = q[0];
				out[1] = q[1];
				out[2] = q[2];
			}
		}
		for (final double[] c : circles) {
			// the maximum of a·q on {q·n = k}: k·n + √(1 − k²)·(a − (a·n)n)/|a − (a·n)n|
			final double an = ax * c[0] + ay * c[1] + az * c[2];
			double tx = ax - an * c[0], ty = ay - an * c[1], tz = az - an * c[2];
			final double t = Math.sqrt(tx * tx + ty * ty + tz * tz);
			if (t < 1e-15)
				continue; // a along n: every point of the circle is as good, and the corners hold one if any is in Q
			final double k = c[3], rho = Math.sqrt(Math.max(0, 1 - k * k)) / t;
			tx = k * c[0] + rho * tx;
			ty = k * c[1] + rho * ty;
			tz = k * c[2] + rho * tz;
			final double d = ax * tx + ay * ty + az * tz;
			if (d > best && in(tx, ty, tz, EPS)) {
				best = d;
				out[0] = tx;
				out[1] = ty;
				out[2] = tz;
			}
		}
		return best;
	}

	/**
	 * The distance (mm) from the K point (x, y, z) to the patch; {@code scratch} (6 doubles) receives the nearest
	 * point's unit direction from the centre in [0, 3) and the point itself (K mm) in [3, 6). Exact up to rounding. The
	 * point must not be the sphere's centre.
	 */
	double nearest(final double x, final double y, final double z, final double[] scratch) {
		final double qx = x - cx, qy = y - cy, qz = z - cz;
		final double r = Math.sqrt(qx * qx + qy * qy + qz * qz);
		maxDirection(qx / r, qy / r, qz / r, scratch);
		scratch[3] = cx + radius * scratch[0];
		scratch[4] = cy + radius * scratch[1];
		scratch[5] = cz + radius * scratch[2];
		final double dx = x - scratch[3], dy = y - scratch[4], dz = z - scratch[5];
		return Math.sqrt(dx * dx + dy * dy + dz * dz);
	}

	/** The distance (mm) from the K point to the patch's sphere: a lower bound of {@link #nearest}'s distance. */
	double sphereDistance(final double x, final double y, final double z) {
		final double qx = x - cx, qy = y - cy, qz = z - cz;
		return Math.abs(Math.sqrt(qx * qx + qy * qy + qz * qz) - radius);
	}

	/** The largest value of axis·s over the patch's points s (axis a unit vector, K), exact up to rounding. */
	double extent(final double[] axis) {
		final double[] q = new double[3];
		maxDirection(axis[0], axis[1], axis[2], q);
		return axis[0] * (cx + radius * q[0]) + axis[1] * (cy + radius * q[1]) + axis[2] * (cz + radius * q[2]);
	}

	/** The patch's axis-aligned bounding box {min u, v, w, max u, v, w} (K mm), exact up to rounding. */
	double[] box() {
		final double[] b = new double[6];
		for (int a = 0; a < 3; a++) {
			final double[] plus = new double[3], minus = new double[3];
			plus[a] = 1;
			minus[a] = -1;
			b[a + 3] = extent(plus);
			b[a] = -extent(minus);
		}
		return b;
	}
}
