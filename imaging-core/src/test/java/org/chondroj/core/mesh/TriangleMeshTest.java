package org.chondroj.core.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TriangleMeshTest {

	/** The corner tetrahedron (0,0,0), (a,0,0), (0,b,0), (0,0,c), far from the origin, outward-oriented. */
	private static TriangleMesh tetrahedron(final float a, final float b, final float c, final int[] triangles) {
		final float o = 100;
		return TriangleMesh.of(new float[] { o, o, o, o + a, o, o, o, o + b, o, o, o, o + c }, triangles);
	}

	private static final int[] OUTWARD = { 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3 };

	/** Volume abc/6 and area (ab + bc + ca + √((ab)² + (bc)² + (ca)²))/2, 1e-12 relative (exact float coordinates). */
	@Test
	void tetrahedronMeasures() {
		final float a = 2, b = 3, c = 5;
		final TriangleMesh t = tetrahedron(a, b, c, OUTWARD);
		assertTrue(t.isClosed());
		assertEquals(a * b * c / 6.0, t.volume(), 1e-12 * 5);
		assertEquals((a * b + b * c + c * a + Math.sqrt(a * b * a * b + b * c * b * c + c * a * c * a)) / 2, t.area(), 1e-12 * 30);
		final float[] n = t.vertexNormals();
		for (int v = 0; v < 4; v++)
			assertEquals(1, Math.sqrt(n[3 * v] * n[3 * v] + n[3 * v + 1] * n[3 * v + 1] + n[3 * v + 2] * n[3 * v + 2]), 1e-6);
		assertTrue(n[0] < 0 && n[1] < 0 && n[2] < 0); // the corner at the origin points away from the others
	}

	@Test
	void inconsistentOrOpenMeshesAreNotClosed() {
		final int[] flipped = OUTWARD.clone();
		flipped[1] = 1;
		flipped[2] = 2;
		assertFalse(tetrahedron(1, 1, 1, flipped).isClosed());
		assertFalse(tetrahedron(1, 1, 1, java.util.Arrays.copyOf(OUTWARD, 9)).isClosed());
		assertTrue(TriangleMesh.empty().isClosed());
		// reversed orientation: still closed, negative volume
		final int[] reversed = { 0, 1, 2, 0, 3, 1, 0, 2, 3, 1, 3, 2 };
		assertTrue(tetrahedron(1, 1, 1, reversed).isClosed());
		assertEquals(-1 / 6.0, tetrahedron(1, 1, 1, reversed).volume(), 1e-12);
	}

	@Test
	void badArraysAreRejectedAndInputsCopied() {
		assertThrows(IllegalArgumentException.class, () -> TriangleMesh.of(new float[4], new int[0]));
		assertThrows(IllegalArgumentException.class, () -> TriangleMesh.of(new float[9], new int[] { 0, 1, 3 }));
		final float[] v = { 0, 0, 0, 1, 0, 0, 0, 1, 0 };
		final TriangleMesh m = TriangleMesh.of(v, new int[] { 0, 1, 2 });
		v[3] = 7;
		assertEquals(0.5, m.area(), 1e-12);
	}
}
