package org.chondroj.core.mesh;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix4d;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Marching cubes: the triangle mesh of an isosurface of a sampled field, or of the boundary of a mask, in patient
 * millimetres.
 * <p>
 * The grid cubes join 8 neighbouring voxel centres. A cube edge whose ends lie on different sides of the
 * iso-value carries one vertex, placed by linear interpolation of the two values; neighbouring triangles share it,
 * so the mesh is indexed (no duplicated vertices). Vertices are mapped to LPS millimetres through the volume's
 * {@link VoxelGeometry} (spacing, origin and direction, reflections included); the triangle winding is flipped when
 * the direction matrix is a reflection, so normals always point out of the object (towards values ≤ iso).
 * <p>
 * The case table is generated at class initialisation, not tabulated: on each face of the cube, every maximal run
 * of consecutive inside corners (taken counter-clockwise seen from outside the cube) gives one directed segment
 * between the two crossed edges bounding the run; the segments of a cube chain into closed loops, and each loop is
 * triangulated by clipping ears, never drawing a diagonal that lies in a cube face (the neighbouring cube could
 * draw the same one, and the surface would no longer be a manifold). On an ambiguous face (two diagonal inside corners) the inside corners are always kept
 * apart, and since both cubes sharing a face see the same four values they draw the same segments, in opposite
 * directions: the surface is watertight and consistently oriented.
 * <p>
 * Vertex order: grid plane by grid plane (z of the voxel grid); within plane p first the vertices on the x and
 * y edges of the plane, by (y, x, axis), then those on the z edges from plane p to p + 1, by (y, x). Triangles are
 * in cube order (z, y, x), then table order. The output is therefore identical whatever the number of threads.
 * <p>
 * Cost: O(n) time for n voxels (two passes over the grid, split over slabs of slices with {@link Parallel});
 * memory: the mesh (12 bytes per vertex, 12 per triangle) plus a few planes per running task.
 */
public final class MarchingCubes {

	/** Corner c of the unit cube is at (c & 1, (c >> 1) & 1, (c >> 2) & 1). Edge e joins EDGE_LOW[e] to EDGE_LOW[e] + axis. */
	private static final int[] EDGE_LOW = new int[12];
	private static final int[] EDGE_AXIS = new int[12];
	/** Triangles of case m (bit c = corner c inside): cube edges CASE_EDGES[CASE_START[m] .. CASE_START[m + 1]), 3 per triangle. */
	private static final int[] CASE_START = new int[257];
	private static final int[] CASE_EDGES;
	/** Number of triangles of each case. */
	private static final int[] CASE_TRIANGLES = new int[256];

	/** Cube layers (slices of cubes) per parallel task. Fixed, so that the work split does not depend on the machine. */
	private static final int LAYERS_PER_TASK = 4;

	static {
		final int[][] edgeOf = new int[8][8];
		int e = 0;
		for (int axis = 0; axis < 3; axis++)
			for (int c = 0; c < 8; c++)
				if ((c & (1 << axis)) == 0) {
					EDGE_LOW[e] = c;
					EDGE_AXIS[e] = axis;
					edgeOf[c][c | 1 << axis] = e;
					edgeOf[c | 1 << axis][c] = e;
					e++;
				}
		// faces: the 4 corners counter-clockwise seen from outside the cube
		final int[][] faces = new int[6][4];
		for (int axis = 0; axis < 3; axis++) {
			final int u = (axis + 1) % 3, v = (axis + 2) % 3; // u × v = +axis
			for (int side = 0; side < 2; side++) {
				// counter-clockwise seen from +axis is (0,0) (1,0) (1,1) (0,1) in (u, v); from −axis the reverse
				final int[][] uv = side == 1 ? new int[][] { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } }
						: new int[][] { { 0, 0 }, { 0, 1 }, { 1, 1 }, { 1, 0 } };
				for (int k = 0; k < 4; k++)
					faces[2 * axis + side][k] = side << axis | uv[k][0] << u | uv[k][1] << v;
			}
		}
		// two cube edges on a common face: a triangle edge between their vertices would lie in that face, where the
		// neighbouring cube might draw the same edge; triangulations avoid such diagonals
		final boolean[][] sharesFace = new boolean[12][12];
		for (final int[] face : faces)
			for (int a = 0; a < 12; a++)
				for (int b = 0; b < 12; b++)
					if (onFace(face, a) && onFace(face, b))
						sharesFace[a][b] = true;
		final int[] edges = new int[256 * 12 * 3];
		int count = 0;
		final int[] next = new int[12];
		final int[] loop = new int[12];
		for (int m = 0; m < 256; m++) {
			CASE_START[m] = count;
			Arrays.fill(next, -1);
			for (final int[] face : faces)
				for (int k = 0; k < 4; k++) {
					final int prev = face[(k + 3) % 4];
					if (inside(m, face[k]) && !inside(m, prev)) {
						int last = k; // the run starts at k; find its last corner
						while (inside(m, face[(last + 1) % 4]))
							last = (last + 1) % 4;
						final int entry = edgeOf[prev][face[k]], exit = edgeOf[face[last]][face[(last + 1) % 4]];
						if (next[entry] != -1)
							throw new IllegalStateException("case table: edge " + entry + " entered twice in case " + m);
						next[entry] = exit;
					}
				}
			final boolean[] used = new boolean[12];
			for (int start = 0; start < 12; start++) {
				final boolean crossed = inside(m, EDGE_LOW[start]) != inside(m, EDGE_LOW[start] | 1 << EDGE_AXIS[start]);
				if (crossed != (next[start] != -1))
					throw new IllegalStateException("case table: edge " + start + " of case " + m + " has no segment");
				if (!crossed || used[start])
					continue;
				int n = 0;
				for (int x = start; !used[x]; x = next[x]) {
					used[x] = true;
					loop[n++] = x;
				}
				if (loop[0] != start || next[loop[n - 1]] != start || n < 3)
					throw new IllegalStateException("case table: open loop in case " + m);
				final int[] out = new int[3 * (n - 2)];
				if (!triangulate(Arrays.copyOf(loop, n), n, sharesFace, out, 0))
					throw new IllegalStateException("case table: no triangulation of a loop in case " + m);
				System.arraycopy(out, 0, edges, count, out.length);
				count += out.length;
			}
			CASE_TRIANGLES[m] = (count - CASE_START[m]) / 3;
		}
		CASE_START[256] = count;
		CASE_EDGES = Arrays.copyOf(edges, count);
	}

	private static boolean onFace(final int[] face, final int edge) {
		boolean low = false, high = false;
		for (final int c : face) {
			low |= c == EDGE_LOW[edge];
			high |= c == (EDGE_LOW[edge] | 1 << EDGE_AXIS[edge]);
		}
		return low && high;
	}

	/**
	 * Triangulates the polygon {@code poly[0..n)} (cube edges, in loop order) by clipping ears whose new diagonal does
	 * not lie in a cube face, backtracking if needed; writes the triangles (in loop orientation) from {@code out[at]}.
	 */
	private static boolean triangulate(final int[] poly, final int n, final boolean[][] sharesFace, final int[] out, final int at) {
		if (n == 3) {
			out[at] = poly[0];
			out[at + 1] = poly[1];
			out[at + 2] = poly[2];
			return true;
		}
		for (int i = 0; i < n; i++) {
			final int a = poly[(i + n - 1) % n], b = poly[i], c = poly[(i + 1) % n];
			if (sharesFace[a][c])
				continue;
			final int[] rest = new int[n - 1];
			for (int k = 0, r = 0; k < n; k++)
				if (k != i)
					rest[r++] = poly[k];
			out[at] = a;
			out[at + 1] = b;
			out[at + 2] = c;
			if (triangulate(rest, n - 1, sharesFace, out, at + 3))
				return true;
		}
		return false;
	}

	private static boolean inside(final int m, final int corner) {
		return (m & 1 << corner) != 0;
	}

	private MarchingCubes() {
	}

	/**
	 * The isosurface of a sampled field: where the field crosses {@code iso}, "inside" being value &gt; iso.
	 * Crossings are linearly interpolated along the grid edges. Only cubes within the grid are used, so the
	 * surface is open where the object meets the border of the volume. NaN counts as outside (a crossing next to
	 * a value that is not finite is put halfway).
	 * <p>
	 * Cost: O(n); non-float volumes are converted one slice at a time.
	 *
	 * @param field any real-valued volume
	 * @param iso the iso-value, in the field's units
	 * @return the mesh, mm (LPS)
	 */
	public static TriangleMesh isosurface(final Volume<?> field, final double iso) {
		final int nx = field.dimension(0), ny = field.dimension(1), nz = field.dimension(2);
		final float[] data = field.type() instanceof FloatType ? Volumes.floatValues(field) : null;
		final PlaneSource source = (p, dest) -> {
			if (data != null)
				System.arraycopy(data, p * nx * ny, dest, 0, nx * ny);
			else {
				final Cursor<? extends RealType<?>> c = Views.flatIterable(Views.hyperSlice(field.img(), 2, p)).cursor();
				for (int i = 0; i < nx * ny; i++)
					dest[i] = c.next().getRealFloat();
			}
		};
		return new Grid(nx, ny, nz, 0, iso, source, field.geometry()).run();
	}

	/**
	 * The closed surface of a mask: the boundary of its non-zero voxels, at iso 0.5 between voxel centres (so
	 * vertices lie at the midpoints of the grid edges), with everything outside the grid treated as background.
	 * The mesh is always closed; its enclosed volume is slightly less than the voxel count times the voxel volume
	 * where the surface is convex (corners and edges are chamfered) and slightly more where it is concave.
	 * <p>
	 * Cost: O(n).
	 *
	 * @param mask non-zero = inside
	 * @return the mesh, mm (LPS), counter-clockwise seen from outside
	 */
	public static TriangleMesh surface(final Volume<UnsignedByteType> mask) {
		final int nx = mask.dimension(0), ny = mask.dimension(1), nz = mask.dimension(2);
		final byte[] data = Volumes.byteData(mask);
		final int gx = nx + 2, gy = ny + 2;
		final PlaneSource source = (p, dest) -> {
			Arrays.fill(dest, 0f);
			final int z = p - 1;
			if (z < 0 || z >= nz)
				return;
			for (int y = 0; y < ny; y++) {
				final int in = nx * (y + ny * z), out = 1 + gx * (y + 1);
				for (int x = 0; x < nx; x++)
					if (data[in + x] != 0)
						dest[out + x] = 1f;
			}
		};
		return new Grid(gx, gy, nz + 2, -1, 0.5, source, mask.geometry()).run();
	}

	/** Fills one plane (gx·gy values, x fastest) of the grid. */
	private interface PlaneSource {
		void load(int plane, float[] dest);
	}

	/** One run of the algorithm over a grid of gx × gy × gz points. */
	private static final class Grid {
		final int gx, gy, gz, planeSize;
		/** Grid point (x, y, z) is voxel index (x + offset, y + offset, z + offset). */
		final int offset;
		final double iso;
		final PlaneSource source;
		/** index → patient affine, row-major 3×4. */
		final double[] affine = new double[12];
		final boolean reflected;
		/** Per plane: vertices on its x/y edges; per layer: vertices on its z edges, and triangles. */
		final int[] planeVertices, layerVertices, layerTriangles;
		final int tasks;

		Grid(final int gx, final int gy, final int gz, final int offset, final double iso, final PlaneSource source,
				final VoxelGeometry geometry) {
			this.gx = gx;
			this.gy = gy;
			this.gz = gz;
			this.planeSize = gx * gy;
			this.offset = offset;
			this.iso = iso;
			this.source = source;
			final Matrix4d m = geometry.indexToPatientAffine();
			for (int r = 0; r < 3; r++)
				for (int c = 0; c < 4; c++)
					affine[4 * r + c] = m.get(c, r);
			reflected = geometry.indexToPatientLinear().determinant() < 0;
			planeVertices = new int[gz];
			layerVertices = new int[Math.max(gz - 1, 0)];
			layerTriangles = new int[Math.max(gz - 1, 0)];
			tasks = (gz - 1 + LAYERS_PER_TASK - 1) / LAYERS_PER_TASK;
		}

		TriangleMesh run() {
			if (gx < 2 || gy < 2 || gz < 2)
				return TriangleMesh.empty();
			Parallel.forEach(tasks, this::count);
			final int[] planeBase = new int[gz], layerBase = new int[gz - 1], triangleBase = new int[gz - 1];
			long vertices = 0, triangles = 0;
			for (int p = 0; p < gz; p++) {
				planeBase[p] = (int) vertices;
				vertices += planeVertices[p];
				if (p < gz - 1) {
					layerBase[p] = (int) vertices;
					vertices += layerVertices[p];
					triangleBase[p] = (int) triangles;
					triangles += layerTriangles[p];
				}
				if (3 * vertices > Integer.MAX_VALUE - 8 || 3 * triangles > Integer.MAX_VALUE - 8)
					throw new IllegalArgumentException("the surface has too many vertices or triangles for one Java array");
			}
			final float[] xyz = new float[(int) (3 * vertices)];
			final int[] tri = new int[(int) (3 * triangles)];
			Parallel.forEach(tasks, task -> build(task, planeBase, layerBase, triangleBase, xyz, tri));
			return TriangleMesh.wrap(xyz, tri);
		}

		private int firstLayer(final int task) {
			return task * LAYERS_PER_TASK;
		}

		private int endLayer(final int task) {
			return Math.min(gz - 1, (task + 1) * LAYERS_PER_TASK);
		}

		/** Whether plane p's own vertices are written by the task whose layers end at {@code end}. */
		private boolean owns(final int p, final int start, final int end) {
			return p >= start && (p < end || p == gz - 1);
		}

		/** Pass 1: counts the vertices and triangles of the planes and layers of one task. */
		private void count(final int task) {
			final int start = firstLayer(task), end = endLayer(task);
			float[] lower = new float[planeSize], upper = new float[planeSize];
			source.load(start, lower);
			planeVertices[start] = countPlane(lower);
			for (int k = start; k < end; k++) {
				source.load(k + 1, upper);
				if (owns(k + 1, start, end))
					planeVertices[k + 1] = countPlane(upper);
				int zEdges = 0, triangles = 0;
				for (int i = 0; i < planeSize; i++)
					if (lower[i] > iso != upper[i] > iso)
						zEdges++;
				for (int y = 0; y + 1 < gy; y++)
					for (int x = 0, i = gx * y; x + 1 < gx; x++, i++)
						triangles += CASE_TRIANGLES[cubeCase(lower, upper, i)];
				layerVertices[k] = zEdges;
				layerTriangles[k] = triangles;
				final float[] t = lower;
				lower = upper;
				upper = t;
			}
		}

		private int countPlane(final float[] v) {
			int n = 0;
			for (int y = 0; y < gy; y++)
				for (int x = 0, i = gx * y; x < gx; x++, i++) {
					final boolean in = v[i] > iso;
					if (x + 1 < gx && in != v[i + 1] > iso)
						n++;
					if (y + 1 < gy && in != v[i + gx] > iso)
						n++;
				}
			return n;
		}

		private int cubeCase(final float[] lower, final float[] upper, final int i) {
			final int j = i + gx;
			int m = 0;
			if (lower[i] > iso)
				m |= 1;
			if (lower[i + 1] > iso)
				m |= 2;
			if (lower[j] > iso)
				m |= 4;
			if (lower[j + 1] > iso)
				m |= 8;
			if (upper[i] > iso)
				m |= 16;
			if (upper[i + 1] > iso)
				m |= 32;
			if (upper[j] > iso)
				m |= 64;
			if (upper[j + 1] > iso)
				m |= 128;
			return m;
		}

		/** Pass 2: numbers and places the vertices, and writes the triangles, of the planes and layers of one task. */
		private void build(final int task, final int[] planeBase, final int[] layerBase, final int[] triangleBase,
				final float[] xyz, final int[] tri) {
			final int start = firstLayer(task), end = endLayer(task);
			float[] lower = new float[planeSize], upper = new float[planeSize];
			// vertex ids: x/y edges of the lower and upper planes (2 per grid point), z edges of the layer (1 per point)
			int[] lowerIds = new int[2 * planeSize], upperIds = new int[2 * planeSize];
			final int[] zIds = new int[planeSize];
			source.load(start, lower);
			numberPlane(start, lower, planeBase[start], lowerIds, xyz);
			for (int k = start; k < end; k++) {
				source.load(k + 1, upper);
				numberPlane(k + 1, upper, planeBase[k + 1], upperIds, owns(k + 1, start, end) ? xyz : null);
				numberLayer(k, lower, upper, layerBase[k], zIds, xyz);
				int t = 3 * triangleBase[k];
				for (int y = 0; y + 1 < gy; y++)
					for (int x = 0, i = gx * y; x + 1 < gx; x++, i++) {
						final int m = cubeCase(lower, upper, i);
						for (int q = CASE_START[m]; q < CASE_START[m + 1]; q += 3) {
							tri[t] = vertexId(CASE_EDGES[q], i, lowerIds, upperIds, zIds);
							final int b = vertexId(CASE_EDGES[q + 1], i, lowerIds, upperIds, zIds);
							final int c = vertexId(CASE_EDGES[q + 2], i, lowerIds, upperIds, zIds);
							tri[t + 1] = reflected ? c : b;
							tri[t + 2] = reflected ? b : c;
							t += 3;
						}
					}
				final float[] tv = lower;
				lower = upper;
				upper = tv;
				final int[] ti = lowerIds;
				lowerIds = upperIds;
				upperIds = ti;
			}
		}

		private int vertexId(final int edge, final int i, final int[] lowerIds, final int[] upperIds, final int[] zIds) {
			final int c = EDGE_LOW[edge];
			final int g = i + (c & 1) + ((c >> 1) & 1) * gx;
			final int axis = EDGE_AXIS[edge];
			if (axis == 2)
				return zIds[g];
			return ((c & 4) == 0 ? lowerIds : upperIds)[2 * g + axis];
		}

		/** Numbers the vertices on the x and y edges of plane p from {@code id}; places them when {@code xyz} is given. */
		private void numberPlane(final int p, final float[] v, int id, final int[] ids, final float[] xyz) {
			for (int y = 0; y < gy; y++)
				for (int x = 0, i = gx * y; x < gx; x++, i++) {
					final boolean in = v[i] > iso;
					if (x + 1 < gx && in != v[i + 1] > iso) {
						ids[2 * i] = id;
						if (xyz != null)
							place(xyz, id, x + crossing(v[i], v[i + 1]), y, p);
						id++;
					}
					if (y + 1 < gy && in != v[i + gx] > iso) {
						ids[2 * i + 1] = id;
						if (xyz != null)
							place(xyz, id, x, y + crossing(v[i], v[i + gx]), p);
						id++;
					}
				}
		}

		/** Numbers and places the vertices on the z edges between planes k and k + 1, from {@code id}. */
		private void numberLayer(final int k, final float[] lower, final float[] upper, int id, final int[] ids, final float[] xyz) {
			for (int y = 0; y < gy; y++)
				for (int x = 0, i = gx * y; x < gx; x++, i++)
					if (lower[i] > iso != upper[i] > iso) {
						ids[i] = id;
						place(xyz, id, x, y, k + crossing(lower[i], upper[i]));
						id++;
					}
		}

		/** Fraction of the way from a to b where the linear interpolant crosses iso (½ if a value is not finite). */
		private double crossing(final float a, final float b) {
			final double t = (iso - a) / ((double) b - a);
			return t >= 0 && t <= 1 ? t : 0.5;
		}

		private void place(final float[] xyz, final int id, final double gxi, final double gyi, final double gzi) {
			final double i = gxi + offset, j = gyi + offset, k = gzi + offset;
			final double[] a = affine;
			xyz[3 * id] = (float) (a[0] * i + a[1] * j + a[2] * k + a[3]);
			xyz[3 * id + 1] = (float) (a[4] * i + a[5] * j + a[6] * k + a[7]);
			xyz[3 * id + 2] = (float) (a[8] * i + a[9] * j + a[10] * k + a[11]);
		}
	}
}
