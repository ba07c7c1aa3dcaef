package org.chondroj.core.mesh;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.algorithm.LinearSystems;

import org.joml.Matrix4d;
import org.joml.Matrix4dc;

/**
 * Rigid registration of one surface onto another: iterative closest points (ICP), point-to-plane, with rejection of
 * pairs that cannot correspond, so that surfaces which overlap only in part (bones cut at different heights by the
 * field of view of two scans) register on their common part.
 * <p>
 * <b>Method.</b> The moving mesh's vertices (all of them, or {@link Options#maxPoints} evenly spaced in index order)
 * are moved by the current transform; each finds its exact closest point q on the fixed mesh ({@link TriangleIndex})
 * and the fixed surface's normal n there (the fixed mesh's vertex normals interpolated with the barycentric weights of
 * q). A pair is rejected when q lies on the fixed mesh's border (an edge used by one triangle only, or a vertex on such
 * an edge: where the fixed surface ends, the nearest point is not a correspondence; on the phantom knee's bones, cut by
 * the field of view, trimming alone copes too, with errors about 10 % larger), when the moving vertex's normal
 * (turned by the current rotation) makes more than {@link Options#maxNormalAngleDegrees} with n (the other side of a
 * thin structure), or when its distance exceeds {@link Options#trimFactor} times the median distance of the pairs
 * kept so far (trimming: parts that the other surface does not have). The inliers' point-to-plane residuals
 * (p − q)·n are minimised linearised about the current pose (rotation about the inliers' centroid, a 6 × 6 least
 * squares problem), the small rotation is applied exactly (axis–angle) and composed with the transform. The iteration
 * stops when an update moves the points by less than {@link Options#toleranceMm} (rotation angle times the points' RMS
 * radius plus translation), or after {@link Options#maxIterations}. Point-to-plane lets the surfaces slide along each
 * other, so it converges in far fewer iterations than point-to-point and is not biased by the two meshes' different
 * vertex sampling; the closest points are exact points of the fixed surface, not its vertices.
 * <p>
 * <b>Convergence.</b> ICP is a local method: the initial transform must bring the surfaces within a few millimetres
 * and some degrees of each other (for knee bones: the composition of the two scans' anatomical frames). A surface with
 * a continuous symmetry (a sphere, a cylinder) leaves the transform undetermined along it; the normal equations are
 * then regularised (a 10⁻⁹ relative damping) and the result is one of the equivalent poses.
 * <p>
 * <b>Cost.</b> One {@link TriangleIndex} of the fixed mesh (O(t log t)), its boundary edges (O(t log t)), then per
 * iteration one exact closest-point query per sampled point (about a microsecond each, parallel over fixed blocks of
 * points with {@link Parallel}) and a sort of their distances. Memory: about 100 bytes per sampled point.
 * Deterministic: every sum runs in index order after the parallel queries, so the result does not depend on the number
 * of threads.
 */
public final class RigidRegistration {

	/** Points per parallel task: fixed, so that the split does not depend on the machine. */
	private static final int BLOCK = 1024;
	/** Relative damping of the normal equations (against rank deficiency on symmetric surfaces). */
	private static final double DAMPING = 1e-9;

	/**
	 * How the registration runs.
	 *
	 * @param maxIterations         largest number of ICP iterations (≥ 1)
	 * @param maxPoints             largest number of moving vertices used (evenly spaced in index order; ≥ 6)
	 * @param trimFactor            pairs farther apart than this times the median pair distance are outliers (&gt; 1)
	 * @param maxNormalAngleDegrees pairs whose normals differ by more than this are rejected (0–180; 180: no test)
	 * @param toleranceMm           convergence: the last update moved the points by less than this, mm (&gt; 0)
	 */
	public record Options(int maxIterations, int maxPoints, double trimFactor, double maxNormalAngleDegrees, double toleranceMm) {
		public Options {
			if (maxIterations < 1 || maxPoints < 6 || !(trimFactor > 1) || !(maxNormalAngleDegrees > 0 && maxNormalAngleDegrees <= 180)
					|| !(toleranceMm > 0))
				throw new IllegalArgumentException("bad registration options: " + maxIterations + " iterations, " + maxPoints + " points, trim factor "
						+ trimFactor + ", normal angle " + maxNormalAngleDegrees + "°, tolerance " + toleranceMm + " mm");
		}

		/** 100 iterations, 20 000 points, trimming at 3 × the median distance, normals within 60°, tolerance 10⁻⁶ mm. */
		public static Options defaults() {
			return new Options(100, 20_000, 3, 60, 1e-6);
		}

		public Options withMaxPoints(final int n) {
			return new Options(maxIterations, n, trimFactor, maxNormalAngleDegrees, toleranceMm);
		}

		public Options withMaxIterations(final int n) {
			return new Options(n, maxPoints, trimFactor, maxNormalAngleDegrees, toleranceMm);
		}
	}

	/**
	 * What a registration found.
	 *
	 * @param transform      moving → fixed (patient mm), a rigid transform (a read-only copy)
	 * @param rmsMm          root mean square of the inliers' distances to the fixed surface under {@code transform}, mm
	 * @param inlierFraction inliers among the sampled moving vertices under {@code transform} (0–1): the share of the
	 *                       moving surface that the fixed one covers, less outliers
	 * @param iterations     ICP iterations run
	 * @param converged      whether the last update was below the tolerance (else the iteration limit was reached)
	 */
	public record Result(Matrix4dc transform, double rmsMm, double inlierFraction, int iterations, boolean converged) {
		public Result {
			transform = new Matrix4d(transform);
		}
	}

	private RigidRegistration() {
	}

	/** {@link #align(TriangleMesh, TriangleMesh, Matrix4dc, Options)} with {@link Options#defaults()}. */
	public static Result align(final TriangleMesh moving, final TriangleMesh fixed, final Matrix4dc initial) {
		return align(moving, fixed, initial, Options.defaults());
	}

	/**
	 * Registers {@code moving} onto {@code fixed} (see the class description).
	 *
	 * @param moving  the surface to move (patient mm); its vertex normals are used for the normal test
	 * @param fixed   the surface to move onto (patient mm)
	 * @param initial the starting transform moving → fixed (the identity when the surfaces are roughly aligned already)
	 * @throws IllegalArgumentException if either mesh has no triangles, or {@code initial} is not rigid (to 10⁻⁶)
	 */
	public static Result align(final TriangleMesh moving, final TriangleMesh fixed, final Matrix4dc initial, final Options options) {
		if (moving.triangleCount() == 0 || fixed.triangleCount() == 0)
			throw new IllegalArgumentException("cannot register an empty mesh (moving " + moving + ", fixed " + fixed + ")");
		checkRigid(initial);
		return new Icp(moving, fixed, options).run(initial);
	}

	private static void checkRigid(final Matrix4dc m) {
		final double[] c = { m.m00(), m.m01(), m.m02(), m.m10(), m.m11(), m.m12(), m.m20(), m.m21(), m.m22() };
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++) {
				final double dot = c[3 * i] * c[3 * j] + c[3 * i + 1] * c[3 * j + 1] + c[3 * i + 2] * c[3 * j + 2];
				if (Math.abs(dot - (i == j ? 1 : 0)) > 1e-6)
					throw new IllegalArgumentException("the initial transform is not rigid: " + m);
			}
		if (m.determinant3x3() < 0 || m.m03() != 0 || m.m13() != 0 || m.m23() != 0 || m.m33() != 1)
			throw new IllegalArgumentException("the initial transform is not a proper rigid transform: " + m);
	}

	/** One registration's state: the samples, the fixed surface's index, normals and border, and the pairs' arrays. */
	private static final class Icp {
		private final Options options;
		private final int m;
		/** Sampled moving points and their normals, x y z at 3i. */
		private final double[] points, pointNormals;
		private final TriangleIndex index;
		private final TriangleMesh fixed;
		private final float[] fixedNormals;
		/** Per fixed triangle: bit e set when edge e (corner e to corner e + 1) is on the border. */
		private final byte[] borderEdges;
		/** Per fixed vertex: on the border. */
		private final boolean[] borderVertices;
		/** Per pair: the moved point, the closest point, the normal there (3i), the distance (NaN: rejected). */
		private final double[] p, q, n, distance;
		private final double cosMaxAngle;
		/** Centroid and RMS radius of the last inliers (set by {@link #solve}). */
		private double cx, cy, cz, scale;

		Icp(final TriangleMesh moving, final TriangleMesh fixed, final Options options) {
			this.options = options;
			this.fixed = fixed;
			final int count = moving.vertexCount();
			m = Math.min(count, options.maxPoints());
			points = new double[3 * m];
			pointNormals = new double[3 * m];
			final float[] xyz = moving.vertices(), normals = moving.vertexNormals();
			for (int i = 0; i < m; i++) {
				final int v = (int) ((long) i * count / m);
				for (int d = 0; d < 3; d++) {
					points[3 * i + d] = xyz[3 * v + d];
					pointNormals[3 * i + d] = normals[3 * v + d];
				}
			}
			index = TriangleIndex.of(fixed);
			fixedNormals = fixed.vertexNormals();
			borderEdges = new byte[fixed.triangleCount()];
			borderVertices = new boolean[fixed.vertexCount()];
			findBorder();
			p = new double[3 * m];
			q = new double[3 * m];
			n = new double[3 * m];
			distance = new double[m];
			cosMaxAngle = options.maxNormalAngleDegrees() >= 180 ? -2 : Math.cos(Math.toRadians(options.maxNormalAngleDegrees()));
		}

		/** Marks the edges used by one triangle only, and their vertices. O(t log t). */
		private void findBorder() {
			final int t = fixed.triangleCount();
			final long nv = fixed.vertexCount();
			final long[] keys = new long[3 * t];
			for (int i = 0; i < t; i++)
				for (int e = 0; e < 3; e++)
					keys[3 * i + e] = edgeKey(fixed.triangleVertex(i, e), fixed.triangleVertex(i, (e + 1) % 3), nv);
			final long[] sorted = keys.clone();
			Arrays.sort(sorted);
			for (int k = 0; k < keys.length; k++) {
				final int at = Arrays.binarySearch(sorted, keys[k]);
				final boolean single = (at == 0 || sorted[at - 1] != keys[k]) && (at + 1 == sorted.length || sorted[at + 1] != keys[k]);
				if (single) {
					final int tri = k / 3, e = k % 3;
					borderEdges[tri] |= (byte) (1 << e);
					borderVertices[fixed.triangleVertex(tri, e)] = true;
					borderVertices[fixed.triangleVertex(tri, (e + 1) % 3)] = true;
				}
			}
		}

		private static long edgeKey(final int a, final int b, final long n) {
			return Math.min(a, b) * n + Math.max(a, b);
		}

		Result run(final Matrix4dc initial) {
			final Matrix4d transform = new Matrix4d(initial);
			int iterations = 0;
			boolean converged = false;
			final double[] x = new double[6];
			while (iterations < options.maxIterations()) {
				iterations++;
				pair(transform);
				final int inliers = trim();
				if (inliers < 6 || !solve(x))
					break;
				// x = (ω·s, t): rotation scaled by the RMS radius s, applied about the inliers' centroid
				final double norm = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]), angle = norm / scale;
				final Matrix4d step = new Matrix4d().translation(cx + x[3], cy + x[4], cz + x[5]);
				if (norm > 0)
					step.rotate(angle, x[0] / norm, x[1] / norm, x[2] / norm);
				step.translate(-cx, -cy, -cz);
				transform.set(step.mul(transform)).normalize3x3();
				if (angle * scale + Math.sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]) < options.toleranceMm()) {
					converged = true;
					break;
				}
			}
			pair(transform);
			final int inliers = trim();
			double sum = 0;
			for (int i = 0; i < m; i++)
				if (!Double.isNaN(distance[i]))
					sum += distance[i] * distance[i];
			return new Result(transform, inliers == 0 ? Double.NaN : Math.sqrt(sum / inliers), (double) inliers / m, iterations, converged);
		}

		/** Moves the samples by {@code t} and finds each one's closest fixed point; border and normal rejections get NaN. */
		private void pair(final Matrix4dc t) {
			final double a00 = t.m00(), a01 = t.m10(), a02 = t.m20(), a03 = t.m30();
			final double a10 = t.m01(), a11 = t.m11(), a12 = t.m21(), a13 = t.m31();
			final double a20 = t.m02(), a21 = t.m12(), a22 = t.m22(), a23 = t.m32();
			Parallel.forEach((m + BLOCK - 1) / BLOCK, b -> {
				final TriangleIndex.Search s = index.search();
				for (int i = b * BLOCK, end = Math.min(m, i + BLOCK); i < end; i++) {
					final int k = 3 * i;
					final double x = points[k], y = points[k + 1], z = points[k + 2];
					final double px = a00 * x + a01 * y + a02 * z + a03, py = a10 * x + a11 * y + a12 * z + a13, pz = a20 * x + a21 * y + a22 * z + a23;
					p[k] = px;
					p[k + 1] = py;
					p[k + 2] = pz;
					distance[i] = Double.NaN;
					s.search(px, py, pz);
					final int tri = s.triangle();
					final double w0 = s.barycentric(0), w1 = s.barycentric(1), w2 = s.barycentric(2);
					if (onBorder(tri, w0, w1, w2))
						continue;
					final int c0 = 3 * fixed.triangleVertex(tri, 0), c1 = 3 * fixed.triangleVertex(tri, 1), c2 = 3 * fixed.triangleVertex(tri, 2);
					double nx = w0 * fixedNormals[c0] + w1 * fixedNormals[c1] + w2 * fixedNormals[c2];
					double ny = w0 * fixedNormals[c0 + 1] + w1 * fixedNormals[c1 + 1] + w2 * fixedNormals[c2 + 1];
					double nz = w0 * fixedNormals[c0 + 2] + w1 * fixedNormals[c1 + 2] + w2 * fixedNormals[c2 + 2];
					final double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
					if (!(len > 0))
						continue;
					nx /= len;
					ny /= len;
					nz /= len;
					final double mx = pointNormals[k], my = pointNormals[k + 1], mz = pointNormals[k + 2];
					final double rx = a00 * mx + a01 * my + a02 * mz, ry = a10 * mx + a11 * my + a12 * mz, rz = a20 * mx + a21 * my + a22 * mz;
					if (rx * nx + ry * ny + rz * nz < cosMaxAngle)
						continue;
					q[k] = s.closest(0);
					q[k + 1] = s.closest(1);
					q[k + 2] = s.closest(2);
					n[k] = nx;
					n[k + 1] = ny;
					n[k + 2] = nz;
					distance[i] = s.distance();
				}
			});
		}

		/** Whether the closest point (barycentric w0, w1, w2 on triangle tri) lies on the fixed mesh's border. */
		private boolean onBorder(final int tri, final double w0, final double w1, final double w2) {
			final int edges = borderEdges[tri];
			// edge e joins corners e and e + 1: the point is on it when the third corner's weight is 0
			if (w2 == 0 && (edges & 1) != 0 || w0 == 0 && (edges & 2) != 0 || w1 == 0 && (edges & 4) != 0)
				return true;
			// at a corner (the other two weights 0): a border vertex, whichever triangle reported it
			final int corner = w1 == 0 && w2 == 0 ? 0 : w0 == 0 && w2 == 0 ? 1 : w0 == 0 && w1 == 0 ? 2 : -1;
			return corner >= 0 && borderVertices[fixed.triangleVertex(tri, corner)];
		}

		/** Rejects pairs beyond trimFactor × the median distance (NaN); returns the number of inliers. */
		private int trim() {
			int count = 0;
			for (int i = 0; i < m; i++)
				if (!Double.isNaN(distance[i]))
					count++;
			if (count == 0)
				return 0;
			final double[] d = new double[count];
			for (int i = 0, k = 0; i < m; i++)
				if (!Double.isNaN(distance[i]))
					d[k++] = distance[i];
			Arrays.sort(d);
			final double median = count % 2 == 1 ? d[count / 2] : 0.5 * (d[count / 2 - 1] + d[count / 2]);
			final double limit = options.trimFactor() * median;
			int inliers = 0;
			for (int i = 0; i < m; i++)
				if (!Double.isNaN(distance[i])) {
					if (distance[i] > limit)
						distance[i] = Double.NaN;
					else
						inliers++;
				}
			return inliers;
		}

		/**
		 * The linearised point-to-plane step over the inliers: x = (ω·s, t) minimising Σ ((p − q)·n + (ω × (p − c))·n
		 * + t·n)². False if the system is degenerate.
		 */
		private boolean solve(final double[] x) {
			double sx = 0, sy = 0, sz = 0;
			int count = 0;
			for (int i = 0; i < m; i++)
				if (!Double.isNaN(distance[i])) {
					sx += p[3 * i];
					sy += p[3 * i + 1];
					sz += p[3 * i + 2];
					count++;
				}
			cx = sx / count;
			cy = sy / count;
			cz = sz / count;
			double r2 = 0;
			for (int i = 0; i < m; i++)
				if (!Double.isNaN(distance[i])) {
					final double dx = p[3 * i] - cx, dy = p[3 * i + 1] - cy, dz = p[3 * i + 2] - cz;
					r2 += dx * dx + dy * dy + dz * dz;
				}
			scale = Math.max(Math.sqrt(r2 / count), 1e-9);
			final double[] a = new double[36], g = new double[6], row = new double[6];
			for (int i = 0; i < m; i++) {
				if (Double.isNaN(distance[i]))
					continue;
				final int k = 3 * i;
				final double dx = (p[k] - cx) / scale, dy = (p[k + 1] - cy) / scale, dz = (p[k + 2] - cz) / scale;
				final double nx = n[k], ny = n[k + 1], nz = n[k + 2];
				row[0] = dy * nz - dz * ny;
				row[1] = dz * nx - dx * nz;
				row[2] = dx * ny - dy * nx;
				row[3] = nx;
				row[4] = ny;
				row[5] = nz;
				final double r = (p[k] - q[k]) * nx + (p[k + 1] - q[k + 1]) * ny + (p[k + 2] - q[k + 2]) * nz;
				for (int u = 0; u < 6; u++) {
					g[u] -= row[u] * r;
					for (int v = u; v < 6; v++)
						a[6 * u + v] += row[u] * row[v];
				}
			}
			double trace = 0;
			for (int u = 0; u < 6; u++) {
				trace += a[7 * u];
				for (int v = 0; v < u; v++)
					a[6 * u + v] = a[6 * v + u];
			}
			for (int u = 0; u < 6; u++)
				a[7 * u] += DAMPING * trace / 6;
			return LinearSystems.solveSymmetricPositiveDefinite(a, g, x, 6);
		}
	}
}
