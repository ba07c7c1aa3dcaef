package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.anatomy.PhantomLabels.Knee;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;

/**
 * Metamorphic: a label map flipped along its voxel axis closest to the patient's left–right axis (the same geometry,
 * the voxels reversed) is the mirror image of the knee: a right knee becomes a left knee. The frame must be the
 * mirrored frame, the side the other one, every landmark the mirrored point with the same knee coordinates, and
 * medial and lateral swap sides in patient space while every mirrored point keeps its region.
 */
class MirrorTest {

	/** Tolerances: axes, degrees; landmark knee coordinates, mm (bins of 0.25 mm can round differently). */
	static final double AXIS_TOLERANCE = 0.01, LANDMARK_TOLERANCE = 0.3;

	@Test
	void phantom() {
		check("phantom right knee", PhantomLabels.labels(Knee.RIGHT));
	}

	@Test
	void oaiKnee() throws Exception {
		final Path file = RealData.require("oai-akoa-labels/9014797_00m.nii.gz");
		check("OAI 9014797_00m", KneeLabels.of(VolumeFiles.read(file), LabelPresets.mapping("oai-akoa")));
	}

	private static void check(final String what, final KneeLabels labels) {
		final Volume<UnsignedByteType> v = labels.volume();
		final int axis = closestToX(v);
		final Mirror m = new Mirror(v, axis);
		final KneeLabels flipped = KneeLabels.of(Volumes.wrapUnsignedBytes(flip(Volumes.byteData(v), v.dimensions(), axis), v.dimensions(),
				v.geometry()), labels.mapping());
		final KneeFrame f = KneeFrame.estimate(labels), g = KneeFrame.estimate(flipped);
		assertEquals(Laterality.RIGHT, f.side());
		assertEquals(Laterality.LEFT, g.side(), g.sideEvidence().summary());
		assertEquals(SideEvidence.Source.ANATOMY, g.sideEvidence().source());
		final double ml = KneeFrame.angleDegrees(g.ml(), m.vector(f.ml())), ap = KneeFrame.angleDegrees(g.ap(), m.vector(f.ap())),
				pd = KneeFrame.angleDegrees(g.pd(), m.vector(f.pd()));
		assertTrue(ml < AXIS_TOLERANCE && ap < AXIS_TOLERANCE && pd < AXIS_TOLERANCE, ml + " " + ap + " " + pd);
		final double[] o = m.point(f.origin());
		for (int a = 0; a < 3; a++)
			assertEquals(o[a], g.origin()[a], 1e-6);
		assertEquals(f.medialPlate().voxels(), g.medialPlate().voxels());
		// medial and lateral swap sides in patient space (along the flipped axis)
		final double before = side(m, f.medialPlate().centroid(), f.lateralPlate().centroid()), after = side(m, g.medialPlate().centroid(),
				g.lateralPlate().centroid());
		assertTrue(before * after < 0, before + " " + after);
		// landmarks: the same knee coordinates, the mirrored patient points
		final KneeLandmarks lf = KneeLandmarks.locate(labels, f), lg = KneeLandmarks.locate(flipped, g);
		double worst = 0;
		for (final Map.Entry<String, double[]> e : lf.knee().entrySet()) {
			final double[] kf = e.getValue(), kg = lg.knee(e.getKey());
			for (int a = 0; a < 3; a++)
				worst = Math.max(worst, Math.abs(kf[a] - kg[a]));
			final double[] pf = m.point(lf.patient(e.getKey())), pg = lg.patient(e.getKey());
			assertTrue(Math.sqrt(PhantomLabels.dot(PhantomLabels.sub(pf, pg), PhantomLabels.sub(pf, pg))) < 2 * LANDMARK_TOLERANCE, e.getKey());
		}
		System.out.printf(Locale.ROOT, "%s mirrored: axes within %.2g°, landmarks' knee coordinates within %.3f mm; side %s%n", what,
				Math.max(ml, Math.max(ap, pd)), worst, g.sideEvidence().summary());
		assertTrue(worst < LANDMARK_TOLERANCE, "landmarks differ by " + worst + " mm");
		// regions: the mirrored points keep their regions (points at the landmarks, a little inside each region)
		final Regions rf = Regions.of(f, lf), rg = Regions.of(g, lg);
		final double[][] knee = { { lf.midline() - 15, lf.notchAnterior() - 5, 5 }, { lf.midline() + 15, lf.notchAnterior() - 5, 5 },
				{ lf.midline() - 15, lf.weightBearingBoundary(true) - 5, 15 }, { lf.midline() + 15, lf.weightBearingBoundary(false) - 5, 15 },
				{ lf.midline(), lf.notchAnterior() + 5, 15 } };
		for (final double[] k : knee) {
			final double[] p = f.toPatient(k), q = m.point(p);
			assertEquals(rf.femurPlate(p[0], p[1], p[2]), rg.femurPlate(q[0], q[1], q[2]));
			assertEquals(rf.tibiaPlate(p[0], p[1], p[2]), rg.tibiaPlate(q[0], q[1], q[2]));
			assertEquals(rf.compartment(KneeStructure.FEMUR, p[0], p[1], p[2]), rg.compartment(KneeStructure.FEMUR, q[0], q[1], q[2]));
		}
	}

	/** The signed distance of a − b along the flipped axis. */
	private static double side(final Mirror m, final double[] a, final double[] b) {
		return PhantomLabels.dot(PhantomLabels.sub(a, b), m.d);
	}

	/** The voxel axis whose direction is closest to ±x (the patient's left–right). */
	private static int closestToX(final Volume<?> v) {
		int best = 0;
		double c = -1;
		for (int a = 0; a < 3; a++) {
			final double x = Math.abs(v.geometry().direction().getColumn(a, new Vector3d()).x);
			if (x > c) {
				c = x;
				best = a;
			}
		}
		return best;
	}

	private static byte[] flip(final byte[] in, final int[] dims, final int axis) {
		final byte[] out = new byte[in.length];
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int sx = axis == 0 ? nx - 1 - x : x, sy = axis == 1 ? ny - 1 - y : y, sz = axis == 2 ? nz - 1 - z : z;
					out[x + nx * (y + ny * z)] = in[sx + nx * (sy + ny * sz)];
				}
		return out;
	}

	/** The reflection that flipping the axis makes: across the plane through the grid's centre perpendicular to the axis. */
	private static final class Mirror {
		final double[] c, d;

		Mirror(final Volume<?> v, final int axis) {
			final Vector3d centre = v.geometry().indexToPatient(0.5 * (v.dimension(0) - 1), 0.5 * (v.dimension(1) - 1), 0.5 * (v.dimension(2) - 1),
					new Vector3d());
			c = new double[] { centre.x, centre.y, centre.z };
			final Vector3d col = v.geometry().direction().getColumn(axis, new Vector3d());
			d = new double[] { col.x, col.y, col.z };
		}

		double[] vector(final double[] v) {
			final double t = 2 * PhantomLabels.dot(v, d);
			return new double[] { v[0] - t * d[0], v[1] - t * d[1], v[2] - t * d[2] };
		}

		double[] point(final double[] p) {
			final double[] r = vector(PhantomLabels.sub(p, c));
			return new double[] { c[0] + r[0], c[1] + r[1], c[2] + r[2] };
		}
	}
}
