package org.chondroj.phantom;

import org.joml.Matrix3d;
import org.joml.Matrix3dc;
import org.joml.Vector3d;

/** Analytic solids with exact volumes, the building blocks of the phantom. */
public final class Shapes {

	private Shapes() {
	}

	/** A ball of radius {@code r} mm about (cx, cy, cz); exact signed distance. Volume 4/3·π·r³. */
	public static ImplicitShape ball(final double cx, final double cy, final double cz, final double r) {
		return (x, y, z) -> Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) - r;
	}

	/**
	 * A box with half-sizes (hx, hy, hz) mm about a centre, its axes the columns of {@code rotation}; exact signed
	 * distance. Volume 8·hx·hy·hz.
	 */
	public static ImplicitShape box(final Vector3d centre, final double hx, final double hy, final double hz, final Matrix3dc rotation) {
		final Matrix3d toBox = new Matrix3d(rotation).transpose();
		final double cx = centre.x, cy = centre.y, cz = centre.z;
		return (x, y, z) -> {
			final double dx = x - cx, dy = y - cy, dz = z - cz;
			// coordinates in the box frame: rotationᵀ · d
			final double u = Math.abs(toBox.m00() * dx + toBox.m10() * dy + toBox.m20() * dz) - hx;
			final double v = Math.abs(toBox.m01() * dx + toBox.m11() * dy + toBox.m21() * dz) - hy;
			final double w = Math.abs(toBox.m02() * dx + toBox.m12() * dy + toBox.m22() * dz) - hz;
			final double outside = Math.sqrt(sq(Math.max(u, 0)) + sq(Math.max(v, 0)) + sq(Math.max(w, 0)));
			return outside + Math.min(Math.max(u, Math.max(v, w)), 0);
		};
	}

	private static double sq(final double v) {
		return v * v;
	}
}
