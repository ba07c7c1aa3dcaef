package org.chondroj.phantom;

import org.chondroj.core.Laterality;

/**
 * A test-only "knee" made of balls and cylinders, with exact volumes and an exact boundary distance bound: a femur
 * ball (marrow r 18.5 mm, cortex to 20 mm, cartilage shell to 22.5 mm) above a tibia ball of the same radii, 1 mm of
 * joint space between their cartilage shells, a lesion ball (r 4 mm) in the tibial marrow, a fluid ball around the
 * joint, a muscle cylinder behind, all inside a fat cylinder (the leg, r 50 mm, 130 mm long) in air.
 * <p>
 * Precedence where shapes overlap: lesion, femur, tibia, fluid, muscle, fat. Every tissue boundary lies on one of the
 * shapes' surfaces, so the smallest |signed distance| over all surfaces is a valid lower bound of the distance to a
 * boundary (exact where the nearest surface is a real boundary).
 */
final class SphereKnee implements KneeAnatomy {

	static final double MARROW_R = 18.5, CORTEX_R = 20, CARTILAGE_R = 22.5, LESION_R = 4, FLUID_R = 12;
	static final double[] FEMUR = { 0, 0, 22 }, TIBIA = { 0, 0, -24 }, LESION = { 0, 3, -14 }, FLUID = { 0, 0, -1 };
	/** Muscle: a cylinder along z about (0, 35), r 10, |z| ≤ 55. Leg: about the z axis, r 50, |z| ≤ 65. */
	static final double MUSCLE_Y = 35, MUSCLE_R = 10, MUSCLE_H = 55, LEG_R = 50, LEG_H = 65;

	private final Laterality side;
	private final double shift;

	/** A right knee centred at the origin. */
	SphereKnee() {
		this(Laterality.RIGHT, 0);
	}

	/** @param shift added to every x coordinate of the model (mm), to move it off the grid's symmetry */
	SphereKnee(final Laterality side, final double shift) {
		this.side = side;
		this.shift = shift;
	}

	/** Exact shell volume of each cartilage, mm³. */
	static double cartilageVolume() {
		return 4.0 / 3 * Math.PI * (Math.pow(CARTILAGE_R, 3) - Math.pow(CORTEX_R, 3));
	}

	static double dist(final double[] c, final double x, final double y, final double z) {
		return Math.sqrt((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) + (z - c[2]) * (z - c[2]));
	}

	private static double cylinder(final double radial, final double r, final double z, final double h) {
		final double a = radial - r, b = Math.abs(z) - h;
		return Math.min(Math.max(a, b), 0) + Math.sqrt(Math.max(a, 0) * Math.max(a, 0) + Math.max(b, 0) * Math.max(b, 0));
	}

	private static double muscle(final double x, final double y, final double z) {
		return cylinder(Math.sqrt(x * x + (y - MUSCLE_Y) * (y - MUSCLE_Y)), MUSCLE_R, z, MUSCLE_H);
	}

	private static double leg(final double x, final double y, final double z) {
		return cylinder(Math.sqrt(x * x + y * y), LEG_R, z, LEG_H);
	}

	@Override
	public Tissue tissueAt(final double x0, final double y, final double z) {
		final double x = x0 - shift;
		if (dist(LESION, x, y, z) < LESION_R)
			return Tissue.TIBIAL_LESION;
		final double f = dist(FEMUR, x, y, z);
		if (f < CARTILAGE_R)
			return f < MARROW_R ? Tissue.FEMUR_MARROW : f < CORTEX_R ? Tissue.FEMUR_CORTEX : Tissue.FEMORAL_CARTILAGE;
		final double t = dist(TIBIA, x, y, z);
		if (t < CARTILAGE_R)
			return t < MARROW_R ? Tissue.TIBIA_MARROW : t < CORTEX_R ? Tissue.TIBIA_CORTEX : Tissue.TIBIAL_CARTILAGE;
		if (dist(FLUID, x, y, z) < FLUID_R)
			return Tissue.FLUID;
		if (muscle(x, y, z) < 0)
			return Tissue.MUSCLE;
		return leg(x, y, z) < 0 ? Tissue.FAT : Tissue.AIR;
	}

	@Override
	public double boundaryDistanceBound(final double x0, final double y, final double z) {
		final double x = x0 - shift;
		final double f = dist(FEMUR, x, y, z), t = dist(TIBIA, x, y, z);
		double d = Math.abs(dist(LESION, x, y, z) - LESION_R);
		d = Math.min(d, Math.min(Math.abs(f - MARROW_R), Math.min(Math.abs(f - CORTEX_R), Math.abs(f - CARTILAGE_R))));
		d = Math.min(d, Math.min(Math.abs(t - MARROW_R), Math.min(Math.abs(t - CORTEX_R), Math.abs(t - CARTILAGE_R))));
		d = Math.min(d, Math.abs(dist(FLUID, x, y, z) - FLUID_R));
		d = Math.min(d, Math.abs(muscle(x, y, z)));
		return Math.min(d, Math.abs(leg(x, y, z)));
	}

	@Override
	public Laterality side() {
		return side;
	}

	@Override
	public double[] bounds() {
		return new double[] { shift - LEG_R, -LEG_R, -LEG_H, shift + LEG_R, LEG_R, LEG_H };
	}
}
