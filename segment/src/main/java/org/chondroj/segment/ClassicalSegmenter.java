package org.chondroj.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Filters;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.Segmentation;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The built-in knee segmenter: classical image analysis, no trained model, no dependency. In order:
 * <ol>
 * <li>{@link IntensityModel}: bias-field correction and the tissue class levels of the cartilage image;</li>
 * <li>{@link BoneSegmentation}: femur, tibia and patella on the image smoothed by a Gaussian of σ =
 * {@value #SMOOTHING_MM} mm;</li>
 * <li>cavities that bone and cartilage enclose (DESS shows edema only faintly) added to the bone
 * ({@link BoneSegmentation#fillUnderCartilage}, at least {@value #CAVITY_DEPTH_MM} mm deep);</li>
 * <li>{@link CartilageSegmentation} on the corrected, unsmoothed image (smoothing would dim the thin fluid lines that
 * bound the cartilage);</li>
 * <li>{@link ArticularSurfaces}: tibial and patellar cartilage only on the surfaces that face the femur;</li>
 * <li>{@link LesionSegmentation} when a lesion image is given.</li>
 * </ol>
 * A masked image (everything but bones and cartilage set to one constant low level, such as the CLAIR-Knee-103R
 * template; the rule is {@link IntensityModel#lowBand}) has no air, fat or muscle for the intensity model:
 * it takes steps 1–4 from {@link MaskedImageSegmentation} instead, and a note says so. When that finds no femur and
 * tibia (an unmasked image with zero-filled corners can pass for masked), the image is segmented as unmasked, with a
 * note saying why.
 * Padding (one constant value reaching the grid's faces, {@link Masks#padding}: a zero-padded or zero-filled reformat)
 * is left out of the intensity model (blank blocks, {@link IntensityModel}); where it cuts off tissue it is beyond the
 * field of view for the bones, as the space beyond the grid's faces is (see {@link #PADDING_EDGE_QUANTILE}), else it
 * is air. A note says which.
 * The parameters of every step are written into the {@link Segmentation}'s parameters, and one note per step into its
 * notes, with the step's time. Deterministic whatever the number of threads. Segmenting a 384 × 384 × 160 DESS
 * volume and a 2-D IW series takes about 15 s on two cores (see the benchmarks module).
 */
public final class ClassicalSegmenter implements KneeSegmenter {

	/** σ of the Gaussian smoothing before the bone decisions, mm. */
	public static final double SMOOTHING_MM = 0.35;
	/** Least depth of an enclosed cavity added to the bone, mm. */
	public static final double CAVITY_DEPTH_MM = 1.0;

	/**
	 * Width of the rim round padding that cuts off tissue ({@link Masks#padding}) which is left out with it, mm: 3 σ
	 * of the smoothing, which blurs the tissue at the edge of the field of view into the padding.
	 */
	static final double PADDING_RIM_MM = 3 * SMOOTHING_MM;

	/**
	 * Padding cuts off tissue when this quantile of the voxels next to it is brighter than marrow and fat (above the
	 * midpoint of the dark and the muscle levels): when a tenth of its border is muscle, fluid or cartilage, which the
	 * edge of the field of view cuts through. Zero-filled air round a leg that lies wholly in the field is bordered by
	 * air and its noise (on the phantom its 0.9 quantile is 199, the threshold 509; padding there: 727).
	 */
	static final double PADDING_EDGE_QUANTILE = 0.9;
	/**
	 * Off-articular tissue removed from a cartilage beyond this share of what was kept is flagged (the rules remove at
	 * most 0.6 % of the cartilage of the 12 manual OAI maps, ArticularSurfacesTest; on the real GE DESS as much as 79 %
	 * of the tibial cartilage kept).
	 */
	static final double OFF_ARTICULAR_FLAG_SHARE = 0.05;

	@Override
	public Segmentation segment(final Volume<?> cartilageImage, final Volume<?> lesionImage) {
		return segment(cartilageImage, lesionImage, Progress.NONE);
	}

	/** {@inheritDoc} Its stages: intensity, bones, cartilage, articular surfaces, lesions. */
	@Override
	public Segmentation segment(final Volume<?> cartilageImage, final Volume<?> lesionImage, final Progress progress) {
		progress.stage("segmenting: intensity levels and bias field", 0);
		final int[] dims = cartilageImage.dimensions();
		final VoxelGeometry g = cartilageImage.geometry();
		final List<String> qc = new ArrayList<>();
		final Map<String, String> parameters = new LinkedHashMap<>();
		final List<QcFlag> flags = new ArrayList<>();
		long t = System.nanoTime();
		final float[] values = Volumes.floatValues(cartilageImage);
		final IntensityModel.LowBand low = IntensityModel.lowBand(values);
		if (low.masked())
			try {
				return segmentMasked(cartilageImage, lesionImage, values, low, t);
			} catch (final IllegalStateException e) {
				// zero-filled corners (a reformat's) can look like a masked background: then the image is segmented as any other
				qc.add("taken for a masked image (" + low + "), but " + e.getMessage() + ": segmented as an unmasked image");
			}
		final byte[] padding = Masks.padding(values, dims);
		final IntensityModel model = IntensityModel.fit(values, dims, g.spacing(), padding);
		final float[] corrected = model.corrected();
		final double[] bias = model.biasRange();
		t = note(qc, t, String.format(Locale.ROOT, "intensity: bias field %.2f–%.2f; levels: dark %.0f, muscle %.0f, bright %.0f", bias[0], bias[1],
				model.level(IntensityModel.DARK), model.level(IntensityModel.MID), model.level(IntensityModel.BRIGHT)));
		parameters.put("bias_degree", String.valueOf(IntensityModel.DEGREE));
		parameters.put("bias_block_mm", fmt(IntensityModel.BLOCK_MM));
		parameters.put("smoothing_mm", fmt(SMOOTHING_MM));

		final float[] smooth = Volumes.floatData(Filters.gaussian(Volumes.wrapFloats(corrected, dims, g), SMOOTHING_MM));
		parameters.put("padding_edge_quantile", fmt(PADDING_EDGE_QUANTILE));
		parameters.put("padding_rim_mm", fmt(PADDING_RIM_MM));
		if (padding != null) {
			final byte[] edge = Masks.outerEdge(padding, dims);
			final double edgeLevel = Masks.percentile(corrected, edge, PADDING_EDGE_QUANTILE);
			final double aboveFat = 0.5 * (model.level(IntensityModel.DARK) + model.level(IntensityModel.MID));
			final double share = 100.0 * Masks.count(padding) / padding.length;
			if (edgeLevel > aboveFat) {
				// tissue is cut off at the padding: it is beyond the field of view, like the space beyond the grid's
				// faces; not air (a bone cut off there would be taken for fat, which touches the air) and not marrow (the
				// smoothing blurs the tissue at its edge into it, through the marrow's levels, and would join everything
				// there): the padding and that rim get muscle's level, which is neither
				final float[] toPadding = Masks.squaredDistanceTo(padding, dims, g, PADDING_RIM_MM);
				final float neither = (float) model.level(IntensityModel.MID);
				for (int i = 0; i < smooth.length; i++)
					if (toPadding[i] <= PADDING_RIM_MM * PADDING_RIM_MM)
						smooth[i] = neither;
				t = note(qc, t, String.format(Locale.ROOT, "field of view: %.1f %% of the grid is padding (one constant value reaching the grid's faces) "
						+ "that cuts off tissue (%.0f at the %s quantile next to it): left out, with a rim of %.2f mm", share, edgeLevel, fmt(PADDING_EDGE_QUANTILE), PADDING_RIM_MM));
			} else
				t = note(qc, t, String.format(Locale.ROOT, "field of view: %.1f %% of the grid holds one constant value reaching the grid's faces, "
						+ "next to air (%.0f at the %s quantile next to it): taken as air", share, edgeLevel, fmt(PADDING_EDGE_QUANTILE)));
		}
		progress.stage("segmenting: bones", 0.25);
		final BoneSegmentation.Parameters bp = BoneSegmentation.Parameters.defaults();
		final BoneSegmentation.Result bones = BoneSegmentation.segment(smooth, dims, g, model, bp);
		final byte[] labels = bones.labels();
		t = note(qc, t, String.format(Locale.ROOT, "bones: femur %.1f, tibia %.1f, patella %.1f cm³; marrow separated at erosion %.1f mm; cortex level %.0f",
				volume(labels, BoneSegmentation.FEMUR, g), volume(labels, BoneSegmentation.TIBIA, g), volume(labels, BoneSegmentation.PATELLA, g),
				bones.erosionMm(), bones.cortexLevel()) + (bones.darkMarrow()
						? "; WARNING: marrow is as dark as air and fat on this image, so the bones were found as the thick dark regions "
								+ "away from the grid's faces, and where fat touches them their outline is a guess: check the overlay"
						: ""));
		if (bones.darkMarrow())
			flags.add(QcFlag.of(QcFlag.Kind.CONTRAST_NOT_VALIDATED, "marrow is as dark as air and fat on this image (complete fat suppression), "
					+ "a contrast the classical segmenter is not validated on: where fat touches a bone its outline is a guess bounded by the "
					+ String.format(Locale.ROOT, "%.1f mm erosion", bones.erosionMm()) + ", and the cartilage volumes follow it (on the real GE DESS, "
					+ "by up to 15 % between erosions of 5 and 6.5 mm); check the overlay, or measure from a label map"));
		parameters.put("bone_erosions_mm", Arrays.toString(bp.erosionsMm()));
		parameters.put("bone_outside_gap_mm", fmt(bp.outsideGapMm()));
		parameters.put("bone_cortex_mm", fmt(bp.cortexMm()));
		parameters.put("bone_min_volume_mm3", fmt(bp.minVolumeMm3()));
		parameters.put("bone_min_long_bone_mm3", fmt(bp.minLongBoneMm3()));
		parameters.put("bone_dark_marrow_erosions_mm", Arrays.toString(bp.darkMarrowErosionsMm()));

		progress.stage("segmenting: cartilage", 0.6);
		final CartilageSegmentation.Parameters cp = CartilageSegmentation.Parameters.defaults();
		final byte[] boneMask = Masks.nonZero(labels);
		final float[] toBone = Masks.squaredDistanceTo(boneMask, dims, g);
		final CartilageSegmentation.Levels first = CartilageSegmentation.levels(corrected, boneMask, toBone, model, cp);
		final long filled = BoneSegmentation.fillUnderCartilage(labels, corrected, first.lower(), dims, g, CAVITY_DEPTH_MM);
		if (filled > 0) {
			// the cavities are bone now: the distance to the bones is the lesser of those to the old bones and to them
			final byte[] added = new byte[labels.length];
			for (int i = 0; i < labels.length; i++)
				if (labels[i] != 0 && boneMask[i] == 0)
					added[i] = 1;
			final float[] toAdded = Masks.squaredDistanceTo(added, dims, g, Math.max(cp.maxDistanceMm(), cp.levelBandMm()));
			for (int i = 0; i < toBone.length; i++)
				toBone[i] = Math.min(toBone[i], toAdded[i]);
		}
		t = note(qc, t, String.format(Locale.ROOT, "bones: %.2f cm³ of cavities enclosed by bone and cartilage added", filled * g.voxelVolume() / 1000));
		parameters.put("cavity_depth_mm", fmt(CAVITY_DEPTH_MM));

		final CartilageSegmentation.Result cart = CartilageSegmentation.segment(corrected, labels, toBone, dims, g, model, cp);
		t = note(qc, t, String.format(Locale.ROOT, "cartilage: femoral %.2f, tibial %.2f, patellar %.2f cm³; level %.0f, fluid %.0f, accepted %.0f–%.0f",
				volume(cart.labels(), CartilageSegmentation.FEMORAL, g), volume(cart.labels(), CartilageSegmentation.TIBIAL, g),
				volume(cart.labels(), CartilageSegmentation.PATELLAR, g), cart.cartilageLevel(), cart.fluidLevel(), cart.lower(), cart.upper()));
		parameters.put("cartilage_max_distance_mm", fmt(cp.maxDistanceMm()));
		parameters.put("cartilage_level_band_mm", fmt(cp.levelBandMm()));

		progress.stage("segmenting: articular surfaces", 0.8);
		final byte[] beforeRules = cart.labels().clone();
		final ArticularSurfaces.Result articular = ArticularSurfaces.restrict(cart.labels(), dims, g);
		final long fragments = ArticularSurfaces.dropFragments(cart.labels(), dims, g);
		t = note(qc, t, String.format(Locale.ROOT, "articular surfaces: removed as off-articular %.2f cm³ of tibial cartilage (not on the tibia's "
				+ "proximal surface within %s mm of its top), %.2f cm³ of patellar cartilage (not on the patella's posterior surface) and %.2f cm³ of "
				+ "femoral cartilage (above the trochlea or the posterior condyles, on the posterior shaft or in the notch), then %.2f cm³ in pieces under %s mm³; %s",
				articular.tibialRemoved() * g.voxelVolume() / 1000, fmt(ArticularSurfaces.TIBIAL_DEPTH_MM), articular.patellarRemoved() * g.voxelVolume() / 1000,
				articular.femoralRemoved() * g.voxelVolume() / 1000, fragments * g.voxelVolume() / 1000, fmt(ArticularSurfaces.MIN_PIECE_MM3),
				articular.method()));
		offArticular(flags, "tibial_cartilage", "tibial cartilage", articular.tibialRemoved(), cart.labels(), CartilageSegmentation.TIBIAL, g);
		offArticular(flags, "patellar_cartilage", "patellar cartilage", articular.patellarRemoved(), cart.labels(), CartilageSegmentation.PATELLAR, g);
		offArticular(flags, "femoral_cartilage", "femoral cartilage", articular.femoralRemoved(), cart.labels(), CartilageSegmentation.FEMORAL, g);
		parameters.put("articular_ray_mm", fmt(ArticularSurfaces.RAY_MM));
		parameters.put("articular_cone_degrees", fmt(ArticularSurfaces.CONE_DEGREES));
		parameters.put("articular_tibial_depth_mm", fmt(ArticularSurfaces.TIBIAL_DEPTH_MM));
		parameters.put("articular_slab_mm", fmt(ArticularSurfaces.SLAB_MM));
		parameters.put("articular_femoral_anterior_height_mm", fmt(ArticularSurfaces.FEMORAL_ANTERIOR_HEIGHT_MM));
		parameters.put("articular_femoral_posterior_height_mm", fmt(ArticularSurfaces.FEMORAL_POSTERIOR_HEIGHT_MM));
		parameters.put("articular_femoral_posterior_reach_mm", fmt(ArticularSurfaces.FEMORAL_POSTERIOR_REACH_MM));
		parameters.put("articular_femoral_back_window_mm", fmt(ArticularSurfaces.FEMORAL_BACK_WINDOW_MM));
		parameters.put("articular_notch_ball_mm", fmt(ArticularSurfaces.NOTCH_BALL_MM));
		parameters.put("articular_notch_depth_mm", fmt(ArticularSurfaces.NOTCH_DEPTH_MM));
		parameters.put("cartilage_min_piece_mm3", fmt(ArticularSurfaces.MIN_PIECE_MM3));

		// what the rules and the fragment filter took away, with the cartilage label it had, for the overlay
		final byte[] rejected = new byte[beforeRules.length];
		long rejectedCount = 0;
		for (int i = 0; i < rejected.length; i++)
			if (beforeRules[i] != cart.labels()[i] && (beforeRules[i] == CartilageSegmentation.FEMORAL || beforeRules[i] == CartilageSegmentation.TIBIAL
					|| beforeRules[i] == CartilageSegmentation.PATELLAR)) {
				rejected[i] = beforeRules[i];
				rejectedCount++;
			}
		progress.stage("segmenting: bone-marrow lesions", 0.9);
		final Segmentation s = withLesions(cart.labels(), cartilageImage, lesionImage, qc, parameters, flags, t);
		return rejectedCount == 0 ? s
				: new Segmentation(s.labels(), s.qc(), s.parameters(), s.image(), s.flags(), Volumes.wrapUnsignedBytes(rejected, dims, g));
	}

	/**
	 * Flags the tissue {@link ArticularSurfaces} removed from one cartilage when it is more than
	 * {@value #OFF_ARTICULAR_FLAG_SHARE} of what was kept: so much bright tissue beside the articular surfaces says the
	 * intensity model took other tissue for cartilage, which may then also lie on them.
	 */
	private static void offArticular(final List<QcFlag> flags, final String key, final String name, final long removed, final byte[] labels,
			final int label, final VoxelGeometry g) {
		final double kept = volume(labels, label, g) * 1000, gone = removed * g.voxelVolume();
		if (gone > OFF_ARTICULAR_FLAG_SHARE * kept)
			flags.add(new QcFlag(QcFlag.Kind.OFF_ARTICULAR_REJECTED, key, String.format(Locale.ROOT, "%.0f mm³ of tissue as bright as %s was rejected "
					+ "as off-articular (not on an articular surface), %.0f %% of the %.0f mm³ kept: the segmenter took other tissue for cartilage "
					+ "there and may have on the surfaces too; check the overlay", gone, name, 100 * gone / kept, kept)));
	}

	/**
	 * Steps 1–4 on a masked image ({@link MaskedImageSegmentation}), then the lesions; {@code t0}: when the segmentation
	 * started ({@link System#nanoTime()}).
	 */
	private static Segmentation segmentMasked(final Volume<?> cartilageImage, final Volume<?> lesionImage, final float[] values,
			final IntensityModel.LowBand background, final long t0) {
		final int[] dims = cartilageImage.dimensions();
		final VoxelGeometry g = cartilageImage.geometry();
		final List<String> qc = new ArrayList<>();
		final Map<String, String> parameters = new LinkedHashMap<>();
		final MaskedImageSegmentation.Parameters mp = MaskedImageSegmentation.Parameters.defaults();
		final MaskedImageSegmentation.Levels levels = MaskedImageSegmentation.levels(values, background, mp);
		long t = note(qc, t0, String.format(Locale.ROOT, "masked image (%s): all but bone and cartilage set to one level, so segmented into "
				+ "background, bone and cartilage by their levels, without bias correction; %s", background, levels));
		parameters.put("masked_band", fmt(IntensityModel.MASK_BAND));
		parameters.put("masked_min_share", fmt(IntensityModel.MASK_SHARE));
		parameters.put("masked_max_gap", fmt(IntensityModel.MASK_GAP));
		parameters.put("masked_bone_sigmas", fmt(mp.boneSigmas()));

		final MaskedImageSegmentation.Bones bones = MaskedImageSegmentation.bones(values, dims, g, levels, mp);
		final byte[] b = bones.labels();
		t = note(qc, t, String.format(Locale.ROOT, "bones: femur %.1f, tibia %.1f, patella %.1f cm³; separated at erosion %.1f mm",
				volume(b, BoneSegmentation.FEMUR, g), volume(b, BoneSegmentation.TIBIA, g), volume(b, BoneSegmentation.PATELLA, g), bones.erosionMm()));
		parameters.put("bone_erosions_mm", Arrays.toString(mp.bones().erosionsMm()));
		parameters.put("bone_min_volume_mm3", fmt(mp.bones().minVolumeMm3()));
		parameters.put("bone_min_long_bone_mm3", fmt(mp.bones().minLongBoneMm3()));

		final byte[] labels = MaskedImageSegmentation.cartilage(values, b, dims, g, levels, mp);
		t = note(qc, t, String.format(Locale.ROOT, "cartilage: femoral %.2f, tibial %.2f, patellar %.2f cm³; from %.4g",
				volume(labels, CartilageSegmentation.FEMORAL, g), volume(labels, CartilageSegmentation.TIBIAL, g),
				volume(labels, CartilageSegmentation.PATELLAR, g), levels.cartilageFrom()));
		parameters.put("cartilage_max_distance_mm", fmt(mp.maxDistanceMm()));
		return withLesions(labels, cartilageImage, lesionImage, qc, parameters, List.of(), t);
	}

	/**
	 * Step 5, the lesions of the bones of {@code labels} when a lesion image is given (with its note and parameters),
	 * then the segmentation: {@code labels} on the cartilage image's grid, with the notes and parameters.
	 */
	private static Segmentation withLesions(final byte[] labels, final Volume<?> cartilageImage, final Volume<?> lesionImage, final List<String> qc,
			final Map<String, String> parameters, final List<QcFlag> flags, final long since) {
		if (lesionImage != null) {
			final LesionSegmentation.Parameters lp = LesionSegmentation.Parameters.defaults();
			final List<LesionSegmentation.BoneLesions> found = LesionSegmentation.segment(labels, cartilageImage, lesionImage, lp);
			final List<String> parts = new ArrayList<>();
			for (final LesionSegmentation.BoneLesions b : found)
				parts.add(b.toString());
			note(qc, since, "lesions: " + String.join("; ", parts));
			parameters.put("lesion_normal_depth_mm", fmt(lp.normalDepthMm()));
			parameters.put("lesion_min_depth_mm", fmt(lp.minDepthMm()));
			parameters.put("lesion_detect_sigmas", fmt(lp.detectSigmas()));
			parameters.put("lesion_detect_ratio", fmt(lp.detectRatio()));
			parameters.put("lesion_min_volume_mm3", fmt(lp.minVolumeMm3()));
			parameters.put("lesion_min_reach_mm", fmt(lp.minReachMm()));
			parameters.put("lesion_level_quantile", fmt(LesionSegmentation.LEVEL_QUANTILE));
		} else
			qc.add("lesions: no lesion series given, none segmented");
		final Volume<UnsignedByteType> out = Volumes.wrapUnsignedBytes(labels, cartilageImage.dimensions(), cartilageImage.geometry())
				.withMetadata(cartilageImage.metadata());
		return new Segmentation(out, qc, parameters, cartilageImage, flags);
	}

	private static long note(final List<String> qc, final long since, final String text) {
		final long now = System.nanoTime();
		qc.add(String.format(Locale.ROOT, "%s (%.1f s)", text, (now - since) * 1e-9));
		return now;
	}

	private static double volume(final byte[] labels, final int label, final VoxelGeometry g) {
		long n = 0;
		for (final byte b : labels)
			if (b == label)
				n++;
		return n * g.voxelVolume() / 1000;
	}

	/** {@code v} as written into the parameters: rounded to 10⁻⁹ (3 × 0.35 is 1.05, not 1.0499999999999998). */
	private static String fmt(final double v) {
		return String.valueOf(Math.round(v * 1e9) / 1e9);
	}
}
