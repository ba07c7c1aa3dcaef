package org.chondroj.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/** The benchmark inputs are what the benchmarks claim to measure: the OAI grid, three bones, about a quarter foreground. */
class KneeSizedMasksTest {

	@Test
	void bonesAreThreeKneeSizedComponents() {
		final Volume<UnsignedByteType> m = KneeSizedMasks.bonesAndShells();
		assertArrayEquals(new int[] { 160, 384, 384 }, m.dimensions());
		long fg = 0;
		for (final byte b : Volumes.byteData(m))
			fg += b;
		final double fraction = fg / (double) m.size();
		assertTrue(fraction > 0.15 && fraction < 0.40, "foreground fraction " + fraction);
		final ConnectedComponents.Result cc = ConnectedComponents.label(m, Connectivity.SIX);
		assertEquals(3, cc.count());
		// the largest is the femur: an ellipsoid of 38 × 30 × 30 mm semi-axes inside a shell of about 2 mm, within the grid
		final double femurMm3 = cc.size(cc.largest()) * m.geometry().voxelVolume();
		final double outer = 4.0 / 3 * Math.PI * 38 * 30 * 30 * Math.pow(1 + 2.0 / 30, 3);
		assertEquals(outer, femurMm3, 0.01 * outer, "femur with its shell, mm³");
	}
}
