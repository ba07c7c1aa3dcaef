package org.chondroj.knee.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.chondroj.core.Laterality;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Region;

/**
 * The measured results of one knee scan, as written to {@code results.json} and {@code measurements.csv}
 * ({@link ResultsFiles}) and compared between visits: per {@link Region} (plate, subregion or aggregate, e.g.
 * {@code cMF}, {@code ccMF}, {@code MFTC}) the cartilage {@link Metric}s, per lesion {@link Compartment} (MF, LF, MT,
 * LT, TrF, P) and {@link MoaksSubregion} (PM, …, SS) the {@link LesionMetric}s, the side and how it was decided,
 * the weight-bearing fraction, quality-control flags ({@link QcFlag}: what a reader should check), quality-control
 * notes (every step's note) and provenance (tool version, inputs, every parameter with its
 * value). Regions and metrics keep their insertion order. Immutable; build with {@link #builder}.
 */
public final class ScanReport {

	private final String scan;
	private final Laterality side;
	private final String sideSource;
	private final double weightBearingFraction;
	private final Map<Region, Map<Metric, Double>> regions;
	private final Map<LesionRegion, Map<LesionMetric, Double>> lesions;
	private final List<String> qc;
	private final List<QcFlag> flags;
	private final Map<String, String> provenance;

	private ScanReport(final Builder b) {
		scan = b.scan;
		side = b.side;
		sideSource = b.sideSource;
		weightBearingFraction = b.weightBearingFraction;
		regions = frozen(b.regions);
		lesions = frozen(b.lesions);
		qc = List.copyOf(b.qc);
		flags = List.copyOf(b.flags);
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
	}

	private static <R, M> Map<R, Map<M, Double>> frozen(final Map<R, Map<M, Double>> m) {
		final Map<R, Map<M, Double>> out = new LinkedHashMap<>();
		for (final Map.Entry<R, Map<M, Double>> e : m.entrySet())
			out.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
		return Collections.unmodifiableMap(out);
	}

	/** A builder for the scan called {@code scan} (a name for tables: the study folder's or the file's name). */
	public static Builder builder(final String scan) {
		return new Builder(scan);
	}

	/**
	 * A builder holding a copy of everything in {@code from} (for adding provenance or notes to a finished report);
	 * setting a value again replaces it, in its place.
	 */
	public static Builder builder(final ScanReport from) {
		final Builder b = new Builder(from.scan).side(from.side, from.sideSource).weightBearingFraction(from.weightBearingFraction);
		from.regions.forEach((r, m) -> m.forEach((k, v) -> b.region(r, k, v)));
		from.lesions.forEach((c, m) -> m.forEach((k, v) -> b.lesion(c, k, v)));
		from.qc.forEach(b::qc);
		from.flags.forEach(b::flag);
		from.provenance.forEach(b::provenance);
		return b;
	}

	/** The scan's name in tables. */
	public String scan() {
		return scan;
	}

	public Laterality side() {
		return side;
	}

	/** How the side was decided ("metadata", "user", or the anatomical evidence). */
	public String sideSource() {
		return sideSource;
	}

	/** The weight-bearing fraction of cMF and cLF used (0.6 or 0.75). */
	public double weightBearingFraction() {
		return weightBearingFraction;
	}

	/** Region → metric → value (cartilage measures), in the order measured. */
	public Map<Region, Map<Metric, Double>> regions() {
		return regions;
	}

	/**
	 * Lesion region → metric → value (lesion measures), in the order measured: the compartments, then the MOAKS
	 * subregions.
	 */
	public Map<LesionRegion, Map<LesionMetric, Double>> lesions() {
		return lesions;
	}

	/** A cartilage measure of a region, or NaN when it was not measured. */
	public double value(final Region region, final Metric metric) {
		return get(regions, region, metric);
	}

	/** A lesion measure of a compartment or MOAKS subregion, or NaN when it was not measured. */
	public double lesionValue(final LesionRegion region, final LesionMetric metric) {
		return get(lesions, region, metric);
	}

	private static <R, M> double get(final Map<R, Map<M, Double>> table, final R key, final M metric) {
		final Map<M, Double> m = table.get(key);
		final Double v = m == null ? null : m.get(metric);
		return v == null ? Double.NaN : v;
	}

	/** Quality-control notes, in the order found (empty: nothing to look at). */
	public List<String> qc() {
		return qc;
	}

	/** Quality-control flags, in the order raised (empty: nothing known to be wrong). */
	public List<QcFlag> flags() {
		return flags;
	}

	/** Provenance: tool version, input files, parameters (name → value as text). */
	public Map<String, String> provenance() {
		return provenance;
	}

	/**
	 * This report with {@code notes} added before its own quality-control notes and {@code extra} added to its
	 * provenance (how the labels were made: segmentation choices and parameters).
	 */
	public ScanReport withNotes(final List<String> notes, final Map<String, String> extra) {
		return withNotes(notes, List.of(), extra);
	}

	/** As {@link #withNotes(List, Map)}, with {@code flags} added before its own flags. */
	public ScanReport withNotes(final List<String> notes, final List<QcFlag> flags, final Map<String, String> extra) {
		final Builder b = builder(scan).side(side, sideSource).weightBearingFraction(weightBearingFraction);
		regions.forEach((r, m) -> m.forEach((k, v) -> b.region(r, k, v)));
		lesions.forEach((r, m) -> m.forEach((k, v) -> b.lesion(r, k, v)));
		notes.forEach(b::qc);
		qc.forEach(b::qc);
		flags.forEach(b::flag);
		this.flags.forEach(b::flag);
		provenance.forEach(b::provenance);
		extra.forEach(b::provenance);
		return b.build();
	}

	/** Collects a report; not thread-safe. */
	public static final class Builder {
		private final String scan;
		private Laterality side = Laterality.UNKNOWN;
		private String sideSource = "";
		private double weightBearingFraction = 0.6;
		private final Map<Region, Map<Metric, Double>> regions = new LinkedHashMap<>();
		private final Map<LesionRegion, Map<LesionMetric, Double>> lesions = new LinkedHashMap<>();
		private final List<String> qc = new ArrayList<>();
		private final List<QcFlag> flags = new ArrayList<>();
		private final Map<String, String> provenance = new LinkedHashMap<>();

		private Builder(final String scan) {
			this.scan = Objects.requireNonNull(scan);
		}

		public Builder side(final Laterality s, final String source) {
			side = Objects.requireNonNull(s);
			sideSource = Objects.requireNonNull(source);
			return this;
		}

		public Builder weightBearingFraction(final double f) {
			if (!(f > 0 && f < 1))
				throw new IllegalArgumentException("weight-bearing fraction must be in (0, 1), got " + f);
			weightBearingFraction = f;
			return this;
		}

		/** Sets one cartilage measure of a region (plate, subregion or aggregate). */
		public Builder region(final Region region, final Metric metric, final double value) {
			regions.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(metric, value);
			return this;
		}

		/** Sets one lesion measure of a compartment or MOAKS subregion. */
		public Builder lesion(final LesionRegion region, final LesionMetric metric, final double value) {
			lesions.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(metric, value);
			return this;
		}

		public Builder qc(final String note) {
			qc.add(Objects.requireNonNull(note));
			return this;
		}

		public Builder flag(final QcFlag flag) {
			flags.add(Objects.requireNonNull(flag));
			return this;
		}

		public Builder provenance(final String name, final String value) {
			provenance.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
			return this;
		}

		public ScanReport build() {
			return new ScanReport(this);
		}
	}
}
