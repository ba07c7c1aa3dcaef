package org.chondroj.core.mesh;

import java.util.Arrays;

import org.joml.Vector3d;

/**
 * An immutable triangle mesh in patient coordinates (DICOM LPS, millimetres): vertex positions and triangles as
 * triples of vertex indices.
 * <p>
 * Triangles are counter-clockwise seen from outside, i.e. the normal {@code (b − a) × (c − a)} points out of the
 * enclosed object. Vertices are stored as floats (x, y, z interleaved), which rounds positions to about 2⁻²⁴ of
 * their magnitude (≈ 6 nm at 100 mm); sums ({@link #area}, {@link #volume}) are accumulated in double.
 * <p>
 * {@link #of} copies its arrays (O(n)); the accessors {@link #vertices()} and {@link #triangles()} return copies.
 * The measures are recomputed on every call: {@link #area}, {@link #volume} and {@link #vertexNormals} cost
 * O(triangles), {@link #isClosed} O(t log t).
 */
public final class TriangleMesh {

	private static final TriangleMesh EMPTY = new TriangleMesh(new float[0], new int[0]);

	private final float[] vertices;
	private final int[] triangles;

	private TriangleMesh(final float[] vertices, final int[] triangles) {
		this.vertices = vertices;
		this.triangles = triangles;
	}

	/** The mesh with no vertices and no triangles. */
	public static TriangleMesh empty() {
		return EMPTY;
	}

	/**
	 * A mesh holding copies of the given arrays.
	 *
	 * @param vertices x, y, z of each vertex, mm (LPS); length a multiple of 3
	 * @param triangles three vertex indices per triangle, counter-clockwise seen from outside; length a multiple of 3
	 * @throws IllegalArgumentException on a length that is not a multiple of 3, or an index out of range
	 */
	public static TriangleMesh of(final float[] vertices, final int[] triangles) {
		return wrap(vertices.clone(), triangles.clone());
	}

	/** A mesh over the given arrays without copying them (the caller gives them up). Checked as {@link #of}. */
	static TriangleMesh wrap(final float[] vertices, final int[] triangles) {
		if (vertices.length % 3 != 0)
			throw new IllegalArgumentException("vertex array length " + vertices.length + " is not a multiple of 3");
		if (triangles.length % 3 != 0)
			throw new IllegalArgumentException("triangle array length " + triangles.length + " is not a multiple of 3");
		final int n = vertices.length / 3;
		for (int i = 0; i < triangles.length; i++)
			if (triangles[i] < 0 || triangles[i] >= n)
				throw new IllegalArgumentException("triangle " + i / 3 + " refers to vertex " + triangles[i] + " of " + n);
		return new TriangleMesh(vertices, triangles);
	}

	public int vertexCount() {
		return vertices.length / 3;
	}

	public int triangleCount() {
		return triangles.length / 3;
	}

	/** Position of vertex {@code v}, mm (LPS), written into {@code dest}. */
	public Vector3d vertex(final int v, final Vector3d dest) {
		return dest.set(vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2]);
	}

	/** Index of corner {@code corner} (0, 1, 2) of triangle {@code t}. */
	public int triangleVertex(final int t, final int corner) {
		return triangles[3 * t + corner];
	}

	/** A copy of the vertex coordinates (x, y, z interleaved, mm). O(n). */
	public float[] vertices() {
		return vertices.clone();
	}

	/** A copy of the triangles (three vertex indices each). O(t). */
	public int[] triangles() {
		return triangles.clone();
	}

	/** Surface area, mm²: the sum of the triangle areas. O(t). */
	public double area() {
		double sum = 0;
		final double[] n = new double[3];
		for (int t = 0; t < triangles.length; t += 3) {
			cross(t, n);
			sum += Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
		}
		return 0.5 * sum;
	}

	/** (b − a) × (c − a) of the triangle starting at {@code triangles[t]}: its normal, with twice its area as length. */
	private void cross(final int t, final double[] n) {
		final float[] p = vertices;
		final int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
		final double ux = (double) p[b] - p[a], uy = (double) p[b + 1] - p[a + 1], uz = (double) p[b + 2] - p[a + 2];
		final double vx = (double) p[c] - p[a], vy = (double) p[c + 1] - p[a + 1], vz = (double) p[c + 2] - p[a + 2];
		n[0] = uy * vz - uz * vy;
		n[1] = uz * vx - ux * vz;
		n[2] = ux * vy - uy * vx;
	}

	/**
	 * Signed enclosed volume, mm³, by the divergence theorem: the sum over triangles of the signed volumes of the
	 * tetrahedra they span with a reference point (the first vertex, which keeps the sum well conditioned far from
	 * the origin). Positive for a closed mesh whose normals point out; meaningful only for a closed mesh. O(t).
	 */
	public double volume() {
		if (triangles.length == 0)
			return 0;
		final float[] p = vertices;
		final double rx = p[0], ry = p[1], rz = p[2];
		double sum = 0;
		for (int t = 0; t < triangles.length; t += 3) {
			final int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
			final double ax = p[a] - rx, ay = p[a + 1] - ry, az = p[a + 2] - rz;
			final double bx = p[b] - rx, by = p[b + 1] - ry, bz = p[b + 2] - rz;
			final double cx = p[c] - rx, cy = p[c + 1] - ry, cz = p[c + 2] - rz;
			sum += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
		}
		return sum / 6;
	}

	/**
	 * True if every edge is shared by exactly two triangles that traverse it in opposite directions (a closed,
	 * consistently oriented surface), and no triangle repeats a vertex. The empty mesh is closed. O(t log t) time,
	 * 8·3t bytes of memory.
	 */
	public boolean isClosed() {
		final int n = vertexCount();
		final long[] edges = new long[triangles.length];
		for (int t = 0; t < triangles.length; t += 3)
			for (int k = 0; k < 3; k++) {
				final int a = triangles[t + k], b = triangles[t + (k + 1) % 3];
				if (a == b)
					return false;
				edges[t + k] = (long) a * n + b;
			}
		Arrays.sort(edges);
		for (int i = 0; i < edges.length; i++) {
			if (i > 0 && edges[i] == edges[i - 1])
				return false; // a directed edge used twice: more than two triangles, or inconsistent orientation
			final long a = edges[i] / n, b = edges[i] % n;
			if (Arrays.binarySearch(edges, b * n + a) < 0)
				return false;
		}
		return true;
	}

	/**
	 * Unit vertex normals (x, y, z interleaved, a new array): the area-weighted mean of the normals of the triangles
	 * around each vertex, pointing out; (0, 0, 0) for a vertex in no triangle or only in degenerate ones. O(n + t).
	 */
	public float[] vertexNormals() {
		final double[] sum = new double[vertices.length];
		final double[] n = new double[3];
		for (int t = 0; t < triangles.length; t += 3) {
			cross(t, n);
			for (int corner = 0; corner < 3; corner++)
				add(sum, 3 * triangles[t + corner], n[0], n[1], n[2]);
		}
		final float[] normals = new float[vertices.length];
		for (int v = 0; v < sum.length; v += 3) {
			final double len = Math.sqrt(sum[v] * sum[v] + sum[v + 1] * sum[v + 1] + sum[v + 2] * sum[v + 2]);
			if (len > 0) {
				normals[v] = (float) (sum[v] / len);
				normals[v + 1] = (float) (sum[v + 1] / len);
				normals[v + 2] = (float) (sum[v + 2] / len);
			}
		}
		return normals;
	}

	private static void add(final double[] sum, final int v, final double x, final double y, final double z) {
		sum[v] += x;
		sum[v + 1] += y;
		sum[v + 2] += z;
	}

	@Override
	public String toString() {
		return "TriangleMesh[" + vertexCount() + " vertices, " + triangleCount() + " triangles]";
	}
}
