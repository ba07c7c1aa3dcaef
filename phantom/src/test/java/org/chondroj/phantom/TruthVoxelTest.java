package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.IntStream;

import org.chondroj.core.Laterality;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The truth against voxels: every plate of the default knee (right and left) rasterised on a 0.25 mm grid with
 * 4×4×4 sub-samples per voxel (fractions from {@link KneeModel#tissueAt}, the plate told apart by
 * {@link Plate#contains}), restricted to a box around the plate, sums to the quadrature VC within 0.5 % (found:
 * within 0.01 %). Voxels farther from every tissue boundary than half their diagonal
 * ({@link KneeModel#boundaryDistanceBound}) are one tissue; of those, the ones whose eight corners agree on the plate
 * count whole, the rest are sub-sampled; voxels farther from the plate's shell than half their diagonal
 * ({@link Plate#distanceBound}) hold none of it.
 */
@Tag("slow")
class TruthVoxelTest {

	private static final double H = 0.25;
	private static final int K = 4;
	/**
	 * The left knee is the right one mirrored bit for bit ({@link KneeModelTest}), so on the left one plate of each
	 * cartilage (and both femoral kinds) suffices to keep the suite fast.
	 */
	private static final java.util.Set<String> LEFT_PLATES = java.util.Set.of("LT", "cMF", "pLF", "P");

	@Test
	void voxelVolumesMatchTheTruth() {
		for (final Laterality side : new Laterality[] { Laterality.RIGHT, Laterality.LEFT }) {
			final KneeModel model = new KneeModel(AnatomyConfig.defaults().withSide(side));
			final PhantomTruth truth = PhantomTruth.of(model);
			for (final Map.Entry<String, Plate> e : model.plates().entrySet()) {
				if (side == Laterality.LEFT && !LEFT_PLATES.contains(e.getKey()))
					continue;
				final double voxels = rasterise(model, e.getKey(), e.getValue());
				final double vc = truth.plates().get(e.getKey()).vc();
				System.out.printf(java.util.Locale.ROOT, "%s %-4s VC %.2f mm³, voxels %.2f mm³ (%+.3f %%)%n", side, e.getKey(), vc, voxels,
						100 * (voxels - vc) / vc);
				assertEquals(vc, voxels, 0.005 * vc, side + " " + e.getKey());
			}
		}
	}

	private static Tissue tissueOf(final String plate) {
		return plate.equals("MT") || plate.equals("LT") ? Tissue.TIBIAL_CARTILAGE : plate.equals("P") ? Tissue.PATELLAR_CARTILAGE : Tissue.FEMORAL_CARTILAGE;
	}

	private static double rasterise(final KneeModel model, final String name, final Plate plate) {
		final Tissue tissue = tissueOf(name);
		// the box: the shell's corners at h = 0 and h = max thickness, in LPS, widened by 1 mm
		final double[] box = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		final double[] z = plate.zRange();
		for (int i = 0; i <= 50; i++) {
			final double zi = z[0] + (z[1] - z[0]) * i / 50;
			final double[] psi = plate.psiInterval(zi);
			if (psi == null)
				continue;
			for (int j = 0; j <= 50; j++)
				for (final double h : new double[] { 0, plate.maxThickness() }) {
					final double[] p = model.toPatient(plate.point(zi, psi[0] + (psi[1] - psi[0]) * j / 50, h));
					for (int a = 0; a < 3; a++) {
						box[a] = Math.min(box[a], p[a] - 1);
						box[a + 3] = Math.max(box[a + 3], p[a] + 1);
					}
				}
		}
		final int nx = (int) Math.ceil((box[3] - box[0]) / H), ny = (int) Math.ceil((box[4] - box[1]) / H), nz = (int) Math.ceil((box[5] - box[2]) / H);
		final double halfDiagonal = 0.5 * H * Math.sqrt(3);
		final double[] perSlice = new double[nx];
		IntStream.range(0, nx).parallel().forEach(ix -> {
			double sum = 0;
			for (int iy = 0; iy < ny; iy++)
				for (int iz = 0; iz < nz; iz++) {
					final double cx = box[0] + (ix + 0.5) * H, cy = box[1] + (iy + 0.5) * H, cz = box[2] + (iz + 0.5) * H;
					final double[] kc = model.toKnee(new double[] { cx, cy, cz });
					if (plate.distanceBound(kc[0], kc[1], kc[2]) > halfDiagonal)
						continue; // no cartilage of this plate within the voxel
					final boolean pure = model.boundaryDistanceBound(cx, cy, cz) > halfDiagonal;
					if (pure && model.tissueAt(cx, cy, cz) != tissue)
						continue;
					if (pure) {
						// one tissue throughout: the plate can change only across a plate's own cut (a plane); where the
						// eight corners agree the voxel is wholly in or out
						int corners = 0;
						for (int c = 0; c < 8; c++)
							if (inPlate(model, plate, cx + ((c & 1) - 0.5) * H, cy + (((c >> 1) & 1) - 0.5) * H, cz + (((c >> 2) & 1) - 0.5) * H))
								corners++;
						if (corners == 0)
							continue;
						if (corners == 8) {
							sum += 1;
							continue;
						}
					}
					int in = 0;
					for (int a = 0; a < K; a++)
						for (int b = 0; b < K; b++)
							for (int c = 0; c < K; c++) {
								final double x = cx + ((a + 0.5) / K - 0.5) * H, y = cy + ((b + 0.5) / K - 0.5) * H, zz = cz + ((c + 0.5) / K - 0.5) * H;
								if ((pure || model.tissueAt(x, y, zz) == tissue) && inPlate(model, plate, x, y, zz))
									in++;
							}
					sum += in / (double) (K * K * K);
				}
			perSlice[ix] = sum;
		});
		double total = 0;
		for (final double v : perSlice)
			total += v;
		return total * H * H * H;
	}

	private static boolean inPlate(final KneeModel model, final Plate plate, final double x, final double y, final double z) {
		final double[] k = model.toKnee(new double[] { x, y, z });
		return plate.contains(k[0], k[1], k[2]);
	}
}
