package org.chondroj.phantom;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.JsonObject;
import org.chondroj.core.io.JsonReader;
import org.chondroj.core.io.JsonWriter;

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
		AtomicFiles.write(path, out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			final JsonWriter j = new JsonWriter(w);
			j.beginObject();
			j.field("schema", SCHEMA);
			j.name("plates").beginObject();
			for (final Map.Entry<String, PlateTruth> e : baseline.plates().entrySet()) {
				final PlateTruth f = followUp.plates().get(e.getKey());
				if (f == null)
					continue;
				j.name(e.getKey()).beginObject();
				for (final String key : PlateTruth.KEYS)
					entry(j, key, e.getValue().get(key), f.get(key));
				j.endObject();
			}
			j.endObject();
			j.name("lesions").beginObject();
			for (final Map.Entry<String, PhantomTruth.LesionTruth> e : baseline.lesions().entrySet()) {
				final PhantomTruth.LesionTruth b = e.getValue(), f = followUp.lesions().get(e.getKey());
				j.name(e.getKey()).beginObject();
				entry(j, "volume_mm3", b.volume(), f.volume());
				entry(j, "share_pct", b.share(), f.share());
				entry(j, "count", b.count(), f.count());
				entry(j, "largest_diameter_mm", b.largestDiameter(), f.largestDiameter());
				entry(j, "moaks_grade", b.moaksGrade(), f.moaksGrade());
				entry(j, "worms_grade", b.wormsGrade(), f.wormsGrade());
				j.endObject();
			}
			j.endObject();
			j.name("made").beginObject();
			j.name("uniform_thinning_mm").beginObject();
			for (final Map.Entry<String, Double> e : change.uniformThinning().entrySet())
				j.field(e.getKey(), e.getValue());
			j.endObject();
			j.name("regional_thinning").beginArray();
			for (final AnatomyConfig.Thinning t : change.thinnings())
				TruthWriter.thinning(j, t);
			j.endArray();
			j.name("new_defects").beginArray();
			for (final AnatomyConfig.Defect d : change.newDefects())
				TruthWriter.defect(j, d);
			j.endArray();
			j.name("lesion_growth").beginObject();
			for (final Map.Entry<String, Double> e : change.lesionGrowth().entrySet())
				j.field(e.getKey(), e.getValue());
			j.endObject();
			j.name("new_lesions").beginArray();
			for (final AnatomyConfig.Lesion l : change.newLesions())
				TruthWriter.lesion(j, l, "volume_mm3");
			j.endArray();
			j.endObject();
			j.endObject();
			j.finish();
			w.flush();
		});
	}

	/**
	 * Reads a {@code true_change.json} (or the one in a follow-up study folder) back; {@code made} is not read.
	 *
	 * @throws IOException naming the file and the member when it is not a true-change file
	 */
	public static Table read(final Path fileOrFolder) throws IOException {
		final Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(FILE) : fileOrFolder;
		final JsonObject o = JsonReader.readObject(file);
		if (!SCHEMA.equals(o.string("schema")))
			throw o.error("schema", "not a true-change file (schema \"" + o.string("schema") + "\", expected \"" + SCHEMA + "\")");
		return new Table(section(o.object("plates")), section(o.object("lesions")));
	}

	private static Map<String, Map<String, Entry>> section(final JsonObject s) throws IOException {
		final Map<String, Map<String, Entry>> out = new LinkedHashMap<>();
		for (final String region : s.keys()) {
			final JsonObject r = s.object(region);
			final Map<String, Entry> m = new LinkedHashMap<>();
			for (final String metric : r.keys()) {
				final JsonObject e = r.object(metric);
				m.put(metric, new Entry(e.number("baseline"), e.number("followup"), e.number("change"),
						e.isNull("change_pct") ? Double.NaN : e.number("change_pct")));
			}
			out.put(region, Collections.unmodifiableMap(m));
		}
		return Collections.unmodifiableMap(out);
	}

	private static void entry(final JsonWriter j, final String key, final double baseline, final double followUp) {
		j.name(key).beginObject().field("baseline", baseline).field("followup", followUp).field("change", followUp - baseline)
				.field("change_pct", percent(baseline, followUp)).endObject();
	}
}
