package org.chondroj.segment;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.VoxelGeometry;

/**
 * The femoral, tibial and patellar cartilage of a fat-suppressed cartilage image, given its bones
 * ({@link BoneSegmentation}): the layer on the bone surfaces that is brighter than muscle and darker than fluid.
 * <ol>
 * <li>The cartilage and fluid levels come from the bright voxels (above 1.5 × the muscle level) within
 * {@link Parameters#levelBandMm()} of the bones, split in two by 2-means: the fluid level is the brighter class's mean,
 * the cartilage level the darker class's mode (its mean is pulled down by the voxels cartilage shares with bone).</li>
 * <li>Candidates: not bone, within {@link Parameters#maxDistanceMm()} of a bone, between the midpoint of muscle and
 * cartilage and the midpoint of cartilage and fluid (a mixed voxel goes to the tissue that fills most of it).</li>
 * <li>A voxel that lies between fluid and bone (or a tissue darker than the candidates) along an axis is a voxel shared
 * by the two, not cartilage, and is dropped, unless it touches a kept candidate: a bone–fluid interface would
 * otherwise become a one-voxel sheet of false cartilage, and the rule keeps the thin edges of real plates.</li>
 * <li>Bright tissue that runs on, ever farther from the bones, to the candidates' limit is not a layer on the bone
 * and is dropped ({@link #dropThickBrightTissue}).</li>
 * <li>Each bone's cartilage grows from the candidates touching it, all bones at once, at equal speed in millimetres
 * (geodesic distance through the candidates): where two plates touch with nothing between them, the boundary falls
 * halfway between the bones.</li>
 * </ol>
 * Cost: one distance transform and a few passes over the voxels.
 */
final class CartilageSegmentation {

	/** Labels of the cartilages in the output (OAI-AKOA numbering), in the order of the bones 1, 3, 5. */
	static final int FEMORAL = 2, TIBIAL = 4, PATELLAR = 6;
	private static final double BUCKET_MM = 0.01;

	/**
	 * @param maxDistanceMm largest distance of cartilage from its bone, mm
	 * @param levelBandMm   depth of the band over the bones whose bright voxels give the cartilage and fluid levels, mm
	 */
	record Parameters(double maxDistanceMm, double levelBandMm) {
		static Parameters defaults() {
			return new Parameters(6.0, 2.5);
		}
	}

	/** The labels (bones kept, cartilage added) and the levels used. */
	record Result(byte[] labels, double cartilageLevel, double fluidLevel, double lower, double upper) {
	}

	private CartilageSegmentation() {
	}

	/** The cartilage level, the fluid level and the accepted range (lower, upper) of cartilage intensities. */
	record Levels(double cartilage, double fluid, double lower, double upper) {
	}

	/**
	 * @param bones the bones' labels (non-zero: bone)
	 * @param d2    every voxel's squared distance to the bones (mm²), exact up to {@link Parameters#maxDistanceMm()} and
	 *              {@link Parameters#levelBandMm()} (larger beyond)
	 */
	static Result segment(final float[] s, final byte[] bones, final float[] d2, final int[] dims, final VoxelGeometry geometry,
			final IntensityModel model, final Parameters p) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = s.length, slice = nx * ny;
		final byte[] boneMask = Masks.nonZero(bones);
		final Levels levels = levels(s, boneMask, d2, model, p);
		final double cartilage = levels.cartilage(), fluid = levels.fluid(), lower = levels.lower(), upper = levels.upper();
		final double max2 = p.maxDistanceMm() * p.maxDistanceMm();
		final byte[] cand = new byte[n];
		Parallel.forEach(nz, z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				cand[i] = boneMask[i] == 0 && d2[i] <= max2 && s[i] > lower && s[i] < upper ? (byte) 1 : 0;
		});
		// drop the voxels that lie between fluid and bone or a darker tissue along an axis (shared by the two, not
		// cartilage), unless they touch a kept voxel (then they are the thin edge of a plate)
		final byte[] keep = new byte[n];
		Parallel.forEach(nz, z -> {
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = (z * ny + y) * nx + x;
					if (cand[i] == 0)
						continue;
					boolean between = false;
					for (int axis = 0; axis < 3 && !between; axis++) {
						final int stride = axis == 0 ? 1 : axis == 1 ? nx : slice;
						final int at = axis == 0 ? x : axis == 1 ? y : z, size = axis == 0 ? nx : axis == 1 ? ny : nz;
						if (at == 0 || at == size - 1)
							continue;
						final int a = i - stride, b = i + stride;
						final boolean darkA = boneMask[a] != 0 || s[a] <= lower, darkB = boneMask[b] != 0 || s[b] <= lower;
						final boolean fluidA = boneMask[a] == 0 && s[a] >= upper, fluidB = boneMask[b] == 0 && s[b] >= upper;
						between = darkA && fluidB || darkB && fluidA;
					}
					keep[i] = between ? (byte) 2 : 1;
				}
		});
		Parallel.forEach(nz, z -> {
			final int[] nbs = new int[6];
			for (int i = z * slice, end = i + slice; i < end; i++) {
				if (keep[i] != 2)
					continue;
				boolean next = false;
				final int k = Masks.faceNeighbours(i, nx, ny, nz, nbs);
				for (int q = 0; q < k && !next; q++)
					next = keep[nbs[q]] == 1;
				keep[i] = next ? (byte) 3 : 0;
			}
		});
		for (int i = 0; i < n; i++)
			if (keep[i] == 3)
				keep[i] = 1;
		dropThickBrightTissue(keep, d2, dims, geometry, p.maxDistanceMm());
		final byte[] labels = grow(keep, bones, dims, geometry, p.maxDistanceMm());
		return new Result(labels, cartilage, fluid, lower, upper);
	}

	/**
	 * Each bone's cartilage among the candidates {@code keep} (non-zero: cartilage of some bone): the voxels
	 * geodesically nearer to it than to any other bone, by Dijkstra in millimetres through the candidates, from the
	 * candidates touching each bone (a bucket queue of buckets 0.01 mm wide; ties go to the lower
	 * label). A candidate not connected to a bone through candidates stays 0. Returns {@code bones} (labels
	 * {@link BoneSegmentation#FEMUR}, {@link BoneSegmentation#TIBIA}, {@link BoneSegmentation#PATELLA}) with each
	 * bone's cartilage added as its label + 1 ({@link #FEMORAL}, {@link #TIBIAL}, {@link #PATELLAR}).
	 *
	 * @param maxDistanceMm the largest distance of cartilage from its bone, mm (sizes the queue; longer paths share its
	 *                      last bucket)
	 */
	static byte[] grow(final byte[] keep, final byte[] bones, final int[] dims, final VoxelGeometry geometry, final double maxDistanceMm) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = keep.length, slice = nx * ny;
		final byte[] labels = bones.clone();
		final double[] step = { geometry.spacing(0), geometry.spacing(1), geometry.spacing(2) };
		final int buckets = (int) Math.ceil(3 * maxDistanceMm / BUCKET_MM) + 2;
		final IntQueue[] queues = new IntQueue[buckets];
		for (int b = 0; b < buckets; b++)
			queues[b] = new IntQueue();
		final float[] dist = new float[n];
		Arrays.fill(dist, Float.POSITIVE_INFINITY);
		final byte[] pending = new byte[n];
		final int[] nb = new int[6];
		for (int i = 0; i < n; i++) {
			if (keep[i] == 0)
				continue;
			final int x = i % nx, y = (i / nx) % ny, z = i / slice;
			int touching = 0;
			double d = Double.POSITIVE_INFINITY;
			for (int axis = 0; axis < 3; axis++)
				for (int sign = -1; sign <= 1; sign += 2) {
					final int xx = x + (axis == 0 ? sign : 0), yy = y + (axis == 1 ? sign : 0), zz = z + (axis == 2 ? sign : 0);
					if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz)
						continue;
					final int bone = bones[(zz * ny + yy) * nx + xx];
					if (bone != 0 && (0.5 * step[axis] < d || (0.5 * step[axis] == d && bone < touching))) {
						d = 0.5 * step[axis];
						touching = bone;
					}
				}
			if (touching != 0) {
				dist[i] = (float) d;
				pending[i] = (byte) (touching + 1);
				queues[(int) (d / BUCKET_MM)].add(i);
			}
		}
		for (int b = 0; b < buckets; b++) {
			final IntQueue q = queues[b];
			while (!q.isEmpty()) {
				final int i = q.poll();
				if (labels[i] != 0)
					continue;
				labels[i] = pending[i];
				final int x = i % nx, y = (i / nx) % ny, z = i / slice;
				for (int axis = 0; axis < 3; axis++)
					for (int sign = -1; sign <= 1; sign += 2) {
						final int xx = x + (axis == 0 ? sign : 0), yy = y + (axis == 1 ? sign : 0), zz = z + (axis == 2 ? sign : 0);
						if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz)
							continue;
						final int j = (zz * ny + yy) * nx + xx;
						if (keep[j] == 0 || labels[j] != 0)
							continue;
						final float d = (float) (dist[i] + step[axis]);
						if (d < dist[j] || (d == dist[j] && labels[i] < pending[j])) {
							dist[j] = d;
							pending[j] = labels[i];
							queues[Math.min(buckets - 1, (int) (d / BUCKET_MM))].add(j);
						}
					}
			}
		}
		return labels;
	}

	/** Mark of {@link #dropThickBrightTissue} for a voxel found to run on (kept voxels are 1). */
	private static final byte RUNS_ON = 4;

	/**
	 * Drops the kept voxels ({@code keep[i] == 1}; the others 0) from which kept voxels run on, ever farther from the bones, to the
	 * limit of the candidates ({@code maxDistanceMm} less one voxel diagonal): cartilage is a layer that ends within a
	 * few millimetres of its bone (in fluid, a darker tissue or the opposing cartilage, where the distance to the bones
	 * stops growing), while tissue as bright as cartilage that goes on beyond that is something else (muscle on
	 * images where it is as bright as cartilage). A voxel is dropped when a path of face neighbours through kept
	 * voxels, each strictly farther from the bones than the one before, leads from it to that limit. One pass over the
	 * kept voxels in order of decreasing distance (a sort of their indices).
	 */
	static void dropThickBrightTissue(final byte[] keep, final float[] d2, final int[] dims, final VoxelGeometry geometry, final double maxDistanceMm) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], n = keep.length;
		final double diagonal = Math.sqrt(geometry.spacing(0) * geometry.spacing(0) + geometry.spacing(1) * geometry.spacing(1)
				+ geometry.spacing(2) * geometry.spacing(2));
		final double reach = Math.max(0, maxDistanceMm - diagonal), reach2 = reach * reach;
		final long[] order = new long[(int) Masks.count(keep)];
		int count = 0;
		for (int i = 0; i < n; i++)
			if (keep[i] != 0) // d2 ≥ 0: its float bits sort as the values do
				order[count++] = (long) Float.floatToRawIntBits(d2[i]) << 32 | i;
		Arrays.sort(order);
		// a voxel that runs on is marked RUNS_ON in keep itself until every voxel is decided, then dropped
		final int[] nb = new int[6];
		for (int k = count - 1; k >= 0; k--) {
			final int i = (int) order[k];
			boolean on = d2[i] >= reach2;
			final int m = Masks.faceNeighbours(i, nx, ny, nz, nb);
			for (int q = 0; q < m && !on; q++)
				on = keep[nb[q]] == RUNS_ON && d2[nb[q]] > d2[i];
			if (on)
				keep[i] = RUNS_ON;
		}
		for (int i = 0; i < n; i++)
			if (keep[i] == RUNS_ON)
				keep[i] = 0;
	}

	/**
	 * The levels from the bright voxels within {@link Parameters#levelBandMm()} of the bones ({@code d2}: squared
	 * distance to them, mm²).
	 */
	static Levels levels(final float[] s, final byte[] boneMask, final float[] d2, final IntensityModel model, final Parameters p) {
		final double muscle = model.level(IntensityModel.MID);
		final double band2 = p.levelBandMm() * p.levelBandMm();
		final int n = s.length;
		int count = 0;
		for (int i = 0; i < n; i++)
			if (boneMask[i] == 0 && d2[i] <= band2 && s[i] > 1.5 * muscle)
				count++;
		if (count < 100)
			throw new IllegalStateException("no bright tissue next to the bones: " + count + " voxels above 1.5 × the muscle level " + muscle);
		final float[] bright = new float[count];
		count = 0;
		for (int i = 0; i < n; i++)
			if (boneMask[i] == 0 && d2[i] <= band2 && s[i] > 1.5 * muscle)
				bright[count++] = s[i];
		Arrays.sort(bright);
		double c = bright[(int) (0.3 * (count - 1))], f = bright[(int) (0.9 * (count - 1))];
		for (int iteration = 0; iteration < 100; iteration++) {
			final double split = 0.5 * (c + f);
			double sc = 0, sf = 0;
			int nc = 0, nf = 0;
			for (final float v : bright)
				if (v < split) {
					sc += v;
					nc++;
				} else {
					sf += v;
					nf++;
				}
			final double c2 = nc > 0 ? sc / nc : c, f2 = nf > 0 ? sf / nf : f;
			if (c2 == c && f2 == f)
				break;
			c = c2;
			f = f2;
		}
		final double cartilage = mode(bright, 0.5 * (c + f)), fluid = f;
		return new Levels(cartilage, fluid, 0.5 * (muscle + cartilage), 0.5 * (cartilage + fluid));
	}

	/** The most frequent value of the sorted {@code values} below {@code below} (a histogram of 100 bins, smoothed over 5). */
	private static double mode(final float[] sorted, final double below) {
		final double lo = sorted[0];
		final double width = (below - lo) / 100;
		if (!(width > 0))
			return lo;
		final int[] h = new int[100];
		for (final float v : sorted)
			if (v < below)
				h[(int) Math.min(99, (v - lo) / width)]++;
		int best = 0;
		long bestSum = -1;
		for (int b = 0; b < 100; b++) {
			long sum = 0;
			for (int d = -2; d <= 2; d++)
				if (b + d >= 0 && b + d < 100)
					sum += h[b + d];
			if (sum > bestSum) {
				bestSum = sum;
				best = b;
			}
		}
		return lo + (best + 0.5) * width;
	}

	/** A FIFO queue of ints that grows as needed. */
	private static final class IntQueue {
		private int[] items = new int[16];
		private int head, tail;

		void add(final int v) {
			if (tail == items.length) {
				if (head > items.length / 2) {
					System.arraycopy(items, head, items, 0, tail - head);
					tail -= head;
					head = 0;
				} else
					items = Arrays.copyOf(items, items.length * 2);
			}
			items[tail++] = v;
		}

		boolean isEmpty() {
			return head == tail;
		}

		int poll() {
			return items[head++];
		}
	}
}
