package org.chondroj.core.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

class MarchingCubesTest {

	private static final double[] SPACING = { 0.36, 0.36, 0.7 };

	private static double relative(final double actual, final double expected) {
		return Math.abs(actual - expected) / Math.abs(expected);
	}

	/** Every one of the 256 corner configurations of a single cube (a 2×2×2 mask) gives a closed, outward surface. */
	@Test
	void everyCubeConfigurationGivesAClosedOutwardSurface() {
		for (int m = 0; m < 256; m++) {
			final byte[] data = new byte[8];
			int voxels = 0;
			for (int c = 0; c < 8; c++)
				if ((m & 1 << c) != 0) {
					data[c] = 1;
					voxels++;
				}
			final TriangleMesh mesh = MarchingCubes.surface(Volumes.wrapUnsignedBytes(data, new int[] { 2, 2, 2 }, VoxelGeometry.axisAligned(1, 1, 1)));
			assertTrue(mesh.isClosed(), "case " + m);
			// the chamfered surface encloses at least 1/6 voxel per voxel (an isolated voxel) and at most all voxels
			assertTrue(mesh.volume() >= voxels / 6.0 - 1e-12 && mesh.volume() <= voxels + 1e-12, "case " + m + ": " + mesh.volume());
		}
	}

	/** (a) One voxel is an octahedron with vertices half a voxel from its centre: V = sx·sy·sz/6, A = √((sx·sy)²+(sy·sz)²+(sx·sz)²). Tolerance 1e-6 relative (float vertices). */
	@Test
	void singleVoxelIsAnOctahedron() {
		final double sx = 0.36, sy = 0.5, sz = 0.7;
		final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(new int[] { 3, 3, 3 }, VoxelGeometry.axisAligned(new double[] { sx, sy, sz }, new double[] { -3, 5, 12 }));
		Volumes.byteData(mask)[mask.index(1, 1, 1)] = 1;
		final TriangleMesh mesh = MarchingCubes.surface(mask);
		assertEquals(6, mesh.vertexCount());
		assertEquals(8, mesh.triangleCount());
		assertTrue(mesh.isClosed());
		assertEquals(0, relative(mesh.volume(), sx * sy * sz / 6), 1e-6);
		assertEquals(0, relative(mesh.area(), Math.sqrt(sx * sy * sx * sy + sy * sz * sy * sz + sx * sz * sx * sz)), 1e-6);
	}

	/**
	 * (b) An axis-aligned box of nx×ny×nz voxels. The surface is flat at ½ voxel outside the outer voxel centres,
	 * chamfered along the 12 box edges (a prism of cross-section ½·(sa/2)·(sb/2) removed per unit length) and cut at the
	 * 8 corners (the 1/8 voxel corner block replaced by a 1/48 voxel tetrahedron):
	 * V = sx·sy·sz·(nx·ny·nz − ½((nx−1)+(ny−1)+(nz−1)) − 5/6);
	 * A = 2[sy·sz(ny−1)(nz−1) + sx·sz(nx−1)(nz−1) + sx·sy(nx−1)(ny−1)] + 2[(nx−1)sx√(sy²+sz²) + (ny−1)sy√(sx²+sz²) + (nz−1)sz√(sx²+sy²)]
	 * + √((sx·sy)²+(sy·sz)²+(sx·sz)²). Tolerance 1e-9 relative: the spacings are chosen as exact binary fractions near
	 * the origin so that the float vertex coordinates are exact.
	 */
	@Test
	void boxMatchesTheExactChamferedVolumeAndArea() {
		final int[][] sizes = { { 5, 7, 4 }, { 1, 6, 3 }, { 12, 2, 9 }, { 2, 2, 2 } };
		final double sx = 0.375, sy = 0.5, sz = 0.75;
		for (final int[] n : sizes) {
			final int nx = n[0], ny = n[1], nz = n[2];
			final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(new int[] { nx + 3, ny + 2, nz + 4 }, VoxelGeometry.axisAligned(sx, sy, sz));
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++)
						Volumes.byteData(mask)[mask.index(x + 1, y, z + 2)] = 1; // touches the y border on purpose
			final TriangleMesh mesh = MarchingCubes.surface(mask);
			final double volume = sx * sy * sz * (nx * ny * nz - 0.5 * ((nx - 1) + (ny - 1) + (nz - 1)) - 5.0 / 6);
			final double area = 2 * (sy * sz * (ny - 1) * (nz - 1) + sx * sz * (nx - 1) * (nz - 1) + sx * sy * (nx - 1) * (ny - 1))
					+ 2 * ((nx - 1) * sx * Math.hypot(sy, sz) + (ny - 1) * sy * Math.hypot(sx, sz) + (nz - 1) * sz * Math.hypot(sx, sy))
					+ Math.sqrt(sx * sy * sx * sy + sy * sz * sy * sz + sx * sz * sx * sz);
			assertTrue(mesh.isClosed());
			assertEquals(0, relative(mesh.volume(), volume), 1e-9, "volume of box " + nx + "×" + ny + "×" + nz);
			assertEquals(0, relative(mesh.area(), area), 1e-9, "area of box " + nx + "×" + ny + "×" + nz);
		}
	}

	/** A linear ramp along x crosses iso on a plane: an open, flat surface of area (ny−1)sy·(nz−1)sz, all at x = iso·sx, normals towards −x (lower values). */
	@Test
	void rampGivesAnOpenPlaneFacingLowerValues() {
		final int nx = 6, ny = 5, nz = 4;
		final Volume<FloatType> field = Volumes.floats(new int[] { nx, ny, nz }, VoxelGeometry.axisAligned(SPACING));
		final float[] f = Volumes.floatData(field);
		for (int i = 0; i < f.length; i++)
			f[i] = i % nx;
		final TriangleMesh mesh = MarchingCubes.isosurface(field, 2.25);
		assertEquals((ny - 1) * SPACING[1] * (nz - 1) * SPACING[2], mesh.area(), 1e-6);
		assertTrue(!mesh.isClosed());
		final float[] normals = mesh.vertexNormals();
		final Vector3d p = new Vector3d();
		for (int v = 0; v < mesh.vertexCount(); v++) {
			assertEquals(2.25 * SPACING[0], mesh.vertex(v, p).x, 1e-6);
			assertEquals(-1, normals[3 * v], 1e-6);
		}
	}

	/** Signed distance R − |x − c| sampled at the voxel centres (patient mm), R = 20 mm, centre off the grid. */
	private static Volume<FloatType> sphere(final VoxelGeometry geometry, final int[] dims, final Vector3d centre, final double radius) {
		final Volume<FloatType> field = Volumes.floats(dims, geometry);
		final float[] f = Volumes.floatData(field);
		final Vector3d p = new Vector3d();
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++)
					f[field.index(x, y, z)] = (float) (radius - geometry.indexToPatient(x, y, z, p).distance(centre));
		return field;
	}

	private static final int[] SPHERE_DIMS = { 124, 124, 64 };
	private static final double[] SPHERE_ORIGIN = { 10, -30, 40 };
	private static final double R = 20;

	private static TriangleMesh axisAlignedSphere() {
		final VoxelGeometry g = VoxelGeometry.axisAligned(SPACING, SPHERE_ORIGIN);
		final Vector3d centre = g.indexToPatient(61.37, 62.81, 31.55, new Vector3d());
		return MarchingCubes.isosurface(sphere(g, SPHERE_DIMS, centre, R), 0);
	}

	/** (c) A sphere of radius 20 mm from its signed distance on a 0.36×0.36×0.7 mm grid: area and volume within 0.5 % of 4πR² and 4/3πR³, closed. */
	@Test
	void sphereAreaAndVolume() {
		final TriangleMesh mesh = axisAlignedSphere();
		assertTrue(mesh.isClosed());
		final double area = 4 * Math.PI * R * R, volume = 4.0 / 3 * Math.PI * R * R * R;
		System.out.printf("sphere R=20 mm: %d vertices, %d triangles, area error %.4f %%, volume error %.4f %%%n", mesh.vertexCount(),
				mesh.triangleCount(), 100 * (mesh.area() - area) / area, 100 * (mesh.volume() - volume) / volume);
		assertEquals(0, relative(mesh.area(), area), 0.005);
		assertEquals(0, relative(mesh.volume(), volume), 0.005);
	}

	/**
	 * (d) Metamorphic: the same voxels under a geometry moved by an oblique rotation Q (and by an oblique reflection)
	 * give the mesh moved by Q: vertices within 1e-4 mm of Q·v, the same triangles (winding reversed for the
	 * reflection), area and volume equal to 1e-8 relative, volume still positive. (Not 1e-9: both meshes store float
	 * vertices, rounded to ≈ 4e-6 mm at these coordinates; the differences measured are 4e-10 to 7e-10.)
	 */
	@Test
	void rotatedOrReflectedGeometryMovesTheMeshRigidly() {
		final VoxelGeometry g = VoxelGeometry.axisAligned(SPACING, SPHERE_ORIGIN);
		final Vector3d centre = g.indexToPatient(61.37, 62.81, 31.55, new Vector3d());
		final Volume<FloatType> field = sphere(g, SPHERE_DIMS, centre, R);
		final TriangleMesh reference = MarchingCubes.isosurface(field, 0);
		final Matrix3d rotation = new Matrix3d().rotation(0.7, new Vector3d(1, 2, 3).normalize());
		final Vector3d n = new Vector3d(-2, 1, 4).normalize();
		final Matrix3d reflection = new Matrix3d().identity().sub(new Matrix3d(n.x * n.x, n.y * n.x, n.z * n.x, n.x * n.y, n.y * n.y, n.z * n.y,
				n.x * n.z, n.y * n.z, n.z * n.z).scale(2)).mul(rotation);
		assertTrue(reflection.determinant() < 0);
		for (final Matrix3d q : new Matrix3d[] { rotation, reflection }) {
			final Vector3d origin = q.transform(new Vector3d(SPHERE_ORIGIN[0], SPHERE_ORIGIN[1], SPHERE_ORIGIN[2]));
			final VoxelGeometry moved = VoxelGeometry.of(SPACING, new double[] { origin.x, origin.y, origin.z }, q);
			final TriangleMesh mesh = MarchingCubes.isosurface(field.withGeometry(moved), 0);
			assertEquals(reference.vertexCount(), mesh.vertexCount());
			assertEquals(reference.triangleCount(), mesh.triangleCount());
			assertTrue(mesh.isClosed());
			double worst = 0;
			final Vector3d a = new Vector3d(), b = new Vector3d();
			for (int v = 0; v < mesh.vertexCount(); v++)
				worst = Math.max(worst, q.transform(reference.vertex(v, a)).distance(mesh.vertex(v, b)));
			final boolean flipped = q.determinant() < 0;
			for (int t = 0; t < mesh.triangleCount(); t++) {
				assertEquals(reference.triangleVertex(t, 0), mesh.triangleVertex(t, 0));
				assertEquals(reference.triangleVertex(t, 1), mesh.triangleVertex(t, flipped ? 2 : 1));
			}
			System.out.printf("moved sphere (det %+.0f): max vertex error %.2e mm, area rel diff %.2e, volume rel diff %.2e%n", q.determinant(),
					worst, relative(mesh.area(), reference.area()), relative(mesh.volume(), reference.volume()));
			assertTrue(worst < 1e-4, "vertex moved by " + worst + " mm");
			assertEquals(0, relative(mesh.area(), reference.area()), 1e-8);
			assertEquals(0, relative(mesh.volume(), reference.volume()), 1e-8);
		}
	}

	/**
	 * (e) Random blobs with holes and many components: closed; the enclosed volume differs from voxel count × voxel
	 * volume only by the chamfering, a layer at most half the largest spacing thick: |V − n·v| &lt; A·max(s)/2.
	 */
	@Test
	void randomBlobsAreClosedAndHoldTheirVoxels() {
		for (long seed = 1; seed <= 4; seed++) {
			final Volume<UnsignedByteType> mask = blobs(seed, new int[] { 48, 40, 30 });
			int voxels = 0;
			for (final byte b : Volumes.byteData(mask))
				voxels += b != 0 ? 1 : 0;
			final TriangleMesh mesh = MarchingCubes.surface(mask);
			assertTrue(mesh.isClosed(), "seed " + seed);
			final double v = voxels * mask.geometry().voxelVolume();
			final double bound = mesh.area() * 0.7 / 2;
			System.out.printf("blobs seed %d: %d voxels, %d triangles, |V - n v| = %.1f mm³ (%.1f %% of the bound)%n", seed, voxels,
					mesh.triangleCount(), Math.abs(mesh.volume() - v), 100 * Math.abs(mesh.volume() - v) / bound);
			assertTrue(Math.abs(mesh.volume() - v) < bound, "seed " + seed);
		}
	}

	/** White noise (half the voxels set, many ambiguous faces and cubes) still gives a closed, consistently oriented surface. */
	@Test
	void noiseIsClosed() {
		final SplittableRandom random = new SplittableRandom(11);
		final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(new int[] { 23, 19, 17 }, VoxelGeometry.axisAligned(SPACING));
		final byte[] m = Volumes.byteData(mask);
		int voxels = 0;
		for (int i = 0; i < m.length; i++)
			if (random.nextBoolean()) {
				m[i] = 1;
				voxels++;
			}
		final TriangleMesh mesh = MarchingCubes.surface(mask);
		assertTrue(mesh.isClosed());
		final double v = voxels * mask.geometry().voxelVolume();
		assertTrue(Math.abs(mesh.volume() - v) < mesh.area() * 0.7 / 2);
	}

	/** Random spheres (some touching the border), minus random smaller spheres (holes and tunnels), plus salt noise; 0.36×0.36×0.7 mm. */
	static Volume<UnsignedByteType> blobs(final long seed, final int[] dims) {
		final SplittableRandom random = new SplittableRandom(seed);
		final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(dims, VoxelGeometry.axisAligned(SPACING, new double[] { -7, 3, 11 }));
		final byte[] m = Volumes.byteData(mask);
		for (int s = 0; s < 40; s++) {
			final boolean hole = s % 3 == 2;
			final double cx = random.nextDouble(dims[0]), cy = random.nextDouble(dims[1]), cz = random.nextDouble(dims[2]);
			final double r = random.nextDouble(1, hole ? 3 : 7);
			for (int z = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++) {
						final double dx = x - cx, dy = y - cy, dz = (z - cz) * 2;
						if (dx * dx + dy * dy + dz * dz < r * r)
							m[mask.index(x, y, z)] = (byte) (hole ? 0 : 1 + s);
					}
		}
		for (int i = 0; i < m.length / 50; i++)
			m[random.nextInt(m.length)] ^= 1;
		return mask;
	}

	/** (f) Determinism: two runs, and a run on a single thread, give identical arrays. */
	@Test
	void outputDoesNotDependOnTheRunOrThreads() throws Exception {
		final Volume<UnsignedByteType> mask = blobs(7, new int[] { 40, 33, 45 });
		final TriangleMesh a = MarchingCubes.surface(mask), b = MarchingCubes.surface(mask);
		final ForkJoinPool single = new ForkJoinPool(1);
		final TriangleMesh c;
		try {
			c = single.submit(() -> MarchingCubes.surface(mask)).get();
		} finally {
			single.shutdown();
		}
		for (final TriangleMesh other : new TriangleMesh[] { b, c }) {
			assertArrayEquals(a.vertices(), other.vertices());
			assertArrayEquals(a.triangles(), other.triangles());
		}
	}

	/** A field of one sample along an axis has no cubes: the empty mesh. */
	@Test
	void flatFieldHasNoSurface() {
		final Volume<FloatType> field = Volumes.floats(new int[] { 5, 5, 1 }, VoxelGeometry.axisAligned(1, 1, 1));
		Volumes.floatData(field)[12] = 1;
		assertEquals(0, MarchingCubes.isosurface(field, 0.5).triangleCount());
		assertEquals(0, MarchingCubes.surface(Volumes.unsignedBytes(new int[] { 4, 4, 4 }, VoxelGeometry.axisAligned(1, 1, 1))).vertexCount());
	}

	/** isosurface of a 0/1 mask at 0.5 equals surface() where the object does not touch the border. */
	@Test
	void isosurfaceOfAnInteriorMaskEqualsItsSurface() {
		final Volume<UnsignedByteType> mask = blobs(3, new int[] { 30, 30, 20 });
		final byte[] m = Volumes.byteData(mask);
		for (int z = 0; z < 20; z++)
			for (int y = 0; y < 30; y++)
				for (int x = 0; x < 30; x++)
					m[mask.index(x, y, z)] = (byte) (m[mask.index(x, y, z)] == 0 || x == 0 || y == 0 || z == 0 || x == 29 || y == 29 || z == 19 ? 0 : 1);
		final TriangleMesh a = MarchingCubes.surface(mask), b = MarchingCubes.isosurface(mask, 0.5);
		assertEquals(a.triangleCount(), b.triangleCount());
		assertEquals(a.area(), b.area(), 1e-9 * a.area());
		assertEquals(a.volume(), b.volume(), 1e-9 * a.volume());
	}
}
