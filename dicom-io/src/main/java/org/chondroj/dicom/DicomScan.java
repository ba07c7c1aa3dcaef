package org.chondroj.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link DicomScanner#scan} found under a folder: the studies with their series stacks, and the files that are
 * not images — non-DICOM files, DICOM files without pixel data (a DICOMDIR, structured reports, …), and DICOM files
 * that could not be read, each with its error. Immutable.
 *
 * @param root the folder (or file) scanned
 * @param studies the studies, in a deterministic order (StudyDate, then StudyInstanceUID)
 * @param nonDicom files that are not DICOM
 * @param nonImage DICOM files without an image (no Rows/Columns or no pixel data), e.g. a DICOMDIR
 * @param unreadable DICOM files that could not be read, with the error
 */
public record DicomScan(Path root, List<DicomStudy> studies, List<Path> nonDicom, List<Path> nonImage, List<Problem> unreadable) {

	/** A file that could not be read, and why (the exception's message, which names the file). */
	public record Problem(Path file, String message) {
	}

	public DicomScan {
		studies = List.copyOf(studies);
		nonDicom = List.copyOf(nonDicom);
		nonImage = List.copyOf(nonImage);
		unreadable = List.copyOf(unreadable);
	}

	/** All series stacks of all studies, in order. */
	public List<DicomSeries> allSeries() {
		final List<DicomSeries> all = new ArrayList<>();
		for (final DicomStudy s : studies)
			all.addAll(s.series());
		return all;
	}

	/**
	 * The stack with this id (as {@link DicomSeries#id()} gives it, suffix included), or, if {@code id} is a
	 * SeriesInstanceUID that was not split, its only stack.
	 *
	 * @throws IllegalArgumentException naming the ids found, if there is no such stack or the UID is ambiguous
	 */
	public DicomSeries series(final String id) {
		final List<DicomSeries> all = allSeries();
		for (final DicomSeries s : all)
			if (s.id().equals(id))
				return s;
		final List<DicomSeries> byUid = all.stream().filter(s -> id.equals(s.seriesInstanceUID())).collect(Collectors.toList());
		if (byUid.size() == 1)
			return byUid.get(0);
		if (byUid.size() > 1)
			throw new IllegalArgumentException("series " + id + " was split into " + byUid.size() + " stacks; choose one of:" + listing(byUid));
		throw new IllegalArgumentException("no series " + id + "; found: " + (all.isEmpty() ? "none" : all.size() + ":" + listing(all)));
	}

	/** The only stack found, for folders holding one series. */
	public DicomSeries onlySeries() {
		final List<DicomSeries> all = allSeries();
		if (all.isEmpty())
			throw new IllegalArgumentException(nothingFound());
		if (all.size() != 1)
			throw new IllegalArgumentException("the folder holds " + all.size() + " series stacks; choose one by its id (--series ID):" + listing(all));
		return all.get(0);
	}

	/**
	 * Why there is nothing to read, for a message that follows the root's name: "holds no DICOM image series: the folder
	 * is empty", or what its files are instead, e.g. "holds no DICOM image series: 3 files, 1 not DICOM (e.g. notes.txt),
	 * 1 DICOM without an image (e.g. DICOMDIR), 1 unreadable (x.dcm: …)".
	 */
	public String nothingFound() {
		final int files = nonDicom.size() + nonImage.size() + unreadable.size() + allSeries().stream().mapToInt(s -> s.frames().size()).sum();
		if (files == 0)
			return "holds no DICOM image series: " + (java.nio.file.Files.isDirectory(root) ? "the folder is empty" : "no file");
		final List<String> parts = new ArrayList<>();
		if (!nonDicom.isEmpty())
			parts.add(nonDicom.size() + " not DICOM (e.g. " + shown(nonDicom.get(0)) + ")");
		if (!nonImage.isEmpty())
			parts.add(nonImage.size() + " DICOM without an image (e.g. " + shown(nonImage.get(0)) + ")");
		if (!unreadable.isEmpty())
			parts.add(unreadable.size() + " unreadable (" + unreadable.get(0).message() + ")");
		return "holds no DICOM image series: " + files + (files == 1 ? " file, " : " files, ") + String.join(", ", parts);
	}

	/** The stacks one per line, indented, as {@link DicomSeries#listing()} gives them. */
	private static String listing(final List<DicomSeries> stacks) {
		return stacks.stream().map(s -> "\n  " + s.listing()).collect(Collectors.joining());
	}

	/** A file as a message names it: relative to the root, or its name when it is the root. */
	private String shown(final Path file) {
		return file.startsWith(root) && !file.equals(root) ? root.relativize(file).toString() : String.valueOf(file.getFileName());
	}
}
