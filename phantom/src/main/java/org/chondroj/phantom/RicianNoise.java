package org.chondroj.phantom;

import java.util.SplittableRandom;

/**
 * Rician noise, the noise of magnitude MR images: the magnitude of {@code (s + n₁) + i·n₂} with n₁, n₂ independent
 * N(0, σ²). Normal deviates come from the Marsaglia polar method on a {@link SplittableRandom} with
 * {@link StrictMath#log}, so a given random stream gives bit-identical values on every JVM and platform.
 * <p>
 * Images are made reproducible independently of the number of threads by giving every slice its own stream,
 * {@link #stream(long, int, int)}, consumed in voxel order.
 */
public final class RicianNoise {

	private RicianNoise() {
	}

	/** The random stream of slice {@code slice} of series {@code series} for {@code seed}: a new generator. */
	public static SplittableRandom stream(final long seed, final int series, final int slice) {
		return new SplittableRandom(mix(seed + mix(0x9E3779B97F4A7C15L * (((long) series << 32) ^ (slice & 0xFFFFFFFFL)) + 1)));
	}

	/**
	 * One noisy magnitude: |(signal + σ·n₁) + i·σ·n₂|. Consumes at least two doubles of {@code random} (on average
	 * 2.55). No allocation.
	 */
	public static double magnitude(final double signal, final double sigma, final SplittableRandom random) {
		double u, v, s;
		do {
			u = 2 * random.nextDouble() - 1;
			v = 2 * random.nextDouble() - 1;
			s = u * u + v * v;
		} while (s >= 1 || s == 0);
		final double m = sigma * Math.sqrt(-2 * StrictMath.log(s) / s);
		final double re = signal + u * m, im = v * m;
		return Math.sqrt(re * re + im * im);
	}

	/**
	 * Mean of the Rician distribution: σ·√(π/2)·L½(−ν²/2σ²), with the Laguerre polynomial
	 * L½(x) = e^{x/2}·[(1 − x)·I₀(−x/2) − x·I₁(−x/2)]; for ν = 0 the Rayleigh mean σ·√(π/2). Accurate to about 1e-12
	 * relative (exponentially scaled Bessel functions from their power series for small arguments, asymptotic series
	 * above 30).
	 */
	public static double mean(final double signal, final double sigma) {
		if (sigma == 0)
			return Math.abs(signal);
		final double a = signal * signal / (4 * sigma * sigma); // = −x/2 with x = −ν²/2σ²
		// e^{x/2} I_n(−x/2) = e^{−a} I_n(a)
		final double laguerre = (1 + 2 * a) * scaledBessel(0, a) + 2 * a * scaledBessel(1, a);
		return sigma * Math.sqrt(Math.PI / 2) * laguerre;
	}

	/** Variance of the Rician distribution: 2σ² + ν² − mean². */
	public static double variance(final double signal, final double sigma) {
		final double m = mean(signal, sigma);
		return 2 * sigma * sigma + signal * signal - m * m;
	}

	/** e^{−a}·I_n(a), n = 0 or 1, a ≥ 0. */
	static double scaledBessel(final int n, final double a) {
		if (a < 30) {
			// power series: I_n(a) = Σ (a/2)^{2k+n} / (k! (k+n)!)
			final double q = a * a / 4;
			double term = n == 0 ? 1 : a / 2, sum = term;
			for (int k = 1; k < 500; k++) {
				term *= q / (k * (double) (k + n));
				sum += term;
				if (term < 1e-17 * sum)
					break;
			}
			return sum * Math.exp(-a);
		}
		// asymptotic: I_n(a) ≈ e^a / √(2πa) · Σ_k (−1)^k Π_{j=1..k}(4n² − (2j−1)²) / (k! (8a)^k)
		final double mu = 4.0 * n * n;
		double term = 1, sum = 1;
		for (int k = 1; k < 30; k++) {
			term *= -(mu - (2 * k - 1) * (2 * k - 1)) / (k * 8 * a);
			sum += term;
			if (Math.abs(term) < 1e-17)
				break;
		}
		return sum / Math.sqrt(2 * Math.PI * a);
	}

	/** The SplitMix64 finaliser (Steele, Lea, Flood 2014). */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
