package org.chondroj.knee.compare;

import java.nio.file.Path;
import java.util.Objects;

import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ScanReport;

/**
 * One visit of a comparison: what was given, how its measures were obtained, the measures, and the whole measurement
 * when it was made in this run (bone surfaces and thickness maps, what thickness and change maps are made from). A visit
 * read from an earlier {@code results.json} has only its measures, since that file holds no surfaces.
 *
 * @param path     what was given: a results folder or file, a label map, or an image (or, for a visit measured in
 *                 memory, the image's name)
 * @param labels   the label map given with an image, else null
 * @param source   how the visit was obtained
 * @param report   its measures
 * @param analysis the measurement when the visit was measured in this run, null when it was read from
 *                 {@code results.json}
 */
public record Visit(Path path, Path labels, Visit.Source source, ScanReport report, KneeMeasurement.Result analysis) {

	/** How a visit was obtained. */
	public enum Source {
		/** Read from an earlier {@code results.json}. */
		RESULTS("earlier results"),
		/** Measured from a label map file. */
		LABEL_MAP("label map"),
		/** Measured from a label map, with the image it was made from. */
		IMAGE_AND_LABELS("image and label map"),
		/** Measured from an image, segmented automatically in this run. */
		SEGMENTED("image, segmented automatically");

		private final String text;

		Source(final String text) {
			this.text = text;
		}

		/** A few words for reports ("earlier results", "label map", "image and label map", "image, segmented automatically"). */
		public String text() {
			return text;
		}
	}

	public Visit {
		Objects.requireNonNull(path);
		Objects.requireNonNull(source);
		Objects.requireNonNull(report);
		if ((analysis == null) != (source == Source.RESULTS))
			throw new IllegalArgumentException("a visit has an analysis exactly when it was measured in this run");
	}

	/** A visit read from an earlier result ({@code results.json} or the folder holding it). */
	public static Visit ofResults(final Path path, final ScanReport report) {
		return new Visit(path, null, Source.RESULTS, report, null);
	}

	/**
	 * A visit measured in this run: from a label map file alone ({@code labels} null and {@code path} the label map) or
	 * from an image with its label map or segmented ({@code path} the image, {@code labels} its label map or null).
	 */
	public static Visit measured(final Path path, final Path labels, final Source source, final KneeMeasurement.Result analysis) {
		return new Visit(path, labels, source, analysis.report(), analysis);
	}

	/** Whether the visit was measured in this run (its {@link #analysis} is there). */
	public boolean analysed() {
		return analysis != null;
	}

	/** The input in words, e.g. {@code "/data/b/DICOM with /data/b/labels.nii.gz (image and label map)"}. */
	public String describe() {
		return path + (labels != null ? " with " + labels : "") + " (" + source.text() + ")";
	}
}
