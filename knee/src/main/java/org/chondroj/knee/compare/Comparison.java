package org.chondroj.knee.compare;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

/**
 * Baseline versus follow-up of one knee: for every region and metric measured in both scans the baseline value, the
 * follow-up value, the change (follow-up − baseline), the percent change (100 · change / baseline; NaN for a zero
 * baseline), the smallest detectable change ({@link Precision}) and whether the change exceeds it; the same for the
 * lesion measures per compartment and MOAKS subregion (grade changes included; a lesion measure other than the volume
 * exceeds its SDC only where the region's volume does too); the ordered values of subregional thickness change
 * ({@link OrderedValues}); and the interval in years when both scans carry a study date (provenance
 * {@code study_date}, YYYYMMDD). Two scans of different sides, or of different subjects (provenance
 * {@code subject}), are refused with an {@link IllegalArgumentException} that says why, unless forced. Immutable.
 */
public final class Comparison {

	/**
	 * One value at both visits: baseline, follow-up, change (follow-up − baseline), percent change (NaN for a zero
	 * baseline), the smallest detectable change and whether the change exceeds it. {@link #regionKey()},
	 * {@link #metricKey()} and {@link #unit()} are the names result files use.
	 */
	public sealed interface Entry permits Change, LesionChange {
		String regionKey();

		String metricKey();

		String unit();

		double baseline();

		double followUp();

		double change();

		double changePct();

		double sdc();

		boolean exceedsSdc();
	}

	/** The change of one cartilage metric in one region. */
	public record Change(Region region, Metric metric, double baseline, double followUp, double change, double changePct, double sdc,
			boolean exceedsSdc) implements Entry {
		@Override
		public String regionKey() {
			return region.key();
		}

		@Override
		public String metricKey() {
			return metric.key();
		}

		@Override
		public String unit() {
			return metric.unit();
		}
	}

	/** The change of one lesion metric in one compartment or MOAKS subregion. */
	public record LesionChange(LesionRegion region, LesionMetric metric, double baseline, double followUp, double change, double changePct,
			double sdc, boolean exceedsSdc) implements Entry {
		@Override
		public String regionKey() {
			return region.key();
		}

		@Override
		public String metricKey() {
			return metric.key();
		}

		@Override
		public String unit() {
			return metric.unit();
		}
	}

	/**
	 * @param force        compare even scans of different sides or subjects
	 * @param precision    the test–retest precision behind the SDC flags
	 * @param ovThreshold  threshold of the thinning and thickening scores, mm
	 */
	public record Options(boolean force, Precision precision, double ovThreshold) {
		public static Options defaults() {
			return new Options(false, Precision.defaults(), 0);
		}

		public Options forced() {
			return new Options(true, precision, ovThreshold);
		}
	}

	private final ScanReport baseline, followUp;
	private final List<Change> cartilage;
	private final List<LesionChange> lesions;
	private final OrderedValues orderedValues;
	private final double years;
	private final Options options;

	private Comparison(final ScanReport baseline, final ScanReport followUp, final List<Change> cartilage, final List<LesionChange> lesions,
			final OrderedValues orderedValues, final double years, final Options options) {
		this.baseline = baseline;
		this.followUp = followUp;
		this.cartilage = Collections.unmodifiableList(cartilage);
		this.lesions = Collections.unmodifiableList(lesions);
		this.orderedValues = orderedValues;
		this.years = years;
		this.options = options;
	}

	/** Compares two scans of one knee. */
	public static Comparison of(final ScanReport baseline, final ScanReport followUp, final Options options) {
		if (!options.force()) {
			final Laterality a = baseline.side(), b = followUp.side();
			if (a != Laterality.UNKNOWN && b != Laterality.UNKNOWN && a != b)
				throw new IllegalArgumentException("the baseline " + baseline.scan() + " is a " + name(a) + " knee and the follow-up "
						+ followUp.scan() + " a " + name(b) + " knee; force the comparison if that is intended");
			final String s = baseline.provenance().get("subject"), t = followUp.provenance().get("subject");
			if (s != null && t != null && !s.equals(t))
				throw new IllegalArgumentException("the baseline " + baseline.scan() + " and the follow-up " + followUp.scan()
						+ " are of different subjects; force the comparison if that is intended");
		}
		final Precision p = options.precision();
		final List<Change> cartilage = changes(baseline.regions(), followUp.regions(),
				(r, m, a, b) -> new Change(r, m, a, b, b - a, percent(a, b), p.sdc(r, m, a), exceeds(a, b, p.sdc(r, m, a))));
		// a count or grade step counts only where the region's lesion volume changed beyond its own SDC: a lesion that grew
		// by a few voxels across a subregion's boundary puts the neighbour from grade 0 to 1, which is no finding
		final List<LesionChange> lesions = changes(baseline.lesions(), followUp.lesions(),
				(c, m, a, b) -> new LesionChange(c, m, a, b, b - a, percent(a, b), p.sdc(c, m, a), exceeds(a, b, p.sdc(c, m, a))
						&& (m == LesionMetric.VOLUME || volumeExceeds(baseline, followUp, c, p))));
		final Map<Region, Double> thickness = new EnumMap<>(Region.class);
		for (final Change c : cartilage)
			if (c.metric() == Metric.ThCtAB)
				thickness.put(c.region(), c.change());
		return new Comparison(baseline, followUp, cartilage, lesions, OrderedValues.of(thickness, options.ovThreshold()),
				years(baseline.provenance().get("study_date"), followUp.provenance().get("study_date")), options);
	}

	private static String name(final Laterality l) {
		return l == Laterality.LEFT ? "left" : "right";
	}

	/** Makes the change of one region's metric from its baseline and follow-up values. */
	private interface Maker<R, M, C> {
		C make(R region, M metric, double baseline, double followUp);
	}

	/** The changes of every region and metric in both tables, in the baseline's order. */
	private static <R, M, C> List<C> changes(final Map<R, Map<M, Double>> a, final Map<R, Map<M, Double>> b, final Maker<R, M, C> maker) {
		final List<C> out = new ArrayList<>();
		for (final Map.Entry<R, Map<M, Double>> e : a.entrySet()) {
			final Map<M, Double> other = b.get(e.getKey());
			if (other == null)
				continue;
			for (final Map.Entry<M, Double> m : e.getValue().entrySet()) {
				final Double f = other.get(m.getKey());
				if (f != null)
					out.add(maker.make(e.getKey(), m.getKey(), m.getValue(), f));
			}
		}
		return out;
	}

	/** Whether the lesion volume of {@code region} changed beyond its SDC between the reports (false when not in both). */
	private static boolean volumeExceeds(final ScanReport a, final ScanReport b, final LesionRegion region, final Precision p) {
		final double va = a.lesionValue(region, LesionMetric.VOLUME), vb = b.lesionValue(region, LesionMetric.VOLUME);
		return exceeds(va, vb, p.sdc(region, LesionMetric.VOLUME, va));
	}

	private static double percent(final double base, final double follow) {
		return base != 0 ? 100 * (follow - base) / base : Double.NaN;
	}

	private static boolean exceeds(final double base, final double follow, final double sdc) {
		final double change = follow - base;
		return Double.isFinite(change) && Double.isFinite(sdc) && Math.abs(change) > sdc;
	}

	/** Years between two YYYYMMDD dates (days / 365.25), NaN when either is missing or malformed. */
	static double years(final String from, final String to) {
		if (from == null || to == null)
			return Double.NaN;
		try {
			final DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
			return ChronoUnit.DAYS.between(LocalDate.parse(from, f), LocalDate.parse(to, f)) / 365.25;
		} catch (final DateTimeParseException e) {
			return Double.NaN;
		}
	}

	public ScanReport baseline() {
		return baseline;
	}

	public ScanReport followUp() {
		return followUp;
	}

	/** Cartilage changes, in the baseline's region and metric order. */
	public List<Change> cartilage() {
		return cartilage;
	}

	/** Lesion changes per compartment, then per MOAKS subregion. */
	public List<LesionChange> lesions() {
		return lesions;
	}

	/** Every change, cartilage then lesions: the rows of the result files. */
	public List<Entry> entries() {
		final List<Entry> all = new ArrayList<>(cartilage);
		all.addAll(lesions);
		return all;
	}

	/** The change of one region's metric, or null when it was not measured in both scans. */
	public Change change(final Region region, final Metric metric) {
		for (final Change c : cartilage)
			if (c.region() == region && c.metric() == metric)
				return c;
		return null;
	}

	/** The change of a lesion metric of a compartment or MOAKS subregion, or null when it was not measured in both scans. */
	public LesionChange change(final LesionRegion region, final LesionMetric metric) {
		for (final LesionChange c : lesions)
			if (c.region() == region && c.metric() == metric)
				return c;
		return null;
	}

	public OrderedValues orderedValues() {
		return orderedValues;
	}

	/** Years between the scans, NaN when a study date is missing. */
	public double years() {
		return years;
	}

	public Options options() {
		return options;
	}
}
