package org.chondroj.plugins;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.algorithm.Resampling;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Plugins &gt; ChondroJ &gt; Bone Marrow Lesions…: the bone-marrow lesions (edema-like signal) of the current
 * fluid-sensitive fat-suppressed image (IW/PD/T2 FS, STIR), per compartment (MF, LF, MT, LT, TrF, P: volume mm³, share
 * of the subchondral bone region %, count, largest diameter mm, MOAKS and WORMS grades), in the Results table, and the
 * lesions as an overlay on the image. The bones come from one of:
 * <ul>
 * <li>the cartilage image of the same session (e.g. the DESS), segmented automatically together with this image
 * (bones, cartilage, then lesions where this image is brighter than the bone's normal marrow); or</li>
 * <li>a label image made on the cartilage series that holds lesion labels already (e.g. ChondroJ's
 * {@code labels.nii.gz}, or a reader's), measured with its preset.</li>
 * </ul>
 * Lesion detection on this image with bone labels alone (no lesion labels, no cartilage image) is not offered yet: it
 * needs the segmenter's lesion step as a public library call. Recorded as
 * {@code run("Bone Marrow Lesions...", "cartilage_image=[SAG 3D DESS WE] label_image=none preset=oai-akoa side=auto")}.
 */
public final class BoneMarrowLesions implements PlugIn {

	/**
	 * What a lesion analysis gives: the library's result, the lesion table, and the lesion labels (7 femoral, 8 tibial,
	 * 9 patellar) on the fat-suppressed image's grid, for its overlay.
	 */
	public record Output(KneeMeasurement.Result result, ResultsTable lesions, Volume<UnsignedByteType> lesionLabels) {
	}

	/**
	 * Measures the lesions, headless.
	 *
	 * @param lesionImage    the fluid-sensitive fat-suppressed image
	 * @param cartilageImage the cartilage image of the same frame of reference, segmented with {@code lesionImage}
	 *                       when {@code labels} is null
	 * @param labels         a label image holding lesion labels (on the cartilage series' grid), or null
	 * @param analyzer       the segmenter, the numbering of {@code labels} and the measurement options
	 * @throws IllegalArgumentException when neither a cartilage image nor labels are given, or they cannot be used
	 */
	public static Output process(final ImagePlus lesionImage, final ImagePlus cartilageImage, final ImagePlus labels, final KneeAnalyzer analyzer,
			final Progress progress) {
		if (cartilageImage == null && labels == null)
			throw new IllegalArgumentException("the lesions of '" + lesionImage.getTitle() + "' need the bones: give the cartilage image of the same"
					+ " session (segmented with it), or a label image that holds lesion labels");
		final KneeMeasurement.Result r;
		if (labels != null) {
			final KneeLabels given = KneeLabels.of(ImagePlusVolumes.toVolume(labels), analyzer.labelMapping());
			if (!given.has(KneeStructure.FEMORAL_LESION) && !given.has(KneeStructure.TIBIAL_LESION) && !given.has(KneeStructure.PATELLAR_LESION))
				throw new IllegalArgumentException("'" + labels.getTitle() + "' (preset " + analyzer.labelMapping().name() + ") holds no lesion labels; give the cartilage image"
						+ " instead, to segment the lesions on '" + lesionImage.getTitle() + "'");
			r = AnalyzeKnee.process(cartilageImage, labels, null, analyzer, progress.within(0, 0.9)).result();
		} else
			r = AnalyzeKnee.process(cartilageImage, null, lesionImage, analyzer, progress.within(0, 0.9)).result();
		progress.stage("lesion overlay", 0.9);
		final Volume<?> target = ImagePlusVolumes.toVolume(lesionImage);
		final Volume<UnsignedByteType> lesions = lesionLabels(r);
		final Volume<UnsignedByteType> onImage = Resampling.nearest(lesions, target.dimensions(), target.geometry());
		progress.stage("lesions measured", 1);
		return new Output(r, KneeTables.lesions(r.report()), onImage);
	}

	/** The lesion labels of an analysis (its other labels cleared), in ChondroJ's numbering 7/8/9. */
	private static Volume<UnsignedByteType> lesionLabels(final KneeMeasurement.Result r) {
		final byte[] in = Volumes.byteData(r.labels().volume());
		final byte[] out = new byte[in.length];
		final int[][] values = { r.labels().mapping().values(KneeStructure.FEMORAL_LESION), r.labels().mapping().values(KneeStructure.TIBIAL_LESION),
				r.labels().mapping().values(KneeStructure.PATELLAR_LESION) };
		final byte[] code = new byte[256];
		for (int k = 0; k < 3; k++)
			for (final int v : values[k])
				code[v] = (byte) (7 + k);
		for (int i = 0; i < in.length; i++)
			out[i] = code[in[i] & 0xFF];
		return Volumes.wrapUnsignedBytes(out, r.labels().volume().dimensions(), r.labels().volume().geometry());
	}

	@Override
	public void run(final String arg) {
		if (!Requirements.met("Bone Marrow Lesions..."))
			return;
		final ImagePlus image = IJ.getImage();
		if (image == null)
			return;
		final GenericDialog gd = new GenericDialog("Bone Marrow Lesions");
		gd.addMessage("Fat-suppressed image: " + image.getTitle());
		gd.addChoice("Cartilage_image", Dialogs.titles(Dialogs.NONE), Dialogs.NONE);
		gd.addChoice("Label_image", Dialogs.titles(Dialogs.NONE), Dialogs.NONE);
		gd.addChoice("Preset", Dialogs.presets(), "oai-akoa");
		gd.addChoice("Side", Dialogs.SIDES, Dialogs.SIDES[0]);
		gd.addMessage("The bones: the cartilage image (segmented with this image, about 15 s),\nor a label image that holds lesion labels.");
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		final String cartilage = gd.getNextChoice(), labels = gd.getNextChoice(), preset = gd.getNextChoice(), side = gd.getNextChoice();
		Dialogs.run("Bone Marrow Lesions", () -> {
			final KneeAnalyzer analyzer = KneeAnalyzer.builder().labelMapping(LabelPresets.mapping(preset))
					.options(KneeMeasurement.Options.defaults().withSide(Dialogs.side(side))).build();
			final Output out = process(image, Dialogs.image(cartilage), Dialogs.image(labels), analyzer, ImageJProgress.start());
			KneeTables.show(out.lesions(), "Results");
			image.setOverlay(ResultImages.overlay(out.lesionLabels()));
			IJ.showStatus("ChondroJ: lesions of " + image.getTitle() + " measured");
		});
	}
}
