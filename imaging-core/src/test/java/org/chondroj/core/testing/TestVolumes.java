package org.chondroj.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Test inputs made in code, and the exchange of arrays with Python (raw little-endian files, x fastest). */
public final class TestVolumes {

	private TestVolumes() {
	}

	/**
	 * A mask of {@code blobs} random ellipsoids (semi-axes 1..maxRadius voxels) plus salt noise of the given density:
	 * many components of many shapes, some touching the border.
	 */
	public static Volume<UnsignedByteType> randomBlobs(final int[] dims, final double[] spacing, final long seed, final int blobs,
			final int maxRadius, final double noise) {
		final SplittableRandom r = new SplittableRandom(seed);
		final byte[] m = new byte[dims[0] * dims[1] * dims[2]];
		for (int b = 0; b < blobs; b++) {
			final double cx = r.nextDouble(dims[0]), cy = r.nextDouble(dims[1]), cz = r.nextDouble(dims[2]);
			final double ax = 0.5 + r.nextDouble(maxRadius), ay = 0.5 + r.nextDouble(maxRadius), az = 0.5 + r.nextDouble(maxRadius);
			for (int z = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++) {
						final double u = (x - cx) / ax, v = (y - cy) / ay, w = (z - cz) / az;
						if (u * u + v * v + w * w <= 1)
							m[x + dims[0] * (y + dims[1] * z)] = 1;
					}
		}
		for (int i = 0; i < m.length; i++)
			if (r.nextDouble() < noise)
				m[i] ^= 1;
		return Volumes.wrapUnsignedBytes(m, dims, VoxelGeometry.axisAligned(spacing));
	}

	/** Runs {@code work} with parallel streams limited to one thread (to check results do not depend on threads). */
	public static <T> T singleThreaded(final Supplier<T> work) throws Exception {
		final ForkJoinPool pool = new ForkJoinPool(1);
		try {
			return pool.submit(work::get).get();
		} finally {
			pool.shutdown();
		}
	}

	public static void writeBytes(final byte[] data, final Path file) throws IOException {
		Files.write(file, data);
	}

	public static void writeFloats(final float[] data, final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(data);
		Files.write(file, b.array());
	}

	public static double[] readDoubles(final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		final double[] out = new double[b.remaining() / 8];
		b.asDoubleBuffer().get(out);
		return out;
	}

	public static int[] readInts(final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		final int[] out = new int[b.remaining() / 4];
		b.asIntBuffer().get(out);
		return out;
	}
}
