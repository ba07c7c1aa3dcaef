package org.chondroj.knee.anatomy;

import java.util.List;
import java.util.Locale;

import org.chondroj.core.Laterality;

/**
 * How the side (left or right knee) was decided, and everything that spoke for or against it.
 * <p>
 * The side is taken from the first of: the caller's override (the user said so: {@link Source#USER}), the volume's
 * metadata (DICOM Laterality or the series description, {@link Source#METADATA}), the anatomy ({@link Source#ANATOMY}).
 * The anatomical votes are always computed and reported, and a disagreement between any two of the three is
 * {@linkplain #conflicts() reported}.
 * <p>
 * <b>Anatomical votes.</b> Each compares the two tibial cartilage plates; each names one plate medial, and with the
 * frame's anterior and proximal directions that names the side (a right knee's frame is right-handed,
 * lateral = anterior × proximal; see {@link KneeFrame}). The criteria, each checked on the 12 OAI-AKOA label maps
 * (right knees, where the medial plate won every comparison):
 * <ul>
 * <li>{@code AP/ML ratio}: the medial plate is the more oval one (longer anterior–posterior than medial–lateral);</li>
 * <li>{@code area}: the medial plate covers the larger area;</li>
 * <li>{@code thickness}: the medial plate's cartilage is thinner (volume / area).</li>
 * </ul>
 * The anatomical side is the majority of the three (no tie is possible).
 *
 * @param side          the side used
 * @param source        where it came from
 * @param userSide      what the caller said ({@link Laterality#UNKNOWN} if nothing)
 * @param metadataSide  what the volume's metadata said ({@link Laterality#UNKNOWN} if nothing)
 * @param anatomySide   what the anatomical votes say ({@link Laterality#UNKNOWN} if there was no vote)
 * @param votes         the anatomical votes, each with its numbers
 */
public record SideEvidence(Laterality side, Source source, Laterality userSide, Laterality metadataSide, Laterality anatomySide,
		List<Vote> votes) {

	/** Where a side came from. */
	public enum Source {
		USER, METADATA, ANATOMY
	}

	/**
	 * One anatomical comparison of the two plates.
	 *
	 * @param criterion     {@code "AP/ML ratio"}, {@code "area"} or {@code "thickness"}
	 * @param unit          unit of the values ({@code ""}, {@code "mm²"}, {@code "mm"})
	 * @param medialValue   the value on the plate the frame calls medial
	 * @param lateralValue  the value on the plate the frame calls lateral
	 * @param impliedSide   the side this criterion alone gives
	 */
	public record Vote(String criterion, String unit, double medialValue, double lateralValue, Laterality impliedSide) {
		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%s medial %.3g%s vs lateral %.3g%s → %s", criterion, medialValue, unit, lateralValue, unit,
					impliedSide);
		}
	}

	public SideEvidence {
		votes = List.copyOf(votes);
	}

	/** Whether two of the three sources (user, metadata, anatomy) name different sides. */
	public boolean conflicts() {
		return differ(userSide, metadataSide) || differ(userSide, anatomySide) || differ(metadataSide, anatomySide);
	}

	/** Whether the anatomical votes were not unanimous. */
	public boolean anatomySplit() {
		return votes.stream().map(Vote::impliedSide).distinct().count() > 1;
	}

	private static boolean differ(final Laterality a, final Laterality b) {
		return a != Laterality.UNKNOWN && b != Laterality.UNKNOWN && a != b;
	}

	/** One line for a report: the side, its source, the votes, and any disagreement. */
	public String summary() {
		final StringBuilder b = new StringBuilder();
		b.append(side).append(" (").append(source.name().toLowerCase(Locale.ROOT)).append(")");
		if (!votes.isEmpty())
			b.append("; anatomy says ").append(anatomySide).append(": ").append(votes);
		if (conflicts())
			b.append("; DISAGREEMENT: user ").append(userSide).append(", metadata ").append(metadataSide).append(", anatomy ").append(anatomySide);
		return b.toString();
	}
}
