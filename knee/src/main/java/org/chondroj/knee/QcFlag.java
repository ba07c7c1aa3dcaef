package org.chondroj.knee;

import java.util.Locale;
import java.util.Objects;

/**
 * A quality-control flag: something about a result a reader should check before using it, with a stable code for
 * tables and scripts, the structure or region it concerns (empty for the whole scan) and a message that says what was
 * seen and what to do. Flags come from the segmenter (what it rejected, what it was unsure of) and from the
 * measurement (values outside reference ranges, a plate cut by the field of view, fragments); every front end shows
 * them: {@code results.json} ({@code qc_flags}), {@code report.html}, the command line, the batch's
 * {@code cohort_flags.csv} and Fiji's log. A result without flags is not proven right, but nothing known is wrong
 * with it.
 */
public record QcFlag(Kind kind, String subject, String message) {

	/** What a flag is about; {@link #code()} is its stable name in files. */
	public enum Kind {
		/** A plate's value lies outside the reference range (the message names the range and its source). */
		OUTSIDE_REFERENCE_RANGE,
		/** A cartilage falls into many pieces: less than 95 % of it lies in its three largest connected parts. */
		CARTILAGE_FRAGMENTED,
		/** The segmenter rejected tissue as off-articular (bright tissue that is not on an articular surface). */
		OFF_ARTICULAR_REJECTED,
		/** A cartilage reaches the edge of the image: the field of view cuts a plate, whose measures are then too low. */
		FIELD_OF_VIEW_CUTS_CARTILAGE,
		/** The image is of a contrast the segmenter was not validated on, or the segmenter had to guess part of it. */
		CONTRAST_NOT_VALIDATED,
		/**
		 * A plate's volume is far more than its mean thickness over its bone area: voxels labelled cartilage lie away from
		 * the bone surface (a bone or other tissue labelled as cartilage).
		 */
		INCONSISTENT_MEASURES,
		/** Slices too thick for the thickness precision a trial needs. */
		THICK_SLICES,
		/** The label map holds values no structure was mapped to. */
		UNMAPPED_LABELS,
		/** A large share of a plate's bone is denuded. */
		DENUDED_BONE,
		/** A plate has no cartilage-covered bone: it is not measured. */
		PLATE_MISSING,
		/** The notch's anterior end, which bounds cMF, cLF and TrF, is uncertain. */
		NOTCH_UNCERTAIN,
		/** The evidence for the knee's side conflicts. */
		SIDE_CONFLICT;

		/** The stable name in files and tables, e.g. {@code outside_reference_range}. */
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The kind of {@code code} ({@link #code()}), or null when there is none. */
		public static Kind byCode(final String code) {
			for (final Kind k : values())
				if (k.code().equals(code))
					return k;
			return null;
		}
	}

	public QcFlag {
		Objects.requireNonNull(kind);
		Objects.requireNonNull(subject);
		Objects.requireNonNull(message);
	}

	/** A flag about the whole scan. */
	public static QcFlag of(final Kind kind, final String message) {
		return new QcFlag(kind, "", message);
	}

	/** One line: {@code code (subject): message}. */
	@Override
	public String toString() {
		return kind.code() + (subject.isEmpty() ? "" : " (" + subject + ")") + ": " + message;
	}
}
