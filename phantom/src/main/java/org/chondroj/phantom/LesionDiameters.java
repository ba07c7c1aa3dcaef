package org.chondroj.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * The largest diameter of a bone-marrow lesion as the phantom makes it (see {@link KneeModel}): the set
 * S = (B₁ ∪ … ∪ Bₙ) ∩ M of its balls Bᵢ in the marrow M = {g &lt; 0}, g a smooth signed distance (bound) of the marrow
 * (the bone's, plus the cortex). The diameter max |p − q| over p, q ∈ S is reached at a pair each of which is the
 * farthest point of S from the other, and the farthest point of S from any point q is found exactly:
 * <ul>
 * <li>on ball i, the farthest point from q is cᵢ + rᵢ(cᵢ − q)/|cᵢ − q|; if it lies in the marrow, it is the farthest
 * point of Bᵢ ∩ M;</li>
 * <li>otherwise the farthest point of Bᵢ ∩ M lies on its edge, the curve where the ball's sphere meets the marrow's
 * boundary (the distance to q has no other maximum on the sphere, and none inside the marrow boundary's face as long
 * as that surface is flatter than the sphere about q through the point, which holds for convex bone surfaces of
 * curvature radius ≥ 19 mm and lesions smaller than that, and for every concave one). The edge is sampled on 96
 * meridians of the sphere (48 points each, every sign change of g refined by bisection), and its point farthest from q
 * refined by golden-section search along it.</li>
 * </ul>
 * Starting from each ball's centre, the farthest-point steps are alternated until the distance stops growing (it
 * grows monotonically); the largest pair over the starts is the diameter. Every pair compared consists of points of
 * the closure of S (to the bisection's 1e-12 mm), so the result is never larger than the true diameter; it equals it
 * to about 1e-9 mm on the closed forms of the tests (balls uncut: max |cᵢ − cⱼ| + rᵢ + rⱼ; a ball cut by a plane or by
 * a sphere to less than its half: the rim's diameter). Cost: about 10 ms per lesion (some 10⁵ evaluations of g).
 */
final class LesionDiameters {

	/** A signed function of a point (x, y, z), mm: negative inside. */
	@FunctionalInterface
	interface Field {
		double at(double x, double y, double z);
	}

	private static final int MERIDIANS = 96, MERIDIAN_SAMPLES = 48;

	private LesionDiameters() {
	}

	/** The diameter (mm) of (∪ balls) ∩ {g &lt; 0}; balls as {x, y, z, r}…; 0 when the set is empty. */
	static double of(final double[] balls, final Field g) {
		final int n = balls.length / 4;
		final Ball[] b = new Ball[n];
		for (int i = 0; i < n; i++)
			b[i] = new Ball(balls[4 * i], balls[4 * i + 1], balls[4 * i + 2], balls[4 * i + 3], g);
		double best = 0;
		for (int s = 0; s < n; s++) {
			double[] p = farthest(b, g, b[s].c);
			if (p == null)
				return 0; // S is empty
			double[] q = farthest(b, g, p);
			double d = distance(p, q);
			for (int it = 0; it < 100; it++) {
				final double[] r = farthest(b, g, q);
				final double dr = distance(q, r);
				if (!(dr > d + 1e-12))
					break;
				p = q;
				q = r;
				d = dr;
			}
			best = Math.max(best, d);
		}
		return best;
	}

	/** The point of the closure of S farthest from q, or null when S is empty. */
	private static double[] farthest(final Ball[] balls, final Field g, final double[] q) {
		double[] best = null;
		double bestD = -1;
		for (final Ball b : balls) {
			final double[] p = b.farthest(q, g);
			if (p != null && distance(p, q) > bestD) {
				best = p;
				bestD = distance(p, q);
			}
		}
		return best;
	}

	private static double distance(final double[] a, final double[] b) {
		final double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
		return Math.sqrt(dx * dx + dy * dy + dz * dz);
	}

	/** One ball with its edge on the marrow boundary, sampled once. */
	private static final class Ball {
		final double[] c;
		final double r;
		/** Meridian frame: m the pole (into the marrow), e, f the equator. */
		final double[] m, e, f;
		/** Edge samples: {φ, θa, θb, x, y, z}, with g changing sign between θa and θb on meridian φ. */
		final List<double[]> edge = new ArrayList<>();

		Ball(final double x, final double y, final double z, final double r, final Field g) {
			c = new double[] { x, y, z };
			this.r = r;
			// the pole: down the gradient of g (any axis will do; this one makes each meridian cross the edge once)
			final double h = 1e-4 * r;
			final double[] grad = { g.at(x + h, y, z) - g.at(x - h, y, z), g.at(x, y + h, z) - g.at(x, y - h, z),
					g.at(x, y, z + h) - g.at(x, y, z - h) };
			final double norm = Math.sqrt(Plate.dot(grad, grad));
			m = norm > 0 && Double.isFinite(norm) ? new double[] { -grad[0] / norm, -grad[1] / norm, -grad[2] / norm }
					: new double[] { 0, 0, 1 };
			final double[] t = Math.abs(m[0]) < 0.9 ? new double[] { 1, 0, 0 } : new double[] { 0, 1, 0 };
			e = Plate.unit(Plate.cross(m, t));
			f = Plate.cross(m, e);
			final double[] values = new double[MERIDIAN_SAMPLES + 1];
			for (int i = 0; i < MERIDIANS; i++) {
				final double phi = 2 * Math.PI * i / MERIDIANS;
				for (int j = 0; j <= MERIDIAN_SAMPLES; j++)
					values[j] = g.at(point(theta(j), phi, 0), point(theta(j), phi, 1), point(theta(j), phi, 2));
				for (int j = 0; j < MERIDIAN_SAMPLES; j++)
					if (values[j] < 0 != values[j + 1] < 0) {
						final double[] p = crossing(phi, theta(j), theta(j + 1), g);
						edge.add(new double[] { phi, theta(j), theta(j + 1), p[0], p[1], p[2] });
					}
			}
		}

		private static double theta(final int j) {
			return Math.PI * j / MERIDIAN_SAMPLES;
		}

		/** Coordinate a of the sphere point at polar angle θ from m and azimuth φ. */
		double point(final double theta, final double phi, final int a) {
			final double st = Math.sin(theta);
			return c[a] + r * (Math.cos(theta) * m[a] + st * (Math.cos(phi) * e[a] + Math.sin(phi) * f[a]));
		}

		/** The point where g changes sign on meridian φ between θa and θb (bisection to 1e-12 mm), or null. */
		double[] crossing(final double phi, final double thetaA, final double thetaB, final Field g) {
			double a = thetaA, b = thetaB;
			final boolean insideA = g.at(point(a, phi, 0), point(a, phi, 1), point(a, phi, 2)) < 0;
			if (insideA == g.at(point(b, phi, 0), point(b, phi, 1), point(b, phi, 2)) < 0)
				return null;
			while ((b - a) * r > 1e-12) {
				final double t = 0.5 * (a + b);
				if (g.at(point(t, phi, 0), point(t, phi, 1), point(t, phi, 2)) < 0 == insideA)
					a = t;
				else
					b = t;
			}
			final double t = 0.5 * (a + b);
			return new double[] { point(t, phi, 0), point(t, phi, 1), point(t, phi, 2) };
		}

		/** The point of the closure of this ball ∩ M farthest from q, or null when none. */
		double[] farthest(final double[] q, final Field g) {
			final double dx = c[0] - q[0], dy = c[1] - q[1], dz = c[2] - q[2];
			final double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
			final double[] u = d > 1e-9 * r ? new double[] { dx / d, dy / d, dz / d } : m;
			final double[] top = { c[0] + r * u[0], c[1] + r * u[1], c[2] + r * u[2] };
			if (g.at(top[0], top[1], top[2]) < 0)
				return top;
			// on the edge: the best sample, refined along the edge by golden-section search in φ
			double[] best = null;
			double bestD = -1;
			int bestIndex = -1;
			for (int i = 0; i < edge.size(); i++) {
				final double[] s = edge.get(i);
				final double ds = dist(s, q);
				if (ds > bestD) {
					bestD = ds;
					best = new double[] { s[3], s[4], s[5] };
					bestIndex = i;
				}
			}
			if (best == null)
				return null;
			final double[] s = edge.get(bestIndex);
			final double step = 2 * Math.PI / MERIDIANS, dTheta = Math.PI / MERIDIAN_SAMPLES;
			final double thetaA = Math.max(0, s[1] - dTheta), thetaB = Math.min(Math.PI, s[2] + dTheta);
			final double gr = (Math.sqrt(5) - 1) / 2;
			double a = s[0] - step, b = s[0] + step;
			double x1 = b - gr * (b - a), x2 = a + gr * (b - a);
			double[] p1 = crossing(x1, thetaA, thetaB, g), p2 = crossing(x2, thetaA, thetaB, g);
			while ((b - a) * r > 1e-9) {
				final double d1 = p1 == null ? -1 : dist(p1, q), d2 = p2 == null ? -1 : dist(p2, q);
				if (d1 > bestD) {
					bestD = d1;
					best = p1;
				}
				if (d2 > bestD) {
					bestD = d2;
					best = p2;
				}
				if (d1 > d2) {
					b = x2;
					x2 = x1;
					p2 = p1;
					x1 = b - gr * (b - a);
					p1 = crossing(x1, thetaA, thetaB, g);
				} else {
					a = x1;
					x1 = x2;
					p1 = p2;
					x2 = a + gr * (b - a);
					p2 = crossing(x2, thetaA, thetaB, g);
				}
			}
			return best;
		}

		/** Distance from the point stored at offset 3 of s (or at 0 when s has length 3) to q. */
		private static double dist(final double[] s, final double[] q) {
			final int o = s.length == 3 ? 0 : 3;
			final double dx = s[o] - q[0], dy = s[o + 1] - q[1], dz = s[o + 2] - q[2];
			return Math.sqrt(dx * dx + dy * dy + dz * dz);
		}
	}
}
