package org.chondroj.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One stack of 2-D images that can become one volume: the frames of one DICOM series (SeriesInstanceUID) that share
 * echo, orientation, image size, image type, stack and temporal position, as {@link DicomScanner} groups them. A series
 * that mixes those is split into several stacks, each with its own {@link #id()} (the SeriesInstanceUID plus a suffix
 * such as {@code #echo2}) and a {@link #reason()} saying why.
 * <p>
 * Header values only: the frames are in file order, not yet sorted in space; {@link DicomVolumes#arrange} sorts them
 * and checks the geometry, {@link DicomVolumes#read} reads the pixels. Immutable.
 */
public final class DicomSeries {

	private final String id;
	private final String seriesInstanceUID;
	private final String studyInstanceUID;
	private final String reason;
	private final Attributes header;
	private final List<DicomFrame> frames;

	/**
	 * @param id the stable identifier (SeriesInstanceUID and split suffix)
	 * @param reason why this stack was split off its series ("" if it is the whole series)
	 * @param header the data set of the first file (read header-only), for the series-level attributes; not copied
	 * @param frames the frames (copied into an unmodifiable list)
	 */
	public DicomSeries(final String id, final String seriesInstanceUID, final String studyInstanceUID, final String reason,
			final Attributes header, final List<DicomFrame> frames) {
		this.id = Objects.requireNonNull(id, "id");
		this.seriesInstanceUID = seriesInstanceUID;
		this.studyInstanceUID = studyInstanceUID;
		this.reason = reason == null ? "" : reason;
		this.header = Objects.requireNonNull(header, "header");
		if (frames.isEmpty())
			throw new IllegalArgumentException("a series needs at least one frame: " + id);
		this.frames = Collections.unmodifiableList(new ArrayList<>(frames));
	}

	/** The stable identifier: SeriesInstanceUID, plus a suffix like {@code #echo2} when the series was split. */
	public String id() {
		return id;
	}

	/** SeriesInstanceUID (0020,000E), or {@code null} if the files have none. */
	public String seriesInstanceUID() {
		return seriesInstanceUID;
	}

	/** StudyInstanceUID (0020,000D), or {@code null}. */
	public String studyInstanceUID() {
		return studyInstanceUID;
	}

	/** Why this stack is a part of its series (e.g. "split by echo: TE 7.48 ms of 2 echo times"); "" if not split. */
	public String reason() {
		return reason;
	}

	/** The header of the first file (header-only read; shared, do not modify). */
	public Attributes header() {
		return header;
	}

	/** The frames, in file order (read-only). */
	public List<DicomFrame> frames() {
		return frames;
	}

	/** The distinct files holding the frames, in order of first appearance. */
	public List<Path> files() {
		final LinkedHashSet<Path> files = new LinkedHashSet<>();
		for (final DicomFrame f : frames)
			files.add(f.file());
		return List.copyOf(files);
	}

	/** SeriesDescription, or "". */
	public String description() {
		final String s = header.string(Tag.SeriesDescription);
		return s == null ? "" : s;
	}

	/** Modality (e.g. "MR"), or "". */
	public String modality() {
		final String s = header.string(Tag.Modality);
		return s == null ? "" : s;
	}

	/** SeriesNumber, or -1. */
	public int seriesNumber() {
		return header.intValue(Tag.SeriesNumber, -1);
	}

	/** Rows of the first frame. */
	public int rows() {
		return frames.get(0).rows();
	}

	/** Columns of the first frame. */
	public int columns() {
		return frames.get(0).columns();
	}

	/**
	 * One line for a person choosing a series: the id, then the number, description, modality and size as
	 * {@code chondroj info} shows them, e.g. {@code 1.2.3#echo2  (#5 "Sag 3D DESS WE", MR, 384 × 384 × 160)}.
	 */
	public String listing() {
		final StringBuilder b = new StringBuilder(id).append("  (");
		if (seriesNumber() >= 0)
			b.append('#').append(seriesNumber()).append(' ');
		b.append(description().isBlank() ? "no description" : "\"" + description().strip() + "\"");
		if (!modality().isBlank())
			b.append(", ").append(modality());
		return b.append(", ").append(columns()).append(" × ").append(rows()).append(" × ").append(frames.size()).append(')').toString();
	}

	@Override
	public String toString() {
		return "DicomSeries[" + id + ", " + description() + ", " + frames.size() + " frames in " + files().size() + " files"
				+ (reason.isEmpty() ? "" : ", " + reason) + "]";
	}
}
