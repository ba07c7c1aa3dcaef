package org.chondroj.segment;

import java.util.Locale;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.core.algorithm.Morphology;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * Cartilage only where cartilage can be, from the shape and placement of the bones, not from intensity (issue 21,
 * first step): tibial cartilage lies on the tibia's proximal surface and patellar cartilage on the patella's posterior
 * surface, the surfaces that face the femur across the joint. Tissue elsewhere (the tibial shaft's periosteum, tendon
 * insertions and fat septa, the front of the patella, the synovium and ligament insertions of the intercondylar notch,
 * the periosteum and capsule of the posterior femoral shaft) is not cartilage however bright it is, and is removed.
 * <p>
 * The knee's directions come from the bones alone: <b>proximal</b> from the tibia's centroid to the femur's,
 * <b>anterior</b> from the femur's centroid to the patella's, made perpendicular to proximal (without a patella: the
 * patient's anterior, −y in LPS). Then, for each voxel of tibial cartilage:
 * <ul>
 * <li>a ray cast <b>distally</b> must meet the tibia within {@value #RAY_MM} mm: the cartilage lies on top of the
 * bone (the central ray or one of four tilted by {@value #CONE_DEGREES}° anteriorly, posteriorly, medially and
 * laterally, for the rims of the plates);</li>
 * <li>it lies at most {@value #TIBIAL_DEPTH_MM} mm below the top of the tibia in its slab, the
 * {@value #SLAB_MM} mm thick slice of the knee across the medial–lateral direction (the top is the tibia's highest
 * voxel along proximal in that slice): the anterior and posterior shaft below the plateau is not articular.</li>
 * </ul>
 * for each voxel of patellar cartilage a ray cast <b>anteriorly</b> (or one tilted proximally or distally, not
 * sideways: tissue beyond the patella's medial and lateral edges would pass) must meet the patella within
 * {@value #RAY_MM} mm: the cartilage lies behind the bone, facing the femur; and femoral cartilage
 * <ul>
 * <li>lies no higher above the femur's lowest point (along proximal) than the trochlea in front and the posterior
 * condyles behind reach;</li>
 * <li>behind the femur's centroid and above the back of the condyle near its slab (the femur's most posterior point,
 * up to the posterior height limit, within {@value #FEMORAL_BACK_WINDOW_MM} mm across the medial–lateral direction),
 * lies at most {@value #FEMORAL_POSTERIOR_REACH_MM} mm in front of that back: the posterior condyle's
 * cartilage ends where its surface turns forward into the shaft, and the tissue on the posterior shaft is not
 * cartilage;</li>
 * <li>does not lie in the intercondylar notch: not deeper than {@value #NOTCH_DEPTH_MM} mm inside the femur closed by a
 * ball of {@value #NOTCH_BALL_MM} mm ({@link #inNotch}).</li>
 * </ul>
 * <p>
 * The limits are those of the manual cartilage of the 12 OAI-AKOA label maps of {@code ../shared/data} (their bones'
 * directions found the same way): the rays meet the bone for all but 0.09 % of the tibial and 0.04 % of the patellar
 * cartilage voxels of any map, within at most 8.0 mm (99.9th percentile of each map); the deepest tibial cartilage
 * lies 16.4 mm below the top of its 1.5 mm slab (99.9th percentile of each map at most 14.6 mm); the femoral
 * cartilage lies at most 54.8 mm above the femur's lowest point in front of the femur's centroid (the
 * trochlea) and 47.5 mm behind it (the posterior condyles); the limits {@value #FEMORAL_ANTERIOR_HEIGHT_MM} and
 * {@value #FEMORAL_POSTERIOR_HEIGHT_MM} mm leave a seventh more for larger knees. Above the back of the condyle in
 * its own slab the posterior femoral cartilage lies at most 11.5 mm in front of it (99.9th percentile of each map at
 * most 10.4 mm); the tissue the classical segmenter took for cartilage on the posterior shaft of the test bed's knees
 * lies a median 11–14 mm in front; with the window, the rule removes at most 0.16 % of a map's manual femoral
 * cartilage, and a third more of that tissue (on the shaft behind the notch). The manual femoral cartilage lies at
 * most 5.4 mm deep inside the femur's closing (99.9th percentile of each map at most 3.7 mm). The femoral rules remove at most 0.17 % of any map's manual femoral cartilage
 * ({@code ArticularSurfacesTest}).
 * <p>
 * Cost: three or five rays of at most {@value #RAY_MM} mm for each tibial and patellar cartilage voxel, four passes
 * over the grid and three distance transforms of the femur's box grown by 17 mm; 0.9 s on the GE DESS (512 × 512 × 80)
 * on two cores (0.3 s before the notch rule).
 */
final class ArticularSurfaces {

	/** How far from a cartilage voxel its bone must be met along the rays, mm. */
	static final double RAY_MM = 8.0;
	/** Tilt of the four outer rays from the central one, degrees. */
	static final double CONE_DEGREES = 20;
	/** The deepest tibial cartilage below the top of the tibia in its slab, mm. */
	static final double TIBIAL_DEPTH_MM = 17.0;
	/** The highest femoral cartilage in front of the femur's centroid (the trochlea), above the femur's lowest point, mm. */
	static final double FEMORAL_ANTERIOR_HEIGHT_MM = 62;
	/** The highest femoral cartilage behind the femur's centroid (the posterior condyles), above the femur's lowest point, mm. */
	static final double FEMORAL_POSTERIOR_HEIGHT_MM = 54;
	/**
	 * Femoral cartilage behind the femur's centroid and above the back of the condyle in its slab lies at most this far
	 * in front of that back, mm: the posterior condyle's cartilage ends where its surface turns forward into the shaft,
	 * while periosteum, capsule and the gastrocnemius origins on the posterior shaft lie further forward.
	 */
	static final double FEMORAL_POSTERIOR_REACH_MM = 10;
	/**
	 * The back of the condyle for a slab is the femur's most posterior point within this distance across the
	 * medial–lateral direction, mm: in the notch, about 20 mm wide, the slabs cut only the shaft, and it is the back of the
	 * condyles beside it that the cartilage cannot lie far in front of.
	 */
	static final double FEMORAL_BACK_WINDOW_MM = 10;
	/**
	 * Radius of the ball that closes the femur for the notch rule, mm: it cannot enter the intercondylar notch (about
	 * 15–22 mm wide), so the closing fills it, while the condyles and the trochlea, convex or shallow, are left as they are.
	 */
	static final double NOTCH_BALL_MM = 12;
	/** Femoral cartilage deeper than this inside the femur's closing lies in the notch, mm. */
	static final double NOTCH_DEPTH_MM = 4;
	/** Thickness of a slab across the medial–lateral direction, mm. */
	static final double SLAB_MM = 1.5;
	/** Ray step, mm: below the finest voxel of a knee MRI. */
	private static final double STEP_MM = 0.2;

	/**
	 * What was removed.
	 *
	 * @param tibialRemoved   tibial cartilage voxels not on the tibia's proximal surface
	 * @param patellarRemoved patellar cartilage voxels not on the patella's posterior surface
	 * @param femoralRemoved  femoral cartilage voxels above the trochlea and the posterior condyles
	 * @param method          how the directions were found, or why nothing was done
	 */
	record Result(long tibialRemoved, long patellarRemoved, long femoralRemoved, String method) {
	}

	private ArticularSurfaces() {
	}

	/**
	 * Removes, in place, the tibial and patellar cartilage of {@code labels} (bones {@link BoneSegmentation#FEMUR},
	 * {@link BoneSegmentation#TIBIA}, {@link BoneSegmentation#PATELLA}; cartilage {@link CartilageSegmentation#TIBIAL},
	 * {@link CartilageSegmentation#PATELLAR}) that does not lie on their articular surfaces. Nothing is done without a
	 * femur and a tibia. Deterministic whatever the number of threads.
	 */
	static Result restrict(final byte[] labels, final int[] dims, final VoxelGeometry g) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final Matrix3d toPatient = g.indexToPatientLinear();
		final double[][] centroids = centroids(labels, dims, g);
		final double[] femur = centroids[BoneSegmentation.FEMUR], tibia = centroids[BoneSegmentation.TIBIA], patella = centroids[BoneSegmentation.PATELLA];
		if (femur == null || tibia == null)
			return new Result(0, 0, 0, "no femur and tibia: not restricted");
		final Vector3d proximal = new Vector3d(femur[0] - tibia[0], femur[1] - tibia[1], femur[2] - tibia[2]).normalize();
		final Vector3d anterior = patella != null ? new Vector3d(patella[0] - femur[0], patella[1] - femur[1], patella[2] - femur[2]) : new Vector3d(0, -1, 0);
		anterior.fma(-anterior.dot(proximal), proximal);
		if (anterior.length() < 1e-6)
			return new Result(0, 0, 0, "the femur, tibia and patella lie on one line: not restricted");
		anterior.normalize();
		final Vector3d lateral = new Vector3d(proximal).cross(anterior);
		// ray directions in index steps of STEP_MM
		final Matrix3d toIndex = new Matrix3d(toPatient).invert();
		final double[][] down = cone(new Vector3d(proximal).negate(), toIndex, anterior, lateral);
		final double[][] forward = cone(anterior, toIndex, proximal);
		final int steps = (int) Math.round(RAY_MM / STEP_MM);

		// positions along lateral, proximal and anterior (this one from the femur's centroid): at voxel (0, 0, 0), and mm
		// per index step
		final double[] o = g.origin();
		final double[] rowLat = new double[3], rowProx = new double[3], rowAnt = new double[3];
		for (int d = 0; d < 3; d++) {
			final Vector3d axis = toPatient.getColumn(d, new Vector3d());
			rowLat[d] = axis.dot(lateral);
			rowProx[d] = axis.dot(proximal);
			rowAnt[d] = axis.dot(anterior);
		}
		final double lat0 = new Vector3d(o[0], o[1], o[2]).dot(lateral), prox0 = new Vector3d(o[0], o[1], o[2]).dot(proximal);
		final double ant0 = new Vector3d(o[0] - femur[0], o[1] - femur[1], o[2] - femur[2]).dot(anterior);
		// the slabs across the medial–lateral direction that the grid spans
		final double[] corners = new double[8];
		for (int c = 0; c < 8; c++)
			corners[c] = along(lat0, rowLat, (c & 1) * (nx - 1), (c >> 1 & 1) * (ny - 1), (c >> 2 & 1) * (nz - 1));
		double minLat = Double.POSITIVE_INFINITY, maxLat = Double.NEGATIVE_INFINITY;
		for (final double c : corners) {
			minLat = Math.min(minLat, c);
			maxLat = Math.max(maxLat, c);
		}
		final double latFrom = minLat;
		final int slabs = (int) Math.floor((maxLat - minLat) / SLAB_MM) + 1;
		// in one pass: the top of the tibia in each slab across the medial–lateral direction, and the femur's lowest
		// point, both along proximal
		final double[][] tops = new double[nz][];
		final double[] lows = new double[nz];
		Parallel.forEach(nz, z -> {
			final double[] top = new double[slabs];
			java.util.Arrays.fill(top, Double.NEGATIVE_INFINITY);
			double low = Double.POSITIVE_INFINITY;
			for (int y = 0; y < ny; y++)
				for (int x = 0, i = (z * ny + y) * nx; x < nx; x++, i++)
					if (labels[i] == BoneSegmentation.TIBIA) {
						final int s = slab(x, y, z, lat0, rowLat, latFrom, slabs);
						top[s] = Math.max(top[s], along(prox0, rowProx, x, y, z));
					} else if (labels[i] == BoneSegmentation.FEMUR)
						low = Math.min(low, along(prox0, rowProx, x, y, z));
			tops[z] = top;
			lows[z] = low;
		});
		final double[] top = new double[slabs];
		java.util.Arrays.fill(top, Double.NEGATIVE_INFINITY);
		for (final double[] t : tops)
			for (int s = 0; s < slabs; s++)
				top[s] = Math.max(top[s], t[s]);
		double lowest = Double.POSITIVE_INFINITY;
		for (final double l : lows)
			lowest = Math.min(lowest, l);
		final double femurLow = lowest;
		final byte[] inNotch = inNotch(labels, dims, g);
		// in each slab, the femur's most posterior point up to the posterior limit (the back of the condyle; of two
		// equally far back, the lower), along anterior and proximal
		final double[][] backs = new double[nz][];
		Parallel.forEach(nz, z -> {
			final double[] back = noBacks(slabs);
			for (int y = 0; y < ny; y++)
				for (int x = 0, i = (z * ny + y) * nx; x < nx; x++, i++)
					if (labels[i] == BoneSegmentation.FEMUR) {
						final double height = along(prox0, rowProx, x, y, z) - femurLow;
						if (height > FEMORAL_POSTERIOR_HEIGHT_MM)
							continue;
						keepFurtherBack(back, slab(x, y, z, lat0, rowLat, latFrom, slabs), along(ant0, rowAnt, x, y, z), height);
					}
			backs[z] = back;
		});
		final double[] own = noBacks(slabs);
		for (final double[] b : backs)
			for (int s = 0; s < slabs; s++)
				keepFurtherBack(own, s, b[2 * s], b[2 * s + 1]);
		// the back of the condyle near each slab: the most posterior of the slabs within the window (in the notch, whose
		// slabs hold only the shaft, the condyles' on either side)
		final int window = (int) Math.round(FEMORAL_BACK_WINDOW_MM / SLAB_MM);
		final double[] back = noBacks(slabs);
		for (int s = 0; s < slabs; s++)
			for (int t = Math.max(0, s - window); t <= Math.min(slabs - 1, s + window); t++)
				keepFurtherBack(back, s, own[2 * t], own[2 * t + 1]);

		// decide every voxel first, then remove: the rays look at bone only, but the decisions must not depend on order
		final byte[] remove = new byte[labels.length];
		Parallel.forEach(nz, z -> {
			for (int y = 0; y < ny; y++)
				for (int x = 0, i = (z * ny + y) * nx; x < nx; x++, i++) {
					final int l = labels[i];
					if (l == CartilageSegmentation.TIBIAL) {
						final double depth = top[slab(x, y, z, lat0, rowLat, latFrom, slabs)] - along(prox0, rowProx, x, y, z);
						if (depth > TIBIAL_DEPTH_MM || !meets(labels, dims, x, y, z, down, steps, BoneSegmentation.TIBIA))
							remove[i] = 1;
					} else if (l == CartilageSegmentation.PATELLAR && !meets(labels, dims, x, y, z, forward, steps, BoneSegmentation.PATELLA))
						remove[i] = 1;
					else if (l == CartilageSegmentation.FEMORAL) {
						final double height = along(prox0, rowProx, x, y, z) - femurLow, a = along(ant0, rowAnt, x, y, z);
						final boolean front = a > 0;
						final int s = slab(x, y, z, lat0, rowLat, latFrom, slabs);
						final boolean onShaft = !front && height > back[2 * s + 1] && a - back[2 * s] > FEMORAL_POSTERIOR_REACH_MM;
						if (height > (front ? FEMORAL_ANTERIOR_HEIGHT_MM : FEMORAL_POSTERIOR_HEIGHT_MM) || inNotch[i] != 0 || onShaft)
							remove[i] = 1;
					}
				}
		});
		long tibial = 0, patellar = 0, femoral = 0;
		for (int i = 0; i < labels.length; i++)
			if (remove[i] != 0) {
				if (labels[i] == CartilageSegmentation.TIBIAL)
					tibial++;
				else if (labels[i] == CartilageSegmentation.PATELLAR)
					patellar++;
				else
					femoral++;
				labels[i] = 0;
			}
		return new Result(tibial, patellar, femoral, String.format(Locale.ROOT, "proximal (%.2f, %.2f, %.2f) from the tibia's centroid to the femur's, anterior "
				+ "(%.2f, %.2f, %.2f) %s", proximal.x, proximal.y, proximal.z, anterior.x, anterior.y, anterior.z,
				patella != null ? "towards the patella's centroid" : "the patient's anterior (no patella)"));
	}

	/** Per slab, (position along anterior, height) of the femur's back: none found yet (+∞ anterior). */
	private static double[] noBacks(final int slabs) {
		final double[] backs = new double[2 * slabs];
		for (int s = 0; s < slabs; s++)
			backs[2 * s] = Double.POSITIVE_INFINITY;
		return backs;
	}

	/**
	 * Makes ({@code anterior}, {@code height}) slab {@code s}'s back in {@code backs} ({@link #noBacks}) if it lies further
	 * back than the one there, or as far back and lower (so that the result does not depend on the order of the points).
	 */
	private static void keepFurtherBack(final double[] backs, final int s, final double anterior, final double height) {
		if (anterior < backs[2 * s] || anterior == backs[2 * s] && height < backs[2 * s + 1]) {
			backs[2 * s] = anterior;
			backs[2 * s + 1] = height;
		}
	}

	/**
	 * The voxels that lie deeper than {@value #NOTCH_DEPTH_MM} mm inside the femur closed by a ball of
	 * {@value #NOTCH_BALL_MM} mm (1; else 0): the intercondylar notch and other dents of the femur narrower than the
	 * ball, away from their mouths. The articular surfaces are convex (the condyles) or shallow (the trochlear
	 * groove), so the closing lies on them or close above them; the synovium, the cruciates' insertions and the fat of
	 * the notch lie deep inside it. Computed in the femur's bounding box grown by the ball and the depth, with three
	 * exact distance transforms.
	 */
	static byte[] inNotch(final byte[] labels, final int[] dims, final VoxelGeometry g) {
		final byte[] out = new byte[labels.length];
		final int[] box = Masks.box(labels, BoneSegmentation.FEMUR, dims);
		if (box == null)
			return out;
		// the box grown by the ball and the depth, also beyond the grid's faces: the space beyond them is background, so
		// the closing does not creep along a face that cuts the femur (a condyle cut off by the field of view keeps its
		// cartilage)
		final int[] margin = new int[3], lo = new int[3], size = new int[3];
		for (int a = 0; a < 3; a++) {
			margin[a] = (int) Math.ceil((NOTCH_BALL_MM + NOTCH_DEPTH_MM) / g.spacing(a)) + 1;
			lo[a] = box[a] - margin[a];
			size[a] = box[a + 3] - box[a] + 1 + 2 * margin[a];
		}
		final byte[] femur = new byte[size[0] * size[1] * size[2]];
		for (int z = Math.max(0, lo[2]); z < Math.min(dims[2], lo[2] + size[2]); z++)
			for (int y = Math.max(0, lo[1]); y < Math.min(dims[1], lo[1] + size[1]); y++)
				for (int x = Math.max(0, lo[0]); x < Math.min(dims[0], lo[0] + size[0]); x++)
					if (labels[(z * dims[1] + y) * dims[0] + x] == BoneSegmentation.FEMUR)
						femur[((z - lo[2]) * size[1] + y - lo[1]) * size[0] + x - lo[0]] = 1;
		final VoxelGeometry local = VoxelGeometry.axisAligned(g.spacing(), new double[3]);
		final byte[] closed = Volumes.byteData(Morphology.close(Volumes.wrapUnsignedBytes(femur, size, local), NOTCH_BALL_MM));
		final byte[] deep = Volumes.byteData(Morphology.erode(Volumes.wrapUnsignedBytes(closed, size, local), NOTCH_DEPTH_MM));
		Parallel.forEach(dims[2], z -> {
			if (z < lo[2] || z >= lo[2] + size[2])
				return;
			for (int y = Math.max(0, lo[1]); y < Math.min(dims[1], lo[1] + size[1]); y++)
				for (int x = Math.max(0, lo[0]); x < Math.min(dims[0], lo[0] + size[0]); x++)
					out[(z * dims[1] + y) * dims[0] + x] = deep[((z - lo[2]) * size[1] + y - lo[1]) * size[0] + x - lo[0]];
		});
		return out;
	}

	/**
	 * Removes, in place, every 6-connected piece of femoral, tibial or patellar cartilage smaller than
	 * {@value #MIN_PIECE_MM3} mm³: specks of bright tissue on a bone are not cartilage plates. Manual cartilage holds at
	 * most 0.57 % of its volume in pieces that small (12 OAI-AKOA maps; 0.15 % or less on 11 of them), the segmentation
	 * of the real GE DESS 7.7 % of its femoral cartilage. Returns the voxels removed.
	 */
	static long dropFragments(final byte[] labels, final int[] dims, final VoxelGeometry g) {
		final long least = (long) Math.ceil(MIN_PIECE_MM3 / g.voxelVolume());
		long removed = 0;
		for (final int cartilage : new int[] { CartilageSegmentation.FEMORAL, CartilageSegmentation.TIBIAL, CartilageSegmentation.PATELLAR }) {
			final byte[] mask = Masks.equal(labels, cartilage);
			final ConnectedComponents.Result parts = ConnectedComponents.label(Volumes.wrapUnsignedBytes(mask, dims, g), Connectivity.SIX);
			final int[] part = Volumes.intData(parts.labels());
			for (int i = 0; i < labels.length; i++)
				if (part[i] != 0 && parts.size(part[i]) < least) {
					labels[i] = 0;
					removed++;
				}
		}
		return removed;
	}

	/** Pieces of cartilage smaller than this are removed ({@link #dropFragments}), mm³. */
	static final double MIN_PIECE_MM3 = 20;

	/** The position of voxel (x, y, z) along a direction: {@code at0} at voxel (0, 0, 0), {@code row} mm per index step. */
	private static double along(final double at0, final double[] row, final int x, final int y, final int z) {
		return at0 + x * row[0] + y * row[1] + z * row[2];
	}

	/** The slab of voxel (x, y, z). */
	private static int slab(final int x, final int y, final int z, final double lat0, final double[] rowLat, final double latFrom, final int slabs) {
		final double l = along(lat0, rowLat, x, y, z);
		return Math.max(0, Math.min(slabs - 1, (int) Math.floor((l - latFrom) / SLAB_MM)));
	}

	/**
	 * The central ray {@code axis} and two tilted by {@link #CONE_DEGREES} towards each of ± each of {@code towards},
	 * each as an index-space step of {@link #STEP_MM}.
	 */
	private static double[][] cone(final Vector3d axis, final Matrix3d toIndex, final Vector3d... towards) {
		final double t = Math.tan(Math.toRadians(CONE_DEGREES));
		final double[][] steps = new double[1 + 2 * towards.length][];
		for (int k = 0; k < steps.length; k++) {
			final Vector3d d = new Vector3d(axis);
			if (k > 0)
				d.fma(k % 2 == 1 ? t : -t, towards[(k - 1) / 2]);
			final Vector3d s = toIndex.transform(d.normalize().mul(STEP_MM), new Vector3d());
			steps[k] = new double[] { s.x, s.y, s.z };
		}
		return steps;
	}

	/** Whether one of the {@code rays} from voxel (x, y, z) meets a voxel labelled {@code bone} within {@code steps} steps. */
	private static boolean meets(final byte[] labels, final int[] dims, final int x, final int y, final int z, final double[][] rays, final int steps,
			final int bone) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		for (final double[] r : rays)
			for (int k = 1; k <= steps; k++) {
				final int xx = (int) Math.round(x + k * r[0]), yy = (int) Math.round(y + k * r[1]), zz = (int) Math.round(z + k * r[2]);
				if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz)
					break;
				if (labels[(zz * ny + yy) * nx + xx] == bone)
					return true;
			}
		return false;
	}

	/** The patient-coordinate centroid of each bone label (null where absent), indexed by label. */
	private static double[][] centroids(final byte[] labels, final int[] dims, final VoxelGeometry g) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final double[][] sums = new double[8][4];
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++) {
					final int l = labels[i];
					if (l == BoneSegmentation.FEMUR || l == BoneSegmentation.TIBIA || l == BoneSegmentation.PATELLA) {
						sums[l][0] += x;
						sums[l][1] += y;
						sums[l][2] += z;
						sums[l][3]++;
					}
				}
		final double[][] c = new double[8][];
		for (int l = 0; l < 8; l++)
			if (sums[l][3] > 0) {
				final Vector3d p = g.indexToPatient(sums[l][0] / sums[l][3], sums[l][1] / sums[l][3], sums[l][2] / sums[l][3], new Vector3d());
				c[l] = new double[] { p.x, p.y, p.z };
			}
		return c;
	}
}
