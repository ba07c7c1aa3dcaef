package org.chondroj.knee.compare;

import java.util.Locale;
import java.util.Objects;

/**
 * A comparison and its two visits, and a change known independently where there is one (a phantom's design; else
 * {@link KnownChange#NONE}), which the report shows beside the measured change. When {@linkplain Visit#analysed() both
 * were measured in this run}, their measurements are what maps are made from ({@link ChangeMaps}).
 */
public record VisitComparison(Comparison comparison, Visit baseline, Visit followUp, KnownChange known) {

	public VisitComparison {
		Objects.requireNonNull(comparison);
		Objects.requireNonNull(baseline);
		Objects.requireNonNull(followUp);
		Objects.requireNonNull(known);
	}

	/** A comparison without a known change. */
	public VisitComparison(final Comparison comparison, final Visit baseline, final Visit followUp) {
		this(comparison, baseline, followUp, KnownChange.NONE);
	}

	/** This comparison with {@code k} as its known change. */
	public VisitComparison withKnownChange(final KnownChange k) {
		return new VisitComparison(comparison, baseline, followUp, k);
	}

	/**
	 * Compares two visits ({@link Comparison#of}: refused for different sides or subjects unless forced; refused here
	 * also, forced or not, for different weight-bearing fractions, which define cMF and cLF differently).
	 *
	 * @throws IllegalArgumentException when the visits cannot be compared, saying why
	 */
	public static VisitComparison of(final Visit baseline, final Visit followUp, final Comparison.Options options) {
		final double fa = baseline.report().weightBearingFraction(), fb = followUp.report().weightBearingFraction();
		if (Math.abs(fa - fb) > 1e-9)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"the baseline %s was measured with a weight-bearing fraction of %s and the follow-up %s with %s: cMF, cLF, MFTC and LFTC"
							+ " differ in definition; measure both with the same fraction",
					baseline.report().scan(), fraction(fa), followUp.report().scan(), fraction(fb)));
		return new VisitComparison(Comparison.of(baseline.report(), followUp.report(), options), baseline, followUp);
	}

	private static String fraction(final double f) {
		return String.format(Locale.ROOT, "%.2f", f);
	}
}
