package org.chondroj.dicom;

/**
 * DICOM value representations (PS3.5 §6.2). In explicit-VR encodings the long form (2 reserved bytes and a 4-byte
 * length) is used by {@link #hasLongLength()} VRs, the short form (2-byte length) by the others.
 */
public enum VR {
	AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB(true), OD(true), OF(true), OL(true), OV(true), OW(true), PN, SH, SL, SQ(true),
	SS, ST, SV(true), TM, UC(true), UI, UL, UN(true), UR(true), US, UT(true), UV(true);

	private final boolean longLength;

	VR() {
		this(false);
	}

	VR(final boolean longLength) {
		this.longLength = longLength;
	}

	/** True if the explicit-VR header of this VR has 2 reserved bytes and a 32-bit length. */
	public boolean hasLongLength() {
		return longLength;
	}

	/** True for the text VRs whose bytes are decoded with the Specific Character Set (PS3.5 §6.1.2.3). */
	public boolean usesCharacterSet() {
		switch (this) {
		case SH:
		case LO:
		case ST:
		case LT:
		case PN:
		case UC:
		case UT:
			return true;
		default:
			return false;
		}
	}

	/** True for VRs whose value is text (backslash-separated for multiple values where the VR allows it). */
	public boolean isText() {
		switch (this) {
		case AE:
		case AS:
		case CS:
		case DA:
		case DS:
		case DT:
		case IS:
		case LO:
		case LT:
		case PN:
		case SH:
		case ST:
		case TM:
		case UC:
		case UI:
		case UR:
		case UT:
			return true;
		default:
			return false;
		}
	}

	/** The VR of the two characters {@code c0 c1}, or {@code null} if they name none. */
	public static VR of(final int c0, final int c1) {
		if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z')
			return null;
		final int code = (c0 - 'A') * 26 + (c1 - 'A');
		return BY_CODE[code];
	}

	private static final VR[] BY_CODE = new VR[26 * 26];
	static {
		for (final VR vr : values())
			BY_CODE[(vr.name().charAt(0) - 'A') * 26 + (vr.name().charAt(1) - 'A')] = vr;
	}
}
