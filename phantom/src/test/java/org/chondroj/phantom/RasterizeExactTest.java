package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.chondroj.core.Laterality;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link PhantomImages#rasterize} of the standard knee (both sides) against brute force: every voxel of a coarse grid
 * over the whole knee supersampled at every sub-grid point with {@link KneeModel#tissueAt}, no bound, no skipping. The
 * centre tissue and every tissue's fraction must be exactly equal; a voxel is mixed exactly when its points are not
 * all the centre's tissue. Grids: 1.5 mm isotropic (4 × 4 × 4 points per voxel) and 1.5 × 1.5 × 9 mm (thick slices,
 * 4 × 4 × 8 points), both shifted off the default grid's centre by a fraction of a voxel.
 */
class RasterizeExactTest {

	@Test
	@Tag("slow")
	void isotropicGridEqualsBruteForce() {
		for (final Laterality side : new Laterality[] { Laterality.RIGHT, Laterality.LEFT })
			check(PhantomKnees.standard(side, 1), new double[] { 1.5, 1.5, 1.5 });
	}

	/**
	 * The path for any {@link KneeAnatomy} (skipping by {@link KneeAnatomy#boundaryDistanceBound}), given the standard
	 * knee behind a plain {@link KneeAnatomy}, gives the same fractions as the {@link KneeModel.Neighbourhood} path.
	 */
	@Test
	void boundPathEqualsNeighbourhoodPath() {
		final KneeModel knee = PhantomKnees.standard(Laterality.RIGHT, 1);
		final KneeAnatomy plain = new KneeAnatomy() {
			@Override
			public Tissue tissueAt(final double x, final double y, final double z) {
				return knee.tissueAt(x, y, z);
			}

			@Override
			public double boundaryDistanceBound(final double x, final double y, final double z) {
				return knee.boundaryDistanceBound(x, y, z);
			}

			@Override
			public Laterality side() {
				return knee.side();
			}

			@Override
			public double[] bounds() {
				return knee.bounds();
			}
		};
		final double[] spacing = { 1.5, 1.5, 1.5 };
		final int[] dims = dims(knee.bounds(), spacing);
		final VoxelGeometry g = PhantomImages.sagittalGrid(shifted(knee.bounds(), spacing), dims, spacing);
		final TissueFractions a = PhantomImages.rasterize(knee, dims, g, 4), b = PhantomImages.rasterize(plain, dims, g, 4);
		assertArrayEquals(a.centre, b.centre);
		assertArrayEquals(a.mixedVoxel, b.mixedVoxel);
		assertArrayEquals(a.mixedStart, b.mixedStart);
		assertArrayEquals(a.entryTissue, b.entryTissue);
		assertArrayEquals(a.entryFraction, b.entryFraction);
	}

	/** Voxels per axis of a sagittal grid (axes +y, −z, −x) covering the box with a voxel to spare. */
	private static int[] dims(final double[] b, final double[] spacing) {
		return new int[] { (int) Math.ceil((b[4] - b[1]) / spacing[0]) + 1, (int) Math.ceil((b[5] - b[2]) / spacing[1]) + 1,
				(int) Math.ceil((b[3] - b[0]) / spacing[2]) + 1 };
	}

	/** The box moved by fractions of a voxel, so that the grid is not centred on the knee's box. */
	private static double[] shifted(final double[] b, final double[] spacing) {
		return new double[] { b[0] + 0.37 * spacing[2], b[1] + 0.21 * spacing[0], b[2] - 0.13 * spacing[1], b[3] + 0.37 * spacing[2],
				b[4] + 0.21 * spacing[0], b[5] - 0.13 * spacing[1] };
	}

	/** The follow-up knee: its regional thinning (a dip in the thickness) must not fool the bounds. */
	@Test
	@Tag("slow")
	void followUpKneeEqualsBruteForce() {
		check(PhantomSetup.defaults().withChange(new FollowUpChange(java.util.Map.of(), java.util.List.of(new AnatomyConfig.Thinning("MF", 0.5, 0.83,
				1.0, 0.35), new AnatomyConfig.Thinning("MT", 0.5, 0.5, 1.0, 0.2)), java.util.List.of(), java.util.Map.of(), java.util.List.of())).followUp(1),
				new double[] { 1.5, 1.5, 1.5 });
	}

	@Test
	@Tag("slow")
	void thickSliceGridEqualsBruteForce() {
		check(PhantomKnees.standard(Laterality.RIGHT, 1), new double[] { 1.5, 1.5, 9 });
	}

	private static void check(final KneeModel knee, final double[] spacing) {
		final double[] b = knee.bounds();
		final int[] dims = dims(b, spacing);
		final VoxelGeometry g = PhantomImages.sagittalGrid(shifted(b, spacing), dims, spacing);
		final int k = 4;
		final TissueFractions fractions = PhantomImages.rasterize(knee, dims, g, k);
		// the rasterizer's sub-grid: n_d = k·max(1, round(s_d / (4·s_min)))
		final double sMin = Math.min(spacing[0], Math.min(spacing[1], spacing[2]));
		final int[] n = new int[3];
		for (int d = 0; d < 3; d++)
			n[d] = k * (int) Math.max(1, Math.round(spacing[d] / (4 * sMin)));
		final int total = n[0] * n[1] * n[2];
		final Matrix3d linear = g.indexToPatientLinear();
		final Tissue[] tissues = Tissue.values();
		final AtomicLong mixed = new AtomicLong();
		IntStream.range(0, dims[2]).parallel().forEach(z -> {
			final Vector3d p = new Vector3d(), q = new Vector3d();
			final int[] counts = new int[tissues.length];
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					g.indexToPatient(x, y, z, p);
					java.util.Arrays.fill(counts, 0);
					// the same sample positions, computed the same way, as the rasterizer's
					for (int c = 0; c < n[2]; c++)
						for (int bb = 0; bb < n[1]; bb++)
							for (int a = 0; a < n[0]; a++) {
								linear.transform((a + 0.5) / n[0] - 0.5, (bb + 0.5) / n[1] - 0.5, (c + 0.5) / n[2] - 0.5, q);
								counts[knee.tissueAt(p.x + q.x, p.y + q.y, p.z + q.z).ordinal()]++;
							}
					final int i = fractions.index(x, y, z);
					final Tissue centre = knee.tissueAt(p.x, p.y, p.z);
					assertEquals(centre, fractions.centreTissue(i), "centre of voxel " + x + "," + y + "," + z);
					final boolean isMixed = counts[centre.ordinal()] != total;
					assertEquals(isMixed, fractions.isMixed(i), "voxel " + x + "," + y + "," + z);
					if (isMixed)
						mixed.incrementAndGet();
					for (final Tissue t : tissues)
						assertEquals(counts[t.ordinal()] / (float) total, (float) fractions.fraction(i, t), 0f, t + " in voxel " + x + "," + y + "," + z);
				}
		});
		System.out.printf(java.util.Locale.ROOT, "%s knee, %s mm grid %s: %d mixed voxels, all equal to brute force%n", knee.side(),
				java.util.Arrays.toString(spacing), java.util.Arrays.toString(dims), mixed.get());
		assertEquals(mixed.get(), fractions.mixedCount());
		assertTrue(mixed.get() > 10_000);
	}
}
