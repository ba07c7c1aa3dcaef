package org.chondroj.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Progress;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * Plugins &gt; ChondroJ &gt; Compare Baseline and Follow-up…: the change of every plate, subregion, aggregate and lesion
 * compartment between two scans of one knee ({@link KneeAnalyzer#compare}), from two open images (each with its label image,
 * or segmented automatically) or from two result folders (written by Analyze Knee or {@code chondroj analyze}, read
 * back, nothing measured again). Shows the change table in the Results table ({@link KneeTables#changes}), the change
 * maps (follow-up minus baseline thickness on the follow-up's bone surface after rigid registration of the bones, red
 * thinning, ±0.5 mm) when both visits were measured here, and optionally writes the output folder of
 * {@code chondroj compare}. Recorded as, for example:
 *
 * <pre>
 * run("Compare Baseline and Follow-up...", "inputs=[open images] baseline=base.tif baseline_labels=base-labels.tif
 *     follow-up=fu.tif follow-up_labels=fu-labels.tif preset=oai-akoa baseline_folder= follow-up_folder= side=auto output_folder=");
 * </pre>
 */
public final class CompareVisits implements PlugIn {

	/** Input items. */
	public static final String OPEN_IMAGES = "open images", RESULT_FOLDERS = "result folders";
	/** The label-image item for automatic segmentation. */
	public static final String AUTOMATIC = "automatic";

	/** What a comparison gives: the library's result, the change table, and the change maps (empty unless both visits were measured here). */
	public record Output(VisitComparison result, ResultsTable changes, List<ImagePlus> changeMaps) {
	}

	/**
	 * Compares two open images, each measured from its label image (null: segmented automatically), headless.
	 *
	 * @param analyzer the segmenter, the numbering of both label images, the measurement and comparison options
	 * @throws IllegalArgumentException when an image cannot be used or the visits cannot be compared, saying why
	 */
	public static Output process(final ImagePlus baseline, final ImagePlus baselineLabels, final ImagePlus followUp, final ImagePlus followUpLabels,
			final KneeAnalyzer analyzer, final Progress progress) {
		final KneeMeasurement.Result a = AnalyzeKnee.process(baseline, baselineLabels, null, analyzer, progress.within(0, 0.45)).result();
		final KneeMeasurement.Result b = AnalyzeKnee.process(followUp, followUpLabels, null, analyzer, progress.within(0.45, 0.9)).result();
		final String na = baseline != null ? baseline.getTitle() : baselineLabels.getTitle(), nb = followUp != null ? followUp.getTitle() : followUpLabels.getTitle();
		return output(analyzer.compare(KneeAnalyzer.visit(a, na), KneeAnalyzer.visit(b, nb)), progress);
	}

	/**
	 * Compares two scans given as paths, as {@code chondroj compare} takes them (result folders or {@code results.json}
	 * files, label maps, DICOM folders), headless.
	 */
	public static Output process(final Path baseline, final Path followUp, final KneeAnalyzer analyzer, final Progress progress) throws IOException {
		return output(analyzer.withProgress(progress.within(0, 0.9)).compare(baseline, followUp), progress);
	}

	private static Output output(final VisitComparison r, final Progress progress) {
		progress.stage("change maps", 0.9);
		final List<ImagePlus> maps = ResultImages.rgb(KneeAnalyzer.changeMapImages(r));
		progress.stage("compared", 1);
		return new Output(r, KneeTables.changes(r.comparison()), maps);
	}

	@Override
	public void run(final String arg) {
		if (!Requirements.met("Compare Baseline and Follow-up..."))
			return;
		final String[] images = Dialogs.titles(null), labels = Dialogs.titles(AUTOMATIC);
		final GenericDialog gd = new GenericDialog("Compare Baseline and Follow-up");
		gd.addChoice("Inputs", new String[] { OPEN_IMAGES, RESULT_FOLDERS }, images.length >= 2 ? OPEN_IMAGES : RESULT_FOLDERS);
		gd.addMessage("Open images (a label image each, or automatic segmentation):");
		final String[] imageItems = images.length == 0 ? new String[] { Dialogs.NONE } : images;
		gd.addChoice("Baseline", imageItems, imageItems[0]);
		gd.addChoice("Baseline_labels", labels, AUTOMATIC);
		gd.addChoice("Follow-up", imageItems, imageItems[Math.min(1, imageItems.length - 1)]);
		gd.addChoice("Follow-up_labels", labels, AUTOMATIC);
		gd.addChoice("Preset", Dialogs.presets(), "oai-akoa");
		gd.addMessage("Or result folders (written by Analyze Knee or chondroj analyze):");
		gd.addDirectoryField("Baseline_folder", "", 30);
		gd.addDirectoryField("Follow-up_folder", "", 30);
		gd.addChoice("Side", Dialogs.SIDES, Dialogs.SIDES[0]);
		gd.addDirectoryField("Output_folder", "", 30);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		final String inputs = gd.getNextChoice(), a = gd.getNextChoice(), aLabels = gd.getNextChoice(), b = gd.getNextChoice(),
				bLabels = gd.getNextChoice(), preset = gd.getNextChoice();
		final String aFolder = gd.getNextString().trim(), bFolder = gd.getNextString().trim(), side = gd.getNextChoice(),
				output = gd.getNextString().trim();
		Dialogs.run("Compare Baseline and Follow-up", () -> {
			final KneeAnalyzer analyzer = KneeAnalyzer.builder().labelMapping(LabelPresets.mapping(preset))
					.options(KneeMeasurement.Options.defaults().withSide(Dialogs.side(side))).build();
			if (!output.isEmpty())
				AtomicFiles.checkCanCreateFolder(Path.of(output)); // before the work
			final Progress progress = ImageJProgress.start();
			final Output out = inputs.equals(RESULT_FOLDERS) ? process(Path.of(aFolder), Path.of(bFolder), analyzer, progress.within(0, 0.9))
					: process(Dialogs.image(a), label(aLabels), Dialogs.image(b), label(bLabels), analyzer, progress.within(0, 0.9));
			if (!output.isEmpty()) {
				progress.stage("writing " + output, 0.9);
				KneeAnalyzer.write(out.result(), Path.of(output).toAbsolutePath().normalize());
			}
			KneeTables.show(out.changes(), "Results");
			for (final ImagePlus map : out.changeMaps())
				map.show();
			final double mt = out.result().comparison().change(Region.MT, Metric.ThCtAB) == null ? Double.NaN : out.result().comparison().change(Region.MT, Metric.ThCtAB).change();
			progress.status(String.format(java.util.Locale.ROOT, "compared; MT ThCtAB change %.3f mm", mt));
		});
	}

	private static ImagePlus label(final String title) {
		return title.equals(AUTOMATIC) ? null : Dialogs.image(title);
	}
}
