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
 * surface) subtract their depth, clamped at 0 (a depth ≥ the thickness denudes the bone).
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
			final double bumpCos, final double[][] defects) {
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
				psiRange[1], kRange[0], kRange[1], base, amp, bumpAxis, Math.cos(bumpRadius), new double[0][]);
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
				new double[] { bx, by, bz }, bumpCos, more);
	}

	/**
	 * The part of this plate with d·e2 ∈ [kMin, kMax] ∩ this plate's range (the same sphere, thickness and defects):
	 * how a condyle patch is split into its central and posterior plates. Defects are kept whole; one that straddles
	 * the cut makes the quadrature error of the parts O(h) instead of spectral.
	 */
	public Plate restricted(final String newName, final double newKMin, final double newKMax) {
		return new Plate(newName, centre(), radius, convex, e1, e2, e3, z0, z1, psiLo, psiHi, Math.max(kMin, newKMin),
				Math.min(kMax, newKMax), base, amp, new double[] { bx, by, bz }, bumpCos, defects);
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

	/** The patch's z range {z0, z1} (a copy). */
	public double[] zRange() {
		return new double[] { z0, z1 };
	}

	/**
	 * The ψ values where the ring of radius {@code rho} (on the unit sphere) enters or leaves the patch: its ψ range's
	 * ends and the crossings of the two bounding planes (k = kMin, kMax). Unsorted; may lie outside the ψ range.
	 */
	private List<Double> patchBreaks(final double rho) {
		final List<Double> breaks = new ArrayList<>();
		breaks.add(psiLo);
		breaks.add(psiHi);
		for (final double k : new double[] { kMin, kMax })
			if (rho > 0 && Math.abs(k / rho) < 1) {
				final double as = Math.asin(k / rho);
				breaks.add(as);
				breaks.add(Math.PI - as);
				breaks.add(-Math.PI - as);
			}
		return breaks;
	}

	/**
	 * The first interval {ψa, ψb} of the patch on the ring at z (the patch's ψ range cut by the plane bounds), or
	 * null when the ring misses the patch.
	 */
	public double[] psiInterval(final double z) {
		final double rho = Math.sqrt(Math.max(0, 1 - z * z));
		final List<Double> breaks = patchBreaks(rho);
		final double[] ps = sortedWithin(breaks, psiLo, psiHi);
		double a = Double.NaN, b = Double.NaN;
		for (int i = 0; i + 1 < ps.length; i++) {
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
		double depth = 0;
		for (final double[] f : defects)
			if (dx * f[0] + dy * f[1] + dz * f[2] >= f[3])
				depth = Math.max(depth, f[4]);
		return Math.max(0, t - depth);
	}

	/** Magnitude of the surface gradient of the thickness (mm per radian of arc) at d, outside defects' rims. */
	double thicknessSlope(final double dx, final double dy, final double dz) {
		final double cb = dx * bx + dy * by + dz * bz;
		final double x = (1 - cb) / (1 - bumpCos);
		if (x >= 1)
			return 0;
		return amp * 2 * (1 - x) * Math.sqrt(Math.max(0, 1 - cb * cb)) / (1 - bumpCos);
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
		// over the patch: the thickness without defects, the deepest defect the point is in, the nearest rims
		final double bd = (qx * bx + qy * by + qz * bz) / r;
		final double xb = (1 - bd) / (1 - bumpCos);
		final double tb = xb < 1 ? base + amp * (1 - xb) * (1 - xb) : base;
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
		/** Largest slope of the thickness bump along the sphere, mm per radian (slightly widened). */
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
			final double c = p.bumpCos, cosMax = (c + Math.sqrt(c * c + 8)) / 4;
			slope = 2 * p.amp * (cosMax - c) * Math.sqrt(Math.max(0, 1 - cosMax * cosMax)) / ((1 - c) * (1 - c)) * (1 + 1e-6);
			defectSin = new double[p.defects.length];
			for (int i = 0; i < defectSin.length; i++)
				defectSin[i] = Math.sqrt(Math.max(0, 1 - p.defects[i][3] * p.defects[i][3]));
		}
	}

	/**
	 * The exact measures of this plate, by quadrature over (z, ψ) (see {@link PlateTruth} for each value and its
	 * error): composite Gauss–Legendre panels on pieces split at every place where the integrand is not smooth (the
	 * patch bounds, the plane cuts, the rims of the defects and of the thickness bump), so the integrand is smooth on
	 * each piece and the rule converges spectrally in ψ; in z, the pieces' ends where a rim is tangent carry a
	 * square-root behaviour, which the fine panels reduce to a relative error below 1e-6 (shown in the tests).
	 */
	public PlateTruth integrate() {
		return integrate(z0, z1);
	}

	/** The measures of the part of this plate with z ∈ [za, zb] (femoral subregions are z-thirds). */
	public PlateTruth integrate(final double za, final double zb) {
		final double[] acc = new double[9];
		final List<Double> zBreaks = new ArrayList<>();
		zBreaks.add(Math.max(z0, za));
		zBreaks.add(Math.min(z1, zb));
		addCapZBreaks(zBreaks, new double[] { bx, by, bz }, bumpCos);
		for (final double[] f : defects)
			addCapZBreaks(zBreaks, f, f[3]);
		for (final double k : new double[] { kMin, kMax })
			if (Math.abs(k) < 1)
				zBreaks.add(Math.sqrt(1 - k * k));
		final double lo = Math.max(z0, za), hi = Math.min(z1, zb);
		final double[] zs = sortedWithin(zBreaks, lo, hi);
		final double R2 = radius * radius;
		for (int i = 0; i + 1 < zs.length; i++)
			for (int pz = 0; pz < Z_PANELS; pz++) {
				final double a = zs[i] + (zs[i + 1] - zs[i]) * pz / Z_PANELS, b = zs[i] + (zs[i + 1] - zs[i]) * (pz + 1) / Z_PANELS;
				for (int gz = 0; gz < GL_X.length; gz++) {
					final double z = 0.5 * (a + b) + 0.5 * (b - a) * GL_X[gz];
					final double wz = 0.5 * (b - a) * GL_W[gz];
					integrateRing(z, wz, R2, acc);
				}
			}
		// the maximum: also at the bump centre when it is in the patch
		if (inRegion(bx, by, bz)) {
			final double zc = bx * e1[0] + by * e1[1] + bz * e1[2];
			if (zc >= lo && zc <= hi)
				acc[8] = Math.max(acc[8], thickness(bx, by, bz));
		}
		return new PlateTruth(acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[8]);
	}

	private void integrateRing(final double z, final double wz, final double R2, final double[] acc) {
		final double rho = Math.sqrt(Math.max(0, 1 - z * z));
		final List<Double> breaks = patchBreaks(rho);
		addCapPsiBreaks(breaks, z, rho, bx, by, bz, bumpCos);
		for (final double[] f : defects)
			addCapPsiBreaks(breaks, z, rho, f[0], f[1], f[2], f[3]);
		final double[] ps = sortedWithin(breaks, psiLo, psiHi);
		for (int i = 0; i + 1 < ps.length; i++) {
			final double mid = 0.5 * (ps[i] + ps[i + 1]);
			final double[] dm = direction(z, mid);
			if (!inRegion(dm[0], dm[1], dm[2]))
				continue;
			for (int pp = 0; pp < PSI_PANELS; pp++) {
				final double a = ps[i] + (ps[i + 1] - ps[i]) * pp / PSI_PANELS,
						b = ps[i] + (ps[i + 1] - ps[i]) * (pp + 1) / PSI_PANELS;
				for (int g = 0; g < GL_X.length; g++) {
					final double psi = 0.5 * (a + b) + 0.5 * (b - a) * GL_X[g];
					final double w = wz * 0.5 * (b - a) * GL_W[g];
					final double s = Math.sin(psi), c = Math.cos(psi);
					final double dx = z * e1[0] + rho * (s * e2[0] + c * e3[0]);
					final double dy = z * e1[1] + rho * (s * e2[1] + c * e3[1]);
					final double dz = z * e1[2] + rho * (s * e2[2] + c * e3[2]);
					final double t = thickness(dx, dy, dz);
					acc[0] += R2 * w; // tAB
					if (t > 0) {
						final double outer = convex ? radius + t : radius - t;
						final double g2 = thicknessSlope(dx, dy, dz);
						acc[1] += R2 * w; // cAB
						acc[2] += (convex ? (outer * outer * outer - radius * radius * radius)
								: (radius * radius * radius - outer * outer * outer)) / 3 * w; // VC
						acc[3] += outer * Math.sqrt(outer * outer + g2 * g2) * w; // AC
						acc[4] += t * R2 * w;
						acc[5] += t * t * R2 * w;
						acc[8] = Math.max(acc[8], t);
					}
				}
			}
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
	private void addCapPsiBreaks(final List<Double> out, final double z, final double rho, final double ax, final double ay,
			final double az, final double cosBeta) {
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
				out.add(p + 2 * Math.PI * k);
	}

	private static double[] sortedWithin(final List<Double> values, final double lo, final double hi) {
		return values.stream().mapToDouble(Double::doubleValue).filter(v -> v >= lo && v <= hi).sorted().distinct().toArray();
	}

	static final int Z_PANELS = 24, PSI_PANELS = 16;
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
