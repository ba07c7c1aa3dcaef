package org.chondroj.batch;

import static org.chondroj.report.HtmlReport.esc;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.OrderedValues;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.report.HtmlReport;

/**
 * {@value #FILE}: the cohort summary, one self-contained page in the style of the single-scan report
 * ({@link HtmlReport}): the counts of scans analysed and failed and pairs compared; per group (e.g. treatment arm) and
 * plate the mean ThCtAB change ± SD, the standardized response mean (SRM = mean change / SD of the change; empty for
 * fewer than two pairs or no spread) and the share of knees whose change exceeds the smallest detectable change, the
 * same for VC in percent; the ordered-values summary (mean ± SD of OV1, the largest subregional thinning, of the
 * largest thickening, and of the total thinning and thickening scores, Buck et al. 2009); the MOAKS lesion size grade
 * transitions per compartment; the quality-control flags of the analysed scans; the scans that failed with their errors. No timings, so that the same store gives the
 * same page. Written atomically.
 */
public final class CohortReport {

	public static final String FILE = "cohort_report.html";
	/** The group name shown for subjects without one. */
	public static final String NO_GROUP = "(no group)";

	private CohortReport() {
	}

	/** Writes the summary of {@code cohort} to {@code path}. */
	public static void write(final Cohort cohort, final Path path) throws IOException {
		final StringBuilder h = new StringBuilder();
		HtmlReport.head(h, "ChondroJ cohort summary");
		h.append("<h1>Cohort summary: knee cartilage and bone-marrow lesion change</h1>\n");
		int done = 0, failed = 0;
		for (final Cohort.Scan s : cohort.scans())
			if (s.report() != null)
				done++;
			else
				failed++;
		final Map<String, List<Comparison>> groups = new TreeMap<>();
		int pairsFailed = 0;
		String version = "unknown";
		double fraction = Double.NaN;
		for (final Cohort.Pair p : cohort.pairs())
			if (p.comparison() == null)
				pairsFailed++;
			else {
				groups.computeIfAbsent(p.row().group().isEmpty() ? NO_GROUP : p.row().group(), g -> new ArrayList<>()).add(p.comparison());
				version = p.comparison().baseline().provenance().getOrDefault("chondroj_version", version);
				fraction = p.comparison().baseline().weightBearingFraction();
			}
		final List<String> meta = new ArrayList<>(List.of("Scans analysed", Integer.toString(done), "Scans failed", Integer.toString(failed),
				"Pairs compared", (cohort.pairs().size() - pairsFailed) + (pairsFailed > 0 ? " (" + pairsFailed + " failed)" : ""), "Subjects named by",
				cohort.keepIdentifiers() ? "their identifiers" : "pseudonyms (the mapping is in pseudonyms.csv, kept apart)"));
		if (Double.isFinite(fraction))
			meta.addAll(List.of("Weight-bearing fraction", fmt(fraction, 2) + " (cMF, cLF)"));
		meta.addAll(List.of("ChondroJ", version));
		HtmlReport.meta(h, meta);
		for (final Map.Entry<String, List<Comparison>> g : groups.entrySet())
			group(h, g.getKey(), g.getValue());
		if (groups.isEmpty())
			h.append("<h2>Change</h2>\n<p>No pair was compared.</p>\n");
		h.append("<p class=\"note\">Change = follow-up − baseline, each follow-up against the knee's first time point. SD: sample standard deviation "
				+ "of the changes; SRM = mean / SD. &gt; SDC: knees whose change exceeds the smallest detectable change (Eckstein et al. 2006 "
				+ "precision). Every value of every pair is in cohort_changes.csv.</p>\n");
		flags(h, cohort);
		failures(h, cohort);
		HtmlReport.footer(h);
		AtomicFiles.write(path, out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			w.print(h);
			w.flush();
		});
	}

	private static void group(final StringBuilder h, final String name, final List<Comparison> pairs) {
		h.append("<h2>").append(esc(name)).append(": ").append(pairs.size()).append(pairs.size() == 1 ? " pair" : " pairs").append("</h2>\n");
		h.append("<table><tr><th rowspan=\"2\">Region</th><th rowspan=\"2\">n</th><th colspan=\"3\">ΔThCtAB (mm)</th><th colspan=\"3\">ΔVC (%)</th></tr>\n"
				+ "<tr><th>Mean ± SD</th><th>SRM</th><th>&gt; SDC</th><th>Mean ± SD</th><th>SRM</th><th>&gt; SDC</th></tr>\n");
		for (final Region region : Region.SUMMARY) {
			final List<Comparison.Change> t = changes(pairs, region, Metric.ThCtAB), v = changes(pairs, region, Metric.VC);
			if (t.isEmpty() && v.isEmpty())
				continue;
			final double[] tc = t.stream().mapToDouble(Comparison.Change::change).toArray();
			final double[] vc = v.stream().mapToDouble(Comparison.Change::changePct).filter(Double::isFinite).toArray();
			h.append("<tr><td>").append(esc(region.key())).append("</td><td>").append(Math.max(t.size(), v.size())).append("</td><td>")
					.append(meanSd(tc, 3)).append("</td><td>").append(fmt(srm(tc), 2)).append("</td><td>").append(exceeding(t)).append("</td><td>")
					.append(meanSd(vc, 1)).append("</td><td>").append(fmt(srm(vc), 2)).append("</td><td>").append(exceeding(v)).append("</td></tr>\n");
		}
		h.append("</table>\n");
		// ordered values
		final List<double[]> ov = new ArrayList<>();
		for (final Comparison c : pairs) {
			final OrderedValues o = c.orderedValues();
			if (o.all().length > 0)
				ov.add(new double[] { o.all()[0], o.all()[o.all().length - 1], o.thinning(), o.thickening() });
		}
		if (!ov.isEmpty()) {
			h.append("<h3>Ordered values of subregional thickness change (Buck et al. 2009), mm</h3>\n<table><tr><th></th><th>n</th><th>Mean ± SD</th>"
					+ "<th>SRM</th></tr>\n");
			final String[] labels = { "OV1 (largest thinning)", "last OV (largest thickening)", "total thinning score", "total thickening score" };
			for (int i = 0; i < labels.length; i++) {
				final int k = i;
				final double[] x = ov.stream().mapToDouble(a -> a[k]).toArray();
				h.append("<tr><td>").append(labels[i]).append("</td><td>").append(x.length).append("</td><td>").append(meanSd(x, 3)).append("</td><td>")
						.append(fmt(srm(x), 2)).append("</td></tr>\n");
			}
			h.append("</table>\n");
		}
		// lesion grade transitions
		final Map<LesionRegion, Map<String, Integer>> transitions = new TreeMap<>(
				Comparator.comparing((LesionRegion r) -> r instanceof MoaksSubregion).thenComparingInt(LesionRegion::id));
		for (final Comparison c : pairs)
			for (final Comparison.LesionChange ch : c.lesions())
				if (ch.metric() == LesionMetric.MOAKS_GRADE && Double.isFinite(ch.baseline()) && Double.isFinite(ch.followUp()))
					transitions.computeIfAbsent(ch.region(), r -> new TreeMap<>()).merge((int) ch.baseline() + "→" + (int) ch.followUp(), 1, Integer::sum);
		// a MOAKS subregion with no lesion in any knee at either visit is left out (15 rows of 0→0 say nothing)
		transitions.entrySet().removeIf(e -> e.getKey() instanceof MoaksSubregion && e.getValue().keySet().equals(java.util.Set.of("0→0")));
		if (!transitions.isEmpty()) {
			h.append("<h3>Bone-marrow lesions: MOAKS size grade, baseline → follow-up</h3>\n<table><tr><th>Compartment or MOAKS subregion</th><th>Transitions (knees)</th>"
					+ "<th>Worse</th><th>Same</th><th>Better</th></tr>\n");
			for (final Map.Entry<LesionRegion, Map<String, Integer>> e : transitions.entrySet()) {
				final List<String> parts = new ArrayList<>();
				int worse = 0, same = 0, better = 0;
				for (final Map.Entry<String, Integer> t : e.getValue().entrySet()) {
					parts.add(t.getKey() + ": " + t.getValue());
					final String[] ab = t.getKey().split("→");
					final int d = Integer.parseInt(ab[1]) - Integer.parseInt(ab[0]);
					if (d > 0)
						worse += t.getValue();
					else if (d < 0)
						better += t.getValue();
					else
						same += t.getValue();
				}
				h.append("<tr><td>").append(esc(e.getKey().key())).append("</td><td>").append(esc(String.join(", ", parts))).append("</td><td>").append(worse)
						.append("</td><td>").append(same).append("</td><td>").append(better).append("</td></tr>\n");
			}
			h.append("</table>\n");
		}
	}

	/**
	 * The quality-control flags of the analysed scans: how many scans carry each flag, then each flagged scan with its
	 * flags (code and structure; the messages are in each scan's report and in cohort_flags.csv).
	 */
	private static void flags(final StringBuilder h, final Cohort cohort) {
		final Map<String, Integer> perCode = new TreeMap<>();
		final List<String[]> rows = new ArrayList<>();
		for (final Cohort.Scan s : cohort.scans()) {
			if (s.report() == null || s.report().flags().isEmpty())
				continue;
			final java.util.Set<String> codes = new java.util.TreeSet<>();
			final List<String> shown = new ArrayList<>();
			for (final org.chondroj.knee.QcFlag f : s.report().flags()) {
				codes.add(f.kind().code());
				shown.add(f.kind().code() + (f.subject().isEmpty() ? "" : " (" + f.subject() + ")"));
			}
			for (final String c : codes)
				perCode.merge(c, 1, Integer::sum);
			rows.add(new String[] { s.row().name(), String.join(", ", shown) });
		}
		h.append("<h2>Quality-control flags</h2>\n");
		if (rows.isEmpty()) {
			h.append("<p>No analysed scan carries a flag.</p>\n");
			return;
		}
		h.append("<p>").append(rows.size()).append(rows.size() == 1 ? " scan carries" : " scans carry")
				.append(" quality-control flags: check them before using their numbers (each scan's report.html says what to check; every flag "
						+ "with its message is in cohort_flags.csv).</p>\n<table><tr><th>Flag</th><th>Scans</th></tr>");
		for (final Map.Entry<String, Integer> e : perCode.entrySet())
			h.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td>").append(e.getValue()).append("</td></tr>");
		h.append("</table>\n<table class=\"prov\"><tr><th>Scan</th><th>Flags</th></tr>");
		for (final String[] r : rows)
			h.append("<tr><td>").append(esc(r[0])).append("</td><td>").append(esc(r[1])).append("</td></tr>");
		h.append("</table>\n");
	}

	private static void failures(final StringBuilder h, final Cohort cohort) {
		final List<String[]> rows = new ArrayList<>();
		for (final Cohort.Scan s : cohort.scans())
			if (s.report() == null)
				rows.add(new String[] { "scan " + s.row().name(), s.row().error() });
		for (final Cohort.Pair p : cohort.pairs())
			if (p.comparison() == null)
				rows.add(new String[] { "comparison " + p.row().name(), p.row().error() });
		h.append("<h2>Failures</h2>\n");
		if (rows.isEmpty()) {
			h.append("<p>None.</p>\n");
			return;
		}
		h.append("<table class=\"prov\"><tr><th>What</th><th>Error</th></tr>");
		for (final String[] r : rows)
			h.append("<tr><td>").append(esc(r[0])).append("</td><td>").append(esc(r[1] == null ? "" : r[1])).append("</td></tr>");
		h.append("</table>\n<p class=\"note\">Failed scans are retried with --retry-failed, or when their files change.</p>\n");
	}

	private static List<Comparison.Change> changes(final List<Comparison> pairs, final Region region, final Metric metric) {
		final List<Comparison.Change> out = new ArrayList<>();
		for (final Comparison c : pairs) {
			final Comparison.Change ch = c.change(region, metric);
			if (ch != null && Double.isFinite(ch.change()))
				out.add(ch);
		}
		return out;
	}

	/** Mean of {@code x}; NaN when empty. */
	static double mean(final double[] x) {
		double s = 0;
		for (final double v : x)
			s += v;
		return x.length == 0 ? Double.NaN : s / x.length;
	}

	/** Sample standard deviation (n − 1); NaN for fewer than two values. */
	static double sd(final double[] x) {
		if (x.length < 2)
			return Double.NaN;
		final double m = mean(x);
		double s = 0;
		for (final double v : x)
			s += (v - m) * (v - m);
		return Math.sqrt(s / (x.length - 1));
	}

	/** Standardized response mean: mean / SD; NaN for fewer than two values or no spread. */
	static double srm(final double[] x) {
		final double sd = sd(x);
		return sd > 0 ? mean(x) / sd : Double.NaN;
	}

	private static String meanSd(final double[] x, final int digits) {
		if (x.length == 0)
			return "–";
		final String m = String.format(Locale.ROOT, "%+." + digits + "f", mean(x));
		final double sd = sd(x);
		return Double.isFinite(sd) ? m + " ± " + fmt(sd, digits) : m;
	}

	private static String exceeding(final List<Comparison.Change> changes) {
		int n = 0;
		for (final Comparison.Change c : changes)
			if (c.exceedsSdc())
				n++;
		return changes.isEmpty() ? "–" : n + " of " + changes.size();
	}

	private static String fmt(final double v, final int digits) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
	}
}
