package org.chondroj.phantom;

/**
 * Allocation-free signed-distance primitives and combinations (mm), used by {@link KneeModel}. Each primitive is an
 * exact signed distance or a 1-Lipschitz bound of it (stated per method); min (union), max (intersection) and
 * max(a, −b) (subtraction) of such bounds are again 1-Lipschitz bounds whose magnitude never exceeds the true
 * distance to the zero set.
 */
final class Sdf {

	private Sdf() {
	}

	/** Ball of radius r about (cx, cy, cz); exact. */
	static double ball(final double x, final double y, final double z, final double cx, final double cy, final double cz,
			final double r) {
		final double dx = x - cx, dy = y - cy, dz = z - cz;
		return Math.sqrt(dx * dx + dy * dy + dz * dz) - r;
	}

	/** Axis-aligned box between (x0, y0, z0) and (x1, y1, z1); exact. */
	static double box(final double x, final double y, final double z, final double x0, final double y0, final double z0,
			final double x1, final double y1, final double z1) {
		final double hx = 0.5 * (x1 - x0), hy = 0.5 * (y1 - y0), hz = 0.5 * (z1 - z0);
		final double u = Math.abs(x - 0.5 * (x0 + x1)) - hx;
		final double v = Math.abs(y - 0.5 * (y0 + y1)) - hy;
		final double w = Math.abs(z - 0.5 * (z0 + z1)) - hz;
		final double mu = Math.max(u, 0), mv = Math.max(v, 0), mw = Math.max(w, 0);
		return Math.sqrt(mu * mu + mv * mv + mw * mw) + Math.min(Math.max(u, Math.max(v, w)), 0);
	}

	/** Capsule of radius r around the segment a–b; exact. */
	static double capsule(final double x, final double y, final double z, final double ax, final double ay, final double az,
			final double bx, final double by, final double bz, final double r) {
		final double px = x - ax, py = y - ay, pz = z - az;
		final double ex = bx - ax, ey = by - ay, ez = bz - az;
		final double h = Math.max(0, Math.min(1, (px * ex + py * ey + pz * ez) / (ex * ex + ey * ey + ez * ez)));
		final double dx = px - h * ex, dy = py - h * ey, dz = pz - h * ez;
		return Math.sqrt(dx * dx + dy * dy + dz * dz) - r;
	}

	/**
	 * Axis-aligned ellipsoid with semi-axes (a, b, c) about (cx, cy, cz): the bound (|D⁻¹p| − 1)·min(a, b, c), which
	 * is 1-Lipschitz and zero exactly on the surface (not an exact distance).
	 */
	static double ellipsoid(final double x, final double y, final double z, final double cx, final double cy, final double cz,
			final double a, final double b, final double c) {
		final double dx = (x - cx) / a, dy = (y - cy) / b, dz = (z - cz) / c;
		return (Math.sqrt(dx * dx + dy * dy + dz * dz) - 1) * Math.min(a, Math.min(b, c));
	}

	/** Infinite elliptic cylinder along the third axis, semi-axes (a, b) about (cx, cy); 1-Lipschitz bound. */
	static double ellipticCylinder(final double x, final double y, final double cx, final double cy, final double a, final double b) {
		final double dx = (x - cx) / a, dy = (y - cy) / b;
		return (Math.sqrt(dx * dx + dy * dy) - 1) * Math.min(a, b);
	}
	/**
	 * Column with an elliptic outline (semi-axes a, b about (cx, cy), along the third axis) between heights z0 and z1,
	 * its top and bottom rims rounded with radius r (mm; r &lt; min(a, b) and 2r &lt; z1 − z0): the inner ellipse bound
	 * and the height bound combined as a rounded box. 1-Lipschitz (the two bounds depend on orthogonal coordinates);
	 * zero on a surface within a fraction of a millimetre of the intended one, not an exact distance.
	 */
	static double roundedColumn(final double x, final double y, final double z, final double cx, final double cy, final double a,
			final double b, final double z0, final double z1, final double r) {
		final double e = ellipticCylinder(x, y, cx, cy, a - r, b - r);
		final double h = Math.abs(z - 0.5 * (z0 + z1)) - (0.5 * (z1 - z0) - r);
		final double me = Math.max(e, 0), mh = Math.max(h, 0);
		return Math.sqrt(me * me + mh * mh) + Math.min(Math.max(e, h), 0) - r;
	}

	/**
	 * Polynomial smooth minimum of two bounds with blend width k (mm): min(a, b) − k·h²/4, h = max(k − |a − b|, 0)/k.
	 * Its gradient is a convex combination of the two gradients, so it is 1-Lipschitz when a and b are; it equals
	 * min(a, b) wherever |a − b| ≥ k (the blend only adds material where the two shapes come within k of each other).
	 */
	static double smin(final double a, final double b, final double k) {
		final double h = Math.max(k - Math.abs(a - b), 0) / k;
		return Math.min(a, b) - 0.25 * k * h * h;
	}
}
