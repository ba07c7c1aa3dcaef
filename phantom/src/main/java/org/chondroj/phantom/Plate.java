package org.chondroj.phantom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One cartilage plate of the phantom: a patch of a sphere (the subchondral bone surface) carrying a cartilage shell
 * of smoothly varying thickness, in the knee frame K (mm).
 * <p>
 * <b>Parameterisation.</b> The sphere has centre c and radius R; an orthonormal frame (e1, e2, e3) gives every
 * direction as d(z, ψ) = z·e1 + ρ·(sin ψ·e2 + cos ψ·e3) with ρ = √(1 − z²). The map (z, ψ) → d is area-preserving
 * (Archimedes: dΩ = dz dψ), so areas and volumes are plain double integrals. The patch is the set of directions with
 * z ∈ [z0, z1], ψ ∈ [ψlo, ψhi] (atan2 range, −π..π) and d·e2 ∈ [kMin, kMax] (the last is a plane perpendicular to e2
 * through the sphere: it is how the weight-bearing boundary and the notch's anterior end cut a condyle).
 * <p>
 * <b>Cartilage.</b> The bone surface point is s = c + R·d. For a convex patch (bone inside the sphere) cartilage is
 * the radial shell R ≤ |p − c| ≤ R + t(d); for a concave one (bone outside) R − t(d) ≤ |p − c| ≤ R. The sphere's
 * normal is radial, so these are exactly the normal offsets s + h·n, 0 ≤ h ≤ t.
 * <p>
 * <b>Thickness.</b> t(d) = base + amp·(1 − x)² for x = (1 − d·b)/(1 − cos γ) &lt; 1 (a C¹ bump of angular radius γ
 * about the axis b), else base; focal defects (geodesic discs d·a ≥ cos β of area 2πR²(1 − cos β) on the bone
 * surface) subtract their depth, clamped at 0 (a depth ≥ the thickness denudes the bone). A regional thinning (a follow-up's
 * change) is a dip of the same C¹ form: t −= depth·(1 − x)² about its own axis and angular radius.
 * <p>
 * Immutable and thread-safe; {@link #contains} allocates nothing.
 */
public final class Plate {

	private final String name;
	private final double cx, cy, cz, radius;
	private final boolean convex;
	private final double[] e1, e2, e3;
	private final double z0, z1, psiLo, psiHi, kMin, kMax;
	private final double base, amp, bx, by, bz, bumpCos;
	/** Per defect: ax, ay, az, cos β, depth. */
	private final double[][] defects;
	/** Per thinning: ax, ay, az, cos γ, depth. */
	private final double[][] thinnings;
	/** Cap containing the patch directions, for the distance bound: axis and cos/sin of its angular radius. */
	private final double mx, my, mz, capCos, capSin;
	private final double maxThickness;
	/** Squared radii (slightly widened) between which every possible shell lies. */
	private final double inner2, outer2;
	/** What {@link #boundaryDistanceBound} needs besides the parameters, computed once. */
	private final BoundConstants boundConstants;

	private Plate(final String name, final double[] centre, final double radius, final boolean convex, final double[] e1,
			final double[] e2, final double[] e3, final double z0, final double z1, final double psiLo, final double psiHi,
			final double kMin, final double kMax, final double base, final double amp, final double[] bumpAxis,
			final double bumpCos, final double[][] defects, final double[][] thinnings) {
		this.name = name;
		cx = centre[0];
		cy = centre[1];
		cz = centre[2];
		this.radius = radius;
		this.convex = convex;
		this.e1 = e1.clone();
		this.e2 = e2.clone();
		this.e3 = e3.clone();
		this.z0 = z0;
		this.z1 = z1;
		this.psiLo = psiLo;
		this.psiHi = psiHi;
		this.kMin = kMin;
		this.kMax = kMax;
		this.base = base;
		this.amp = amp;
		final double[] b = unit(bumpAxis);
		bx = b[0];
		by = b[1];
		bz = b[2];
		this.bumpCos = bumpCos;
		this.defects = defects;
		this.thinnings = thinnings;
		if (!(radius > 0) || !(z0 < z1) || z0 < -1 || z1 > 1 || !(psiLo < psiHi) || psiLo < -Math.PI || psiHi > Math.PI
				|| !(base >= 0) || !(amp >= 0) || !(bumpCos < 1))
			throw new IllegalArgumentException("bad plate parameters for " + name);
		if (Math.abs(dot(e1, e2)) > 1e-12 || Math.abs(dot(e1, e3)) > 1e-12 || Math.abs(dot(e2, e3)) > 1e-12
				|| Math.abs(dot(e1, e1) - 1) > 1e-12 || Math.abs(dot(e2, e2) - 1) > 1e-12 || Math.abs(dot(e3, e3) - 1) > 1e-12)
			throw new IllegalArgumentException("the frame of plate " + name + " is not orthonormal");
		maxThickness = base + amp;
		final double in = convex ? radius : radius - maxThickness, out = convex ? radius + maxThickness : radius;
		inner2 = in * in * (1 - 1e-9);
		outer2 = out * out * (1 + 1e-9);
		// a cap around the mean direction holding every sampled patch direction, widened by the sampling step
		final int n = 96;
		double sx = 0, sy = 0, sz = 0;
		final List<double[]> samples = new ArrayList<>();
		for (int i = 0; i <= n; i++)
			for (int j = 0; j <= n; j++) {
				final double z = z0 + (z1 - z0) * i / n, psi = psiLo + (psiHi - psiLo) * j / n;
				final double[] d = direction(z, psi);
				if (!inRegion(d[0], d[1], d[2]))
					continue;
				samples.add(d);
				sx += d[0];
				sy += d[1];
				sz += d[2];
			}
		if (samples.isEmpty())
			throw new IllegalArgumentException("plate " + name + " is empty");
		final double norm = Math.sqrt(sx * sx + sy * sy + sz * sz);
		mx = sx / norm;
		my = sy / norm;
		mz = sz / norm;
		double maxAngle = 0;
		for (final double[] d : samples)
			maxAngle = Math.max(maxAngle, Math.acos(Math.min(1, d[0] * mx + d[1] * my + d[2] * mz)));
		final double step = Math.max((z1 - z0) / n * 1.2, (psiHi - psiLo) / n) + 1e-3;
		final double cap = Math.min(Math.PI, maxAngle + 2 * step);
		capCos = Math.cos(cap);
		capSin = Math.sin(cap);
		boundConstants = new BoundConstants(this);
	}

	/**
	 * A plate on a sphere patch (see the class comment for every parameter).
	 *
	 * @param centre     sphere centre, K mm
	 * @param radius     sphere radius R, mm
	 * @param convex     true when the bone is inside the sphere
	 * @param frame      e1, e2, e3 (orthonormal)
	 * @param zRange     z0, z1
	 * @param psiRange   ψlo, ψhi (radians, within −π..π)
	 * @param kRange     kMin, kMax on d·e2 (use −1, 1 for none)
	 * @param base       thickness outside the bump, mm
	 * @param amp        extra thickness at the bump centre, mm
	 * @param bumpAxis   bump centre direction
	 * @param bumpRadius angular radius of the bump, radians (0, π]
	 */
	public static Plate sphere(final String name, final double[] centre, final double radius, final boolean convex,
			final double[][] frame, final double[] zRange, final double[] psiRange, final double[] kRange, final double base,
			final double amp, final double[] bumpAxis, final double bumpRadius) {
		return new Plate(name, centre, radius, convex, frame[0], frame[1], frame[2], zRange[0], zRange[1], psiRange[0],
				psiRange[1], kRange[0], kRange[1], base, amp, bumpAxis, Math.cos(bumpRadius), new double[0][], new double[0][]);
	}

	/**
	 * This plate with one more focal defect: a geodesic disc of {@code area} mm² of bone surface about the direction
	 * {@code axis}, where {@code depth} mm is taken off the thickness (≥ the thickness: denuded bone). The disc must
	 * lie inside the patch (it is checked on a fine sample of its rim), so that cAB = tAB − area exactly.
	 */
	public Plate withDefect(final double[] axis, final double area, final double depth) {
		if (!(area > 0) || area >= 4 * Math.PI * radius * radius || !(depth > 0))
			throw new IllegalArgumentException("bad defect (area " + area + " mm², depth " + depth + " mm) on " + name);
		final double[] a = unit(axis);
		final double cosBeta = 1 - area / (2 * Math.PI * radius * radius);
		final double beta = Math.acos(cosBeta);
		// the rim must lie inside the patch
		final double[] p = perpendicular(a), q = cross(a, p);
		for (int i = 0; i < 360; i++) {
			final double phi = 2 * Math.PI * i / 360;
			final double sb = Math.sin(beta), cb = Math.cos(beta);
			final double dx = cb * a[0] + sb * (Math.cos(phi) * p[0] + Math.sin(phi) * q[0]);
			final double dy = cb * a[1] + sb * (Math.cos(phi) * p[1] + Math.sin(phi) * q[1]);
			final double dz = cb * a[2] + sb * (Math.cos(phi) * p[2] + Math.sin(phi) * q[2]);
			if (!inRegion(dx, dy, dz))
				throw new IllegalArgumentException("the defect of " + area + " mm² does not lie inside plate " + name);
		}
		final double[][] more = Arrays.copyOf(defects, defects.length + 1);
		more[defects.length] = new double[] { a[0], a[1], a[2], cosBeta, depth };
		return new Plate(name, centre(), radius, convex, e1, e2, e3, z0, z1, psiLo, psiHi, kMin, kMax, base, amp,
				new double[] { bx, by, bz }, bumpCos, more, thinnings);
	}

	/**
	 * This plate with one more regional thinning: {@code depth} mm taken off the thickness at the direction {@code axis},
	 * fading as depth·(1 − x)², x = (1 − d·axis)/(1 − cos γ), to nothing at the angular radius γ. The depth must be
	 * less than the base thickness, so cartilage outside defects stays (no new denuded area).
	 */
	public Plate withThinning(final double[] axis, final double depth, final double angularRadius) {
		if (!(depth > 0) || !(depth < base) || !(angularRadius > 0 && angularRadius <= Math.PI))
			throw new IllegalArgumentException("bad thinning (depth " + depth + " mm, base thickness " + base + " mm, radius "
					+ angularRadius + " rad) on " + name + ": the depth must be less than the base thickness");
		final double[] a = unit(axis);
		final double[][] more = Arrays.copyOf(thinnings, thinnings.length + 1);
		more[thinnings.length] = new double[] { a[0], a[1], a[2], Math.cos(angularRadius), depth };
		return new Plate(name, centre(), radius, convex, e1, e2, e3, z0, z1, psiLo, psiHi, kMin, kMax, base, amp,
				new double[] { bx, by, bz }, bumpCos, defects, more);
	}

	/**
	 * The part of this plate with d·e2 ∈ [kMin, kMax] ∩ this plate's range (the same sphere, thickness and defects):
	 * how a condyle patch is split into its central and posterior plates. Defects are kept whole; one that straddles
	 * the cut makes the quadrature error of the parts O(h) instead of spectral.
	 */
	public Plate restricted(final String newName, final double newKMin, final double newKMax) {
		return new Plate(newName, centre(), radius, convex, e1, e2, e3, z0, z1, psiLo, psiHi, Math.max(kMin, newKMin),
				Math.min(kMax, newKMax), base, amp, new double[] { bx, by, bz }, bumpCos, defects, thinnings);
	}

	/** The plate's name (e.g. "cMF"). */
	public String name() {
		return name;
	}

	public double[] centre() {
		return new double[] { cx, cy, cz };
	}

	public double radius() {
		return radius;
	}

	public boolean convex() {
		return convex;
	}

	/** The largest thickness (mm) the field can take: base + amp. */
	public double maxThickness() {
		return maxThickness;
	}

	/** The frame {e1, e2, e3} of the patch's parameterisation (copies). */
	double[][] frame() {
		return new double[][] { e1.clone(), e2.clone(), e3.clone() };
	}

	/** The patch's limits {z0, z1, ψlo, ψhi, kMin, kMax} (see the class comment). */
	double[] limits() {
		return new double[] { z0, z1, psiLo, psiHi, kMin, kMax };
	}

	/** The patch's z range {z0, z1} (a copy). */
	public double[] zRange() {
		return new double[] { z0, z1 };
	}

	/**
	 * Adds the ψ values where the ring of radius {@code rho} (on the unit sphere) enters or leaves the patch: its ψ
	 * range's ends (labels 0, 1) and the crossings of the two bounding planes k = kMin (labels 2–4), kMax (5–7). May lie
	 * outside the ψ range.
	 */
	private void patchBreaks(final double rho, final Breaks out) {
		out.add(psiLo, 0);
		out.add(psiHi, 1);
		int label = 2;
		for (final double k : new double[] { kMin, kMax }) {
			if (rho > 0 && Math.abs(k / rho) < 1) {
				final double as = Math.asin(k / rho);
				out.add(as, label);
				out.add(Math.PI - as, label + 1);
				out.add(-Math.PI - as, label + 2);
			}
			label += 3;
		}
	}

	/**
	 * The first interval {ψa, ψb} of the patch on the ring at z (the patch's ψ range cut by the plane bounds), or
	 * null when the ring misses the patch.
	 */
	public double[] psiInterval(final double z) {
		final double rho = Math.sqrt(Math.max(0, 1 - z * z));
		final Breaks breaks = new Breaks();
		patchBreaks(rho, breaks);
		breaks.sortWithin(psiLo, psiHi);
		final double[] ps = breaks.psi;
		double a = Double.NaN, b = Double.NaN;
		for (int i = 0; i + 1 < breaks.n; i++) {
			if (!(ps[i + 1] > ps[i]))
				continue;
			final double[] d = direction(z, 0.5 * (ps[i] + ps[i + 1]));
			if (inRegion(d[0], d[1], d[2])) {
				if (Double.isNaN(a))
					a = ps[i];
				b = ps[i + 1];
			} else if (!Double.isNaN(a))
				break;
		}
		return Double.isNaN(a) ? null : new double[] { a, b };
	}

	/** The direction at the fractions (a, b) ∈ [0, 1]² of the z range and of the ψ interval at that z (new array). */
	public double[] directionAt(final double a, final double b) {
		final double z = z0 + a * (z1 - z0);
		final double[] psi = psiInterval(z);
		if (psi == null)
			throw new IllegalArgumentException("no patch at z = " + z + " on plate " + name);
		return direction(z, psi[0] + b * (psi[1] - psi[0]));
	}

	/** Unit direction d(z, ψ) (new array). */
	public double[] direction(final double z, final double psi) {
		final double rho = Math.sqrt(Math.max(0, 1 - z * z));
		final double s = Math.sin(psi), c = Math.cos(psi);
		return new double[] { z * e1[0] + rho * (s * e2[0] + c * e3[0]), z * e1[1] + rho * (s * e2[1] + c * e3[1]),
				z * e1[2] + rho * (s * e2[2] + c * e3[2]) };
	}

	/** The point at height h (mm) above the bone surface along the normal towards the cartilage, at d(z, ψ); K mm. */
	public double[] point(final double z, final double psi, final double h) {
		final double[] d = direction(z, psi);
		final double r = convex ? radius + h : radius - h;
		return new double[] { cx + r * d[0], cy + r * d[1], cz + r * d[2] };
	}

	/** Whether the unit direction (dx, dy, dz) from the centre lies in the patch. */
	public boolean inRegion(final double dx, final double dy, final double dz) {
		final double z = dx * e1[0] + dy * e1[1] + dz * e1[2];
		if (z < z0 || z > z1)
			return false;
		final double s = dx * e2[0] + dy * e2[1] + dz * e2[2];
		if (s < kMin || s > kMax)
			return false;
		final double c = dx * e3[0] + dy * e3[1] + dz * e3[2];
		final double psi = Math.atan2(s, c);
		return psi >= psiLo && psi <= psiHi;
	}

	/** Cartilage thickness t(d) (mm) over the bone surface point in the unit direction d, defects included. */
	public double thickness(final double dx, final double dy, final double dz) {
		double t = base;
		final double x = (1 - (dx * bx + dy * by + dz * bz)) / (1 - bumpCos);
		if (x < 1)
			t += amp * (1 - x) * (1 - x);
		for (final double[] g : thinnings) {
			final double xg = (1 - (dx * g[0] + dy * g[1] + dz * g[2])) / (1 - g[3]);
			if (xg < 1)
				t -= g[4] * (1 - xg) * (1 - xg);
		}
		double depth = 0;
		for (final double[] f : defects)
			if (dx * f[0] + dy * f[1] + dz * f[2] >= f[3])
				depth = Math.max(depth, f[4]);
		return Math.max(0, t - depth);
	}

	/**
	 * Magnitude of the surface gradient of the thickness (mm per radian of arc) at d, outside defects' rims: each dip or
	 * bump amp·(1 − x)² about the axis b contributes 2·amp·(1 − x)/(1 − cos γ) times the tangential part of b.
	 */
	double thicknessSlope(final double dx, final double dy, final double dz) {
		double gx = 0, gy = 0, gz = 0;
		final double cb = dx * bx + dy * by + dz * bz;
		final double x = (1 - cb) / (1 - bumpCos);
		if (x < 1) {
			final double c = amp * 2 * (1 - x) / (1 - bumpCos);
			gx += c * (bx - cb * dx);
			gy += c * (by - cb * dy);
			gz += c * (bz - cb * dz);
		}
		for (final double[] g : thinnings) {
			final double cg = dx * g[0] + dy * g[1] + dz * g[2];
			final double xg = (1 - cg) / (1 - g[3]);
			if (xg < 1) {
				final double c = -g[4] * 2 * (1 - xg) / (1 - g[3]);
				gx += c * (g[0] - cg * dx);
				gy += c * (g[1] - cg * dy);
				gz += c * (g[2] - cg * dz);
			}
		}
		return Math.sqrt(gx * gx + gy * gy + gz * gz);
	}

	/** Whether the K point (x, y, z) mm is cartilage of this plate: its radial foot in the patch, 0 ≤ h < t (none where t = 0). */
	public boolean contains(final double x, final double y, final double z) {
		final double qx = x - cx, qy = y - cy, qz = z - cz;
		final double r2 = qx * qx + qy * qy + qz * qz;
		if (r2 < inner2 || r2 > outer2) // outside the annulus of every possible shell: no square root needed
			return false;
		final double r = Math.sqrt(r2);
		final double h = convex ? r - radius : radius - r;
		if (h < 0 || h > maxThickness || r == 0)
			return false;
		final double dx = qx / r, dy = qy / r, dz = qz / r;
		return inRegion(dx, dy, dz) && h < thickness(dx, dy, dz);
	}

	/**
	 * A lower bound (mm) of the distance from the K point to this plate's cartilage shell: the larger of the distance
	 * to the spherical annulus holding every possible shell and the distance to the cone of the patch's directions.
	 */
	public double distanceBound(final double x, final double y, final double z) {
		final double qx = x - cx, qy = y - cy, qz = z - cz;
		final double r = Math.sqrt(qx * qx + qy * qy + qz * qz);
		final double inner = convex ? radius : radius - maxThickness, outer = convex ? radius + maxThickness : radius;
		double bound = Math.max(0, Math.max(r - outer, inner - r));
		if (r > 0) {
			final double cg = (qx * mx + qy * my + qz * mz) / r;
			if (cg < capCos) {
				final double sg = Math.sqrt(Math.max(0, 1 - cg * cg));
				// angle δ = γ − Γ between the point and the cone; sin δ = sin γ cos Γ − cos γ sin Γ
				final double cosDelta = cg * capCos + sg * capSin;
				final double cone = cosDelta <= 0 ? r : r * (sg * capCos - cg * capSin);
				bound = Math.max(bound, cone);
			}
		}
		return bound;
	}

	// ---- quadrature over the bone patch ----

	/** A continuous function of a bone-surface point (u, v, w) of the knee frame K (mm). */
	@FunctionalInterface
	public interface SurfaceFunction {
		double at(double u, double v, double w);
	}

	/**
	 * A lower bound (mm) of the distance from the K point to the boundary of this plate's cartilage, on either side of
	 * it: inside the cartilage ({@link #contains}) the distance to the nearest point that is not cartilage of this
	 * plate, outside it the distance to the cartilage. Unlike {@link #distanceBound} it is not 0 inside the shell, and
	 * outside it follows the patch's sides and the thickness rather than a cap and an annulus around them.
	 * <p>
	 * In the patch's frame, with r the distance to the sphere's centre and h the height above the bone surface, the
	 * cartilage is the intersection of the patch's constraints (z ≥ z0 and z ≤ z1: cones about e1; d·e2 ≥ kMin and
	 * ≤ kMax: cones about e2; ψ ∈ [ψlo, ψhi]: a wedge about the e1 axis) with 0 ≤ h &lt; t(d). The distance to each
	 * constraint's bounding surface is exact (a cone at angle α from a point at angle θ: r·sin|θ − α|, or r beyond a
	 * right angle; a half-plane of the wedge likewise about the axis); the bone surface is at |h|. The outer surface
	 * h = t(d) is bounded through the slope L (mm per radian) of the thickness bump: t − h changes by at most
	 * (1 + L/r₀) per mm where every point on the way is at least r₀ from the centre. Inside, the bound is the least of
	 * these distances and of the distances to the rims of the defects the point is not in (entering one thins the
	 * cartilage); outside, the largest distance to a violated constraint, or, over the patch, the distance to the
	 * annulus of possible shells and (t − h)/(1 + L/r₀) with the rims of the defects the point is in, up to the largest
	 * thickness. Lowered by 1e-9 mm so that rounding never makes it too large.
	 * <p>
	 * Cost: two or three square roots and a few dozen multiplications (one square root far from the annulus); no
	 * allocation.
	 */
	public double boundaryDistanceBound(final double x, final double y, final double z) {
		final BoundConstants k = boundConstants;
		final double qx = x - cx, qy = y - cy, qz = z - cz;
		final double r = Math.sqrt(qx * qx + qy * qy + qz * qz);
		final double h = convex ? r - radius : radius - r;
		final double annulus = Math.max(-h, h - maxThickness); // > 0 outside the annulus of every possible shell
		if (annulus >= maxThickness) // far: the sides and the thickness can add little
			return annulus - BOUND_MARGIN;
		final double a1 = qx * e1[0] + qy * e1[1] + qz * e1[2];
		final double a2 = qx * e2[0] + qy * e2[1] + qz * e2[2];
		final double a3 = qx * e3[0] + qy * e3[1] + qz * e3[2];
		// the patch's sides: the distance to each constraint's surface, least over the satisfied ones (inside), largest
		// over the violated ones (outside)
		double inside = Double.POSITIVE_INFINITY, outside = 0;
		boolean violated = false;
		final double rho = Math.sqrt(a2 * a2 + a3 * a3); // distance from the e1 axis
		if (k.hasZ0) {
			final double e = k.z0Sin * a1 - z0 * rho; // r·sin(α0 − θ), θ the angle from e1; ≥ 0 inside
			final double dist = z0 * a1 + k.z0Sin * rho >= 0 ? Math.abs(e) : r;
			if (e >= 0)
				inside = Math.min(inside, dist);
			else {
				outside = Math.max(outside, dist);
				violated = true;
			}
		}
		if (k.hasZ1) {
			final double e = z1 * rho - k.z1Sin * a1; // r·sin(θ − α1)
			final double dist = z1 * a1 + k.z1Sin * rho >= 0 ? Math.abs(e) : r;
			if (e >= 0)
				inside = Math.min(inside, dist);
			else {
				outside = Math.max(outside, dist);
				violated = true;
			}
		}
		if (k.hasKMin || k.hasKMax) {
			final double rho2 = Math.sqrt(a1 * a1 + a3 * a3); // distance from the e2 axis
			if (k.hasKMin) {
				final double e = k.kMinSin * a2 - kMin * rho2; // r·sin(αmin − θ2), θ2 the angle from e2
				final double dist = kMin * a2 + k.kMinSin * rho2 >= 0 ? Math.abs(e) : r;
				if (e >= 0)
					inside = Math.min(inside, dist);
				else {
					outside = Math.max(outside, dist);
					violated = true;
				}
			}
			if (k.hasKMax) {
				final double e = kMax * rho2 - k.kMaxSin * a2; // r·sin(θ2 − αmax)
				final double dist = kMax * a2 + k.kMaxSin * rho2 >= 0 ? Math.abs(e) : r;
				if (e >= 0)
					inside = Math.min(inside, dist);
				else {
					outside = Math.max(outside, dist);
					violated = true;
				}
			}
		}
		if (k.hasPsi) {
			// a2 = ρ·sin ψ, a3 = ρ·cos ψ: ρ·sin(ψ − ψlo), ρ·sin(ψhi − ψ) and the cosines
			final double sLo = a2 * k.loCos - a3 * k.loSin, cLo = a3 * k.loCos + a2 * k.loSin;
			final double sHi = a3 * k.hiSin - a2 * k.hiCos, cHi = a3 * k.hiCos + a2 * k.hiSin;
			final double dist = Math.min(cLo >= 0 ? Math.abs(sLo) : rho, cHi >= 0 ? Math.abs(sHi) : rho);
			if (k.psiWide ? sLo >= 0 || sHi >= 0 : sLo >= 0 && sHi >= 0)
				inside = Math.min(inside, dist);
			else {
				outside = Math.max(outside, dist);
				violated = true;
			}
		}
		if (violated || h < 0) // beside the patch or under the bone surface
			return Math.max(0, Math.max(outside, annulus) - BOUND_MARGIN);
		// over the patch: the thickness without defects (bump and thinnings), the deepest defect the point is in, the nearest rims
		final double bd = (qx * bx + qy * by + qz * bz) / r;
		final double xb = (1 - bd) / (1 - bumpCos);
		double tb = xb < 1 ? base + amp * (1 - xb) * (1 - xb) : base;
		for (final double[] g : thinnings) {
			final double xg = (1 - (qx * g[0] + qy * g[1] + qz * g[2]) / r) / (1 - g[3]);
			if (xg < 1)
				tb -= g[4] * (1 - xg) * (1 - xg);
		}
		double depth = 0, enter = Double.POSITIVE_INFINITY, leave = Double.POSITIVE_INFINITY;
		for (int i = 0; i < defects.length; i++) {
			final double[] f = defects[i];
			final double sinBeta = k.defectSin[i];
			final double c = qx * f[0] + qy * f[1] + qz * f[2]; // r·cos θa, θa the angle from the defect's axis
			final double s = Math.sqrt(Math.max(0, r * r - c * c)); // r·sin θa
			final double e = c * sinBeta - s * f[3]; // r·sin(β − θa): ≥ 0 inside the rim
			final double dist = c * f[3] + s * sinBeta >= 0 ? Math.abs(e) : r;
			if (e >= 0) {
				depth = Math.max(depth, f[4]);
				leave = Math.min(leave, dist);
			} else
				enter = Math.min(enter, dist);
		}
		final double t = tb - depth;
		if (h < t) {
			// inside: the bone surface, the outer surface (every point within h is at least r − h from the centre), the
			// sides, the rims of the defects around
			final double outer = (t - h) / (1 + k.slope / (r - h));
			return Math.max(0, Math.min(Math.min(h, outer), Math.min(inside, enter)) - BOUND_MARGIN);
		}
		// above the cartilage: within the largest thickness (every point on the way at least r − maxThickness from the
		// centre) and within the rims of the defects it is in, the thickness can grow by at most the slope
		final double r0 = r - maxThickness;
		final double above = r0 > 0 ? Math.min(Math.min(maxThickness, leave), (h - t) / (1 + k.slope / r0)) : 0;
		return Math.max(0, Math.max(above, annulus) - BOUND_MARGIN);
	}

	/** The largest slope (mm per radian) of a bump or dip amp·(1 − x)², x = (1 − cos θ)/(1 − C), C = cos γ. */
	private static double maxBumpSlope(final double amp, final double c) {
		final double cosMax = (c + Math.sqrt(c * c + 8)) / 4;
		return 2 * amp * (cosMax - c) * Math.sqrt(Math.max(0, 1 - cosMax * cosMax)) / ((1 - c) * (1 - c));
	}

	/** How much {@link #boundaryDistanceBound} is lowered, mm: far more than any rounding, far less than a voxel. */
	private static final double BOUND_MARGIN = 1e-9;

	/** What {@link #boundaryDistanceBound} needs besides the plate's parameters, computed once per plate. */
	private static final class BoundConstants {
		/** Which constraints of the patch are there (a z bound of ±1, a plane bound of ±1, a full ψ turn are none). */
		final boolean hasZ0, hasZ1, hasKMin, hasKMax, hasPsi;
		/** Sines of the constraints' angles: √(1 − z0²), √(1 − z1²), √(1 − kMin²), √(1 − kMax²). */
		final double z0Sin, z1Sin, kMinSin, kMaxSin;
		/** cos and sin of ψlo and ψhi, and whether the ψ range is wider than π. */
		final double loCos, loSin, hiCos, hiSin;
		final boolean psiWide;
		/** Largest slope of the thickness bump and dips along the sphere, mm per radian (slightly widened). */
		final double slope;
		/** Per defect, sin β of its rim's angular radius β. */
		final double[] defectSin;

		BoundConstants(final Plate p) {
			hasZ0 = p.z0 > -1;
			hasZ1 = p.z1 < 1;
			hasKMin = p.kMin > -1;
			hasKMax = p.kMax < 1;
			hasPsi = p.psiLo > -Math.PI || p.psiHi < Math.PI;
			z0Sin = Math.sqrt(Math.max(0, 1 - p.z0 * p.z0));
			z1Sin = Math.sqrt(Math.max(0, 1 - p.z1 * p.z1));
			kMinSin = Math.sqrt(Math.max(0, 1 - p.kMin * p.kMin));
			kMaxSin = Math.sqrt(Math.max(0, 1 - p.kMax * p.kMax));
			loCos = Math.cos(p.psiLo);
			loSin = Math.sin(p.psiLo);
			hiCos = Math.cos(p.psiHi);
			hiSin = Math.sin(p.psiHi);
			psiWide = p.psiHi - p.psiLo > Math.PI;
			// |dt/dθ| = 2·amp·(cos θ − C)·sin θ / (1 − C)² for θ < γ (C = cos γ), largest where 2cos²θ − C·cos θ − 1 = 0
			final double c = p.bumpCos;
			double sl = maxBumpSlope(p.amp, c);
			for (final double[] g : p.thinnings) // a dip's slope adds to the bump's at most
				sl += maxBumpSlope(g[4], g[3]);
			slope = sl * (1 + 1e-6);
			defectSin = new double[p.defects.length];
			for (int i = 0; i < defectSin.length; i++)
				defectSin[i] = Math.sqrt(Math.max(0, 1 - p.defects[i][3] * p.defects[i][3]));
		}
	}

	/**
	 * A division of the bone patch into parts by continuous functions of the bone-surface point, its boundaries: along
	 * any curve on the patch, the part may change only where a boundary function changes its sign (their zero sets are
	 * the parts' borders and have no area). {@link #integrate(Partition)} finds those sign changes on every quadrature
	 * ring and makes them breakpoints, so a partition needs no geometry of its own.
	 */
	public interface Partition {
		/** The boundary functions (the same array on every call). */
		SurfaceFunction[] boundaries();

		/** The number of parts. */
		int parts();

		/**
		 * The part (0 … {@link #parts()} − 1, or −1: none) of a bone point where the boundary functions take
		 * {@code values} (in the order of {@link #boundaries()}).
		 */
		int part(double[] values);
	}

	/** The one-part partition {f &gt; 0}. */
	public static Partition where(final SurfaceFunction f) {
		final SurfaceFunction[] boundaries = { f };
		return new Partition() {
			@Override
			public SurfaceFunction[] boundaries() {
				return boundaries;
			}

			@Override
			public int parts() {
				return 1;
			}

			@Override
			public int part(final double[] values) {
				return values[0] > 0 ? 0 : -1;
			}
		};
	}

	/**
	 * The exact measures of this plate (see {@link PlateTruth} for each value and its error), by quadrature over
	 * (z, ψ), dΩ = dz dψ.
	 * <p>
	 * <b>ψ (along a ring of fixed z).</b> The integrand is smooth between the ring's breakpoints: where it enters or
	 * leaves the patch (its ψ range and plane cuts), crosses the rim of a defect or of the thickness bump (all in
	 * closed form) or, for {@link #integrate(Partition)}, a zero of a boundary function (found by sampling the ring at
	 * {@value #ROOT_SAMPLES} points, refining each sign change by the Illinois method to 1e-14 rad, and checking every
	 * sample extremum on the far side of zero by golden-section search, which finds the pair of zeros of a boundary
	 * that dips across zero between two samples, as near a tangent ring). {@value #PSI_PANELS} 12-point Gauss–Legendre
	 * panels between them converge spectrally.
	 * <p>
	 * <b>z.</b> The ring integral is smooth between the z where the ring's breakpoints change in number or order or
	 * its pieces change part (a rim or border tangent to a ring, two borders crossing, a border leaving through the
	 * patch's edge). Those z are breakpoints: in closed form for the rims' extremes and the plane cuts, the others
	 * located by bisection (to 1e-14 of the z range) between {@value #EVENT_SAMPLES} + 1 z samples whose breakpoint
	 * sequences differ. At a tangency the ring integral behaves like √(z − z*); the substitution z = a + (b − a)(3s² −
	 * 2s³) on each z piece [a, b] turns that into a smooth function of s. A piece next to a much shorter one is cut into
	 * pieces growing geometrically from that end (the short one's far end may be a singularity just beyond it).
	 * {@value #Z_PANELS} Gauss–Legendre panels in s per piece then converge spectrally too.
	 * <p>
	 * Accuracy (PlateTest): closed forms (caps, zones of a sphere cut by tilted planes, the tibial subregions of a cap)
	 * to 1e-12 relative; on every plate and tibial subregion of the standard knee, 2 × 2 and 16 × 16 panels per piece
	 * agree to 1e-9 (measured: 1e-11, most of it in ThCcAB_sd, a difference of moments); the parts of a partition add
	 * up to the whole plate to 1e-12. A border whose crossing pattern changes and changes back between two z samples
	 * (within 1/{@value #EVENT_SAMPLES} of the z range) would be missed: that feature's error would be O(h^1.5) instead
	 * of spectral. Cost: about 3 ms for a plate, 5–30 ms for a partition (every ring's zeros are searched).
	 */
	public PlateTruth integrate() {
		return integrate(z0, z1);
	}

	/** The measures of the part of this plate with z ∈ [za, zb] (femoral subregions are z-thirds). */
	public PlateTruth integrate(final double za, final double zb) {
		return measures(za, zb, null, Z_PANELS, PSI_PANELS)[0];
	}

	/** The measures of each part of a partition of this plate (indexed by part); see {@link #integrate()}. */
	public PlateTruth[] integrate(final Partition partition) {
		return measures(z0, z1, partition, Z_PANELS, PSI_PANELS);
	}

	/** {@link #integrate(Partition)} (whole plate for null) with the given numbers of panels per z and ψ piece. */
	PlateTruth[] integrate(final Partition partition, final int zPanels, final int psiPanels) {
		return measures(z0, z1, partition, zPanels, psiPanels);
	}

	/**
	 * The bone areas (mm²) of the parts of a partition, indexed by part: {@link #integrate(Partition)}'s tAB with one
	 * ψ panel per ring piece (the integrand is constant along a ring), so several times cheaper; same accuracy.
	 */
	public double[] areas(final Partition partition) {
		final double[] out = new double[partition.parts()];
		final double r2 = radius * radius;
		sweep(z0, z1, partition, Z_PANELS, 1, (part, w, dx, dy, dz) -> out[part] += r2 * w);
		return out;
	}

	/**
	 * ∫ f dA over the bone patch (mm² times the unit of f) for each function, by the quadrature of
	 * {@link #integrate()}: spectral accuracy for smooth f (such as the moments of u and v).
	 */
	public double[] boneIntegrals(final SurfaceFunction... f) {
		final double[] out = new double[f.length];
		final double r2 = radius * radius;
		sweep(z0, z1, null, Z_PANELS, PSI_PANELS, (part, w, dx, dy, dz) -> {
			final double u = cx + radius * dx, v = cy + radius * dy, h = cz + radius * dz;
			for (int k = 0; k < f.length; k++)
				out[k] += r2 * w * f[k].at(u, v, h);
		});
		return out;
	}

	private PlateTruth[] measures(final double za, final double zb, final Partition partition, final int zPanels,
			final int psiPanels) {
		final int n = partition == null ? 1 : partition.parts();
		final double[][] acc = new double[n][7];
		final double lo = Math.max(z0, za), hi = Math.min(z1, zb);
		sweep(lo, hi, partition, zPanels, psiPanels, (part, w, dx, dy, dz) -> accumulate(acc[part], w, dx, dy, dz));
		// the maximum: also at the bump centre when it is in the patch (and in a part)
		if (inRegion(bx, by, bz)) {
			final double zc = bx * e1[0] + by * e1[1] + bz * e1[2];
			final int part = partAt(partition, bx, by, bz);
			if (zc >= lo && zc <= hi && part >= 0)
				acc[part][6] = Math.max(acc[part][6], thickness(bx, by, bz));
		}
		final PlateTruth[] out = new PlateTruth[n];
		for (int k = 0; k < n; k++)
			out[k] = new PlateTruth(acc[k][0], acc[k][1], acc[k][2], acc[k][3], acc[k][4], acc[k][5], acc[k][6]);
		return out;
	}

	/** Adds one node's contributions to {tAB, cAB, VC, AC, ∫t dA, ∫t² dA, max t}; w is the node's weight in sr. */
	private void accumulate(final double[] acc, final double w, final double dx, final double dy, final double dz) {
		final double r2 = radius * radius, r3 = r2 * radius;
		final double t = thickness(dx, dy, dz);
		acc[0] += r2 * w; // tAB
		if (t > 0) {
			final double outer = convex ? radius + t : radius - t;
			final double g = thicknessSlope(dx, dy, dz);
			acc[1] += r2 * w; // cAB
			acc[2] += (convex ? outer * outer * outer - r3 : r3 - outer * outer * outer) / 3 * w; // VC
			acc[3] += outer * Math.sqrt(outer * outer + g * g) * w; // AC
			acc[4] += t * r2 * w;
			acc[5] += t * t * r2 * w;
			acc[6] = Math.max(acc[6], t);
		}
	}

	/** Receives the quadrature nodes: the part, the weight (sr) and the unit direction. */
	@FunctionalInterface
	private interface Nodes {
		void node(int part, double w, double dx, double dy, double dz);
	}

	/** Sends every quadrature node of the patch with z ∈ [lo, hi] (in a part of the partition, if any) to nodes. */
	private void sweep(final double lo, final double hi, final Partition partition, final int zPanels, final int psiPanels,
			final Nodes nodes) {
		if (!(lo < hi))
			return;
		final List<Double> zBreaks = new ArrayList<>();
		zBreaks.add(lo);
		zBreaks.add(hi);
		addCapZBreaks(zBreaks, new double[] { bx, by, bz }, bumpCos);
		for (final double[] f : defects)
			addCapZBreaks(zBreaks, f, f[3]);
		for (final double[] g : thinnings)
			addCapZBreaks(zBreaks, g, g[3]);
		for (final double k : new double[] { kMin, kMax })
			if (Math.abs(k) < 1) {
				zBreaks.add(Math.sqrt(1 - k * k));
				zBreaks.add(-Math.sqrt(1 - k * k));
			}
		zBreaks.addAll(events(lo, hi, partition));
		final double[] all = sortedWithin(zBreaks, lo, hi);
		// breaks closer than 1e-13 of the range are one (an event found by bisection beside a closed-form break)
		final double[] zs = new double[all.length];
		int n = 0;
		for (final double z : all)
			if (n == 0 || z - zs[n - 1] > 1e-13 * (hi - lo))
				zs[n++] = z;
		zs[n - 1] = hi;
		// a piece next to a much shorter one may have that one's singularity just beyond its end: grade it towards
		// that end (pieces of the neighbour's length, doubling), so the singularity is as far as a piece is long
		final List<Double> graded = new ArrayList<>();
		for (int i = 0; i + 1 < n; i++) {
			final double length = zs[i + 1] - zs[i];
			graded.add(zs[i]);
			if (i > 0)
				for (double d = zs[i] - zs[i - 1]; d < length / 4; d *= 2)
					graded.add(zs[i] + d);
			if (i + 2 < n)
				for (double d = zs[i + 2] - zs[i + 1]; d < length / 4; d *= 2)
					graded.add(zs[i + 1] - d);
		}
		graded.add(hi);
		final double[] pieces = sortedWithin(graded, lo, hi);
		for (int i = 0; i + 1 < pieces.length; i++) {
			final double a = pieces[i], h = pieces[i + 1] - pieces[i];
			for (int pz = 0; pz < zPanels; pz++)
				for (int g = 0; g < GL_X.length; g++) {
					// z = a + h (3s² − 2s³): smooth in s at a tangency's √(z − z*)
					final double s = (pz + 0.5 + 0.5 * GL_X[g]) / zPanels;
					ring(a + h * s * s * (3 - 2 * s), h * 6 * s * (1 - s) * 0.5 * GL_W[g] / zPanels, partition, psiPanels, nodes);
				}
		}
	}

	private void ring(final double z, final double wz, final Partition partition, final int psiPanels, final Nodes nodes) {
		final double rho = Math.sqrt(Math.max(0, 1 - z * z));
		final Breaks br = breaks(z, rho, partition);
		for (int i = 0; i + 1 < br.n; i++) {
			final double lo = br.psi[i], hi = br.psi[i + 1];
			if (!(hi > lo))
				continue;
			final double[] dm = direction(z, 0.5 * (lo + hi));
			if (!inRegion(dm[0], dm[1], dm[2]))
				continue;
			final int part = partAt(partition, dm[0], dm[1], dm[2]);
			if (part < 0)
				continue;
			for (int pp = 0; pp < psiPanels; pp++) {
				final double a = lo + (hi - lo) * pp / psiPanels, b = lo + (hi - lo) * (pp + 1) / psiPanels;
				for (int g = 0; g < GL_X.length; g++) {
					final double psi = 0.5 * (a + b) + 0.5 * (b - a) * GL_X[g];
					final double s = Math.sin(psi), c = Math.cos(psi);
					nodes.node(part, wz * 0.5 * (b - a) * GL_W[g], z * e1[0] + rho * (s * e2[0] + c * e3[0]),
							z * e1[1] + rho * (s * e2[1] + c * e3[1]), z * e1[2] + rho * (s * e2[2] + c * e3[2]));
				}
			}
		}
	}

	/** The part of the bone point in the unit direction d (0 without a partition). */
	private int partAt(final Partition partition, final double dx, final double dy, final double dz) {
		if (partition == null)
			return 0;
		final SurfaceFunction[] b = partition.boundaries();
		final double[] values = new double[b.length];
		for (int k = 0; k < b.length; k++)
			values[k] = b[k].at(cx + radius * dx, cy + radius * dy, cz + radius * dz);
		return partition.part(values);
	}

	/**
	 * Labels of the ring breakpoints: patch bounds 0–7, the bump's rim 8, defect i's rim 9 + i, thinning i's rim
	 * 500 + i, boundary k 1000 + k.
	 */
	private static final int BUMP_LABEL = 8, DEFECT_LABEL = 9, THINNING_LABEL = 500, BOUNDARY_LABEL = 1000;

	/** The breakpoints of the ring at z within [ψlo, ψhi], sorted by ψ (then label). */
	private Breaks breaks(final double z, final double rho, final Partition partition) {
		final Breaks br = new Breaks();
		patchBreaks(rho, br);
		addCapPsiBreaks(br, BUMP_LABEL, z, rho, bx, by, bz, bumpCos);
		for (int i = 0; i < defects.length; i++)
			addCapPsiBreaks(br, DEFECT_LABEL + i, z, rho, defects[i][0], defects[i][1], defects[i][2], defects[i][3]);
		for (int i = 0; i < thinnings.length; i++)
			addCapPsiBreaks(br, THINNING_LABEL + i, z, rho, thinnings[i][0], thinnings[i][1], thinnings[i][2], thinnings[i][3]);
		if (partition != null) {
			final SurfaceFunction[] b = partition.boundaries();
			for (int k = 0; k < b.length; k++)
				addZeros(br, BOUNDARY_LABEL + k, b[k], z, rho);
		}
		br.sortWithin(psiLo, psiHi);
		return br;
	}

	/**
	 * What the ring at z looks like to the quadrature: the labels of its breakpoints in ψ order, each followed by the
	 * state of the piece after it (−2 outside the patch, else its part). Where this changes with z, the ring integral
	 * is not smooth.
	 */
	private int[] signature(final double z, final Partition partition) {
		final double rho = Math.sqrt(Math.max(0, 1 - z * z));
		final Breaks br = breaks(z, rho, partition);
		final int[] sig = new int[2 * br.n];
		int m = 0;
		for (int i = 0; i < br.n; i++) {
			sig[m++] = br.label[i];
			if (i + 1 < br.n && br.psi[i + 1] > br.psi[i]) {
				final double[] d = direction(z, 0.5 * (br.psi[i] + br.psi[i + 1]));
				sig[m++] = inRegion(d[0], d[1], d[2]) ? partAt(partition, d[0], d[1], d[2]) : -2;
			}
		}
		return Arrays.copyOf(sig, m);
	}

	/** The z in [lo, hi] where the ring's {@link #signature} changes, by bisection between EVENT_SAMPLES + 1 samples. */
	private List<Double> events(final double lo, final double hi, final Partition partition) {
		final List<Double> out = new ArrayList<>();
		double za = lo;
		int[] sa = signature(lo, partition);
		for (int i = 1; i <= EVENT_SAMPLES; i++) {
			final double zb = i == EVENT_SAMPLES ? hi : lo + (hi - lo) * i / EVENT_SAMPLES;
			final int[] sb = signature(zb, partition);
			double a = za;
			int[] s = sa;
			for (int found = 0; found < 8 && !Arrays.equals(s, sb); found++) {
				// the first change after a
				double l = a, r = zb;
				while (r - l > 1e-14 * (hi - lo)) {
					final double m = 0.5 * (l + r);
					if (Arrays.equals(signature(m, partition), s))
						l = m;
					else
						r = m;
				}
				out.add(r);
				a = r;
				s = signature(r, partition);
			}
			za = zb;
			sa = sb;
		}
		return out;
	}

	/**
	 * Adds the zeros of f along the ring at z within [ψlo, ψhi]: the sign changes between ROOT_SAMPLES + 1 samples,
	 * refined, and the pairs of zeros near a sample extremum on the far side of zero (golden-section search).
	 */
	private void addZeros(final Breaks out, final int label, final SurfaceFunction f, final double z, final double rho) {
		final int n = ROOT_SAMPLES;
		final double[] ps = new double[n + 1], fs = new double[n + 1];
		for (int j = 0; j <= n; j++) {
			ps[j] = psiLo + (psiHi - psiLo) * j / n;
			fs[j] = valueAt(f, z, rho, ps[j]);
		}
		for (int j = 0; j < n; j++)
			if (fs[j] > 0 != fs[j + 1] > 0)
				out.add(zero(f, z, rho, ps[j], fs[j], ps[j + 1], fs[j + 1]), label);
		for (int j = 0; j <= n; j++) {
			final boolean pos = fs[j] > 0;
			final double sign = pos ? 1 : -1;
			// f(j) on the same side as its neighbours and nearer zero: a sample minimum of sign·f
			final boolean left = j == 0 || fs[j - 1] > 0 == pos && sign * fs[j] < sign * fs[j - 1];
			final boolean right = j == n
					|| fs[j + 1] > 0 == pos && (j == 0 ? sign * fs[j] < sign * fs[j + 1] : sign * fs[j] <= sign * fs[j + 1]);
			if (!(left && right))
				continue;
			final int ja = Math.max(0, j - 1), jb = Math.min(n, j + 1);
			final double m = nearestZero(f, z, rho, ps[ja], ps[jb], sign);
			final double fm = valueAt(f, z, rho, m);
			if (fm > 0 != pos) {
				out.add(zero(f, z, rho, ps[ja], fs[ja], m, fm), label);
				out.add(zero(f, z, rho, m, fm, ps[jb], fs[jb]), label);
			}
		}
	}

	/** The minimum of sign·f on the ring over [a, b] by golden-section search, or the first point found across zero. */
	private double nearestZero(final SurfaceFunction f, final double z, final double rho, final double a0, final double b0,
			final double sign) {
		final double g = (Math.sqrt(5) - 1) / 2;
		double a = a0, b = b0;
		double x1 = b - g * (b - a), x2 = a + g * (b - a);
		double f1 = sign * valueAt(f, z, rho, x1), f2 = sign * valueAt(f, z, rho, x2);
		for (int it = 0; it < 80 && b - a > 1e-10; it++) {
			if (f1 <= 0)
				return x1;
			if (f2 <= 0)
				return x2;
			if (f1 < f2) {
				b = x2;
				x2 = x1;
				f2 = f1;
				x1 = b - g * (b - a);
				f1 = sign * valueAt(f, z, rho, x1);
			} else {
				a = x1;
				x1 = x2;
				f1 = f2;
				x2 = a + g * (b - a);
				f2 = sign * valueAt(f, z, rho, x2);
			}
		}
		return f1 < f2 ? x1 : x2;
	}

	/** The zero of f on the ring between a and b (f(a) and f(b) on different sides of 0), by the Illinois method. */
	private double zero(final SurfaceFunction f, final double z, final double rho, final double a0, final double fa0,
			final double b0, final double fb0) {
		double a = a0, fa = fa0, b = b0, fb = fb0;
		int side = 0;
		for (int it = 0; it < 200 && Math.abs(b - a) > 1e-14 * (1 + Math.abs(a)); it++) {
			double c = (a * fb - b * fa) / (fb - fa);
			if (it % 4 == 3 || !(c > Math.min(a, b) && c < Math.max(a, b)))
				c = 0.5 * (a + b); // a bisection now and then bounds the number of steps
			final double fc = valueAt(f, z, rho, c);
			if (fc > 0 == fb > 0) {
				b = c;
				fb = fc;
				if (side == -1)
					fa *= 0.5;
				side = -1;
			} else {
				a = c;
				fa = fc;
				if (side == 1)
					fb *= 0.5;
				side = 1;
			}
		}
		return 0.5 * (a + b);
	}

	/** f at the bone point of the ring at z (ring radius rho) and ψ. */
	private double valueAt(final SurfaceFunction f, final double z, final double rho, final double psi) {
		final double s = Math.sin(psi), c = Math.cos(psi);
		final double dx = z * e1[0] + rho * (s * e2[0] + c * e3[0]);
		final double dy = z * e1[1] + rho * (s * e2[1] + c * e3[1]);
		final double dz = z * e1[2] + rho * (s * e2[2] + c * e3[2]);
		return f.at(cx + radius * dx, cy + radius * dy, cz + radius * dz);
	}

	/** Breakpoints of a ring: ψ values with labels saying what each is. */
	private static final class Breaks {
		double[] psi = new double[16];
		int[] label = new int[16];
		int n;

		void add(final double p, final int l) {
			if (n == psi.length) {
				psi = Arrays.copyOf(psi, 2 * n);
				label = Arrays.copyOf(label, 2 * n);
			}
			psi[n] = p;
			label[n++] = l;
		}

		/** Keeps the breakpoints within [lo, hi], sorted by ψ, then label (insertion sort: a few dozen at most). */
		void sortWithin(final double lo, final double hi) {
			int m = 0;
			for (int i = 0; i < n; i++)
				if (psi[i] >= lo && psi[i] <= hi) {
					final double p = psi[i];
					final int l = label[i];
					int j = m++;
					while (j > 0 && (psi[j - 1] > p || psi[j - 1] == p && label[j - 1] > l)) {
						psi[j] = psi[j - 1];
						label[j] = label[j - 1];
						j--;
					}
					psi[j] = p;
					label[j] = l;
				}
			n = m;
		}
	}

	/** z-extremes of the cap d·a ≥ cos β. */
	private void addCapZBreaks(final List<Double> out, final double[] a, final double cosBeta) {
		final double beta = Math.acos(Math.max(-1, Math.min(1, cosBeta)));
		final double theta = Math.acos(Math.max(-1, Math.min(1, a[0] * e1[0] + a[1] * e1[1] + a[2] * e1[2])));
		out.add(Math.cos(Math.min(Math.PI, theta + beta)));
		out.add(Math.cos(Math.max(0, theta - beta)));
	}

	/** ψ where the ring at z crosses the rim of the cap d·a ≥ cos β. */
	private void addCapPsiBreaks(final Breaks out, final int label, final double z, final double rho, final double ax,
			final double ay, final double az, final double cosBeta) {
		final double a1 = ax * e1[0] + ay * e1[1] + az * e1[2];
		final double a2 = ax * e2[0] + ay * e2[1] + az * e2[2];
		final double a3 = ax * e3[0] + ay * e3[1] + az * e3[2];
		final double bAmp = rho * Math.sqrt(a2 * a2 + a3 * a3);
		if (bAmp <= 0)
			return;
		final double kappa = (cosBeta - z * a1) / bAmp;
		if (kappa <= -1 || kappa >= 1)
			return;
		final double psi0 = Math.atan2(a2, a3), half = Math.acos(kappa);
		for (final double p : new double[] { psi0 - half, psi0 + half })
			for (int k = -1; k <= 1; k++)
				out.add(p + 2 * Math.PI * k, label);
	}

	private static double[] sortedWithin(final List<Double> values, final double lo, final double hi) {
		return values.stream().mapToDouble(Double::doubleValue).filter(v -> v >= lo && v <= hi).sorted().distinct().toArray();
	}

	/** Gauss–Legendre panels per z piece and per ring piece; samples per ring for zeros, per z range for events. */
	static final int Z_PANELS = 4, PSI_PANELS = 4, ROOT_SAMPLES = 32, EVENT_SAMPLES = 256;
	/** 12-point Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on the Legendre polynomial. */
	static final double[] GL_X, GL_W;

	static {
		final int n = 12;
		GL_X = new double[n];
		GL_W = new double[n];
		for (int i = 0; i < n; i++) {
			double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
			double dp = 0;
			for (int it = 0; it < 100; it++) {
				double p0 = 1, p1 = x;
				for (int k = 2; k <= n; k++) {
					final double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
					p0 = p1;
					p1 = p2;
				}
				dp = n * (x * p1 - p0) / (x * x - 1);
				final double dx = p1 / dp;
				x -= dx;
				if (Math.abs(dx) < 1e-16)
					break;
			}
			GL_X[i] = x;
			GL_W[i] = 2 / ((1 - x * x) * dp * dp);
		}
	}

	static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	static double[] cross(final double[] a, final double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	static double[] unit(final double[] a) {
		final double n = Math.sqrt(dot(a, a));
		return new double[] { a[0] / n, a[1] / n, a[2] / n };
	}

	private static double[] perpendicular(final double[] a) {
		final double[] t = Math.abs(a[0]) < 0.9 ? new double[] { 1, 0, 0 } : new double[] { 0, 1, 0 };
		return unit(cross(a, t));
	}
}
