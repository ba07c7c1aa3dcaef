package org.chondroj.core.algorithm;

import java.util.Objects;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix4d;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Resampling a volume onto another grid through patient coordinates: each target voxel centre is placed in the
 * patient (target geometry) and looked up in the source at that position (source geometry). Spacing, origin and
 * direction of both grids are honoured, so series that share a frame of reference are aligned without
 * registration.
 * <p>
 * The target → source mapping is one 3×4 affine, computed once. A target voxel whose continuous source index lies
 * outside [−0.5, n − 0.5] on any axis (outside the source's voxels) gets 0; within half a voxel of the border the
 * border value is used. Continuous indices within {@value #SNAP} voxel of a voxel centre (or, for
 * {@link Interpolation#NEAREST}, of a point halfway between two centres) are snapped to it, so that grids that
 * coincide up to rounding give exact copies and ties are always rounded up.
 * <p>
 * The source is not modified; the result is a new volume on the target grid with the source's metadata. Cost:
 * O(m) for m target voxels (plus, for {@link Interpolation#LINEAR} on a non-float source, a float copy of the
 * source), split over target slices with {@link Parallel}; the output does not depend on the number of threads.
 */
public final class Resampling {

	/** Snapping distance, voxels. */
	public static final double SNAP = 1e-6;

	private Resampling() {
	}

	/**
	 * The source resampled onto the grid of {@code reference} (its dimensions and geometry; its voxels are not read).
	 *
	 * @return as {@link #resample(Volume, int[], VoxelGeometry, Interpolation)}
	 */
	public static <T extends NativeType<T> & RealType<T>> Volume<?> resample(final Volume<T> source, final Volume<?> reference,
			final Interpolation interpolation) {
		return resample(source, reference.dimensions(), reference.geometry(), interpolation);
	}

	/**
	 * The source resampled onto a target grid.
	 *
	 * @param source the volume to sample; not modified
	 * @param targetDims size of the target grid, voxels
	 * @param targetGeometry where the target voxels are (mm, LPS)
	 * @param interpolation {@link Interpolation#NEAREST}: a volume of the source's voxel type ({@link #nearest});
	 *        {@link Interpolation#LINEAR}: a float volume ({@link #linear})
	 * @return a new volume on the target grid, with the source's metadata
	 */
	public static <T extends NativeType<T> & RealType<T>> Volume<?> resample(final Volume<T> source, final int[] targetDims,
			final VoxelGeometry targetGeometry, final Interpolation interpolation) {
		switch (Objects.requireNonNull(interpolation, "interpolation")) {
		case NEAREST:
			return nearest(source, targetDims, targetGeometry);
		case LINEAR:
			return linear(source, targetDims, targetGeometry);
		default:
			throw new AssertionError(interpolation);
		}
	}

	/**
	 * Nearest-neighbour resampling (labels, masks): each target voxel is a copy of the value of the source voxel
	 * nearest to it (index {@code floor(c + 0.5)} per axis), or 0 outside the source. Only values of the source (and 0)
	 * occur in the result.
	 *
	 * @return a new volume of the source's voxel type on the target grid, with the source's metadata
	 */
	public static <T extends NativeType<T> & RealType<T>> Volume<T> nearest(final Volume<T> source, final int[] targetDims,
			final VoxelGeometry targetGeometry) {
		Volumes.checkedSize(targetDims);
		final double[] a = targetToSource(source.geometry(), targetGeometry);
		final int tx = targetDims[0], ty = targetDims[1], tz = targetDims[2];
		final int nx = source.dimension(0), ny = source.dimension(1), nz = source.dimension(2);
		final T type = source.type();
		final ArrayImg<T, ?> img = new ArrayImgFactory<>(type).create(tx, ty, tz);
		final Volume<T> result = Volumes.of(img, targetGeometry, source.metadata());
		final boolean primitive = type.getEntitiesPerPixel().getRatio() == 1;
		final Object from = primitive ? Volumes.data(source) : null, to = primitive ? Volumes.data(result) : null;
		Parallel.forEach(tz, z -> {
			final int[] index = new int[tx];
			final RandomAccess<T> in = primitive ? null : source.img().randomAccess(), out = primitive ? null : img.randomAccess();
			for (int y = 0; y < ty; y++) {
				for (int x = 0; x < tx; x++) {
					final double ci = a[0] * x + a[1] * y + a[2] * z + a[3];
					final double cj = a[4] * x + a[5] * y + a[6] * z + a[7];
					final double ck = a[8] * x + a[9] * y + a[10] * z + a[11];
					if (outside(ci, nx) || outside(cj, ny) || outside(ck, nz))
						index[x] = -1;
					else
						index[x] = nearestIndex(ci, nx) + nx * (nearestIndex(cj, ny) + ny * nearestIndex(ck, nz));
				}
				final int row = tx * (y + ty * z);
				if (primitive)
					gather(from, to, index, row);
				else
					for (int x = 0; x < tx; x++) { // packed voxel types (bits, 12-bit): through ImgLib2 accessors
						out.setPosition(x, 0);
						out.setPosition(y, 1);
						out.setPosition(z, 2);
						if (index[x] < 0)
							out.get().setZero();
						else {
							in.setPosition(index[x] % nx, 0);
							in.setPosition(index[x] / nx % ny, 1);
							in.setPosition(index[x] / nx / ny, 2);
							out.get().set(in.get());
						}
					}
			}
		});
		return result;
	}

	/**
	 * Trilinear resampling (intensities), computed in double and stored as float; 0 outside the source, the border
	 * value within half a voxel of the border (as SciPy's {@code map_coordinates(order=1, mode='nearest')} inside).
	 *
	 * @return a new float volume on the target grid, with the source's metadata
	 */
	public static Volume<FloatType> linear(final Volume<?> source, final int[] targetDims, final VoxelGeometry targetGeometry) {
		final int size = Volumes.checkedSize(targetDims);
		final double[] a = targetToSource(source.geometry(), targetGeometry);
		final int tx = targetDims[0], ty = targetDims[1], tz = targetDims[2];
		final int nx = source.dimension(0), ny = source.dimension(1), nz = source.dimension(2), plane = nx * ny;
		final float[] v = Volumes.floatValues(source);
		final float[] out = new float[size];
		Parallel.forEach(tz, z -> {
			for (int y = 0; y < ty; y++)
				for (int x = 0, t = tx * (y + ty * z); x < tx; x++, t++) {
					double ci = a[0] * x + a[1] * y + a[2] * z + a[3];
					double cj = a[4] * x + a[5] * y + a[6] * z + a[7];
					double ck = a[8] * x + a[9] * y + a[10] * z + a[11];
					if (outside(ci, nx) || outside(cj, ny) || outside(ck, nz))
						continue; // stays 0
					ci = clamp(snap(ci), nx);
					cj = clamp(snap(cj), ny);
					ck = clamp(snap(ck), nz);
					final int i = lower(ci, nx), j = lower(cj, ny), k = lower(ck, nz);
					final double fi = ci - i, fj = cj - j, fk = ck - k;
					final int di = nx > 1 ? 1 : 0, dj = ny > 1 ? nx : 0, dk = nz > 1 ? plane : 0;
					final int p = i + nx * j + plane * k;
					final double c00 = v[p] + fi * (v[p + di] - v[p]);
					final double c10 = v[p + dj] + fi * (v[p + dj + di] - v[p + dj]);
					final double c01 = v[p + dk] + fi * (v[p + dk + di] - v[p + dk]);
					final double c11 = v[p + dk + dj] + fi * (v[p + dk + dj + di] - v[p + dk + dj]);
					final double c0 = c00 + fj * (c10 - c00), c1 = c01 + fj * (c11 - c01);
					out[t] = (float) (c0 + fk * (c1 - c0));
				}
		});
		return Volumes.wrapFloats(out, targetDims, targetGeometry).withMetadata(source.metadata());
	}

	/** Target voxel index → continuous source index, as a row-major 3×4 matrix. */
	static double[] targetToSource(final VoxelGeometry source, final VoxelGeometry target) {
		final Matrix4d m = source.indexToPatientAffine().invertAffine().mul(target.indexToPatientAffine());
		final double[] a = new double[12];
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				a[4 * r + c] = m.get(c, r);
		return a;
	}

	private static boolean outside(final double c, final int n) {
		return !(c >= -0.5 - SNAP && c <= n - 0.5 + SNAP); // NaN is outside
	}

	private static double snap(final double c) {
		final double r = Math.rint(c);
		return Math.abs(c - r) < SNAP ? r : c;
	}

	private static double clamp(final double c, final int n) {
		return c < 0 ? 0 : c > n - 1 ? n - 1 : c;
	}

	/** Lower corner of the interpolation cell of c ∈ [0, n−1]: at most n − 2 so that the upper neighbour exists. */
	private static int lower(final double c, final int n) {
		final int i = (int) c;
		return n > 1 && i > n - 2 ? n - 2 : i;
	}

	/** Index of the nearest voxel, ties (to within {@link #SNAP}) rounded up, clamped to the grid. */
	private static int nearestIndex(final double c, final int n) {
		double r = c + 0.5;
		final double rr = Math.rint(r);
		if (Math.abs(r - rr) < SNAP)
			r = rr;
		final int i = (int) Math.floor(r);
		return i < 0 ? 0 : i >= n ? n - 1 : i;
	}

	/** to[row + x] = from[index[x]], or 0 where index[x] &lt; 0, for one primitive element per voxel. */
	private static void gather(final Object from, final Object to, final int[] index, final int row) {
		if (from instanceof byte[]) {
			final byte[] f = (byte[]) from, t = (byte[]) to;
			for (int x = 0; x < index.length; x++)
				t[row + x] = index[x] < 0 ? 0 : f[index[x]];
		} else if (from instanceof short[]) {
			final short[] f = (short[]) from, t = (short[]) to;
			for (int x = 0; x < index.length; x++)
				t[row + x] = index[x] < 0 ? 0 : f[index[x]];
		} else if (from instanceof int[]) {
			final int[] f = (int[]) from, t = (int[]) to;
			for (int x = 0; x < index.length; x++)
				t[row + x] = index[x] < 0 ? 0 : f[index[x]];
		} else if (from instanceof long[]) {
			final long[] f = (long[]) from, t = (long[]) to;
			for (int x = 0; x < index.length; x++)
				t[row + x] = index[x] < 0 ? 0 : f[index[x]];
		} else if (from instanceof float[]) {
			final float[] f = (float[]) from, t = (float[]) to;
			for (int x = 0; x < index.length; x++)
				t[row + x] = index[x] < 0 ? 0 : f[index[x]];
		} else if (from instanceof double[]) {
			final double[] f = (double[]) from, t = (double[]) to;
			for (int x = 0; x < index.length; x++)
				t[row + x] = index[x] < 0 ? 0 : f[index[x]];
		} else
			throw new IllegalArgumentException("unsupported voxel storage " + from.getClass().getSimpleName());
	}
}
