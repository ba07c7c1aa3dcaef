package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;


import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.AxisAngle4d;
import org.joml.Matrix3d;
import org.joml.Matrix4d;
import org.joml.Vector3d;

/** Shared fixtures of the io tests: oblique anisotropic geometries and random volumes of every type. */
final class IoTesting {

	private IoTesting() {
	}

	/** OAI-like voxel size (mm). */
	static final double[] SPACING = { 0.7, 0.3646, 0.3646 };

	/** A rotation of 23° about the oblique axis (1, 2, 3), origin (12.5, −80.25, 33.125) mm; a proper rotation. */
	static VoxelGeometry oblique() {
		final Matrix3d d = new Matrix3d().set(new AxisAngle4d(Math.toRadians(23), new Vector3d(1, 2, 3).normalize()));
		return VoxelGeometry.of(SPACING, new double[] { 12.5, -80.25, 33.125 }, d);
	}

	/** {@link #oblique()} with the third axis reversed: determinant −1. */
	static VoxelGeometry obliqueReflected() {
		final Matrix3d d = new Matrix3d().set(new AxisAngle4d(Math.toRadians(-17), new Vector3d(-2, 1, 0.5).normalize()));
		d.m20(-d.m20()).m21(-d.m21()).m22(-d.m22());
		return VoxelGeometry.of(new double[] { 0.3125, 0.3125, 1.5 }, new double[] { -101.7, 3.2, -45.0 }, d);
	}

	static final int[] DIMS = { 7, 5, 4 };

	/** Names of the seven voxel types a volume can be written in. */
	static final List<String> TYPES = List.of("uint8", "int8", "uint16", "int16", "int32", "float32", "float64");

	/** A volume of the named type on {@code g} with random values over the type's whole range (incl. extremes). */
	static Volume<?> random(final String type, final VoxelGeometry g, final long seed) {
		final Random r = new Random(seed);
		final int n = DIMS[0] * DIMS[1] * DIMS[2];
		switch (type) {
		case "uint8":
		case "int8": {
			final byte[] a = new byte[n];
			r.nextBytes(a);
			a[0] = (byte) 0xff;
			a[1] = (byte) 0x80;
			return type.equals("uint8") ? Volumes.wrapUnsignedBytes(a, DIMS, g) : Volumes.wrapBytes(a, DIMS, g);
		}
		case "uint16":
		case "int16": {
			final short[] a = new short[n];
			for (int i = 0; i < n; i++)
				a[i] = (short) r.nextInt();
			a[0] = (short) 0xffff;
			a[1] = Short.MIN_VALUE;
			return type.equals("uint16") ? Volumes.wrapUnsignedShorts(a, DIMS, g) : Volumes.wrapShorts(a, DIMS, g);
		}
		case "int32": {
			final int[] a = new int[n];
			for (int i = 0; i < n; i++)
				a[i] = r.nextInt();
			a[0] = Integer.MIN_VALUE;
			a[1] = Integer.MAX_VALUE;
			return Volumes.wrapInts(a, DIMS, g);
		}
		case "float32": {
			final float[] a = new float[n];
			for (int i = 0; i < n; i++)
				a[i] = (float) (r.nextGaussian() * 1e3);
			a[0] = Float.MIN_VALUE;
			a[1] = -Float.MAX_VALUE;
			a[2] = Float.NaN;
			return Volumes.wrapFloats(a, DIMS, g);
		}
		case "float64": {
			final double[] a = new double[n];
			for (int i = 0; i < n; i++)
				a[i] = r.nextGaussian() * 1e6;
			a[0] = Double.MIN_VALUE;
			a[1] = -Double.MAX_VALUE;
			a[2] = Double.NEGATIVE_INFINITY;
			return Volumes.wrapDoubles(a, DIMS, g);
		}
		default:
			throw new IllegalArgumentException(type);
		}
	}

	/** The backing primitive array of a volume. */
	static Object data(final Volume<?> v) {
		return Volumes.data(v);
	}

	/** Same voxel type, dimensions and bit-identical voxels. */
	static void assertSameVoxels(final Volume<?> expected, final Volume<?> actual) {
		assertEquals(expected.type().getClass(), actual.type().getClass(), "voxel type");
		assertArrayEquals(expected.dimensions(), actual.dimensions(), "dimensions");
		final Object e = data(expected), a = data(actual);
		if (e instanceof byte[])
			assertArrayEquals((byte[]) e, (byte[]) a);
		else if (e instanceof short[])
			assertArrayEquals((short[]) e, (short[]) a);
		else if (e instanceof int[])
			assertArrayEquals((int[]) e, (int[]) a);
		else if (e instanceof float[]) {
			final float[] x = (float[]) e, y = (float[]) a;
			assertEquals(x.length, y.length);
			for (int i = 0; i < x.length; i++)
				assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), "voxel " + i);
		} else if (e instanceof double[]) {
			final double[] x = (double[]) e, y = (double[]) a;
			assertEquals(x.length, y.length);
			for (int i = 0; i < x.length; i++)
				assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), "voxel " + i);
		} else
			fail("unexpected storage " + e);
	}

	/** Spacing, origin and direction agree to {@code tol} (mm, and unitless for the direction). */
	static void assertGeometry(final VoxelGeometry expected, final VoxelGeometry actual, final double tol) {
		assertTrue(expected.approximatelyEquals(actual, tol), () -> "expected " + expected + "\nbut got  " + actual);
		assertAffine(expected.indexToPatientAffine(), actual.indexToPatientAffine(), tol, "index→LPS affine");
	}

	/** Every element of two 4×4 matrices agrees to {@code tol}. */
	static void assertAffine(final Matrix4d expected, final Matrix4d actual, final double tol, final String what) {
		for (int row = 0; row < 4; row++)
			for (int col = 0; col < 4; col++)
				assertEquals(expected.getRowColumn(row, col), actual.getRowColumn(row, col), tol,
						what + " element (" + row + ", " + col + ")\nexpected " + expected + "\nactual " + actual);
	}

	/** A matrix from 16 numbers in row order, as nibabel prints with {@code affine.ravel()}. */
	static Matrix4d rowMajor(final double[] v) {
		final Matrix4d m = new Matrix4d();
		for (int row = 0; row < 4; row++)
			for (int col = 0; col < 4; col++)
				m.setRowColumn(row, col, v[4 * row + col]);
		return m;
	}

	/** Parses whitespace-separated numbers. */
	static double[] numbers(final String text) {
		final String t = text.trim();
		if (t.isEmpty())
			return new double[0];
		final String[] parts = t.split("\\s+");
		final double[] out = new double[parts.length];
		for (int i = 0; i < parts.length; i++)
			out[i] = Double.parseDouble(parts[i]);
		return out;
	}

	static String name(final Path p) {
		return p.getFileName().toString();
	}
}
