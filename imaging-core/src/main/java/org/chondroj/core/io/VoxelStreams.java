package org.chondroj.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;


import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;

/**
 * Voxel data to and from streams, with every size a header claims checked against what the file really holds.
 * Package-private helpers of the format classes.
 */
final class VoxelStreams {

	/** Largest number of voxels of one volume (one Java array). */
	static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

	/** Chunk size for reading and writing: a multiple of every element size, so no element straddles chunks. */
	private static final int CHUNK = 1 << 22;

	private VoxelStreams() {
	}

	/**
	 * Checks three sizes read from a header: positive, and at most {@link #MAX_VOXELS} voxels in total.
	 *
	 * @return the number of voxels
	 */
	static int checkedVoxelCount(final long[] dims, final Path file) throws VolumeFormatException {
		long n = 1;
		for (final long d : dims) {
			if (d <= 0)
				throw new VolumeFormatException(file, "dimensions must be positive, header says " + Arrays.toString(dims));
			if (d > MAX_VOXELS)
				throw new VolumeFormatException(file, "too many voxels: dimensions " + Arrays.toString(dims)
						+ " exceed the largest volume this reader holds (" + MAX_VOXELS + " voxels)");
			n *= d; // at most (2^31)^2 after the previous check, and checked again at once
			if (n > MAX_VOXELS)
				throw new VolumeFormatException(file, "too many voxels: dimensions " + Arrays.toString(dims)
						+ " exceed the largest volume this reader holds (" + MAX_VOXELS + " voxels)");
		}
		return (int) n;
	}

	/**
	 * Reads {@code n} elements of {@code type} in byte order {@code order} from {@code in} (positioned at the first
	 * voxel) into a new primitive array ({@link ElementType#newArray}).
	 * <p>
	 * When {@code available} (bytes the stream can deliver, e.g. file size minus header) is known (≥ 0) it is
	 * checked first and the array is filled as the bytes arrive (memory: the array plus one 4 MB buffer). When it is
	 * unknown (−1, compressed streams), the claimed size must be within the {@link DecompressionLimit}, and nothing is
	 * allocated from it: the bytes are collected in 4 MB chunks as the stream delivers them (no more than claimed),
	 * and the array is allocated only once all of them have arrived (memory: twice the voxel data at the peak). Either way an early end of the data is a {@link VolumeFormatException}
	 * saying how much the header claims and how much there is; any other {@link IOException} of the stream (corrupt
	 * compressed data) is reported the same way with the file name.
	 */
	static Object read(final InputStream in, final long available, final ElementType type, final ByteOrder order, final int n,
			final Path file) throws VolumeFormatException {
		final long needed = (long) n * type.bytes;
		if (available >= 0 && available < needed)
			throw truncated(file, n, type, available);
		if (available < 0)
			checkInflated(file, needed, "voxel data");
		try {
			if (available >= 0) {
				final Object dest = type.newArray(n);
				final byte[] buffer = new byte[(int) Math.min(CHUNK, needed)];
				long done = 0;
				while (done < needed) {
					final int want = (int) Math.min(buffer.length, needed - done);
					final int got = in.readNBytes(buffer, 0, want);
					if (got < want)
						throw truncated(file, n, type, done + got);
					type.decode(buffer, got, order, dest, (int) (done / type.bytes));
					done += got;
				}
				return dest;
			}
			final List<byte[]> chunks = new ArrayList<>();
			long done = 0;
			while (done < needed) {
				final int want = (int) Math.min(CHUNK, needed - done);
				final byte[] chunk = in.readNBytes(want);
				done += chunk.length;
				if (chunk.length < want)
					throw truncated(file, n, type, done);
				chunks.add(chunk);
			}
			in.read(); // reaches the end of a gzip member, so that its CRC is checked (ignores data after the voxels)
			final Object dest = type.newArray(n);
			int pos = 0;
			for (final byte[] chunk : chunks) {
				type.decode(chunk, chunk.length, order, dest, pos);
				pos += chunk.length / type.bytes;
			}
			return dest;
		} catch (final VolumeFormatException e) {
			throw e;
		} catch (final IOException e) {
			throw new VolumeFormatException(file, "corrupt or truncated compressed data (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Refuses compressed data whose header promises more than the {@link DecompressionLimit} of decompressed bytes,
	 * before anything is inflated.
	 *
	 * @param bytes what the header says decompresses (skipped bytes and voxels)
	 */
	static void checkInflated(final Path file, final long bytes, final String what) throws VolumeFormatException {
		if (bytes > DecompressionLimit.maxBytes())
			throw new VolumeFormatException(file, String.format(Locale.ROOT, "the header promises %d bytes of %s after decompression, more than %s",
					bytes, what, DecompressionLimit.describe()));
	}

	static VolumeFormatException truncated(final Path file, final int n, final ElementType type, final long held) {
		return new VolumeFormatException(file, String.format(Locale.ROOT,
				"truncated: header says %d voxels of %d bytes, file holds %d bytes of voxel data", n, type.bytes, held));
	}

	/**
	 * Writes the voxels of {@code volume} (of element type {@code type}) to {@code out} in byte order {@code order},
	 * through one 4 MB buffer (no copy of the volume).
	 */
	static void write(final Volume<?> volume, final ElementType type, final ByteOrder order, final OutputStream out)
			throws IOException {
		final Object data = Volumes.data(volume);
		final int n = volume.size();
		final int perChunk = CHUNK / type.bytes;
		final ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, (long) n * type.bytes)).order(order);
		for (int pos = 0; pos < n; pos += perChunk) {
			final int count = Math.min(perChunk, n - pos);
			buffer.clear();
			type.encode(data, pos, count, buffer);
			out.write(buffer.array(), 0, count * type.bytes);
		}
	}

	/** Skips exactly {@code count} bytes of {@code in}; an early end is a {@link VolumeFormatException}. */
	static void skip(final InputStream in, final long count, final Path file, final String what) throws VolumeFormatException {
		try {
			long left = count;
			while (left > 0) {
				final long s = in.skip(left);
				if (s > 0) {
					left -= s;
					continue;
				}
				if (in.read() < 0)
					throw new VolumeFormatException(file, "truncated: the file ends inside " + what + " (" + (count - left)
							+ " of " + count + " bytes)");
				left--;
			}
		} catch (final VolumeFormatException e) {
			throw e;
		} catch (final IOException e) {
			throw new VolumeFormatException(file, "cannot read " + what + " (" + e.getMessage() + ")", e);
		}
	}
}
