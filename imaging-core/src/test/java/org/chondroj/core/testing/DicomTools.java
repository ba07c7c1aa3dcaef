package org.chondroj.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DICOM reference tools the interoperability tests run on the objects ChondroJ writes: dicom3tools' dciodvfy and
 * dcmtk's dsrdump (each skipped when missing, a failure under {@link ExternalTools#required()}).
 */
public final class DicomTools {

	private DicomTools() {
	}

	/**
	 * Runs {@code dciodvfy -new}; fails on any "Error" line or unless it verified the object as {@code iod} (the name
	 * dciodvfy prints, e.g. "Segmentation", "Comprehensive3DSR"); prints the counts and warnings and returns the warnings.
	 */
	public static List<String> dciodvfy(final Path file, final String iod) throws IOException {
		ExternalTools.requireCommand("dciodvfy");
		final ExternalTools.Result r = ExternalTools.run(List.of("dciodvfy", "-new", file.toString()), 120);
		final List<String> warnings = new ArrayList<>(), errors = new ArrayList<>();
		for (final String line : r.output.split("\n"))
			if (line.contains("Error"))
				errors.add(line);
			else if (line.contains("Warning"))
				warnings.add(line);
		System.out.println("dciodvfy " + file.getFileName() + ": " + errors.size() + " errors, " + warnings.size() + " warnings"
				+ (warnings.isEmpty() ? "" : "\n  " + String.join("\n  ", warnings)));
		assertTrue(errors.isEmpty(), file + ":\n" + r.output);
		assertTrue(r.output.lines().anyMatch(l -> l.strip().equals(iod)), "dciodvfy did not verify it as " + iod + ":\n" + r.output);
		return warnings;
	}

	/** dcmtk's {@code dsrdump +Pc +Pu} of a structured report (fails unless it reads it). */
	public static String dsrdump(final Path file) throws IOException {
		ExternalTools.requireCommand("dsrdump");
		final ExternalTools.Result r = ExternalTools.run(List.of("dsrdump", "+Pc", "+Pu", file.toString()), 120);
		assertEquals(0, r.exitCode, r.output);
		return r.output;
	}

	private static final Pattern TRACKING = Pattern.compile("TEXT:\\(112039,DCM,\"Tracking Identifier\"\\)=\"([^\"]*)\"");

	/**
	 * From dsrdump's text: each measurement group's tracking identifier → the value of its NUM item whose concept is
	 * {@code concept} (code value and scheme, e.g. "ThCtAB,99CHONDROJ") with the unit {@code unit} (e.g. "mm,UCUM").
	 */
	public static Map<String, String> numByGroup(final String dump, final String concept, final String unit) {
		final Pattern num = Pattern.compile("NUM:\\(" + Pattern.quote(concept) + ",\"[^\"]*\"\\)=\"([^\"]*)\" \\(" + Pattern.quote(unit));
		final Map<String, String> out = new TreeMap<>();
		String group = null;
		for (final String line : dump.split("\n")) {
			final Matcher t = TRACKING.matcher(line), v = num.matcher(line);
			if (t.find())
				group = t.group(1);
			else if (v.find() && group != null)
				out.put(group, v.group(1));
		}
		return out;
	}
}
