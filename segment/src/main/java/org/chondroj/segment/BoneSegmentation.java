package org.chondroj.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.core.algorithm.Morphology;

import org.joml.Vector3d;

/**
 * The femur, tibia and patella of a fat-suppressed cartilage image (DESS, FLASH-WE): dark marrow enclosed by a darker
 * cortex.
 * <ol>
 * <li>Marrow candidates: smoothed intensity between half the dark level and the midpoint of the dark and muscle levels
 * ({@link IntensityModel}); this holds marrow and fat but not cortex, tendon or air. The air around the leg is the
 * largest region darker than that.</li>
 * <li>Eroded by each of {@link Parameters#erosionsMm()} in turn, until marrow and fat that touch through a gap in the
 * cortex come apart; connected components (face connectivity) of at least {@link Parameters#minVolumeMm3()}.</li>
 * <li>Components within {@link Parameters#outsideGapMm()} (beyond the erosion) of the air are subcutaneous fat. Of the
 * others the two largest are femur (the superior one) and tibia, if both hold {@link Parameters#minLongBoneMm3()} and
 * their centroids are {@link Parameters#minSeparationMm()} apart vertically; the patella is the largest remaining
 * component anterior to the femur's centroid and above the joint line.</li>
 * <li>Each bone is grown back by the erosion radius within the candidates, then by its cortex: voxels within
 * {@link Parameters#cortexMm()} of the marrow and darker than the midpoint between the cortex level and their brightest
 * non-bone neighbour (so the boundary falls where a voxel holds half bone, half the tissue outside, whatever that
 * tissue is), and finally its holes are filled (lesions, vessels, marrow heterogeneity).</li>
 * </ol>
 * <b>Marrow as dark as air.</b> Where the fat suppression is complete (the first echo of some DESS protocols) marrow,
 * fat, cortex and air share one level and step 1 finds nothing. A second pass then takes every voxel darker than the
 * midpoint of the dark and muscle levels, erodes by {@link Parameters#darkMarrowErosionsMm()} (the fat pads and
 * tendons that join bone to the outside are thinner than the condyles), counts the components that reach the grid's
 * anterior, posterior or side faces as outside, and goes on as above. The bones' outline against fat is then not seen
 * in the image but bounded by the erosion radius and the cortex step; {@link Result#darkMarrow()} says this pass was
 * used.
 * <p>
 * Cost: two distance transforms, one erosion per radius tried and a few passes over the voxels.
 */
final class BoneSegmentation {

	/** Labels of the bones in the output (OAI-AKOA numbering). */
	static final int FEMUR = 1, TIBIA = 3, PATELLA = 5;
	/** How far beyond a bone's bounding box a cavity under its cartilage may reach, mm (more than cartilage is thick). */
	static final double CAVITY_MARGIN_MM = 5;

	/**
	 * @param erosionsMm          erosions tried in turn to separate marrow from touching fat, mm
	 * @param outsideGapMm        least distance of a bone's marrow from the air around the leg beyond the erosion, mm: more
	 *                            than the skin (1.5–2 mm, brighter than suppressed fat), which parts the subcutaneous fat from the air
	 * @param minSeparationMm     least superior–inferior distance between the femur's and the tibia's centroids, mm
	 * @param patellaAboveJointMm least height of the patella's centroid above the joint line, mm
	 * @param cortexMm            largest cortex thickness added to the marrow, mm
	 * @param minVolumeMm3        least volume of a candidate region after erosion, mm³
	 * @param minLongBoneMm3      least volume of the femur's and of the tibia's region after erosion, mm³ (more than a
	 *                            patella: while the tibia is still joined to the fat around it, the patella must not take
	 *                            its place)
	 * @param darkMarrowErosionsMm erosions tried in turn when marrow is as dark as air and fat (second pass), mm
	 */
	record Parameters(double[] erosionsMm, double outsideGapMm, double minSeparationMm, double patellaAboveJointMm, double cortexMm,
			double minVolumeMm3, double minLongBoneMm3, double[] darkMarrowErosionsMm) {
		static Parameters defaults() {
			return new Parameters(new double[] { 1.0, 1.5, 2.0, 2.5, 3.0 }, 3.0, 20, 5, 2.0, 1500, 30_000, new double[] { 4, 5, 6.5, 8 });
		}
	}

	/**
	 * One candidate region (after erosion): its component label, volume (mm³), centroid (LPS, mm), distance from the air
	 * around the leg (mm) and lowest and highest superior coordinate (mm).
	 */
	record Candidate(int label, double volumeMm3, double[] centroid, double outsideMm, double lowestMm, double highestMm) {
		@Override
		public String toString() {
			return String.format(Locale.ROOT, "region %d: %.1f cm³ at (%.0f, %.0f, %.0f) mm, %.1f mm from the air, S %.0f…%.0f mm", label,
					volumeMm3 / 1000, centroid[0], centroid[1], centroid[2], outsideMm, lowestMm, highestMm);
		}
	}

	/**
	 * The bones found: a label map (0, {@link #FEMUR}, {@link #TIBIA}, {@link #PATELLA}), the candidates considered at the
	 * erosion that separated them, that erosion (mm), the cortex level, and whether they were found only as marrow as
	 * dark as air (second pass, see the class description).
	 */
	record Result(byte[] labels, List<Candidate> candidates, double erosionMm, double cortexLevel, boolean darkMarrow) {
	}

	private BoneSegmentation() {
	}

	static Result segment(final float[] s, final int[] dims, final VoxelGeometry geometry, final IntensityModel model, final Parameters p) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = s.length, slice = nx * ny;
		final double air = model.level(IntensityModel.AIR), dark = model.level(IntensityModel.DARK), mid = model.level(IntensityModel.MID);
		final double lower = 0.5 * (air + dark), upper = 0.5 * (dark + mid);
		final byte[] candidates = new byte[n];
		final byte[] darkAll = new byte[n];
		final byte[] dim = new byte[n];
		Parallel.forEach(nz, z -> {
			for (int i = z * slice, end = i + slice; i < end; i++) {
				candidates[i] = s[i] > lower && s[i] < upper ? (byte) 1 : 0;
				dim[i] = s[i] <= lower ? (byte) 1 : 0;
				darkAll[i] = s[i] < upper ? (byte) 1 : 0;
			}
		});
		// the air around the leg: the largest dark region
		final ConnectedComponents.Result dark3 = ConnectedComponents.label(Volumes.wrapUnsignedBytes(dim, dims, geometry), Connectivity.SIX);
		final byte[] outside = Volumes.byteData(dark3.mask(dark3.largest()));
		final float[] toOutside = Masks.squaredDistanceTo(outside, dims, geometry);
		List<Candidate> found = List.of();
		int[] comp = null;
		int[][] boxes = null; // per component: min x, y, z, max x, y, z
		double erosion = 0;
		Candidate femur = null, tibia = null, patella = null;
		boolean darkMarrow = false;
		byte[] regions = candidates;
		search: for (final boolean asDarkAsAir : new boolean[] { false, true })
		for (final double radius : asDarkAsAir ? p.darkMarrowErosionsMm() : p.erosionsMm()) {
			erosion = radius;
			darkMarrow = asDarkAsAir;
			regions = asDarkAsAir ? darkAll : candidates;
			final byte[] eroded = Volumes.byteData(Morphology.erode(Volumes.wrapUnsignedBytes(regions, dims, geometry), radius));
			// marrow as dark as air: what reaches the grid's anterior, posterior or side faces is outside
			final Regions r = regions(eroded, dims, geometry, p.minVolumeMm3(), toOutside, asDarkAsAir);
			comp = r.labels();
			found = r.candidates();
			boxes = r.boxes();
			// bones never touch the air around the leg; subcutaneous fat does
			final double gap = radius + p.outsideGapMm();
			final List<Candidate> inner = new ArrayList<>();
			for (final Candidate k : found)
				if (k.outsideMm() > gap)
					inner.add(k);
			final Named named = name(inner, p);
			if (named == null)
				continue;
			femur = named.femur();
			tibia = named.tibia();
			patella = named.patella();
			break search;
		}
		if (femur == null)
			throw new IllegalStateException(String.format(Locale.ROOT, "found no femur and tibia (two large regions of marrow-level intensity, "
					+ "%.4g–%.4g, one above the other) at erosions up to %.1f mm; the classical segmenter needs marrow brighter than air and "
					+ "cortex and darker than muscle, as on a water-excitation DESS or FLASH; candidates: %s", lower, upper, erosion, found));
		final int[] chosen = { femur.label(), tibia.label(), patella == null ? -1 : patella.label() };
		final int[] values = { FEMUR, TIBIA, PATELLA };
		final byte[] labels = new byte[n];
		final byte[] marrowAll = new byte[n];
		// each bone is grown back and given its cortex in its component's box grown by what may be added to it (and a
		// voxel for neighbourhoods and hole filling), which gives the same result as the whole grid at the bone's cost
		final int[][] box = new int[3][];
		final byte[][] marrow = new byte[3][];
		for (int b2 = 0; b2 < 3; b2++) {
			if (chosen[b2] < 0)
				continue;
			box[b2] = grow(boxes[chosen[b2]], erosion + p.cortexMm(), dims, geometry);
			marrow[b2] = growBack(comp, chosen[b2], regions, erosion, box[b2], dims, geometry);
			Masks.paint(marrow[b2], box[b2], 1, marrowAll, dims);
		}
		// the cortex level: the darker quartile just outside the marrow
		final byte[] rim = new byte[n];
		final int[] nb = new int[6];
		for (int i = 0; i < n; i++) {
			if (marrowAll[i] == 0)
				continue;
			final int k = Masks.faceNeighbours(i, nx, ny, nz, nb);
			for (int q = 0; q < k; q++)
				if (marrowAll[nb[q]] == 0)
					rim[nb[q]] = 1;
		}
		final double cortex = Masks.percentile(s, rim, 0.25);
		final double floor = 0.5 * (cortex + dark);
		for (int b2 = 0; b2 < 3; b2++) {
			if (marrow[b2] == null)
				continue;
			final int[] bd = Masks.size(box[b2]);
			final byte[] bone = addCortex(Masks.crop(s, dims, box[b2]), marrow[b2], Masks.crop(marrowAll, dims, box[b2]), bd, geometry, cortex, floor,
					p.cortexMm());
			Masks.fillHoles(bone, bd[0], bd[1], bd[2]);
			Masks.paint(bone, box[b2], values[b2], labels, dims);
		}
		return new Result(labels, found, erosion, cortex, darkMarrow);
	}

	/**
	 * The regions of one erosion: every voxel's component label (0 outside), the candidates (the components of at least
	 * the least volume, in label order) and each candidate's bounding box (min x, y, z, max x, y, z; null for the smaller
	 * components).
	 */
	record Regions(int[] labels, List<Candidate> candidates, int[][] boxes) {
	}

	/**
	 * The connected components (face connectivity) of {@code eroded} as candidates of at least {@code minVolumeMm3}. A
	 * candidate's distance from the air is the least of {@code toOutside} (squared distances to the air, mm²) over its
	 * voxels; if {@code faceIsOutside}, it is 0 for a component that reaches the grid's first or last i or k plane and
	 * +∞ for the others instead; if {@code toOutside} is null (no air around the leg, as on a masked image) it is +∞.
	 */
	static Regions regions(final byte[] eroded, final int[] dims, final VoxelGeometry geometry, final double minVolumeMm3, final float[] toOutside,
			final boolean faceIsOutside) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = eroded.length, slice = nx * ny;
		final double voxel = geometry.voxelVolume();
		final ConnectedComponents.Result cc = ConnectedComponents.label(Volumes.wrapUnsignedBytes(eroded, dims, geometry), Connectivity.SIX);
		final int[] comp = Volumes.intData(cc.labels());
		final int count = cc.count();
		final double[][] sums = new double[count + 1][3];
		final double[] nearestOutside = new double[count + 1];
		final boolean[] atFace = new boolean[count + 1];
		final double[] lowest = new double[count + 1], highest = new double[count + 1];
		final int[][] box = new int[count + 1][];
		java.util.Arrays.fill(nearestOutside, Double.POSITIVE_INFINITY);
		java.util.Arrays.fill(lowest, Double.POSITIVE_INFINITY);
		java.util.Arrays.fill(highest, Double.NEGATIVE_INFINITY);
		final Vector3d c = new Vector3d();
		for (int i = 0; i < n; i++) {
			final int l = comp[i];
			if (l == 0 || cc.size(l) * voxel < minVolumeMm3)
				continue;
			final int x = i % nx, y = (i / nx) % ny, z = i / slice;
			sums[l][0] += x;
			sums[l][1] += y;
			sums[l][2] += z;
			if (toOutside != null)
				nearestOutside[l] = Math.min(nearestOutside[l], toOutside[i]);
			if (box[l] == null)
				box[l] = new int[] { x, y, z, x, y, z };
			else {
				box[l][0] = Math.min(box[l][0], x);
				box[l][1] = Math.min(box[l][1], y);
				box[l][3] = Math.max(box[l][3], x);
				box[l][4] = Math.max(box[l][4], y);
				box[l][5] = z; // voxels come in order of z
			}
			atFace[l] |= x == 0 || x == nx - 1 || z == 0 || z == nz - 1;
			geometry.indexToPatient(x, y, z, c);
			lowest[l] = Math.min(lowest[l], c.z);
			highest[l] = Math.max(highest[l], c.z);
		}
		final List<Candidate> all = new ArrayList<>();
		for (int l = 1; l <= count; l++) {
			final double size = cc.size(l);
			if (size * voxel < minVolumeMm3)
				continue;
			geometry.indexToPatient(sums[l][0] / size, sums[l][1] / size, sums[l][2] / size, c);
			final double outsideMm = faceIsOutside ? (atFace[l] ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(nearestOutside[l]);
			all.add(new Candidate(l, size * voxel, new double[] { c.x, c.y, c.z }, outsideMm, lowest[l], highest[l]));
		}
		return new Regions(comp, all, box);
	}

	/** The bones named among the candidates; the patella is null when none qualifies. */
	record Named(Candidate femur, Candidate tibia, Candidate patella) {
	}

	/**
	 * Names the bones among {@code inner} (the candidates that may be bone, in any order): the two largest are femur
	 * (the one whose centroid is superior) and tibia if the second holds {@link Parameters#minLongBoneMm3()} and their
	 * centroids are {@link Parameters#minSeparationMm()} apart vertically; the patella is the largest remaining one
	 * whose centroid is anterior to the femur's, {@link Parameters#patellaAboveJointMm()} above the joint line (halfway
	 * between the femur's lowest and the tibia's highest point) and within 80 mm of the femur's centroid. Null when
	 * there is no femur and tibia. Sorts {@code inner} by decreasing volume.
	 */
	static Named name(final List<Candidate> inner, final Parameters p) {
		inner.sort((a, b) -> Double.compare(b.volumeMm3(), a.volumeMm3()));
		if (inner.size() < 2 || inner.get(1).volumeMm3() < p.minLongBoneMm3())
			return null;
		final Candidate a = inner.get(0), b = inner.get(1);
		final Candidate femur = a.centroid()[2] >= b.centroid()[2] ? a : b, tibia = femur == a ? b : a;
		if (femur.centroid()[2] - tibia.centroid()[2] < p.minSeparationMm())
			return null;
		// the patella: anterior to the femur, above the joint line
		final double joint = 0.5 * (femur.lowestMm() + tibia.highestMm());
		Candidate patella = null;
		for (final Candidate k : inner)
			if (k != femur && k != tibia && k.centroid()[1] < femur.centroid()[1] && k.centroid()[2] > joint + p.patellaAboveJointMm()
					&& distance(k.centroid(), femur.centroid()) < 80 && (patella == null || k.volumeMm3() > patella.volumeMm3()))
				patella = k;
		return new Named(femur, tibia, patella);
	}

	/**
	 * Component {@code label} of {@code comp} (the regions eroded by {@code erosionMm}) grown back to its un-eroded
	 * extent: the voxels of {@code regions} within {@code erosionMm} of it and connected to it through such voxels (an
	 * opening of the regions that keeps the component apart from those it was eroded away from). Works in {@code box}
	 * (min x, y, z, max x, y, z), which must hold the component grown by {@code erosionMm}; returns a mask of the box's
	 * size.
	 */
	static byte[] growBack(final int[] comp, final int label, final byte[] regions, final double erosionMm, final int[] box, final int[] dims,
			final VoxelGeometry geometry) {
		final int[] bd = Masks.size(box);
		final int[] part = Masks.crop(comp, dims, box);
		final byte[] seed = new byte[part.length];
		for (int i = 0; i < part.length; i++)
			if (part[i] == label)
				seed[i] = 1;
		final double r = erosionMm + 1e-3;
		final float[] ds = Masks.squaredDistanceTo(seed, bd, geometry, r);
		final byte[] m = Masks.crop(regions, dims, box);
		for (int i = 0; i < m.length; i++)
			if (ds[i] > r * r)
				m[i] = 0;
		return Masks.reconstruct(seed, m, bd[0], bd[1], bd[2]);
	}

	/**
	 * The marrow plus its cortex: voxels within {@code maxMm} of the marrow, connected to it, darker than
	 * max(floor, (cortex + brightest neighbour outside all marrow) / 2).
	 */
	private static byte[] addCortex(final float[] s, final byte[] marrow, final byte[] anyMarrow, final int[] dims, final VoxelGeometry geometry,
			final double cortex, final double floor, final double maxMm) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = s.length, slice = nx * ny;
		final float[] d2 = Masks.squaredDistanceTo(marrow, dims, geometry, maxMm);
		final double max2 = maxMm * maxMm;
		final byte[] allowed = new byte[n];
		Parallel.forEach(nz, z -> {
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = z * slice + y * nx + x;
					if (marrow[i] != 0) {
						allowed[i] = 1;
						continue;
					}
					if (d2[i] > max2 || anyMarrow[i] != 0)
						continue;
					double brightest = Double.NEGATIVE_INFINITY;
					for (int dz = -1; dz <= 1; dz++) {
						final int zz = z + dz;
						if (zz < 0 || zz >= nz)
							continue;
						for (int dy = -1; dy <= 1; dy++) {
							final int yy = y + dy;
							if (yy < 0 || yy >= ny)
								continue;
							for (int dx = -1; dx <= 1; dx++) {
								final int xx = x + dx;
								if (xx < 0 || xx >= nx)
									continue;
								final int j = zz * slice + yy * nx + xx;
								if (anyMarrow[j] == 0 && s[j] > brightest)
									brightest = s[j];
							}
						}
					}
					final double threshold = Math.max(floor, 0.5 * (cortex + brightest));
					if (s[i] < threshold)
						allowed[i] = 1;
				}
		});
		return Masks.reconstruct(marrow, allowed, nx, ny, nz);
	}

	/**
	 * Adds to each bone what it encloses together with the bright tissue on it: voxels that are neither bone nor
	 * brighter than {@code brightFrom} and that the bone and the bright voxels (cartilage, fluid) shut off from the
	 * border of the bone's bounding box grown by {@value #CAVITY_MARGIN_MM} mm. This is how a subchondral lesion whose intensity lies between marrow and muscle (DESS shows
	 * edema only faintly) and whose cortical cap is too far from the marrow to be grown from it becomes bone: the
	 * cartilage over it closes the crater. Only enclosed regions that reach {@code minDepthMm} deep count (cavities, not
	 * the thin layers of voxels shared by bone and cartilage). Changes {@code labels} in place; returns the number of
	 * voxels added.
	 */
	static long fillUnderCartilage(final byte[] labels, final float[] s, final double brightFrom, final int[] dims, final VoxelGeometry geometry,
			final double minDepthMm) {
		long added = 0;
		for (final int bone : new int[] { FEMUR, TIBIA, PATELLA }) {
			final int[] found = Masks.box(labels, bone, dims);
			if (found == null)
				continue;
			// in the bone's box grown by CAVITY_MARGIN_MM, whose border counts as outside: a region that reaches further is
			// no cavity of this bone
			final int[] box = grow(found, CAVITY_MARGIN_MM, dims, geometry);
			final int[] bd = Masks.size(box);
			final byte[] part = Masks.crop(labels, dims, box);
			final float[] v = Masks.crop(s, dims, box);
			final int n = part.length;
			final byte[] mask = new byte[n];
			for (int i = 0; i < n; i++)
				if (part[i] == bone)
					mask[i] = 1;
				else if (part[i] == 0 && v[i] >= brightFrom)
					mask[i] = 2;
			final byte[] filled = mask.clone();
			Masks.fillHoles3d(filled, bd[0], bd[1], bd[2]);
			final byte[] enclosed = new byte[n];
			for (int i = 0; i < n; i++)
				if (mask[i] == 0 && filled[i] != 0 && part[i] == 0)
					enclosed[i] = 1;
			// only cavities, not the thin layers of mixed voxels between bone and cartilage
			final ConnectedComponents.Result cc = ConnectedComponents.label(Volumes.wrapUnsignedBytes(enclosed, bd, geometry), Connectivity.SIX);
			final float[] depth = Masks.depth(enclosed, bd, geometry);
			final int[] comp = Volumes.intData(cc.labels());
			final boolean[] deep = new boolean[cc.count() + 1];
			for (int i = 0; i < n; i++)
				if (comp[i] != 0 && depth[i] >= minDepthMm)
					deep[comp[i]] = true;
			// a cavity is no bone yet (enclosed voxels are 0 in labels), so all of it is painted
			final byte[] cavities = new byte[n];
			for (int i = 0; i < n; i++)
				if (comp[i] != 0 && deep[comp[i]])
					cavities[i] = 1;
			added += Masks.paint(cavities, box, bone, labels, dims);
		}
		return added;
	}

	/** {@code box} (min x, y, z, max x, y, z) grown by {@code mm} and two voxels on every side, within the grid. */
	static int[] grow(final int[] box, final double mm, final int[] dims, final VoxelGeometry geometry) {
		final int[] out = new int[6];
		for (int a = 0; a < 3; a++) {
			final int m = (int) Math.ceil(mm / geometry.spacing(a)) + 2;
			out[a] = Math.max(0, box[a] - m);
			out[a + 3] = Math.min(dims[a] - 1, box[a + 3] + m);
		}
		return out;
	}

	private static double distance(final double[] a, final double[] b) {
		return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
	}
}
