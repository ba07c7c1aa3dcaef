package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.TestVolumes;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** Rasterisation, label map and synthesis on the default (OAI DESS) grid, against the analytic {@link SphereKnee}. */
class PhantomImagesTest {

	/** Moved 0.3 mm along x so that no sphere centre sits on a voxel centre or face. */
	static final SphereKnee KNEE = new SphereKnee(Laterality.RIGHT, 0.3);
	static final ImagingConfig CONFIG = ImagingConfig.defaults();
	static TissueFractions fractions;

	@BeforeAll
	static void rasterize() {
		final long t0 = System.nanoTime();
		fractions = PhantomImages.rasterize(KNEE, CONFIG.dessSize(), PhantomImages.sagittalGrid(KNEE.bounds(), CONFIG.dessSize(), CONFIG.dessSpacing()),
				CONFIG.supersampling());
		System.out.printf(java.util.Locale.ROOT, "rasterised the sphere knee on 384×384×160 in %.2f s, %d mixed voxels%n",
				(System.nanoTime() - t0) * 1e-9, fractions.mixedCount());
	}

	@Test
	void gridIsSagittalAndCentred() {
		final VoxelGeometry g = fractions.geometry();
		assertArrayEquals(new double[] { 0.3646, 0.3646, 0.7 }, g.spacing(), 0);
		final Vector3d c = g.indexToPatient(383 / 2.0, 383 / 2.0, 159 / 2.0, new Vector3d());
		assertEquals(0.3, c.x, 1e-9);
		assertEquals(0, c.y, 1e-9);
		assertEquals(0, c.z, 1e-9);
		assertTrue(g.direction().equals(new Matrix3d(0, 1, 0, 0, 0, -1, -1, 0, 0), 0));
		assertEquals(1, g.direction().determinant(), 1e-12);
	}

	/** Analytic membership, restated from the ball and cylinder formulas, in OAI-AKOA labels. */
	static int analyticLabel(final double x0, final double y, final double z) {
		final double x = x0 - 0.3;
		if (SphereKnee.dist(SphereKnee.LESION, x, y, z) < SphereKnee.LESION_R)
			return 8;
		final double f = SphereKnee.dist(SphereKnee.FEMUR, x, y, z), t = SphereKnee.dist(SphereKnee.TIBIA, x, y, z);
		if (f < SphereKnee.CARTILAGE_R)
			return f < SphereKnee.CORTEX_R ? 1 : 2;
		if (t < SphereKnee.CARTILAGE_R)
			return t < SphereKnee.CORTEX_R ? 3 : 4;
		return 0;
	}

	/** Every voxel of the label map holds the analytic label at its centre (exactly, all 23.6 million voxels). */
	@Test
	void labelsAreBallMembershipAtVoxelCentres() {
		final Volume<UnsignedByteType> labels = PhantomImages.labels(fractions);
		final byte[] l = Volumes.byteData(labels);
		final Vector3d p = new Vector3d();
		final int[] d = labels.dimensions();
		final long[] counts = new long[10];
		for (int z = 0; z < d[2]; z++)
			for (int y = 0; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++) {
					labels.geometry().indexToPatient(x, y, z, p);
					final int i = labels.index(x, y, z);
					assertEquals(analyticLabel(p.x, p.y, p.z), l[i], "voxel " + x + "," + y + "," + z);
					counts[l[i]]++;
				}
		assertTrue(counts[1] > 0 && counts[2] > 0 && counts[3] > 0 && counts[4] > 0 && counts[8] > 0);
	}

	/** Σ fraction × voxel volume of each cartilage shell equals 4/3·π·(22.5³ − 20³) within 0.5 %; the lesion ball's within 0.5 %. */
	@Test
	void partialVolumesAddUpToTheShellVolumes() {
		final double shell = SphereKnee.cartilageVolume();
		final double femoral = fractions.volume(Tissue.FEMORAL_CARTILAGE), tibial = fractions.volume(Tissue.TIBIAL_CARTILAGE);
		System.out.printf(java.util.Locale.ROOT, "cartilage shells: true %.2f mm³, femoral %.2f (%+.3f %%), tibial %.2f (%+.3f %%)%n", shell,
				femoral, 100 * (femoral / shell - 1), tibial, 100 * (tibial / shell - 1));
		assertEquals(shell, femoral, 0.005 * shell);
		assertEquals(shell, tibial, 0.005 * shell);
		final double lesion = 4.0 / 3 * Math.PI * Math.pow(SphereKnee.LESION_R, 3);
		assertEquals(lesion, fractions.volume(Tissue.TIBIAL_LESION), 0.005 * lesion);
		// fractions of every voxel add up to 1
		final SplittableRandom r = new SplittableRandom(5);
		for (int n = 0; n < 2000; n++) {
			final int i = fractions.mixedVoxel[r.nextInt(fractions.mixedCount())];
			double sum = 0;
			for (final Tissue t : Tissue.values())
				sum += fractions.fraction(i, t);
			assertEquals(1, sum, 1e-6);
		}
	}

	/**
	 * The hierarchical sampling counts exactly what sampling all 4 × 4 × 4 sub-grid points counts, in 3000 random
	 * voxels near boundaries and 1000 anywhere.
	 */
	@Test
	void fractionsEqualBruteForceSupersampling() {
		final SplittableRandom r = new SplittableRandom(9);
		final VoxelGeometry g = fractions.geometry();
		final Vector3d p = new Vector3d();
		final int[] d = fractions.dimensions();
		final int k = CONFIG.supersampling();
		for (int n = 0; n < 4000; n++) {
			final int i = n < 3000 ? fractions.mixedVoxel[r.nextInt(fractions.mixedCount())] : r.nextInt(fractions.size());
			final int x = i % d[0], y = (i / d[0]) % d[1], z = i / (d[0] * d[1]);
			final int[] counts = new int[Tissue.values().length];
			for (int c = 0; c < k; c++)
				for (int b = 0; b < k; b++)
					for (int a = 0; a < k; a++) {
						g.indexToPatient(x + (a + 0.5) / k - 0.5, y + (b + 0.5) / k - 0.5, z + (c + 0.5) / k - 0.5, p);
						counts[KNEE.tissueAt(p.x, p.y, p.z).ordinal()]++;
					}
			g.indexToPatient(x, y, z, p);
			assertEquals(KNEE.tissueAt(p.x, p.y, p.z), fractions.centreTissue(i));
			for (final Tissue t : Tissue.values())
				assertEquals(counts[t.ordinal()] / (double) (k * k * k), fractions.fraction(i, t), 1e-7, t + " in voxel " + x + "," + y + "," + z);
		}
	}

	/** Without bias and noise, pure voxels hold round(brightest × relative intensity), mixed ones the weighted mean (to ±0.5). */
	@Test
	void noiseFreeImagesHoldTheTissueIntensities() {
		final Volume<UnsignedShortType> dess = PhantomImages.synthesize(fractions, Contrast.DESS, 2500, Double.POSITIVE_INFINITY, BiasField.NONE, 1, 1);
		final short[] v = Volumes.shortData(dess);
		final double[] intensity = Contrast.DESS.intensities(2500);
		int m = 0;
		for (int i = 0; i < v.length; i++) {
			if (m < fractions.mixedCount() && fractions.mixedVoxel[m] == i) {
				double expected = 0;
				for (final Tissue t : Tissue.values())
					expected += fractions.fraction(i, t) * intensity[t.ordinal()];
				assertEquals(expected, v[i] & 0xFFFF, 0.5 + 1e-6);
				m++;
			} else
				assertEquals(Math.round(intensity[fractions.centre[i]]), v[i] & 0xFFFF);
		}
	}

	/**
	 * With noise (SNR 25 on cartilage: σ = 0.72 · 2500 / 25 = 72): in the air (pure voxels, signal 0) the magnitudes
	 * are Rayleigh, and σ estimated as √(mean(m²)/2) matches 72 within 5 %, the mean matches σ·√(π/2) within 2 %.
	 */
	@Test
	void noiseInTheAirIsRayleighOfTheConfiguredSigma() {
		final BiasField bias = BiasField.random(4, 0.2, KNEE.bounds());
		final Volume<UnsignedShortType> dess = PhantomImages.synthesize(fractions, Contrast.DESS, 2500, 25, bias, 4, 1);
		final short[] v = Volumes.shortData(dess);
		double sum = 0, sum2 = 0;
		long n = 0;
		int m = 0;
		for (int i = 0; i < v.length; i++) {
			if (m < fractions.mixedCount() && fractions.mixedVoxel[m] == i) {
				m++;
				continue;
			}
			if (fractions.centre[i] != Tissue.AIR.ordinal())
				continue;
			final double x = v[i] & 0xFFFF;
			sum += x;
			sum2 += x * x;
			n++;
		}
		final double sigma = 0.72 * 2500 / 25;
		assertTrue(n > 1_000_000, "air voxels: " + n);
		assertEquals(sigma, Math.sqrt(sum2 / n / 2), 0.05 * sigma);
		assertEquals(RicianNoise.mean(0, sigma), sum / n, 0.02 * RicianNoise.mean(0, sigma));
	}

	/** Images do not depend on the number of threads. */
	@Test
	@Tag("slow")
	void synthesisIsTheSameOnOneThread() throws Exception {
		final BiasField bias = BiasField.random(8, 0.2, KNEE.bounds());
		final short[] parallel = Volumes.shortData(PhantomImages.synthesize(fractions, Contrast.IW_FS, 2500, 20, bias, 8, 2));
		final short[] single = TestVolumes.singleThreaded(() -> Volumes.shortData(PhantomImages.synthesize(fractions, Contrast.IW_FS, 2500, 20, bias, 8, 2)));
		assertArrayEquals(parallel, single);
	}
}
