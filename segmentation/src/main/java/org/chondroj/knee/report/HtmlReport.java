package org.chondroj.knee.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.KneeAnalysis;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.OrderedValues;
import org.chondroj.knee.results.Metrics;
import org.chondroj.knee.results.ScanReport;

/**
 * {@code report.html}: one self-contained, printable page for a scan or a comparison, the kind of summary an imaging
 * core lab sends to a sponsor: a header (scan(s), side and how it was decided, weight-bearing fraction), the table of
 * plates with their values (and for a comparison baseline, follow-up, change, percent change, and a mark where the
 * change exceeds the smallest detectable change), the lesions, the ordered values, the images (thickness or change
 * maps, label overlays: embedded as PNG data URIs, so the page needs no other file and no network), the quality
 * notes and the provenance. Plain HTML and CSS, no scripts. Written atomically.
 */
public final class HtmlReport {

	private static final List<String> SUMMARY_METRICS = List.of("ThCtAB", "ThCcAB", "VC", "tAB", "cAB", "dAB", "AC");

	private static final String STYLE = "body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:2em auto;max-width:62em;line-height:1.35}"
			+ "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.6em}"
			+ "table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{border:1px solid #bbb;padding:.2em .5em;text-align:right}"
			+ "th:first-child,td:first-child{text-align:left}th{background:#eee}td.sdc{font-weight:bold}"
			+ ".meta td{border:none;text-align:left;padding:.05em .6em .05em 0}figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}"
			+ "figcaption{font-size:.85em;color:#444}img{border:1px solid #ccc}.note{color:#555;font-size:.85em}"
			+ "@media print{body{margin:0}h2{page-break-after:avoid}figure{page-break-inside:avoid}}";

	private HtmlReport() {
	}

	/** Writes the report of one scan; {@code images} maps captions to images (may be empty). */
	public static void write(final ScanReport r, final Map<String, BufferedImage> images, final Path path) throws IOException {
		final StringBuilder h = new StringBuilder();
		head(h, "ChondroJ report: " + r.scan());
		h.append("<h1>Knee cartilage and bone-marrow lesion report</h1>\n");
		meta(h, List.of("Scan", r.scan(), "Side", side(r), "Weight-bearing fraction", fmt(r.weightBearingFraction(), 2)));
		h.append("<h2>Cartilage, plates</h2>\n<table><tr><th>Region</th>");
		for (final String m : SUMMARY_METRICS)
			h.append("<th>").append(m).append(" (").append(esc(Metrics.unit(m))).append(")</th>");
		h.append("</tr>\n");
		for (final String region : ordered(r.regions().keySet())) {
			h.append("<tr><td>").append(esc(region)).append("</td>");
			for (final String m : SUMMARY_METRICS)
				h.append("<td>").append(fmt(r.value(region, m), digits(m))).append("</td>");
			h.append("</tr>\n");
		}
		h.append("</table>\n");
		if (!r.lesions().isEmpty()) {
			h.append("<h2>Bone-marrow lesions</h2>\n<table><tr><th>Compartment</th>");
			for (final String m : Metrics.LESION)
				h.append("<th>").append(esc(m)).append("</th>");
			h.append("</tr>\n");
			for (final String c : r.lesions().keySet()) {
				h.append("<tr><td>").append(esc(c)).append("</td>");
				for (final String m : Metrics.LESION)
					h.append("<td>").append(fmt(r.lesionValue(c, m), m.endsWith("grade") || m.equals("count") ? 0 : 1)).append("</td>");
				h.append("</tr>\n");
			}
			h.append("</table>\n");
		}
		figures(h, images);
		tail(h, r.qc(), r.provenance());
		save(h, path);
	}

	/** Writes the report of a comparison; {@code images} maps captions to images (change maps, overlays). */
	public static void write(final Comparison c, final Map<String, BufferedImage> images, final Path path) throws IOException {
		final StringBuilder h = new StringBuilder();
		head(h, "ChondroJ comparison: " + c.baseline().scan() + " vs " + c.followUp().scan());
		h.append("<h1>Knee cartilage change report</h1>\n");
		meta(h, List.of("Baseline", c.baseline().scan(), "Follow-up", c.followUp().scan(), "Side", side(c.baseline()), "Interval",
				Double.isNaN(c.years()) ? "unknown (no study dates)" : fmt(c.years(), 2) + " years"));
		h.append("<h2>Cartilage thickness and volume change, plates</h2>\n");
		h.append("<p class=\"note\">Bold: the change exceeds the smallest detectable change (SDC, 95 % limit of test–retest differences).</p>\n");
		h.append("<table><tr><th>Region</th><th>Metric</th><th>Baseline</th><th>Follow-up</th><th>Change</th><th>Change %</th><th>SDC</th></tr>\n");
		final List<String> regions = new ArrayList<>();
		for (final Comparison.Change ch : c.cartilage())
			if (!regions.contains(ch.region()))
				regions.add(ch.region());
		for (final String region : ordered(regions))
			for (final String m : List.of("ThCtAB", "VC", "cAB")) {
				final Comparison.Change ch = c.change(region, m);
				if (ch != null)
					changeRow(h, ch, digits(m));
			}
		h.append("</table>\n");
		if (!c.lesions().isEmpty()) {
			h.append("<h2>Bone-marrow lesion change</h2>\n<table><tr><th>Compartment</th><th>Metric</th><th>Baseline</th><th>Follow-up</th>"
					+ "<th>Change</th><th>Change %</th><th>SDC</th></tr>\n");
			for (final Comparison.Change ch : c.lesions())
				changeRow(h, ch, ch.metric().endsWith("grade") || ch.metric().equals("count") ? 0 : 1);
			h.append("</table>\n");
		}
		final OrderedValues ov = c.orderedValues();
		if (ov.all().length > 0) {
			h.append("<h2>Ordered values of subregional thickness change (Buck et al. 2009)</h2>\n<table><tr><th>OV</th>");
			for (int i = 0; i < ov.all().length; i++)
				h.append("<th>").append(i + 1).append("</th>");
			h.append("</tr>\n<tr><td>ΔThCtAB (mm)</td>");
			for (final double v : ov.all())
				h.append("<td>").append(fmt(v, 3)).append("</td>");
			h.append("</tr></table>\n<p>Total thinning score ").append(fmt(ov.thinning(), 3)).append(" mm, thickening score ")
					.append(fmt(ov.thickening(), 3)).append(" mm (changes beyond ± ").append(fmt(ov.threshold(), 2)).append(" mm).</p>\n");
		}
		figures(h, images);
		final Map<String, String> provenance = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : c.baseline().provenance().entrySet())
			provenance.put("baseline " + e.getKey(), e.getValue());
		for (final Map.Entry<String, String> e : c.followUp().provenance().entrySet())
			provenance.put("follow-up " + e.getKey(), e.getValue());
		final List<String> qc = new ArrayList<>();
		for (final String q : c.baseline().qc())
			qc.add("baseline: " + q);
		for (final String q : c.followUp().qc())
			qc.add("follow-up: " + q);
		tail(h, qc, provenance);
		save(h, path);
	}

	private static void changeRow(final StringBuilder h, final Comparison.Change ch, final int digits) {
		final String cls = ch.exceedsSdc() ? " class=\"sdc\"" : "";
		h.append("<tr><td>").append(esc(ch.region())).append("</td><td>").append(esc(ch.metric())).append(" (").append(esc(Metrics.unit(ch.metric())))
				.append(")</td><td>").append(fmt(ch.baseline(), digits)).append("</td><td>").append(fmt(ch.followUp(), digits)).append("</td><td")
				.append(cls).append(">").append(signed(ch.change(), digits)).append("</td><td").append(cls).append(">").append(signed(ch.changePct(), 1))
				.append("</td><td>").append(fmt(ch.sdc(), digits)).append("</td></tr>\n");
	}

	/** Plates and aggregates first in the table's order, then anything else in the given order. */
	private static List<String> ordered(final Iterable<String> regions) {
		final List<String> all = new ArrayList<>();
		regions.forEach(all::add);
		final List<String> out = new ArrayList<>();
		for (final String p : KneeAnalysis.SUMMARY_REGIONS)
			if (all.contains(p))
				out.add(p);
		for (final String r : all)
			if (!out.contains(r))
				out.add(r);
		return out;
	}

	private static int digits(final String metric) {
		return metric.startsWith("Th") ? 3 : metric.equals("dAB") ? 1 : 0;
	}

	private static String side(final ScanReport r) {
		return r.side().name().toLowerCase(Locale.ROOT) + (r.sideSource().isEmpty() ? "" : " (" + r.sideSource() + ")");
	}

	private static void head(final StringBuilder h, final String title) {
		h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title><style>")
				.append(STYLE).append("</style></head><body>\n");
	}

	private static void meta(final StringBuilder h, final List<String> pairs) {
		h.append("<table class=\"meta\">");
		for (int i = 0; i + 1 < pairs.size(); i += 2)
			h.append("<tr><td>").append(esc(pairs.get(i))).append("</td><td><b>").append(esc(pairs.get(i + 1))).append("</b></td></tr>");
		h.append("</table>\n");
	}

	private static void figures(final StringBuilder h, final Map<String, BufferedImage> images) throws IOException {
		if (images.isEmpty())
			return;
		h.append("<h2>Maps and overlays</h2>\n");
		for (final Map.Entry<String, BufferedImage> e : images.entrySet()) {
			final ByteArrayOutputStream png = new ByteArrayOutputStream();
			if (!ImageIO.write(e.getValue(), "png", png))
				throw new IOException("no PNG writer in this Java runtime");
			h.append("<figure><img alt=\"").append(esc(e.getKey())).append("\" src=\"data:image/png;base64,")
					.append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\"><figcaption>").append(esc(e.getKey()))
					.append("</figcaption></figure>\n");
		}
	}

	private static void tail(final StringBuilder h, final List<String> qc, final Map<String, String> provenance) {
		h.append("<h2>Quality control</h2>\n");
		if (qc.isEmpty())
			h.append("<p>No notes.</p>\n");
		else {
			h.append("<ul>");
			for (final String q : qc)
				h.append("<li>").append(esc(q)).append("</li>");
			h.append("</ul>\n");
		}
		h.append("<h2>Provenance</h2>\n<table class=\"meta\">");
		for (final Map.Entry<String, String> e : provenance.entrySet())
			h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue())).append("</td></tr>");
		h.append("</table>\n<p class=\"note\">ChondroJ. Research software, not a medical device. Nomenclature: Eckstein et al., "
				+ "Osteoarthritis Cartilage 2006; subregions: Wirth &amp; Eckstein, IEEE TMI 2008.</p>\n</body></html>\n");
	}

	private static void save(final StringBuilder h, final Path path) throws IOException {
		AtomicFiles.write(path, out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			w.print(h);
			w.flush();
		});
	}

	private static String fmt(final double v, final int digits) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
	}

	private static String signed(final double v, final int digits) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%+." + digits + "f", v) : "–";
	}

	/** HTML-escapes text. */
	static String esc(final String s) {
		final StringBuilder b = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			switch (c) {
			case '<':
				b.append("&lt;");
				break;
			case '>':
				b.append("&gt;");
				break;
			case '&':
				b.append("&amp;");
				break;
			case '"':
				b.append("&quot;");
				break;
			default:
				b.append(c);
			}
		}
		return b.toString();
	}
}
