package org.chondroj.phantom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.io.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The true change between a phantom's baseline and follow-up: for every plate, subregion and aggregate of both truths
 * and every key of docs/DESIGN.md the baseline value, the follow-up value, the change (follow-up − baseline) and the
 * percent change (100 · change / baseline; null when the baseline is 0); for every lesion compartment the same for
 * the volume, the share of the subchondral region, the number of lesions, the
 * largest diameter and the MOAKS and WORMS grades. Both truths come from the continuous
 * model, so the change is exact to their stated accuracy (plates: relative 1e-6; lesions: Monte Carlo standard errors
 * of each side add). Written by {@link #write} as {@code true_change.json} (schema {@code chondroj-true-change/1}), the
 * layout the comparison of two scans uses: {@code plates → region → metric → {baseline, followup, change,
 * change_pct}}; {@link #read} reads it back.
 */
public final class TrueChange {

	/** The file name in a follow-up study folder. */
	public static final String FILE = "true_change.json";
	/** The schema written and read. */
	public static final String SCHEMA = "chondroj-true-change/1";

	/** One value's true change, as read back: baseline, follow-up, change (mm, mm², mm³, % …: the metric's unit), percent change (NaN when the baseline is 0). */
	public record Entry(double baseline, double followUp, double change, double changePct) {
	}

	/**
	 * A {@code true_change.json} read back: plates (and subregions, aggregates) and lesion compartments → metric key →
	 * entry, in file order.
	 */
	public record Table(Map<String, Map<String, Entry>> plates, Map<String, Map<String, Entry>> lesions) {

		/** The true change of a region's or a compartment's metric (mm, mm³ …), NaN when the file does not hold it. */
		public double change(final String region, final String metric) {
			for (final Map<String, Map<String, Entry>> t : List.of(plates, lesions)) {
				final Map<String, Entry> m = t.get(region);
				if (m != null && m.containsKey(metric))
					return m.get(metric).change();
			}
			return Double.NaN;
		}
	}

	private TrueChange() {
	}

	/** Percent change, or NaN (written as null) when the baseline is 0. */
	public static double percent(final double baseline, final double followUp) {
		return baseline != 0 ? 100 * (followUp - baseline) / baseline : Double.NaN;
	}

	/** Writes the change of {@code followUp} against {@code baseline}, and the change that was made, atomically. */
	public static void write(final PhantomTruth baseline, final PhantomTruth followUp, final FollowUpChange change, final Path path)
			throws IOException {
		final ObjectNode j = Json.object().put("schema", SCHEMA);
		final ObjectNode plates = j.putObject("plates");
		for (final Map.Entry<String, PlateTruth> e : baseline.plates().entrySet()) {
			final PlateTruth f = followUp.plates().get(e.getKey());
			if (f == null)
				continue;
			final ObjectNode p = plates.putObject(e.getKey());
			for (final String key : PlateTruth.KEYS)
				entry(p, key, e.getValue().get(key), f.get(key));
		}
		final ObjectNode lesions = j.putObject("lesions");
		for (final Map.Entry<String, PhantomTruth.LesionTruth> e : baseline.lesions().entrySet()) {
			final PhantomTruth.LesionTruth b = e.getValue(), f = followUp.lesions().get(e.getKey());
			final ObjectNode l = lesions.putObject(e.getKey());
			entry(l, "volume_mm3", b.volume(), f.volume());
			entry(l, "share_pct", b.share(), f.share());
			entry(l, "count", b.count(), f.count());
			entry(l, "largest_diameter_mm", b.largestDiameter(), f.largestDiameter());
			entry(l, "moaks_grade", b.moaksGrade(), f.moaksGrade());
			entry(l, "worms_grade", b.wormsGrade(), f.wormsGrade());
		}
		final ObjectNode made = j.putObject("made");
		change.uniformThinning().forEach(made.putObject("uniform_thinning_mm")::put);
		final ArrayNode thinnings = made.putArray("regional_thinning");
		change.thinnings().forEach(t -> TruthWriter.thinning(thinnings, t));
		final ArrayNode defects = made.putArray("new_defects");
		change.newDefects().forEach(d -> TruthWriter.defect(defects, d));
		change.lesionGrowth().forEach(made.putObject("lesion_growth")::put);
		final ArrayNode newLesions = made.putArray("new_lesions");
		change.newLesions().forEach(l -> TruthWriter.lesion(newLesions, l, "volume_mm3"));
		Json.write(path, j);
	}

	/**
	 * Reads a {@code true_change.json} (or the one in a follow-up study folder) back; {@code made} is not read.
	 *
	 * @throws IOException naming the file and the member when it is not a true-change file
	 */
	public static Table read(final Path fileOrFolder) throws IOException {
		final Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(FILE) : fileOrFolder;
		final Json.Members o = Json.readObject(file);
		if (!SCHEMA.equals(o.string("schema")))
			throw o.error("schema", "not a true-change file (schema \"" + o.string("schema") + "\", expected \"" + SCHEMA + "\")");
		return new Table(section(o.object("plates")), section(o.object("lesions")));
	}

	private static Map<String, Map<String, Entry>> section(final Json.Members s) throws IOException {
		final Map<String, Map<String, Entry>> out = new LinkedHashMap<>();
		for (final String region : s.keys()) {
			final Json.Members r = s.object(region);
			final Map<String, Entry> m = new LinkedHashMap<>();
			for (final String metric : r.keys()) {
				final Json.Members e = r.object(metric);
				m.put(metric, new Entry(e.number("baseline"), e.number("followup"), e.number("change"), e.numberOrNaN("change_pct")));
			}
			out.put(region, Collections.unmodifiableMap(m));
		}
		return Collections.unmodifiableMap(out);
	}

	private static void entry(final ObjectNode to, final String key, final double baseline, final double followUp) {
		to.putObject(key).put("baseline", baseline).put("followup", followUp).put("change", followUp - baseline).put("change_pct",
				percent(baseline, followUp));
	}
}
