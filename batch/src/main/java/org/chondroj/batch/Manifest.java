package org.chondroj.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.knee.LabelPresets;

/**
 * A cohort manifest: a CSV file (UTF-8, RFC 4180 quoting, a header row) with one row per scan and the columns
 * {@code subject,timepoint,side,path} and optionally {@code labels,label_preset,group}, in any order:
 * <ul>
 * <li>{@code side}: {@code left}, {@code right} ({@code L}, {@code R}) or empty (decided by the analysis);</li>
 * <li>{@code timepoint}: any name; a date ({@code YYYYMMDD} or {@code YYYY-MM-DD}) is also the study date, from which
 * the interval of a comparison (and the per-year rate) is computed when the images carry none;</li>
 * <li>{@code path}: the image (a DICOM study folder or file, a volume file) or, with no {@code labels}, a label map
 * file; relative paths are relative to the manifest's folder;</li>
 * <li>{@code labels}: the label map made from the image; {@code label_preset}: its numbering ({@link LabelPresets});
 * {@code group}: e.g. the treatment arm, carried to the outputs.</li>
 * </ul>
 * Empty lines and lines starting with {@code #} are skipped. Errors name the file, the line and the problem.
 */
public final class Manifest {

	/** The columns, required first. */
	public static final List<String> REQUIRED = List.of("subject", "timepoint", "side", "path"), OPTIONAL = List.of("labels", "label_preset", "group");

	private Manifest() {
	}

	/**
	 * Reads a manifest. Cost: the file only; the paths are checked for existence when the scans are processed (a missing
	 * one fails that scan, not the batch).
	 *
	 * @throws IllegalArgumentException naming the file and line when a row or the header is malformed
	 */
	public static List<ScanInput> read(final Path file) throws IOException {
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		final Path base = file.toAbsolutePath().normalize().getParent();
		Map<String, Integer> columns = null;
		final List<ScanInput> out = new ArrayList<>();
		for (int n = 0; n < lines.size(); n++) {
			String line = lines.get(n);
			if (n == 0 && line.startsWith("\uFEFF"))
				line = line.substring(1);
			if (line.isBlank() || line.startsWith("#"))
				continue;
			final String where = file + " line " + (n + 1);
			final List<String> fields = fields(line, where);
			if (columns == null) {
				columns = header(fields, where);
				continue;
			}
			if (fields.size() > columns.size())
				throw new IllegalArgumentException(where + ": " + fields.size() + " fields, the header has " + columns.size());
			final Map<String, String> row = new LinkedHashMap<>();
			for (final Map.Entry<String, Integer> c : columns.entrySet())
				row.put(c.getKey(), c.getValue() < fields.size() ? fields.get(c.getValue()).trim() : "");
			out.add(row(row, base, where));
		}
		if (columns == null)
			throw new IllegalArgumentException(file + ": empty; a manifest starts with the header " + String.join(",", REQUIRED) + "[,"
					+ String.join(",", OPTIONAL) + "]");
		return out;
	}

	private static Map<String, Integer> header(final List<String> fields, final String where) {
		final Map<String, Integer> columns = new LinkedHashMap<>();
		for (int i = 0; i < fields.size(); i++) {
			final String name = fields.get(i).trim().toLowerCase(Locale.ROOT);
			if (!REQUIRED.contains(name) && !OPTIONAL.contains(name))
				throw new IllegalArgumentException(where + ": unknown column '" + fields.get(i) + "'; the columns are " + String.join(",", REQUIRED)
						+ " and optionally " + String.join(",", OPTIONAL));
			if (columns.put(name, i) != null)
				throw new IllegalArgumentException(where + ": column '" + name + "' twice");
		}
		for (final String r : REQUIRED)
			if (!columns.containsKey(r))
				throw new IllegalArgumentException(where + ": the header lacks the column '" + r + "' (required: " + String.join(",", REQUIRED) + ")");
		return columns;
	}

	private static ScanInput row(final Map<String, String> row, final Path base, final String where) {
		for (final String r : List.of("subject", "timepoint", "path"))
			if (row.get(r).isEmpty())
				throw new IllegalArgumentException(where + ": no " + r);
		final String sideText = row.get("side");
		final Laterality side = Laterality.parse(sideText);
		if (side == Laterality.UNKNOWN && !sideText.isEmpty() && !sideText.equalsIgnoreCase("unknown"))
			throw new IllegalArgumentException(where + ": side '" + sideText + "' is not left, right or empty");
		final String preset = row.getOrDefault("label_preset", "");
		if (!preset.isEmpty())
			try {
				LabelPresets.mapping(preset);
			} catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
			}
		final String labels = row.getOrDefault("labels", "");
		final String timepoint = row.get("timepoint");
		return new ScanInput(row.get("subject"), timepoint, side, base.resolve(row.get("path")).normalize(),
				labels.isEmpty() ? null : base.resolve(labels).normalize(), preset.isEmpty() ? null : preset, row.getOrDefault("group", ""),
				date(timepoint), null, List.of(), 0, where);
	}

	/** A time point that is a date, as YYYYMMDD; "" otherwise. */
	static String date(final String timepoint) {
		if (timepoint.matches("\\d{8}"))
			return timepoint;
		if (timepoint.matches("\\d{4}-\\d{2}-\\d{2}"))
			return timepoint.replace("-", "");
		return "";
	}

	/** The fields of one CSV line (RFC 4180: a quoted field may hold commas and doubled quotes). */
	static List<String> fields(final String line, final String where) {
		final List<String> out = new ArrayList<>();
		final StringBuilder f = new StringBuilder();
		boolean quoted = false, wasQuoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					f.append('"');
					i++;
				} else if (c == '"')
					quoted = false;
				else
					f.append(c);
			} else if (c == ',') {
				out.add(f.toString());
				f.setLength(0);
				wasQuoted = false;
			} else if (c == '"' && f.toString().isBlank() && !wasQuoted) {
				f.setLength(0);
				quoted = wasQuoted = true;
			} else
				f.append(c);
		}
		if (quoted)
			throw new IllegalArgumentException(where + ": a quoted field is not closed");
		out.add(f.toString());
		return out;
	}
}
