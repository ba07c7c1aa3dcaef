package org.chondroj.knee.compare;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.JsonWriter;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ResultsFiles;

/**
 * The result files of a comparison, in its output folder, in the layout of one scan's ({@link ResultsFiles}) plus
 * the change columns:
 * <ul>
 * <li>{@code results.json} (schema {@value #SCHEMA}): {@code {"schema", "baseline", "followup", "side",
 * "interval_years", "plates": {region: {metric: {"baseline", "followup", "change", "change_pct", "sdc",
 * "exceeds_sdc"}}}, "lesions": {…}, "ordered_values": {"all", "medial", "lateral", "thinning_score",
 * "thickening_score", "threshold_mm"}, "precision": {metric: "cv=…"}, "provenance": {"chondroj_version", "forced",
 * "baseline": {name: value}, "followup": {name: value}}}} (each visit's provenance as its own results.json has it: the
 * image or labels, subject, study date, parameters, the version that measured it);</li>
 * <li>{@code measurements.csv}: {@code scan,region,metric,baseline,followup,change,change_pct,exceeds_sdc,unit}, one row
 * per region and metric, {@code scan} being "baseline vs follow-up".</li>
 * </ul>
 * Each file is written atomically.
 */
public final class ComparisonFiles {

	public static final String SCHEMA = "chondroj-comparison/1";

	private ComparisonFiles() {
	}

	public static void write(final Comparison c, final Path folder) throws IOException {
		Files.createDirectories(folder);
		AtomicFiles.write(folder.resolve(ResultsFiles.RESULTS), out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			json(c, new JsonWriter(w));
			w.flush();
		});
		AtomicFiles.write(folder.resolve(ResultsFiles.MEASUREMENTS), out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			w.print("scan,region,metric,baseline,followup,change,change_pct,exceeds_sdc,unit\r\n");
			final String scan = ResultsFiles.csvField(c.baseline().scan() + " vs " + c.followUp().scan());
			for (final Comparison.Entry ch : c.entries())
				w.print(String.join(",", scan, ResultsFiles.csvField(ch.regionKey()), ResultsFiles.csvField(ch.metricKey()), num(ch.baseline()),
						num(ch.followUp()), num(ch.change()), num(ch.changePct()), Boolean.toString(ch.exceedsSdc()), ResultsFiles.csvField(ch.unit()))
						+ "\r\n");
			w.flush();
		});
	}

	private static String num(final double v) {
		return Double.isFinite(v) ? JsonWriter.number(v) : "";
	}

	private static void json(final Comparison c, final JsonWriter j) {
		j.beginObject();
		j.field("schema", SCHEMA);
		j.field("baseline", c.baseline().scan());
		j.field("followup", c.followUp().scan());
		j.field("side", c.baseline().side().name().toLowerCase(Locale.ROOT));
		j.field("interval_years", c.years());
		table(j, "plates", c.cartilage());
		table(j, "lesions", c.lesions());
		final OrderedValues ov = c.orderedValues();
		j.name("ordered_values").beginObject();
		j.array("all", ov.all()).array("medial", ov.medial()).array("lateral", ov.lateral());
		j.field("thinning_score", ov.thinning()).field("thickening_score", ov.thickening()).field("threshold_mm", ov.threshold());
		j.endObject();
		j.object("precision", c.options().precision().describe());
		j.name("provenance").beginObject();
		j.field("chondroj_version", KneeMeasurement.VERSION);
		j.name("forced").value(c.options().force());
		j.object("baseline", c.baseline().provenance()).object("followup", c.followUp().provenance());
		j.endObject();
		j.endObject();
		j.finish();
	}

	private static void table(final JsonWriter j, final String name, final List<? extends Comparison.Entry> changes) {
		j.name(name).beginObject();
		String open = null;
		for (final Comparison.Entry ch : changes) {
			if (!ch.regionKey().equals(open)) {
				if (open != null)
					j.endObject();
				j.name(ch.regionKey()).beginObject();
				open = ch.regionKey();
			}
			j.name(ch.metricKey()).beginObject().field("baseline", ch.baseline()).field("followup", ch.followUp()).field("change", ch.change())
					.field("change_pct", ch.changePct()).field("sdc", ch.sdc()).name("exceeds_sdc").value(ch.exceedsSdc()).endObject();
		}
		if (open != null)
			j.endObject();
		j.endObject();
	}
}
