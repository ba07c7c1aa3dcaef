package org.chondroj.core.algorithm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.real.FloatType;

class FiltersTest {

	private static Volume<FloatType> random(final long seed, final int[] dims, final VoxelGeometry g) {
		final Volume<FloatType> v = Volumes.floats(dims, g);
		final SplittableRandom random = new SplittableRandom(seed);
		final float[] f = Volumes.floatData(v);
		for (int i = 0; i < f.length; i++)
			f[i] = (float) random.nextDouble(-50, 150);
		return v;
	}

	/**
	 * (a) Against {@code scipy.ndimage.gaussian_filter(a, sigma=σ/spacing, mode='reflect', truncate=4.0)} in float64,
	 * on random data with anisotropic spacing (z has fewer voxels than the kernel radius, exercising the repeated
	 * reflection): max |difference| &lt; 1e-4 × data range.
	 */
	@Test
	void matchesScipy(@TempDir final Path dir) throws IOException {
		ExternalTools.requirePython("numpy", "scipy");
		final int[] dims = { 37, 29, 6 };
		final double[] spacing = { 0.36, 0.5, 0.7 };
		final Volume<FloatType> in = random(5, dims, VoxelGeometry.axisAligned(spacing));
		final double[][] sigmas = { { 0.8, 1.1, 2.6 }, { 1.2 }, { 0.0, 0.9, 0.05 } };
		final Path input = dir.resolve("in.raw");
		write(Volumes.floatData(in), input);
		for (final double[] sigma : sigmas) {
			final Volume<FloatType> out = Filters.gaussian(in, sigma);
			final double[] s = sigma.length == 1 ? new double[] { sigma[0], sigma[0], sigma[0] } : sigma;
			final Path output = dir.resolve("out.raw");
			ExternalTools.pythonCode(String.join("\n", "import sys, numpy as np", "from scipy import ndimage",
					"nx, ny, nz = (int(v) for v in sys.argv[3:6])",
					"sx, sy, sz, ex, ey, ez = (float(v) for v in sys.argv[6:12])",
					"a = np.fromfile(sys.argv[1], dtype='<f4').reshape(nz, ny, nx).astype(np.float64)",
					"b = ndimage.gaussian_filter(a, sigma=(sz / ez, sy / ey, sx / ex), mode='reflect', truncate=4.0)",
					"b.astype('<f8').tofile(sys.argv[2])"), input.toString(), output.toString(), "" + dims[0], "" + dims[1], "" + dims[2],
					"" + s[0], "" + s[1], "" + s[2], "" + spacing[0], "" + spacing[1], "" + spacing[2]);
			final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
			final float[] mine = Volumes.floatData(out);
			double worst = 0;
			for (int i = 0; i < mine.length; i++)
				worst = Math.max(worst, Math.abs(mine[i] - b.getDouble()));
			System.out.printf("gaussian vs scipy, sigma %s mm: max |difference| %.2e (data range 200)%n", java.util.Arrays.toString(sigma), worst);
			assertTrue(worst < 1e-4 * 200, "max difference " + worst + " for sigma " + java.util.Arrays.toString(sigma));
		}
	}

	private static void write(final float[] data, final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : data)
			b.putFloat(v);
		Files.write(file, b.array());
	}

	/** erf by its everywhere-positive series erf(x) = 2x/√π e^{−x²} Σ (2x²)ⁿ / (1·3·…·(2n+1)), accurate to ~1e-15 for |x| ≤ 6. */
	static double erf(final double x) {
		if (Math.abs(x) > 6)
			return Math.signum(x);
		double term = 1, sum = 1;
		for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
			term *= 2 * x * x / (2 * n + 1);
			sum += term;
		}
		return 2 * x / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
	}

	@Test
	void erfMatchesTabulatedValues() {
		assertEquals(0.8427007929497149, erf(1), 1e-14); // Abramowitz & Stegun 7.1
		assertEquals(0.9953222650189527, erf(2), 1e-14);
		assertEquals(-0.5204998778130465, erf(-0.5), 1e-14);
	}

	/**
	 * (b) A step edge along x (0 below voxel 100, 1 from it), σ = 2 mm, spacing 0.36 mm: the output equals the blurred
	 * step ½(1 + erf(d/(σ√2))), d = distance to the edge at x = 99.5 voxels, within 1e-3, away from the borders.
	 * Two known departures stay below that: the truncation at 4σ (6e-5) and, because both the step and the kernel are
	 * sampled, the midpoint-rule term of the half-line sum, about g'/24 ≈ 0.0101/σ_vox² (3.3e-4 at σ_vox = 5.6; it
	 * reaches 1.3e-3 at σ = 1 mm, σ_vox = 2.8, which is why σ = 2 mm is used).
	 */
	@Test
	void blurredStepIsAnErf() {
		final int nx = 200;
		final double sx = 0.36, sigma = 2.0;
		final Volume<FloatType> step = Volumes.floats(new int[] { nx, 3, 4 }, VoxelGeometry.axisAligned(sx, 0.5, 0.7));
		final float[] f = Volumes.floatData(step);
		for (int i = 0; i < f.length; i++)
			f[i] = i % nx >= 100 ? 1 : 0;
		final float[] out = Volumes.floatData(Filters.gaussian(step, sigma));
		for (int i = 0; i < out.length; i++) {
			final int x = i % nx;
			if (x < 40 || x >= nx - 40)
				continue;
			final double d = (x - 99.5) * sx;
			assertEquals(0.5 * (1 + erf(d / (sigma * Math.sqrt(2)))), out[i], 1e-3, "x = " + x);
		}
	}

	/** (c) A constant volume stays constant (1e-6 relative), borders included, and the input is not modified. */
	@Test
	void constantStaysConstant() {
		final Volume<FloatType> c = Volumes.floats(new int[] { 20, 17, 9 }, VoxelGeometry.axisAligned(0.36, 0.36, 0.7));
		java.util.Arrays.fill(Volumes.floatData(c), 42.5f);
		final Volume<FloatType> out = Filters.gaussian(c, 1.5, 0.8, 3.0);
		for (final float v : Volumes.floatData(out))
			assertEquals(42.5, v, 42.5e-6);
		for (final float v : Volumes.floatData(c))
			assertEquals(42.5f, v);
		assertEquals(c.geometry(), out.geometry());
	}

	/** (d) Smoothing a blob far from the borders (more than the kernel radius) keeps its sum, 1e-5 relative. */
	@Test
	void sumIsPreservedInTheInterior() {
		final int[] dims = { 60, 50, 30 };
		final Volume<FloatType> v = Volumes.floats(dims, VoxelGeometry.axisAligned(0.36, 0.5, 0.7));
		final SplittableRandom random = new SplittableRandom(2);
		final float[] f = Volumes.floatData(v);
		double sum = 0;
		for (int z = 12; z < 18; z++)
			for (int y = 20; y < 30; y++)
				for (int x = 25; x < 35; x++) {
					f[v.index(x, y, z)] = (float) random.nextDouble(1, 10);
					sum += f[v.index(x, y, z)];
				}
		double smoothed = 0;
		for (final float x : Volumes.floatData(Filters.gaussian(v, 1.0, 1.0, 1.5)))
			smoothed += x;
		assertEquals(sum, smoothed, 1e-5 * sum);
	}

	/** (e) Sigma 0 along x: output slice x depends only on input slice x (bit-exact), and sigma 0 everywhere is an exact copy. */
	@Test
	void zeroSigmaLeavesAnAxisAlone() {
		final int[] dims = { 12, 15, 10 };
		final Volume<FloatType> a = random(3, dims, VoxelGeometry.axisAligned(0.36, 0.36, 0.7));
		final Volume<FloatType> b = Volumes.copy(a);
		final float[] fb = Volumes.floatData(b);
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				fb[b.index(5, y, z)] += 100;
		final float[] oa = Volumes.floatData(Filters.gaussian(a, 0, 1.0, 1.4)), ob = Volumes.floatData(Filters.gaussian(b, 0, 1.0, 1.4));
		int changed = 0;
		for (int i = 0; i < oa.length; i++)
			if (i % dims[0] != 5)
				assertEquals(oa[i], ob[i], "voxel " + i);
			else if (oa[i] != ob[i])
				changed++;
		assertTrue(changed > 0);
		final Volume<FloatType> copy = Filters.gaussian(a, 0);
		assertNotSame(Volumes.floatData(a), Volumes.floatData(copy));
		assertArrayEquals(Volumes.floatData(a), Volumes.floatData(copy));
	}

	@Test
	void kernelAndReflectionFollowScipy() {
		final double[] k = Filters.gaussianKernel(1.0);
		assertEquals(9, k.length); // r = (int)(4·1 + 0.5) = 4
		assertEquals(Filters.gaussianKernel(0.1).length, 1); // r = (int)(0.9) = 0
		double s = 0;
		for (final double w : k)
			s += w;
		assertEquals(1, s, 1e-15);
		// d c b a | a b c d | d c b a
		final int[] expected = { 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2 };
		for (int i = -6; i <= 10; i++)
			assertEquals(expected[i + 6], Filters.reflect(i, 4), "i = " + i);
		assertEquals(0, Filters.reflect(-7, 1));
		assertThrows(IllegalArgumentException.class, () -> Filters.gaussian(Volumes.floats(new int[] { 2, 2, 2 }, VoxelGeometry.axisAligned(1, 1, 1)), 1, 2));
	}
}
