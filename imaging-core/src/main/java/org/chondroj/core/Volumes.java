package org.chondroj.core;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.GenericByteType;
import net.imglib2.type.numeric.integer.GenericIntType;
import net.imglib2.type.numeric.integer.GenericShortType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Creating volumes and reaching their primitive arrays.
 * <p>
 * The {@code wrap…} methods and the {@code …Data} accessors share memory (no copy, O(1)); the factories without
 * an array allocate a new zero-filled array; {@link #toFloats} and {@link #copy} copy every voxel (O(n)).
 * Arrays are in x-fastest order: voxel (x, y, z) is element {@code x + nx·(y + ny·z)}.
 */
public final class Volumes {

	private Volumes() {
	}

	/** A volume over an existing {@link ArrayImg} (shared) with empty metadata. */
	public static <T extends NativeType<T> & RealType<T>> Volume<T> of(final ArrayImg<T, ?> img, final VoxelGeometry geometry) {
		return new Volume<>(img, geometry, Metadata.empty());
	}

	/** A volume over an existing {@link ArrayImg} (shared). */
	public static <T extends NativeType<T> & RealType<T>> Volume<T> of(final ArrayImg<T, ?> img, final VoxelGeometry geometry,
			final Metadata metadata) {
		return new Volume<>(img, geometry, metadata);
	}

	/** A new zero-filled 8-bit unsigned volume (masks, label maps). */
	public static Volume<UnsignedByteType> unsignedBytes(final int[] dims, final VoxelGeometry geometry) {
		return wrapUnsignedBytes(new byte[checkedSize(dims)], dims, geometry);
	}

	/** A new zero-filled 16-bit unsigned volume (scanner images). */
	public static Volume<UnsignedShortType> unsignedShorts(final int[] dims, final VoxelGeometry geometry) {
		return wrapUnsignedShorts(new short[checkedSize(dims)], dims, geometry);
	}

	/** A new zero-filled 32-bit integer volume (component labels). */
	public static Volume<IntType> ints(final int[] dims, final VoxelGeometry geometry) {
		return wrapInts(new int[checkedSize(dims)], dims, geometry);
	}

	/** A new zero-filled 32-bit float volume (computed maps, intensities). */
	public static Volume<FloatType> floats(final int[] dims, final VoxelGeometry geometry) {
		return wrapFloats(new float[checkedSize(dims)], dims, geometry);
	}

	public static Volume<UnsignedByteType> wrapUnsignedBytes(final byte[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.unsignedBytes(data, longs(dims, data.length)), geometry);
	}

	public static Volume<ByteType> wrapBytes(final byte[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.bytes(data, longs(dims, data.length)), geometry);
	}

	public static Volume<UnsignedShortType> wrapUnsignedShorts(final short[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.unsignedShorts(data, longs(dims, data.length)), geometry);
	}

	public static Volume<ShortType> wrapShorts(final short[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.shorts(data, longs(dims, data.length)), geometry);
	}

	public static Volume<IntType> wrapInts(final int[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.ints(data, longs(dims, data.length)), geometry);
	}

	public static Volume<FloatType> wrapFloats(final float[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.floats(data, longs(dims, data.length)), geometry);
	}

	public static Volume<DoubleType> wrapDoubles(final double[] data, final int[] dims, final VoxelGeometry geometry) {
		return of(ArrayImgs.doubles(data, longs(dims, data.length)), geometry);
	}

	/** The backing array of an 8-bit volume (shared, not copied). */
	public static byte[] byteData(final Volume<? extends GenericByteType<?>> volume) {
		return (byte[]) data(volume);
	}

	/** The backing array of a 16-bit volume (shared, not copied). */
	public static short[] shortData(final Volume<? extends GenericShortType<?>> volume) {
		return (short[]) data(volume);
	}

	/** The backing array of a 32-bit integer volume (shared, not copied). */
	public static int[] intData(final Volume<? extends GenericIntType<?>> volume) {
		return (int[]) data(volume);
	}

	/** The backing array of a float volume (shared, not copied). */
	public static float[] floatData(final Volume<FloatType> volume) {
		return (float[]) data(volume);
	}

	/** The backing array of a double volume (shared, not copied). */
	public static double[] doubleData(final Volume<DoubleType> volume) {
		return (double[]) data(volume);
	}

	/**
	 * The voxel values as floats: the backing array itself when the volume already is a float volume, otherwise a
	 * new array (O(n)). Callers must not modify the result.
	 */
	public static float[] floatValues(final Volume<?> volume) {
		if (volume.type() instanceof FloatType)
			return (float[]) data(volume);
		final float[] out = new float[volume.size()];
		final Cursor<? extends RealType<?>> c = volume.img().cursor();
		for (int i = 0; i < out.length; i++)
			out[i] = c.next().getRealFloat();
		return out;
	}

	/** A float copy of any volume (same geometry and metadata). O(n). */
	public static Volume<FloatType> toFloats(final Volume<?> volume) {
		final float[] values = floatValues(volume);
		final float[] copy = values == data(volume) ? values.clone() : values;
		return wrapFloats(copy, volume.dimensions(), volume.geometry()).withMetadata(volume.metadata());
	}

	/** A copy of the voxel array (same type, geometry and metadata). O(n). */
	public static <T extends NativeType<T> & RealType<T>> Volume<T> copy(final Volume<T> volume) {
		return of(volume.img().copy(), volume.geometry(), volume.metadata());
	}

	/** A new 0/1 mask volume on the grid of {@code like}, wrapping {@code mask} (shared). */
	public static Volume<UnsignedByteType> maskLike(final Volume<?> like, final byte[] mask) {
		return wrapUnsignedBytes(mask, like.dimensions(), like.geometry());
	}

	/** Number of voxels of the given dimensions; fails if not 3 positive sizes or more than 2³¹−1 voxels. */
	public static int checkedSize(final int[] dims) {
		if (dims.length != 3)
			throw new IllegalArgumentException("need 3 dimensions, got " + Arrays.toString(dims));
		long n = 1;
		for (final int d : dims) {
			if (d <= 0)
				throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dims));
			n *= d;
		}
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("volume of " + n + " voxels exceeds one Java array: " + Arrays.toString(dims));
		return (int) n;
	}

	private static long[] longs(final int[] dims, final int length) {
		if (checkedSize(dims) != length)
			throw new IllegalArgumentException("array of " + length + " voxels does not fit dimensions " + Arrays.toString(dims));
		return new long[] { dims[0], dims[1], dims[2] };
	}

	/**
	 * The backing primitive array of any volume (shared, not copied): {@code byte[]}, {@code short[]}, {@code int[]},
	 * {@code float[]}, {@code double[]} or, for packed types, {@code long[]}.
	 */
	public static Object data(final Volume<?> volume) {
		return ((ArrayDataAccess<?>) volume.img().update(null)).getCurrentStorageArray();
	}
}
