package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj compare BASELINE FOLLOWUP --out DIR [--baseline-labels FILE] [--followup-labels FILE]
 * [--label-preset NAME | --labels-mapping TEXT] [--side left|right] [--force] [--weight-bearing F]}: two visits of
 * one knee.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, header = "Compares a baseline and a follow-up scan of one knee.", description = {
		"Compares a baseline and a follow-up scan of one knee: cartilage thickness, volume and areas per plate and subregion, the ordered "
				+ "values of subregional thickness change (Buck 2009) and bone-marrow lesions, each change flagged against the smallest detectable change.",
		"Each of BASELINE and FOLLOWUP is an earlier result (a folder written by analyze, or its results.json), a label map file, or an "
				+ "image (DICOM folder or volume file) given with its label map (--baseline-labels, --followup-labels). Writes DIR/results.json, "
				+ "measurements.csv, report.html and, for the scans measured in this run, DIR/baseline/ and DIR/follow-up/ (as analyze writes); "
				+ "DIR appears whole or not at all." })
final class CompareCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "BASELINE", description = "the baseline: a results folder or results.json, a label map, or an image")
	Path baseline;

	@Parameters(index = "1", paramLabel = "FOLLOWUP", description = "the follow-up, likewise")
	Path followUp;

	@Option(names = "--baseline-labels", paramLabel = "FILE", description = "the baseline's label map when BASELINE is its image")
	Path baselineLabels;

	@Option(names = "--followup-labels", paramLabel = "FILE", description = "the follow-up's label map when FOLLOWUP is its image")
	Path followUpLabels;

	@Mixin
	MeasurementOptions measurement;

	@Option(names = "--force", description = "compare even scans of different sides or subjects")
	boolean force;

	@Option(names = "--quiet", description = "no stage lines on the error stream while it works")
	boolean quiet;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "the output folder to create (must not exist, or be empty)")
	Path out;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		final Comparison.Options comparison = force ? Comparison.Options.defaults().forced() : Comparison.Options.defaults();
		final KneeAnalyzer analyzer = measurement.analyzer().toBuilder().comparison(comparison)
				.progress(new StageLines(spec.commandLine().getErr(), quiet)).build();
		final Path folder = out.toAbsolutePath().normalize();
		final VisitComparison[] result = new VisitComparison[1];
		// the folder is checked first and appears only when everything is written
		AtomicFiles.writeFolder(folder, temp -> {
			result[0] = analyzer.compare(baseline, baselineLabels, followUp, followUpLabels);
			KneeAnalyzer.writeInto(result[0], temp);
		});
		final PrintWriter p = spec.commandLine().getOut();
		print(p, result[0].comparison());
		p.printf(Locale.ROOT, "  results  %s%n  report   %s%n", KneeAnalyzer.resultsFile(folder), KneeAnalyzer.reportFile(folder));
		return 0;
	}

	/**
	 * The change table: per plate and aggregate ThCtAB at both visits, its change in mm and %, VC's change in %, a * where
	 * a change exceeds the smallest detectable change; the lesion volume per compartment that has lesions at either visit.
	 */
	static void print(final PrintWriter p, final Comparison c) {
		p.printf(Locale.ROOT, "%s -> %s: %s knee, %s%n", c.baseline().scan(), c.followUp().scan(), c.baseline().side().name().toLowerCase(Locale.ROOT),
				Double.isNaN(c.years()) ? "interval unknown (no study dates)" : String.format(Locale.ROOT, "%.2f years apart", c.years()));
		p.printf(Locale.ROOT, "  %-5s %-40s  %s%n", "", "ThCtAB", "VC");
		p.printf(Locale.ROOT, "  %-5s %9s %9s %10s %8s  %8s%n", "plate", "baseline", "follow-up", "change", "change", "change");
		for (final Region region : Region.SUMMARY) {
			final Comparison.Change t = c.change(region, Metric.ThCtAB), v = c.change(region, Metric.VC);
			if (t == null)
				continue;
			final String vc = v == null || !Double.isFinite(v.changePct()) ? "     -"
					: String.format(Locale.ROOT, "%+6.1f %%%s", v.changePct(), v.exceedsSdc() ? "*" : "");
			p.printf(Locale.ROOT, "  %-5s %6.3f mm %6.3f mm %+7.3f mm %+6.1f %%%s %s%n", region, t.baseline(), t.followUp(), t.change(), t.changePct(),
					t.exceedsSdc() ? "*" : " ", vc);
		}
		final StringBuilder moaks = new StringBuilder();
		for (final Comparison.LesionChange l : c.lesions())
			if (l.region() instanceof Compartment && l.metric() == LesionMetric.VOLUME && (l.baseline() > 0 || l.followUp() > 0))
				p.printf(Locale.ROOT, "  lesion %-3s %6.0f -> %6.0f mm3 (%+.0f mm3, %s)%s%n", l.region().key(), l.baseline(), l.followUp(), l.change(),
						Double.isFinite(l.changePct()) ? String.format(Locale.ROOT, "%+.1f %%", l.changePct()) : "new", l.exceedsSdc() ? " *" : "");
			else if (l.region() instanceof MoaksSubregion && l.metric() == LesionMetric.MOAKS_GRADE && (l.baseline() > 0 || l.followUp() > 0))
				moaks.append(String.format(Locale.ROOT, "%s %.0f->%.0f  ", l.region().key(), l.baseline(), l.followUp()));
		if (moaks.length() > 0)
			p.printf(Locale.ROOT, "  MOAKS size  %s%n", moaks.toString().strip());
		p.printf(Locale.ROOT, "  * beyond the smallest detectable change (95 %% limit of test-retest differences)%n");
		for (final QcFlag f : c.baseline().flags())
			p.printf(Locale.ROOT, "  FLAG (baseline) %s%n", f);
		for (final QcFlag f : c.followUp().flags())
			p.printf(Locale.ROOT, "  FLAG (follow-up) %s%n", f);
		for (final String q : c.baseline().qc())
			p.printf(Locale.ROOT, "  check (baseline): %s%n", q);
		for (final String q : c.followUp().qc())
			p.printf(Locale.ROOT, "  check (follow-up): %s%n", q);
	}
}
