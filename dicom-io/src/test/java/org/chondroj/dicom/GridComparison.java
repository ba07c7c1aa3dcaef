package org.chondroj.dicom;

import java.util.Locale;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Vector3d;

/**
 * Compares two volumes through patient coordinates, whatever order or axis flips each uses: every voxel centre of
 * {@code ours} is mapped to the other volume's continuous index, which must be (to the tolerance) an integer voxel
 * inside it, and the two values there are compared. A test helper: 3 matrix products per voxel.
 */
final class GridComparison {

	/**
	 * @param maxPositionMm largest distance between one of our voxel centres and the reference voxel centre it maps to
	 * @param outside our voxels that map outside the reference grid
	 * @param mismatches voxels whose values differ by more than the relative tolerance given to {@link #compare}
	 * @param maxAbsDifference largest |ours − reference|
	 * @param maxRelDifference largest |ours − reference| / max(|reference|, 1)
	 */
	record Result(double maxPositionMm, long outside, long mismatches, double maxAbsDifference, double maxRelDifference) {
		@Override
		public String toString() {
			return String.format(Locale.ROOT, "max position difference %.3g mm, %d voxels outside, %d value mismatches, max |diff| %.3g, max rel diff %.3g",
					maxPositionMm, outside, mismatches, maxAbsDifference, maxRelDifference);
		}
	}

	private GridComparison() {
	}

	static Result compare(final Volume<?> ours, final Volume<?> reference, final double relTolerance) {
		final VoxelGeometry a = ours.geometry(), b = reference.geometry();
		final float[] va = Volumes.floatValues(ours), vb = Volumes.floatValues(reference);
		final int[] da = ours.dimensions(), db = reference.dimensions();
		final Vector3d p = new Vector3d(), q = new Vector3d(), r = new Vector3d();
		double maxPos = 0, maxAbs = 0, maxRel = 0;
		long outside = 0, mismatches = 0;
		for (int k = 0; k < da[2]; k++)
			for (int j = 0; j < da[1]; j++)
				for (int i = 0; i < da[0]; i++) {
					a.indexToPatient(i, j, k, p);
					b.patientToIndex(p.x, p.y, p.z, q);
					final int bi = (int) Math.round(q.x), bj = (int) Math.round(q.y), bk = (int) Math.round(q.z);
					b.indexToPatient(bi, bj, bk, r);
					maxPos = Math.max(maxPos, r.distance(p));
					if (bi < 0 || bj < 0 || bk < 0 || bi >= db[0] || bj >= db[1] || bk >= db[2]) {
						outside++;
						continue;
					}
					final double x = va[ours.index(i, j, k)], y = vb[reference.index(bi, bj, bk)];
					final double diff = Math.abs(x - y), rel = diff / Math.max(Math.abs(y), 1);
					maxAbs = Math.max(maxAbs, diff);
					maxRel = Math.max(maxRel, rel);
					if (rel > relTolerance)
						mismatches++;
				}
		return new Result(maxPos, outside, mismatches, maxAbs, maxRel);
	}
}
