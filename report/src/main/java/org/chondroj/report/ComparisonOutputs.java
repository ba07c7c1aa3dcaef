package org.chondroj.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.compare.ChangeMaps;
import org.chondroj.knee.compare.ComparisonFiles;
import org.chondroj.knee.compare.Visit;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.results.ResultsFiles;

/**
 * The output folder of a comparison ({@code chondroj compare}, {@code chondroj demo}):
 *
 * <pre>
 * results.json, measurements.csv     {@link ComparisonFiles}: every region and metric at both visits, change, SDC flag
 * report.html                        {@link HtmlReport}: the change tables, ordered values, lesions and the thickness maps
 *                                    of both visits side by side
 * baseline/, follow-up/              each visit's own outputs ({@link ScanOutputs}), when it was measured in this run
 * change_femur.png, change_tibia.png, change_patella.png
 *                                    when both were measured in this run: per-vertex thickness change on the follow-up's
 *                                    bone surface after rigid registration of the bones ({@link ChangeMaps})
 * change_femur.vtk, …                the same as VTK PolyData meshes (LPS) with the change and both thicknesses per vertex
 * </pre>
 *
 * A visit read from an earlier {@code results.json} gets no sub-folder (its outputs exist already) and no maps (that
 * file holds no surfaces). Each file is written atomically; for the folder to appear whole or not at all, write into a
 * folder given by {@link org.chondroj.core.io.AtomicFiles#writeFolder}. Cost: each measured visit's outputs (a
 * nearest-vertex query per cartilage voxel for {@code thickness.nii.gz}, dominant) plus the report.
 */
public final class ComparisonOutputs {

	/** The visits' sub-folders. */
	public static final String BASELINE = "baseline", FOLLOW_UP = "follow-up";
	/** The report's file name. */
	public static final String REPORT = "report.html";

	private ComparisonOutputs() {
	}

	/**
	 * Writes every output of {@code result} into {@code folder} (created if needed). Each picture is rendered once: the
	 * visits' overlays and thickness maps as their own folders get them, the change maps as their files.
	 */
	public static void write(final VisitComparison result, final Path folder) throws IOException {
		Files.createDirectories(folder);
		ComparisonFiles.write(result.comparison(), folder);
		final Visit a = result.baseline(), b = result.followUp();
		final ScanOutputs.Images ia = a.analysed() ? ScanOutputs.write(a.analysis(), a.analysis().labels().volume(), folder.resolve(BASELINE)) : null;
		final ScanOutputs.Images ib = b.analysed() ? ScanOutputs.write(b.analysis(), b.analysis().labels().volume(), folder.resolve(FOLLOW_UP)) : null;
		final Map<String, String> inputs = new LinkedHashMap<>();
		inputs.put("Baseline input", a.describe());
		inputs.put("Follow-up input", b.describe());
		final Map<String, BufferedImage> images = new LinkedHashMap<>();
		if (ia != null && ib != null) {
			if (ia.overlay() != null && ib.overlay() != null) {
				images.put("Baseline " + ScanOutputs.overlayCaption(a.analysis()), ia.overlay());
				images.put("Follow-up " + ScanOutputs.overlayCaption(b.analysis()), ib.overlay());
			}
			images.putAll(pairs(ia.maps(), ib.maps()));
			final Map<KneeStructure, ChangeMaps.BoneChange> change = ChangeMaps.of(a.analysis(), b.analysis());
			final Map<String, BufferedImage> written = ChangeMapImages.write(change, folder);
			for (final KneeStructure bone : change.keySet())
				images.put(HtmlReport.CHANGE_MAP_CAPTION + bone.name().toLowerCase(java.util.Locale.ROOT) + " (mm, follow-up minus baseline)",
						written.get(ChangeMaps.stem(bone)));
		}
		HtmlReport.write(result.comparison(), inputs, images, result.known(), folder.resolve(REPORT));
	}

	/**
	 * The thickness maps of two visits (file stem → image) as the report's caption → image: each bone's map at baseline
	 * then at follow-up (on the same 0–{@value ScanOutputs#MAX_THICKNESS_MM} mm scale), for the bones mapped in both.
	 */
	private static Map<String, BufferedImage> pairs(final Map<String, BufferedImage> a, final Map<String, BufferedImage> b) {
		final Map<String, BufferedImage> out = new LinkedHashMap<>();
		for (final Map.Entry<String, BufferedImage> e : a.entrySet()) {
			final BufferedImage f = b.get(e.getKey());
			if (f == null)
				continue;
			final String what = e.getKey().replace('_', ' ') + " (mm)";
			out.put("Baseline: " + what, e.getValue());
			out.put("Follow-up: " + what, f);
		}
		return out;
	}

	/** The report of a folder written by {@link #write}. */
	public static Path report(final Path folder) {
		return folder.resolve(REPORT);
	}

	/** The comparison's {@code results.json} in a folder written by {@link #write}. */
	public static Path results(final Path folder) {
		return folder.resolve(ResultsFiles.RESULTS);
	}
}
