package org.chondroj.knee;

import java.util.Locale;

/**
 * The structures of a knee label map: the three bones, their cartilage and their bone-marrow lesions. A label map
 * names them through a {@link LabelMapping} (which label values form each structure).
 * <p>
 * Each structure has a {@linkplain #key() key} used in mapping text ({@code femur}, {@code femoral_cartilage}, …) and
 * the display name of {@link LabelPresets} ({@code "femoral cartilage"}).
 */
public enum KneeStructure {
	FEMUR("femur", LabelPresets.FEMUR),
	FEMORAL_CARTILAGE("femoral_cartilage", LabelPresets.FEMORAL_CARTILAGE),
	TIBIA("tibia", LabelPresets.TIBIA),
	TIBIAL_CARTILAGE("tibial_cartilage", LabelPresets.TIBIAL_CARTILAGE),
	PATELLA("patella", LabelPresets.PATELLA),
	PATELLAR_CARTILAGE("patellar_cartilage", LabelPresets.PATELLAR_CARTILAGE),
	FEMORAL_LESION("femoral_lesion", LabelPresets.FEMORAL_LESION),
	TIBIAL_LESION("tibial_lesion", LabelPresets.TIBIAL_LESION),
	PATELLAR_LESION("patellar_lesion", LabelPresets.PATELLAR_LESION);

	private final String key, displayName;

	KneeStructure(final String key, final String displayName) {
		this.key = key;
		this.displayName = displayName;
	}

	/** The key of mapping text, e.g. {@code tibial_cartilage}. */
	public String key() {
		return key;
	}

	/** The human name, e.g. {@code "tibial cartilage"} (the name {@link LabelPresets} tables use). */
	public String displayName() {
		return displayName;
	}

	/**
	 * The bone this structure belongs to: itself for a bone, the bone under it for a cartilage or a lesion
	 * ({@link #FEMUR}, {@link #TIBIA} or {@link #PATELLA}).
	 */
	public KneeStructure bone() {
		switch (this) {
		case FEMUR:
		case FEMORAL_CARTILAGE:
		case FEMORAL_LESION:
			return FEMUR;
		case TIBIA:
		case TIBIAL_CARTILAGE:
		case TIBIAL_LESION:
			return TIBIA;
		default:
			return PATELLA;
		}
	}

	/** The bone-marrow lesion structure inside a bone (this must be a bone). */
	public KneeStructure lesion() {
		switch (this) {
		case FEMUR:
			return FEMORAL_LESION;
		case TIBIA:
			return TIBIAL_LESION;
		case PATELLA:
			return PATELLAR_LESION;
		default:
			throw new IllegalStateException(this + " is not a bone");
		}
	}

	/** The cartilage on a bone (this must be a bone). */
	public KneeStructure cartilage() {
		switch (this) {
		case FEMUR:
			return FEMORAL_CARTILAGE;
		case TIBIA:
			return TIBIAL_CARTILAGE;
		case PATELLA:
			return PATELLAR_CARTILAGE;
		default:
			throw new IllegalStateException(this + " is not a bone");
		}
	}

	/**
	 * The structure named {@code name}: its key or its display name, case-insensitive, with spaces, hyphens and
	 * underscores alike ({@code "Femoral cartilage"}, {@code femoral-cartilage}); {@code null} if none.
	 */
	public static KneeStructure byName(final String name) {
		final String n = normalise(name);
		for (final KneeStructure s : values())
			if (s.key.equals(n) || normalise(s.displayName).equals(n))
				return s;
		return null;
	}

	/** The keys of all structures, comma-separated (for error messages). */
	public static String keys() {
		final StringBuilder b = new StringBuilder();
		for (final KneeStructure s : values())
			b.append(b.length() == 0 ? "" : ", ").append(s.key);
		return b.toString();
	}

	private static String normalise(final String s) {
		return s.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
	}
}
