package org.chondroj.core.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.real.FloatType;

/** {@link TriangleIndex} and {@link PointIndex} against brute force, and the point–triangle distance on exact cases. */
class SpatialIndexTest {

	/** A marching-cubes mesh of two spheres (one hollow) on an anisotropic grid: ~10⁴ triangles of varied shapes. */
	private static TriangleMesh spheres() {
		final int[] dims = { 60, 50, 30 };
		final Volume<FloatType> f = Volumes.floats(dims, VoxelGeometry.axisAligned(0.36, 0.36, 0.7));
		final float[] d = Volumes.floatData(f);
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final double a = Math.sqrt(sq(x * 0.36 - 8) + sq(y * 0.36 - 9) + sq(z * 0.7 - 10)) - 6;
					final double b = Math.abs(Math.sqrt(sq(x * 0.36 - 16) + sq(y * 0.36 - 8) + sq(z * 0.7 - 9)) - 4) - 1;
					d[f.index(x, y, z)] = (float) -Math.min(a, b);
				}
		return MarchingCubes.isosurface(f, 0);
	}

	private static double sq(final double v) {
		return v * v;
	}

	/** 2000 random queries (inside, near and far from the mesh): the index finds the brute-force distance to 1e-9 mm. */
	@Test
	void triangleIndexMatchesBruteForce() {
		final TriangleMesh mesh = spheres();
		assertTrue(mesh.triangleCount() > 5000);
		final float[] v = mesh.vertices();
		final TriangleIndex index = TriangleIndex.of(mesh);
		assertEquals(mesh.triangleCount(), index.size());
		final TriangleIndex.Search s = index.search();
		final SplittableRandom r = new SplittableRandom(3);
		final double[] out = new double[6];
		final float[] corners = new float[9];
		for (int q = 0; q < 2000; q++) {
			final double x = r.nextDouble(-5, 30), y = r.nextDouble(-5, 25), z = r.nextDouble(-5, 28);
			double best = Double.POSITIVE_INFINITY;
			for (int t = 0; t < mesh.triangleCount(); t++) {
				for (int k = 0; k < 3; k++)
					for (int dd = 0; dd < 3; dd++)
						corners[3 * k + dd] = v[3 * mesh.triangleVertex(t, k) + dd];
				best = Math.min(best, TriangleIndex.closestPoint(corners, 0, x, y, z, out));
			}
			assertTrue(s.search(x, y, z));
			assertEquals(Math.sqrt(best), s.distance(), 1e-9, "query " + q);
			// the reported point is on the reported triangle, at the reported barycentrics, and at the reported distance
			final int t = s.triangle();
			double sum = 0;
			for (int dd = 0; dd < 3; dd++) {
				double p = 0;
				for (int k = 0; k < 3; k++)
					p += s.barycentric(k) * v[3 * mesh.triangleVertex(t, k) + dd];
				assertEquals(p, s.closest(dd), 1e-5);
				sum += sq(s.closest(dd) - (dd == 0 ? x : dd == 1 ? y : z));
			}
			assertEquals(s.distance(), Math.sqrt(sum), 1e-9);
			assertEquals(1, s.barycentric(0) + s.barycentric(1) + s.barycentric(2), 1e-12);
			// a limit below the distance finds nothing, one above finds the same
			assertFalse(s.search(x, y, z, 0.999 * Math.sqrt(best)));
			assertTrue(s.search(x, y, z, 1.001 * Math.sqrt(best) + 1e-9));
			assertEquals(Math.sqrt(best), s.distance(), 1e-9);
		}
	}

	/** A subset index reports only triangles of the subset, with the mesh's triangle ids. */
	@Test
	void subsetIndexUsesTheSubset() {
		final TriangleMesh mesh = spheres();
		final int[] even = new int[(mesh.triangleCount() + 1) / 2];
		for (int i = 0; i < even.length; i++)
			even[i] = 2 * i;
		final TriangleIndex index = TriangleIndex.of(mesh, even);
		final TriangleIndex.Search s = index.search();
		final SplittableRandom r = new SplittableRandom(5);
		for (int q = 0; q < 500; q++) {
			assertTrue(s.search(r.nextDouble(0, 20), r.nextDouble(0, 18), r.nextDouble(0, 20)));
			assertEquals(0, s.triangle() % 2);
		}
		assertFalse(TriangleIndex.of(mesh, new int[0]).search().search(1, 2, 3));
	}

	/** Exact cases: the foot on the face, on an edge, at a corner; a degenerate (zero-area) triangle. */
	@Test
	void pointTriangleDistanceOnExactCases() {
		final float[] t = { 0, 0, 0, 2, 0, 0, 0, 2, 0 };
		final double[] o = new double[6];
		assertEquals(9, TriangleIndex.closestPoint(t, 0, 0.5, 0.5, 3, o), 1e-12); // face
		assertEquals(0.25, o[4], 1e-12);
		assertEquals(0.25, o[5], 1e-12);
		assertEquals(1 + 4, TriangleIndex.closestPoint(t, 0, 1, -1, 2, o), 1e-12); // edge ab
		assertEquals(2, TriangleIndex.closestPoint(t, 0, -1, -1, 0, o), 1e-12); // corner a
		assertEquals(1, o[3], 1e-12);
		assertEquals(2, TriangleIndex.closestPoint(t, 0, 2, 2, 0, o), 1e-12); // edge bc, at its middle
		assertEquals(0.5, o[4], 1e-12);
		final float[] flat = { 0, 0, 0, 0, 0, 0, 1, 0, 0 };
		assertEquals(1, TriangleIndex.closestPoint(flat, 0, 0.5, 1, 0, o), 1e-12);
		final float[] point = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
		assertEquals(3, TriangleIndex.closestPoint(point, 0, 0, 0, 0, o), 1e-12);
	}

	/** The node count by the halving recursion equals the nodes of the tree built (checked by a plain recursion). */
	@Test
	void nodeCountMatchesThePlainRecursion() {
		for (int n = 1; n < 3000; n++)
			assertEquals(plainCount(n), TriangleIndex.nodeCount(n), "n = " + n);
		assertEquals(plainCount(1_234_567), TriangleIndex.nodeCount(1_234_567));
	}

	private static int plainCount(final int n) {
		return n <= TriangleIndex.LEAF_SIZE ? 1 : 1 + plainCount(n / 2) + plainCount(n - n / 2);
	}

	/** The same tree and the same answers with one thread as with the common pool. */
	@Test
	void resultsDoNotDependOnTheNumberOfThreads() throws Exception {
		final TriangleMesh mesh = spheres();
		final TriangleIndex parallel = TriangleIndex.of(mesh);
		final TriangleIndex single = org.chondroj.core.testing.TestVolumes.singleThreaded(() -> TriangleIndex.of(mesh));
		final TriangleIndex.Search a = parallel.search(), b = single.search();
		final SplittableRandom r = new SplittableRandom(7);
		for (int q = 0; q < 2000; q++) {
			final double x = r.nextDouble(-5, 30), y = r.nextDouble(-5, 25), z = r.nextDouble(-5, 28);
			a.search(x, y, z);
			b.search(x, y, z);
			assertEquals(a.triangle(), b.triangle());
			assertEquals(a.distance(), b.distance(), 0);
		}
	}

	/** 5000 random queries on 20000 random points (with duplicates): the k-d tree finds the brute-force nearest distance. */
	@Test
	void pointIndexMatchesBruteForce() {
		final SplittableRandom r = new SplittableRandom(11);
		final int n = 20000;
		final float[] p = new float[3 * n];
		for (int i = 0; i < 3 * n; i++)
			p[i] = (float) r.nextDouble(-10, 10) * (i % 3 == 2 ? 0.2f : 1f); // flattened cloud
		for (int i = 0; i < 300; i++) // duplicates
			System.arraycopy(p, 3 * r.nextInt(n), p, 3 * r.nextInt(n), 3);
		final PointIndex index = PointIndex.of(p);
		final PointIndex.Search s = index.search();
		for (int q = 0; q < 5000; q++) {
			final double x = r.nextDouble(-12, 12), y = r.nextDouble(-12, 12), z = r.nextDouble(-3, 3);
			double best = Double.POSITIVE_INFINITY;
			for (int i = 0; i < n; i++)
				best = Math.min(best, sq(x - p[3 * i]) + sq(y - p[3 * i + 1]) + sq(z - p[3 * i + 2]));
			final int found = s.search(x, y, z);
			assertEquals(Math.sqrt(best), s.distance(), 1e-9);
			assertEquals(s.distance(), Math.sqrt(sq(x - p[3 * found]) + sq(y - p[3 * found + 1]) + sq(z - p[3 * found + 2])), 1e-12);
		}
		// a subset
		final PointIndex odd = PointIndex.of(p, new int[] { 1, 3, 5 });
		assertEquals(3, odd.size());
		assertEquals(1, odd.search().search(p[3], p[4], p[5]));
		assertEquals(-1, PointIndex.of(new float[0]).search().search(0, 0, 0));
	}
}
