package org.chondroj.knee.compare;

import java.util.LinkedHashMap;
import java.util.Map;

import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

/**
 * How large a change must be before it is more than measurement noise: the smallest detectable change (SDC) per metric,
 * from a test–retest precision. For a metric with a relative precision (root-mean-square coefficient of variation of
 * repeated measurements, RMS CV), SDC = 1.96 · √2 · CV · |baseline| (the 95 % limit of the difference of two
 * independent measurements); for one with an absolute precision (SD in its own unit), SDC = 1.96 · √2 · SD.
 * <p>
 * Defaults (plates; subregions are smaller and less precise and get 1.5 × the plate value):
 * <ul>
 * <li>cartilage thickness (ThCcAB, ThCtAB) 3.0 %, VC 3.5 %, cAB and AC 3.0 %, tAB 2.5 %: Eckstein et al., Ann Rheum
 * Dis 2006;65:433–441 (3 T sagittal DESS with water excitation, the OAI sequence, unpaired test–retest: femorotibial
 * RMS CV 2.3–8.2 %, femoropatellar 3.4–8.5 %; we take the middle of the plate-level thickness range). Paired (blinded
 * time-point) reading is more precise (Brem et al., Skeletal Radiol 2009: ThC 0.8–1.5 %, VC 0.9–1.2 %, tAB
 * 0.6–2.7 %), so these defaults are conservative for automated, reproducible segmentation;</li>
 * <li>the subregion factor 1.5 and the absolute values below are our assumptions, not published figures: dAB 2
 * percentage points; ThCcAB_max 5 % and at least 0.15 mm, ThCcAB_sd 5 % and at least 0.03 mm (a maximum and a spread
 * follow single vertices: between two scans of an unchanged phantom knee, segmented automatically, they moved by up
 * to 0.36 and 0.05 mm); lesion volume 15 % and at least 50 mm³ (as SD); lesion share 2 points; lesion count and
 * grades: any change of a whole step counts ({@link Comparison} counts it only where the region's lesion volume changed
 * beyond its SDC too).</li>
 * </ul>
 * Every value can be overridden ({@link #with}); the precision used is written into the comparison's provenance.
 * Immutable.
 */
public final class Precision {

	/** 1.96 · √2: the 95 % limit of the difference of two measurements, per unit of single-measurement SD. */
	public static final double SDC_FACTOR = 1.96 * Math.sqrt(2);
	/** Subregions ({@link Region#isSubregion()}: cMT, aMT, …, ecMF, ccMF, icMF, …) get this factor on the plate precision. */
	public static final double SUBREGION_FACTOR = 1.5;

	/** metric key → {relative CV (fraction) or NaN, absolute SD or NaN}. */
	private final Map<String, double[]> byMetric;

	private Precision(final Map<String, double[]> byMetric) {
		this.byMetric = byMetric;
	}

	/** The defaults of the class description. */
	public static Precision defaults() {
		final Map<String, double[]> m = new LinkedHashMap<>();
		m.put("ThCcAB", relative(0.030));
		m.put("ThCtAB", relative(0.030));
		m.put("VC", relative(0.035));
		m.put("cAB", relative(0.030));
		m.put("AC", relative(0.030));
		m.put("tAB", relative(0.025));
		m.put("ThCcAB_max", new double[] { 0.05, 0.15 });
		m.put("ThCcAB_sd", new double[] { 0.05, 0.03 });
		m.put("dAB", absolute(2));
		m.put("volume_mm3", new double[] { 0.15, 50 });
		m.put("share_pct", absolute(2));
		m.put("count", absolute(0.5 / SDC_FACTOR));
		m.put("largest_diameter_mm", absolute(2));
		m.put("moaks_grade", absolute(0.5 / SDC_FACTOR));
		m.put("worms_grade", absolute(0.5 / SDC_FACTOR));
		return new Precision(m);
	}

	private static double[] relative(final double cv) {
		return new double[] { cv, Double.NaN };
	}

	private static double[] absolute(final double sd) {
		return new double[] { Double.NaN, sd };
	}

	/**
	 * This precision with one metric's changed: {@code cv} a relative RMS CV (fraction, NaN for none) and {@code sd} an
	 * absolute SD in the metric's unit (NaN for none); when both are given, the larger SDC applies.
	 */
	public Precision with(final Metric metric, final double cv, final double sd) {
		return with(metric.key(), cv, sd);
	}

	/** As {@link #with(Metric, double, double)}, for a lesion metric. */
	public Precision with(final LesionMetric metric, final double cv, final double sd) {
		return with(metric.key(), cv, sd);
	}

	private Precision with(final String metric, final double cv, final double sd) {
		if (!(Double.isNaN(cv) || cv >= 0) || !(Double.isNaN(sd) || sd >= 0) || Double.isNaN(cv) && Double.isNaN(sd))
			throw new IllegalArgumentException("precision of " + metric + " needs a CV ≥ 0 or an SD ≥ 0");
		final Map<String, double[]> m = new LinkedHashMap<>(byMetric);
		m.put(metric, new double[] { cv, sd });
		return new Precision(m);
	}

	/** The smallest detectable change of {@code metric} in {@code region} at {@code baseline}; NaN when unknown. */
	public double sdc(final Region region, final Metric metric, final double baseline) {
		return sdc(metric.key(), region.isSubregion() ? SUBREGION_FACTOR : 1, baseline);
	}

	/** The smallest detectable change of a lesion metric at {@code baseline}; NaN when unknown. */
	public double sdc(final LesionRegion region, final LesionMetric metric, final double baseline) {
		return sdc(metric.key(), 1, baseline);
	}

	private double sdc(final String metric, final double factor, final double baseline) {
		final double[] p = byMetric.get(metric);
		if (p == null)
			return Double.NaN;
		final double rel = Double.isNaN(p[0]) ? 0 : p[0] * Math.abs(baseline);
		final double abs = Double.isNaN(p[1]) ? 0 : p[1];
		return SDC_FACTOR * factor * Math.max(rel, abs);
	}

	/** metric key → "cv=…" / "sd=…", for provenance. */
	public Map<String, String> describe() {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final Map.Entry<String, double[]> e : byMetric.entrySet()) {
			final double[] p = e.getValue();
			out.put(e.getKey(), (Double.isNaN(p[0]) ? "" : "cv=" + p[0]) + (!Double.isNaN(p[0]) && !Double.isNaN(p[1]) ? "," : "")
					+ (Double.isNaN(p[1]) ? "" : "sd=" + p[1]));
		}
		return out;
	}
}
