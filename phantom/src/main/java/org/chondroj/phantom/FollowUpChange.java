package org.chondroj.phantom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens to a phantom knee between its baseline and its follow-up scan: uniform thinning of whole articular
 * surfaces, regional thinnings, new focal defects, lesion growth or shrinkage and new lesions. {@link #apply} turns a
 * baseline {@link AnatomyConfig} into the follow-up's; the follow-up's truth minus the baseline's is the true change
 * ({@link TrueChange}). Immutable.
 *
 * @param uniformThinning surface (MF, LF, MT, LT, TrF, P) → mm taken off its base thickness (less than the base)
 * @param thinnings       regional thinnings (smooth dips, {@link AnatomyConfig.Thinning})
 * @param newDefects      focal defects added to the baseline's
 * @param lesionGrowth    compartment (MF, LF, MT, LT, TrF, P) → factor on the volume of each of its lesions (&gt; 1
 *                        growth, &lt; 1 shrinkage; the lesion keeps its seeded shape, scaled about its place)
 * @param newLesions      lesions added to the baseline's
 */
public record FollowUpChange(Map<String, Double> uniformThinning, List<AnatomyConfig.Thinning> thinnings, List<AnatomyConfig.Defect> newDefects,
		Map<String, Double> lesionGrowth, List<AnatomyConfig.Lesion> newLesions) {

	public FollowUpChange {
		for (final Map.Entry<String, Double> e : uniformThinning.entrySet())
			if (!AnatomyConfig.SURFACES.contains(e.getKey()) || !(e.getValue() > 0))
				throw new IllegalArgumentException("uniform thinning needs a surface (" + AnatomyConfig.SURFACES + ") and mm > 0, got "
						+ e.getKey() + " = " + e.getValue());
		for (final Map.Entry<String, Double> e : lesionGrowth.entrySet())
			if (!AnatomyConfig.COMPARTMENTS.contains(e.getKey()) || !(e.getValue() > 0 && e.getValue() <= 10))
				throw new IllegalArgumentException("lesion growth needs a compartment (" + AnatomyConfig.COMPARTMENTS
						+ ") and a volume factor in (0, 10], got " + e.getKey() + " = " + e.getValue());
		uniformThinning = Collections.unmodifiableMap(new LinkedHashMap<>(uniformThinning));
		lesionGrowth = Collections.unmodifiableMap(new LinkedHashMap<>(lesionGrowth));
		thinnings = List.copyOf(thinnings);
		newDefects = List.copyOf(newDefects);
		newLesions = List.copyOf(newLesions);
	}

	/** No change at all (a test–retest pair: only pose and noise differ). */
	public static FollowUpChange none() {
		return new FollowUpChange(Map.of(), List.of(), List.of(), Map.of(), List.of());
	}

	/**
	 * The change of {@code chondroj demo} and of {@code chondroj phantom --follow-up} without a configuration: a regional
	 * thinning of 0.3 mm (radius 0.35 rad, about 8 mm of arc) centred in the weight-bearing medial femoral condyle (cMF), 0.1 mm
	 * uniform thinning of the medial tibia, a new full-thickness defect of 15 mm² in the central lateral femur, and the
	 * lesions under the medial femoral condyle growing by half (×1.5 volume).
	 */
	public static FollowUpChange defaults() {
		return new FollowUpChange(Map.of("MT", 0.1), List.of(new AnatomyConfig.Thinning("MF", 0.5, 0.83, 0.3, 0.35)),
				List.of(new AnatomyConfig.Defect("cLF", 0.6, 0.45, 15, Double.POSITIVE_INFINITY)), Map.of("MF", 1.5), List.of());
	}

	/** The follow-up's anatomy: the baseline's with this change (pose, side, scale and seed unchanged). */
	public AnatomyConfig apply(final AnatomyConfig baseline) {
		AnatomyConfig c = baseline;
		for (final Map.Entry<String, Double> e : uniformThinning.entrySet()) {
			final double[] t = c.thickness(e.getKey());
			if (!(e.getValue() < t[0]))
				throw new IllegalArgumentException("uniform thinning of " + e.getValue() + " mm on " + e.getKey()
						+ " is not less than its base thickness " + t[0] + " mm");
			c = c.withThickness(e.getKey(), t[0] - e.getValue(), t[1], t[2]);
		}
		final List<AnatomyConfig.Thinning> g = new ArrayList<>(c.thinnings());
		g.addAll(thinnings);
		final List<AnatomyConfig.Defect> d = new ArrayList<>(c.defects());
		d.addAll(newDefects);
		final List<AnatomyConfig.Lesion> l = new ArrayList<>();
		for (final AnatomyConfig.Lesion x : c.lesions())
			l.add(new AnatomyConfig.Lesion(x.compartment(), x.a(), x.b(), x.volume() * lesionGrowth.getOrDefault(x.compartment(), 1.0)));
		l.addAll(newLesions);
		return c.withThinnings(g).withDefects(d).withLesions(l);
	}
}
