package org.chondroj.phantom;

import java.util.SplittableRandom;

import org.chondroj.core.Laterality;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/** The knees the command line, the demo and the benchmarks generate. */
public final class PhantomKnees {

	/** Largest rotation of the standard knee's pose, degrees (about a random axis, from the seed). */
	public static final double MAX_POSE_DEGREES = 8;
	/** Largest translation of the standard knee's pose along each axis, mm. */
	public static final double MAX_POSE_SHIFT_MM = 5;

	private PhantomKnees() {
	}

	/**
	 * The standard phantom knee ({@link AnatomyConfig#defaults()}) of the given side, in a pose drawn from {@code seed}:
	 * a rotation of 3–{@value #MAX_POSE_DEGREES}° about a random axis and a shift of up to
	 * {@value #MAX_POSE_SHIFT_MM} mm, so that no scan lines up with the image axes by accident. Deterministic.
	 */
	public static KneeModel standard(final Laterality side, final long seed) {
		if (side == Laterality.UNKNOWN)
			throw new IllegalArgumentException("a phantom knee is a left or a right knee");
		final SplittableRandom r = new SplittableRandom(seed);
		final Vector3d axis = new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1));
		if (axis.length() < 1e-3)
			axis.set(0, 0, 1);
		final double angle = Math.toRadians(r.nextDouble(3, MAX_POSE_DEGREES));
		final Vector3d shift = new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)).mul(MAX_POSE_SHIFT_MM);
		final Matrix3d rotation = new Matrix3d().rotation(angle, axis.normalize());
		return new KneeModel(AnatomyConfig.defaults().withSide(side).withSeed(seed).withPose(rotation, shift));
	}
}
