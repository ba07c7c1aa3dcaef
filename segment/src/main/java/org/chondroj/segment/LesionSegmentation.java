package org.chondroj.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.core.algorithm.Resampling;

/**
 * Bone-marrow lesions (edema-like signal) from a fluid-sensitive fat-suppressed series (IW/PD/T2 FS, STIR) and the
 * bones of the cartilage series.
 * <ol>
 * <li>The lesion series is sampled on the cartilage grid (trilinear, through patient coordinates: the two series must
 * share a frame of reference; no registration).</li>
 * <li>Per bone, normal marrow is the bone deeper than {@link Parameters#normalDepthMm()} (away from the partial volume of
 * the bright tissue around it); the lesion image is divided by the local level of normal marrow (block means, smoothed,
 * see {@link #BLOCK_MM}; coil sensitivity and marrow composition vary across a bone), then m is the median and σ =
 * 1.4826 · MAD of normal marrow.</li>
 * <li>Lesion seeds: bone voxels deeper than {@link Parameters#minDepthMm()} (below the cortex) brighter than
 * m + {@link Parameters#detectSigmas()} σ and than {@link Parameters#detectRatio()} · m.</li>
 * <li>Each connected seed region gets its own level L (the {@value #LEVEL_QUANTILE} quantile of its values) and grows
 * (all at once, breadth first) through the voxels brighter than m + {@value #TAIL_SIGMAS} σ, the tails of its blur.
 * Its volume is Σ (v − m) / (L − m) over the grown region, a sum that blurring by thick slices and interpolation
 * preserves (thresholding does not), and the label map gets that many of the region's brightest voxels. Regions smaller than
 * {@link Parameters#minVolumeMm3()} or that stay shallower than {@link Parameters#minReachMm()} (the partial volume
 * of the bright tissue around the bone, in thick slices) are dropped.</li>
 * </ol>
 * Cost: one resampling, then per bone one distance transform and a few passes over the bone's bounding box.
 */
final class LesionSegmentation {

	static final double LEVEL_QUANTILE = 0.99;
	/** Block size of the local normal-marrow level, mm. */
	static final double BLOCK_MM = 6;
	/** Robust standard deviations above normal marrow down to which a lesion's blurred tail is followed. */
	static final double TAIL_SIGMAS = 1.5;

	/**
	 * @param normalDepthMm depth below the bone surface of the marrow that defines normal signal, mm
	 * @param minDepthMm    depth below the bone surface where lesions may lie (the cortex is excluded), mm
	 * @param detectSigmas  robust standard deviations above normal marrow that seed a lesion
	 * @param detectRatio   least ratio to the normal marrow median that seeds a lesion
	 * @param minVolumeMm3  least lesion volume, mm³
	 * @param minReachMm    least depth below the bone surface that a lesion reaches, mm (thinner bright rims along the
	 *                      surface are the partial volume of fluid and cartilage in thick slices)
	 */
	record Parameters(double normalDepthMm, double minDepthMm, double detectSigmas, double detectRatio, double minVolumeMm3, double minReachMm) {
		static Parameters defaults() {
			return new Parameters(3.0, 1.4, 4.0, 2.0, 50, 3.0);
		}
	}

	/** Per bone: normal marrow median and σ, lesion count and volume (mm³). */
	record BoneLesions(int bone, double median, double sigma, int count, double volumeMm3) {
		@Override
		public String toString() {
			return String.format(Locale.ROOT, "bone %d: normal marrow %.0f ± %.0f, %d lesion(s), %.1f mm³", bone, median, sigma, count, volumeMm3);
		}
	}

	private LesionSegmentation() {
	}

	/**
	 * Adds lesion labels ({@link #lesionLabel}: 7 femur, 8 tibia, 9 patella) to {@code labels} in place.
	 *
	 * @throws IllegalArgumentException when the two series do not share a frame of reference
	 */
	static List<BoneLesions> segment(final byte[] labels, final Volume<?> cartilageImage, final Volume<?> lesionImage, final Parameters p) {
		final String a = cartilageImage.metadata().get(Metadata.FRAME_OF_REFERENCE_UID), b = lesionImage.metadata().get(Metadata.FRAME_OF_REFERENCE_UID);
		if (a != null && b != null && !a.equals(b))
			throw new IllegalArgumentException("the lesion series (" + describe(lesionImage) + ") and the cartilage series (" + describe(cartilageImage)
					+ ") have different frames of reference (" + b + " and " + a + "): they cannot be aligned through patient coordinates, and "
					+ "ChondroJ does not register series; give a lesion series from the same session");
		final int[] dims = cartilageImage.dimensions();
		final VoxelGeometry g = cartilageImage.geometry();
		final float[] resampled = Volumes.floatData(Resampling.linear(lesionImage, dims, g));
		final List<BoneLesions> out = new ArrayList<>();
		for (final int bone : new int[] { BoneSegmentation.FEMUR, BoneSegmentation.TIBIA, BoneSegmentation.PATELLA }) {
			// the work is done in the bone's bounding box (its cost follows the bone, not the grid)
			final int[] box = Masks.box(labels, bone, dims);
			if (box == null)
				continue;
			final int[] bd = Masks.size(box);
			final int n = bd[0] * bd[1] * bd[2];
			final byte[] mask = Masks.equal(Masks.crop(labels, dims, box), bone);
			final float[] v = Masks.crop(resampled, dims, box);
			final float[] depth = Masks.depth(mask, bd, g);
			final byte[] deep = new byte[n];
			for (int i = 0; i < n; i++)
				if (depth[i] >= p.normalDepthMm() && v[i] > 0)
					deep[i] = 1;
			if (Masks.count(deep) < 100)
				continue;
			final double median0 = Masks.percentile(v, deep, 0.5);
			final float[] dev = new float[n];
			for (int i = 0; i < n; i++)
				if (deep[i] != 0)
					dev[i] = (float) Math.abs(v[i] - median0);
			final double sigma0 = 1.4826 * Masks.percentile(dev, deep, 0.5);
			// normal marrow varies across the bone (coil sensitivity, marrow composition): divide by its local level
			final float[] local = localLevel(v, deep, median0 - 3 * sigma0, median0 + 3 * sigma0, bd, box, dims, g);
			for (int i = 0; i < n; i++)
				if (mask[i] != 0)
					v[i] = (float) (v[i] * median0 / local[i]);
			final double median = Masks.percentile(v, deep, 0.5);
			for (int i = 0; i < n; i++)
				if (deep[i] != 0)
					dev[i] = (float) Math.abs(v[i] - median);
			final double sigma = 1.4826 * Masks.percentile(dev, deep, 0.5);
			final double seedFrom = Math.max(median + p.detectSigmas() * sigma, p.detectRatio() * median);
			final byte[] inside = new byte[n], seeds = new byte[n];
			for (int i = 0; i < n; i++)
				if (mask[i] != 0 && depth[i] >= p.minDepthMm()) {
					inside[i] = 1;
					if (v[i] > seedFrom)
						seeds[i] = 1;
				}
			final ConnectedComponents.Result cc = ConnectedComponents.label(Volumes.wrapUnsignedBytes(seeds, bd, g), Connectivity.SIX);
			final int[] comp = Volumes.intData(cc.labels());
			// each seed region's level and threshold (its values gathered by a counting sort over the labels)
			final int regions = cc.count();
			final int[] start = new int[regions + 2];
			for (int c = 1; c <= regions; c++)
				start[c + 1] = start[c] + (int) cc.size(c);
			final float[] values = new float[start[regions + 1]];
			final int[] fill = start.clone();
			for (int i = 0; i < n; i++)
				if (comp[i] != 0)
					values[fill[comp[i]]++] = v[i];
			final double[] level = new double[regions + 1];
			for (int c = 1; c <= regions; c++) {
				Arrays.sort(values, start[c], start[c + 1]);
				level[c] = values[start[c] + (int) (LEVEL_QUANTILE * (start[c + 1] - start[c] - 1))];
			}
			// grow all regions at once, breadth first, down to the tails of their blur; a voxel joins the first region
			// that reaches it
			final double tail0 = median + TAIL_SIGMAS * sigma;
			final int[] owner = comp.clone();
			final int[] queue = new int[n];
			int head = 0, tail = 0;
			for (int i = 0; i < n; i++)
				if (owner[i] != 0)
					queue[tail++] = i;
			final int[] nb = new int[6];
			while (head < tail) {
				final int i = queue[head++];
				final int k = Masks.faceNeighbours(i, bd[0], bd[1], bd[2], nb);
				for (int q = 0; q < k; q++) {
					final int j = nb[q];
					if (owner[j] == 0 && inside[j] != 0 && v[j] > tail0) {
						owner[j] = owner[i];
						queue[tail++] = j;
					}
				}
			}
			// each region's lesion volume: Σ (v − m) / (L − m), which blurring (thick slices, interpolation) preserves; the
			// label map gets that many voxels, the region's brightest
			final double[] fraction = new double[regions + 1];
			final int[] grown = new int[regions + 2];
			for (int i = 0; i < n; i++)
				if (owner[i] != 0) {
					fraction[owner[i]] += (v[i] - median) / (level[owner[i]] - median);
					grown[owner[i] + 1]++;
				}
			for (int c = 1; c <= regions; c++)
				grown[c + 1] += grown[c];
			final float[] regionValues = new float[grown[regions + 1]];
			final int[] put = grown.clone();
			for (int i = 0; i < n; i++)
				if (owner[i] != 0)
					regionValues[put[owner[i]]++] = v[i];
			final double[] cut = new double[regions + 1];
			for (int c = 1; c <= regions; c++) {
				final int size = grown[c + 1] - grown[c];
				final int keepCount = (int) Math.min(size, Math.max(0, Math.round(fraction[c])));
				Arrays.sort(regionValues, grown[c], grown[c + 1]);
				cut[c] = keepCount == 0 ? Double.POSITIVE_INFINITY : regionValues[grown[c + 1] - keepCount];
			}
			final long[] size = new long[regions + 1];
			final double[] reach = new double[regions + 1];
			for (int i = 0; i < n; i++)
				if (owner[i] != 0 && v[i] >= cut[owner[i]]) {
					size[owner[i]]++;
					reach[owner[i]] = Math.max(reach[owner[i]], depth[i]);
				}
			int count = 0;
			long voxels = 0;
			final boolean[] kept = new boolean[regions + 1];
			for (int c = 1; c <= regions; c++)
				if (size[c] * g.voxelVolume() >= p.minVolumeMm3() && reach[c] >= p.minReachMm()) {
					kept[c] = true;
					count++;
					voxels += size[c];
				}
			for (int z = 0, i = 0; z < bd[2]; z++)
				for (int y = 0; y < bd[1]; y++)
					for (int x = 0; x < bd[0]; x++, i++)
						if (owner[i] != 0 && kept[owner[i]] && v[i] >= cut[owner[i]])
							labels[((z + box[2]) * dims[1] + y + box[1]) * dims[0] + x + box[0]] = (byte) lesionLabel(bone);
			out.add(new BoneLesions(bone, median, sigma, count, voxels * g.voxelVolume()));
		}
		return out;
	}

	/**
	 * A smooth map of the local normal level: the mean of the {@code mask} voxels with values in [lo, hi] per block of
	 * about {@value #BLOCK_MM} mm, spread by a Gaussian over the blocks (normalised convolution, σ = one block, so blocks
	 * without marrow borrow from their neighbours) and interpolated back to every voxel (trilinear). {@code v} and
	 * {@code mask} are the part {@code box} (min x, y, z, max x, y, z) of a grid of dimensions {@code grid}, whose blocks
	 * are used, so that the result does not depend on the box.
	 */
	private static float[] localLevel(final float[] v, final byte[] mask, final double lo, final double hi, final int[] dims, final int[] box,
			final int[] grid, final VoxelGeometry g) {
		final int nx = dims[0], ny = dims[1], nz = dims[2], ox = box[0], oy = box[1], oz = box[2];
		final int bx = Math.max(1, (int) Math.round(BLOCK_MM / g.spacing(0))), by = Math.max(1, (int) Math.round(BLOCK_MM / g.spacing(1))),
				bz = Math.max(1, (int) Math.round(BLOCK_MM / g.spacing(2)));
		final int mx = (grid[0] + bx - 1) / bx, my = (grid[1] + by - 1) / by, mz = (grid[2] + bz - 1) / bz;
		double[] sum = new double[mx * my * mz], weight = new double[mx * my * mz];
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++)
					if (mask[i] != 0 && v[i] >= lo && v[i] <= hi) {
						final int b = (((z + oz) / bz) * my + (y + oy) / by) * mx + (x + ox) / bx;
						sum[b] += v[i];
						weight[b]++;
					}
		final double[] kernel = { Math.exp(-0.5 * 4), Math.exp(-0.5), 1, Math.exp(-0.5), Math.exp(-0.5 * 4) };
		final int[] m = { mx, my, mz };
		for (int axis = 0; axis < 3; axis++) {
			final double[] s2 = new double[sum.length], w2 = new double[sum.length];
			final int stride = axis == 0 ? 1 : axis == 1 ? mx : mx * my;
			for (int k = 0; k < mz; k++)
				for (int j = 0; j < my; j++)
					for (int i = 0; i < mx; i++) {
						final int b = (k * my + j) * mx + i, at = axis == 0 ? i : axis == 1 ? j : k;
						for (int d = -2; d <= 2; d++)
							if (at + d >= 0 && at + d < m[axis]) {
								s2[b] += kernel[d + 2] * sum[b + d * stride];
								w2[b] += kernel[d + 2] * weight[b + d * stride];
							}
					}
			sum = s2;
			weight = w2;
		}
		final double overall = (lo + hi) / 2;
		final float[] level = new float[sum.length];
		for (int b = 0; b < level.length; b++)
			level[b] = (float) (weight[b] > 1e-6 ? sum[b] / weight[b] : overall);
		final float[] out = new float[v.length];
		for (int z = 0, i = 0; z < nz; z++) {
			final double fz = Math.max(0, Math.min(mz - 1, (z + oz + 0.5) / bz - 0.5));
			final int z0 = Math.min(mz - 2 < 0 ? 0 : mz - 2, (int) fz), z1 = Math.min(mz - 1, z0 + 1);
			final double tz = fz - z0;
			for (int y = 0; y < ny; y++) {
				final double fy = Math.max(0, Math.min(my - 1, (y + oy + 0.5) / by - 0.5));
				final int y0 = Math.min(my - 2 < 0 ? 0 : my - 2, (int) fy), y1 = Math.min(my - 1, y0 + 1);
				final double ty = fy - y0;
				for (int x = 0; x < nx; x++, i++) {
					final double fx = Math.max(0, Math.min(mx - 1, (x + ox + 0.5) / bx - 0.5));
					final int x0 = Math.min(mx - 2 < 0 ? 0 : mx - 2, (int) fx), x1 = Math.min(mx - 1, x0 + 1);
					final double tx = fx - x0;
					final double c00 = level[(z0 * my + y0) * mx + x0] * (1 - tx) + level[(z0 * my + y0) * mx + x1] * tx;
					final double c10 = level[(z0 * my + y1) * mx + x0] * (1 - tx) + level[(z0 * my + y1) * mx + x1] * tx;
					final double c01 = level[(z1 * my + y0) * mx + x0] * (1 - tx) + level[(z1 * my + y0) * mx + x1] * tx;
					final double c11 = level[(z1 * my + y1) * mx + x0] * (1 - tx) + level[(z1 * my + y1) * mx + x1] * tx;
					out[i] = (float) ((c00 * (1 - ty) + c10 * ty) * (1 - tz) + (c01 * (1 - ty) + c11 * ty) * tz);
				}
			}
		}
		return out;
	}

	/** The lesion label of a bone label: 7 in the femur (1), 8 in the tibia (3), 9 in the patella (5). */
	static int lesionLabel(final int bone) {
		return 7 + (bone - 1) / 2;
	}

	private static String describe(final Volume<?> v) {
		final String d = v.metadata().get(Metadata.SERIES_DESCRIPTION);
		return d != null ? d : v.metadata().get(Metadata.SERIES_INSTANCE_UID) != null ? v.metadata().get(Metadata.SERIES_INSTANCE_UID) : "unnamed";
	}
}
