package org.chondroj.knee.results;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.chondroj.core.Laterality;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.JsonFormatException;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The result files of one scan, in its output folder:
 * <ul>
 * <li>{@code results.json} (schema {@value #SCHEMA}): {@code {"schema", "scan", "side": {"value", "source"},
 * "weight_bearing_fraction", "plates": {region: {metric: value}}, "lesions": {compartment: {metric: value}},
 * "units": {metric: unit}, "qc_flags": [{"code", "subject", "message"}], "qc": [note], "provenance": {name: value}}}
 * ({@link QcFlag}: {@code qc_flags} is what a reader should check, {@code qc} every step's note); values that were not measured (NaN) are
 * written as {@code null};</li>
 * <li>{@code measurements.csv}: tidy, one row per value, {@code scan,region,metric,value,unit} (RFC 4180 quoting;
 * an unmeasured value is an empty field).</li>
 * </ul>
 * Each file is written atomically (a temporary file moved into place); {@link #read} reads {@code results.json} back
 * (what {@code chondroj compare} does with an earlier result folder).
 */
public final class ResultsFiles {

	public static final String SCHEMA = "chondroj-results/1";
	public static final String RESULTS = "results.json", MEASUREMENTS = "measurements.csv";

	private ResultsFiles() {
	}

	/** Writes {@code results.json} and {@code measurements.csv} into {@code folder} (created if needed). */
	public static void write(final ScanReport report, final Path folder) throws IOException {
		Files.createDirectories(folder);
		Json.write(folder.resolve(RESULTS), tree(report));
		AtomicFiles.write(folder.resolve(MEASUREMENTS), out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			csv(report, w);
			w.flush();
		});
	}

	/** The text of {@code results.json} for {@code report} (what {@link #write} writes; for storing results elsewhere). */
	public static String json(final ScanReport report) {
		return Json.text(tree(report));
	}

	/** Reads a report back from the text of a {@code results.json} ({@link #json}); errors name the member. */
	public static ScanReport parse(final String json) throws JsonFormatException {
		return read(Json.Members.of(null, Json.parse(json)));
	}

	private static ObjectNode tree(final ScanReport r) {
		final ObjectNode j = Json.object().put("schema", SCHEMA).put("scan", r.scan());
		j.putObject("side").put("value", r.side().name().toLowerCase(Locale.ROOT)).put("source", r.sideSource());
		j.put("weight_bearing_fraction", r.weightBearingFraction());
		table(j.putObject("plates"), r.regions(), Region::key, Metric::key);
		table(j.putObject("lesions"), r.lesions(), LesionRegion::key, LesionMetric::key);
		final ObjectNode units = j.putObject("units");
		for (final Metric m : Metric.values())
			units.put(m.key(), m.unit());
		for (final LesionMetric m : LesionMetric.values())
			units.put(m.key(), m.unit());
		final ArrayNode flags = j.putArray("qc_flags");
		for (final QcFlag f : r.flags())
			flags.addObject().put("code", f.kind().code()).put("subject", f.subject()).put("message", f.message());
		r.qc().forEach(j.putArray("qc")::add);
		r.provenance().forEach(j.putObject("provenance")::put);
		return j;
	}

	private static <R, M> void table(final ObjectNode to, final Map<R, Map<M, Double>> t, final Function<R, String> regionKey,
			final Function<M, String> metricKey) {
		t.forEach((region, metrics) -> {
			final ObjectNode o = to.putObject(regionKey.apply(region));
			metrics.forEach((metric, v) -> o.put(metricKey.apply(metric), v));
		});
	}

	private static void csv(final ScanReport r, final PrintWriter w) {
		w.print("scan,region,metric,value,unit\r\n");
		r.regions().forEach((region, m) -> m.forEach((metric, v) -> csvRow(w, r.scan(), region.key(), metric.key(), v, metric.unit())));
		r.lesions().forEach((c, m) -> m.forEach((metric, v) -> csvRow(w, r.scan(), c.key(), metric.key(), v, metric.unit())));
	}

	private static void csvRow(final PrintWriter w, final String scan, final String region, final String metric, final double v, final String unit) {
		w.print(String.join(",", csvField(scan), csvField(region), csvField(metric), Double.isFinite(v) ? Json.number(v) : "", csvField(unit)));
		w.print("\r\n");
	}

	/**
	 * A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180); other control characters, which may
	 * come from a file (a name, an identifier), as visible escapes ({@link UntrustedText#printableLines}).
	 */
	public static String csvField(final String text) {
		final String s = UntrustedText.printableLines(text);
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
			return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	/** Reads a {@code results.json} (or the one in a folder); errors name the file and the member. */
	public static ScanReport read(final Path fileOrFolder) throws IOException {
		final Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(RESULTS) : fileOrFolder;
		return read(Json.readObject(file));
	}

	private static ScanReport read(final Json.Members o) throws JsonFormatException {
		if (!SCHEMA.equals(o.string("schema")))
			throw o.error("schema", "not a ChondroJ results file (schema \"" + o.string("schema") + "\", expected \"" + SCHEMA + "\")");
		final ScanReport.Builder b = ScanReport.builder(o.string("scan"));
		final Json.Members side = o.object("side");
		final Laterality s;
		switch (side.string("value")) {
		case "left":
			s = Laterality.LEFT;
			break;
		case "right":
			s = Laterality.RIGHT;
			break;
		case "unknown":
			s = Laterality.UNKNOWN;
			break;
		default:
			throw side.error("value", "left, right or unknown was expected");
		}
		b.side(s, side.string("source"));
		b.weightBearingFraction(o.number("weight_bearing_fraction"));
		readTable(o.object("plates"), b, false);
		readTable(o.object("lesions"), b, true);
		final Json.Members p = o.object("provenance");
		for (final String k : p.keys())
			b.provenance(k, p.string(k));
		for (final String q : o.strings("qc"))
			b.qc(q);
		// results written before flags existed have none
		if (o.has("qc_flags"))
			for (final Json.Members f : o.objects("qc_flags")) {
				final QcFlag.Kind kind = QcFlag.Kind.byCode(f.string("code"));
				if (kind == null)
					throw f.error("code", "not a quality-control flag code (" + Arrays.stream(QcFlag.Kind.values()).map(QcFlag.Kind::code)
							.collect(Collectors.joining(", ")) + ")");
				b.flag(new QcFlag(kind, f.string("subject"), f.string("message")));
			}
		return b.build();
	}

	private static void readTable(final Json.Members t, final ScanReport.Builder b, final boolean lesions) throws JsonFormatException {
		for (final String region : t.keys()) {
			final Json.Members m = t.object(region);
			final Region r = lesions ? null : Region.byKey(region);
			final LesionRegion c = lesions ? LesionRegion.byKey(region) : null;
			if (r == null && c == null)
				throw t.error(region, lesions ? "not a lesion compartment (MF, LF, MT, LT, TrF, P) or MOAKS subregion (PM, PL, FMA, …, SS)" : "not a plate, subregion or aggregate");
			for (final String metric : m.keys()) {
				final double v = m.numberOrNaN(metric);
				if (lesions) {
					final LesionMetric k = LesionMetric.byKey(metric);
					if (k == null)
						throw m.error(metric, "not a lesion metric");
					b.lesion(c, k, v);
				} else {
					final Metric k = Metric.byKey(metric);
					if (k == null)
						throw m.error(metric, "not a cartilage metric");
					b.region(r, k, v);
				}
			}
		}
	}
}
