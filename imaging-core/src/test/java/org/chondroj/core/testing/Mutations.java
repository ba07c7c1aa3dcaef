package org.chondroj.core.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The byte-level mutations that the fuzz tests of every file format share (DICOM, NIfTI, MetaImage, NRRD): bit flips,
 * overwritten bytes, a truncation, inserted and deleted bytes. Each leaves its input unchanged, draws what it needs from
 * {@code r} in a fixed order (so that a seed gives the same case in every test), appends what it did to {@code what}
 * and returns the mutated bytes.
 */
public final class Mutations {

	/** The kinds {@link #common} knows: 0 to {@code COMMON_KINDS − 1}. */
	public static final int COMMON_KINDS = 5;

	private Mutations() {
	}

	/**
	 * Mutation {@code kind} of {@code in}: 0 one to eight bit flips, 1 one to eight bytes overwritten with random values,
	 * 2 a truncation, 3 an insertion ({@link #insert}), 4 a deletion ({@link #delete}). Empty input is returned as an
	 * empty copy.
	 */
	public static byte[] common(final byte[] in, final int kind, final SplittableRandom r, final StringBuilder what) {
		if (in.length == 0)
			return in.clone();
		switch (kind) {
		case 0 -> {
			final byte[] b = in.clone();
			final int n = 1 + r.nextInt(8);
			for (int k = 0; k < n; k++)
				b[r.nextInt(b.length)] ^= 1 << r.nextInt(8);
			what.append(n).append(" bit flips");
			return b;
		}
		case 1 -> {
			return overwrite(in, r, what);
		}
		case 2 -> {
			final int at = r.nextInt(in.length);
			what.append("truncated at ").append(at);
			return Arrays.copyOf(in, at);
		}
		case 3 -> {
			return insert(in, r, what);
		}
		case 4 -> {
			return delete(in, r, what);
		}
		default -> throw new IllegalArgumentException("no common mutation " + kind);
		}
	}

	/** One to eight bytes of {@code in} (non-empty) overwritten with random values. */
	public static byte[] overwrite(final byte[] in, final SplittableRandom r, final StringBuilder what) {
		final byte[] b = in.clone();
		final int n = 1 + r.nextInt(8);
		for (int k = 0; k < n; k++)
			b[r.nextInt(b.length)] = (byte) r.nextInt(256);
		what.append(n).append(" bytes overwritten");
		return b;
	}

	/** One to sixteen random bytes inserted into {@code in} at a random place. */
	public static byte[] insert(final byte[] in, final SplittableRandom r, final StringBuilder what) {
		final int at = r.nextInt(in.length + 1), n = 1 + r.nextInt(16);
		final byte[] c = new byte[in.length + n];
		System.arraycopy(in, 0, c, 0, at);
		for (int k = 0; k < n; k++)
			c[at + k] = (byte) r.nextInt(256);
		System.arraycopy(in, at, c, at + n, in.length - at);
		what.append(n).append(" bytes inserted at ").append(at);
		return c;
	}

	/** One to sixteen bytes of {@code in} (non-empty) deleted at a random place. */
	public static byte[] delete(final byte[] in, final SplittableRandom r, final StringBuilder what) {
		final int at = r.nextInt(in.length), n = Math.min(1 + r.nextInt(16), in.length - at);
		final byte[] c = new byte[in.length - n];
		System.arraycopy(in, 0, c, 0, at);
		System.arraycopy(in, at + n, c, at, in.length - at - n);
		what.append(n).append(" bytes deleted at ").append(at);
		return c;
	}
}
