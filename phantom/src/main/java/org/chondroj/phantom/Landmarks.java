package org.chondroj.phantom;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The phantom's analytic landmarks, in the knee frame K and in patient LPS (mm), from which its plates are defined as
 * in docs/DESIGN.md: {@code notch_anterior} (the intercondylar notch's anterior end: the lowest point of the femur in the
 * mid-sagittal plane, where the notch roof meets the trochlear groove; cMF and cLF end at its coronal plane v = v_notch), {@code medial/lateral_condyle_posterior} (the posterior ends of the condyles),
 * {@code medial/lateral_weight_bearing_boundary} (where the cMF/pMF and cLF/pLF cut, the coronal plane at the
 * weight-bearing fraction of the way from the notch's anterior end to the condyle's posterior end, meets the
 * condyle's distal bone surface), {@code medial/lateral_plateau_centre} (the tibial bone surface under the contact
 * points), {@code medial/lateral_condyle_distal}, {@code trochlea} (the deepest point of the trochlear groove) and
 * {@code patella} (the patella's articular pole), all exact (closed form); and, added by {@link PhantomTruth},
 * {@code medial/lateral_tibial_subregion_centre} (the bone surface point over the centre of the tibial subregions'
 * ellipse, see {@link PhantomTruth.TibialEllipse}; to its quadrature accuracy). Immutable.
 */
public final class Landmarks {

	private final Map<String, double[]> knee, patient;
	private final double weightBearingFraction;

	Landmarks(final Map<String, double[]> knee, final Map<String, double[]> patient, final double weightBearingFraction) {
		this.knee = Collections.unmodifiableMap(new LinkedHashMap<>(knee));
		this.patient = Collections.unmodifiableMap(new LinkedHashMap<>(patient));
		this.weightBearingFraction = weightBearingFraction;
	}

	/** Landmark name → K point (mm); the arrays must not be modified. */
	public Map<String, double[]> knee() {
		return knee;
	}

	/** Landmark name → LPS point (mm); the arrays must not be modified. */
	public Map<String, double[]> patient() {
		return patient;
	}

	/** A landmark in LPS (a copy). */
	public double[] patient(final String name) {
		final double[] p = patient.get(name);
		if (p == null)
			throw new IllegalArgumentException("no landmark " + name + "; one of " + patient.keySet());
		return p.clone();
	}

	/** These landmarks and one more (K and LPS points, mm), after the others. */
	Landmarks with(final String name, final double[] kneePoint, final double[] patientPoint) {
		if (knee.containsKey(name))
			throw new IllegalArgumentException("landmark " + name + " exists");
		final Map<String, double[]> k = new LinkedHashMap<>(knee), p = new LinkedHashMap<>(patient);
		k.put(name, kneePoint.clone());
		p.put(name, patientPoint.clone());
		return new Landmarks(k, p, weightBearingFraction);
	}

	public double weightBearingFraction() {
		return weightBearingFraction;
	}
}
