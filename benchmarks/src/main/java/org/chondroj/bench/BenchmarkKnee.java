package org.chondroj.bench;

import org.chondroj.core.Laterality;
import org.chondroj.phantom.KneeAnatomy;
import org.chondroj.phantom.Tissue;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * A stand-in knee for the benchmarks until the anatomy model is merged: knee-sized and knee-shaped enough to cost
 * what a knee costs to image (about 20 distance functions per query, a rigid pose, boundaries in the same places and
 * of the same extent as a knee's), but not anatomically faithful. Femur: two condyle balls and a shaft capsule, with a
 * cartilage shell on the distal part; tibia: a rounded-box plateau and a shaft, cartilage on top; patella with
 * cartilage behind; a fibula head; a lesion in the medial tibia; an effusion ball; two posterior muscle capsules; fat
 * inside a skin capsule; air. The boundary bound is the smallest |distance| to any of the shapes' surfaces (including
 * the planes that cut the cartilage shells), a valid lower bound.
 * <p>
 * Immutable; no allocation per query.
 */
final class BenchmarkKnee implements KneeAnatomy {

	private final Laterality side;
	/** patient = rotation · local + translation; {@code inverse} = rotationᵀ. */
	private final Matrix3d inverse;
	private final double tx, ty, tz;
	private final double[] bounds;

	/** A right knee turned by 8° about an oblique axis and moved off-centre. */
	BenchmarkKnee() {
		side = Laterality.RIGHT;
		final Matrix3d rotation = new Matrix3d().rotation(Math.toRadians(8), new Vector3d(0.3, 0.2, 1).normalize());
		inverse = new Matrix3d(rotation).transpose();
		tx = 3.5;
		ty = -2.25;
		tz = 10.1;
		bounds = new double[] { tx - 60, ty - 60, tz - 70, tx + 60, ty + 60, tz + 70 };
	}

	private static double ball(final double x, final double y, final double z, final double cx, final double cy, final double cz, final double r) {
		return Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) - r;
	}

	/** A vertical capsule: segment from (cx, cy, z0) to (cx, cy, z1), radius r. */
	private static double capsule(final double x, final double y, final double z, final double cx, final double cy, final double z0, final double z1,
			final double r) {
		final double zc = Math.max(z0, Math.min(z1, z));
		return Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - zc) * (z - zc)) - r;
	}

	/** An axis-aligned box with half sizes (hx, hy, hz) rounded by rr. */
	private static double roundBox(final double x, final double y, final double z, final double cx, final double cy, final double cz, final double hx,
			final double hy, final double hz, final double rr) {
		final double u = Math.abs(x - cx) - hx + rr, v = Math.abs(y - cy) - hy + rr, w = Math.abs(z - cz) - hz + rr;
		final double mu = Math.max(u, 0), mv = Math.max(v, 0), mw = Math.max(w, 0);
		return Math.sqrt(mu * mu + mv * mv + mw * mw) + Math.min(Math.max(u, Math.max(v, w)), 0) - rr;
	}

	private static double femur(final double x, final double y, final double z) {
		return Math.min(Math.min(ball(x, y, z, -21, 2, 18, 19), ball(x, y, z, 21, 2, 18, 18)), capsule(x, y, z, 0, 0, 35, 120, 15));
	}

	private static double tibia(final double x, final double y, final double z) {
		return Math.min(roundBox(x, y, z, 0, 0, -25, 38, 26, 20, 6), capsule(x, y, z, 0, 3, -120, -40, 16));
	}

	private static double patella(final double x, final double y, final double z) {
		return ball(x, y, z, 0, -38, 34, 13);
	}

	@Override
	public Tissue tissueAt(final double px, final double py, final double pz) {
		final double dx = px - tx, dy = py - ty, dz = pz - tz;
		final double x = inverse.m00() * dx + inverse.m10() * dy + inverse.m20() * dz;
		final double y = inverse.m01() * dx + inverse.m11() * dy + inverse.m21() * dz;
		final double z = inverse.m02() * dx + inverse.m12() * dy + inverse.m22() * dz;
		if (ball(x, y, z, -18, 4, -14, 6) < 0)
			return Tissue.TIBIAL_LESION;
		final double f = femur(x, y, z);
		if (f < 0)
			return f > -1.5 ? Tissue.FEMUR_CORTEX : Tissue.FEMUR_MARROW;
		if (f < 2.4 && z < 30)
			return Tissue.FEMORAL_CARTILAGE;
		final double t = tibia(x, y, z);
		if (t < 0)
			return t > -1.5 ? Tissue.TIBIA_CORTEX : Tissue.TIBIA_MARROW;
		if (t < 2.2 && z > -6.5)
			return Tissue.TIBIAL_CARTILAGE;
		final double p = patella(x, y, z);
		if (p < 0)
			return p > -1.2 ? Tissue.PATELLA_CORTEX : Tissue.PATELLA_MARROW;
		if (p < 2.8 && y > -38)
			return Tissue.PATELLAR_CARTILAGE;
		if (ball(x, y, z, 40, 12, -40, 10) < 0)
			return Tissue.FIBULA;
		if (capsule(x, y, z, 0, -54, 0, 60, 3.5) < 0)
			return Tissue.TENDON;
		if (ball(x, y, z, 0, -5, 10, 34) < 0)
			return Tissue.FLUID;
		if (capsule(x, y, z, -20, 38, -70, 70, 13) < 0 || capsule(x, y, z, 22, 40, -70, 70, 12) < 0)
			return Tissue.MUSCLE;
		return capsule(x, y, z, 0, 0, -200, 200, 58) < 0 ? Tissue.FAT : Tissue.AIR;
	}

	@Override
	public double boundaryDistanceBound(final double px, final double py, final double pz) {
		final double dx = px - tx, dy = py - ty, dz = pz - tz;
		final double x = inverse.m00() * dx + inverse.m10() * dy + inverse.m20() * dz;
		final double y = inverse.m01() * dx + inverse.m11() * dy + inverse.m21() * dz;
		final double z = inverse.m02() * dx + inverse.m12() * dy + inverse.m22() * dz;
		final double f = femur(x, y, z), t = tibia(x, y, z), p = patella(x, y, z);
		double d = Math.abs(ball(x, y, z, -18, 4, -14, 6));
		d = Math.min(d, Math.min(Math.abs(f), Math.min(Math.abs(f + 1.5), Math.abs(f - 2.4))));
		d = Math.min(d, Math.min(Math.abs(t), Math.min(Math.abs(t + 1.5), Math.abs(t - 2.2))));
		d = Math.min(d, Math.min(Math.abs(p), Math.min(Math.abs(p + 1.2), Math.abs(p - 2.8))));
		d = Math.min(d, Math.min(Math.abs(z - 30), Math.min(Math.abs(z + 6.5), Math.abs(y + 38))));
		d = Math.min(d, Math.abs(ball(x, y, z, 40, 12, -40, 10)));
		d = Math.min(d, Math.abs(capsule(x, y, z, 0, -54, 0, 60, 3.5)));
		d = Math.min(d, Math.abs(ball(x, y, z, 0, -5, 10, 34)));
		d = Math.min(d, Math.min(Math.abs(capsule(x, y, z, -20, 38, -70, 70, 13)), Math.abs(capsule(x, y, z, 22, 40, -70, 70, 12))));
		return Math.min(d, Math.abs(capsule(x, y, z, 0, 0, -200, 200, 58)));
	}

	@Override
	public Laterality side() {
		return side;
	}

	@Override
	public double[] bounds() {
		return bounds.clone();
	}
}
