package org.chondroj.segment;

/** The Dice coefficient of two label maps, for the segmentation tests. */
final class Dice {

	private Dice() {
	}

	/** Dice of the voxels whose label is in {@code values}, in {@code truth} against {@code found}. */
	static double of(final byte[] truth, final byte[] found, final int... values) {
		return of(truth, values, found, values);
	}

	/**
	 * Dice of the voxels of {@code truth} whose value is in {@code truthValues} against those of {@code found} whose
	 * value is in {@code foundValues}; 1 when both are empty.
	 */
	static double of(final byte[] truth, final int[] truthValues, final byte[] found, final int[] foundValues) {
		final boolean[] inTruth = new boolean[256], inFound = new boolean[256];
		for (final int v : truthValues)
			inTruth[v] = true;
		for (final int v : foundValues)
			inFound[v] = true;
		long both = 0, t = 0, f = 0;
		for (int i = 0; i < truth.length; i++) {
			final boolean a = inTruth[truth[i] & 0xFF], b = inFound[found[i] & 0xFF];
			if (a)
				t++;
			if (b)
				f++;
			if (a && b)
				both++;
		}
		return t + f == 0 ? 1 : 2.0 * both / (t + f);
	}
}
