package org.chondroj.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Morphology;
import org.chondroj.core.algorithm.Samples;

/**
 * The bones and cartilages of a masked image ({@link IntensityModel#lowBand}): one where everything but the
 * knee's bones and cartilage has been set to one constant low level, such as the CLAIR-Knee-103R template (the mean of
 * 103 masked DESS knees). There is no air around the leg, no fat and no muscle; three classes remain: background, bone
 * and cartilage. In order:
 * <ol>
 * <li>Tissue: every voxel above the background band. The tissue values (a regular subsample of at most
 * {@value #SAMPLES}) are split in two by Otsu's threshold (the split of the sorted values with the largest
 * between-class variance, which is also where 2-means settles): the darker class is bone, the brighter cartilage, and
 * their means are the bone and cartilage levels.</li>
 * <li>Where cartilage starts: at the upper end of the bone's own spread, mode + {@link Parameters#boneSigmas()} σ, or
 * at Otsu's threshold if that is lower. The mode is the peak of the bone class's histogram ({@value #BINS} bins
 * between the band and Otsu's threshold, smoothed over 5), σ its upper half width at half maximum / √(2 ln 2)
 * (measured on the upper side: the lower side holds the voxels bone shares with the background). So a voxel brighter
 * than bone can be holds cartilage, as a voxel brighter than the background band holds tissue: the brighter class takes
 * the mixed voxels. The midpoint of the two levels would be the wrong split: the cartilage class has no peak but a
 * ramp from the bone's upper end (on a template thin plates are averaged with what surrounds them), and its mean lies
 * far above the voxels it shares with bone.</li>
 * <li>Bones: the voxels from the band to where cartilage starts, eroded by each of the bone parameters'
 * {@link BoneSegmentation.Parameters#erosionsMm()} in turn until two regions come apart; regions and names as in
 * {@link BoneSegmentation} ({@link BoneSegmentation#regions}, {@link BoneSegmentation#name}: the superior of the two
 * largest is the femur, a patella anterior to it and above the joint line), with every region counted as away from
 * the air (there is none); each bone grown back to its un-eroded extent ({@link BoneSegmentation#growBack}) and its
 * holes filled (bright spots inside the marrow).</li>
 * <li>Cartilage: the voxels that are not bone, at least where cartilage starts and within
 * {@link Parameters#maxDistanceMm()} of a bone; each goes to the bone geodesically nearest through them
 * ({@link CartilageSegmentation#grow}).</li>
 * </ol>
 * Voxels of the bone range that no bone takes back (the layer a cartilage plate shares with the background of the
 * joint space, thinner than the erosion) stay background. Deterministic; cost: one sort of the sample, one erosion per
 * radius tried, a distance transform per bone and a few passes over the voxels.
 */
final class MaskedImageSegmentation {

	/** Most tissue values the levels are estimated from (a regular subsample of larger sets). */
	static final int SAMPLES = 1 << 20;
	/** Bins of the bone class's histogram. */
	static final int BINS = 128;

	/**
	 * @param boneSigmas    how many σ of the bone peak above its mode cartilage starts
	 * @param bones         the erosions, least volumes and naming rules of {@link BoneSegmentation} (its cortex, outside
	 *                      gap and dark-marrow erosions are not used)
	 * @param maxDistanceMm largest distance of cartilage from its bone, mm
	 */
	record Parameters(double boneSigmas, BoneSegmentation.Parameters bones, double maxDistanceMm) {
		static Parameters defaults() {
			return new Parameters(3, BoneSegmentation.Parameters.defaults(), CartilageSegmentation.Parameters.defaults().maxDistanceMm());
		}
	}

	/**
	 * The levels found: background (the band's median), tissue from (the band's upper edge), bone level and mode, σ of
	 * the bone peak, cartilage level, Otsu's threshold, and where cartilage starts.
	 */
	record Levels(double background, double tissueFrom, double bone, double boneMode, double boneSigma, double cartilage, double otsu,
			double cartilageFrom) {
		@Override
		public String toString() {
			return String.format(Locale.ROOT, "background %.4g, tissue above %.4g; bone %.4g (mode %.4g, σ %.3g), cartilage %.4g, Otsu %.4g; "
					+ "cartilage from %.4g", background, tissueFrom, bone, boneMode, boneSigma, cartilage, otsu, cartilageFrom);
		}
	}

	/**
	 * The bones found (labels {@link BoneSegmentation#FEMUR}, {@link BoneSegmentation#TIBIA},
	 * {@link BoneSegmentation#PATELLA}) and the erosion that separated them.
	 */
	record Bones(byte[] labels, double erosionMm) {
	}

	private MaskedImageSegmentation() {
	}

	/**
	 * Step 3: the bones among the voxels from the band to where cartilage starts.
	 *
	 * @throws IllegalStateException when no erosion separates a femur and a tibia
	 */
	static Bones bones(final float[] s, final int[] dims, final VoxelGeometry geometry, final Levels levels, final Parameters p) {
		final int nz = dims[2], n = s.length, slice = dims[0] * dims[1];
		final double from = levels.tissueFrom(), to = levels.cartilageFrom();
		final byte[] boneRange = new byte[n];
		Parallel.forEach(nz, z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				boneRange[i] = s[i] > from && s[i] < to ? (byte) 1 : 0;
		});
		final BoneSegmentation.Parameters bp = p.bones();
		BoneSegmentation.Regions regions = null;
		BoneSegmentation.Named named = null;
		double erosion = 0;
		for (final double radius : bp.erosionsMm()) {
			erosion = radius;
			final byte[] eroded = Volumes.byteData(Morphology.erode(Volumes.wrapUnsignedBytes(boneRange, dims, geometry), radius));
			regions = BoneSegmentation.regions(eroded, dims, geometry, bp.minVolumeMm3(), null, false);
			named = BoneSegmentation.name(new ArrayList<>(regions.candidates()), bp);
			if (named != null)
				break;
		}
		if (named == null)
			throw new IllegalStateException(String.format(Locale.ROOT, "masked image: found no femur and tibia (two large regions of bone-level "
					+ "intensity, %.4g–%.4g, one above the other) at erosions up to %.1f mm; levels: %s; candidates: %s", from, to, erosion, levels,
					regions == null ? List.of() : regions.candidates()));
		final BoneSegmentation.Candidate[] chosen = { named.femur(), named.tibia(), named.patella() };
		final int[] values = { BoneSegmentation.FEMUR, BoneSegmentation.TIBIA, BoneSegmentation.PATELLA };
		final byte[] labels = new byte[n];
		for (int b = 0; b < 3; b++) {
			if (chosen[b] == null)
				continue;
			final int[] box = BoneSegmentation.grow(regions.boxes()[chosen[b].label()], erosion, dims, geometry);
			final int[] bd = Masks.size(box);
			final byte[] bone = BoneSegmentation.growBack(regions.labels(), chosen[b].label(), boneRange, erosion, box, dims, geometry);
			Masks.fillHoles(bone, bd[0], bd[1], bd[2]);
			Masks.paint(bone, box, values[b], labels, dims);
		}
		return new Bones(labels, erosion);
	}

	/** Step 4: {@code bones} (not changed) with each bone's cartilage added; a new label map. */
	static byte[] cartilage(final float[] s, final byte[] bones, final int[] dims, final VoxelGeometry geometry, final Levels levels,
			final Parameters p) {
		final int nz = dims[2], n = s.length, slice = dims[0] * dims[1];
		final double from = levels.cartilageFrom();
		final byte[] boneMask = Masks.nonZero(bones);
		final float[] d2 = Masks.squaredDistanceTo(boneMask, dims, geometry, p.maxDistanceMm());
		final double max2 = p.maxDistanceMm() * p.maxDistanceMm();
		final byte[] candidates = new byte[n];
		Parallel.forEach(nz, z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				candidates[i] = boneMask[i] == 0 && s[i] >= from && d2[i] <= max2 ? (byte) 1 : 0;
		});
		return CartilageSegmentation.grow(candidates, bones, dims, geometry, p.maxDistanceMm());
	}

	/** Steps 1 and 2: the levels of the tissue above the band of {@code background}. */
	static Levels levels(final float[] s, final IntensityModel.LowBand background, final Parameters p) {
		final double from = background.upper();
		final float[] sample = Samples.sorted(s, i -> s[i] > from, SAMPLES);
		if (sample.length < 2)
			throw new IllegalStateException("masked image: no tissue above the background band (" + sample.length + " voxels above " + from + ")");
		// Otsu: the split index t (class 0 = sample[0 .. t-1]) with the largest t (m − t) (mean₀ − mean₁)²
		final int m = sample.length;
		double total = 0;
		for (final float v : sample)
			total += v;
		double below = 0, best = -1;
		int split = 1;
		for (int t = 1; t < m; t++) {
			below += sample[t - 1];
			if (sample[t] == sample[t - 1])
				continue;
			final double m0 = below / t, m1 = (total - below) / (m - t);
			final double between = (double) t * (m - t) * (m0 - m1) * (m0 - m1);
			if (between > best) {
				best = between;
				split = t;
			}
		}
		double sum0 = 0;
		for (int t = 0; t < split; t++)
			sum0 += sample[t];
		final double bone = sum0 / split, cartilage = (total - sum0) / (m - split), otsu = sample[split];
		// the bone peak: its mode and upper half width at half maximum, in a histogram of the voxels from the band to Otsu's threshold
		final double width = (otsu - from) / BINS;
		final long[] h = new long[BINS];
		for (final float v : s)
			if (v > from && v < otsu)
				h[(int) Math.min(BINS - 1, (v - from) / width)]++;
		final long[] smooth = new long[BINS];
		int mode = 0;
		for (int b = 0; b < BINS; b++) {
			for (int d = -2; d <= 2; d++)
				if (b + d >= 0 && b + d < BINS)
					smooth[b] += h[b + d];
			if (smooth[b] > smooth[mode])
				mode = b;
		}
		final double half = 0.5 * smooth[mode];
		int j = mode;
		while (j < BINS && smooth[j] > half)
			j++;
		final double modeValue = from + (mode + 0.5) * width;
		double sigma = Double.NaN, cartilageFrom = otsu;
		if (j < BINS && j > mode) {
			// the half-maximum point between the centres of bins j − 1 and j
			final double at = j - 1 + (smooth[j - 1] - half) / (smooth[j - 1] - smooth[j]);
			sigma = (at - mode) * width / Math.sqrt(2 * Math.log(2));
			cartilageFrom = Math.min(otsu, modeValue + p.boneSigmas() * sigma);
		}
		return new Levels(background.level(), from, bone, modeValue, sigma, cartilage, otsu, cartilageFrom);
	}
}
