package org.chondroj.knee.anatomy;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.DistanceTransforms;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.nomenclature.Compartment;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix3d;

/**
 * Which bone-marrow lesion {@link Compartment} (MF, LF, MT, LT, TrF, P) each bone voxel belongs to: the compartment of
 * the nearest articular bone-surface voxel of the same bone, within a depth. For the lesion measures: a lesion voxel's
 * compartment, and each compartment's subchondral bone region.
 * <p>
 * <b>Rule.</b> The articular bone surface of a bone is its voxels (bone or its lesion's values) with a face neighbour
 * of its cartilage; each surface voxel's compartment is {@link Regions#compartment} at its centre (femur: TrF in front of
 * the notch's anterior end, else MF or LF by the midline; tibia: MT or LT by the gap between the plates; patella: P).
 * Every voxel of the bone whose nearest surface voxel (Euclidean, in mm, between voxel centres) lies within the depth
 * gets that surface voxel's compartment (on a tie, the lower compartment id); the rest 0. The phantom defines its
 * subchondral regions the same way with the radial foot on its spherical articular surfaces, which for a sphere is the
 * nearest surface point, but counts marrow only (deeper than its 1 mm cortex) and only what lies radially below the
 * articular patch: its regions are smaller (on the standard phantom knee 2.1–3.7 times: MF 5649 mm³ there, 12921 mm³
 * here, most of the difference bone beside the plates' rims, which is nearest to the rim). A lesion measure that wants
 * the phantom's regions must restrict these further. Bone covered by no cartilage at all (a fully denuded plate) has
 * no surface and gets 0; bone under a denuded spot gets the compartment of the cartilage-covered surface around it.
 * <p>
 * Cost: one exact distance transform ({@link DistanceTransforms}) per compartment over the box of its bone's surface
 * voxels widened by the depth (for an OAI map about 1 s on two cores in all); memory: a float per voxel of that box.
 */
public final class BoneCompartments {

	/** Depth of the subchondral region below the articular bone surface by default, mm (the phantom's). */
	public static final double DEFAULT_DEPTH_MM = 10;

	private BoneCompartments() {
	}

	/**
	 * The compartment map of a label map: a new 8-bit volume on its grid holding {@link Compartment#id()} (1–6) in bone
	 * voxels within {@code depthMm} of their bone's articular surface, 0 elsewhere.
	 *
	 * @param regions the regions of the same labels' frame and landmarks
	 * @param depthMm the depth, mm ({@link Double#POSITIVE_INFINITY}: every voxel of a bone with cartilage)
	 */
	public static Volume<UnsignedByteType> map(final KneeLabels labels, final Regions regions, final double depthMm) {
		if (!(depthMm > 0))
			throw new IllegalArgumentException("depth must be positive, got " + depthMm + " mm");
		final Volume<UnsignedByteType> vol = labels.volume();
		final VoxelGeometry g = vol.geometry();
		final byte[] data = Volumes.byteData(vol);
		final int nx = vol.dimension(0), ny = vol.dimension(1), nz = vol.dimension(2);
		final byte[] out = new byte[data.length];
		final Matrix3d lin = g.indexToPatientLinear();
		final double[] o = g.origin();
		for (final KneeStructure bone : new KneeStructure[] { KneeStructure.FEMUR, KneeStructure.TIBIA, KneeStructure.PATELLA }) {
			final KneeStructure cartilage = bone.cartilage();
			if (!labels.has(bone) || !labels.has(cartilage))
				continue;
			final boolean[] isBone = labels.boneValues(bone);
			final boolean[] isCartilage = new boolean[256];
			for (final int v : labels.mapping().values(cartilage))
				isCartilage[v] = true;
			// articular surface voxels: bone with a face neighbour of cartilage (searched in the cartilage's box, widened by one)
			final int[] cb = labels.boundingBox(cartilage);
			final int[] lo = { Math.max(0, cb[0] - 1), Math.max(0, cb[1] - 1), Math.max(0, cb[2] - 1) };
			final int[] hi = { Math.min(nx - 1, cb[3] + 1), Math.min(ny - 1, cb[4] + 1), Math.min(nz - 1, cb[5] + 1) };
			int count = 0;
			int[] surface = new int[1024];
			byte[] compartment = new byte[1024];
			final int[] sLo = { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE }, sHi = { -1, -1, -1 };
			for (int z = lo[2]; z <= hi[2]; z++)
				for (int y = lo[1]; y <= hi[1]; y++)
					for (int x = lo[0], i = x + nx * (y + ny * z); x <= hi[0]; x++, i++) {
						if (!isBone[data[i] & 0xff])
							continue;
						final boolean touches = x > 0 && isCartilage[data[i - 1] & 0xff] || x < nx - 1 && isCartilage[data[i + 1] & 0xff]
								|| y > 0 && isCartilage[data[i - nx] & 0xff] || y < ny - 1 && isCartilage[data[i + nx] & 0xff]
								|| z > 0 && isCartilage[data[i - nx * ny] & 0xff] || z < nz - 1 && isCartilage[data[i + nx * ny] & 0xff];
						if (!touches)
							continue;
						if (count == surface.length) {
							surface = java.util.Arrays.copyOf(surface, 2 * count);
							compartment = java.util.Arrays.copyOf(compartment, 2 * count);
						}
						final double px = o[0] + lin.m00 * x + lin.m10 * y + lin.m20 * z, py = o[1] + lin.m01 * x + lin.m11 * y + lin.m21 * z,
								pz = o[2] + lin.m02 * x + lin.m12 * y + lin.m22 * z;
						surface[count] = i;
						compartment[count] = (byte) regions.compartment(bone, px, py, pz).id();
						count++;
						final int[] p = { x, y, z };
						for (int a = 0; a < 3; a++) {
							sLo[a] = Math.min(sLo[a], p[a]);
							sHi[a] = Math.max(sHi[a], p[a]);
						}
					}
			if (count == 0)
				continue;
			// the box: the surface's, widened by the depth, within the bone's
			final int[] bb = labels.boundingBox(bone);
			final int[] boxLo = new int[3], boxHi = new int[3];
			for (int a = 0; a < 3; a++) {
				final double widen = Math.ceil(depthMm / g.spacing(a));
				boxLo[a] = (int) Math.max(bb[a], sLo[a] - widen);
				boxHi[a] = (int) Math.min(bb[a + 3], sHi[a] + widen);
			}
			final int bx = boxHi[0] - boxLo[0] + 1, by = boxHi[1] - boxLo[1] + 1, bz = boxHi[2] - boxLo[2] + 1;
			final float[] best = new float[bx * by * bz];
			java.util.Arrays.fill(best, Float.POSITIVE_INFINITY);
			final byte[] bestCompartment = new byte[best.length];
			final float limit = (float) (depthMm * depthMm);
			for (final Compartment c : Compartment.values()) {
				final byte[] mask = new byte[best.length];
				boolean any = false;
				for (int s = 0; s < count; s++) {
					if (compartment[s] != c.id())
						continue;
					final int i = surface[s];
					final int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
					mask[(x - boxLo[0]) + bx * ((y - boxLo[1]) + by * (z - boxLo[2]))] = 1;
					any = true;
				}
				if (!any)
					continue;
				final float[] d2 = DistanceTransforms.squaredDistance(
						Volumes.wrapUnsignedBytes(mask, new int[] { bx, by, bz }, VoxelGeometry.axisAligned(g.spacing())), true);
				for (int k = 0; k < best.length; k++)
					if (d2[k] <= limit && d2[k] < best[k]) {
						best[k] = d2[k];
						bestCompartment[k] = (byte) c.id();
					}
			}
			for (int z = boxLo[2]; z <= boxHi[2]; z++)
				for (int y = boxLo[1]; y <= boxHi[1]; y++)
					for (int x = boxLo[0], i = x + nx * (y + ny * z), k = bx * ((y - boxLo[1]) + by * (z - boxLo[2])); x <= boxHi[0]; x++, i++, k++)
						if (isBone[data[i] & 0xff] && bestCompartment[k] != 0)
							out[i] = bestCompartment[k];
		}
		return Volumes.maskLike(vol, out);
	}
}
