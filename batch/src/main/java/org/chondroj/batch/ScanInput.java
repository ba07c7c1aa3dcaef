package org.chondroj.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.chondroj.core.Laterality;

/**
 * One scan of a cohort: which knee of which subject at which time point, and where its files are. Made by
 * {@link Manifest} or {@link CohortDiscovery}; immutable.
 *
 * @param subject         the subject's identifier as the input gives it (DICOM PatientID or the manifest's column); it
 *                        leaves the batch only as a pseudonym unless identifiers are kept ({@link Pseudonyms})
 * @param timepoint       the time point's name (e.g. {@code 20200106}, {@code undated-1}, {@code baseline}, {@code M12});
 *                        never an identifier (it names output folders and fills the tables as it is)
 * @param side            the knee; UNKNOWN lets the analysis decide (metadata, then anatomy)
 * @param path            the image (DICOM folder or file, volume file), or a label map when {@code labels} is null and
 *                        the path is a volume file (as {@link org.chondroj.analysis.KneeAnalyzer#visit} reads it)
 * @param labels          the label map made from {@code path}, or null
 * @param labelPreset     the label numbering's preset name, or null for the batch's default
 * @param group           the subject's group (e.g. treatment arm), "" when none
 * @param studyDate       the study date YYYYMMDD when known, else ""
 * @param cartilageSeries the SeriesInstanceUID to segment, or null to let the rules choose
 * @param files           the files whose content identifies the scan (hashed); empty: every file under {@code path}
 *                        and {@code labels}
 * @param voxels          the voxel count of the largest image when known (heap estimate), else 0
 * @param origin          where the scan was declared, for the operator's messages, not for the outputs (e.g. "cohort.csv
 *                        line 4", "study 1.2.3 in /data (2 files: …)")
 * @param uids            the DICOM UIDs of the scan's study and series when known (discovery), else empty: identifiers
 *                        that the outputs' texts (errors, notes) show as {@value #UID_PLACEHOLDER} unless identifiers
 *                        are kept
 */
public record ScanInput(String subject, String timepoint, Laterality side, Path path, Path labels, String labelPreset, String group, String studyDate,
		String cartilageSeries, List<Path> files, long voxels, String origin, List<String> uids) {

	/** What the outputs show in place of a UID of {@link #uids} when subjects are pseudonymised. */
	public static final String UID_PLACEHOLDER = "<UID>";

	public ScanInput {
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(timepoint, "timepoint");
		Objects.requireNonNull(side, "side");
		Objects.requireNonNull(path, "path");
		group = group == null ? "" : group;
		studyDate = studyDate == null ? "" : studyDate;
		files = List.copyOf(files);
		Objects.requireNonNull(origin, "origin");
		uids = uids == null ? List.of() : List.copyOf(uids);
	}

	/** A scan without known UIDs (a manifest's row). */
	public ScanInput(final String subject, final String timepoint, final Laterality side, final Path path, final Path labels, final String labelPreset,
			final String group, final String studyDate, final String cartilageSeries, final List<Path> files, final long voxels, final String origin) {
		this(subject, timepoint, side, path, labels, labelPreset, group, studyDate, cartilageSeries, files, voxels, origin, List.of());
	}

	/** The knee: subject and side ("subject|right"). */
	public String knee() {
		return subject + "|" + sideName(side);
	}

	/** The scan's identity in the cohort: subject, side and time point ("subject|right|20200106"). */
	public String key() {
		return knee() + "|" + timepoint;
	}

	/** The side as written in tables: "left", "right" or "unknown". */
	public static String sideName(final Laterality side) {
		return side.name().toLowerCase(Locale.ROOT);
	}
}
