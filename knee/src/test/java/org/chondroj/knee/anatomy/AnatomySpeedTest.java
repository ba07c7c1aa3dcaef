package org.chondroj.knee.anatomy;

import java.util.Arrays;
import java.util.Locale;

import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.anatomy.PhantomLabels.Knee;

import org.junit.jupiter.api.Test;

/**
 * How long the structures' pass (KneeLabels), the frame and the landmarks of a 384 × 384 × 160 label map take (the phantom's, on the OAI grid): printed,
 * not asserted (speed is measured with JMH, docs/DESIGN.md); the median of 5 runs after 3 warm-up runs.
 */
class AnatomySpeedTest {

	@Test
	void frameAndLandmarks() {
		final KneeLabels labels = PhantomLabels.labels(Knee.RIGHT);
		final long[] ns = new long[8];
		for (int i = 0; i < ns.length; i++) {
			final long t0 = System.nanoTime();
			final KneeLabels l = KneeLabels.of(labels.volume(), labels.mapping()); // the structures' pass over the map, too
			KneeLandmarks.locate(l, KneeFrame.estimate(l));
			ns[i] = System.nanoTime() - t0;
		}
		final long[] timed = Arrays.copyOfRange(ns, 3, ns.length);
		Arrays.sort(timed);
		System.out.printf(Locale.ROOT, "structures + frame + landmarks of a %s label map: %.0f ms (median of 5 after 3 warm-up runs; first run %.0f ms; %d cores)%n",
				Arrays.toString(labels.volume().dimensions()), timed[2] / 1e6, ns[0] / 1e6, Runtime.getRuntime().availableProcessors());
	}
}
