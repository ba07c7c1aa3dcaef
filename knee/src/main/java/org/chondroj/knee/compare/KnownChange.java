package org.chondroj.knee.compare;

import java.util.Map;
import java.util.Objects;

import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.Region;

/**
 * A change known independently of the measurement, shown beside the measured one in a comparison's report: a phantom's
 * designed change ({@code true_change.json}), for instance. Regions or compartments it does not hold are simply not
 * shown with a known value.
 *
 * @param source    where the known change comes from, in a few words for the report (e.g. "the phantom's design")
 * @param thickness the known ThCtAB change per region, mm
 * @param lesionVolume the known lesion volume change per compartment or MOAKS subregion, mm³
 */
public record KnownChange(String source, Map<Region, Double> thickness, Map<? extends LesionRegion, Double> lesionVolume) {

	/** No known change. */
	public static final KnownChange NONE = new KnownChange("", Map.of(), Map.of());

	public KnownChange {
		Objects.requireNonNull(source);
		thickness = Map.copyOf(thickness);
		lesionVolume = Map.copyOf(lesionVolume);
	}

	/** Whether there is nothing known. */
	public boolean isEmpty() {
		return thickness.isEmpty() && lesionVolume.isEmpty();
	}

	/** The known ThCtAB change of {@code region}, mm, or NaN. */
	public double thickness(final Region region) {
		return thickness.getOrDefault(region, Double.NaN);
	}

	/** The known lesion volume change of a compartment or MOAKS subregion, mm³, or NaN. */
	public double lesionVolume(final LesionRegion region) {
		final Double v = lesionVolume.get(region);
		return v == null ? Double.NaN : v;
	}
}
