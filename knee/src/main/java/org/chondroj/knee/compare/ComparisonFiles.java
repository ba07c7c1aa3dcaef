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
import org.chondroj.core.io.Json;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ResultsFiles;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
		Json.write(folder.resolve(ResultsFiles.RESULTS), tree(c));
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
		return Double.isFinite(v) ? Json.number(v) : "";
	}

	private static ObjectNode tree(final Comparison c) {
		final ObjectNode j = Json.object().put("schema", SCHEMA).put("baseline", c.baseline().scan()).put("followup", c.followUp().scan())
				.put("side", c.baseline().side().name().toLowerCase(Locale.ROOT)).put("interval_years", c.years());
		table(j.putObject("plates"), c.cartilage());
		table(j.putObject("lesions"), c.lesions());
		final OrderedValues ov = c.orderedValues();
		final ObjectNode o = j.putObject("ordered_values");
		o.set("all", Json.array(ov.all()));
		o.set("medial", Json.array(ov.medial()));
		o.set("lateral", Json.array(ov.lateral()));
		o.put("thinning_score", ov.thinning()).put("thickening_score", ov.thickening()).put("threshold_mm", ov.threshold());
		c.options().precision().describe().forEach(j.putObject("precision")::put);
		final ObjectNode p = j.putObject("provenance").put("chondroj_version", KneeMeasurement.VERSION).put("forced", c.options().force());
		c.baseline().provenance().forEach(p.putObject("baseline")::put);
		c.followUp().provenance().forEach(p.putObject("followup")::put);
		return j;
	}

	/** region → metric → the change's columns, in the order of {@code changes}. */
	private static void table(final ObjectNode to, final List<? extends Comparison.Entry> changes) {
		for (final Comparison.Entry ch : changes)
			to.withObjectProperty(ch.regionKey()).putObject(ch.metricKey()).put("baseline", ch.baseline()).put("followup", ch.followUp())
					.put("change", ch.change()).put("change_pct", ch.changePct()).put("sdc", ch.sdc()).put("exceeds_sdc", ch.exceedsSdc());
	}
}
