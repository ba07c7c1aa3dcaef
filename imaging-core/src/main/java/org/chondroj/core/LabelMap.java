package org.chondroj.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A label map: an 8-bit volume of small integers (0 = background, 1..255 = structures) plus the
 * {@link LabelTable} naming them.
 * <p>
 * Immutable in intent: the voxels are shared with the volume passed in, and nothing here modifies them. Each
 * query is one pass over the voxels (O(n), parallel over slices).
 */
public final class LabelMap {

	/** The largest label value a label map holds. */
	public static final int MAX_LABEL = 255;

	private final Volume<UnsignedByteType> volume;
	private final LabelTable table;

	private LabelMap(final Volume<UnsignedByteType> volume, final LabelTable table) {
		this.volume = Objects.requireNonNull(volume);
		this.table = Objects.requireNonNull(table);
	}

	/** A label map over an 8-bit volume (shared). */
	public static LabelMap of(final Volume<UnsignedByteType> volume, final LabelTable table) {
		return new LabelMap(volume, table);
	}

	/**
	 * A label map from a volume of any integer-valued type (e.g. a uint16 NIfTI label file), copied into 8 bits.
	 *
	 * @throws IllegalArgumentException naming the voxel and value if a voxel is not an integer in 0..255
	 */
	public static LabelMap fromVolume(final Volume<?> source, final LabelTable table) {
		if (source.type() instanceof UnsignedByteType)
			return new LabelMap(castBytes(source), table);
		final byte[] out = new byte[source.size()];
		final Cursor<? extends RealType<?>> c = source.img().cursor();
		for (int i = 0; i < out.length; i++) {
			final double v = c.next().getRealDouble();
			if (v < 0 || v > MAX_LABEL || v != Math.rint(v)) {
				final int[] d = source.dimensions();
				throw new IllegalArgumentException("voxel (" + i % d[0] + ", " + (i / d[0]) % d[1] + ", " + i / (d[0] * d[1])
						+ ") holds " + v + ", which is not a label value (an integer in 0.." + MAX_LABEL + ")"
						+ sourceSuffix(source));
			}
			out[i] = (byte) (int) v;
		}
		return new LabelMap(Volumes.wrapUnsignedBytes(out, source.dimensions(), source.geometry()).withMetadata(source.metadata()), table);
	}

	@SuppressWarnings("unchecked")
	private static Volume<UnsignedByteType> castBytes(final Volume<?> v) {
		return (Volume<UnsignedByteType>) v;
	}

	private static String sourceSuffix(final Volume<?> v) {
		final String s = v.metadata().get(Metadata.SOURCE);
		return s == null ? "" : " in " + s;
	}

	public Volume<UnsignedByteType> volume() {
		return volume;
	}

	public LabelTable table() {
		return table;
	}

	/** A new 0/1 mask of the voxels holding any of {@code labels}, on the same grid. */
	public Volume<UnsignedByteType> mask(final int... labels) {
		final boolean[] wanted = new boolean[MAX_LABEL + 1];
		for (final int l : labels) {
			if (l < 0 || l > MAX_LABEL)
				throw new IllegalArgumentException("label value " + l + " is outside 0.." + MAX_LABEL);
			wanted[l] = true;
		}
		final byte[] in = Volumes.byteData(volume);
		final byte[] out = new byte[in.length];
		final int slice = volume.dimension(0) * volume.dimension(1);
		Parallel.forEach(volume.dimension(2), z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				out[i] = wanted[in[i] & 0xff] ? (byte) 1 : 0;
		});
		return Volumes.maskLike(volume, out);
	}

	/** Voxel count of every label value: element v = number of voxels holding v (length 256). */
	public long[] counts() {
		final byte[] in = Volumes.byteData(volume);
		final int nz = volume.dimension(2), slice = volume.dimension(0) * volume.dimension(1);
		final long[][] perSlice = new long[nz][];
		Parallel.forEach(nz, z -> {
			final long[] c = new long[MAX_LABEL + 1];
			for (int i = z * slice, end = i + slice; i < end; i++)
				c[in[i] & 0xff]++;
			perSlice[z] = c;
		});
		final long[] total = new long[MAX_LABEL + 1];
		for (final long[] c : perSlice)
			for (int v = 0; v <= MAX_LABEL; v++)
				total[v] += c[v];
		return total;
	}

	/** Volume of {@code label}, mm³ (voxel count × voxel volume). */
	public double volumeMm3(final int label) {
		return counts()[label] * volume.geometry().voxelVolume();
	}

	/**
	 * The bounding box (voxel indices, inclusive) of every label present, 0 excluded, in ascending label order.
	 */
	public SortedMap<Integer, FinalInterval> boundingBoxes() {
		final byte[] in = Volumes.byteData(volume);
		final int nx = volume.dimension(0), ny = volume.dimension(1), nz = volume.dimension(2);
		// per slice: min x, max x, min y, max y for each label (empty when min > max)
		final int[][] perSlice = new int[nz][];
		Parallel.forEach(nz, z -> {
			final int[] b = new int[4 * (MAX_LABEL + 1)];
			for (int l = 0; l <= MAX_LABEL; l++) {
				b[4 * l] = b[4 * l + 2] = Integer.MAX_VALUE;
				b[4 * l + 1] = b[4 * l + 3] = -1;
			}
			for (int y = 0, i = z * nx * ny; y < ny; y++)
				for (int x = 0; x < nx; x++, i++) {
					final int l = 4 * (in[i] & 0xff);
					if (x < b[l]) b[l] = x;
					if (x > b[l + 1]) b[l + 1] = x;
					if (y < b[l + 2]) b[l + 2] = y;
					if (y > b[l + 3]) b[l + 3] = y;
				}
			perSlice[z] = b;
		});
		final SortedMap<Integer, FinalInterval> boxes = new TreeMap<>();
		for (int l = 1; l <= MAX_LABEL; l++) {
			final long[] min = { Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE };
			final long[] max = { -1, -1, -1 };
			for (int z = 0; z < nz; z++) {
				final int[] b = perSlice[z];
				if (b[4 * l + 1] < 0)
					continue;
				min[0] = Math.min(min[0], b[4 * l]);
				max[0] = Math.max(max[0], b[4 * l + 1]);
				min[1] = Math.min(min[1], b[4 * l + 2]);
				max[1] = Math.max(max[1], b[4 * l + 3]);
				min[2] = Math.min(min[2], z);
				max[2] = z;
			}
			if (max[0] >= 0)
				boxes.put(l, new FinalInterval(min, max));
		}
		return boxes;
	}

	/** The labels present (non-zero count), ascending. */
	public int[] labelsPresent() {
		final long[] c = counts();
		return java.util.stream.IntStream.rangeClosed(1, MAX_LABEL).filter(l -> c[l] > 0).toArray();
	}

	@Override
	public String toString() {
		return "LabelMap[" + Arrays.toString(volume.dimensions()) + ", labels " + Arrays.toString(labelsPresent()) + ", " + table + "]";
	}
}
