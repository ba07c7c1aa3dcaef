package org.chondroj.knee.anatomy;

import java.util.Arrays;
import java.util.Objects;

import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.Region;

/**
 * Plates and subregions of bone-surface points, from a {@link KneeFrame} and its {@link KneeLandmarks}: the link between
 * the anatomy and the per-vertex results of a thickness engine, on primitive arrays (the engine's classes are not
 * needed).
 * <p>
 * Input of {@link #femur}, {@link #tibia} and {@link #patella}: the points' LPS positions ({@code xyz}, mm, x y z
 * interleaved), their areas ({@code area}, mm², e.g. a third of the adjacent triangles' areas; they weight the tibial
 * subregions) and which of them belong to the plate's total subchondral bone area tAB ({@code inPlate}: covered, or
 * would be covered, by cartilage). Output: the finest {@link Region} id of every point, 0 ({@link Region#NONE}) where
 * {@code inPlate} is false; {@link Region#plate()} gives the plate. Cost O(n) (the tibia O(n log n)); deterministic.
 * <p>
 * <b>Rules</b> (in knee coordinates ml lateral, ap anterior, pd proximal):
 * <ul>
 * <li><b>femur</b>: {@link Region#TrF} where ap &gt; a_n (the notch's anterior end); otherwise medial where ml &lt; m
 * (the notch midline), else lateral, and central ({@link Region#cMF}, {@link Region#cLF}) where ap is at or anterior of
 * that condyle's weight-bearing boundary a_n − f·(a_n − a_p), else posterior ({@link Region#pMF}, {@link Region#pLF}).
 * The central plates are cut into thirds of their ML width, the extent along ML of the plate's points: external
 * ({@code ec}, away from the midline: the medial third of cMF, the lateral third of cLF), central ({@code cc}),
 * internal ({@code ic}).</li>
 * <li><b>tibia</b>: medial ({@link Region#MT}) where ml &lt; the middle of the gap between the tibial plates
 * ({@link KneeFrame#plateGapMl()}; for a point between the plates that is the nearer plate's side), else
 * {@link Region#LT}. Subregions, per plate, in the plane (ml, ap): the centre (ml₀, ap₀) is the area-weighted centroid
 * of the plate's points and σ_ML, σ_AP their area-weighted standard deviations; with x = (ml − ml₀)/σ_ML and
 * y = (ap − ap₀)/σ_AP, central {@code c} is x² + y² ≤ k², k chosen so that c holds 20 % of the plate's area (the
 * smallest k² for which the points within hold at least 20 % of the area, taking points in order of x² + y²); the rest:
 * anterior {@code a} where |y| ≥ |x| and y &gt; 0, posterior {@code p} where |y| ≥ |x| and y ≤ 0, external {@code e}
 * where |x| &gt; |y| away from the midline (MT: x &lt; 0, medial; LT: x &gt; 0, lateral), internal {@code i} towards
 * it.</li>
 * <li><b>patella</b>: {@link Region#P}.</li>
 * </ul>
 * Immutable; thread-safe.
 */
public final class Regions {

	/** Share of a tibial plate's area in its central subregion (Wirth &amp; Eckstein 2008). */
	public static final double CENTRAL_SHARE = 0.2;

	private final KneeFrame frame;
	private final KneeLandmarks landmarks;

	private Regions(final KneeFrame frame, final KneeLandmarks landmarks) {
		this.frame = Objects.requireNonNull(frame);
		this.landmarks = Objects.requireNonNull(landmarks);
	}

	/** The regions of a frame and its landmarks (the landmarks' frame must be {@code frame}). */
	public static Regions of(final KneeFrame frame, final KneeLandmarks landmarks) {
		if (landmarks.frame() != frame)
			throw new IllegalArgumentException("the landmarks belong to another knee frame");
		return new Regions(frame, landmarks);
	}

	public KneeFrame frame() {
		return frame;
	}

	public KneeLandmarks landmarks() {
		return landmarks;
	}

	/** The femoral plate (TrF, cMF, cLF, pMF or pLF, no thirds) of the LPS point (x, y, z). */
	public Region femurPlate(final double x, final double y, final double z) {
		final double[] k = frame.toKnee(x, y, z, new double[3]);
		return femurPlate(k[0], k[1]);
	}

	private Region femurPlate(final double ml, final double ap) {
		if (ap > landmarks.notchAnterior())
			return Region.TrF;
		final boolean medial = ml < landmarks.midline();
		final boolean central = ap >= landmarks.weightBearingBoundary(medial);
		return medial ? central ? Region.cMF : Region.pMF : central ? Region.cLF : Region.pLF;
	}

	/** The tibial plate (MT or LT) of the LPS point (x, y, z). */
	public Region tibiaPlate(final double x, final double y, final double z) {
		return frame.toKnee(x, y, z, new double[3])[0] < frame.plateGapMl() ? Region.MT : Region.LT;
	}

	/**
	 * The lesion compartment of a point of {@code bone}'s articular surface (by the plate rules above: MF = cMF + pMF,
	 * LF = cLF + pLF).
	 */
	public Compartment compartment(final KneeStructure bone, final double x, final double y, final double z) {
		switch (bone) {
		case FEMUR:
			return femurPlate(x, y, z).compartment();
		case TIBIA:
			return tibiaPlate(x, y, z).compartment();
		case PATELLA:
			return Compartment.P;
		default:
			throw new IllegalArgumentException(bone + " is not a bone");
		}
	}

	/** Finest regions of femoral bone-surface points: TrF, pMF, pLF and the thirds of cMF and cLF (see the class description). */
	public int[] femur(final float[] xyz, final double[] area, final boolean[] inPlate) {
		final int n = check(xyz, area, inPlate);
		final int[] out = new int[n];
		final double[] ml = new double[n];
		final double[] k = new double[3];
		// plate extents along ML, per central plate
		double loM = Double.POSITIVE_INFINITY, hiM = Double.NEGATIVE_INFINITY, loL = Double.POSITIVE_INFINITY, hiL = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			if (!inPlate[i])
				continue;
			frame.toKnee(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], k);
			ml[i] = k[0];
			final Region r = femurPlate(k[0], k[1]);
			out[i] = r.id();
			if (r == Region.cMF) {
				loM = Math.min(loM, k[0]);
				hiM = Math.max(hiM, k[0]);
			} else if (r == Region.cLF) {
				loL = Math.min(loL, k[0]);
				hiL = Math.max(hiL, k[0]);
			}
		}
		for (int i = 0; i < n; i++) {
			if (out[i] == Region.cMF.id()) // external = medial = low ml
				out[i] = third(ml[i], loM, hiM, Region.ecMF, Region.ccMF, Region.icMF).id();
			else if (out[i] == Region.cLF.id()) // external = lateral = high ml
				out[i] = third(ml[i], loL, hiL, Region.icLF, Region.ccLF, Region.ecLF).id();
		}
		return out;
	}

	/** The third of [lo, hi] holding v: {@code low}, {@code middle} or {@code high}. */
	private static Region third(final double v, final double lo, final double hi, final Region low, final Region middle, final Region high) {
		final double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
		return t < 1.0 / 3 ? low : t <= 2.0 / 3 ? middle : high;
	}

	/** Finest regions of tibial bone-surface points: the five subregions of MT and LT (see the class description). */
	public int[] tibia(final float[] xyz, final double[] area, final boolean[] inPlate) {
		final int n = check(xyz, area, inPlate);
		final int[] out = new int[n];
		final double[] ml = new double[n], ap = new double[n];
		final double[] k = new double[3];
		for (int i = 0; i < n; i++) {
			if (!inPlate[i])
				continue;
			frame.toKnee(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], k);
			ml[i] = k[0];
			ap[i] = k[1];
			out[i] = (k[0] < frame.plateGapMl() ? Region.MT : Region.LT).id();
		}
		subregions(out, ml, ap, area, Region.MT, new Region[] { Region.cMT, Region.aMT, Region.pMT, Region.eMT, Region.iMT }, -1);
		subregions(out, ml, ap, area, Region.LT, new Region[] { Region.cLT, Region.aLT, Region.pLT, Region.eLT, Region.iLT }, +1);
		return out;
	}

	/**
	 * Replaces the plate id of the points of {@code plate} by their subregions {c, a, p, e, i}; {@code external} is the
	 * sign of x that is away from the midline.
	 */
	private static void subregions(final int[] out, final double[] ml, final double[] ap, final double[] area, final Region plate,
			final Region[] sub, final int external) {
		int n = 0;
		double w = 0, sm = 0, sa = 0;
		for (int i = 0; i < out.length; i++)
			if (out[i] == plate.id()) {
				n++;
				w += area[i];
				sm += area[i] * ml[i];
				sa += area[i] * ap[i];
			}
		if (n == 0)
			return;
		if (!(w > 0))
			throw new IllegalArgumentException("the points of " + plate.key() + " have no area");
		final double ml0 = sm / w, ap0 = sa / w;
		double vm = 0, va = 0;
		for (int i = 0; i < out.length; i++)
			if (out[i] == plate.id()) {
				vm += area[i] * (ml[i] - ml0) * (ml[i] - ml0);
				va += area[i] * (ap[i] - ap0) * (ap[i] - ap0);
			}
		final double sdm = Math.sqrt(vm / w), sda = Math.sqrt(va / w);
		final int[] index = new int[n];
		final double[] r2 = new double[out.length];
		for (int i = 0, j = 0; i < out.length; i++)
			if (out[i] == plate.id()) {
				final double x = sdm > 0 ? (ml[i] - ml0) / sdm : 0, y = sda > 0 ? (ap[i] - ap0) / sda : 0;
				r2[i] = x * x + y * y;
				index[j++] = i;
			}
		// k²: the smallest r² at which the points within hold CENTRAL_SHARE of the area (ties broken by point order)
		final Integer[] order = Arrays.stream(index).boxed().toArray(Integer[]::new);
		Arrays.sort(order, (p, q) -> r2[p] != r2[q] ? Double.compare(r2[p], r2[q]) : Integer.compare(p, q));
		double cumulative = 0, k2 = Double.POSITIVE_INFINITY;
		for (final int i : order) {
			cumulative += area[i];
			if (cumulative >= CENTRAL_SHARE * w) {
				k2 = r2[i];
				break;
			}
		}
		for (final int i : index) {
			final double x = sdm > 0 ? (ml[i] - ml0) / sdm : 0, y = sda > 0 ? (ap[i] - ap0) / sda : 0;
			final Region r;
			if (r2[i] <= k2)
				r = sub[0];
			else if (Math.abs(y) >= Math.abs(x))
				r = y > 0 ? sub[1] : sub[2];
			else
				r = Math.signum(x) == external ? sub[3] : sub[4];
			out[i] = r.id();
		}
	}

	/** Regions of patellar bone-surface points: {@link Region#P} where in the plate. */
	public int[] patella(final float[] xyz, final double[] area, final boolean[] inPlate) {
		final int n = check(xyz, area, inPlate);
		final int[] out = new int[n];
		for (int i = 0; i < n; i++)
			out[i] = inPlate[i] ? Region.P.id() : 0;
		return out;
	}

	private static int check(final float[] xyz, final double[] area, final boolean[] inPlate) {
		final int n = inPlate.length;
		if (xyz.length != 3 * n || area.length != n)
			throw new IllegalArgumentException("need 3 coordinates and one area per point: " + xyz.length + " coordinates, " + area.length
					+ " areas, " + n + " points");
		return n;
	}

	@Override
	public String toString() {
		return "Regions[" + frame.side() + " knee, " + landmarks + "]";
	}
}
