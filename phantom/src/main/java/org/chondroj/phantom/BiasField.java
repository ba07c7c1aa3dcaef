package org.chondroj.phantom;

import java.util.SplittableRandom;

/**
 * A smooth multiplicative coil-sensitivity field: {@code 1 + amplitude · q(u)}, where u ∈ [−1, 1]³ is the patient
 * position normalised to a box (clamped outside it) and q a second-degree polynomial in u (3 linear, 3 square and 3
 * mixed terms) with random coefficients from the seed, scaled so that |q| ≤ 1: the field stays within
 * 1 ± amplitude everywhere. Defined in patient coordinates, so every series of a study sees the same field.
 * <p>
 * Immutable; evaluating costs about 20 floating-point operations, no allocation, and is bit-reproducible (no
 * transcendental functions).
 */
public final class BiasField {

	/** No bias: 1 everywhere. */
	public static final BiasField NONE = new BiasField(new double[3], new double[] { 1, 1, 1 }, new double[9], 0);

	private final double cx, cy, cz, ix, iy, iz;
	/** x, y, z, x², y², z², xy, yz, zx, already multiplied by amplitude / Σ|c|. */
	private final double[] c;
	private final double amplitude;

	private BiasField(final double[] centre, final double[] halfSize, final double[] coefficients, final double amplitude) {
		cx = centre[0];
		cy = centre[1];
		cz = centre[2];
		ix = 1 / halfSize[0];
		iy = 1 / halfSize[1];
		iz = 1 / halfSize[2];
		double sum = 0;
		for (final double v : coefficients)
			sum += Math.abs(v);
		c = new double[9];
		for (int i = 0; i < 9; i++)
			c[i] = sum > 0 ? coefficients[i] * amplitude / sum : 0;
		this.amplitude = amplitude;
	}

	/**
	 * A random field of the given amplitude (0 ≤ amplitude < 1) over the box {@code bounds} = {min x, min y, min z,
	 * max x, max y, max z} (LPS mm), its coefficients uniform in [−1, 1] from {@code seed}.
	 */
	public static BiasField random(final long seed, final double amplitude, final double[] bounds) {
		if (!(amplitude >= 0 && amplitude < 1))
			throw new IllegalArgumentException("bias amplitude must be in [0, 1), got " + amplitude);
		final double[] centre = new double[3], half = new double[3];
		for (int d = 0; d < 3; d++) {
			centre[d] = 0.5 * (bounds[d] + bounds[d + 3]);
			half[d] = Math.max(1e-6, 0.5 * (bounds[d + 3] - bounds[d]));
		}
		final SplittableRandom r = new SplittableRandom(seed ^ 0x5bd1e9955bd1e995L);
		final double[] coefficients = new double[9];
		for (int i = 0; i < 9; i++)
			coefficients[i] = 2 * r.nextDouble() - 1;
		return new BiasField(centre, half, coefficients, amplitude);
	}

	/** The amplitude: the field lies within 1 ± amplitude. */
	public double amplitude() {
		return amplitude;
	}

	/** The multiplicative field at the patient position (x, y, z), LPS mm. */
	public double at(final double x, final double y, final double z) {
		final double u = clamp((x - cx) * ix), v = clamp((y - cy) * iy), w = clamp((z - cz) * iz);
		return 1 + c[0] * u + c[1] * v + c[2] * w + c[3] * u * u + c[4] * v * v + c[5] * w * w + c[6] * u * v + c[7] * v * w + c[8] * w * u;
	}

	private static double clamp(final double u) {
		return u < -1 ? -1 : u > 1 ? 1 : u;
	}
}
