package org.chondroj.core.algorithm;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Sorted regular subsamples of voxel values, for the percentiles and levels of large images at the cost of one sort
 * of at most a given number of values: of the chosen voxels, every k-th in index order, with k the least step that
 * leaves at most that number. There is no random draw, so the same image always gives the same values.
 */
public final class Samples {

	private Samples() {
	}

	/** {@link #sorted(float[], IntPredicate, int)} of every voxel: {@code values[0], values[k], values[2k], …} sorted. */
	public static float[] sorted(final float[] values, final int max) {
		final int step = step(values.length, max);
		final float[] out = new float[(values.length + step - 1) / step];
		for (int i = 0, k = 0; i < values.length; i += step)
			out[k++] = values[i];
		Arrays.sort(out);
		return out;
	}

	/**
	 * The values at the indices i where {@code chosen.test(i)}, every k-th of them in index order (the first
	 * included), with k = ⌈count / max⌉ (at least 1), sorted ascending; empty when none is chosen. Two passes over the
	 * indices and one sort of at most {@code max} values.
	 */
	public static float[] sorted(final float[] values, final IntPredicate chosen, final int max) {
		long count = 0;
		for (int i = 0; i < values.length; i++)
			if (chosen.test(i))
				count++;
		final int step = step(count, max);
		final float[] out = new float[(int) ((count + step - 1) / step)];
		int k = 0;
		long seen = 0;
		for (int i = 0; i < values.length; i++)
			if (chosen.test(i) && seen++ % step == 0)
				out[k++] = values[i];
		Arrays.sort(out);
		return out;
	}

	private static int step(final long count, final int max) {
		if (max < 1)
			throw new IllegalArgumentException("a subsample needs room for at least one value: max = " + max);
		return (int) Math.max(1, (count + max - 1) / max);
	}
}
