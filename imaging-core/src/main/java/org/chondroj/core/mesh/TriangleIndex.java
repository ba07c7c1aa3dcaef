package org.chondroj.core.mesh;

import org.chondroj.core.Parallel;

/**
 * Exact nearest-point queries on a set of triangles: for a query point, the closest point of any triangle (its
 * triangle, its barycentric coordinates and the Euclidean distance), found in a bounding-volume hierarchy.
 * <p>
 * The hierarchy is a binary tree of axis-aligned boxes, built once by splitting the triangles at the median of their
 * centroids along the longest side of the centroids' box, down to leaves of at most {@value #LEAF_SIZE} triangles. A
 * query walks the tree depth first, nearer child first, and skips every box farther than the best distance found so
 * far; the point–triangle distance is the exact one (closest point by Voronoi regions of the triangle, Ericson,
 * <i>Real-Time Collision Detection</i>, 5.1.5), computed in double from the float vertices.
 * <p>
 * Cost: building O(t log t) time for t triangles (the top levels and then the subtrees in parallel, with
 * {@link Parallel}; the tree is the same whatever the number of threads) and about 60 bytes per triangle (the vertices
 * are copied into leaf order for locality); a query on a surface-like set of triangles (such as a marching-cubes mesh) about O(log t), typically
 * around a microsecond. The index is immutable and thread-safe; each thread queries through its own {@link Search}
 * (which allocates nothing per query). Results are deterministic: among triangles at exactly the same distance, the
 * one met first in the fixed traversal order wins.
 */
public final class TriangleIndex {

	/** Largest number of triangles in a leaf. */
	public static final int LEAF_SIZE = 4;

	/** Triangle ids (indices into the mesh's triangles) in leaf order. */
	private final int[] ids;
	/** Corners of the triangle at leaf position i: ax ay az bx by bz cx cy cz at 9i. */
	private final float[] corners;
	/** Per node: min x y z, max x y z at 6n. */
	private final float[] boxes;
	/** Per node: for an inner node the index of its second child (the first is n + 1); for a leaf −1 − first position. */
	private final int[] child;
	/** Per leaf node: number of triangles. */
	private final int[] count;
	private final int nodes;
	private final int depth;

	private TriangleIndex(final float[] xyz, final int[] tri, final int[] subset) {
		final int n = subset.length;
		// per slot (position in subset): bounding box and its centre
		final float[] low = new float[3 * n], high = new float[3 * n], centre = new float[3 * n];
		for (int i = 0; i < n; i++) {
			final int t = subset[i];
			if (t < 0 || 3 * t + 2 >= tri.length)
				throw new IllegalArgumentException("triangle " + t + " of " + tri.length / 3);
			for (int d = 0; d < 3; d++) {
				final float a = xyz[3 * tri[3 * t] + d], b = xyz[3 * tri[3 * t + 1] + d], c = xyz[3 * tri[3 * t + 2] + d];
				low[3 * i + d] = Math.min(a, Math.min(b, c));
				high[3 * i + d] = Math.max(a, Math.max(b, c));
				centre[3 * i + d] = 0.5f * (low[3 * i + d] + high[3 * i + d]);
			}
		}
		final int[] perm = new int[n];
		for (int i = 0; i < n; i++)
			perm[i] = i;
		nodes = n == 0 ? 0 : nodeCount(n);
		int levels = 1;
		for (int m = n; m > LEAF_SIZE; m -= m / 2)
			levels++;
		depth = levels;
		boxes = new float[6 * nodes];
		child = new int[nodes];
		count = new int[nodes];
		if (n > 0) {
			final Builder builder = new Builder(low, high, centre, perm);
			// the top levels breadth first, each level's nodes in parallel; then the subtrees in parallel. Every node's
			// place is fixed by the sizes alone (nodeCount), so the tree does not depend on the threads.
			int[] tasks = { 0, 0, n };
			for (int level = 0; level < PARALLEL_LEVELS && tasks.length > 0; level++) {
				final int[] current = tasks;
				final int[][] next = new int[current.length / 3][];
				Parallel.forEach(current.length / 3, k -> next[k] = builder.split(current[3 * k], current[3 * k + 1], current[3 * k + 2]));
				int size = 0;
				for (final int[] c : next)
					size += c.length;
				tasks = new int[size];
				int at = 0;
				for (final int[] c : next) {
					System.arraycopy(c, 0, tasks, at, c.length);
					at += c.length;
				}
			}
			final int[] last = tasks;
			Parallel.forEach(last.length / 3, k -> builder.build(last[3 * k], last[3 * k + 1], last[3 * k + 2]));
		}
		ids = new int[n];
		corners = new float[9 * n];
		for (int i = 0; i < n; i++) {
			final int t = subset[perm[i]];
			ids[i] = t;
			for (int k = 0; k < 3; k++) {
				final int v = 3 * tri[3 * t + k];
				corners[9 * i + 3 * k] = xyz[v];
				corners[9 * i + 3 * k + 1] = xyz[v + 1];
				corners[9 * i + 3 * k + 2] = xyz[v + 2];
			}
		}
	}

	/** Levels of the tree split breadth first before the subtrees are built in parallel (2³ = 8 subtrees). */
	private static final int PARALLEL_LEVELS = 3;

	/** Number of nodes of the tree over n ≥ 1 triangles (left half ⌊n/2⌋, right half ⌈n/2⌉, leaves of ≤ LEAF_SIZE). O(log n). */
	static int nodeCount(final int n) {
		return (int) (counts(n) >>> 32);
	}

	/**
	 * f(m) in the high and f(m + 1) in the low 32 bits, f = {@link #nodeCount}: the halves of m and of m + 1 all have
	 * the sizes q = ⌊m/2⌋ or q + 1, so one recursion on q serves both.
	 */
	private static long counts(final int m) {
		if (m + 1 <= LEAF_SIZE)
			return 1L << 32 | 1L;
		final long p = counts(m / 2);
		final long fq = p >>> 32, fq1 = p & 0xffffffffL;
		final long fm = m <= LEAF_SIZE ? 1 : 1 + (m % 2 == 0 ? 2 * fq : fq + fq1);
		final long fm1 = 1 + (m % 2 == 1 ? 2 * fq1 : fq + fq1);
		return fm << 32 | fm1;
	}

	/** Splits and builds nodes over perm[lo, hi) in place; each node at its fixed place. */
	private final class Builder {
		final float[] low, high, centre;
		final int[] perm;

		Builder(final float[] low, final float[] high, final float[] centre, final int[] perm) {
			this.low = low;
			this.high = high;
			this.centre = centre;
			this.perm = perm;
		}

		/** Writes node {@code node} over perm[lo, hi); returns its children's tasks {node, lo, hi, …} (none for a leaf). */
		int[] split(final int node, final int lo, final int hi) {
			float minX = Float.POSITIVE_INFINITY, minY = minX, minZ = minX, maxX = Float.NEGATIVE_INFINITY, maxY = maxX, maxZ = maxX;
			float cMinX = Float.POSITIVE_INFINITY, cMinY = cMinX, cMinZ = cMinX, cMaxX = Float.NEGATIVE_INFINITY, cMaxY = cMaxX, cMaxZ = cMaxX;
			for (int i = lo; i < hi; i++) {
				final int s = 3 * perm[i];
				minX = Math.min(minX, low[s]);
				minY = Math.min(minY, low[s + 1]);
				minZ = Math.min(minZ, low[s + 2]);
				maxX = Math.max(maxX, high[s]);
				maxY = Math.max(maxY, high[s + 1]);
				maxZ = Math.max(maxZ, high[s + 2]);
				cMinX = Math.min(cMinX, centre[s]);
				cMinY = Math.min(cMinY, centre[s + 1]);
				cMinZ = Math.min(cMinZ, centre[s + 2]);
				cMaxX = Math.max(cMaxX, centre[s]);
				cMaxY = Math.max(cMaxY, centre[s + 1]);
				cMaxZ = Math.max(cMaxZ, centre[s + 2]);
			}
			final int b = 6 * node;
			boxes[b] = minX;
			boxes[b + 1] = minY;
			boxes[b + 2] = minZ;
			boxes[b + 3] = maxX;
			boxes[b + 4] = maxY;
			boxes[b + 5] = maxZ;
			if (hi - lo <= LEAF_SIZE) {
				child[node] = -1 - lo;
				count[node] = hi - lo;
				return new int[0];
			}
			final float ex = cMaxX - cMinX, ey = cMaxY - cMinY, ez = cMaxZ - cMinZ;
			final int axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
			final int mid = (lo + hi) >>> 1;
			select(lo, hi, mid, axis);
			final int right = node + 1 + nodeCount(mid - lo);
			child[node] = right;
			return new int[] { node + 1, lo, mid, right, mid, hi };
		}

		/** Builds the whole subtree of node {@code node} over perm[lo, hi). */
		void build(final int node, final int lo, final int hi) {
			final int[] children = split(node, lo, hi);
			if (children.length > 0) {
				build(children[0], children[1], children[2]);
				build(children[3], children[4], children[5]);
			}
		}

		/** Quickselect: afterwards position k holds the element of rank k − lo by centre coordinate {@code axis}. */
		void select(int lo, int hi, final int k, final int axis) {
			hi--;
			while (hi > lo) {
				// median of three as pivot, deterministic
				final int m = (lo + hi) >>> 1;
				final float a = key(lo, axis), b = key(m, axis), c = key(hi, axis);
				final float pivot = a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
				int i = lo, j = hi;
				while (i <= j) {
					while (key(i, axis) < pivot)
						i++;
					while (key(j, axis) > pivot)
						j--;
					if (i <= j) {
						final int t = perm[i];
						perm[i++] = perm[j];
						perm[j--] = t;
					}
				}
				if (k <= j)
					hi = j;
				else if (k >= i)
					lo = i;
				else
					return;
			}
		}

		float key(final int i, final int axis) {
			return centre[3 * perm[i] + axis];
		}
	}

	/** An index over all triangles of {@code mesh}. Cost: O(t log t). */
	public static TriangleIndex of(final TriangleMesh mesh) {
		final int[] all = new int[mesh.triangleCount()];
		for (int t = 0; t < all.length; t++)
			all[t] = t;
		return new TriangleIndex(mesh.vertices(), mesh.triangles(), all);
	}

	/**
	 * An index over the triangles {@code triangleIds} of {@code mesh} (indices into its triangles; results report these
	 * ids). Cost: O(k log k) for k ids, plus copying the mesh's arrays.
	 */
	public static TriangleIndex of(final TriangleMesh mesh, final int[] triangleIds) {
		return new TriangleIndex(mesh.vertices(), mesh.triangles(), triangleIds);
	}

	/**
	 * An index over the triangles {@code triangleIds} of the mesh given by its arrays (not copied, not kept): vertex
	 * coordinates x, y, z interleaved (mm) and three vertex indices per triangle.
	 */
	public static TriangleIndex of(final float[] vertices, final int[] triangles, final int[] triangleIds) {
		return new TriangleIndex(vertices, triangles, triangleIds);
	}

	/** Number of triangles indexed. */
	public int size() {
		return ids.length;
	}

	/** A new search (one per thread). */
	public Search search() {
		return new Search();
	}

	/**
	 * One thread's nearest-point search in the index: call {@link #search}, then read the result. Reused across
	 * queries; allocates nothing per query.
	 */
	public final class Search {

		private final int[] stack = new int[Math.max(2, 2 * depth + 2)];
		private final double[] scratch = new double[6];
		private int triangle = -1;
		private double distanceSquared, px, py, pz, u, v, w;

		private Search() {
		}

		/**
		 * Finds the closest point of the indexed triangles to (x, y, z) (mm), among those closer than
		 * {@code maxDistance} (mm; {@link Double#POSITIVE_INFINITY} for no limit).
		 *
		 * @return true if a triangle was found (always, for a non-empty index and no limit)
		 */
		public boolean search(final double x, final double y, final double z, final double maxDistance) {
			triangle = -1;
			double best = maxDistance == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : maxDistance * maxDistance;
			if (ids.length == 0)
				return false;
			int top = 0;
			stack[top++] = 0;
			int bestPosition = -1;
			double bu = 0, bv = 0, bw = 0, bx = 0, by = 0, bz = 0;
			final double[] r = scratch;
			while (top > 0) {
				final int node = stack[--top];
				if (boxDistanceSquared(node, x, y, z) >= best)
					continue;
				final int c = child[node];
				if (c < 0) {
					final int first = -1 - c, end = first + count[node];
					for (int i = first; i < end; i++) {
						final double d2 = closestPoint(corners, 9 * i, x, y, z, r);
						if (d2 < best) {
							best = d2;
							bestPosition = i;
							bx = r[0];
							by = r[1];
							bz = r[2];
							bu = r[3];
							bv = r[4];
							bw = r[5];
						}
					}
					continue;
				}
				final int a = node + 1;
				final double da = boxDistanceSquared(a, x, y, z), db = boxDistanceSquared(c, x, y, z);
				// push the farther child first, so that the nearer one is visited first
				if (da <= db) {
					if (db < best)
						stack[top++] = c;
					if (da < best)
						stack[top++] = a;
				} else {
					if (da < best)
						stack[top++] = a;
					if (db < best)
						stack[top++] = c;
				}
			}
			if (bestPosition < 0)
				return false;
			triangle = ids[bestPosition];
			distanceSquared = best;
			px = bx;
			py = by;
			pz = bz;
			u = bu;
			v = bv;
			w = bw;
			return true;
		}

		/** {@link #search(double, double, double, double)} without a distance limit. */
		public boolean search(final double x, final double y, final double z) {
			return search(x, y, z, Double.POSITIVE_INFINITY);
		}

		/** The id of the closest triangle of the last search (an index into the mesh's triangles), or −1. */
		public int triangle() {
			return triangle;
		}

		/** Distance from the query point to the closest point, mm. */
		public double distance() {
			return Math.sqrt(distanceSquared);
		}

		public double distanceSquared() {
			return distanceSquared;
		}

		/** Coordinate {@code d} (0 x, 1 y, 2 z) of the closest point, mm. */
		public double closest(final int d) {
			return d == 0 ? px : d == 1 ? py : pz;
		}

		/**
		 * Barycentric coordinate of corner {@code k} (0, 1, 2, in the triangle's vertex order) of the closest point:
		 * non-negative, summing to 1.
		 */
		public double barycentric(final int k) {
			return k == 0 ? u : k == 1 ? v : w;
		}
	}

	private double boxDistanceSquared(final int node, final double x, final double y, final double z) {
		final int b = 6 * node;
		final double dx = Math.max(0, Math.max(boxes[b] - x, x - boxes[b + 3]));
		final double dy = Math.max(0, Math.max(boxes[b + 1] - y, y - boxes[b + 4]));
		final double dz = Math.max(0, Math.max(boxes[b + 2] - z, z - boxes[b + 5]));
		return dx * dx + dy * dy + dz * dz;
	}

	/**
	 * Closest point of triangle (a, b, c) (9 floats from {@code at}) to p: writes x, y, z and the barycentric weights
	 * of a, b, c into {@code out}; returns the squared distance.
	 */
	static double closestPoint(final float[] t, final int at, final double x, final double y, final double z, final double[] out) {
		final double ax = t[at], ay = t[at + 1], az = t[at + 2];
		final double abx = t[at + 3] - ax, aby = t[at + 4] - ay, abz = t[at + 5] - az;
		final double acx = t[at + 6] - ax, acy = t[at + 7] - ay, acz = t[at + 8] - az;
		final double apx = x - ax, apy = y - ay, apz = z - az;
		final double d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
		double wa, wb, wc;
		if (d1 <= 0 && d2 <= 0) {
			wa = 1;
			wb = 0;
			wc = 0;
		} else {
			final double bpx = x - t[at + 3], bpy = y - t[at + 4], bpz = z - t[at + 5];
			final double d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
			final double cpx = x - t[at + 6], cpy = y - t[at + 7], cpz = z - t[at + 8];
			final double d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
			final double vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
			if (d3 >= 0 && d4 <= d3) { // vertex b
				wa = 0;
				wb = 1;
				wc = 0;
			} else if (vc <= 0 && d1 >= 0 && d3 <= 0 && d1 - d3 > 0) { // edge ab (not of zero length)
				final double s = d1 / (d1 - d3);
				wa = 1 - s;
				wb = s;
				wc = 0;
			} else if (d6 >= 0 && d5 <= d6) { // vertex c
				wa = 0;
				wb = 0;
				wc = 1;
			} else if (vb <= 0 && d2 >= 0 && d6 <= 0 && d2 - d6 > 0) { // edge ac
				final double s = d2 / (d2 - d6);
				wa = 1 - s;
				wb = 0;
				wc = s;
			} else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0 && (d4 - d3) + (d5 - d6) > 0) { // edge bc
				final double s = (d4 - d3) / ((d4 - d3) + (d5 - d6));
				wa = 0;
				wb = 1 - s;
				wc = s;
			} else { // inside the face
				final double sum = va + vb + vc;
				if (sum > 0) {
					wb = vb / sum;
					wc = vc / sum;
					wa = 1 - wb - wc;
				} else { // degenerate triangle: a
					wa = 1;
					wb = 0;
					wc = 0;
				}
			}
		}
		final double qx = ax + wb * abx + wc * acx, qy = ay + wb * aby + wc * acy, qz = az + wb * abz + wc * acz;
		out[0] = qx;
		out[1] = qy;
		out[2] = qz;
		out[3] = wa;
		out[4] = wb;
		out[5] = wc;
		final double dx = x - qx, dy = y - qy, dz = z - qz;
		return dx * dx + dy * dy + dz * dz;
	}
}
