package org.chondroj.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.Json;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.KnownChange;
import org.chondroj.knee.compare.OrderedValues;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

/**
 * {@code report.html}: one self-contained, printable page for a scan or a comparison, the kind of summary an imaging
 * core lab sends to a sponsor: a header (scan(s), study dates and interval, side and how it was decided,
 * weight-bearing fraction, inputs, ChondroJ version), the table of plates with their values (and for a comparison
 * baseline, follow-up, change, percent change, and a bold * where the change exceeds the smallest detectable change),
 * the lesions, the ordered values, the images (thickness or change maps, label overlays: embedded as PNG data URIs, so
 * the page needs no other file and no network), the quality notes and the provenance. Plain HTML and CSS, no
 * scripts; A4 print styles. Written atomically.
 */
public final class HtmlReport {

	/** How the captions of thickness change maps begin ({@link ComparisonOutputs}), for the note that explains them. */
	static final String CHANGE_MAP_CAPTION = "Thickness change of the ";

	private static final List<Metric> SUMMARY_METRICS = List.of(Metric.ThCtAB, Metric.ThCcAB, Metric.VC, Metric.tAB, Metric.cAB, Metric.dAB, Metric.AC);

	/** Lesion metric → column header. */
	private static final Map<LesionMetric, String> LESION_HEADERS = Map.of(LesionMetric.VOLUME, "Volume (mm³)", LesionMetric.SHARE,
			"Share of subchondral bone (%)", LesionMetric.COUNT, "Count", LesionMetric.LARGEST_DIAMETER, "Largest diameter (mm)",
			LesionMetric.MOAKS_GRADE, "MOAKS size", LesionMetric.WORMS_GRADE, "WORMS size");

	/**
	 * The pages' style sheet ({@code report.css} beside this class: one rule per line, for reading), joined into one line
	 * as the pages carry it.
	 */
	private static final String STYLE = style();

	private HtmlReport() {
	}

	private static String style() {
		try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
			if (in == null)
				throw new IllegalStateException("report.css is missing from the report jar");
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "");
		} catch (final IOException e) {
			throw new UncheckedIOException("report.css cannot be read from the report jar", e);
		}
	}

	/** Writes the report of one scan; {@code images} maps captions to images (may be empty). */
	public static void write(final ScanReport r, final Map<String, BufferedImage> images, final Path path) throws IOException {
		final StringBuilder h = new StringBuilder();
		head(h, "ChondroJ report: " + r.scan());
		h.append("<h1>Knee cartilage and bone-marrow lesion report</h1>\n");
		final List<String> meta = new ArrayList<>(List.of("Scan", r.scan() + date(r), "Side", side(r), "Weight-bearing fraction",
				fmt(r.weightBearingFraction(), 2) + " (cMF, cLF)"));
		for (final String k : List.of("subject", "image", "labels"))
			if (r.provenance().containsKey(k))
				meta.addAll(List.of(k.substring(0, 1).toUpperCase(Locale.ROOT) + k.substring(1), r.provenance().get(k)));
		meta.addAll(List.of("ChondroJ", r.provenance().getOrDefault("chondroj_version", "unknown")));
		meta(h, meta);
		flags(h, r.flags());
		h.append("<h2>Cartilage, plates</h2>\n<table><tr><th>Region</th>");
		for (final Metric m : SUMMARY_METRICS)
			h.append("<th>").append(m.key()).append(" (").append(esc(unit(m.unit()))).append(")</th>");
		h.append("</tr>\n");
		for (final Region region : ordered(r.regions().keySet())) {
			h.append("<tr><td>").append(esc(region.key())).append("</td>");
			for (final Metric m : SUMMARY_METRICS)
				h.append("<td>").append(fmt(r.value(region, m), digits(m))).append("</td>");
			h.append("</tr>\n");
		}
		h.append("</table>\n");
		if (!r.lesions().isEmpty()) {
			h.append("<h2>Bone-marrow lesions</h2>\n");
			lesionTable(h, r, "Compartment", Compartment.class, true);
			lesionTable(h, r, "MOAKS subregion", MoaksSubregion.class, false);
		}
		figures(h, "Maps and overlays", images, false);
		qc(h, r.qc());
		h.append("<h2>Provenance</h2>\n<table class=\"meta prov\">");
		for (final Map.Entry<String, String> e : r.provenance().entrySet())
			h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue())).append("</td></tr>");
		h.append("</table>\n");
		footer(h);
		save(h, path);
	}

	/**
	 * The lesion measures of the regions of one kind: every compartment ({@code all}), or the MOAKS subregions with a
	 * lesion and a note naming those without.
	 */
	private static void lesionTable(final StringBuilder h, final ScanReport r, final String title, final Class<? extends LesionRegion> kind,
			final boolean all) {
		final List<String> none = new ArrayList<>();
		final StringBuilder rows = new StringBuilder();
		for (final LesionRegion c : r.lesions().keySet()) {
			if (!kind.isInstance(c))
				continue;
			if (!all && !(r.lesionValue(c, LesionMetric.VOLUME) > 0)) {
				none.add(c.key());
				continue;
			}
			rows.append("<tr><td>").append(esc(c.key())).append("</td>");
			for (final LesionMetric m : LesionMetric.values())
				rows.append("<td>").append(fmt(r.lesionValue(c, m), m.integral() ? 0 : 1)).append("</td>");
			rows.append("</tr>\n");
		}
		if (rows.length() > 0) {
			h.append("<table><tr><th>").append(esc(title)).append("</th>");
			for (final LesionMetric m : LesionMetric.values())
				h.append("<th>").append(esc(LESION_HEADERS.get(m))).append("</th>");
			h.append("</tr>\n").append(rows).append("</table>\n");
		}
		if (!none.isEmpty())
			h.append("<p class=\"note\">").append(esc(title)).append("s without a lesion (MOAKS size 0): ").append(esc(String.join(", ", none)))
					.append(". The MOAKS subregions' boundaries are geometric stand-ins for the menisci's horns and the patellar ridge (docs/DESIGN.md).</p>\n");
	}

	/** Writes the report of a comparison; {@code images} maps captions to images (shown two per row). */
	public static void write(final Comparison c, final Map<String, BufferedImage> images, final Path path) throws IOException {
		write(c, Map.of(), images, KnownChange.NONE, path);
	}

	/**
	 * Writes the report of a comparison: a header (the scans, their study dates, the interval, the side, the
	 * weight-bearing fraction, the inputs, the ChondroJ version), the quality-control flags, a summary in words with
	 * the changes beyond the smallest detectable change first (largest first, marked), then the plates' ThCtAB and VC at
	 * both visits with their change and the SDC marks, the subregions' ThCtAB change, the ordered values with the
	 * thinning and thickening scores, the lesions per compartment, the images two per row (baseline left, follow-up
	 * right), the quality notes of both scans and their provenance side by side. A known change (a phantom's design)
	 * is shown beside the measured one. Every region and metric is in the comparison's {@code measurements.csv}; the
	 * report shows a sober selection.
	 *
	 * @param inputs header rows to add (e.g. "Baseline input" → the path and how it was read), in order
	 * @param images caption → image, in display order (pairs: baseline then follow-up)
	 * @param known  a change known independently, or {@link KnownChange#NONE}
	 */
	public static void write(final Comparison c, final Map<String, String> inputs, final Map<String, BufferedImage> images, final KnownChange known,
			final Path path) throws IOException {
		final ScanReport a = c.baseline(), b = c.followUp();
		final StringBuilder h = new StringBuilder();
		head(h, "ChondroJ comparison: " + a.scan() + " vs " + b.scan());
		h.append("<h1>Knee cartilage change report</h1>\n");
		final List<String> meta = new ArrayList<>(List.of("Baseline", a.scan() + date(a), "Follow-up", b.scan() + date(b), "Interval",
				Double.isNaN(c.years()) ? "unknown (the scans carry no study dates)" : fmt(c.years(), 2) + " years (from the study dates)", "Side",
				side(a)));
		final String subject = a.provenance().get("subject");
		if (subject != null && subject.equals(b.provenance().get("subject")))
			meta.addAll(List.of("Subject", subject));
		meta.addAll(List.of("Weight-bearing fraction", fmt(a.weightBearingFraction(), 2) + " (cMF, cLF)"));
		for (final Map.Entry<String, String> e : inputs.entrySet())
			meta.addAll(List.of(e.getKey(), e.getValue()));
		meta.addAll(List.of("ChondroJ", versions(a, b)));
		meta(h, meta);
		final List<QcFlag> flags = new ArrayList<>();
		for (final QcFlag f : a.flags())
			flags.add(new QcFlag(f.kind(), "baseline" + (f.subject().isEmpty() ? "" : " " + f.subject()), f.message()));
		for (final QcFlag f : b.flags())
			flags.add(new QcFlag(f.kind(), "follow-up" + (f.subject().isEmpty() ? "" : " " + f.subject()), f.message()));
		flags(h, flags);
		summary(h, c, flags.size(), known);

		// plates: ThCtAB and VC
		final boolean knownThickness = !known.thickness().isEmpty();
		h.append("<h2>Cartilage thickness and volume, plates</h2>\n");
		h.append("<table><tr><th rowspan=\"2\">Region</th><th colspan=\"").append(knownThickness ? 6 : 5)
				.append("\">ThCtAB (mm)</th><th colspan=\"4\">VC (mm³)</th><th rowspan=\"2\">dAB (%)<br>baseline → follow-up</th></tr>\n"
						+ "<tr><th>Baseline</th><th>Follow-up</th><th>Change</th>")
				.append(knownThickness ? "<th>Known change</th>" : "").append("<th>Change %</th>"
						+ "<th>SDC</th><th>Baseline</th><th>Follow-up</th><th>Change</th><th>Change %</th></tr>\n");
		for (final Region region : Region.SUMMARY) {
			final Comparison.Change t = c.change(region, Metric.ThCtAB), v = c.change(region, Metric.VC), d = c.change(region, Metric.dAB);
			if (t == null && v == null)
				continue;
			h.append("<tr><td>").append(esc(region.key())).append("</td>");
			changeCells(h, t, 3, true, knownThickness ? known.thickness(region) : null);
			changeCells(h, v, 0, false, null);
			h.append("<td>").append(d == null ? "–" : fmt(d.baseline(), 1) + " → " + fmt(d.followUp(), 1)).append("</td></tr>\n");
		}
		h.append("</table>\n<p class=\"note\">Change = follow-up − baseline")
				.append(knownThickness ? "; known change: " + esc(known.source()) : "").append(". <b>Bold*</b>: the change exceeds the smallest detectable change "
				+ "(SDC = 1.96·√2 × the test–retest precision: ThCtAB ").append(esc(precision(c, Metric.ThCtAB.key(), Metric.ThCtAB.unit()))).append(", VC ")
				.append(esc(precision(c, Metric.VC.key(), Metric.VC.unit()))).append(", after Eckstein et al., Ann Rheum Dis 2006; subregions 1.5 × that). Every region and metric "
						+ "is in measurements.csv.</p>\n");

		// subregions: ThCtAB change, medial beside lateral
		if (c.change(Region.cMT, Metric.ThCtAB) != null || c.change(Region.cLT, Metric.ThCtAB) != null) {
			h.append("<h2>Subregional thickness change, ThCtAB (mm)</h2>\n<table><tr>");
			for (int k = 0; k < 2; k++)
				h.append("<th>").append(k == 0 ? "Medial" : "Lateral").append("</th><th>Baseline</th><th>Follow-up</th><th>Change</th>");
			h.append("</tr>\n");
			for (int i = 0; i < OrderedValues.MEDIAL.size(); i++) {
				h.append("<tr>");
				for (final List<Region> side : List.of(OrderedValues.MEDIAL, OrderedValues.LATERAL)) {
					final Comparison.Change ch = c.change(side.get(i), Metric.ThCtAB);
					h.append("<td>").append(esc(side.get(i).key())).append("</td>");
					if (ch == null)
						h.append("<td>–</td><td>–</td><td>–</td>");
					else
						h.append("<td>").append(fmt(ch.baseline(), 3)).append("</td><td>").append(fmt(ch.followUp(), 3)).append("</td>")
								.append(changeCell(ch.change(), ch.exceedsSdc(), 3));
				}
				h.append("</tr>\n");
			}
			h.append("</table>\n");
		}

		// ordered values
		final OrderedValues ov = c.orderedValues();
		if (ov.all().length > 0) {
			h.append("<h2>Ordered values of subregional thickness change (Buck et al. 2009)</h2>\n"
					+ "<table><tr><th>ΔThCtAB (mm)</th><th>all subregions</th><th>medial</th><th>lateral</th></tr>\n");
			for (int i = 0; i < ov.all().length; i++)
				h.append("<tr><td>OV").append(i + 1).append("</td>").append(ovCell(ov.all(), i)).append(ovCell(ov.medial(), i))
						.append(ovCell(ov.lateral(), i)).append("</tr>\n");
			h.append("</table>\n<p>Total thinning score <b>").append(fmt(ov.thinning(), 3)).append(" mm</b>, total thickening score <b>")
					.append(fmt(ov.thickening(), 3)).append(" mm</b> (sums of the subregion changes beyond ± ").append(fmt(ov.threshold(), 2))
					.append(" mm). OV1 is the largest thinning, the last the largest thickening, wherever they are.</p>\n");
		}

		// lesions, one row per compartment and MOAKS subregion with a lesion at either visit
		final List<LesionRegion> compartments = new ArrayList<>();
		final List<String> none = new ArrayList<>();
		for (final Comparison.LesionChange ch : c.lesions())
			if (ch.metric() == LesionMetric.VOLUME)
				if (ch.baseline() > 0 || ch.followUp() > 0)
					compartments.add(ch.region());
				else if (ch.region() instanceof Compartment)
					none.add(ch.region().key());
		if (!compartments.isEmpty()) {
			final boolean knownVolume = !known.lesionVolume().isEmpty();
			h.append("<h2>Bone-marrow lesions</h2>\n<table><tr><th rowspan=\"2\">Compartment or MOAKS subregion</th><th colspan=\"").append(knownVolume ? 5 : 4)
					.append("\">Volume (mm³)</th><th colspan=\"4\">baseline → follow-up</th></tr>\n<tr><th>Baseline</th><th>Follow-up</th><th>Change</th>")
					.append(knownVolume ? "<th>Known change</th>" : "")
					.append("<th>Change %</th><th>Count</th><th>Largest diameter (mm)</th><th>MOAKS size</th><th>WORMS size</th></tr>\n");
			for (final LesionRegion comp : compartments) {
				final Comparison.LesionChange vol = c.change(comp, LesionMetric.VOLUME);
				h.append("<tr><td>").append(esc(comp.key())).append("</td>");
				if (vol == null)
					h.append("<td>–</td><td>–</td><td>–</td><td>–</td>").append(knownVolume ? "<td>–</td>" : "");
				else
					h.append("<td>").append(fmt(vol.baseline(), 0)).append("</td><td>").append(fmt(vol.followUp(), 0)).append("</td>")
							.append(changeCell(vol.change(), vol.exceedsSdc(), 0))
							.append(knownVolume ? "<td>" + signed(known.lesionVolume(comp), 0) + "</td>" : "")
							.append(changeCell(vol.changePct(), vol.exceedsSdc(), 1));
				for (final LesionMetric m : List.of(LesionMetric.COUNT, LesionMetric.LARGEST_DIAMETER, LesionMetric.MOAKS_GRADE, LesionMetric.WORMS_GRADE)) {
					final Comparison.LesionChange ch = c.change(comp, m);
					final int digits = m.integral() ? 0 : 1;
					h.append(ch == null ? "<td>–</td>"
							: cell(fmt(ch.baseline(), digits) + " → " + fmt(ch.followUp(), digits), ch.exceedsSdc() && ch.change() != 0));
				}
				h.append("</tr>\n");
			}
			h.append("</table>\n<p class=\"note\">").append(none.isEmpty() ? "" : "No lesions at either visit in " + esc(String.join(", ", none)) + ". ")
					.append("Lesion volume SDC from ").append(esc(precision(c, LesionMetric.VOLUME.key(), LesionMetric.VOLUME.unit())))
					.append(" (our assumption, not a published figure); a count or grade change of a whole step is marked where the volume changed beyond its SDC too.</p>\n");
		} else if (!none.isEmpty())
			h.append("<h2>Bone-marrow lesions</h2>\n<p>No lesions at either visit (").append(esc(String.join(", ", none))).append(").</p>\n");

		if (images.isEmpty())
			h.append("<h2>Maps</h2>\n<p class=\"note\">No maps: maps are made from the bone surfaces of scans measured in this run; a scan read "
					+ "from an earlier results.json has its measures only.</p>\n");
		else {
			figures(h, "Maps: baseline left, follow-up right, on the same scale", images, true);
			if (images.keySet().stream().anyMatch(k -> k.startsWith(CHANGE_MAP_CAPTION)))
				h.append("<p class=\"note\">Thickness change maps: follow-up minus baseline on the follow-up's bone surface after rigid registration "
						+ "of the bones; red thinning, blue thickening. White is no change, and also where neither visit has cartilage: a defect present "
						+ "at both visits shows as a white patch whose rim may alternate red and blue where its edge was resampled.</p>\n");
		}
		final Map<String, String[]> provenance = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : a.provenance().entrySet())
			provenance.computeIfAbsent(e.getKey(), k -> new String[] { "–", "–" })[0] = e.getValue();
		for (final Map.Entry<String, String> e : b.provenance().entrySet())
			provenance.computeIfAbsent(e.getKey(), k -> new String[] { "–", "–" })[1] = e.getValue();
		final List<String> qc = new ArrayList<>();
		for (final String q : a.qc())
			qc.add("baseline: " + q);
		for (final String q : b.qc())
			qc.add("follow-up: " + q);
		qc(h, qc);
		h.append("<h2>Provenance</h2>\n<table class=\"prov\"><tr><th></th><th>Baseline</th><th>Follow-up</th></tr>");
		for (final Map.Entry<String, String[]> e : provenance.entrySet())
			h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(e.getValue()[0])).append("</td><td>")
					.append(esc(e.getValue()[1])).append("</td></tr>");
		h.append("</table>\n");
		footer(h);
		save(h, path);
	}

	/**
	 * The summary at the top of a comparison: in words, the changes that exceed the smallest detectable change of their
	 * measure (ThCtAB and VC of every region, lesion volume and MOAKS size per compartment), largest first relative to
	 * their SDC, or that none does; then the same changes as a table, marked; a pointer to the quality-control flags
	 * when there are any, and to the known change when there is one.
	 */
	private static void summary(final StringBuilder h, final Comparison c, final int flags, final KnownChange known) {
		final List<Comparison.Entry> beyond = new ArrayList<>();
		for (final Comparison.Change ch : c.cartilage())
			if (ch.exceedsSdc() && (ch.metric() == Metric.ThCtAB || ch.metric() == Metric.VC) && Double.isFinite(ch.change()))
				beyond.add(ch);
		for (final Comparison.LesionChange ch : c.lesions())
			if (ch.exceedsSdc() && ch.change() != 0 && Double.isFinite(ch.change())
					&& (ch.metric() == LesionMetric.VOLUME && ch.region() instanceof Compartment || ch.metric() == LesionMetric.MOAKS_GRADE))
				beyond.add(ch); // a MOAKS subregion's volume is part of its compartment's, named already; its grade is its own
		beyond.sort(Comparator.comparingDouble(e -> -relative(e)));
		h.append("<h2>Summary</h2>\n<p class=\"summary\">");
		if (beyond.isEmpty())
			h.append("No change between the visits exceeds the smallest detectable change (SDC) of its measure: the differences in the tables "
					+ "below are within the test–retest precision of the measurement and are not findings on their own.");
		else {
			h.append(beyond.size() == 1 ? "One change exceeds" : beyond.size() + " changes exceed")
					.append(" the smallest detectable change (SDC) of its measure, largest first relative to the SDC: ");
			final List<String> words = new ArrayList<>();
			for (final Comparison.Entry e : beyond.subList(0, Math.min(4, beyond.size())))
				words.add(inWords(e));
			h.append(esc(String.join("; ", words)));
			if (beyond.size() > 4)
				h.append("; and ").append(beyond.size() - 4).append(" more in the table");
			h.append(". The other differences in the tables below are within the test–retest precision of the measurement.");
		}
		if (flags > 0)
			h.append(" <b>Check the ").append(flags == 1 ? "quality-control flag" : flags + " quality-control flags")
					.append(" above before relying on these numbers.</b>");
		if (!known.isEmpty())
			h.append(" The known change (").append(esc(known.source())).append(") is shown beside the measured one.");
		h.append("</p>\n");
		if (beyond.isEmpty())
			return;
		h.append("<table><tr><th>Region</th><th>Measure</th><th>Baseline</th><th>Follow-up</th><th>Change</th>")
				.append(known.isEmpty() ? "" : "<th>Known change</th>").append("<th>Change %</th><th>SDC</th></tr>\n");
		for (final Comparison.Entry e : beyond) {
			final boolean grade = e instanceof Comparison.LesionChange l && l.metric() == LesionMetric.MOAKS_GRADE;
			final int digits = grade ? 0 : e.unit().equals("mm") ? 3 : 0;
			h.append("<tr><td>").append(esc(e.regionKey())).append("</td><td class=\"text\">").append(esc(measure(e))).append("</td><td>")
					.append(fmt(e.baseline(), digits)).append("</td><td>").append(fmt(e.followUp(), digits)).append("</td>")
					.append(changeCell(e.change(), true, digits));
			if (!known.isEmpty())
				h.append("<td>").append(signed(knownChange(e, known), digits)).append("</td>");
			h.append(grade ? "<td>–</td>" : changeCell(e.changePct(), true, 1)).append("<td>").append(fmt(e.sdc(), digits)).append("</td></tr>\n");
		}
		h.append("</table>\n");
	}

	/** How far beyond its SDC a change is (|change| / SDC; 1 for a grade step, whose SDC is a whole step). */
	private static double relative(final Comparison.Entry e) {
		return e.sdc() > 0 && Double.isFinite(e.sdc()) ? Math.abs(e.change()) / e.sdc() : 1;
	}

	/** The measure of a change, with its unit: "cartilage thickness, ThCtAB (mm)", "lesion volume (mm³)", "lesion MOAKS size". */
	private static String measure(final Comparison.Entry e) {
		if (e instanceof Comparison.Change ch)
			return (ch.metric() == Metric.ThCtAB ? "cartilage thickness, " : ch.metric() == Metric.VC ? "cartilage volume, " : "") + ch.metric().key() + " ("
					+ unit(ch.unit()) + ")";
		final Comparison.LesionChange l = (Comparison.LesionChange) e;
		return l.metric() == LesionMetric.MOAKS_GRADE ? "bone-marrow lesion, MOAKS size" : "bone-marrow lesion volume (" + unit(l.unit()) + ")";
	}

	/** A change in words: "MT cartilage thinned by 0.250 mm (−13.4 %)", "MF bone-marrow lesion grew by 276 mm³ (+100.0 %)". */
	private static String inWords(final Comparison.Entry e) {
		final boolean down = e.change() < 0;
		final String pct = Double.isFinite(e.changePct()) ? " (" + signed(e.changePct(), 1) + " %)" : "";
		if (e instanceof Comparison.Change ch) {
			if (ch.metric() == Metric.ThCtAB)
				return ch.region().key() + " cartilage " + (down ? "thinned" : "thickened") + " by " + fmt(Math.abs(ch.change()), 3) + " mm" + pct;
			return ch.region().key() + " cartilage volume " + (down ? "fell" : "rose") + " by " + fmt(Math.abs(ch.change()), 0) + " mm³" + pct;
		}
		final Comparison.LesionChange l = (Comparison.LesionChange) e;
		if (l.metric() == LesionMetric.MOAKS_GRADE)
			return l.region().key() + " bone-marrow lesion's MOAKS size went from " + fmt(l.baseline(), 0) + " to " + fmt(l.followUp(), 0);
		return l.region().key() + " bone-marrow lesion volume " + (down ? "shrank" : "grew") + " by " + fmt(Math.abs(l.change()), 0) + " mm³" + pct;
	}

	/** The known change of an entry (ThCtAB per region, lesion volume per compartment), NaN when not known. */
	private static double knownChange(final Comparison.Entry e, final KnownChange known) {
		if (e instanceof Comparison.Change ch)
			return ch.metric() == Metric.ThCtAB ? known.thickness(ch.region()) : Double.NaN;
		final Comparison.LesionChange l = (Comparison.LesionChange) e;
		return l.metric() == LesionMetric.VOLUME ? known.lesionVolume(l.region()) : Double.NaN;
	}

	/**
	 * Baseline, follow-up, change, the known change (when {@code known} is not null; NaN: not known), change % (and the
	 * SDC when asked) of one metric; dashes when not measured.
	 */
	private static void changeCells(final StringBuilder h, final Comparison.Entry ch, final int digits, final boolean sdc, final Double known) {
		if (ch == null) {
			h.append("<td>–</td><td>–</td><td>–</td><td>–</td>").append(sdc ? "<td>–</td>" : "").append(known != null ? "<td>–</td>" : "");
			return;
		}
		h.append("<td>").append(fmt(ch.baseline(), digits)).append("</td><td>").append(fmt(ch.followUp(), digits)).append("</td>")
				.append(changeCell(ch.change(), ch.exceedsSdc(), digits)).append(known != null ? "<td>" + signed(known, digits) + "</td>" : "")
				.append(changeCell(ch.changePct(), ch.exceedsSdc(), 1));
		if (sdc)
			h.append("<td>").append(fmt(ch.sdc(), digits)).append("</td>");
	}

	/** A signed change, bold with a * when it exceeds the SDC. */
	private static String changeCell(final double v, final boolean exceeds, final int digits) {
		return cell(signed(v, digits), exceeds);
	}

	/** A cell (text escaped), bold with a * when marked. */
	private static String cell(final String text, final boolean marked) {
		return marked ? "<td class=\"sdc\">" + esc(text) + "*</td>" : "<td>" + esc(text) + "</td>";
	}

	/** The {@code i}-th ordered value, or an empty cell. */
	private static String ovCell(final double[] values, final int i) {
		return "<td>" + (i < values.length ? fmt(values[i], 3) : "") + "</td>";
	}

	/** A metric's precision in words: "CV 3.0 % of the baseline value", "SD 2 %", or both ("…, at least SD 50 mm3"). */
	private static String precision(final Comparison c, final String metric, final String unit) {
		final String d = c.options().precision().describe().get(metric);
		if (d == null)
			return "unknown";
		final List<String> parts = new ArrayList<>();
		for (final String p : d.split(",")) {
			final String[] kv = p.split("=", 2);
			if (kv.length != 2)
				continue;
			final double v = Double.parseDouble(kv[1]);
			if (kv[0].equals("cv"))
				parts.add("CV " + fmt(100 * v, 1) + " % of the baseline value");
			else
				parts.add((parts.isEmpty() ? "SD " : "at least SD ") + Json.number(v) + " " + unit(unit));
		}
		return parts.isEmpty() ? d : String.join(", ", parts);
	}

	/** A unit as a reader writes it: mm³ and mm² for the result files' mm3 and mm2. */
	static String unit(final String unit) {
		return unit.replace("mm3", "mm³").replace("mm2", "mm²");
	}

	/** " (study date YYYY-MM-DD)" from the provenance's study_date, or "". */
	private static String date(final ScanReport r) {
		final String d = r.provenance().get("study_date");
		if (d == null || !d.matches("\\d{8}"))
			return "";
		return " (study date " + d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6) + ")";
	}

	/** The ChondroJ version(s) that measured the scans. */
	private static String versions(final ScanReport a, final ScanReport b) {
		final String va = a.provenance().getOrDefault("chondroj_version", "unknown"), vb = b.provenance().getOrDefault("chondroj_version", "unknown");
		return va.equals(vb) ? va : "baseline " + va + ", follow-up " + vb;
	}

	/** Plates and aggregates first in the table's order, then anything else in the given order. */
	private static List<Region> ordered(final Iterable<Region> regions) {
		final List<Region> all = new ArrayList<>();
		regions.forEach(all::add);
		final List<Region> out = new ArrayList<>();
		for (final Region p : Region.SUMMARY)
			if (all.contains(p))
				out.add(p);
		for (final Region r : all)
			if (!out.contains(r))
				out.add(r);
		return out;
	}

	private static int digits(final Metric metric) {
		return metric.key().startsWith("Th") ? 3 : metric == Metric.dAB ? 1 : 0;
	}

	/**
	 * The side and, in a few words, how it was decided: "right, from the image's metadata; the anatomy agrees". The
	 * side's evidence ({@code ScanReport#sideSource}: the source, the anatomy's votes, a disagreement) is read as
	 * {@code SideEvidence#summary} writes it; the votes stay in results.json.
	 */
	static String side(final ScanReport r) {
		final String side = r.side().name().toLowerCase(Locale.ROOT), src = r.sideSource();
		if (src.isEmpty())
			return side;
		final StringBuilder b = new StringBuilder(side);
		final java.util.regex.Matcher from = java.util.regex.Pattern.compile("^(?:\\w+ \\((\\w+)\\)|(\\w+)$)").matcher(src);
		if (from.find()) {
			final String word = from.group(1) != null ? from.group(1) : from.group(2);
			b.append(switch (word.toLowerCase(Locale.ROOT)) {
			case "user" -> ", as given";
			case "metadata" -> ", from the image's metadata";
			case "anatomy" -> ", from the anatomy";
			default -> ", " + word;
			});
		} else
			return side + " (" + src + ")";
		final java.util.regex.Matcher anatomy = java.util.regex.Pattern.compile("; anatomy says (\\w+)").matcher(src);
		if (anatomy.find() && !"anatomy".equals(from.group(1)))
			b.append(anatomy.group(1).equalsIgnoreCase(side) ? "; the anatomy agrees" : "; the anatomy says " + anatomy.group(1).toLowerCase(Locale.ROOT));
		final int disagreement = src.indexOf("; DISAGREEMENT: ");
		if (disagreement >= 0)
			b.append("; disagreement: ").append(src.substring(disagreement + "; DISAGREEMENT: ".length()));
		return b.toString();
	}

	/** Opens a page in the reports' style (the cohort summary shares it): doctype, title, the style sheet, body. */
	public static void head(final StringBuilder h, final String title) {
		h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title><style>")
				.append(STYLE).append("</style></head><body>\n");
	}

	/** The header table of a report: label, value, label, value, … (escaped here). */
	public static void meta(final StringBuilder h, final List<String> pairs) {
		h.append("<table class=\"meta\">");
		for (int i = 0; i + 1 < pairs.size(); i += 2)
			h.append("<tr><td>").append(esc(pairs.get(i))).append("</td><td><b>").append(esc(pairs.get(i + 1))).append("</b></td></tr>");
		h.append("</table>\n");
	}

	/** The images under a heading, as inline PNGs; {@code half}: two per row. */
	private static void figures(final StringBuilder h, final String heading, final Map<String, BufferedImage> images, final boolean half)
			throws IOException {
		if (images.isEmpty())
			return;
		h.append("<h2>").append(esc(heading)).append("</h2>\n");
		for (final Map.Entry<String, BufferedImage> e : images.entrySet()) {
			final ByteArrayOutputStream png = new ByteArrayOutputStream();
			if (!ImageIO.write(e.getValue(), "png", png))
				throw new IOException("no PNG writer in this Java runtime");
			h.append(half ? "<figure class=\"half\">" : "<figure>").append("<img alt=\"").append(esc(e.getKey()))
					.append("\" width=\"").append(e.getValue().getWidth()).append("\" height=\"").append(e.getValue().getHeight())
					.append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\"><figcaption>")
					.append(esc(e.getKey())).append("</figcaption></figure>\n");
		}
	}

	/**
	 * The quality-control flags as a box at the top of the page: what a reader must check before using the numbers; or
	 * one line saying there is none.
	 */
	private static void flags(final StringBuilder h, final List<QcFlag> flags) {
		if (flags.isEmpty()) {
			h.append("<p class=\"note\">No quality-control flags: nothing known to be wrong with these numbers.</p>\n");
			return;
		}
		h.append("<div class=\"flags\"><b>Check before use: ").append(flags.size())
				.append(flags.size() == 1 ? " quality-control flag" : " quality-control flags").append("</b><ul>");
		for (final QcFlag f : flags)
			h.append("<li><code>").append(esc(f.kind().code())).append("</code> ").append(f.subject().isEmpty() ? "" : "<b>" + esc(f.subject()) + "</b>: ")
					.append(esc(f.message())).append("</li>");
		h.append("</ul></div>\n");
	}

	private static void qc(final StringBuilder h, final List<String> qc) {
		h.append("<h2>Quality control</h2>\n");
		if (qc.isEmpty())
			h.append("<p>No notes.</p>\n");
		else {
			h.append("<ul>");
			for (final String q : qc)
				h.append("<li>").append(esc(q)).append("</li>");
			h.append("</ul>\n");
		}
	}

	/** Closes a page opened by {@link #head} with the reports' footer. */
	public static void footer(final StringBuilder h) {
		h.append("<p class=\"note\">ChondroJ. Research software, not a medical device. Nomenclature: Eckstein et al., "
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

	/** A signed number; one that rounds to zero is +0 (never −0.000). */
	private static String signed(final double v, final int digits) {
		if (!Double.isFinite(v))
			return "–";
		return String.format(Locale.ROOT, "%+." + digits + "f", Math.abs(v) < 0.5 * Math.pow(10, -digits) ? 0.0 : v);
	}

	/**
	 * HTML-escapes text, which may come from a file (a name, a description): markup characters as entities, control
	 * characters but line breaks and tabs as visible escapes ({@link UntrustedText#printableLines}).
	 */
	public static String esc(final String text) {
		final String s = UntrustedText.printableLines(text);
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
