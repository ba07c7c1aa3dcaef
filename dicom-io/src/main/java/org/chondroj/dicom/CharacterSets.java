package org.chondroj.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Java charsets for DICOM Specific Character Set (0008,0005) values (PS3.3 C.12.1.1.2). The single-byte
 * ISO 8859 sets, UTF-8 (ISO_IR 192), GB18030/GBK and the Japanese JIS X 0201 and Thai sets are mapped; for ISO 2022
 * code extensions ("ISO 2022 IR …") the first (default) repertoire is used, so escape sequences to other
 * repertoires are not switched (names in those are rare in knee MRI and show as replacement characters).
 */
public final class CharacterSets {

	private CharacterSets() {
	}

	/** The charset of the (first) Specific Character Set value; ISO 8859-1 for empty or unknown values (a superset of the default repertoire). */
	public static Charset forValues(final String[] values) {
		if (values == null || values.length == 0)
			return StandardCharsets.ISO_8859_1;
		return forTerm(values[0]);
	}

	/** The charset of one Specific Character Set defined term. */
	public static Charset forTerm(final String term) {
		final String t = term == null ? "" : term.trim().toUpperCase(Locale.ROOT).replace("ISO 2022 ", "ISO_");
		switch (t) {
		case "ISO_IR 192":
			return StandardCharsets.UTF_8;
		case "ISO_IR 101":
			return charset("ISO-8859-2");
		case "ISO_IR 109":
			return charset("ISO-8859-3");
		case "ISO_IR 110":
			return charset("ISO-8859-4");
		case "ISO_IR 144":
			return charset("ISO-8859-5");
		case "ISO_IR 127":
			return charset("ISO-8859-6");
		case "ISO_IR 126":
			return charset("ISO-8859-7");
		case "ISO_IR 138":
			return charset("ISO-8859-8");
		case "ISO_IR 148":
			return charset("ISO-8859-9");
		case "ISO_IR 203":
			return charset("ISO-8859-15");
		case "ISO_IR 13":
			return charset("JIS_X0201");
		case "ISO_IR 166":
			return charset("TIS-620");
		case "GB18030":
			return charset("GB18030");
		case "GBK":
			return charset("GBK");
		default:
			// ISO_IR 6 (default repertoire), ISO_IR 100 (Latin 1), and anything unknown
			return StandardCharsets.ISO_8859_1;
		}
	}

	private static Charset charset(final String name) {
		return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.ISO_8859_1;
	}
}
