package org.chondroj.core.mesh;

/**
 * Exact nearest-neighbour queries on a set of points in 3-D (mesh vertices, for example): a balanced k-d tree.
 * <p>
 * The tree is implicit: the points are permuted so that the median of every range (along the axis of the range's
 * largest extent) sits in the middle of it, with the smaller values before and the larger after; one byte per point
 * records the split axis. A query descends to the nearer side first and visits the other side only when the splitting
 * plane is closer than the best distance so far.
 * <p>
 * Cost: building O(n log n) time and 17 bytes per point (positions copied as floats, ids, axes); a query about
 * O(log n). Immutable and thread-safe; each thread queries through its own {@link Search} (no allocation per
 * query). Deterministic: among points at exactly the same distance, the one met first in the fixed traversal order
 * wins.
 */
public final class PointIndex {

	/** Point ids in tree order. */
	private final int[] ids;
	/** Positions in tree order, x y z interleaved. */
	private final float[] xyz;
	/** Split axis of the range whose median is at each position. */
	private final byte[] axes;
	private final int depth;

	private PointIndex(final float[] points, final int[] pointIds) {
		final int n = pointIds.length;
		ids = pointIds.clone();
		xyz = new float[3 * n];
		for (int i = 0; i < n; i++) {
			final int p = ids[i];
			if (p < 0 || 3 * p + 2 >= points.length)
				throw new IllegalArgumentException("point " + p + " of " + points.length / 3);
			xyz[3 * i] = points[3 * p];
			xyz[3 * i + 1] = points[3 * p + 1];
			xyz[3 * i + 2] = points[3 * p + 2];
		}
		axes = new byte[n];
		depth = build(0, n, 0);
	}

	/** Arranges [lo, hi) as a subtree; returns its depth. */
	private int build(final int lo, final int hi, final int level) {
		if (hi - lo <= 0)
			return level;
		if (hi - lo == 1)
			return level + 1;
		float minX = Float.POSITIVE_INFINITY, minY = minX, minZ = minX, maxX = Float.NEGATIVE_INFINITY, maxY = maxX, maxZ = maxX;
		for (int i = lo; i < hi; i++) {
			minX = Math.min(minX, xyz[3 * i]);
			maxX = Math.max(maxX, xyz[3 * i]);
			minY = Math.min(minY, xyz[3 * i + 1]);
			maxY = Math.max(maxY, xyz[3 * i + 1]);
			minZ = Math.min(minZ, xyz[3 * i + 2]);
			maxZ = Math.max(maxZ, xyz[3 * i + 2]);
		}
		final float ex = maxX - minX, ey = maxY - minY, ez = maxZ - minZ;
		final int axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
		final int mid = (lo + hi) >>> 1;
		select(lo, hi - 1, mid, axis);
		axes[mid] = (byte) axis;
		return Math.max(build(lo, mid, level + 1), build(mid + 1, hi, level + 1));
	}

	/** Quickselect on [lo, hi] (inclusive): afterwards position k holds its rank, smaller before, larger after. */
	private void select(int lo, int hi, final int k, final int axis) {
		while (hi > lo) {
			final int m = (lo + hi) >>> 1;
			final float a = xyz[3 * lo + axis], b = xyz[3 * m + axis], c = xyz[3 * hi + axis];
			final float pivot = a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
			int i = lo, j = hi;
			while (i <= j) {
				while (xyz[3 * i + axis] < pivot)
					i++;
				while (xyz[3 * j + axis] > pivot)
					j--;
				if (i <= j)
					swap(i++, j--);
			}
			if (k <= j)
				hi = j;
			else if (k >= i)
				lo = i;
			else
				return;
		}
	}

	private void swap(final int i, final int j) {
		final int t = ids[i];
		ids[i] = ids[j];
		ids[j] = t;
		for (int d = 0; d < 3; d++) {
			final float c = xyz[3 * i + d];
			xyz[3 * i + d] = xyz[3 * j + d];
			xyz[3 * j + d] = c;
		}
	}

	/**
	 * An index over the points {@code pointIds} of {@code points} (x, y, z interleaved; copied, not kept). Queries
	 * report these ids.
	 */
	public static PointIndex of(final float[] points, final int[] pointIds) {
		return new PointIndex(points, pointIds);
	}

	/** An index over all points of {@code points} (x, y, z interleaved; copied, not kept). */
	public static PointIndex of(final float[] points) {
		final int[] all = new int[points.length / 3];
		for (int i = 0; i < all.length; i++)
			all[i] = i;
		return new PointIndex(points, all);
	}

	/** Number of points indexed. */
	public int size() {
		return ids.length;
	}

	/** A new search (one per thread). */
	public Search search() {
		return new Search();
	}

	/** One thread's nearest-neighbour search; reused across queries, allocates nothing per query. */
	public final class Search {

		/** Pending ranges: lo, hi, and the squared distance to their side of the splitting plane. */
		private final int[] stackLo = new int[depth + 2], stackHi = new int[depth + 2];
		private final double[] stackD = new double[depth + 2];
		private int point = -1;
		private double distanceSquared;

		private Search() {
		}

		/**
		 * Finds the indexed point nearest to (x, y, z) (mm).
		 *
		 * @return the point's id, or −1 for an empty index
		 */
		public int search(final double x, final double y, final double z) {
			double best = Double.POSITIVE_INFINITY;
			int bestPosition = -1;
			int top = 0;
			int lo = 0, hi = ids.length;
			while (true) {
				if (hi > lo) {
					final int mid = (lo + hi) >>> 1;
					final double dx = x - xyz[3 * mid], dy = y - xyz[3 * mid + 1], dz = z - xyz[3 * mid + 2];
					final double d2 = dx * dx + dy * dy + dz * dz;
					if (d2 < best) {
						best = d2;
						bestPosition = mid;
					}
					final int axis = axes[mid];
					final double diff = axis == 0 ? dx : axis == 1 ? dy : dz;
					// descend to the query's side, keep the other side for later
					if (diff < 0) {
						stackLo[top] = mid + 1;
						stackHi[top] = hi;
						hi = mid;
					} else {
						stackLo[top] = lo;
						stackHi[top] = mid;
						lo = mid + 1;
					}
					stackD[top++] = diff * diff;
					continue;
				}
				// pop the next range that may still hold a nearer point
				boolean found = false;
				while (top > 0) {
					top--;
					if (stackD[top] < best) {
						lo = stackLo[top];
						hi = stackHi[top];
						found = true;
						break;
					}
				}
				if (!found)
					break;
			}
			point = bestPosition < 0 ? -1 : ids[bestPosition];
			distanceSquared = best;
			return point;
		}

		/** The id of the point found by the last search, or −1. */
		public int point() {
			return point;
		}

		/** Distance from the last query to that point, mm. */
		public double distance() {
			return Math.sqrt(distanceSquared);
		}
	}
}
