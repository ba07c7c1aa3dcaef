package org.chondroj.testbed;

import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.DistanceTransforms;
import org.chondroj.core.algorithm.Resampling;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.anatomy.KneeFrame;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix4d;
import org.joml.Vector3d;

/**
 * The same knee later: its label map after a known cartilage change, re-posed in the scanner. The change is made on
 * the label map (ChondroJ's numbering), where the femoral condyles bear on the tibial plates (the femoral cartilage
 * voxel nearest each plate's centroid):
 * <ul>
 * <li>regional thinning of the medial condyle: the femoral cartilage within {@link Change#thinningRadiusMm} of the
 * medial contact point loses the voxels less than {@link Change#thinningMm} deep under its articular surface (the
 * distance to the nearest voxel that is neither cartilage nor bone);</li>
 * <li>a new full-thickness defect of the lateral condyle: the femoral cartilage within {@link Change#defectRadiusMm} of
 * the lateral contact point is removed;</li>
 * <li>a new pose: the changed map turned by {@link Change#rotationDeg} about an axis through the knee frame's origin and
 * moved by {@link Change#translationMm}, both in a direction drawn from the seed, and resampled (nearest voxel) onto the
 * same grid, as a re-positioned patient is imaged.</li>
 * </ul>
 * The change's size in ChondroJ's measures is the difference of the two maps' label-map measurements
 * ({@code true_change.json}); re-posing a binary map changes its voxels, so an unchanged knee re-posed shows the label
 * maps' own measurement noise.
 *
 * @see TestBedStudy#writePair
 */
public final class FollowUp {

	/**
	 * @param thinningMm       depth removed under the medial condyle's articular surface, mm (0: none)
	 * @param thinningRadiusMm radius of the thinned region, mm
	 * @param defectRadiusMm   radius of the lateral full-thickness defect, mm (0: none)
	 * @param rotationDeg      re-pose: rotation, degrees
	 * @param translationMm    re-pose: translation, mm
	 */
	public record Change(double thinningMm, double thinningRadiusMm, double defectRadiusMm, double rotationDeg, double translationMm) {
		/** 0.5 mm thinner over 10 mm of the medial condyle, a 3 mm-radius (28 mm²) lateral defect, re-posed by 2° and 1 mm. */
		public static Change defaults() {
			return new Change(0.5, 10, 3, 2, 1);
		}

		/** Re-posed only: a test–retest pair. */
		public static Change none() {
			return new Change(0, 0, 0, 2, 1);
		}
	}

	private FollowUp() {
	}

	/**
	 * The follow-up's label map (ChondroJ's numbering, on the baseline's grid).
	 *
	 * @param frame the baseline's knee frame
	 * @param seed  the re-pose's directions
	 */
	public static Volume<UnsignedByteType> labels(final Volume<UnsignedByteType> baseline, final KneeFrame frame, final Change change, final long seed) {
		final int[] dims = baseline.dimensions();
		final VoxelGeometry g = baseline.geometry();
		final byte[] l = Volumes.byteData(baseline).clone();
		final int femoral = KneeStructure.FEMORAL_CARTILAGE.ordinal() + 1, tibial = KneeStructure.TIBIAL_CARTILAGE.ordinal() + 1;
		final double[] medial = nearest(l, dims, g, femoral, frame.medialPlate().centroid());
		final double[] lateral = nearest(l, dims, g, femoral, frame.lateralPlate().centroid());
		// depth under the articular surface: the distance to the nearest voxel neither cartilage nor bone
		final byte[] joint = new byte[l.length];
		for (int i = 0; i < l.length; i++)
			joint[i] = (byte) (l[i] == 0 ? 1 : 0);
		final float[] depth = change.thinningMm() > 0 ? Volumes.floatData(DistanceTransforms.distanceToForeground(Volumes.wrapUnsignedBytes(joint, dims, g)))
				: null;
		final Vector3d p = new Vector3d();
		final int nx = dims[0], ny = dims[1];
		for (int i = 0; i < l.length; i++) {
			if (l[i] != femoral)
				continue;
			g.indexToPatient(i % nx, i / nx % ny, i / (nx * ny), p);
			if (medial != null && depth != null && distance(p, medial) <= change.thinningRadiusMm() && depth[i] < change.thinningMm())
				l[i] = 0;
			if (lateral != null && distance(p, lateral) <= change.defectRadiusMm())
				l[i] = 0;
		}
		final Volume<UnsignedByteType> changed = Volumes.wrapUnsignedBytes(l, dims, g);
		if (change.rotationDeg() == 0 && change.translationMm() == 0)
			return changed;
		// re-pose: move the changed map's geometry rigidly, then sample it on the baseline's grid
		final SplittableRandom r = new SplittableRandom(seed ^ 0x0F011011L);
		final Vector3d axis = new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)).normalize();
		final Vector3d shift = new Vector3d(r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)).normalize(change.translationMm());
		final double[] o = frame.origin();
		final Matrix4d move = new Matrix4d().translation(shift).translate(o[0], o[1], o[2]).rotate(Math.toRadians(change.rotationDeg()), axis)
				.translate(-o[0], -o[1], -o[2]);
		final VoxelGeometry moved = VoxelGeometry.fromAffine(new Matrix4d(move).mul(g.indexToPatientAffine()));
		return Resampling.nearest(changed.withGeometry(moved), dims, g);
	}

	/** The patient position of the voxel of {@code label} nearest {@code to} (LPS mm), or null when there is none. */
	private static double[] nearest(final byte[] l, final int[] dims, final VoxelGeometry g, final int label, final double[] to) {
		final Vector3d p = new Vector3d();
		double best = Double.POSITIVE_INFINITY;
		double[] out = null;
		final int nx = dims[0], ny = dims[1];
		for (int i = 0; i < l.length; i++) {
			if (l[i] != label)
				continue;
			g.indexToPatient(i % nx, i / nx % ny, i / (nx * ny), p);
			final double d = distance(p, to);
			if (d < best) {
				best = d;
				out = new double[] { p.x, p.y, p.z };
			}
		}
		return out;
	}

	private static double distance(final Vector3d p, final double[] q) {
		final double dx = p.x - q[0], dy = p.y - q[1], dz = p.z - q[2];
		return Math.sqrt(dx * dx + dy * dy + dz * dz);
	}
}
