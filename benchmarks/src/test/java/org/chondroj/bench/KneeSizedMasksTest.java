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
		// the femur ellipsoid with its shell, 38+2 × 30+2 × 45+2 mm semi-axes, clipped by the grid: of the order of its volume
		final double femurMm3 = cc.size(cc.largest()) * m.geometry().voxelVolume();
		assertTrue(femurMm3 > 100_000 && femurMm3 < 4.0 / 3 * Math.PI * 40 * 32 * 47, "femur " + femurMm3 + " mm³");
	}
}
