package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The test anatomy itself: its distance bound is a true lower bound (no boundary closer than it). */
class SphereKneeTest {

	/**
	 * At 20 000 random points: every point of a ball of radius 0.999·bound around it (probed at 26 directions on its
	 * surface) has the same tissue.
	 */
	@Test
	void boundIsALowerBound() {
		final SphereKnee knee = new SphereKnee();
		final SplittableRandom r = new SplittableRandom(3);
		for (int n = 0; n < 20000; n++) {
			final double x = r.nextDouble(-55, 55), y = r.nextDouble(-55, 55), z = r.nextDouble(-70, 70);
			final Tissue t = knee.tissueAt(x, y, z);
			final double d = 0.999 * knee.boundaryDistanceBound(x, y, z);
			assertTrue(d >= 0);
			for (int a = -1; a <= 1; a++)
				for (int b = -1; b <= 1; b++)
					for (int c = -1; c <= 1; c++) {
						if (a == 0 && b == 0 && c == 0)
							continue;
						final double l = d / Math.sqrt(a * a + b * b + c * c);
						assertEquals(t, knee.tissueAt(x + a * l, y + b * l, z + c * l), "at " + x + "," + y + "," + z);
					}
		}
	}
}
