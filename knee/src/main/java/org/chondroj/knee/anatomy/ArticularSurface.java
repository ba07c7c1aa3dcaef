package org.chondroj.knee.anatomy;

import java.util.Arrays;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.DistanceTransforms;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix3d;

/**
 * The articular bone surface of one bone of a label map, as voxels, and the subchondral bone regions grown from it: what
 * {@link BoneCompartments} and {@link MoaksSubregions} share.
 * <p>
 * <b>Surface.</b> The bone's voxels (bone or its lesion's values) with a face neighbour of its cartilage, with their
 * centres in patient LPS and in knee coordinates (ml lateral, ap anterior, pd proximal; {@link KneeFrame#toKnee}).
 * <p>
 * <b>Growing</b> ({@link #grow}). Each surface voxel carries a region id (1–255; 0: none). Every voxel of the bone
 * whose nearest surface voxel (Euclidean, in mm, between voxel centres) lies within the depth gets that surface voxel's
 * id (on a tie, the lower id); the rest keep what they had. Cost: one exact distance transform ({@link DistanceTransforms})
 * per id present, over the box of the surface voxels widened by the depth (for the OAI-sized phantom map 0.11 s for six
 * ids, 0.28 s for fifteen, on two shared cores: {@code AnatomyBenchmark}); memory: a float and a byte per voxel of that box.
 */
final class ArticularSurface {

	final KneeStructure bone;
	/** Number of surface voxels. */
	final int count;
	/** Per surface voxel: its index in the label volume. */
	final int[] index;
	/** Per surface voxel: LPS centre (x, y, z interleaved) and knee coordinates (ml, ap, pd interleaved), mm. */
	final double[] lps, knee;
	/** Voxel box of the surface voxels: min x, y, z, max x, y, z (empty surface: min &gt; max). */
	private final int[] box;
	private final KneeLabels labels;

	private ArticularSurface(final KneeLabels labels, final KneeStructure bone, final int count, final int[] index, final double[] lps,
			final double[] knee, final int[] box) {
		this.labels = labels;
		this.bone = bone;
		this.count = count;
		this.index = index;
		this.lps = lps;
		this.knee = knee;
		this.box = box;
	}

	/** The articular surface of {@code bone}: empty when the labels hold no such bone or no cartilage on it. */
	static ArticularSurface of(final KneeLabels labels, final KneeStructure bone, final KneeFrame frame) {
		final KneeStructure cartilage = bone.cartilage();
		final int[] box = { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1 };
		if (!labels.has(bone) || !labels.has(cartilage))
			return new ArticularSurface(labels, bone, 0, new int[0], new double[0], new double[0], box);
		final Volume<UnsignedByteType> vol = labels.volume();
		final VoxelGeometry g = vol.geometry();
		final byte[] data = Volumes.byteData(vol);
		final int nx = vol.dimension(0), ny = vol.dimension(1), nz = vol.dimension(2);
		final Matrix3d lin = g.indexToPatientLinear();
		final double[] o = g.origin();
		final boolean[] isBone = labels.boneValues(bone);
		final boolean[] isCartilage = new boolean[256];
		for (final int v : labels.mapping().values(cartilage))
			isCartilage[v] = true;
		// searched in the cartilage's box, widened by one
		final int[] cb = labels.boundingBox(cartilage);
		final int[] lo = { Math.max(0, cb[0] - 1), Math.max(0, cb[1] - 1), Math.max(0, cb[2] - 1) };
		final int[] hi = { Math.min(nx - 1, cb[3] + 1), Math.min(ny - 1, cb[4] + 1), Math.min(nz - 1, cb[5] + 1) };
		int count = 0;
		int[] index = new int[1024];
		double[] lps = new double[3 * 1024], knee = new double[3 * 1024];
		final double[] k = new double[3];
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
					if (count == index.length) {
						index = Arrays.copyOf(index, 2 * count);
						lps = Arrays.copyOf(lps, 6 * count);
						knee = Arrays.copyOf(knee, 6 * count);
					}
					final double px = o[0] + lin.m00 * x + lin.m10 * y + lin.m20 * z, py = o[1] + lin.m01 * x + lin.m11 * y + lin.m21 * z,
							pz = o[2] + lin.m02 * x + lin.m12 * y + lin.m22 * z;
					frame.toKnee(px, py, pz, k);
					index[count] = i;
					lps[3 * count] = px;
					lps[3 * count + 1] = py;
					lps[3 * count + 2] = pz;
					System.arraycopy(k, 0, knee, 3 * count, 3);
					count++;
					box[0] = Math.min(box[0], x);
					box[1] = Math.min(box[1], y);
					box[2] = Math.min(box[2], z);
					box[3] = Math.max(box[3], x);
					box[4] = Math.max(box[4], y);
					box[5] = Math.max(box[5], z);
				}
		return new ArticularSurface(labels, bone, count, index, lps, knee, box);
	}

	/**
	 * Grows the surface voxels' ids ({@code id[s]} of surface voxel s, 0 for none) into the bone to {@code depthMm},
	 * writing them into {@code out} (one byte per voxel of the label volume) where the bone's voxels get one.
	 */
	void grow(final byte[] id, final double depthMm, final byte[] out) {
		if (count == 0)
			return;
		final Volume<UnsignedByteType> vol = labels.volume();
		final VoxelGeometry g = vol.geometry();
		final byte[] data = Volumes.byteData(vol);
		final int nx = vol.dimension(0), ny = vol.dimension(1);
		final boolean[] isBone = labels.boneValues(bone);
		// the box: the surface's, widened by the depth, within the bone's
		final int[] bb = labels.boundingBox(bone);
		final int[] boxLo = new int[3], boxHi = new int[3];
		for (int a = 0; a < 3; a++) {
			final double widen = Math.ceil(depthMm / g.spacing(a));
			boxLo[a] = (int) Math.max(bb[a], box[a] - widen);
			boxHi[a] = (int) Math.min(bb[a + 3], box[a + 3] + widen);
		}
		final int bx = boxHi[0] - boxLo[0] + 1, by = boxHi[1] - boxLo[1] + 1, bz = boxHi[2] - boxLo[2] + 1;
		final float[] best = new float[bx * by * bz];
		Arrays.fill(best, Float.POSITIVE_INFINITY);
		final byte[] bestId = new byte[best.length];
		final float limit = (float) (depthMm * depthMm);
		final boolean[] present = new boolean[256];
		for (int s = 0; s < count; s++)
			present[id[s] & 0xff] = true;
		for (int c = 1; c < 256; c++) {
			if (!present[c])
				continue;
			final byte[] mask = new byte[best.length];
			for (int s = 0; s < count; s++) {
				if ((id[s] & 0xff) != c)
					continue;
				final int i = index[s];
				final int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
				mask[(x - boxLo[0]) + bx * ((y - boxLo[1]) + by * (z - boxLo[2]))] = 1;
			}
			final float[] d2 = DistanceTransforms.squaredDistance(
					Volumes.wrapUnsignedBytes(mask, new int[] { bx, by, bz }, VoxelGeometry.axisAligned(g.spacing())), true);
			for (int k = 0; k < best.length; k++)
				if (d2[k] <= limit && d2[k] < best[k]) {
					best[k] = d2[k];
					bestId[k] = (byte) c;
				}
		}
		for (int z = boxLo[2]; z <= boxHi[2]; z++)
			for (int y = boxLo[1]; y <= boxHi[1]; y++)
				for (int x = boxLo[0], i = x + nx * (y + ny * z), k = bx * ((y - boxLo[1]) + by * (z - boxLo[2])); x <= boxHi[0]; x++, i++, k++)
					if (isBone[data[i] & 0xff] && bestId[k] != 0)
						out[i] = bestId[k];
	}
}
