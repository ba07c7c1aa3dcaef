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
	 * The standard phantom knee ({@link AnatomyConfig#defaults()}) of the given side, in the baseline pose drawn from
	 * {@code seed} ({@link #posed}); its follow-up is {@code PhantomSetup.defaults().withSide(side).followUp(seed)}.
	 * Deterministic.
	 */
	public static KneeModel standard(final Laterality side, final long seed) {
		if (side == Laterality.UNKNOWN)
			throw new IllegalArgumentException("a phantom knee is a left or a right knee");
		return PhantomSetup.defaults().withSide(side).baseline(seed);
	}

	/** The seed of the MOAKS knee's anatomy (its lesions' shapes and the Monte Carlo truth), whatever the pose's seed. */
	public static final long MOAKS_ANATOMY_SEED = 26;

	/**
	 * A knee with bone-marrow lesions in six MOAKS subregions ({@link AnatomyConfig#moaksLesions()}, one of them MOAKS
	 * grade 2) on the standard anatomy of the given side, in the baseline pose drawn from {@code seed}. The lesions'
	 * shapes come from the fixed {@link #MOAKS_ANATOMY_SEED}, so the truth in the knee frame ({@link MoaksTruth}) is the
	 * same for every {@code seed} and both sides; only the pose changes. Deterministic.
	 */
	public static KneeModel moaks(final Laterality side, final long seed) {
		if (side == Laterality.UNKNOWN)
			throw new IllegalArgumentException("a phantom knee is a left or a right knee");
		final AnatomyConfig anatomy = AnatomyConfig.defaults().withSide(side).withLesions(AnatomyConfig.moaksLesions());
		return new KneeModel(posed(anatomy, seed, false).withSeed(MOAKS_ANATOMY_SEED));
	}

	/**
	 * The anatomy with seed {@code seed} in a pose drawn from it: a rotation of 3–{@value #MAX_POSE_DEGREES}° about a
	 * random axis and a shift of up to {@value #MAX_POSE_SHIFT_MM} mm along each axis, so that no scan lines up with the
	 * image axes by accident. The baseline and the follow-up visit draw from two streams of the seed: the same knee lies
	 * differently in its two scans, as a re-positioned patient does.
	 */
	public static AnatomyConfig posed(final AnatomyConfig anatomy, final long seed, final boolean followUp) {
		final SplittableRandom base = new SplittableRandom(seed);
		final SplittableRandom r = followUp ? base.split() : base;
		final Vector3d axis = new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1));
		if (axis.length() < 1e-3)
			axis.set(0, 0, 1);
		final double angle = Math.toRadians(r.nextDouble(3, MAX_POSE_DEGREES));
		final Vector3d shift = new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)).mul(MAX_POSE_SHIFT_MM);
		final Matrix3d rotation = new Matrix3d().rotation(angle, axis.normalize());
		return anatomy.withSeed(seed).withPose(rotation, shift);
	}
}
