package org.chondroj.knee.cartilage;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Filters;
import org.chondroj.core.mesh.MarchingCubes;
import org.chondroj.core.mesh.PointIndex;
import org.chondroj.core.mesh.TriangleIndex;
import org.chondroj.core.mesh.TriangleMesh;

import org.joml.Matrix4d;
import org.joml.Vector3d;

/**
 * Cartilage thickness on sub-voxel surfaces (docs/DESIGN.md, "Measurement definitions"): from a {@link BoneCartilage} to
 * a {@link ThicknessMap}.
 * <p>
 * <b>Surfaces.</b> Let B and C be the bone and cartilage fields (0…1), smoothed with a Gaussian of σ mm
 * ({@link Filters#gaussian}; by default {@link #defaultSigmaMm}). The bone surface is the marching-cubes isosurface
 * B = ½, the articular surface the isosurface U = B + C = ½ (the surface of bone ∪ cartilage, made only within the
 * cartilage's bounding box widened by the kernel), both in patient millimetres with the grid's spacing and direction.
 * B and C are interpolated trilinearly wherever they are needed below; normals are −∇f/|∇f| of the smoothed field,
 * which are smoother than the triangles' normals.
 * <p>
 * <b>Articular vertices.</b> Each articular vertex w with some cartilage at it (C &gt; 0.02)
 * gets its foot f(w), the nearest point of the bone surface (exact point-to-triangle distance), and
 * d<sub>AB</sub>(w) = |w − f(w)|. It is cartilage when C &gt; ¼ halfway between w and f(w) (the middle of a layer
 * of thickness t blurred by a Gaussian of σ holds more than that for t ≳ 0.6σ; bare bone, where the articular surface
 * is the bone surface, holds none), else bare bone, as is every other articular vertex. A cartilage vertex whose
 * normal makes at most 55° ({@link #FACING_COSINE}) with w − f(w) is on the cartilage surface
 * ({@link ThicknessMap#CARTILAGE}, counted in AC) if the bone vertex under it turns out covered (see Coverage); the
 * others are side walls ({@link ThicknessMap#EDGE}: the edges of plates and defects, and the blurred foot of a wall
 * over denuded bone).
 * <p>
 * <b>The target surface</b> of the thickness is the cartilage surface less its tilted rim: within {@link #rimMm} of a
 * side wall, or of the bone just outside the cartilage, only vertices tilted by at most 10°
 * ({@link #RIM_FACING_COSINE}) count. The smoothing and the voxels round the top corner of a wall; without this, the
 * bone next to an edge would find the rounded corner, not the cartilage surface above it, and the thickness would
 * fall off over about a thickness' width from every edge and defect.
 * <p>
 * <b>Thickness</b> (the symmetric nearest-neighbour rule). For a bone vertex v with some cartilage at it,
 * d<sub>BA</sub>(v) is the exact distance to the target surface (triangles with three target corners), and
 * D<sub>AB</sub>(v) is the area-weighted mean of d<sub>AB</sub>(w) over the target vertices whose foot lies on the
 * triangles around v (each w weighted by its area times the barycentric weight of v at its foot), i.e. the
 * articular-to-bone distance carried back to v along its own correspondence (when no foot falls near v,
 * d<sub>AB</sub> interpolated at v's nearest target point is used). Then
 * <pre>
 *   T(v) = ½ (d_BA(v) + D_AB(v)).
 * </pre>
 * Both terms are exact for a spherical shell of constant thickness, convex or concave (the normals of concentric
 * spheres are the nearest-neighbour directions). Where the thickness t varies with slope s (mm/mm), d<sub>BA</sub> is
 * shorter than the normal height by about t·s²/2 while D<sub>AB</sub> is the height, so T is shorter by about t·s²/4.
 * <p>
 * <b>Coverage.</b> v is covered when U &gt; ½ at v + ½T(v)·n(v) (n the bone normal): when the articular surface
 * above v is higher than half the thickness. At a plate's edge or a defect's rim this puts the boundary where the
 * wall is at mid-height, where a wall blurred by any centrally symmetric kernel (anisotropic voxels and smoothing
 * included) still stands at its true place. Denuded vertices have T = 0.
 * <p>
 * <b>Volume.</b> Every voxel's cartilage (C before smoothing × voxel volume: the voxel count for masks, the sum of
 * fractions for fractions) goes to the covered bone vertex nearest to the voxel's centre (to the nearest bone vertex
 * when none is covered), so that the per-vertex volumes add up to the input's cartilage volume.
 * <p>
 * <b>Accuracy</b> on the OAI DESS grid (0.3646 × 0.3646 × 0.7 mm, surfaces oblique to the grid; tests of this
 * package): on the phantom knee's plates ThCcAB and ThCtAB within 0.014 mm of the truth from 4 × 4 × 4 supersampled
 * fractions and within 0.02 mm from centre-sampled label maps, tAB, cAB and VC within 1 %, AC within 2 %; on
 * analytic slabs and spherical caps ThCcAB within 0.015 mm (0.02 mm where a plane contains a grid axis and the label
 * map's terraces do not average out). Single vertices scatter: from label maps by up to ±0.3 mm where a surface is
 * nearly parallel to a grid plane (the terraces of the label map), from fractions by about ±0.02 mm. Cartilage about
 * as thin as the smoothing is wide (0.5 mm on this grid) comes out about 0.01 mm too thick and its cAB 3–4 % small.
 * <p>
 * <b>Cost.</b> One Gaussian and one marching-cubes pass over the crop (bone), one each over the cartilage's box
 * (cartilage), a bounding-volume hierarchy per surface (O(t log t)), one exact nearest-point query per articular and
 * bone vertex near cartilage (parallel over fixed blocks of vertices) and one nearest-vertex query per cartilage voxel.
 * A femur of an OAI-sized label map: about 0.55 s of processor time, 0.3 s on two idle cores (the crop of
 * {@link BoneCartilage} takes 0.04 s more). The result does not depend on the number of threads: every
 * vertex is computed on its own, and every sum is taken in index order.
 */
public final class ThicknessMaps {

	/**
	 * Cosine of the largest angle (55°) between the outward normal of an articular cartilage vertex and the direction
	 * from its foot on the bone: steeper vertices are side walls ({@link ThicknessMap#EDGE}). 55° is where a wall's
	 * rounded top corner (rounded by the voxels and the smoothing) keeps about the area of the sharp corner, so that AC
	 * is not biased by the rounding.
	 */
	public static final double FACING_COSINE = 0.5736;

	/**
	 * Cosine of the largest tilt (10°) of a cartilage-surface vertex within the rim ({@link #rimMm}) of a side wall or
	 * of the edge of the covered bone, for it to be a target of the thickness.
	 */
	public static final double RIM_FACING_COSINE = 0.9848;

	/**
	 * Default Gaussian σ for hard masks, as a fraction of the largest voxel spacing, the same on every axis: {@value}
	 * (0.49 mm on the OAI DESS grid). From the analytic and phantom tests of this package (bias against σ reported
	 * there): less leaves the staircase of the mask in the surfaces and biases the nearest-neighbour distances low;
	 * more rounds the plate edges and shrinks the covered area.
	 */
	public static final double MASK_SIGMA_OF_LARGEST_SPACING = 0.7;

	/**
	 * Default Gaussian σ for partial-volume fractions, in voxels of each axis: {@value} (0.27 × 0.27 × 0.53 mm on the
	 * OAI DESS grid). It smooths the facets of the linear interpolation between voxel centres.
	 */
	public static final double FRACTION_SIGMA_VOXELS = 0.75;

	/** Least cartilage share at a vertex for it to be considered for coverage (bone) or for cartilage (articular). */
	private static final double CANDIDATE_SHARE = 0.02;

	/** Vertices per parallel task (fixed, so that the split does not depend on the machine). */
	private static final int BLOCK = 4096;

	private ThicknessMaps() {
	}

	/** The largest σ the crop's background margin holds, mm ({@link BoneCartilage#MARGIN_MM} / 5). */
	public static final double MAX_SIGMA_MM = BoneCartilage.MARGIN_MM / 5;

	/**
	 * The default smoothing of {@code input}, mm per axis (x, y, z of its grid): for masks
	 * {@link #MASK_SIGMA_OF_LARGEST_SPACING} × the largest spacing on every axis, for fractions
	 * {@link #FRACTION_SIGMA_VOXELS} voxels of each axis; at most {@link #MAX_SIGMA_MM} (reached by masks with slices
	 * thicker than 1.43 mm, as on many clinical 3-D scans).
	 */
	public static double[] defaultSigmaMm(final BoneCartilage input) {
		final VoxelGeometry g = input.geometry();
		if (input.isFractions())
			return new double[] { Math.min(MAX_SIGMA_MM, FRACTION_SIGMA_VOXELS * g.spacing(0)), Math.min(MAX_SIGMA_MM, FRACTION_SIGMA_VOXELS * g.spacing(1)),
					Math.min(MAX_SIGMA_MM, FRACTION_SIGMA_VOXELS * g.spacing(2)) };
		final double s = Math.min(MAX_SIGMA_MM, MASK_SIGMA_OF_LARGEST_SPACING * Math.max(g.spacing(0), Math.max(g.spacing(1), g.spacing(2))));
		return new double[] { s, s, s };
	}

	/**
	 * Width of the rim along the side walls and the edges of the covered bone, mm: twice the largest over the axes of
	 * √(σ² + s²/12), the spread of the smoothing and of the voxel (1.0 mm for masks, 1.1 mm for fractions on the OAI
	 * DESS grid with the default σ).
	 */
	public static double rimMm(final VoxelGeometry geometry, final double[] sigmaMm) {
		double r = 0;
		for (int d = 0; d < 3; d++)
			r = Math.max(r, Math.sqrt(sigmaMm[d] * sigmaMm[d] + geometry.spacing(d) * geometry.spacing(d) / 12));
		return 2 * r;
	}

	/** {@link #compute(BoneCartilage, double...)} with {@link #defaultSigmaMm}. */
	public static ThicknessMap compute(final BoneCartilage input) {
		return compute(input, defaultSigmaMm(input));
	}

	/**
	 * The thickness map of {@code input} (see the class description).
	 *
	 * @param sigmaMm Gaussian σ applied to both fields before the surfaces are made, mm: one value or one per grid
	 *        axis (x, y, z); 0 for none. At most {@link BoneCartilage#MARGIN_MM}/5, so that the crop's background
	 *        margin holds the kernel.
	 */
	public static ThicknessMap compute(final BoneCartilage input, final double... sigmaMm) {
		final double[] sigma = sigmaMm.length == 1 ? new double[] { sigmaMm[0], sigmaMm[0], sigmaMm[0] } : sigmaMm.clone();
		if (sigma.length != 3)
			throw new IllegalArgumentException("give one sigma or one per axis, got " + sigmaMm.length + " values");
		for (final double s : sigma)
			if (!(s >= 0 && s <= MAX_SIGMA_MM))
				throw new IllegalArgumentException("sigma must be within 0.." + MAX_SIGMA_MM + " mm: " + Arrays.toString(sigma));
		final int[] dims = input.dimensions();
		final VoxelGeometry geometry = input.geometry();
		final float[] rawBone = input.boneValues(), rawCartilage = input.cartilageValues();
		final boolean smooth = sigma[0] > 0 || sigma[1] > 0 || sigma[2] > 0;
		final float[] b = smooth ? Volumes.floatData(Filters.gaussian(Volumes.wrapFloats(rawBone, dims, geometry), sigma)) : rawBone;
		final Field bone = new Field(b, dims, new int[3], false);
		final TriangleMesh boneMesh = MarchingCubes.isosurface(Volumes.wrapFloats(b, dims, geometry), 0.5);
		// the cartilage's box, widened by the kernel and two voxels: outside it the smoothed cartilage is 0
		final int[] box = cartilageBox(rawCartilage, dims);
		if (box == null)
			return new Run(geometry, bone, null, null, rawCartilage, dims, null, boneMesh, TriangleMesh.empty(), sigma, input.isFractions()).run();
		final int[] origin = new int[3], size = new int[3];
		for (int d = 0; d < 3; d++) {
			final int m = (int) (Filters.TRUNCATE * sigma[d] / geometry.spacing(d) + 0.5) + 2;
			origin[d] = Math.max(0, box[d] - m);
			size[d] = Math.min(dims[d], box[d + 3] + 1 + m) - origin[d];
		}
		final float[] cs = new float[Volumes.checkedSize(size)];
		Parallel.forEach(size[2], z -> {
			for (int y = 0; y < size[1]; y++)
				System.arraycopy(rawCartilage, origin[0] + dims[0] * (origin[1] + y + dims[1] * (origin[2] + z)), cs, size[0] * (y + size[1] * z), size[0]);
		});
		final Vector3d o = geometry.indexToPatient(origin[0], origin[1], origin[2], new Vector3d());
		final VoxelGeometry boxGeometry = geometry.withOrigin(new double[] { o.x, o.y, o.z });
		final float[] c = smooth ? Volumes.floatData(Filters.gaussian(Volumes.wrapFloats(cs, size, boxGeometry), sigma)) : cs;
		final float[] u = new float[c.length];
		Parallel.forEach(size[2], z -> {
			for (int y = 0; y < size[1]; y++) {
				final int in = origin[0] + dims[0] * (origin[1] + y + dims[1] * (origin[2] + z)), out = size[0] * (y + size[1] * z);
				for (int x = 0; x < size[0]; x++)
					u[out + x] = b[in + x] + c[out + x];
			}
		});
		final TriangleMesh articularMesh = MarchingCubes.isosurface(Volumes.wrapFloats(u, size, boxGeometry), 0.5);
		return new Run(geometry, bone, new Field(c, size, origin, true), new Field(u, size, origin, false), cs, size, origin, boneMesh, articularMesh,
				sigma, input.isFractions()).run();
	}

	/** {min x, y, z, max x, y, z} (inclusive) of the voxels with cartilage, or null. */
	private static int[] cartilageBox(final float[] c, final int[] d) {
		final int slice = d[0] * d[1];
		final int[][] perSlice = new int[d[2]][];
		Parallel.forEach(d[2], z -> {
			int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
			for (int y = 0, i = z * slice; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++, i++)
					if (c[i] > 0) {
						x0 = Math.min(x0, x);
						x1 = Math.max(x1, x);
						y0 = Math.min(y0, y);
						y1 = Math.max(y1, y);
					}
			perSlice[z] = x1 < 0 ? null : new int[] { x0, y0, x1, y1 };
		});
		int[] box = null;
		for (int z = 0; z < d[2]; z++) {
			final int[] s = perSlice[z];
			if (s == null)
				continue;
			if (box == null)
				box = new int[] { s[0], s[1], z, s[2], s[3], z };
			box[0] = Math.min(box[0], s[0]);
			box[1] = Math.min(box[1], s[1]);
			box[3] = Math.max(box[3], s[2]);
			box[4] = Math.max(box[4], s[3]);
			box[5] = z;
		}
		return box;
	}

	/** A smoothed field on a box of the crop's grid (the whole crop, or the cartilage's box), sampled in crop indices. */
	private static final class Field {
		final float[] f;
		final int nx, ny, nz, ox, oy, oz;
		/** True: 0 outside the box (the cartilage); false: clamped to the box. */
		final boolean zeroOutside;

		Field(final float[] f, final int[] dims, final int[] origin, final boolean zeroOutside) {
			this.f = f;
			nx = dims[0];
			ny = dims[1];
			nz = dims[2];
			ox = origin[0];
			oy = origin[1];
			oz = origin[2];
			this.zeroOutside = zeroOutside;
		}

		/** Trilinear interpolation at the continuous crop index (ci, cj, ck). */
		double value(final double ci, final double cj, final double ck) {
			double i = ci - ox, j = cj - oy, k = ck - oz;
			if (zeroOutside && (i < 0 || j < 0 || k < 0 || i > nx - 1 || j > ny - 1 || k > nz - 1))
				return 0;
			i = clamp(i, nx - 1);
			j = clamp(j, ny - 1);
			k = clamp(k, nz - 1);
			final int i0 = Math.min((int) i, Math.max(nx - 2, 0)), j0 = Math.min((int) j, Math.max(ny - 2, 0)), k0 = Math.min((int) k, Math.max(nz - 2, 0));
			final double tx = i - i0, ty = j - j0, tz = k - k0;
			final int sx = nx > 1 ? 1 : 0, sy = ny > 1 ? nx : 0, sz = nz > 1 ? nx * ny : 0;
			final int p = i0 + nx * (j0 + ny * k0);
			final double c00 = f[p] + tx * (f[p + sx] - f[p]);
			final double c10 = f[p + sy] + tx * (f[p + sy + sx] - f[p + sy]);
			final double c01 = f[p + sz] + tx * (f[p + sz + sx] - f[p + sz]);
			final double c11 = f[p + sz + sy] + tx * (f[p + sz + sy + sx] - f[p + sz + sy]);
			final double c0 = c00 + ty * (c10 - c00), c1 = c01 + ty * (c11 - c01);
			return c0 + tz * (c1 - c0);
		}

		/**
		 * The gradient at (ci, cj, ck) in index space (per voxel), written into {@code g}: central differences at the
		 * grid points (one-sided at the box's border) interpolated trilinearly.
		 */
		void gradient(final double ci, final double cj, final double ck, final double[] g) {
			final double i = clamp(ci - ox, nx - 1), j = clamp(cj - oy, ny - 1), k = clamp(ck - oz, nz - 1);
			final int i0 = Math.min((int) i, Math.max(nx - 2, 0)), j0 = Math.min((int) j, Math.max(ny - 2, 0)), k0 = Math.min((int) k, Math.max(nz - 2, 0));
			final double tx = i - i0, ty = j - j0, tz = k - k0;
			g[0] = g[1] = g[2] = 0;
			for (int corner = 0; corner < 8; corner++) {
				final double weight = ((corner & 1) != 0 ? tx : 1 - tx) * ((corner & 2) != 0 ? ty : 1 - ty) * ((corner & 4) != 0 ? tz : 1 - tz);
				if (weight == 0)
					continue;
				final int a = Math.min(i0 + (corner & 1), nx - 1), b = Math.min(j0 + (corner >> 1 & 1), ny - 1), c = Math.min(k0 + (corner >> 2 & 1), nz - 1);
				g[0] += weight * difference(a, b, c, 0);
				g[1] += weight * difference(a, b, c, 1);
				g[2] += weight * difference(a, b, c, 2);
			}
		}

		/** Central difference along {@code axis} at grid point (i, j, k) of the box, per voxel; one-sided at the border. */
		private double difference(final int i, final int j, final int k, final int axis) {
			final int n = axis == 0 ? nx : axis == 1 ? ny : nz, p = axis == 0 ? i : axis == 1 ? j : k;
			if (n < 2)
				return 0;
			final int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny, at = i + nx * (j + ny * k);
			final int lo = p > 0 ? at - stride : at, hi = p < n - 1 ? at + stride : at;
			return (f[hi] - f[lo]) / (double) ((p < n - 1 ? 1 : 0) + (p > 0 ? 1 : 0));
		}
	}

	/** One computation: the fields, the two meshes and their per-vertex arrays. */
	private static final class Run {
		final VoxelGeometry geometry;
		/** Smoothed bone (whole crop), smoothed cartilage and U = B + C (cartilage box; null without cartilage). */
		final Field bone, cartilage, union;
		/** Unsmoothed cartilage on the cartilage box, its size and origin in the crop. */
		final float[] rawCartilage;
		final int[] boxSize, boxOrigin;
		final TriangleMesh boneMesh, articularMesh;
		final float[] bv, av;
		final int[] bt, at;
		final double[] sigma;
		final boolean fractions;
		/** Patient → continuous crop index, row-major 3×4. */
		final double[] toIndex = new double[12];
		/** Index-space gradient → patient gradient: the transpose of the linear part of {@link #toIndex}, row-major 3×3. */
		final double[] gradientToPatient = new double[9];

		Run(final VoxelGeometry geometry, final Field bone, final Field cartilage, final Field union, final float[] rawCartilage,
				final int[] boxSize, final int[] boxOrigin, final TriangleMesh boneMesh, final TriangleMesh articularMesh, final double[] sigma,
				final boolean fractions) {
			this.geometry = geometry;
			this.bone = bone;
			this.cartilage = cartilage;
			this.union = union;
			this.rawCartilage = rawCartilage;
			this.boxSize = boxSize;
			this.boxOrigin = boxOrigin;
			this.boneMesh = boneMesh;
			this.articularMesh = articularMesh;
			this.sigma = sigma;
			this.fractions = fractions;
			bv = boneMesh.vertices();
			bt = boneMesh.triangles();
			av = articularMesh.vertices();
			at = articularMesh.triangles();
			final Matrix4d inverse = geometry.indexToPatientAffine().invertAffine();
			for (int r = 0; r < 3; r++)
				for (int col = 0; col < 4; col++)
					toIndex[4 * r + col] = inverse.get(col, r);
			// ∂f/∂p_c = Σ_r ∂f/∂i_r · ∂i_r/∂p_c
			for (int c = 0; c < 3; c++)
				for (int r = 0; r < 3; r++)
					gradientToPatient[3 * c + r] = toIndex[4 * r + c];
		}

		ThicknessMap run() {
			final int nb = bv.length / 3, na = av.length / 3;
			final boolean[] covered = new boolean[nb];
			final float[] thickness = new float[nb];
			final byte[] kind = new byte[na];
			final float[] distance = new float[na];
			final int[] boneVertex = new int[na];
			Arrays.fill(boneVertex, -1);
			final double[] boneArea = ThicknessMaps.vertexAreas(bv, bt), articularArea = ThicknessMaps.vertexAreas(av, at);
			if (cartilage == null)
				return new ThicknessMap(boneMesh, covered, thickness, boneArea, new double[nb], articularMesh, kind, distance, articularArea,
						boneVertex, 0, sigma, fractions);
			// bone vertices with some cartilage at them (candidates), and those of them just outside the cartilage
			final boolean[] outside = new boolean[nb];
			forBlocks(nb, (lo, hi) -> {
				final double[] bc = new double[2];
				for (int v = lo; v < hi; v++) {
					sample(bv[3 * v], bv[3 * v + 1], bv[3 * v + 2], bc);
					covered[v] = bc[1] > CANDIDATE_SHARE;
					outside[v] = covered[v] && !(bc[1] > 1 - bc[0] - bc[1]);
				}
			});
			// articular vertices: foot on the bone, distance, kind
			final int[] footTriangle = new int[na];
			final float[] footWeight = new float[3 * na], tilt = new float[na];
			final TriangleIndex boneIndex = TriangleIndex.of(bv, bt, range(bt.length / 3));
			forBlocks(na, (lo, hi) -> {
				final double[] bc = new double[2], n = new double[3];
				final TriangleIndex.Search s = boneIndex.search();
				for (int w = lo; w < hi; w++) {
					final double x = av[3 * w], y = av[3 * w + 1], z = av[3 * w + 2];
					sample(x, y, z, bc);
					if (!(bc[1] > CANDIDATE_SHARE) || !s.search(x, y, z))
						continue; // bare bone
					final double d = s.distance();
					final double dx = x - s.closest(0), dy = y - s.closest(1), dz = z - s.closest(2);
					// cartilage or bare bone, decided halfway between the vertex and its foot
					sample(x - 0.5 * dx, y - 0.5 * dy, z - 0.5 * dz, bc);
					if (!(bc[1] > 0.25) || !(d > 0))
						continue;
					outwardNormal(union, x, y, z, n);
					final double facing = (dx * n[0] + dy * n[1] + dz * n[2]) / d;
					tilt[w] = (float) facing;
					distance[w] = (float) d;
					footTriangle[w] = s.triangle();
					int best = 0;
					for (int k = 0; k < 3; k++) {
						footWeight[3 * w + k] = (float) s.barycentric(k);
						if (s.barycentric(k) > s.barycentric(best))
							best = k;
					}
					boneVertex[w] = bt[3 * s.triangle() + best];
					kind[w] = facing >= FACING_COSINE ? ThicknessMap.CARTILAGE : ThicknessMap.EDGE;
				}
			});
			// the target: the cartilage surface less its tilted rim along the walls and the edges of the covered bone
			final int[] edgeIds = select(kind, ThicknessMap.EDGE), outsideIds = select(outside);
			final PointIndex edgeIndex = PointIndex.of(av, edgeIds), outsideIndex = PointIndex.of(bv, outsideIds);
			final double rim = rimMm(geometry, sigma);
			final boolean[] target = new boolean[na];
			forBlocks(na, (lo, hi) -> {
				final PointIndex.Search e = edgeIndex.search(), o = outsideIndex.search();
				for (int w = lo; w < hi; w++) {
					if (kind[w] != ThicknessMap.CARTILAGE)
						continue;
					final int f = boneVertex[w];
					target[w] = tilt[w] >= RIM_FACING_COSINE
							|| (e.search(av[3 * w], av[3 * w + 1], av[3 * w + 2]) < 0 || e.distance() > rim)
									&& (o.search(bv[3 * f], bv[3 * f + 1], bv[3 * f + 2]) < 0 || o.distance() > rim);
				}
			});
			int count = 0;
			for (int t = 0; t < at.length; t += 3)
				if (target[at[t]] && target[at[t + 1]] && target[at[t + 2]])
					count++;
			final int[] surface = new int[count];
			for (int t = 0, k = 0; t < at.length; t += 3)
				if (target[at[t]] && target[at[t + 1]] && target[at[t + 2]])
					surface[k++] = t / 3;
			if (count == 0)
				Arrays.fill(covered, false);
			else {
				// d_AB carried back to the bone vertices: area × barycentric-weighted mean over the feet around each vertex
				final double[] backSum = new double[nb], backWeight = new double[nb];
				for (int w = 0; w < na; w++) {
					if (!target[w])
						continue;
					final int t = 3 * footTriangle[w];
					for (int k = 0; k < 3; k++) {
						final double weight = articularArea[w] * footWeight[3 * w + k];
						backSum[bt[t + k]] += weight * distance[w];
						backWeight[bt[t + k]] += weight;
					}
				}
				final TriangleIndex surfaceIndex = TriangleIndex.of(av, at, surface);
				forBlocks(nb, (lo, hi) -> {
					final TriangleIndex.Search s = surfaceIndex.search();
					final double[] n = new double[3], bc = new double[2];
					for (int v = lo; v < hi; v++) {
						if (!covered[v])
							continue;
						final double x = bv[3 * v], y = bv[3 * v + 1], z = bv[3 * v + 2];
						s.search(x, y, z);
						final int t = 3 * s.triangle();
						final double back = backWeight[v] > 0 ? backSum[v] / backWeight[v]
								: s.barycentric(0) * distance[at[t]] + s.barycentric(1) * distance[at[t + 1]] + s.barycentric(2) * distance[at[t + 2]];
						final double thick = 0.5 * (s.distance() + back);
						// covered when the articular surface above v is higher than half the thickness
						outwardNormal(bone, x, y, z, n);
						final double h = 0.5 * thick;
						sample(x + h * n[0], y + h * n[1], z + h * n[2], bc);
						covered[v] = bc[0] + bc[1] > 0.5;
						thickness[v] = covered[v] ? (float) thick : 0;
					}
				});
			}
			// the cartilage surface lies over covered bone: over denuded bone (the blurred foot of a wall) it is edge
			for (int w = 0; w < na; w++)
				if (kind[w] == ThicknessMap.CARTILAGE && !covered[boneVertex[w]])
					kind[w] = ThicknessMap.EDGE;
			final double[] volume = new double[nb];
			final double total = assignVolume(covered, volume);
			return new ThicknessMap(boneMesh, covered, thickness, boneArea, volume, articularMesh, kind, distance, articularArea, boneVertex,
					total, sigma, fractions);
		}

		/**
		 * Adds every voxel's cartilage volume to the nearest covered bone vertex (any bone vertex if none is covered);
		 * returns the total cartilage volume, mm³. The targets are found in parallel over slices and summed in voxel
		 * order.
		 */
		private double assignVolume(final boolean[] covered, final double[] volume) {
			int[] ids = select(covered);
			if (ids.length == 0)
				ids = range(covered.length);
			final PointIndex index = PointIndex.of(bv, ids);
			final int sx = boxSize[0], sy = boxSize[1], sz = boxSize[2];
			final int[][] targets = new int[sz][];
			final float[][] shares = new float[sz][];
			final double[] a = geometry.indexToPatientAffine().get(new double[16]); // column-major
			Parallel.forEach(sz, z -> {
				final PointIndex.Search s = index.search();
				int n = 0;
				for (int i = z * sx * sy, end = i + sx * sy; i < end; i++)
					if (rawCartilage[i] > 0)
						n++;
				final int[] target = new int[n];
				final float[] share = new float[n];
				int k = 0;
				final int cz = z + boxOrigin[2];
				for (int y = 0; y < sy; y++) {
					final int cy = y + boxOrigin[1];
					for (int x = 0, i = sx * (y + sy * z); x < sx; x++, i++) {
						final float f = rawCartilage[i];
						if (!(f > 0))
							continue;
						final int cx = x + boxOrigin[0];
						target[k] = s.search(a[0] * cx + a[4] * cy + a[8] * cz + a[12], a[1] * cx + a[5] * cy + a[9] * cz + a[13],
								a[2] * cx + a[6] * cy + a[10] * cz + a[14]);
						share[k++] = f;
					}
				}
				targets[z] = target;
				shares[z] = share;
			});
			double total = 0;
			final double voxel = geometry.voxelVolume();
			for (int z = 0; z < sz; z++)
				for (int k = 0; k < targets[z].length; k++) {
					final double vol = shares[z][k] * voxel;
					total += vol;
					if (targets[z][k] >= 0)
						volume[targets[z][k]] += vol;
				}
			return total;
		}

		/** B and C at the patient point (x, y, z) (mm): out = {B, C}. */
		private void sample(final double x, final double y, final double z, final double[] out) {
			final double[] m = toIndex;
			final double i = m[0] * x + m[1] * y + m[2] * z + m[3], j = m[4] * x + m[5] * y + m[6] * z + m[7], k = m[8] * x + m[9] * y + m[10] * z + m[11];
			out[0] = bone.value(i, j, k);
			out[1] = cartilage.value(i, j, k);
		}

		/** The unit outward normal −∇f/|∇f| of field f at the patient point (x, y, z); (0, 0, 0) where ∇f = 0. */
		private void outwardNormal(final Field f, final double x, final double y, final double z, final double[] out) {
			final double[] m = toIndex;
			f.gradient(m[0] * x + m[1] * y + m[2] * z + m[3], m[4] * x + m[5] * y + m[6] * z + m[7], m[8] * x + m[9] * y + m[10] * z + m[11], out);
			final double[] g = gradientToPatient;
			final double px = g[0] * out[0] + g[1] * out[1] + g[2] * out[2], py = g[3] * out[0] + g[4] * out[1] + g[5] * out[2],
					pz = g[6] * out[0] + g[7] * out[1] + g[8] * out[2];
			final double len = Math.sqrt(px * px + py * py + pz * pz);
			if (len > 0) {
				out[0] = -px / len;
				out[1] = -py / len;
				out[2] = -pz / len;
			} else
				out[0] = out[1] = out[2] = 0;
		}
	}

	private static double clamp(final double v, final int max) {
		return v < 0 ? 0 : v > max ? max : v;
	}

	/** A third of the area of each triangle to each of its corners, summed in triangle order. O(t). */
	static double[] vertexAreas(final float[] xyz, final int[] tri) {
		final double[] area = new double[xyz.length / 3];
		for (int t = 0; t < tri.length; t += 3) {
			final int a = 3 * tri[t], b = 3 * tri[t + 1], c = 3 * tri[t + 2];
			final double ux = (double) xyz[b] - xyz[a], uy = (double) xyz[b + 1] - xyz[a + 1], uz = (double) xyz[b + 2] - xyz[a + 2];
			final double vx = (double) xyz[c] - xyz[a], vy = (double) xyz[c + 1] - xyz[a + 1], vz = (double) xyz[c + 2] - xyz[a + 2];
			final double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
			final double third = Math.sqrt(nx * nx + ny * ny + nz * nz) / 6;
			area[tri[t]] += third;
			area[tri[t + 1]] += third;
			area[tri[t + 2]] += third;
		}
		return area;
	}

	private static int[] range(final int n) {
		final int[] r = new int[n];
		for (int i = 0; i < n; i++)
			r[i] = i;
		return r;
	}

	/** The indices where {@code flags} is true, in order. */
	private static int[] select(final boolean[] flags) {
		int n = 0;
		for (final boolean f : flags)
			if (f)
				n++;
		final int[] ids = new int[n];
		for (int i = 0, k = 0; i < flags.length; i++)
			if (flags[i])
				ids[k++] = i;
		return ids;
	}

	/** The indices where {@code values} equals {@code value}, in order. */
	private static int[] select(final byte[] values, final byte value) {
		int n = 0;
		for (final byte v : values)
			if (v == value)
				n++;
		final int[] ids = new int[n];
		for (int i = 0, k = 0; i < values.length; i++)
			if (values[i] == value)
				ids[k++] = i;
		return ids;
	}

	private interface BlockTask {
		void run(int lo, int hi);
	}

	/** Runs {@code task} on the blocks [k·BLOCK, (k+1)·BLOCK) ∩ [0, n), in parallel. */
	private static void forBlocks(final int n, final BlockTask task) {
		final int blocks = (n + BLOCK - 1) / BLOCK;
		if (blocks > 0)
			Parallel.forEach(blocks, k -> task.run(k * BLOCK, Math.min(n, (k + 1) * BLOCK)));
	}
}
