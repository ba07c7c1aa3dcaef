package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.chondroj.core.Laterality;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;

/** {@link KneeModel.Neighbourhood}: exactly {@link KneeModel#tissueAt} in the prepared ball, and right when it says a ball is one tissue. */
class NeighbourhoodTest {

	/** A random point of the closed ball of radius r about c; one in four on its sphere. */
	private static double[] inBall(final SplittableRandom random, final double[] c, final double r) {
		double x, y, z, n;
		do {
			x = random.nextDouble(-1, 1);
			y = random.nextDouble(-1, 1);
			z = random.nextDouble(-1, 1);
			n = Math.sqrt(x * x + y * y + z * z);
		} while (n > 1 || n < 1e-3);
		final double f = random.nextInt(4) == 0 ? r / n : r;
		return new double[] { c[0] + f * x, c[1] + f * y, c[2] + f * z };
	}

	private static double distance(final double[] a, final double[] b) {
		return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
	}

	/**
	 * Balls of radius 0.05–4 mm about random points (denser around the joint), on the standard knees and on a posed
	 * knee with a lesion in every bone: at 40 points of each ball {@link KneeModel.Neighbourhood#tissueAt} equals
	 * {@link KneeModel#tissueAt}, and equals the prepared tissue when there is one; and a smaller ball about a point
	 * of it that {@link KneeModel.Neighbourhood#uniform} calls one tissue is that tissue at 20 points of both balls.
	 */
	@Test
	void equalsTissueAtInTheBall() {
		final KneeModel lesions = new KneeModel(AnatomyConfig.defaults().withPose(new Matrix3d().rotation(0.3, new Vector3d(1, 1, 0).normalize()),
				new Vector3d(1, 2, 3)).withLesions(List.of(new AnatomyConfig.Lesion("MF", 0.5, 0.55, 300), new AnatomyConfig.Lesion("LT", 0.5, 0.5, 200),
				new AnatomyConfig.Lesion("P", 0.5, 0.5, 150))));
		final SplittableRandom r = new SplittableRandom(17);
		int pure = 0, mixed = 0, uniform = 0;
		for (final KneeModel model : new KneeModel[] { PhantomKnees.standard(Laterality.RIGHT, 1), PhantomKnees.standard(Laterality.LEFT, 1), lesions }) {
			final KneeModel.Neighbourhood local = model.neighbourhood();
			final double[] b = model.bounds();
			for (int i = 0; i < 60_000; i++) {
				final double[] c = r.nextBoolean() ? new double[] { r.nextDouble(b[0], b[3]), r.nextDouble(b[1], b[4]), r.nextDouble(b[2], b[5]) }
						: new double[] { r.nextDouble(-45, 45), r.nextDouble(-45, 45), r.nextDouble(-30, 50) };
				final double radius = Math.exp(r.nextDouble(Math.log(0.05), Math.log(4)));
				final Tissue prepared = local.prepare(c[0], c[1], c[2], radius);
				if (prepared != null)
					pure++;
				else
					mixed++;
				for (int k = 0; k < 40; k++) {
					final double[] q = inBall(r, c, radius);
					final Tissue t = model.tissueAt(q[0], q[1], q[2]);
					assertEquals(t, local.tissueAt(q[0], q[1], q[2]));
					if (prepared != null)
						assertEquals(prepared, t, () -> "ball of " + radius + " mm about " + c[0] + "," + c[1] + "," + c[2]);
				}
				final double[] s = inBall(r, c, radius * r.nextDouble());
				final double sr = radius * r.nextDouble(0.1, 0.7);
				final Tissue u = local.uniform(s[0], s[1], s[2], sr);
				if (u == null || prepared != null)
					continue;
				uniform++;
				for (int k = 0; k < 20; k++) {
					final double[] q = inBall(r, s, sr);
					if (distance(q, c) <= radius)
						assertEquals(u, model.tissueAt(q[0], q[1], q[2]));
				}
			}
		}
		assertTrue(pure > 50_000 && mixed > 20_000 && uniform > 10_000, pure + " pure, " + mixed + " mixed, " + uniform + " uniform sub-balls");
	}
}
