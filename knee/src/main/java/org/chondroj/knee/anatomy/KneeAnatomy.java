package org.chondroj.knee.anatomy;

import org.chondroj.core.Laterality;
import org.chondroj.knee.KneeLabels;

/**
 * The anatomy of one knee label map in one call: its {@link KneeFrame}, {@link KneeLandmarks} and the {@link Regions}
 * they define. What a pipeline (and the command line's {@code --side} and weight-bearing fraction) needs.
 *
 * @param frame     the knee's axes and side
 * @param landmarks the femoral landmarks in that frame
 * @param regions   plates and subregions of bone-surface points
 */
public record KneeAnatomy(KneeFrame frame, KneeLandmarks landmarks, Regions regions) {

	/**
	 * Estimates the frame and the landmarks (see {@link KneeFrame#estimate} and {@link KneeLandmarks#locate}). Cost:
	 * a few tens of ms for a 384 × 384 × 160 map.
	 *
	 * @param userSide              the side the user gives, or {@link Laterality#UNKNOWN}
	 * @param weightBearingFraction f, 0.6 by default or 0.75
	 * @throws IllegalArgumentException if the map lacks the femur or the tibial cartilage (naming the file and the labels
	 *         looked for), or a landmark cannot be found
	 */
	public static KneeAnatomy of(final KneeLabels labels, final Laterality userSide, final double weightBearingFraction) {
		final KneeFrame frame = KneeFrame.estimate(labels, userSide);
		final KneeLandmarks landmarks = KneeLandmarks.locate(labels, frame, weightBearingFraction);
		return new KneeAnatomy(frame, landmarks, Regions.of(frame, landmarks));
	}
}
