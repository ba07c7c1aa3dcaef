package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The anatomical bone shapes keep each articular sphere as the bone surface over its cartilage patch and in a
 * margin of 1.5 mm (mm, along the surface) around it: 0.3 mm under the sphere is cortex of the right bone, 0.3 mm
 * above it is no bone.
 */
class ArticularMarginTest {

	private static final double MARGIN = 1.5;

	@Test
	void boneSurfaceIsTheSphereAroundEachPatch() {
		for (final AnatomyConfig config : new AnatomyConfig[] { AnatomyConfig.defaults(), AnatomyConfig.healthy().withGap(0.8, 0.8) }) {
			final KneeModel m = new KneeModel(config);
			final SplittableRandom r = new SplittableRandom(11);
			for (final Map.Entry<String, Plate> e : m.surfaces().entrySet()) {
				final Plate p = e.getValue();
				final Tissue cortex = e.getKey().endsWith("T") ? Tissue.TIBIA_CORTEX : e.getKey().equals("P") ? Tissue.PATELLA_CORTEX : Tissue.FEMUR_CORTEX;
				final double[] c = p.centre();
				final double rad = p.radius(), sign = p.convex() ? 1 : -1;
				final double[] z = p.zRange();
				int checked = 0;
				for (int i = 0; i < 20_000; i++) {
					final double zi = z[0] + (z[1] - z[0]) * r.nextDouble();
					final double[] psi = p.psiInterval(zi);
					if (!(psi[1] > psi[0]))
						continue;
					final double[] d = p.direction(zi, psi[0] + (psi[1] - psi[0]) * r.nextDouble());
					// a point on the sphere up to MARGIN away along it, in a random tangent direction
					double tx = r.nextDouble(-1, 1), ty = r.nextDouble(-1, 1), tz = r.nextDouble(-1, 1);
					final double dot = tx * d[0] + ty * d[1] + tz * d[2];
					tx -= dot * d[0];
					ty -= dot * d[1];
					tz -= dot * d[2];
					final double tn = Math.sqrt(tx * tx + ty * ty + tz * tz);
					if (tn < 1e-3)
						continue;
					final double a = MARGIN * r.nextDouble() / rad;
					final double qx = Math.cos(a) * d[0] + Math.sin(a) * tx / tn, qy = Math.cos(a) * d[1] + Math.sin(a) * ty / tn,
							qz = Math.cos(a) * d[2] + Math.sin(a) * tz / tn;
					final double below = rad - sign * 0.3, above = rad + sign * 0.3;
					final Tissue tb = m.tissueAtKnee(c[0] + below * qx, c[1] + below * qy, c[2] + below * qz);
					final Tissue ta = m.tissueAtKnee(c[0] + above * qx, c[1] + above * qy, c[2] + above * qz);
					assertEquals(cortex, tb, e.getKey() + " under " + (c[0] + below * qx) + "," + (c[1] + below * qy) + "," + (c[2] + below * qz));
					assertTrue(!ta.name().contains("CORTEX") && !ta.name().contains("MARROW") && ta != Tissue.FIBULA,
							e.getKey() + " above " + ta + " at " + (c[0] + above * qx) + "," + (c[1] + above * qy) + "," + (c[2] + above * qz));
					checked++;
				}
				assertTrue(checked > 10_000, e.getKey() + " checked " + checked);
			}
		}
	}
}
