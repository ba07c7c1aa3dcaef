package org.chondroj.phantom;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.chondroj.core.Laterality;

import org.joml.Matrix3d;
import org.joml.Matrix3dc;
import org.joml.Vector3d;
import org.joml.Vector3dc;

/**
 * The parameters of a phantom knee ({@link KneeModel}): side, size, pose, cartilage thickness per articular surface,
 * focal cartilage defects, bone-marrow lesions and the joint spaces. Immutable; change a copy with the
 * {@code with…} methods. {@link #defaults()} is a healthy-looking adult knee with one small full-thickness defect in
 * the central medial femur and one bone-marrow lesion under the medial femoral condyle.
 * <p>
 * Thickness is given per articular surface ({@code MF}, {@code LF}: the whole condyle surface carrying cMF + pMF or
 * cLF + pLF; {@code MT}, {@code LT}, {@code TrF}, {@code P}) as {base, amp, bumpRadius}: base thickness (mm), the extra
 * thickness at the centre of a smooth bump (mm; the bump is centred on the contact point of the tibiofemoral and
 * patellofemoral joints), and the bump's angular radius (radians, on the surface's sphere). Thickness does not scale
 * with {@link #scale()}; all other lengths do.
 */
public final class AnatomyConfig {

	/** The articular surfaces that carry a thickness field. */
	public static final List<String> SURFACES = List.of("MF", "LF", "MT", "LT", "TrF", "P");
	/** The plates (docs/DESIGN.md). */
	public static final List<String> PLATES = List.of("MT", "LT", "cMF", "cLF", "pMF", "pLF", "TrF", "P");
	/** The lesion compartments (docs/DESIGN.md). */
	public static final List<String> COMPARTMENTS = List.of("MF", "LF", "MT", "LT", "TrF", "P");

	/**
	 * A focal cartilage defect on {@code plate}: a geodesic disc of {@code area} mm² of bone surface whose centre
	 * lies at the fractions (a, b) ∈ [0, 1]² of the plate's z and ψ ranges, taking {@code depth} mm off the thickness
	 * ({@link Double#POSITIVE_INFINITY} or anything ≥ the thickness: full depth, denuded bone).
	 */
	public record Defect(String plate, double a, double b, double area, double depth) {
		public Defect {
			if (!PLATES.contains(plate))
				throw new IllegalArgumentException("unknown plate " + plate + "; one of " + PLATES);
			if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1 && area > 0 && depth > 0))
				throw new IllegalArgumentException("bad defect on " + plate);
		}
	}

	/**
	 * A bone-marrow lesion under the articular surface of {@code compartment}, near the surface point at the fractions
	 * (a, b) ∈ [0, 1]² of its z and ψ ranges, of about {@code volume} mm³ (the truth states the volume actually made).
	 */
	public record Lesion(String compartment, double a, double b, double volume) {
		public Lesion {
			if (!COMPARTMENTS.contains(compartment))
				throw new IllegalArgumentException("unknown compartment " + compartment + "; one of " + COMPARTMENTS);
			if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1 && volume > 0))
				throw new IllegalArgumentException("bad lesion in " + compartment);
		}
	}

	/**
	 * A regional thinning of the cartilage on {@code surface} (a follow-up's change): {@code depth} mm less at the
	 * surface point at the fractions (a, b) ∈ [0, 1]² of its z and ψ ranges, fading smoothly (C¹) to nothing at the
	 * angular radius {@code radius} (radians, on the surface's sphere). The depth must be less than the surface's base
	 * thickness, so that no new bone is denuded (checked when the model is built).
	 */
	public record Thinning(String surface, double a, double b, double depth, double radius) {
		public Thinning {
			if (!SURFACES.contains(surface))
				throw new IllegalArgumentException("unknown surface " + surface + "; one of " + SURFACES);
			if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1 && depth > 0 && radius > 0 && radius <= Math.PI))
				throw new IllegalArgumentException("bad thinning on " + surface + " (a, b in 0..1, depth > 0 mm, radius in (0, π])");
		}
	}

	private final Laterality side;
	private final double scale;
	private final Matrix3d rotation;
	private final Vector3d translation;
	private final double gap, patellofemoralGap, weightBearingFraction;
	private final Map<String, double[]> thickness;
	private final List<Defect> defects;
	private final List<Lesion> lesions;
	private final List<Thinning> thinnings;
	private final long seed;

	private AnatomyConfig(final Laterality side, final double scale, final Matrix3dc rotation, final Vector3dc translation,
			final double gap, final double patellofemoralGap, final double weightBearingFraction,
			final Map<String, double[]> thickness, final List<Defect> defects, final List<Lesion> lesions, final List<Thinning> thinnings,
			final long seed) {
		if (side != Laterality.LEFT && side != Laterality.RIGHT)
			throw new IllegalArgumentException("a phantom knee is LEFT or RIGHT, not " + side);
		if (!(scale >= 0.5 && scale <= 2))
			throw new IllegalArgumentException("scale " + scale + " outside 0.5..2");
		if (!(gap >= 0 && gap <= 10 && patellofemoralGap >= 0 && patellofemoralGap <= 10))
			throw new IllegalArgumentException("joint-space gaps must be 0..10 mm");
		if (!(weightBearingFraction > 0 && weightBearingFraction < 1))
			throw new IllegalArgumentException("weight-bearing fraction must be in (0, 1)");
		final Matrix3d r = new Matrix3d(rotation);
		if (Math.abs(r.determinant() - 1) > 1e-9 || !r.transpose(new Matrix3d()).mul(r).equals(new Matrix3d(), 1e-9))
			throw new IllegalArgumentException("the pose rotation is not a rotation: " + r);
		this.side = side;
		this.scale = scale;
		this.rotation = r;
		this.translation = new Vector3d(translation);
		this.gap = gap;
		this.patellofemoralGap = patellofemoralGap;
		this.weightBearingFraction = weightBearingFraction;
		final Map<String, double[]> t = new LinkedHashMap<>();
		for (final String s : SURFACES) {
			final double[] v = Objects.requireNonNull(thickness.get(s), "no thickness for " + s).clone();
			if (v.length != 3 || !(v[0] > 0 && v[0] <= 6 && v[1] >= 0 && v[0] + v[1] <= 8 && v[2] > 0 && v[2] <= Math.PI))
				throw new IllegalArgumentException("bad thickness for " + s + " (base 0..6 mm, amp ≥ 0, radius 0..π)");
			t.put(s, v);
		}
		this.thickness = t;
		this.defects = List.copyOf(defects);
		this.lesions = List.copyOf(lesions);
		this.thinnings = List.copyOf(thinnings);
		this.seed = seed;
	}

	/**
	 * The default adult right knee, identity pose: joint spaces closed (gap 0: femoral and tibial cartilage touch at
	 * one point per compartment), weight-bearing fraction 0.6, thickness {base, amp, bump radius}: MF {1.4, 1.0, 0.9},
	 * LF {1.5, 1.0, 0.9}, MT {1.3, 0.9, 0.35}, LT {1.6, 1.1, 0.3}, TrF {1.6, 1.0, 0.5}, P {2.0, 1.2, 0.6}; one
	 * full-depth defect of 20 mm² in cMF; one lesion of ≈ 300 mm³ under the medial femoral condyle; seed 1.
	 */
	public static AnatomyConfig defaults() {
		final Map<String, double[]> t = new LinkedHashMap<>();
		t.put("MF", new double[] { 1.4, 1.0, 0.9 });
		t.put("LF", new double[] { 1.5, 1.0, 0.9 });
		t.put("MT", new double[] { 1.3, 0.9, 0.35 });
		t.put("LT", new double[] { 1.6, 1.1, 0.3 });
		t.put("TrF", new double[] { 1.6, 1.0, 0.5 });
		t.put("P", new double[] { 2.0, 1.2, 0.6 });
		return new AnatomyConfig(Laterality.RIGHT, 1, new Matrix3d(), new Vector3d(), 0, 0, 0.6, t,
				List.of(new Defect("cMF", 0.3, 0.35, 20, Double.POSITIVE_INFINITY)), List.of(new Lesion("MF", 0.5, 0.55, 300)), List.of(), 1);
	}

	/**
	 * Bone-marrow lesions spread over the MOAKS subregions ({@link MoaksTruth}), for the measurement's test: in the
	 * lateral trochlea (FLA), the posterior medial femur (FMP), the central lateral femur (FLC), the posterior third of
	 * the medial tibia (TMP), the anterior third of the lateral tibia (TLA), 250–400 mm³ each (MOAKS grade 1, shares
	 * of 3–6 %), and two of about 1000 mm³ at the medial edge of the patella, one near each end (PM: together about
	 * 41 % of the subregion, MOAKS grade 2). One lesion cannot do that: no lesion of at most 1500 mm³ that fits inside
	 * one subregion reaches 33 % of it (the smallest region, TLC, holds about 3500 mm³; a 1500 mm³ lesion is wider than
	 * its 11 mm third). Each lesion lies inside its subregion (only a few % of the patella's lesions lie deeper than D,
	 * in no subregion), no two touch, and every share is far from the grade thresholds (MoaksTruthTest checks all of
	 * it on the knee of {@link PhantomKnees#moaks}).
	 */
	public static List<Lesion> moaksLesions() {
		return List.of(new Lesion("TrF", 0.78, 0.55, 300), new Lesion("MF", 0.5, 0.2, 400), new Lesion("LF", 0.5, 0.9, 250),
				new Lesion("MT", 0.13, 0.5, 350), new Lesion("LT", 0.85, 0.5, 300), new Lesion("P", 0, 0.02, 1000), new Lesion("P", 0, 0.98, 1000));
	}

	/** A healthy knee: the defaults without defects and lesions. */
	public static AnatomyConfig healthy() {
		return defaults().withDefects(List.of()).withLesions(List.of());
	}

	public Laterality side() {
		return side;
	}

	/** Size factor of every length but the cartilage thickness (1 = the adult knee of the defaults). */
	public double scale() {
		return scale;
	}

	/** Rotation of the pose, applied after the side's mapping of the knee frame to LPS (a copy). */
	public Matrix3d rotation() {
		return new Matrix3d(rotation);
	}

	/** Translation of the pose, LPS mm (a copy). */
	public Vector3d translation() {
		return new Vector3d(translation);
	}

	/** Tibiofemoral joint space at the contact points, mm (0: the cartilages touch). */
	public double gap() {
		return gap;
	}

	/** Patellofemoral joint space at the contact point, mm. */
	public double patellofemoralGap() {
		return patellofemoralGap;
	}

	/** The weight-bearing fraction of docs/DESIGN.md (0.6 default, 0.75 selectable). */
	public double weightBearingFraction() {
		return weightBearingFraction;
	}

	/** {base, amp, bump radius} of a surface (a copy). */
	public double[] thickness(final String surface) {
		final double[] t = thickness.get(surface);
		if (t == null)
			throw new IllegalArgumentException("unknown surface " + surface + "; one of " + SURFACES);
		return t.clone();
	}

	public List<Defect> defects() {
		return defects;
	}

	public List<Lesion> lesions() {
		return lesions;
	}

	/** Regional thinnings (none in {@link #defaults()}). */
	public List<Thinning> thinnings() {
		return thinnings;
	}

	/** Seed of the lesions' irregular shapes and of the Monte Carlo truth. */
	public long seed() {
		return seed;
	}

	public AnatomyConfig withSide(final Laterality s) {
		return new AnatomyConfig(s, scale, rotation, translation, gap, patellofemoralGap, weightBearingFraction, thickness, defects, lesions, thinnings, seed);
	}

	public AnatomyConfig withScale(final double s) {
		return new AnatomyConfig(side, s, rotation, translation, gap, patellofemoralGap, weightBearingFraction, thickness, defects, lesions, thinnings, seed);
	}

	public AnatomyConfig withPose(final Matrix3dc r, final Vector3dc t) {
		return new AnatomyConfig(side, scale, r, t, gap, patellofemoralGap, weightBearingFraction, thickness, defects, lesions, thinnings, seed);
	}

	public AnatomyConfig withGap(final double tibiofemoral, final double patellofemoral) {
		return new AnatomyConfig(side, scale, rotation, translation, tibiofemoral, patellofemoral, weightBearingFraction, thickness, defects, lesions, thinnings, seed);
	}

	public AnatomyConfig withWeightBearingFraction(final double f) {
		return new AnatomyConfig(side, scale, rotation, translation, gap, patellofemoralGap, f, thickness, defects, lesions, thinnings, seed);
	}

	public AnatomyConfig withThickness(final String surface, final double base, final double amp, final double bumpRadius) {
		if (!SURFACES.contains(surface))
			throw new IllegalArgumentException("unknown surface " + surface + "; one of " + SURFACES);
		final Map<String, double[]> t = new LinkedHashMap<>(thickness);
		t.put(surface, new double[] { base, amp, bumpRadius });
		return new AnatomyConfig(side, scale, rotation, translation, gap, patellofemoralGap, weightBearingFraction, t, defects, lesions, thinnings, seed);
	}

	public AnatomyConfig withDefects(final List<Defect> d) {
		return new AnatomyConfig(side, scale, rotation, translation, gap, patellofemoralGap, weightBearingFraction, thickness, d, lesions, thinnings, seed);
	}

	public AnatomyConfig withLesions(final List<Lesion> l) {
		return new AnatomyConfig(side, scale, rotation, translation, gap, patellofemoralGap, weightBearingFraction, thickness, defects, l, thinnings, seed);
	}

	public AnatomyConfig withThinnings(final List<Thinning> t) {
		return new AnatomyConfig(side, scale, rotation, translation, gap, patellofemoralGap, weightBearingFraction, thickness, defects, lesions, t, seed);
	}

	public AnatomyConfig withSeed(final long s) {
		return new AnatomyConfig(side, scale, rotation, translation, gap, patellofemoralGap, weightBearingFraction, thickness, defects, lesions, thinnings, s);
	}
}
