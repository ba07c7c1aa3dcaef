package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.Region;

import org.junit.jupiter.api.Test;

/** The region rules on points placed by hand (the phantom's agreement is {@link PhantomRegionsTest}). */
class RegionsTest {

	/** A right knee with knee axes = LPS axes shifted (ML +x, AP +y, PD +z) and simple landmarks. */
	private static Regions regions(final Laterality side) {
		final KneeFrame f = side == Laterality.RIGHT ? KneeFrame.of(new double[] { 5, 6, 7 }, new double[] { 1, 0, 0 }, new double[] { 0, 1, 0 },
				new double[] { 0, 0, 1 }, side)
				: KneeFrame.of(new double[] { 5, 6, 7 }, new double[] { -1, 0, 0 }, new double[] { 0, 1, 0 }, new double[] { 0, 0, 1 }, side);
		return Regions.of(f, KneeLandmarks.of(f, 1, 10, -30, -20, 0.6));
	}

	private static float[] lps(final Regions r, final double[][] knee) {
		final float[] xyz = new float[3 * knee.length];
		for (int i = 0; i < knee.length; i++) {
			final double[] p = r.frame().toPatient(knee[i]);
			for (int a = 0; a < 3; a++)
				xyz[3 * i + a] = (float) p[a];
		}
		return xyz;
	}

	/**
	 * TrF in front of a_n = 10; medial/lateral by the midline ml = 1; central from the boundary (medial
	 * 10 − 0.6·40 = −14, lateral 10 − 0.6·30 = −8) to a_n; thirds of each central plate's ML extent, external away from
	 * the midline; not in the plate: 0. The same in a left knee (its frame mirrors), so the regions follow the anatomy.
	 */
	@Test
	void femurRules() {
		for (final Laterality side : new Laterality[] { Laterality.RIGHT, Laterality.LEFT }) {
			final Regions r = regions(side);
			final double[][] k = { { 0, 10.5, 5 }, { -20, 10, 0 }, { -20, -13.9, 0 }, { -20, -14.1, 0 }, { 20, -7.9, 0 }, { 20, -8.1, 0 },
					{ -30, 0, 0 }, { -25, 0, 0 }, { -10, 0, 0 }, { 10, 0, 0 }, { 25, 0, 0 }, { 30, 0, 0 }, { 0, 0, 0 } };
			final boolean[] in = new boolean[k.length];
			java.util.Arrays.fill(in, true);
			in[k.length - 1] = false;
			final int[] got = r.femur(lps(r, k), new double[k.length], in);
			// cMF points span ml −30…−10 (thirds at −23.3, −16.7), cLF 10…30 (16.7, 23.3)
			final Region[] expected = { Region.TrF, Region.ccMF, Region.ccMF, Region.pMF, Region.ccLF, Region.pLF, Region.ecMF, Region.ecMF,
					Region.icMF, Region.icLF, Region.ecLF, Region.ecLF, Region.NONE };
			for (int i = 0; i < k.length; i++)
				assertEquals(expected[i], Region.byId(got[i]), side + " point " + i);
			assertEquals(Region.cMF, r.femurPlate(r.frame().toPatient(k[1])[0], r.frame().toPatient(k[1])[1], r.frame().toPatient(k[1])[2]));
			assertEquals(Compartment.LF, r.compartment(KneeStructure.FEMUR, r.frame().toPatient(k[5])[0], r.frame().toPatient(k[5])[1],
					r.frame().toPatient(k[5])[2]));
		}
	}

	/**
	 * A uniform elliptic plate (semi-axes 12 mm ML × 20 mm AP, 0.25 mm² points) on each side: the central subregion holds
	 * 20 % of the area (to 8 points) and is the ellipse x² + y² ≤ k² with k = 2√0.2 (a uniform disc of radius R has
	 * standard deviation R/2 along each axis); the quadrants by |x| vs |y|, external medial on MT and lateral on LT; the
	 * same in a left knee.
	 */
	@Test
	void tibialSubregions() {
		for (final Laterality side : new Laterality[] { Laterality.RIGHT, Laterality.LEFT }) {
			final Regions r = regions(side);
			final List<double[]> pts = new ArrayList<>();
			for (final double cx : new double[] { -20, 20 })
				for (double x = -12 + 0.25; x < 12; x += 0.5)
					for (double y = -20 + 0.25; y < 20; y += 0.5)
						if ((x / 12) * (x / 12) + (y / 20) * (y / 20) <= 1)
							pts.add(new double[] { cx + x, y, 0.1 * x });
			// probes: anterior, posterior, medial and lateral edges of both plates
			final double[][] probes = { { -20, 18, 0 }, { -20, -18, 0 }, { -31, 0, 0 }, { -9, 0, 0 }, { 20, 18, 0 }, { 20, -18, 0 }, { 9, 0, 0 },
					{ 31, 0, 0 } };
			final Region[] expected = { Region.aMT, Region.pMT, Region.eMT, Region.iMT, Region.aLT, Region.pLT, Region.iLT, Region.eLT };
			final int n = pts.size();
			for (final double[] p : probes)
				pts.add(p);
			final double[] area = new double[pts.size()];
			java.util.Arrays.fill(area, 0.25);
			for (int i = n; i < area.length; i++)
				area[i] = 1e-9; // the probes weigh (almost) nothing
			final boolean[] in = new boolean[pts.size()];
			java.util.Arrays.fill(in, true);
			final int[] got = r.tibia(lps(r, pts.toArray(new double[0][])), area, in);
			for (int i = 0; i < probes.length; i++)
				assertEquals(expected[i], Region.byId(got[n + i]), side + " probe " + i);
			for (final Region plate : new Region[] { Region.MT, Region.LT }) {
				double total = 0, central = 0;
				for (int i = 0; i < n; i++)
					if (Region.byId(got[i]).plate() == plate) {
						total += area[i];
						if (Region.byId(got[i]).name().startsWith("c"))
							central += area[i];
					}
				// to a few points: points of equal x² + y² (four by symmetry) are all in or all out
				assertEquals(0.2, central / total, 8 * 0.25 / total, plate + " central share");
				// the central ellipse: points well inside k are central, points well outside are not
				final double k = 2 * Math.sqrt(0.2);
				for (int i = 0; i < n; i++) {
					final double[] p = pts.get(i);
					if (Region.byId(got[i]).plate() != plate)
						continue;
					final double x = (p[0] - (plate == Region.MT ? -20 : 20)) / 6, y = p[1] / 10;
					final double rr = Math.sqrt(x * x + y * y);
					final boolean isCentral = Region.byId(got[i]).name().startsWith("c");
					if (rr < k - 0.05 || rr > k + 0.05)
						assertEquals(rr < k, isCentral, String.format(Locale.ROOT, "%s (%.2f, %.2f) r %.3f", plate, p[0], p[1], rr));
				}
			}
		}
	}

	@Test
	void regionIdsAndKeys() {
		for (final Region r : Region.values()) {
			assertEquals(r, Region.byId(r.id()));
			assertEquals(r, Region.byKey(r.key()));
		}
		assertEquals(Region.cMF, Region.icMF.plate());
		assertEquals(Region.MT, Region.pMT.plate());
		assertEquals(Compartment.MF, Region.pMF.compartment());
		assertTrue(Region.TrF.isPlate() && !Region.cLT.isPlate() && !Region.NONE.isPlate());
		assertEquals(Compartment.TrF, Compartment.byId(Compartment.TrF.id()));
		assertThrows(IllegalArgumentException.class, () -> Region.byId(19));
		final Regions r = regions(Laterality.RIGHT);
		assertThrows(IllegalArgumentException.class, () -> r.femur(new float[5], new double[2], new boolean[2]));
		assertEquals(Region.P.id(), r.patella(new float[3], new double[1], new boolean[] { true })[0]);
	}
}
