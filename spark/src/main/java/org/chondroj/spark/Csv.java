package org.chondroj.spark;

import java.util.ArrayList;
import java.util.List;

/** Reads the cohort tables back: CSV of RFC 4180 (quoted fields with doubled quotes, CRLF or LF). */
final class Csv {

	private Csv() {
	}

	/** The rows of {@code text}, each a list of its fields. */
	static List<List<String>> read(final String text) {
		final List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		final StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			final char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				} else if (c == '"')
					quoted = false;
				else
					field.append(c);
			} else if (c == '"')
				quoted = true;
			else if (c == ',') {
				row.add(field.toString());
				field.setLength(0);
			} else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')
					i++;
				row.add(field.toString());
				field.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
			} else
				field.append(c);
		}
		if (field.length() > 0 || !row.isEmpty()) {
			row.add(field.toString());
			rows.add(row);
		}
		return rows;
	}
}
