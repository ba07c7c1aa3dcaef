package org.chondroj.core;

import java.util.Locale;

/** Which side of the body a scan shows. {@link #UNKNOWN} when nothing in the input says so. */
public enum Laterality {
	LEFT("L"), RIGHT("R"), UNKNOWN("");

	private final String code;

	Laterality(final String code) {
		this.code = code;
	}

	/** The DICOM code string: "L", "R", or "" for unknown. */
	public String code() {
		return code;
	}

	/**
	 * Parses a DICOM Laterality code ("L", "R"), or the words "left"/"right" in any case; anything else, including
	 * {@code null}, "B" (both) and "U" (unpaired), gives {@link #UNKNOWN}.
	 */
	public static Laterality parse(final String text) {
		if (text == null)
			return UNKNOWN;
		switch (text.trim().toUpperCase(Locale.ROOT)) {
		case "L":
		case "LEFT":
			return LEFT;
		case "R":
		case "RIGHT":
			return RIGHT;
		default:
			return UNKNOWN;
		}
	}
}
