package org.chondroj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.joml.Matrix3d;
import org.joml.Matrix4d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;

class VoxelGeometryTest {

	/** origin + D·diag(spacing)·(i,j,k), worked by hand: a 90° turn about z, spacing 2/3/4 mm. */
	@Test
	void indexToPatientByHand() {
		final Matrix3d d = new Matrix3d(0, 1, 0, /* column 0 */ -1, 0, 0, /* column 1 */ 0, 0, 1);
		final VoxelGeometry g = VoxelGeometry.of(new double[] { 2, 3, 4 }, new double[] { 10, 20, 30 }, d);
		final Vector3d p = g.indexToPatient(1, 1, 1, new Vector3d());
		assertEquals(7, p.x, 1e-12);
		assertEquals(22, p.y, 1e-12);
		assertEquals(34, p.z, 1e-12);
		final Vector3d i = g.patientToIndex(7, 22, 34, new Vector3d());
		assertEquals(1, i.x, 1e-12);
		assertEquals(1, i.y, 1e-12);
		assertEquals(1, i.z, 1e-12);
		assertEquals(24, g.voxelVolume(), 1e-12);
	}

	/** The two directions of the mapping invert each other, for oblique rotations, reflections and anisotropic voxels. */
	@Test
	void roundTripOnObliqueGeometries() {
		final SplittableRandom r = new SplittableRandom(42);
		for (int t = 0; t < 200; t++) {
			final Matrix3d d = new Matrix3d().rotation(r.nextDouble(-Math.PI, Math.PI), new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(0.1, 1)).normalize());
			if (t % 2 == 1)
				d.scale(1, 1, -1); // a reflected (left-handed) frame, as in many DICOM series
			final VoxelGeometry g = VoxelGeometry.of(new double[] { 0.7, 0.3646, 0.3646 }, new double[] { r.nextDouble(-100, 100), r.nextDouble(-100, 100), r.nextDouble(-100, 100) }, d);
			final double i = r.nextDouble(0, 160), j = r.nextDouble(0, 384), k = r.nextDouble(0, 384);
			final Vector3d p = g.indexToPatient(i, j, k, new Vector3d());
			final Vector3d back = g.patientToIndex(p.x, p.y, p.z, new Vector3d());
			assertEquals(i, back.x, 1e-9);
			assertEquals(j, back.y, 1e-9);
			assertEquals(k, back.z, 1e-9);
			// distances in mm follow the spacing: one step along axis 0 moves 0.7 mm
			final Vector3d q = g.indexToPatient(i + 1, j, k, new Vector3d());
			assertEquals(0.7, q.distance(p), 1e-9);
			assertTrue(VoxelGeometry.fromAffine(g.indexToPatientAffine()).approximatelyEquals(g, 1e-9));
		}
	}

	@Test
	void rejectsShearAndBadSpacing() {
		final Matrix3d shear = new Matrix3d(1, 0, 0, 0.2, 1, 0, 0, 0, 1);
		assertThrows(IllegalArgumentException.class, () -> VoxelGeometry.of(new double[] { 1, 1, 1 }, new double[3], shear));
		assertThrows(IllegalArgumentException.class, () -> VoxelGeometry.axisAligned(1, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> VoxelGeometry.axisAligned(1, Double.NaN, 1));
		assertThrows(IllegalArgumentException.class, () -> VoxelGeometry.axisAligned(1, 1));
	}

	/** RAS ↔ LPS negates x and y and is its own inverse. */
	@Test
	void lpsRasFlip() {
		final double[] p = PatientCoordinates.flipLpsRas(new double[] { 1, 2, 3 });
		assertEquals(-1, p[0]);
		assertEquals(-2, p[1]);
		assertEquals(3, p[2]);
		final Matrix4d a = new Matrix4d().rotation(0.3, 0, 1, 0).scale(0.7, 0.36, 0.36).setTranslation(10, 20, 30);
		final Matrix4d ras = PatientCoordinates.flipLpsRas(a);
		final Vector3d v = ras.transformPosition(new Vector3d(5, 6, 7));
		final Vector3d w = a.transformPosition(new Vector3d(5, 6, 7));
		assertEquals(-w.x, v.x, 1e-12);
		assertEquals(-w.y, v.y, 1e-12);
		assertEquals(w.z, v.z, 1e-12);
		assertTrue(PatientCoordinates.flipLpsRas(ras).equals(a, 1e-15));
	}
}
