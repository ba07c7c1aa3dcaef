package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.real.FloatType;

class RasterizerTest {

	private static final int[] DIMS = { 64, 128, 128 };
	/** The OAI DESS voxel, on a grid turned obliquely in the patient. */
	private static final VoxelGeometry GEOMETRY = VoxelGeometry.of(new double[] { 0.7, 0.3646, 0.3646 }, new double[] { -20, -25, -22 },
			new Matrix3d().rotation(0.35, new Vector3d(1, 0.4, 0.2).normalize()));

	/** Partial volumes of a ball add up to 4/3·π·r³ within 0.1 % (6³ sub-samples per voxel on the surface). */
	@Test
	void ballVolumeIsExact() {
		final double r = 11.3;
		final double volume = sum(Rasterizer.fractions(Shapes.ball(1.5, -2.25, 3.1, r), DIMS, GEOMETRY, 6));
		final double truth = 4.0 / 3 * Math.PI * r * r * r;
		assertEquals(truth, volume, 1e-3 * truth);
	}

	/** An obliquely turned box: 8·hx·hy·hz within 0.1 %, and voxels deep inside or far outside are exactly 1 or 0. */
	@Test
	void rotatedBoxVolumeIsExact() {
		final Matrix3d rotation = new Matrix3d().rotation(0.9, new Vector3d(-0.3, 1, 0.5).normalize());
		final ImplicitShape box = Shapes.box(new Vector3d(0.4, 0.1, -0.7), 9, 6.5, 4, rotation);
		final Volume<FloatType> f = Rasterizer.fractions(box, DIMS, GEOMETRY, 6);
		final double truth = 8 * 9 * 6.5 * 4;
		assertEquals(truth, sum(f), 1e-3 * truth);
		final float[] data = Volumes.floatData(f);
		final Vector3d p = new Vector3d();
		for (int z = 0; z < DIMS[2]; z++)
			for (int y = 0; y < DIMS[1]; y++)
				for (int x = 0; x < DIMS[0]; x++) {
					GEOMETRY.indexToPatient(x, y, z, p);
					final double d = box.signedDistance(p.x, p.y, p.z);
					final float v = data[f.index(x, y, z)];
					if (d < -0.5)
						assertEquals(1f, v);
					else if (d > 0.5)
						assertEquals(0f, v);
					else
						assertTrue(v >= 0 && v <= 1);
				}
	}

	private static double sum(final Volume<FloatType> f) {
		double s = 0;
		for (final float v : Volumes.floatData(f))
			s += v;
		return s * f.geometry().voxelVolume();
	}
}
