package org.chondroj.knee.compare;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.knee.results.ScanReport;

/**
 * Baseline versus follow-up of one knee: for every region and metric measured in both scans the baseline value, the
 * follow-up value, the change (follow-up − baseline), the percent change (100 · change / baseline; NaN for a zero
 * baseline), the smallest detectable change ({@link Precision}) and whether the change exceeds it; the same for the
 * lesion measures per compartment (grade changes included); the ordered values of subregional thickness change
 * ({@link OrderedValues}); and the interval in years when both scans carry a study date (provenance
 * {@code study_date}, YYYYMMDD). Two scans of different sides, or of different subjects (provenance
 * {@code subject}), are refused with an {@link IllegalArgumentException} that says why, unless forced. Immutable.
 */
public final class Comparison {

	/** The change of one metric in one region. */
	public record Change(String region, String metric, double baseline, double followUp, double change, double changePct, double sdc,
			boolean exceedsSdc) {
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
	private final List<Change> cartilage, lesions;
	private final OrderedValues orderedValues;
	private final double years;
	private final Options options;

	private Comparison(final ScanReport baseline, final ScanReport followUp, final List<Change> cartilage, final List<Change> lesions,
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
		final List<Change> cartilage = changes(baseline.regions(), followUp.regions(), options.precision());
		final List<Change> lesions = changes(baseline.lesions(), followUp.lesions(), options.precision());
		final Map<String, Double> thickness = new LinkedHashMap<>();
		for (final Change c : cartilage)
			if (c.metric().equals("ThCtAB"))
				thickness.put(c.region(), c.change());
		return new Comparison(baseline, followUp, cartilage, lesions, OrderedValues.of(thickness, options.ovThreshold()),
				years(baseline.provenance().get("study_date"), followUp.provenance().get("study_date")), options);
	}

	private static String name(final Laterality l) {
		return l == Laterality.LEFT ? "left" : "right";
	}

	private static List<Change> changes(final Map<String, Map<String, Double>> a, final Map<String, Map<String, Double>> b, final Precision p) {
		final List<Change> out = new ArrayList<>();
		for (final Map.Entry<String, Map<String, Double>> e : a.entrySet()) {
			final Map<String, Double> other = b.get(e.getKey());
			if (other == null)
				continue;
			for (final Map.Entry<String, Double> m : e.getValue().entrySet()) {
				final Double f = other.get(m.getKey());
				if (f == null)
					continue;
				final double base = m.getValue(), follow = f, change = follow - base;
				final double sdc = p.sdc(e.getKey(), m.getKey(), base);
				out.add(new Change(e.getKey(), m.getKey(), base, follow, change, base != 0 ? 100 * change / base : Double.NaN, sdc,
						Double.isFinite(change) && Double.isFinite(sdc) && Math.abs(change) > sdc));
			}
		}
		return out;
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

	/** Lesion changes per compartment. */
	public List<Change> lesions() {
		return lesions;
	}

	/** The change of one region's metric, or null when it was not measured in both scans. */
	public Change change(final String region, final String metric) {
		for (final List<Change> l : List.of(cartilage, lesions))
			for (final Change c : l)
				if (c.region().equals(region) && c.metric().equals(metric))
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
