package org.chondroj.knee.cartilage;

import java.util.Objects;
import java.util.function.IntPredicate;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.joml.Vector3d;

/**
 * One bone and the cartilage on it, on one voxel grid: the input of {@link ThicknessMaps}. Two fields of values in
 * 0…1 — the bone and the cartilage share of each voxel — either hard masks (values 0 and 1, from a label map or two
 * masks) or partial-volume fractions.
 * <p>
 * <b>Crop.</b> The fields are cropped to the bounding box of the voxels holding bone or cartilage widened by
 * {@value #MARGIN_MM} mm, cut to the bounding box of the cartilage widened by the <i>bone margin</i> (default
 * {@value #DEFAULT_BONE_MARGIN_MM} mm; {@link Double#POSITIVE_INFINITY} keeps the whole bone), and clipped to the
 * grid. So the bone surface is kept where cartilage is or could be (a denuded area inside a plate, the bone around the
 * plates), not along the whole shaft, which costs time and measures nothing; where the crop cuts the bone, or the bone
 * leaves the scanned volume, the bone surface stays open. The crop's {@link #geometry()} places its voxels where they
 * were. A bone without any cartilage is kept whole.
 * <p>
 * Tissues other than these two (the other bones, the cartilage of the opposing plate, fluid) are "outside": femoral
 * cartilage touching tibial cartilage ends where the tibial cartilage begins.
 * <p>
 * Immutable (the cropped arrays are owned copies). Cost of every factory: one pass over the input (parallel over
 * slices) plus the crop; memory 8 bytes per voxel of the crop, plus 1 byte per input voxel while building (label maps
 * and masks).
 */
public final class BoneCartilage {

	/** Background margin kept around the bone and cartilage when cropping, mm (it holds the smoothing kernels). */
	public static final double MARGIN_MM = 5;

	/** Default bone margin: how far beyond the cartilage's bounding box the bone is kept, mm. */
	public static final double DEFAULT_BONE_MARGIN_MM = 10;

	private final float[] bone, cartilage;
	private final int[] dims;
	private final VoxelGeometry geometry;
	private final boolean fractions;

	private BoneCartilage(final float[] bone, final float[] cartilage, final int[] dims, final VoxelGeometry geometry, final boolean fractions) {
		this.bone = bone;
		this.cartilage = cartilage;
		this.dims = dims;
		this.geometry = geometry;
		this.fractions = fractions;
	}

	/**
	 * Hard masks from a label map: bone = the voxels holding one of {@code boneLabels}, cartilage = those holding one
	 * of {@code cartilageLabels}. List every label that belongs to the bone, bone-marrow lesions included (OAI-AKOA:
	 * femur {1, 7}, tibia {3, 8}, patella {5, 9}), or a lesion becomes a cavity with its own surface.
	 *
	 * @param labels a label map of an integer type (8, 16 or 32 bits) or integer-valued floats
	 * @param boneMarginMm how far beyond the cartilage's bounding box the bone is kept, mm (see the class description)
	 * @throws IllegalArgumentException if a label is in both lists or a list is empty, or the margin is negative
	 */
	public static BoneCartilage fromLabels(final Volume<?> labels, final int[] boneLabels, final int[] cartilageLabels, final double boneMarginMm) {
		checkMargin(boneMarginMm);
		if (boneLabels.length == 0 || cartilageLabels.length == 0)
			throw new IllegalArgumentException("need at least one bone label and one cartilage label");
		for (final int b : boneLabels)
			for (final int c : cartilageLabels)
				if (b == c)
					throw new IllegalArgumentException("label " + b + " is given as both bone and cartilage");
		final byte[] cls = new byte[labels.size()];
		final Object data = Volumes.data(labels);
		final int slice = labels.dimension(0) * labels.dimension(1);
		if (data instanceof byte[] || data instanceof short[]) {
			final boolean bytes = data instanceof byte[];
			final boolean unsigned = labels.type() instanceof UnsignedByteType || labels.type() instanceof UnsignedShortType;
			final byte[] table = new byte[bytes ? 256 : 65536];
			mark(table, boneLabels, 1, bytes, unsigned);
			mark(table, cartilageLabels, 2, bytes, unsigned);
			final int mask = bytes ? 0xff : 0xffff;
			Parallel.forEach(labels.dimension(2), z -> {
				for (int i = z * slice, end = i + slice; i < end; i++)
					cls[i] = table[(bytes ? ((byte[]) data)[i] : ((short[]) data)[i]) & mask];
			});
		} else {
			final float[] values = data instanceof int[] ? null : Volumes.floatValues(labels);
			final int[] ints = data instanceof int[] ? (int[]) data : null;
			Parallel.forEach(labels.dimension(2), z -> {
				for (int i = z * slice, end = i + slice; i < end; i++) {
					final double v = ints != null ? ints[i] : values[i];
					cls[i] = (byte) (contains(boneLabels, v) ? 1 : contains(cartilageLabels, v) ? 2 : 0);
				}
			});
		}
		return fromClasses(cls, labels.dimensions(), labels.geometry(), boneMarginMm);
	}

	/** {@link #fromLabels(Volume, int[], int[], double)} with the default bone margin. */
	public static BoneCartilage fromLabels(final Volume<?> labels, final int[] boneLabels, final int[] cartilageLabels) {
		return fromLabels(labels, boneLabels, cartilageLabels, DEFAULT_BONE_MARGIN_MM);
	}

	/** {@link #fromLabels(Volume, int[], int[], double)} with one bone label, one cartilage label and the default bone margin. */
	public static BoneCartilage fromLabels(final Volume<?> labels, final int boneLabel, final int cartilageLabel) {
		return fromLabels(labels, new int[] { boneLabel }, new int[] { cartilageLabel });
	}

	/**
	 * Hard masks from two masks on one grid (non-zero = inside). A voxel in both counts as cartilage.
	 *
	 * @param boneMarginMm how far beyond the cartilage's bounding box the bone is kept, mm (see the class description)
	 * @throws IllegalArgumentException if the masks are not on the same grid, or the margin is negative
	 */
	public static BoneCartilage fromMasks(final Volume<?> bone, final Volume<?> cartilage, final double boneMarginMm) {
		checkSameGrid(bone, cartilage);
		checkMargin(boneMarginMm);
		final IntPredicate inBone = nonZero(bone), inCartilage = nonZero(cartilage);
		final byte[] cls = new byte[bone.size()];
		final int slice = bone.dimension(0) * bone.dimension(1);
		Parallel.forEach(bone.dimension(2), z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				cls[i] = (byte) (inCartilage.test(i) ? 2 : inBone.test(i) ? 1 : 0);
		});
		return fromClasses(cls, bone.dimensions(), bone.geometry(), boneMarginMm);
	}

	/** Whether voxel i of a mask is non-zero: on the primitive array for 8-, 16- and 32-bit masks, else on float values. */
	private static IntPredicate nonZero(final Volume<?> mask) {
		final Object data = Volumes.data(mask);
		if (data instanceof byte[])
			return i -> ((byte[]) data)[i] != 0;
		if (data instanceof short[])
			return i -> ((short[]) data)[i] != 0;
		if (data instanceof int[])
			return i -> ((int[]) data)[i] != 0;
		final float[] values = Volumes.floatValues(mask);
		return i -> values[i] != 0;
	}

	/** {@link #fromMasks(Volume, Volume, double)} with the default bone margin. */
	public static BoneCartilage fromMasks(final Volume<?> bone, final Volume<?> cartilage) {
		return fromMasks(bone, cartilage, DEFAULT_BONE_MARGIN_MM);
	}

	/**
	 * Partial-volume fractions: in every voxel the share (0…1) taken by bone and by cartilage (values outside 0…1
	 * are clamped; NaN counts as 0; where the two add up to more than 1 they are scaled down to sum 1).
	 *
	 * @param boneMarginMm how far beyond the cartilage's bounding box the bone is kept, mm (see the class description)
	 * @throws IllegalArgumentException if the volumes are not on the same grid, or the margin is negative
	 */
	public static BoneCartilage fromFractions(final Volume<?> bone, final Volume<?> cartilage, final double boneMarginMm) {
		checkSameGrid(bone, cartilage);
		checkMargin(boneMarginMm);
		final float[] b = Volumes.floatValues(bone), c = Volumes.floatValues(cartilage);
		final int[] d = bone.dimensions();
		final int[] crop = crop(d, bone.geometry(), i -> b[i] > 0 || c[i] > 0, i -> c[i] > 0, boneMarginMm);
		final int[] cd = { crop[3] - crop[0], crop[4] - crop[1], crop[5] - crop[2] };
		final float[] cb = new float[Volumes.checkedSize(cd)], cc = new float[cb.length];
		Parallel.forEach(cd[2], z -> {
			for (int y = 0; y < cd[1]; y++)
				for (int x = 0; x < cd[0]; x++) {
					final int i = crop[0] + x + d[0] * (crop[1] + y + d[1] * (crop[2] + z)), o = x + cd[0] * (y + cd[1] * z);
					float vb = clamp(b[i]), vc = clamp(c[i]);
					final float sum = vb + vc;
					if (sum > 1) {
						vb /= sum;
						vc /= sum;
					}
					cb[o] = vb;
					cc[o] = vc;
				}
		});
		return new BoneCartilage(cb, cc, cd, cropGeometry(bone.geometry(), crop), true);
	}

	/** {@link #fromFractions(Volume, Volume, double)} with the default bone margin. */
	public static BoneCartilage fromFractions(final Volume<?> bone, final Volume<?> cartilage) {
		return fromFractions(bone, cartilage, DEFAULT_BONE_MARGIN_MM);
	}

	private static void checkMargin(final double boneMarginMm) {
		if (!(boneMarginMm >= 0))
			throw new IllegalArgumentException("the bone margin must be ≥ 0 mm (infinity: the whole bone), got " + boneMarginMm);
	}

	private static float clamp(final float v) {
		return v > 0 ? Math.min(v, 1f) : 0f; // NaN → 0
	}

	private static void checkSameGrid(final Volume<?> a, final Volume<?> b) {
		Objects.requireNonNull(a, "bone");
		Objects.requireNonNull(b, "cartilage");
		if (!a.sameGrid(b))
			throw new IllegalArgumentException("bone and cartilage are not on the same grid: " + a + " and " + b);
	}

	private static void mark(final byte[] table, final int[] labels, final int value, final boolean bytes, final boolean unsigned) {
		for (final int l : labels) {
			final int min = unsigned ? 0 : bytes ? Byte.MIN_VALUE : Short.MIN_VALUE;
			final int max = unsigned ? table.length - 1 : bytes ? Byte.MAX_VALUE : Short.MAX_VALUE;
			if (l >= min && l <= max)
				table[l & (table.length - 1)] = (byte) value;
		}
	}

	private static boolean contains(final int[] labels, final double v) {
		for (final int l : labels)
			if (l == v)
				return true;
		return false;
	}

	/** Crops a per-voxel class map (0 background, 1 bone, 2 cartilage) into hard-mask fields. */
	private static BoneCartilage fromClasses(final byte[] cls, final int[] d, final VoxelGeometry geometry, final double boneMarginMm) {
		final int[] crop = crop(d, geometry, i -> cls[i] != 0, i -> cls[i] == 2, boneMarginMm);
		final int[] cd = { crop[3] - crop[0], crop[4] - crop[1], crop[5] - crop[2] };
		final float[] cb = new float[Volumes.checkedSize(cd)], cc = new float[cb.length];
		Parallel.forEach(cd[2], z -> {
			for (int y = 0; y < cd[1]; y++) {
				final int in = crop[0] + d[0] * (crop[1] + y + d[1] * (crop[2] + z)), out = cd[0] * (y + cd[1] * z);
				for (int x = 0; x < cd[0]; x++) {
					final byte c = cls[in + x];
					if (c == 1)
						cb[out + x] = 1;
					else if (c == 2)
						cc[out + x] = 1;
				}
			}
		});
		return new BoneCartilage(cb, cc, cd, cropGeometry(geometry, crop), false);
	}

	/**
	 * The crop {x0, y0, z0, x1, y1, z1} (end exclusive) of a grid of dims {@code d}: the bounding box of the voxels
	 * where {@code any} holds widened by {@link #MARGIN_MM}, cut to the bounding box of those where {@code cartilage}
	 * holds widened by {@code boneMarginMm}, clipped to the grid; a 2³ block at the origin when {@code any} holds
	 * nowhere. One pass over the grid, parallel over slices.
	 */
	private static int[] crop(final int[] d, final VoxelGeometry geometry, final IntPredicate any, final IntPredicate cartilage,
			final double boneMarginMm) {
		final int slice = d[0] * d[1];
		final int[][] perSlice = new int[d[2]][];
		Parallel.forEach(d[2], z -> {
			final int[] b = { Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1 };
			for (int y = 0, i = z * slice; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++, i++)
					if (any.test(i)) {
						b[0] = Math.min(b[0], x);
						b[1] = Math.min(b[1], y);
						b[2] = Math.max(b[2], x);
						b[3] = Math.max(b[3], y);
						if (cartilage.test(i)) {
							b[4] = Math.min(b[4], x);
							b[5] = Math.min(b[5], y);
							b[6] = Math.max(b[6], x);
							b[7] = Math.max(b[7], y);
						}
					}
			perSlice[z] = b;
		});
		final int[] all = { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1 }, cart = all.clone();
		for (int z = 0; z < d[2]; z++) {
			final int[] b = perSlice[z];
			for (int k = 0; k < 2; k++) {
				final int[] box = k == 0 ? all : cart;
				if (b[4 * k + 2] < 0)
					continue;
				box[0] = Math.min(box[0], b[4 * k]);
				box[1] = Math.min(box[1], b[4 * k + 1]);
				box[2] = Math.min(box[2], z);
				box[3] = Math.max(box[3], b[4 * k + 2]);
				box[4] = Math.max(box[4], b[4 * k + 3]);
				box[5] = Math.max(box[5], z);
			}
		}
		final int[] crop = new int[6];
		for (int a = 0; a < 3; a++) {
			if (all[3] < 0) { // nothing: a minimal crop of background
				crop[a + 3] = Math.min(2, d[a]);
				continue;
			}
			final double s = geometry.spacing(a);
			final int m = (int) Math.ceil(MARGIN_MM / s);
			crop[a] = Math.max(0, all[a] - m);
			crop[a + 3] = Math.min(d[a], all[a + 3] + 1 + m);
			if (cart[3] >= 0 && boneMarginMm < Double.POSITIVE_INFINITY) {
				final int mb = (int) Math.ceil(Math.max(boneMarginMm, MARGIN_MM) / s);
				crop[a] = Math.max(crop[a], cart[a] - mb);
				crop[a + 3] = Math.min(crop[a + 3], cart[a + 3] + 1 + mb);
			}
		}
		return crop;
	}

	private static VoxelGeometry cropGeometry(final VoxelGeometry geometry, final int[] crop) {
		final Vector3d o = geometry.indexToPatient(crop[0], crop[1], crop[2], new Vector3d());
		return geometry.withOrigin(new double[] { o.x, o.y, o.z });
	}

	/** Voxels per axis of the cropped grid (a copy). */
	public int[] dimensions() {
		return dims.clone();
	}

	/** Geometry of the cropped grid (patient LPS mm). */
	public VoxelGeometry geometry() {
		return geometry;
	}

	/** True for partial-volume fractions, false for hard masks (values 0 and 1 only). */
	public boolean isFractions() {
		return fractions;
	}

	/** The bone field on the cropped grid (a new volume over a copy of the values). O(n). */
	public Volume<FloatType> bone() {
		return Volumes.wrapFloats(bone.clone(), dims, geometry);
	}

	/** The cartilage field on the cropped grid (a new volume over a copy of the values). O(n). */
	public Volume<FloatType> cartilage() {
		return Volumes.wrapFloats(cartilage.clone(), dims, geometry);
	}

	/** Cartilage volume: Σ cartilage share × voxel volume, mm³. O(n). */
	public double cartilageVolume() {
		double sum = 0;
		for (final float c : cartilage)
			sum += c;
		return sum * geometry.voxelVolume();
	}

	/** The bone field itself (shared; for this package, not to be modified). */
	float[] boneValues() {
		return bone;
	}

	/** The cartilage field itself (shared; for this package, not to be modified). */
	float[] cartilageValues() {
		return cartilage;
	}

	@Override
	public String toString() {
		return "BoneCartilage[" + dims[0] + "×" + dims[1] + "×" + dims[2] + (fractions ? " fractions" : " masks") + ", " + geometry + "]";
	}
}
