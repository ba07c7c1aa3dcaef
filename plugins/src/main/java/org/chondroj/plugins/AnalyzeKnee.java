package org.chondroj.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * Plugins &gt; ChondroJ &gt; Analyze Knee…: measures the knee of the current image, segmented automatically (with an
 * optional fat-suppressed lesion image) or from an open label image and its preset
 * ({@link KneeAnalyzer#analyzeImages}, {@link KneeAnalyzer#analyzeLabelMap(Volume, Volume, String)}).
 * Shows the Results table (one row per plate, aggregate and subregion; {@link KneeTables#cartilage}), a lesion table
 * when there are lesions, the labels as an overlay or a coloured label stack, the thickness maps, and optionally writes
 * the output folder of {@code chondroj analyze} (with {@code dicom_outputs} also its segmentation.dcm and
 * measurements.dcm, {@link KneeAnalyzer#writeWithDicomOutputs}: on the DICOM series the image was opened from by Open
 * DICOM Series, else on the labels' own grid). A model folder (model.json + model.onnx) segments with that learned model instead
 * of the classical segmenter. Recorded as, for example:
 *
 * <pre>
 * run("Analyze Knee...", "segmentation=[label image] label_image=labels.tif preset=oai-akoa lesion_image=none side=auto
 *     weight_bearing=0.60 labels=overlay thickness_maps dicom_outputs model_folder= output_folder=[/data/knee1]");
 * </pre>
 */
public final class AnalyzeKnee implements PlugIn {

	/** Segmentation items: automatic, or an open label image. */
	public static final String AUTOMATIC = "automatic", LABEL_IMAGE = "label image";
	/** How the labels are shown. */
	public static final String OVERLAY = "overlay", LABEL_STACK = "label stack";
	/** Title of the lesion table. */
	public static final String LESION_TABLE = "ChondroJ Lesions";

	/**
	 * What an analysis gives: the library's result (report, anatomy, surfaces, labels), its Results table and its
	 * lesion table (empty when no lesions were measured).
	 */
	public record Output(KneeMeasurement.Result result, ResultsTable cartilage, ResultsTable lesions) {
	}

	/**
	 * Analyses one knee, headless.
	 *
	 * @param image       the (cartilage) image, calibrated in a length unit; may be null when {@code labels} are given
	 * @param labels      a label image on its own grid (8-bit), or null to segment {@code image} automatically
	 * @param lesionImage a fluid-sensitive fat-suppressed image of the same frame of reference, for automatic
	 *                    segmentation of lesions; or null
	 * @param analyzer    the segmenter, the label numbering of {@code labels} and the measurement options
	 * @throws IllegalArgumentException when an image cannot be used, saying why
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Output process(final ImagePlus image, final ImagePlus labels, final ImagePlus lesionImage, final KneeAnalyzer analyzer,
			final Progress progress) {
		final ImagePlus named = image != null ? image : labels;
		if (named == null)
			throw new IllegalArgumentException("nothing to analyse: give an image, a label image, or both");
		progress.stage("converting " + named.getTitle(), 0);
		final Volume<?> v = image == null ? null : ImagePlusVolumes.toVolume(image);
		final Volume<?> l = labels == null ? null : ImagePlusVolumes.toVolume(labels);
		if (l != null && labels.getBitDepth() != 8)
			throw new IllegalArgumentException("'" + labels.getTitle() + "' is a " + labels.getBitDepth() + "-bit image; a label image is 8-bit");
		final Volume<?> lesion = lesionImage == null || labels != null ? null : ImagePlusVolumes.toVolume(lesionImage);
		final KneeAnalyzer a = analyzer.withProgress(progress.within(0.05, 1));
		final KneeMeasurement.Result r = l == null ? a.analyzeImages(v, lesion, Dialogs.scanName(named)) : a.analyzeLabelMap(l, v, Dialogs.scanName(named));
		return new Output(r, KneeTables.cartilage(r.report()), KneeTables.lesions(r.report()));
	}

	/** Writes the output folder of {@code chondroj analyze} ({@link KneeAnalyzer#write(KneeMeasurement.Result, Path)}), whole or not at all. */
	public static void write(final KneeMeasurement.Result result, final Path folder) throws IOException {
		KneeAnalyzer.write(result, folder.toAbsolutePath().normalize());
	}

	/**
	 * Writes the output folder with the DICOM outputs ({@link KneeAnalyzer#writeWithDicomOutputs}), whole or not at
	 * all: the segmentation on the DICOM series of {@code study} when the knee was segmented here from an image opened
	 * from it, else on the labels' own grid with no source series.
	 *
	 * @param study the DICOM folder the image was opened from ({@link #dicomFolder}), or {@code null}
	 */
	public static void writeWithDicomOutputs(final KneeMeasurement.Result result, final Path study, final KneeAnalyzer analyzer, final Path folder)
			throws IOException {
		analyzer.writeWithDicomOutputs(result, result.segmentation() != null ? study : null, folder.toAbsolutePath().normalize());
	}

	/** The DICOM folder {@code image} was opened from by Open DICOM Series ({@link OpenDicomSeries#FOLDER_PROPERTY}), or {@code null}. */
	public static Path dicomFolder(final ImagePlus image) {
		final String folder = image == null ? null : image.getProp(OpenDicomSeries.FOLDER_PROPERTY);
		return folder == null || folder.isEmpty() ? null : Path.of(folder);
	}

	@Override
	public void run(final String arg) {
		if (!Requirements.met("Analyze Knee..."))
			return;
		final ImagePlus image = IJ.getImage();
		if (image == null)
			return;
		final GenericDialog gd = new GenericDialog("Analyze Knee");
		gd.addMessage("Image: " + image.getTitle());
		gd.addChoice("Segmentation", new String[] { AUTOMATIC, LABEL_IMAGE }, Prefs.get("chondroj.analyze.segmentation", AUTOMATIC));
		gd.addChoice("Label_image", Dialogs.titles(Dialogs.NONE), Dialogs.NONE);
		gd.addChoice("Preset", Dialogs.presets(), "oai-akoa");
		gd.addChoice("Lesion_image", Dialogs.titles(Dialogs.NONE), Dialogs.NONE);
		gd.addChoice("Side", Dialogs.SIDES, Dialogs.SIDES[0]);
		gd.addChoice("Weight_bearing", Dialogs.WEIGHT_BEARING, Dialogs.WEIGHT_BEARING[0]);
		gd.addChoice("Labels", new String[] { OVERLAY, LABEL_STACK, Dialogs.NONE }, OVERLAY);
		gd.addCheckbox("Thickness_maps", true);
		gd.addCheckbox("Dicom_outputs", false);
		gd.addDirectoryField("Model_folder", "", 30);
		gd.addDirectoryField("Output_folder", "", 30);
		gd.addMessage("Model folder: optional, a learned model (model.json + model.onnx) for automatic segmentation instead of the\n"
				+ "built-in classical segmenter. Output folder: optional, created (whole or not at all) as chondroj analyze writes it;\n"
				+ "DICOM outputs: also segmentation.dcm (DICOM SEG) and measurements.dcm (DICOM SR) in it.\n"
				+ "Automatic segmentation takes about 15 s; Esc cancels between stages.");
		gd.addHelp("https://github.com/chondroj/chondroj#fiji");
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		final String segmentation = gd.getNextChoice();
		final String labelTitle = gd.getNextChoice(), preset = gd.getNextChoice(), lesionTitle = gd.getNextChoice();
		final String side = gd.getNextChoice(), weightBearing = gd.getNextChoice(), show = gd.getNextChoice();
		final boolean maps = gd.getNextBoolean(), dicomOutputs = gd.getNextBoolean();
		final String model = gd.getNextString().trim(), output = gd.getNextString().trim();
		Prefs.set("chondroj.analyze.segmentation", segmentation);
		Dialogs.run("Analyze Knee", () -> {
			final ImagePlus labels = segmentation.equals(LABEL_IMAGE) ? Dialogs.image(labelTitle) : null;
			if (segmentation.equals(LABEL_IMAGE) && labels == null)
				throw new IllegalArgumentException("choose the label image (segmentation=[label image])");
			// a model folder is loaded and checked before any image work
			final KneeAnalyzer analyzer = KneeAnalyzer.builder().model(model.isEmpty() || labels != null ? null : Path.of(model)).labelMapping(LabelPresets.mapping(preset)).options(KneeMeasurement.Options.defaults()
					.withSide(Dialogs.side(side)).withWeightBearingFraction(Double.parseDouble(weightBearing))).build();
			if (dicomOutputs && output.isEmpty())
				throw new IllegalArgumentException("DICOM outputs are written into the output folder: choose one (output_folder=[…])");
			if (!output.isEmpty())
				AtomicFiles.checkCanCreateFolder(Path.of(output)); // before the work
			final Progress progress = ImageJProgress.start();
			final Output out = process(image, labels, Dialogs.image(lesionTitle), analyzer, progress.within(0, 0.8));
			if (!output.isEmpty()) {
				progress.stage("writing " + output, 0.8);
				if (dicomOutputs)
					writeWithDicomOutputs(out.result(), labels == null ? dicomFolder(image) : null, analyzer, Path.of(output));
				else
					write(out.result(), Path.of(output));
			}
			progress.stage("showing the results", 0.9);
			show(image, out, show, maps);
			progress.status("measured " + out.result().report().scan() + " (" + out.result().report().side().name().toLowerCase(Locale.ROOT) + " knee)");
		});
	}

	/** Shows the tables and the chosen images (the overlay goes on {@code image} when it has the labels' grid). */
	private static void show(final ImagePlus image, final Output out, final String labels, final boolean maps) {
		KneeTables.show(out.cartilage(), "Results");
		for (final QcFlag f : out.result().report().flags())
			IJ.log("ChondroJ " + out.result().report().scan() + ": check before use: " + f);
		if (out.lesions().size() > 0)
			KneeTables.show(out.lesions(), LESION_TABLE);
		final KneeMeasurement.Result r = out.result();
		final boolean sameGrid = image.getWidth() == r.labels().volume().dimension(0) && image.getHeight() == r.labels().volume().dimension(1)
				&& image.getStackSize() == r.labels().volume().dimension(2);
		if (labels.equals(OVERLAY) && sameGrid)
			image.setOverlay(ResultImages.overlay(r.labels().volume()));
		else if (!labels.equals(Dialogs.NONE))
			ResultImages.labelStack(r.labels().volume(), r.report().scan() + " labels").show();
		if (maps) {
			final List<ImagePlus> m = ResultImages.thicknessMaps(r);
			for (final ImagePlus map : m)
				map.show();
			ResultImages.thicknessVolume(r, r.report().scan() + " thickness (mm)").show();
		}
	}
}
