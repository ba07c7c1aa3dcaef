package org.chondroj.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable key → text metadata of a volume: laterality, series description, acquisition parameters, and
 * whatever a reader wants to keep. The well-known keys are the constants of this class (DICOM keywords where
 * DICOM has one); values are text, numbers in {@link java.util.Locale#ROOT} form.
 */
public final class Metadata {

	/** Laterality of the body part: "L", "R" (DICOM (0020,0060)/(0020,0062) codes). */
	public static final String LATERALITY = "Laterality";
	/** How the laterality was decided (e.g. "DICOM (0020,0060)", "series description", "user"). */
	public static final String LATERALITY_SOURCE = "LateralitySource";
	public static final String SERIES_DESCRIPTION = "SeriesDescription";
	public static final String SERIES_INSTANCE_UID = "SeriesInstanceUID";
	public static final String FRAME_OF_REFERENCE_UID = "FrameOfReferenceUID";
	/** Echo time, ms. */
	public static final String ECHO_TIME = "EchoTime";
	/** Repetition time, ms. */
	public static final String REPETITION_TIME = "RepetitionTime";
	/** Flip angle, degrees. */
	public static final String FLIP_ANGLE = "FlipAngle";
	/** The file the volume was read from. */
	public static final String SOURCE = "Source";

	private static final Metadata EMPTY = new Metadata(new TreeMap<>());

	private final SortedMap<String, String> entries;

	private Metadata(final SortedMap<String, String> entries) {
		this.entries = Collections.unmodifiableSortedMap(entries);
	}

	public static Metadata empty() {
		return EMPTY;
	}

	/** Metadata holding a copy of {@code entries}. */
	public static Metadata of(final Map<String, String> entries) {
		return new Metadata(new TreeMap<>(entries));
	}

	/** The value of {@code key}, or {@code null}. */
	public String get(final String key) {
		return entries.get(key);
	}

	/** A copy with {@code key} set to {@code value} (removed when {@code value} is null). */
	public Metadata with(final String key, final String value) {
		final TreeMap<String, String> copy = new TreeMap<>(entries);
		if (value == null)
			copy.remove(key);
		else
			copy.put(key, value);
		return new Metadata(copy);
	}

	/** The laterality recorded under {@link #LATERALITY}; {@link Laterality#UNKNOWN} if none. */
	public Laterality laterality() {
		return Laterality.parse(get(LATERALITY));
	}

	/** A copy with the laterality set, and where that came from. */
	public Metadata withLaterality(final Laterality laterality, final String source) {
		return with(LATERALITY, laterality == Laterality.UNKNOWN ? null : laterality.code()).with(LATERALITY_SOURCE, source);
	}

	/** All entries, sorted by key; read-only. */
	public SortedMap<String, String> asMap() {
		return entries;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Metadata && entries.equals(((Metadata) o).entries);
	}

	@Override
	public int hashCode() {
		return Objects.hash(entries);
	}

	@Override
	public String toString() {
		return entries.toString();
	}
}
