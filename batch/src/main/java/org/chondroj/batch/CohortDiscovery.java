package org.chondroj.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.chondroj.core.Laterality;
import org.chondroj.dicom.DicomFrame;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomStudy;
import org.chondroj.dicom.DicomVolumes;

/**
 * The scans of a study folder tree, found from the DICOM headers, whatever the folder layout: one scan per study
 * (StudyInstanceUID) and knee, the subject from PatientID, the time point from StudyDate (with the study's UID appended
 * when one knee has two studies on one date), the side from the series' Laterality, Image Laterality or description
 * ({@link DicomVolumes#laterality}). A study holding series of both knees gives one scan per knee, each with its
 * largest series as the cartilage series. A scan's path is the deepest folder holding all its files (so the analysis
 * finds the study's series there); when that folder also holds another study, the cartilage series is named so the
 * analysis can tell them apart. Each scan's input hash covers exactly its own files.
 */
public final class CohortDiscovery {

	/**
	 * What was found: the scans, and the files that are not part of any scan (unreadable or not DICOM images) with why,
	 * to be reported.
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
		if (scan.studies().isEmpty())
			throw new IllegalArgumentException(root + ": holds no DICOM image series" + (scan.unreadable().isEmpty() ? ""
					: " (" + scan.unreadable().size() + " unreadable file(s), e.g. " + scan.unreadable().get(0).file() + ": "
							+ scan.unreadable().get(0).message() + ")"));
		final List<String> problems = new ArrayList<>();
		for (final DicomScan.Problem p : scan.unreadable())
			problems.add(p.file() + ": " + p.message());
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
		final List<ScanInput> out = new ArrayList<>();
		final Map<String, Integer> perKneeDate = new TreeMap<>();
		for (final Candidate c : found)
			perKneeDate.merge(c.study.patientId().trim() + "|" + c.side + "|" + c.study.date().trim(), 1, Integer::sum);
		for (final Candidate c : found) {
			final Path folder = folders.get(c);
			boolean shared = false;
			for (final Candidate other : found)
				if (other != c)
					for (final Path f : other.files)
						if (f.startsWith(folder)) {
							shared = true;
							break;
						}
			String cartilage = c.cartilageSeries;
			if (shared && cartilage == null)
				cartilage = largest(c);
			final String date = c.study.date().trim();
			String timepoint = date.isEmpty() ? c.study.studyInstanceUID() : date;
			if (perKneeDate.get(c.study.patientId().trim() + "|" + c.side + "|" + date) > 1)
				timepoint = timepoint + "-" + c.study.studyInstanceUID();
			final String subject = c.study.patientId().trim().isEmpty() ? "no PatientID, study " + c.study.studyInstanceUID() : c.study.patientId().trim();
			out.add(new ScanInput(subject, timepoint, c.side, folder, null, null, "", date.matches("\\d{8}") ? date : "", cartilage, c.files, c.voxels,
					"study " + c.study.studyInstanceUID() + " in " + folder));
		}
		out.sort(Comparator.comparing(ScanInput::key));
		return new Found(out, problems);
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
