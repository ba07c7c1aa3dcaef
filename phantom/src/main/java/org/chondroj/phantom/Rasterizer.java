package org.chondroj.phantom;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.joml.Matrix3d;
import org.joml.Vector3d;

import net.imglib2.type.numeric.real.FloatType;

/**
 * Partial-volume rasterisation of implicit shapes: the fraction of each voxel inside the shape, estimated by
 * supersampling. Voxels whose centre is farther from the surface than half the voxel diagonal are exactly 0 or 1
 * without sampling (the shape's distance is a 1-Lipschitz bound), so the cost is O(n + surface voxels · k³).
 */
public final class Rasterizer {

	private Rasterizer() {
	}

	/**
	 * Fraction (0..1) of every voxel of the grid inside {@code shape}, from k×k×k sub-samples per voxel at the centres
	 * of a regular sub-grid. A new float volume.
	 *
	 * @param samplesPerAxis k ≥ 1; the error of a fraction is at most of the order 1/k
	 */
	public static Volume<FloatType> fractions(final ImplicitShape shape, final int[] dims, final VoxelGeometry geometry,
			final int samplesPerAxis) {
		if (samplesPerAxis < 1)
			throw new IllegalArgumentException("need at least one sample per axis, got " + samplesPerAxis);
		final Volume<FloatType> out = Volumes.floats(dims, geometry);
		final float[] f = Volumes.floatData(out);
		final int k = samplesPerAxis;
		final double[] s = geometry.spacing();
		final double halfDiagonal = 0.5 * Math.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
		final Matrix3d linear = geometry.indexToPatientLinear();
		Parallel.forEach(dims[2], z -> {
			final Vector3d p = new Vector3d(), q = new Vector3d();
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					geometry.indexToPatient(x, y, z, p);
					final double d = shape.signedDistance(p.x, p.y, p.z);
					final int i = x + dims[0] * (y + dims[1] * z);
					if (d >= halfDiagonal) {
						f[i] = 0f;
						continue;
					}
					if (d <= -halfDiagonal) {
						f[i] = 1f;
						continue;
					}
					int inside = 0;
					for (int c = 0; c < k; c++)
						for (int b = 0; b < k; b++)
							for (int a = 0; a < k; a++) {
								// offset of the sub-sample from the voxel centre, in index units, mapped to mm
								linear.transform((a + 0.5) / k - 0.5, (b + 0.5) / k - 0.5, (c + 0.5) / k - 0.5, q);
								if (shape.signedDistance(p.x + q.x, p.y + q.y, p.z + q.z) < 0)
									inside++;
							}
					f[i] = inside / (float) (k * k * k);
				}
		});
		return out;
	}
}
