package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link RicianNoise} and {@link BiasField} on their own. */
class PhantomImagesNoiseTest {

	/**
	 * A uniform region of 10⁶ voxels: at SNR 20 the standard deviation of the magnitudes matches σ within 5 % (and the
	 * exact Rician standard deviation within 1 %); at SNR 1, 3 and 0 the mean matches the Rician mean within 0.5 %.
	 */
	@Test
	void measuredSigmaAndMeanMatchTheRicianDistribution() {
		final double sigma = 50;
		for (final double snr : new double[] { 20, 3, 1, 0 }) {
			final double signal = snr * sigma;
			final SplittableRandom r = RicianNoise.stream(11, 1, (int) snr);
			double sum = 0, sum2 = 0;
			final int n = 1_000_000;
			for (int i = 0; i < n; i++) {
				final double m = RicianNoise.magnitude(signal, sigma, r);
				sum += m;
				sum2 += m * m;
			}
			final double mean = sum / n, sd = Math.sqrt(sum2 / n - mean * mean);
			assertEquals(RicianNoise.mean(signal, sigma), mean, 0.005 * RicianNoise.mean(signal, sigma), "mean at SNR " + snr);
			assertEquals(Math.sqrt(RicianNoise.variance(signal, sigma)), sd, 0.01 * Math.sqrt(RicianNoise.variance(signal, sigma)), "sd at SNR " + snr);
			if (snr == 20)
				assertEquals(sigma, sd, 0.05 * sigma);
		}
	}

	/**
	 * The Rician mean: Rayleigh σ√(π/2) at 0, → √(ν² + σ²) for large ν; the scaled Bessel functions on both sides of the
	 * switch from power series to asymptotic series (a = 30) match SciPy's {@code i0e}, {@code i1e} to 1e-13.
	 */
	@Test
	void ricianMeanLimits() {
		assertEquals(Math.sqrt(Math.PI / 2), RicianNoise.mean(0, 1), 1e-14);
		assertEquals(Math.sqrt(1e4 + 1), RicianNoise.mean(100, 1), 1e-4);
		final double[][] scipy = { { 0.25, 0.7910171621397195, 0.0981126286973682 }, { 5, 0.18354081260932834, 0.16397226694454234 },
				{ 29.99, 0.07315824574297991, 0.07192800939108444 }, { 30, 0.0731459464822373, 0.07191633059864755 },
				{ 200, 0.028227159949111912, 0.028156503394832916 } };
		for (final double[] r : scipy) {
			assertEquals(r[1], RicianNoise.scaledBessel(0, r[0]), 1e-13, "i0e(" + r[0] + ")");
			assertEquals(r[2], RicianNoise.scaledBessel(1, r[0]), 1e-13, "i1e(" + r[0] + ")");
		}
	}

	@Test
	void streamsDifferBySliceSeriesAndSeed() {
		final double a = RicianNoise.stream(1, 1, 0).nextDouble();
		assertNotEquals(a, RicianNoise.stream(1, 1, 1).nextDouble());
		assertNotEquals(a, RicianNoise.stream(1, 2, 0).nextDouble());
		assertNotEquals(a, RicianNoise.stream(2, 1, 0).nextDouble());
		assertEquals(a, RicianNoise.stream(1, 1, 0).nextDouble());
	}

	/** The bias field stays within 1 ± amplitude, varies by a good part of it, and is smooth (Lipschitz). */
	@Test
	void biasFieldIsBoundedAndSmooth() {
		final double[] bounds = { -50, -50, -65, 50, 50, 65 };
		final BiasField b = BiasField.random(3, 0.2, bounds);
		double min = 2, max = 0;
		final SplittableRandom r = new SplittableRandom(1);
		for (int i = 0; i < 100000; i++) {
			final double x = r.nextDouble(-70, 70), y = r.nextDouble(-70, 70), z = r.nextDouble(-80, 80);
			final double v = b.at(x, y, z);
			min = Math.min(min, v);
			max = Math.max(max, v);
			assertEquals(v, b.at(x + 0.1, y, z), 0.2 * 0.1 * 4 / 50, "smooth");
		}
		assertTrue(min >= 0.8 - 1e-12 && max <= 1.2 + 1e-12, min + " " + max);
		assertTrue(max - min > 0.1, "varies: " + min + "…" + max);
		assertEquals(1, BiasField.NONE.at(3, 4, 5));
	}
}
