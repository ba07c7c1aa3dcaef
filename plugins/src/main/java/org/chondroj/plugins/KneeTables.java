package org.chondroj.plugins;

import org.chondroj.knee.QcFlag;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

import ij.measure.ResultsTable;

/**
 * ChondroJ's results as ImageJ {@link ResultsTable}s, with the metric keys of docs/DESIGN.md as column headings (units in
 * {@link Metric#unit}: VC mm³; tAB, cAB, AC mm²; dAB %; ThCcAB, ThCtAB, ThCcAB_max, ThCcAB_sd mm). Values are copied
 * unrounded (a value not measured is NaN); the tables show and save {@value #DECIMALS} decimals.
 */
public final class KneeTables {

	/** Decimals shown and saved. */
	public static final int DECIMALS = 6;

	private KneeTables() {
	}

	/**
	 * One row per region of the report, in its order (the plates MT, LT, cMF, cLF, pMF, pLF, TrF, P, the aggregates MFTC
	 * and LFTC, then the subregions): columns Scan, Region, then every {@link Metric}, then QC_flags: the scan's
	 * quality-control flags ({@link #flagCodes}), the same on every row, so that a macro reading any row sees them.
	 */
	public static ResultsTable cartilage(final ScanReport report) {
		final ResultsTable t = table();
		final String flags = flagCodes(report);
		for (final Region region : report.regions().keySet()) {
			t.addRow();
			t.addValue("Scan", report.scan());
			t.addValue("Region", region.key());
			for (final Metric key : Metric.values())
				t.addValue(key.key(), report.value(region, key));
			t.addValue("QC_flags", flags);
		}
		return decimals(t);
	}

	/**
	 * The report's quality-control flags as one text: each flag's code, with its subject in brackets, separated by
	 * spaces (e.g. {@code cartilage_fragmented(femoral_cartilage) thick_slices}); {@code none} without flags.
	 */
	public static String flagCodes(final ScanReport report) {
		final StringBuilder b = new StringBuilder();
		for (final QcFlag f : report.flags())
			b.append(b.length() == 0 ? "" : " ").append(f.kind().code()).append(f.subject().isEmpty() ? "" : "(" + f.subject() + ")");
		return b.length() == 0 ? "none" : b.toString();
	}

	/**
	 * One row per lesion compartment (MF, LF, MT, LT, TrF, P), then per MOAKS subregion (PM, …, SS): columns Scan,
	 * Region, then every {@link LesionMetric}.
	 */
	public static ResultsTable lesions(final ScanReport report) {
		final ResultsTable t = table();
		for (final LesionRegion c : report.lesions().keySet()) {
			t.addRow();
			t.addValue("Scan", report.scan());
			t.addValue("Region", c.key());
			for (final LesionMetric key : LesionMetric.values())
				t.addValue(key.key(), report.lesionValue(c, key));
		}
		return decimals(t);
	}

	/**
	 * The change between visits, one row per region (or lesion compartment) and metric, as the comparison's
	 * {@code measurements.csv}: Region, Metric, Baseline, Followup, Change, Change_pct, Exceeds_SDC (1 or 0), Unit.
	 */
	public static ResultsTable changes(final Comparison c) {
		final ResultsTable t = table();
		for (final Comparison.Entry ch : c.entries())
			change(t, ch);
		return decimals(t);
	}

	private static void change(final ResultsTable t, final Comparison.Entry ch) {
		t.addRow();
		t.addValue("Region", ch.regionKey());
		t.addValue("Metric", ch.metricKey());
		t.addValue("Baseline", ch.baseline());
		t.addValue("Followup", ch.followUp());
		t.addValue("Change", ch.change());
		t.addValue("Change_pct", ch.changePct());
		t.addValue("Exceeds_SDC", ch.exceedsSdc() ? 1 : 0);
		t.addValue("Unit", ch.unit());
	}

	/**
	 * Shows a table in the window {@code title}. ImageJ's Results table takes the decimals of Analyze &gt; Set
	 * Measurements when shown (3 by default); they are set back to {@value #DECIMALS} afterwards, so that
	 * {@code saveAs("Results", …)} and macros get {@value #DECIMALS} decimals whatever the window shows.
	 */
	public static void show(final ResultsTable t, final String title) {
		t.show(title);
		t.setPrecision(DECIMALS);
		decimals(t);
	}

	/** {@value #DECIMALS} decimals in every column. */
	private static ResultsTable decimals(final ResultsTable t) {
		for (int c = 0; c <= t.getLastColumn(); c++)
			if (t.columnExists(c))
				t.setDecimalPlaces(c, DECIMALS);
		return t;
	}

	private static ResultsTable table() {
		final ResultsTable t = new ResultsTable();
		t.setPrecision(DECIMALS);
		t.showRowNumbers(false);
		t.setNaNEmptyCells(false);
		return t;
	}
}
