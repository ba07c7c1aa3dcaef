package org.chondroj.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The voxel element types the volume file formats share, with the conversion between file bytes and the primitive
 * array of the matching ImgLib2 type. {@link #UINT32} has no 32-bit unsigned ImgLib2 array type in {@link Volumes},
 * so it is held exactly as {@code double}. Package-private: an implementation detail of the readers and writers.
 */
enum ElementType {
	UINT8(1, "uint8"), INT8(1, "int8"), UINT16(2, "uint16"), INT16(2, "int16"), INT32(4, "int32"), UINT32(4, "uint32"),
	FLOAT32(4, "float32"), FLOAT64(8, "float64");

	/** Bytes per element in a file. */
	final int bytes;
	/** Name for messages. */
	final String label;

	ElementType(final int bytes, final String label) {
		this.bytes = bytes;
		this.label = label;
	}

	/** The element type that stores {@code type} without loss, or {@code null} if none of the formats can. */
	static ElementType of(final RealType<?> type) {
		if (type instanceof UnsignedByteType)
			return UINT8;
		if (type instanceof ByteType)
			return INT8;
		if (type instanceof UnsignedShortType)
			return UINT16;
		if (type instanceof ShortType)
			return INT16;
		if (type instanceof IntType)
			return INT32;
		if (type instanceof FloatType)
			return FLOAT32;
		if (type instanceof DoubleType)
			return FLOAT64;
		return null;
	}

	/** A new zero-filled primitive array of {@code n} elements for the in-memory type. */
	Object newArray(final int n) {
		switch (this) {
		case UINT8:
		case INT8:
			return new byte[n];
		case UINT16:
		case INT16:
			return new short[n];
		case INT32:
			return new int[n];
		case FLOAT32:
			return new float[n];
		default:
			return new double[n];
		}
	}

	/**
	 * Decodes {@code length} bytes (a multiple of {@link #bytes}) of {@code src} in byte order {@code order} into
	 * {@code dest} (an array from {@link #newArray}) from element {@code destPos} on.
	 */
	void decode(final byte[] src, final int length, final ByteOrder order, final Object dest, final int destPos) {
		final ByteBuffer b = ByteBuffer.wrap(src, 0, length).order(order);
		final int n = length / bytes;
		switch (this) {
		case UINT8:
		case INT8:
			System.arraycopy(src, 0, dest, destPos, length);
			break;
		case UINT16:
		case INT16:
			b.asShortBuffer().get((short[]) dest, destPos, n);
			break;
		case INT32:
			b.asIntBuffer().get((int[]) dest, destPos, n);
			break;
		case FLOAT32:
			b.asFloatBuffer().get((float[]) dest, destPos, n);
			break;
		case FLOAT64:
			b.asDoubleBuffer().get((double[]) dest, destPos, n);
			break;
		case UINT32:
			final IntBuffer ib = b.asIntBuffer();
			final double[] d = (double[]) dest;
			for (int i = 0; i < n; i++)
				d[destPos + i] = ib.get(i) & 0xffffffffL;
			break;
		default:
			throw new AssertionError(this);
		}
	}

	/**
	 * Encodes {@code n} elements of {@code src} (the backing array of a volume of this type) from element
	 * {@code srcPos} into {@code dest} at its position, in the buffer's byte order. Not for {@link #UINT32}.
	 */
	void encode(final Object src, final int srcPos, final int n, final ByteBuffer dest) {
		final int start = dest.position();
		switch (this) {
		case UINT8:
		case INT8:
			dest.put((byte[]) src, srcPos, n);
			return;
		case UINT16:
		case INT16:
			dest.asShortBuffer().put((short[]) src, srcPos, n);
			break;
		case INT32:
			dest.asIntBuffer().put((int[]) src, srcPos, n);
			break;
		case FLOAT32:
			dest.asFloatBuffer().put((float[]) src, srcPos, n);
			break;
		case FLOAT64:
			dest.asDoubleBuffer().put((double[]) src, srcPos, n);
			break;
		default:
			throw new IllegalStateException("cannot write " + label);
		}
		dest.position(start + n * bytes);
	}

	/** A volume wrapping {@code array} (shared, from {@link #newArray}) with empty metadata. */
	Volume<?> wrap(final Object array, final int[] dims, final VoxelGeometry geometry) {
		switch (this) {
		case UINT8:
			return Volumes.wrapUnsignedBytes((byte[]) array, dims, geometry);
		case INT8:
			return Volumes.wrapBytes((byte[]) array, dims, geometry);
		case UINT16:
			return Volumes.wrapUnsignedShorts((short[]) array, dims, geometry);
		case INT16:
			return Volumes.wrapShorts((short[]) array, dims, geometry);
		case INT32:
			return Volumes.wrapInts((int[]) array, dims, geometry);
		case FLOAT32:
			return Volumes.wrapFloats((float[]) array, dims, geometry);
		default:
			return Volumes.wrapDoubles((double[]) array, dims, geometry);
		}
	}

	/**
	 * {@code array · slope + inter} as a new float array (O(n)); unsigned types are read as unsigned.
	 */
	float[] scaled(final Object array, final double slope, final double inter) {
		final int n = java.lang.reflect.Array.getLength(array);
		final float[] out = new float[n];
		switch (this) {
		case UINT8: {
			final byte[] a = (byte[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) ((a[i] & 0xff) * slope + inter);
			break;
		}
		case INT8: {
			final byte[] a = (byte[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) (a[i] * slope + inter);
			break;
		}
		case UINT16: {
			final short[] a = (short[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) ((a[i] & 0xffff) * slope + inter);
			break;
		}
		case INT16: {
			final short[] a = (short[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) (a[i] * slope + inter);
			break;
		}
		case INT32: {
			final int[] a = (int[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) (a[i] * slope + inter);
			break;
		}
		case FLOAT32: {
			final float[] a = (float[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) (a[i] * slope + inter);
			break;
		}
		default: {
			final double[] a = (double[]) array;
			for (int i = 0; i < n; i++)
				out[i] = (float) (a[i] * slope + inter);
		}
		}
		return out;
	}
}
