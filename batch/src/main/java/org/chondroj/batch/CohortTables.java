package org.chondroj.batch;

import static org.chondroj.knee.results.ResultsFiles.csvField;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.Json;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.results.ScanReport;

/**
 * The cohort tables, tidy CSV (RFC 4180, CRLF), one value per row, written atomically:
 * <ul>
 * <li>{@value #MEASUREMENTS}: {@code subject,side,timepoint,study_date,group,kind,region,metric,value,unit}, one row per
 * analysed scan, region and metric ({@code kind} {@code cartilage} for plates, aggregates and subregions, {@code lesion}
 * for lesion compartments, whose names overlap the plates', and MOAKS subregions);</li>
 * <li>{@value #CHANGES}: {@code subject,side,group,baseline,followup,baseline_date,followup_date,years,kind,region,
 * metric,baseline_value,followup_value,change,change_pct,change_per_year,sdc,exceeds_sdc,unit}, one row per compared
 * pair and metric: the change (follow-up − baseline), the percent change, the change per year (from the study dates;
 * empty without them), the smallest detectable change and whether the change exceeds it ({@link Comparison});</li>
 * <li>{@value #FLAGS}: {@code subject,side,timepoint,flag,about,message}, one row per quality-control flag of an analysed
 * scan ({@link QcFlag}: its code, the structure or region it concerns, empty for the whole scan, and what to check); a
 * scan without a row has no flag.</li>
 * </ul>
 * The side is the one the inputs gave, or where they gave none the one the anatomy found.
 * Rows are ordered by subject (pseudonym), side, time point (study date, then name), then region and metric in the
 * results' order, so the same store gives the same bytes; a value not measured is an empty field. No timings.
 */
public final class CohortTables {

	public static final String MEASUREMENTS = "cohort_measurements.csv", CHANGES = "cohort_changes.csv", FLAGS = "cohort_flags.csv";

	private CohortTables() {
	}

	/** Writes the three tables into {@code folder}. */
	public static void write(final Cohort cohort, final Path folder) throws IOException {
		table(folder.resolve(MEASUREMENTS), "subject,side,timepoint,study_date,group,kind,region,metric,value,unit", w -> {
			for (final Cohort.Scan s : cohort.scans()) {
				if (s.report() == null)
					continue;
				final ResultsStore.ScanRow r = s.row();
				final String head = String.join(",", csvField(r.subject()), side(r.side(), s.report()), csvField(r.timepoint()), r.studyDate(),
						csvField(r.group()));
				s.report().regions().forEach((region, m) -> m.forEach((metric, v) -> row(w, head, "cartilage", region.key(), metric.key(), v, metric.unit())));
				s.report().lesions().forEach((c, m) -> m.forEach((metric, v) -> row(w, head, "lesion", c.key(), metric.key(), v, metric.unit())));
			}
		});
		table(folder.resolve(CHANGES), "subject,side,group,baseline,followup,baseline_date,followup_date,years,kind,region,metric,baseline_value,"
				+ "followup_value,change,change_pct,change_per_year,sdc,exceeds_sdc,unit", w -> {
					for (final Cohort.Pair p : cohort.pairs()) {
						final Comparison c = p.comparison();
						if (c == null)
							continue;
						final ResultsStore.ComparisonRow r = p.row();
						final String head = String.join(",", csvField(r.subject()), side(r.side(), c.baseline()), csvField(r.group()), csvField(r.baseline()),
								csvField(r.followUp()), date(c.baseline()), date(c.followUp()), number(c.years()));
						changes(w, head, "cartilage", c.cartilage(), c.years());
						changes(w, head, "lesion", c.lesions(), c.years());
					}
				});
		table(folder.resolve(FLAGS), "subject,side,timepoint,flag,about,message", w -> {
			for (final Cohort.Scan s : cohort.scans()) {
				if (s.report() == null)
					continue;
				final ResultsStore.ScanRow r = s.row();
				for (final QcFlag f : s.report().flags())
					w.print(String.join(",", csvField(r.subject()), side(r.side(), s.report()), csvField(r.timepoint()), f.kind().code(),
							csvField(f.subject()), csvField(f.message())) + "\r\n");
			}
		});
	}

	/** Writes one table atomically: {@code header}, then what {@code rows} prints, UTF-8, CRLF. */
	private static void table(final Path file, final String header, final Consumer<PrintWriter> rows) throws IOException {
		AtomicFiles.write(file, o -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8));
			w.print(header + "\r\n");
			rows.accept(w);
			w.flush();
		});
	}

	/** The side the inputs gave ({@code input}), or the one the analysis found when they gave none. */
	private static String side(final String input, final ScanReport report) {
		return ScanInput.sideName(Laterality.UNKNOWN).equals(input) ? ScanInput.sideName(report.side()) : input;
	}

	private static void row(final PrintWriter w, final String head, final String kind, final String region, final String metric, final double value,
			final String unit) {
		w.print(String.join(",", head, kind, csvField(region), csvField(metric), number(value), csvField(unit)) + "\r\n");
	}

	private static void changes(final PrintWriter w, final String head, final String kind, final List<? extends Comparison.Entry> changes,
			final double years) {
		for (final Comparison.Entry c : changes)
			w.print(String.join(",", head, kind, csvField(c.regionKey()), csvField(c.metricKey()), number(c.baseline()), number(c.followUp()),
					number(c.change()), number(c.changePct()), number(years > 0 ? c.change() / years : Double.NaN), number(c.sdc()),
					Boolean.toString(c.exceedsSdc()), csvField(c.unit())) + "\r\n");
	}

	private static String date(final ScanReport r) {
		return r.provenance().getOrDefault("study_date", "");
	}

	/** A number as results.json writes it; empty when not finite. */
	static String number(final double v) {
		return Double.isFinite(v) ? Json.number(v) : "";
	}
}
