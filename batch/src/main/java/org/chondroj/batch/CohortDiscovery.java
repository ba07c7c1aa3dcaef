package org.chondroj.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chondroj.core.Laterality;
import org.chondroj.core.UntrustedText;
import org.chondroj.dicom.Attributes;
import org.chondroj.dicom.DicomFrame;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomStudy;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.dicom.Tag;

/**
 * The scans of a study folder tree, found from the DICOM headers, whatever the folder layout: one scan per study
 * (StudyInstanceUID) and knee, the subject from PatientID (a study without one is a subject of its own), the side from
 * the series' Laterality, Image Laterality or description ({@link DicomVolumes#laterality}). A study holding series of
 * both knees gives one scan per knee, each with its largest series as the cartilage series. A scan's path is the
 * deepest folder holding all its files (so the analysis finds the study's series there); when that folder also holds
 * another study, the cartilage series is named so the analysis can tell them apart. Each scan's input hash covers
 * exactly its own files.
 * <p>
 * <b>Time points</b> are never an identifier (they name output folders and fill the tables as they are). A study's
 * time point is its StudyDate ({@code 20200106}) when that is a calendar date written YYYYMMDD; a study without one
 * (absent, empty or not a date) is {@code undated-1}, {@code undated-2}, … in the order of the subject's undated
 * studies; when one knee has several studies on one date, each of the subject's studies on that date is
 * {@code DATE-1}, {@code DATE-2}, … in order. The order of a subject's studies ({@link #ORDER}): the date (StudyDate, else
 * the earliest SeriesDate, AcquisitionDate or ContentDate of its series), then the time (StudyTime, else the earliest
 * SeriesTime, AcquisitionTime or ContentTime), then the StudyInstanceUID (stable, but arbitrary); a missing date or
 * time sorts last. A study's time point is the same for both knees. The batch orders a knee's time points dated first,
 * by date, then the undated ones by their number ({@link BatchRun#TIME_ORDER}).
 * <p>
 * <b>What is not a scan</b> is reported, file by file ({@link Found#problems}): DICOM files that cannot be read (with
 * the reader's error), files that are not DICOM (volume files among them: a batch reads those from a manifest only), and
 * DICOM files without an image (a DICOMDIR, a structured report).
 */
public final class CohortDiscovery {

	/** The time point's name of the studies without a date, before their number. */
	public static final String UNDATED = "undated";

	/** Files named in a scan's origin, at most. */
	private static final int ORIGIN_FILES = 3;
	/** Characters of a UID shown in a scan's origin, at most. */
	private static final int ORIGIN_UID = 80;
	private static final Pattern TIME = Pattern.compile("(\\d{2})(\\d{2})?(\\d{2})?(\\.\\d{1,6})?");

	/**
	 * What was found: the scans, and the files that are not part of any scan with why ("FILE: why", one line each,
	 * control characters escaped, ordered by file), to be reported.
	 */
	public record Found(List<ScanInput> scans, List<String> problems) {
	}

	private CohortDiscovery() {
	}

	/**
	 * Discovers the scans under {@code root}. Cost: every file's header is read once ({@link DicomScanner#scan}).
	 *
	 * @throws IllegalArgumentException when {@code root} holds no DICOM image series
	 */
	public static Found discover(final Path root) throws IOException {
		final DicomScan scan = DicomScanner.scan(root);
		final List<String> problems = problems(scan);
		if (scan.studies().isEmpty())
			throw new IllegalArgumentException(root + ": holds no DICOM image series"
					+ (problems.isEmpty() ? "" : " (" + problems.size() + " other file(s), e.g. " + problems.get(0) + ")"));
		// study → side → its series
		final List<Candidate> found = new ArrayList<>();
		for (final DicomStudy study : scan.studies()) {
			final Map<Laterality, List<DicomSeries>> bySide = new TreeMap<>();
			for (final DicomSeries s : study.series())
				bySide.computeIfAbsent(Laterality.parse(DicomVolumes.laterality(s.header(), s.description())[0]), l -> new ArrayList<>()).add(s);
			// series of no side belong to the study's only side, when it has one
			if (bySide.size() == 2 && bySide.containsKey(Laterality.UNKNOWN)) {
				final List<DicomSeries> none = bySide.remove(Laterality.UNKNOWN);
				bySide.values().iterator().next().addAll(none);
			}
			final boolean bothKnees = bySide.size() > 1;
			for (final Map.Entry<Laterality, List<DicomSeries>> e : bySide.entrySet()) {
				final List<Path> files = new ArrayList<>();
				long voxels = 0;
				DicomSeries largest = null;
				for (final DicomSeries s : e.getValue()) {
					for (final DicomFrame f : s.frames())
						if (!files.contains(f.file()))
							files.add(f.file());
					final long v = (long) s.rows() * s.columns() * s.frames().size();
					if (v > voxels) {
						voxels = v;
						largest = s;
					}
				}
				files.sort(Comparator.naturalOrder());
				found.add(new Candidate(study, e.getKey(), files, voxels, bothKnees ? largest.seriesInstanceUID() : null));
			}
		}
		// the folder of each scan, and whether another scan shares it
		final Map<Candidate, Path> folders = new LinkedHashMap<>();
		for (final Candidate c : found)
			folders.put(c, commonFolder(c.files));
		final Map<DicomStudy, String> timepoints = timepoints(found);
		final List<ScanInput> out = new ArrayList<>();
		for (final Candidate c : found) {
			final Path folder = folders.get(c);
			// the UIDs the analysis of the folder may name: those of every study with files in it
			final Set<String> uids = new LinkedHashSet<>();
			boolean shared = false;
			for (final Candidate other : found)
				for (final Path f : other.files)
					if (f.toAbsolutePath().normalize().startsWith(folder)) {
						shared |= other != c;
						uids(other.study, uids);
						break;
					}
			String cartilage = c.cartilageSeries;
			if (shared && cartilage == null)
				cartilage = largest(c);
			final String date = calendarDate(c.study.date());
			out.add(new ScanInput(subject(c.study), timepoints.get(c.study), c.side, folder, null, null, "", date, cartilage, c.files, c.voxels,
					origin(c.study, folder, c.files), List.copyOf(uids)));
		}
		out.sort(Comparator.comparing(ScanInput::key));
		return new Found(out, problems);
	}

	/**
	 * The order of a subject's studies for their time points: date, time, StudyInstanceUID, a missing date or time
	 * last (see the class comment).
	 */
	static final Comparator<When> ORDER = Comparator.comparing(When::date, emptyLast()).thenComparing(When::time, emptyLast())
			.thenComparing(When::uid);

	/**
	 * When a study was made, as far as its headers tell.
	 *
	 * @param studyDate its StudyDate when a calendar date (YYYYMMDD), else ""
	 * @param date      {@code studyDate}, else the earliest calendar date among its series' SeriesDate, AcquisitionDate
	 *                  or ContentDate (the first of these a series has), else ""
	 * @param time      StudyTime, else the earliest among its series' SeriesTime, AcquisitionTime or ContentTime, as
	 *                  HHMMSS with any fraction; else ""
	 * @param uid       the StudyInstanceUID
	 */
	record When(String studyDate, String date, String time, String uid) {

		/** A study's dates and times from the headers already read (each series' first file); no file is read. */
		static When of(final DicomStudy study) {
			final String studyDate = calendarDate(study.date());
			String date = studyDate, studyTime = "", seriesTime = "";
			for (final DicomSeries s : study.series()) {
				final Attributes h = s.header();
				if (studyDate.isEmpty())
					date = earliest(date, first(h, CohortDiscovery::calendarDate, Tag.SeriesDate, Tag.AcquisitionDate, Tag.ContentDate));
				if (studyTime.isEmpty())
					studyTime = first(h, CohortDiscovery::time, Tag.StudyTime);
				seriesTime = earliest(seriesTime, first(h, CohortDiscovery::time, Tag.SeriesTime, Tag.AcquisitionTime, Tag.ContentTime));
			}
			return new When(studyDate, date, studyTime.isEmpty() ? seriesTime : studyTime, study.studyInstanceUID());
		}

		/** The earlier of two values comparable as text, "" being missing. */
		private static String earliest(final String a, final String b) {
			return a.isEmpty() ? b : b.isEmpty() || a.compareTo(b) <= 0 ? a : b;
		}
	}

	/** Each study's time point (see the class comment); the same for every knee of a study. */
	private static Map<DicomStudy, String> timepoints(final List<Candidate> found) {
		final Map<DicomStudy, When> when = new IdentityHashMap<>();
		final Map<String, List<DicomStudy>> bySubject = new TreeMap<>();
		// a subject's dates on which one of its knees has more than one study
		final Map<String, Integer> perKneeDate = new HashMap<>();
		final Set<String> crowded = new HashSet<>();
		for (final Candidate c : found) {
			final String subject = subject(c.study);
			if (!when.containsKey(c.study)) {
				when.put(c.study, When.of(c.study));
				bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(c.study);
			}
			final String date = when.get(c.study).studyDate();
			if (!date.isEmpty() && perKneeDate.merge(subject + "|" + c.side + "|" + date, 1, Integer::sum) > 1)
				crowded.add(subject + "|" + date);
		}
		final Map<DicomStudy, String> out = new IdentityHashMap<>();
		for (final Map.Entry<String, List<DicomStudy>> e : bySubject.entrySet()) {
			final List<DicomStudy> studies = e.getValue();
			studies.sort(Comparator.comparing(when::get, ORDER));
			int undated = 0;
			final Map<String, Integer> onDate = new HashMap<>();
			for (final DicomStudy s : studies) {
				final String date = when.get(s).studyDate();
				if (date.isEmpty())
					out.put(s, UNDATED + "-" + ++undated);
				else if (crowded.contains(e.getKey() + "|" + date))
					out.put(s, date + "-" + onDate.merge(date, 1, Integer::sum));
				else
					out.put(s, date);
			}
		}
		return out;
	}

	/** The subject of a study: its PatientID, or for a study without one, the study itself. */
	private static String subject(final DicomStudy study) {
		final String id = study.patientId().trim();
		return id.isEmpty() ? "no PatientID, study " + study.studyInstanceUID() : id;
	}

	/** A DICOM date (DA) that is a calendar date, YYYYMMDD; else "". */
	static String calendarDate(final String text) {
		final String d = text == null ? "" : text.trim();
		if (!d.matches("\\d{8}"))
			return "";
		try {
			LocalDate.parse(d, DateTimeFormatter.BASIC_ISO_DATE);
			return d;
		} catch (final DateTimeParseException e) {
			return "";
		}
	}

	/** A DICOM time (TM, or the old HH:MM:SS) as HHMMSS and any fraction, comparable as text; "" when not a time. */
	static String time(final String text) {
		final Matcher m = TIME.matcher(text == null ? "" : text.trim().replace(":", ""));
		if (!m.matches() || Integer.parseInt(m.group(1)) > 23)
			return "";
		return m.group(1) + (m.group(2) == null ? "00" : m.group(2)) + (m.group(3) == null ? "00" : m.group(3)) + (m.group(4) == null ? "" : m.group(4));
	}

	/** The first of {@code tags} that {@code h} holds as a valid value ({@code valid} gives "" when not), else "". */
	private static String first(final Attributes h, final UnaryOperator<String> valid, final Tag... tags) {
		for (final Tag t : tags) {
			String v;
			try {
				v = valid.apply(h.string(t));
			} catch (final RuntimeException e) {
				v = ""; // a value of the wrong kind: as if absent
			}
			if (!v.isEmpty())
				return v;
		}
		return "";
	}

	private static Comparator<String> emptyLast() {
		return Comparator.comparing(String::isEmpty).thenComparing(Comparator.naturalOrder());
	}

	/** Adds the study's UID and its series' UIDs. */
	private static void uids(final DicomStudy study, final Set<String> to) {
		if (!study.studyInstanceUID().isEmpty())
			to.add(study.studyInstanceUID());
		for (final DicomSeries s : study.series())
			if (s.seriesInstanceUID() != null && !s.seriesInstanceUID().isEmpty())
				to.add(s.seriesInstanceUID());
	}

	/**
	 * Where a scan comes from, for the operator: "study UID in FOLDER (N files: a.dcm, b.dcm, c.dcm, …)", one line, the
	 * UID shortened.
	 */
	private static String origin(final DicomStudy study, final Path folder, final List<Path> files) {
		final StringBuilder b = new StringBuilder("study ")
				.append(study.studyInstanceUID().isEmpty() ? "(no StudyInstanceUID)" : UntrustedText.shortened(study.studyInstanceUID(), ORIGIN_UID))
				.append(" in ").append(folder).append(" (").append(files.size()).append(files.size() == 1 ? " file: " : " files: ");
		for (int i = 0; i < Math.min(ORIGIN_FILES, files.size()); i++)
			b.append(i > 0 ? ", " : "").append(folder.relativize(files.get(i).toAbsolutePath().normalize()));
		return UntrustedText.printable(b.append(files.size() > ORIGIN_FILES ? ", …)" : ")").toString());
	}

	/** Every file of {@code scan} that is not part of a study, as "FILE: why", ordered by file. */
	static List<String> problems(final DicomScan scan) {
		final Map<String, String> byFile = new TreeMap<>();
		for (final DicomScan.Problem p : scan.unreadable()) {
			final String f = p.file().toString();
			byFile.put(f, p.message() != null && p.message().startsWith(f) ? p.message() : f + ": " + p.message());
		}
		for (final Path f : scan.nonDicom())
			byFile.put(f.toString(), f + (HeapBudget.volumeFileName(f) ? ": not DICOM but a volume file, which a batch reads from a manifest only (--manifest)"
					: ": not a DICOM file (no DICM signature)"));
		for (final Path f : scan.nonImage())
			byFile.put(f.toString(), f + ": a DICOM file without an image (e.g. a DICOMDIR or a structured report)");
		final List<String> out = new ArrayList<>();
		for (final String text : byFile.values())
			out.add(UntrustedText.printable(text));
		return out;
	}

	private record Candidate(DicomStudy study, Laterality side, List<Path> files, long voxels, String cartilageSeries) {
	}

	private static String largest(final Candidate c) {
		DicomSeries best = null;
		for (final DicomSeries s : c.study.series())
			if (best == null || (long) s.rows() * s.columns() * s.frames().size() > (long) best.rows() * best.columns() * best.frames().size())
				best = s;
		return best == null ? null : best.seriesInstanceUID();
	}

	private static Path commonFolder(final List<Path> files) {
		Path common = files.get(0).toAbsolutePath().normalize().getParent();
		for (final Path f : files)
			while (!f.toAbsolutePath().normalize().startsWith(common))
				common = common.getParent();
		return common;
	}
}
