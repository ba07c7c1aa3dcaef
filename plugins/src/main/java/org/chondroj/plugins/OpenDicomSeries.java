package org.chondroj.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Metadata;
import org.chondroj.core.Progress;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.Volume;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomVolumes;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * Plugins &gt; ChondroJ &gt; Open DICOM Series…: a folder, the series found in it (description, size, voxel size), the
 * chosen one opened as a calibrated stack ({@link ImagePlusVolumes}: voxel size and origin in the calibration, the
 * patient geometry and the metadata, laterality included, in the image properties, where the other ChondroJ commands
 * find them). Recorded as {@code run("Open DICOM Series...", "folder=/data/knee series=[2: SAG 3D DESS WE (384 x 384 x
 * 160, 0.365 x 0.365 x 0.700 mm)]")}; in a macro {@code series} may also be a SeriesInstanceUID or a description.
 */
public final class OpenDicomSeries implements PlugIn {

	/**
	 * The image property holding the DICOM folder a series was opened from: Analyze Knee's DICOM outputs find the series
	 * there again, to put the segmentation on it.
	 */
	public static final String FOLDER_PROPERTY = "chondroj.dicom_folder";


	private static final String FOLDER_PREF = "chondroj.dicom.folder";

	/** The series under {@code folder} (all studies), in scan order. */
	public static List<DicomSeries> list(final Path folder) throws IOException {
		if (!Files.exists(folder))
			throw new IllegalArgumentException(folder + ": no such folder");
		final DicomScan scan = DicomScanner.scan(folder);
		if (scan.allSeries().isEmpty())
			throw new IllegalArgumentException(folder + ": " + scan.nothingFound());
		return scan.allSeries();
	}

	/** A series as the dialog lists it: "number: description (columns x rows x slices, voxel size in mm)". */
	public static String describe(final DicomSeries s) {
		String size;
		try {
			final DicomVolumes.Arrangement a = DicomVolumes.arrange(s);
			final double[] sp = a.geometry().spacing();
			size = String.format(Locale.ROOT, "%d x %d x %d, %.3f x %.3f x %.3f mm", a.dimensions()[0], a.dimensions()[1], a.dimensions()[2], sp[0], sp[1],
					sp[2]);
		} catch (final IOException e) {
			size = s.columns() + " x " + s.rows() + ", " + s.frames().size() + " frames, no regular grid: " + e.getMessage();
		}
		return s.seriesNumber() + ": " + (s.description() == null ? "(no description)" : UntrustedText.printable(s.description().trim())) + " (" + size + ")";
	}

	/**
	 * Opens one series of {@code folder} as an ImagePlus titled by its description.
	 *
	 * @param series a line of {@link #describe}, a series id or SeriesInstanceUID, or a description that names one
	 *               series
	 * @throws IllegalArgumentException when no series (or several) match, listing those found
	 */
	public static ImagePlus process(final Path folder, final String series, final Progress progress) throws IOException {
		progress.stage("scanning " + folder, 0);
		final List<DicomSeries> all = list(folder);
		final DicomSeries chosen = choose(all, series, folder);
		progress.stage("reading " + chosen.description(), 0.3);
		final Volume<?> v = DicomVolumes.read(chosen);
		progress.stage("opened " + chosen.description(), 1);
		final String title = chosen.description() == null || chosen.description().isBlank() ? "series " + chosen.seriesNumber() : chosen.description().trim();
		final ImagePlus imp = ImagePlusVolumes.toImagePlus(v, title);
		imp.setProperty("Info", info(v, folder));
		imp.setProp(FOLDER_PROPERTY, folder.toAbsolutePath().normalize().toString());
		return imp;
	}

	private static DicomSeries choose(final List<DicomSeries> all, final String series, final Path folder) {
		final List<DicomSeries> byDescription = new ArrayList<>();
		for (final DicomSeries s : all) {
			if (series.equals(s.id()) || series.equals(s.seriesInstanceUID()))
				return s;
			if (series.equals(describe(s)))
				return s;
			if (s.description() != null && s.description().trim().equalsIgnoreCase(series.trim()))
				byDescription.add(s);
		}
		if (byDescription.size() == 1)
			return byDescription.get(0);
		final List<String> lines = new ArrayList<>();
		for (final DicomSeries s : all)
			lines.add(describe(s));
		throw new IllegalArgumentException(folder + ": " + (byDescription.isEmpty() ? "no" : "more than one") + " series '" + series + "'; the series are: "
				+ String.join("; ", lines));
	}

	private static String info(final Volume<?> v, final Path folder) {
		final StringBuilder b = new StringBuilder("ChondroJ: DICOM series from ").append(folder).append('\n');
		b.append("geometry (LPS, mm): ").append(ImagePlusVolumes.format(v.geometry())).append('\n');
		for (final var e : v.metadata().asMap().entrySet())
			b.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
		return b.toString();
	}

	@Override
	public void run(final String arg) {
		if (!Requirements.met("Open DICOM Series..."))
			return;
		final GenericDialog gd = new GenericDialog("Open DICOM Series");
		gd.addDirectoryField("Folder", Prefs.get(FOLDER_PREF, ""), 40);
		gd.addHelp("https://github.com/chondroj/chondroj#fiji");
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		final String text = gd.getNextString().trim();
		Prefs.set(FOLDER_PREF, text);
		final Progress progress = ImageJProgress.start();
		Dialogs.run("Open DICOM Series", () -> {
			final Path folder = Path.of(text);
			progress.stage("scanning " + folder, 0);
			final List<DicomSeries> all = list(folder);
			final String[] items = new String[all.size()];
			int best = 0;
			for (int i = 0; i < items.length; i++) {
				items[i] = describe(all.get(i));
				if (all.get(i).frames().size() > all.get(best).frames().size())
					best = i;
			}
			final GenericDialog choose = new GenericDialog("Open DICOM Series");
			choose.addMessage(all.size() + " series in " + folder);
			choose.addChoice("Series", items, items[best]);
			choose.showDialog();
			if (choose.wasCanceled()) {
				IJ.showStatus("");
				return;
			}
			process(folder, choose.getNextChoice(), progress).show();
		});
	}
}
