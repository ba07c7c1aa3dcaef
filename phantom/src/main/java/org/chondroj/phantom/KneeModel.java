package org.chondroj.phantom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.chondroj.core.Laterality;

import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * The continuous phantom knee: bones as 1-Lipschitz implicit solids, cartilage as exact shells on sphere patches
 * ({@link Plate}), bone-marrow lesions as irregular blobs in the marrow, and the soft tissue around them.
 * <p>
 * <b>Knee frame K</b> (mm): u medial → lateral, v posterior → anterior, w distal → proximal, origin on the joint line
 * between the plateaus (the tibial cartilage surfaces touch w = 0 at their contact points). K maps to patient LPS as
 * p = Rpose·B·k + t, where B sends (u, v, w) to (−u, −v, w) for a right knee (lateral = the patient's right = −x,
 * anterior = −y, proximal = +z) and to (u, −v, w) for a left knee (a mirror in u). {@link #tissueAt} maps the point
 * into K with the precomputed inverse once and classifies there.
 * <p>
 * <b>Default dimensions</b> (scale 1, mm): condyle spheres R 22 (medial) and 21 (lateral), centres 42 apart in u at
 * v = −6, each condyle about 29 wide (the sphere rounded off at its sides by an ellipsoid), cartilage patch 20 wide, from the notch's anterior end
 * (v = 2) round the distal and posterior surface to 120° behind the distal pole; medial tibial plateau a concave
 * sphere R 70 (plate 40 AP × 24 ML), lateral a convex sphere R 80 (34 × 26), each on a rounded elliptic column
 * tapering into a bowl, the head on an elliptic cone (the metaphysis narrowing into the shaft) with the tibial
 * tuberosity in front, two tibial spines between the plateaus; femur: the condyles blended into an anterior
 * ellipsoid (the trochlear facets) and a metaphysis flaring from the shaft (r 14), the notch a rounded arch under
 * a sloping roof; trochlea a concave sphere R 30 cut 7 deep into the anterior femur (plate 24 wide); patella an
 * almond (50 × 26 × 44) whose back is a sphere R 20, the convex articular surface (plate 22 × 22); fibula head
 * (r 8) posterolateral below the plateau; the leg an elliptic cylinder (muscle 100 × 96, fat layer 7) 150 long;
 * cortex 1 thick. Soft tissue: thin fluid layers (joint line, posterior recesses, patellofemoral, suprapatellar
 * pouch), Hoffa's and the popliteal fat pads, patellar and quadriceps tendons. Each articular sphere stays the bone
 * surface over its cartilage patch and at least 1.5 mm around it (tested).
 * <p>
 * Immutable and thread-safe; {@link #tissueAt} and {@link #boundaryDistanceBound} allocate nothing.
 */
public final class KneeModel implements KneeAnatomy {

	/** Depth (mm) of the subchondral bone region of a compartment, below its articular bone surface. */
	public static final double SUBCHONDRAL_DEPTH = 10;
	/** Cortex thickness, mm (before scaling). */
	private static final double CORTEX = 1;

	private final AnatomyConfig config;
	/** K → LPS: p = M·k + T. */
	private final double m00, m01, m02, m10, m11, m12, m20, m21, m22, tx, ty, tz;
	private final double s;

	private final Plate medialCondyle, lateralCondyle, medialPlateau, lateralPlateau, trochlea, patellaSurface;
	private final Map<String, Plate> plates = new LinkedHashMap<>();
	private final Map<String, Plate> surfaces = new LinkedHashMap<>();

	// femur
	private final double uM, vM, rfM, uL, vL, rfL, cwM, cwL, cw, slab, vNotch, vFront;
	private final double tcv, tcw, rTr;
	// tibia
	private final double ctMw, rtM, ctLw, rtL, topM, topL;
	// patella
	private final double pcv, pcw, rP;
	// leg
	private final double legV, muscleA, muscleB, fatA, fatB, legHalf;
	private final double cortex;
	/** Lesion balls per bone (0 femur, 1 tibia, 2 patella): {x, y, z, r} each. */
	private final double[][] lesionBalls = new double[3][];
	private final List<LesionShape> lesions = new ArrayList<>();
	private final Landmarks landmarks;
	/** Axis-aligned K box holding every fluid layer: {min u, v, w, max u, v, w}. */
	private final double[] fluidBox;
	/** Axis-aligned K boxes holding each bone (0 femur, 1 tibia, 2 patella, 3 fibula): {min u, v, w, max u, v, w}. */
	private final double[][] boneBoxes = new double[4][];

	/** One lesion as built: compartment, bone, balls {x, y, z, r}…, and its box {min u, v, w, max u, v, w}. */
	static final class LesionShape {
		final String compartment;
		final int bone;
		final double[] balls;
		final double[] box;

		LesionShape(final String compartment, final int bone, final double[] balls) {
			this.compartment = compartment;
			this.bone = bone;
			this.balls = balls;
			box = new double[] { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
			for (int i = 0; i < balls.length; i += 4)
				for (int a = 0; a < 3; a++) {
					box[a] = Math.min(box[a], balls[i + a] - balls[i + 3]);
					box[a + 3] = Math.max(box[a + 3], balls[i + a] + balls[i + 3]);
				}
		}
	}

	public KneeModel(final AnatomyConfig config) {
		this.config = config;
		s = config.scale();
		final Matrix3d b = new Matrix3d().scaling(config.side() == Laterality.RIGHT ? -1 : 1, -1, 1);
		final Matrix3d m = config.rotation().mul(b);
		m00 = m.m00;
		m01 = m.m10;
		m02 = m.m20;
		m10 = m.m01;
		m11 = m.m11;
		m12 = m.m21;
		m20 = m.m02;
		m21 = m.m12;
		m22 = m.m22;
		final Vector3d t = config.translation();
		tx = t.x;
		ty = t.y;
		tz = t.z;
		cortex = CORTEX * s;

		final double gap = config.gap();
		final double[] tMF = config.thickness("MF"), tLF = config.thickness("LF"), tMT = config.thickness("MT"),
				tLT = config.thickness("LT"), tTr = config.thickness("TrF"), tP = config.thickness("P");
		// condyles
		uM = -21 * s;
		vM = -6 * s;
		rfM = 22 * s;
		uL = 21 * s;
		vL = -6 * s;
		rfL = 21 * s;
		cwM = gap + tMF[0] + tMF[1] + rfM;
		cwL = gap + tLF[0] + tLF[1] + rfL;
		cw = Math.max(cwM, cwL);
		slab = 13 * s;
		vNotch = 0; // the notch's anterior end: the lowest point of the femur at u = 0, the anterior ellipsoid's bottom (see femur)
		vFront = vM + rfM;
		final double wb = config.weightBearingFraction();
		final double[][] condyleFrame = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, -1 } };
		final double halfPlate = 10 * s;
		medialCondyle = Plate.sphere("MF", new double[] { uM, vM, cwM }, rfM, true, condyleFrame,
				new double[] { -halfPlate / rfM, halfPlate / rfM }, new double[] { -2 * Math.PI / 3, Math.PI / 2 },
				new double[] { -1, (vNotch - vM) / rfM }, tMF[0], tMF[1], new double[] { 0, 0, -1 }, tMF[2]);
		lateralCondyle = Plate.sphere("LF", new double[] { uL, vL, cwL }, rfL, true, condyleFrame,
				new double[] { -halfPlate / rfL, halfPlate / rfL }, new double[] { -2 * Math.PI / 3, Math.PI / 2 },
				new double[] { -1, (vNotch - vL) / rfL }, tLF[0], tLF[1], new double[] { 0, 0, -1 }, tLF[2]);
		// trochlea: a concave sphere cut into the anterior femur
		rTr = 30 * s;
		tcv = vFront + rTr - 7 * s;
		tcw = cw + 10 * s;
		trochlea = Plate.sphere("TrF", new double[] { 0, tcv, tcw }, rTr, false, new double[][] { { 1, 0, 0 }, { 0, 0, 1 }, { 0, -1, 0 } },
				new double[] { -12 * s / rTr, 12 * s / rTr }, new double[] { -0.30, 0.42 }, new double[] { -1, 1 }, tTr[0], tTr[1],
				new double[] { 0, -1, 0 }, tTr[2]);
		// tibial plateaus: their cartilage surfaces reach w = 0 at the contact points below the condyle centres
		rtM = 70 * s;
		ctMw = -(tMT[0] + tMT[1]) + rtM;
		rtL = 80 * s;
		ctLw = -(tLT[0] + tLT[1]) - rtL;
		topM = -(tMT[0] + tMT[1]) + 4.4 * s; // just above the plate's corners (3.9 above the dish bottom)
		topL = -(tLT[0] + tLT[1]) + 1 * s;
		medialPlateau = Plate.sphere("MT", new double[] { uM, vM, ctMw }, rtM, false, new double[][] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, -1 } },
				new double[] { -20 * s / rtM, 20 * s / rtM }, new double[] { -Math.asin(12 * s / rtM), Math.asin(12 * s / rtM) },
				new double[] { -1, 1 }, tMT[0], tMT[1], new double[] { 0, 0, -1 }, tMT[2]);
		lateralPlateau = Plate.sphere("LT", new double[] { uL, vL, ctLw }, rtL, true, new double[][] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } },
				new double[] { -17 * s / rtL, 17 * s / rtL }, new double[] { -Math.asin(13 * s / rtL), Math.asin(13 * s / rtL) },
				new double[] { -1, 1 }, tLT[0], tLT[1], new double[] { 0, 0, 1 }, tLT[2]);
		// patella: convex, inside the trochlear sphere, touching the trochlear cartilage at its centre line
		rP = 20 * s;
		final double along = rTr - (tTr[0] + tTr[1]) - config.patellofemoralGap() - (tP[0] + tP[1]) - rP;
		if (along <= 0)
			throw new IllegalArgumentException("the patellofemoral cartilage (" + (tTr[0] + tTr[1] + tP[0] + tP[1])
					+ " mm) does not fit at scale " + s);
		pcv = tcv - along;
		pcw = tcw;
		patellaSurface = Plate.sphere("P", new double[] { 0, pcv, pcw }, rP, true, new double[][] { { 1, 0, 0 }, { 0, 0, 1 }, { 0, -1, 0 } },
				new double[] { -11 * s / rP, 11 * s / rP }, new double[] { -0.6, 0.6 }, new double[] { -1, 1 }, tP[0], tP[1],
				new double[] { 0, -1, 0 }, tP[2]);
		// leg
		legV = -10 * s;
		muscleA = 50 * s;
		muscleB = 48 * s;
		fatA = 57 * s;
		fatB = 55 * s;
		legHalf = 75 * s;

		final double big = 1e6;
		fluidBox = new double[] { -41 * s, Math.min(vM - rfM, vL - rfL) - 4 * s, -2 * s - 0.5, 41 * s, 24 * s, cw + 52 * s };
		// generous: a smooth blend of width k adds at most k/4 outside the plain union
		boneBoxes[0] = new double[] { -40 * s, Math.min(vM - rfM, vL - rfL) - 2, Math.min(cwM - rfM, cwL - rfL) - 2, 40 * s, 21 * s, big };
		boneBoxes[1] = new double[] { -45 * s, -36 * s, -big, 45 * s, 24 * s, Math.max(topM, topL + 1.1 * s) + 1 };
		boneBoxes[2] = new double[] { -25 * s - 1, pcv - rP - 1, pcw - 24 * s - 1, 25 * s + 1, pcv + 5 * s + 1, pcw + 24 * s + 1 };
		boneBoxes[3] = new double[] { 24 * s, -42 * s, -big, 42 * s, -24 * s, -27 * s };

		// plates, split at the weight-bearing boundary, with the configured defects
		final double splitM = (vNotch - wb * (vNotch - (vM - rfM)) - vM) / rfM;
		final double splitL = (vNotch - wb * (vNotch - (vL - rfL)) - vL) / rfL;
		final Map<String, Plate> raw = new LinkedHashMap<>();
		raw.put("MT", medialPlateau);
		raw.put("LT", lateralPlateau);
		raw.put("cMF", medialCondyle.restricted("cMF", splitM, 1));
		raw.put("cLF", lateralCondyle.restricted("cLF", splitL, 1));
		raw.put("pMF", medialCondyle.restricted("pMF", -1, splitM));
		raw.put("pLF", lateralCondyle.restricted("pLF", -1, splitL));
		raw.put("TrF", trochlea);
		raw.put("P", patellaSurface);
		// a defect belongs to the surface; it is placed on (and must lie inside) the named plate
		final Map<String, Plate> surf = new LinkedHashMap<>();
		surf.put("MF", medialCondyle);
		surf.put("LF", lateralCondyle);
		surf.put("MT", medialPlateau);
		surf.put("LT", lateralPlateau);
		surf.put("TrF", trochlea);
		surf.put("P", patellaSurface);
		for (final AnatomyConfig.Defect d : config.defects()) {
			final Plate on = raw.get(d.plate());
			final double[] axis = on.directionAt(d.a(), d.b());
			on.withDefect(axis, d.area(), d.depth()); // checks that the disc lies inside the plate
			final String key = surfaceOf(d.plate());
			surf.put(key, surf.get(key).withDefect(axis, d.area(), d.depth()));
		}
		for (final AnatomyConfig.Thinning g : config.thinnings()) {
			final Plate on = surf.get(g.surface());
			surf.put(g.surface(), on.withThinning(on.directionAt(g.a(), g.b()), g.depth(), g.radius()));
		}
		surfaces.putAll(surf);
		plates.put("MT", surf.get("MT"));
		plates.put("LT", surf.get("LT"));
		plates.put("cMF", surf.get("MF").restricted("cMF", splitM, 1));
		plates.put("cLF", surf.get("LF").restricted("cLF", splitL, 1));
		plates.put("pMF", surf.get("MF").restricted("pMF", -1, splitM));
		plates.put("pLF", surf.get("LF").restricted("pLF", -1, splitL));
		plates.put("TrF", surf.get("TrF"));
		plates.put("P", surf.get("P"));
		femoral = new Plate[] { surf.get("MF"), surf.get("LF"), surf.get("TrF") };
		tibial = new Plate[] { surf.get("MT"), surf.get("LT") };
		patellar = surf.get("P");

		// lesions
		final List<List<Double>> perBone = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		int index = 0;
		for (final AnatomyConfig.Lesion l : config.lesions()) {
			final LesionShape shape = makeLesion(l, index++);
			lesions.add(shape);
			for (final double v : shape.balls)
				perBone.get(shape.bone).add(v);
		}
		for (int i = 0; i < 3; i++)
			lesionBalls[i] = perBone.get(i).stream().mapToDouble(Double::doubleValue).toArray();

		// landmarks, K
		final Map<String, double[]> k = new LinkedHashMap<>();
		k.put("notch_anterior", new double[] { 0, vNotch, cw - 14 * s });
		k.put("medial_condyle_posterior", new double[] { uM, vM - rfM, cwM });
		k.put("lateral_condyle_posterior", new double[] { uL, vL - rfL, cwL });
		k.put("medial_weight_bearing_boundary", new double[] { uM, vM + splitM * rfM, cwM - rfM * Math.sqrt(1 - splitM * splitM) });
		k.put("lateral_weight_bearing_boundary", new double[] { uL, vL + splitL * rfL, cwL - rfL * Math.sqrt(1 - splitL * splitL) });
		k.put("medial_plateau_centre", new double[] { uM, vM, -(tMT[0] + tMT[1]) });
		k.put("lateral_plateau_centre", new double[] { uL, vL, -(tLT[0] + tLT[1]) });
		k.put("trochlea", new double[] { 0, tcv - rTr, tcw });
		k.put("patella", new double[] { 0, pcv - rP, pcw });
		k.put("medial_condyle_distal", new double[] { uM, vM, cwM - rfM });
		k.put("lateral_condyle_distal", new double[] { uL, vL, cwL - rfL });
		final Map<String, double[]> p = new LinkedHashMap<>();
		for (final Map.Entry<String, double[]> e : k.entrySet())
			p.put(e.getKey(), toPatient(e.getValue()));
		landmarks = new Landmarks(k, p, wb);
	}

	private final Plate[] femoral, tibial;
	private final Plate patellar;

	private static String surfaceOf(final String plate) {
		switch (plate) {
		case "cMF":
		case "pMF":
			return "MF";
		case "cLF":
		case "pLF":
			return "LF";
		default:
			return plate;
		}
	}

	/** The bone (0 femur, 1 tibia, 2 patella) of a lesion compartment. */
	static int boneOf(final String compartment) {
		switch (compartment) {
		case "MT":
		case "LT":
			return 1;
		case "P":
			return 2;
		default:
			return 0;
		}
	}

	/**
	 * Builds a lesion: a main ball under the articular surface (its centre 1 + 0.6·r₀ mm deep, r₀ the radius of a
	 * ball of the requested volume) and three satellites (offsets 0.6·r₀ in seeded random directions, radii
	 * 0.5–0.7·r₀), all scaled by one factor found by bisection so that the part inside the marrow has the requested
	 * volume (Monte Carlo, 2¹⁵ fixed samples per step: the made volume is within a few % of the request; the truth
	 * states the volume actually made, to 0.2 %).
	 */
	private LesionShape makeLesion(final AnatomyConfig.Lesion l, final int index) {
		final Plate surface = surfaces.get(l.compartment());
		final int bone = boneOf(l.compartment());
		final double[] d = surface.directionAt(l.a(), l.b());
		final double[] c = surface.centre();
		final double r = surface.radius();
		final double[] sPoint = { c[0] + r * d[0], c[1] + r * d[1], c[2] + r * d[2] };
		final double sign = surface.convex() ? -1 : 1; // into the bone
		final double r0 = Math.cbrt(3 * l.volume() / (4 * Math.PI));
		final double depth = cortex + 0.6 * r0;
		final double[] centre = { sPoint[0] + sign * depth * d[0], sPoint[1] + sign * depth * d[1], sPoint[2] + sign * depth * d[2] };
		final SplittableRandom random = new SplittableRandom(config.seed() * 1_000_003L + 31L * index + 7);
		final double[] unit = new double[16];
		unit[3] = r0;
		for (int i = 1; i < 4; i++) {
			double x, y, z, n;
			do {
				x = random.nextDouble(-1, 1);
				y = random.nextDouble(-1, 1);
				z = random.nextDouble(-1, 1);
				n = Math.sqrt(x * x + y * y + z * z);
			} while (n > 1 || n < 0.1);
			unit[4 * i] = 0.6 * r0 * x / n;
			unit[4 * i + 1] = 0.6 * r0 * y / n;
			unit[4 * i + 2] = 0.6 * r0 * z / n;
			unit[4 * i + 3] = r0 * (0.5 + 0.2 * random.nextDouble());
		}
		final double[] samples = new double[3 << 15];
		final SplittableRandom sr = new SplittableRandom(config.seed() * 7919L + index);
		for (int i = 0; i < samples.length; i++)
			samples[i] = sr.nextDouble(-1, 1);
		double lo = 0.2, hi = 4;
		for (int it = 0; it < 30; it++) {
			final double f = 0.5 * (lo + hi);
			if (lesionVolume(scaled(unit, centre, f), bone, samples) < l.volume())
				lo = f;
			else
				hi = f;
		}
		return new LesionShape(l.compartment(), bone, scaled(unit, centre, 0.5 * (lo + hi)));
	}

	private static double[] scaled(final double[] unit, final double[] centre, final double f) {
		final double[] b = new double[unit.length];
		for (int i = 0; i < unit.length; i += 4) {
			b[i] = centre[0] + f * unit[i];
			b[i + 1] = centre[1] + f * unit[i + 1];
			b[i + 2] = centre[2] + f * unit[i + 2];
			b[i + 3] = f * unit[i + 3];
		}
		return b;
	}

	/** Volume (mm³) of the balls' union inside the bone's marrow, by Monte Carlo over the given samples in [−1, 1]³. */
	double lesionVolume(final double[] balls, final int bone, final double[] samples) {
		final LesionShape shape = new LesionShape("", bone, balls);
		final double[] box = shape.box;
		int hits = 0;
		final int n = samples.length / 3;
		for (int i = 0; i < n; i++) {
			final double x = box[0] + (box[3] - box[0]) * 0.5 * (samples[3 * i] + 1);
			final double y = box[1] + (box[4] - box[1]) * 0.5 * (samples[3 * i + 1] + 1);
			final double z = box[2] + (box[5] - box[2]) * 0.5 * (samples[3 * i + 2] + 1);
			if (ballsContain(balls, x, y, z) && boneSdf(bone, x, y, z) < -cortex)
				hits++;
		}
		return (box[3] - box[0]) * (box[4] - box[1]) * (box[5] - box[2]) * hits / n;
	}

	static boolean ballsContain(final double[] balls, final double x, final double y, final double z) {
		for (int i = 0; i < balls.length; i += 4) {
			final double dx = x - balls[i], dy = y - balls[i + 1], dz = z - balls[i + 2];
			if (dx * dx + dy * dy + dz * dz < balls[i + 3] * balls[i + 3])
				return true;
		}
		return false;
	}

	private static double ballsSdf(final double[] balls, final double x, final double y, final double z) {
		double d = Double.MAX_VALUE;
		for (int i = 0; i < balls.length; i += 4)
			d = Math.min(d, Sdf.ball(x, y, z, balls[i], balls[i + 1], balls[i + 2], balls[i + 3]));
		return d;
	}

	// ---- bones (K) ----

	/** Signed distance bound (mm) of bone 0 femur, 1 tibia, 2 patella, 3 fibula at the K point. */
	double boneSdf(final int bone, final double u, final double v, final double w) {
		switch (bone) {
		case 0:
			return femur(u, v, w);
		case 1:
			return tibia(u, v, w);
		case 2:
			return patella(u, v, w);
		default:
			return fibula(u, v, w);
		}
	}

	/**
	 * The femur (mm bound, 1-Lipschitz): each condyle is its articular sphere rounded off medially and laterally by an
	 * ellipsoid about the sphere's centre (semi-axes 16 in u, 40 in v and w: the cut lies 4.6 mm outside the
	 * cartilage patch, so the sphere stays the bone surface over the patch and well around it); the anterior femur
	 * an ellipsoid (30 × 16.5 × 30) holding the trochlear facets, into which the trochlear sphere cuts the groove; the
	 * metaphysis an ellipsoid (36 × 18 × 30) blended smoothly (width 12) into the shaft (r 14), and condyles blended
	 * into both (width 4, which never reaches the articular patches: there the other shapes lie more than 4 mm
	 * away). The intercondylar notch is carved as a rounded arch: the set below its sloping roof (Blumensaat's line,
	 * from 2.5 mm above the joint line at v = −6.5 up to w = 27 at v = −40) and behind v = −6.5, inflated by 8.5 mm,
	 * so it is 17 wide, open posteriorly and distally; its anterior rim (v ≈ 2) lies above the bottom of the anterior ellipsoid.
	 * The notch's anterior end (the landmark, and the anterior end of cMF and cLF) is therefore the lowest point of the
	 * femur in the mid-sagittal plane u = 0, where the notch roof meets the trochlear groove: the anterior ellipsoid's
	 * bottom, (0, 0, cw − 14), exactly (the measurement finds it as the vertex of the lowest-point profile about the
	 * midline).
	 */
	double femur(final double u, final double v, final double w) {
		final double cm = Math.max(Sdf.ball(u, v, w, uM, vM, cwM, rfM), Sdf.ellipsoid(u, v, w, uM, vM, cwM, 16 * s, 40 * s, 40 * s));
		final double cl = Math.max(Sdf.ball(u, v, w, uL, vL, cwL, rfL), Sdf.ellipsoid(u, v, w, uL, vL, cwL, 16 * s, 40 * s, 40 * s));
		final double anterior = Sdf.ellipsoid(u, v, w, 0, 0, cw + 16 * s, 30 * s, 16.5 * s, 30 * s);
		final double meta = Math.max(Sdf.ellipsoid(u, v, w, 0, 0, cw + 22 * s, 30 * s, 18 * s, 55 * s), cw - 4 * s - w);
		final double shaft = Sdf.capsule(u, v, w, 0, 2 * s, cw + 40 * s, 0, 2 * s, cw + 200 * s, 14 * s);
		final double body = Math.min(anterior, Sdf.smin(meta, shaft, 12 * s));
		final double bone = Sdf.smin(Math.min(cm, cl), body, 4 * s);
		// the notch: u = 0 plane region {v ≤ −6.5, below the roof}, inflated by its half-width
		final double h1 = v + 6.5 * s, h2 = NOTCH_NV * (v + 6.5 * s) + NOTCH_NW * (w - 2.5 * s);
		final double g = Math.max(0, Math.max(h1, h2));
		final double notch = Math.sqrt(u * u + g * g) - 8.5 * s;
		return Math.max(Math.max(bone, -notch), -Sdf.ball(u, v, w, 0, tcv, tcw, rTr));
	}

	/** Unit normal (v, w) of the notch roof, pointing anterior and proximal (roof from (−6.5, 2.5) to (−40, 27) mm). */
	private static final double NOTCH_NV = 24.5 / Math.hypot(24.5, 33.5), NOTCH_NW = 33.5 / Math.hypot(24.5, 33.5);

	/**
	 * The tibia (mm bound, 1-Lipschitz): each plateau a column about the plateau's centre with an elliptic outline
	 * (medial 46 × 58, lateral 44 × 54) and rims rounded with radius 2, its top carved by the plateau's sphere
	 * (medial concave, lateral convex); the flat part of each column top holds the cartilage patch with more than
	 * 1 mm to spare at the patch corners (more elsewhere); below, each column tapers inside a bowl (an ellipsoid 4 mm
	 * wider than the column and 34 deep about its top centre, 6 mm or more outside the patch). The two columns form the head, wider than the shaft,
	 * blended (width 5) into the body below w = −12 (at least 5 mm under the plateau patches): an elliptic cone
	 * narrowing distally (the metaphysis into the shaft), and the tibial tuberosity, an ellipsoid (11 × 9 × 16) in
	 * front of it, where the patellar tendon inserts. The tibial spines are two balls between the plateaus.
	 */
	double tibia(final double u, final double v, final double w) {
		// each column tapers distally inside a bowl (an ellipsoid 4 mm wider, 34 deep, about the column's top centre)
		final double med = Math.max(Math.max(Sdf.roundedColumn(u, v, w, uM, vM, 23 * s, 29 * s, -28 * s, topM, 2 * s),
				Sdf.ellipsoid(u, v, w, uM, vM, topM, 27 * s, 33 * s, 34 * s)), -Sdf.ball(u, v, w, uM, vM, ctMw, rtM));
		final double lat = Math.max(Math.max(Sdf.roundedColumn(u, v, w, uL, vL, 22 * s, 27 * s, -28 * s, topL, 2 * s),
				Sdf.ellipsoid(u, v, w, uL, vL, topL, 26 * s, 31 * s, 34 * s)), Sdf.ball(u, v, w, uL, vL, ctLw, rtL));
		// the metaphysis and shaft: an elliptic cone, 57 × 34 at w = −70 widening upward (offset slope 0.12) to 80 × 48 at w = −12
		final double flare = 2 * s + CONE_SLOPE * Math.max(w + 70 * s, 0);
		final double cone = Math.max((Sdf.ellipticCylinder(u, v, 0, -8 * s, 25 * s, 15 * s) - flare) * CONE_NORM, w + 12 * s);
		final double tuberosity = Sdf.ellipsoid(u, v, w, 2 * s, 12 * s, -30 * s, 11 * s, 9 * s, 16 * s);
		final double body = Math.min(cone, tuberosity);
		final double spines = Math.min(Sdf.ball(u, v, w, -3 * s, -3 * s, topM - 4.9 * s, 4 * s),
				Sdf.ball(u, v, w, 2.5 * s, 2 * s, topL - 2.5 * s, 3.6 * s));
		return Math.min(Sdf.smin(Math.min(med, lat), body, 5 * s), spines);
	}

	/** Growth (mm per mm of w) of the tibial cone's offset, and 1/√(1 + slope²), which makes its bound 1-Lipschitz. */
	private static final double CONE_SLOPE = 0.12, CONE_NORM = 1 / Math.sqrt(1 + CONE_SLOPE * CONE_SLOPE);

	/**
	 * The patella (mm bound, 1-Lipschitz): an almond (flattened ellipsoid, 50 wide, 26 deep, 44 tall, its centre 9 mm
	 * in front of and 2 mm below the articular sphere's) intersected with the union of the articular sphere (r 20) and
	 * a front ellipsoid (50 × 19 × 44, centre 3 mm in front of the sphere's), which rounds the back of the bone beside
	 * the sphere; the cartilage patch lies more than 1.5 mm inside the almond and outside the front ellipsoid, so over
	 * it and around it the bone surface is the sphere.
	 */
	double patella(final double u, final double v, final double w) {
		final double almond = Sdf.ellipsoid(u, v, w, 0, pcv - 9 * s, pcw - 2 * s, 25 * s, 13 * s, 22 * s);
		final double front = Sdf.ellipsoid(u, v, w, 0, pcv - 3 * s, pcw - 2 * s, 25 * s, 9.5 * s, 22 * s);
		return Math.max(almond, Math.min(Sdf.ball(u, v, w, 0, pcv, pcw, rP), front));
	}

	double fibula(final double u, final double v, final double w) {
		return Math.min(Sdf.ball(u, v, w, 33 * s, -33 * s, -36 * s, 8 * s),
				Sdf.capsule(u, v, w, 33 * s, -33 * s, -36 * s, 30 * s, -30 * s, -200 * s, 5 * s));
	}

	// ---- soft tissue (K) ----

	private double patellarTendon(final double u, final double v, final double w) {
		return Sdf.capsule(u, v, w, 0, pcv - 2 * s, pcw - 16 * s, 0, 23 * s, -38 * s, 3.5 * s);
	}

	private double quadricepsTendon(final double u, final double v, final double w) {
		return Sdf.capsule(u, v, w, 0, pcv, pcw + 16 * s, 0, 26 * s, cw + 90 * s, 4 * s);
	}

	/**
	 * Joint fluid (mm bound): thin layers only, where the capsule holds fluid around the cartilage: a 2 mm layer on
	 * the joint line (seen at the margins of the tibiofemoral contact), a 2.4 mm pocket behind each posterior condyle
	 * (posterior recesses), a layer between the trochlea and the patella, and the suprapatellar recess, a 4.4 mm thin
	 * pouch in front of the femoral shaft, behind the quadriceps tendon, above the patella. Cartilage and bone take
	 * precedence, so the fluid shows only beside them.
	 */
	private double fluid(final double u, final double v, final double w) {
		final double outside = boxDistance(fluidBox, u, v, w);
		if (outside > 0) // every fluid layer lies in the box: the distance to it bounds the distance to the fluid
			return outside;
		return fluidLayers(u, v, w);
	}

	/** The fluid layers' bound (mm, 1-Lipschitz) without the box test of {@link #fluid}. */
	private double fluidLayers(final double u, final double v, final double w) {
		final double joint = Sdf.ellipsoid(u, v, w, 0, -6 * s, -1 * s, 40 * s, 29 * s, 1 * s);
		// posterior recesses: a 3 mm shell on each condyle sphere (the cartilage inside it takes precedence), behind
		// v = vM − 10, below w = cw + 6, within the condyle's rounding ellipsoid (so it ends with the bone)
		final double region = Math.max(v - (vM - 10 * s), w - (cw + 6 * s));
		final double recessM = Math.max(Math.max(Math.abs(Sdf.ball(u, v, w, uM, vM, cwM, rfM) - 1.5 * s) - 1.5 * s, region),
				Sdf.ellipsoid(u, v, w, uM, vM, cwM, 16 * s, 40 * s, 40 * s));
		final double recessL = Math.max(Math.max(Math.abs(Sdf.ball(u, v, w, uL, vL, cwL, rfL) - 1.5 * s) - 1.5 * s, region),
				Sdf.ellipsoid(u, v, w, uL, vL, cwL, 16 * s, 40 * s, 40 * s));
		final double pf = Sdf.ellipsoid(u, v, w, 0, tcv - rTr + 2 * s, tcw, 16 * s, 3 * s, 18 * s);
		final double supra = Sdf.ellipsoid(u, v, w, 0, 19.5 * s, cw + 36 * s, 20 * s, 2.2 * s, 15 * s);
		return Math.min(Math.min(joint, pf), Math.min(supra, Math.min(recessM, recessL)));
	}

	/** Fat (mm bound): Hoffa's pad behind the patellar tendon and the popliteal fat behind the knee. */
	private double fatPads(final double u, final double v, final double w) {
		final double hoffa = Sdf.ellipsoid(u, v, w, 0, 21 * s, 4 * s, 22 * s, 7 * s, 11 * s);
		final double popliteal = Sdf.ellipsoid(u, v, w, 0, -44 * s, 6 * s, 16 * s, 9 * s, 34 * s);
		return Math.min(hoffa, popliteal);
	}

	/** The tissue at the K point (u, v, w) mm. */
	public Tissue tissueAtKnee(final double u, final double v, final double w) {
		if (Math.abs(w) > legHalf || Sdf.ellipticCylinder(u, v, 0, legV, fatA, fatB) > 0)
			return Tissue.AIR;
		for (final Plate p : femoral)
			if (p.contains(u, v, w))
				return Tissue.FEMORAL_CARTILAGE;
		for (final Plate p : tibial)
			if (p.contains(u, v, w))
				return Tissue.TIBIAL_CARTILAGE;
		if (patellar.contains(u, v, w))
			return Tissue.PATELLAR_CARTILAGE;
		if (inBox(boneBoxes[0], u, v, w)) {
			final double f = femur(u, v, w);
			if (f < 0)
				return f >= -cortex ? Tissue.FEMUR_CORTEX
						: ballsContain(lesionBalls[0], u, v, w) ? Tissue.FEMORAL_LESION : Tissue.FEMUR_MARROW;
		}
		if (inBox(boneBoxes[1], u, v, w)) {
			final double t = tibia(u, v, w);
			if (t < 0)
				return t >= -cortex ? Tissue.TIBIA_CORTEX
						: ballsContain(lesionBalls[1], u, v, w) ? Tissue.TIBIAL_LESION : Tissue.TIBIA_MARROW;
		}
		if (inBox(boneBoxes[2], u, v, w)) {
			final double p = patella(u, v, w);
			if (p < 0)
				return p >= -cortex ? Tissue.PATELLA_CORTEX
						: ballsContain(lesionBalls[2], u, v, w) ? Tissue.PATELLAR_LESION : Tissue.PATELLA_MARROW;
		}
		if (inBox(boneBoxes[3], u, v, w) && fibula(u, v, w) < 0)
			return Tissue.FIBULA;
		if (patellarTendon(u, v, w) < 0 || quadricepsTendon(u, v, w) < 0)
			return Tissue.TENDON;
		if (fluid(u, v, w) < 0)
			return Tissue.FLUID;
		if (fatPads(u, v, w) < 0)
			return Tissue.FAT;
		return Sdf.ellipticCylinder(u, v, 0, legV, muscleA, muscleB) < 0 ? Tissue.MUSCLE : Tissue.FAT;
	}

	@Override
	public Tissue tissueAt(final double x, final double y, final double z) {
		final double dx = x - tx, dy = y - ty, dz = z - tz;
		return tissueAtKnee(m00 * dx + m10 * dy + m20 * dz, m01 * dx + m11 * dy + m21 * dz, m02 * dx + m12 * dy + m22 * dz);
	}

	/**
	 * A lower bound of the distance (mm) from the K point to any boundary between two tissues, i.e. to the nearest
	 * point of another tissue.
	 * <p>
	 * It follows {@link #tissueAtKnee}'s order of precedence (air, femoral, tibial, patellar cartilage, femur, tibia,
	 * patella, fibula, tendons, fluid, fat pads, muscle or fat): the point's tissue comes from the first region in that
	 * order holding it, so another tissue is met only by entering an earlier region, by leaving this one, or by
	 * crossing a boundary inside it (cortex, marrow, lesion). The bound is the least of the distances to the earlier
	 * regions, to this region's boundary and to the boundaries inside it; the later regions do not matter. Inside a
	 * cartilage plate that is the distance to the plate's own boundary ({@link Plate#boundaryDistanceBound}), inside
	 * a bone the depth below its surface and the distance to the cortex's inner surface and to the lesions. Bones are
	 * the part of their 1-Lipschitz bound's negative set inside their box, so the distance to the box counts too.
	 * <p>
	 * Cost: at most one evaluation of each region's bound (fewer the earlier the point's region), no allocation.
	 */
	public double boundaryDistanceBoundKnee(final double u, final double v, final double w) {
		final double leg = Math.max(Math.abs(w) - legHalf, Sdf.ellipticCylinder(u, v, 0, legV, fatA, fatB));
		if (leg > 0) // air: the distance to the leg
			return leg;
		double d = -leg; // the distance to the air
		for (final Plate p : femoral) {
			final double b = p.boundaryDistanceBound(u, v, w);
			if (p.contains(u, v, w))
				return Math.min(d, b);
			d = Math.min(d, b);
		}
		for (final Plate p : tibial) {
			final double b = p.boundaryDistanceBound(u, v, w);
			if (p.contains(u, v, w))
				return Math.min(d, b);
			d = Math.min(d, b);
		}
		final double pb = patellar.boundaryDistanceBound(u, v, w);
		if (patellar.contains(u, v, w))
			return Math.min(d, pb);
		d = Math.min(d, pb);
		for (int bone = 0; bone < 4; bone++) {
			final double[] box = boneBoxes[bone];
			// outside a bone's box, the distance to the box bounds the distance to the bone (and to its lesions)
			final double outside = boxDistance(box, u, v, w);
			if (outside > 0) {
				d = Math.min(d, outside);
				continue;
			}
			final double b = boneSdf(bone, u, v, w);
			if (b >= 0) {
				d = Math.min(d, b);
				continue;
			}
			// in this bone: its surface (or its box's), the cortex's inner surface, the lesions
			double in = Math.min(-b, boxDepth(box, u, v, w));
			if (bone < 3) {
				if (b >= -cortex)
					in = Math.min(in, b + cortex);
				else {
					in = Math.min(in, -cortex - b);
					if (lesionBalls[bone].length > 0)
						in = Math.min(in, Math.abs(ballsSdf(lesionBalls[bone], u, v, w)));
				}
			}
			return Math.min(d, in);
		}
		final double pt = patellarTendon(u, v, w), qt = quadricepsTendon(u, v, w);
		if (pt < 0 || qt < 0)
			return Math.min(d, Math.max(-pt, -qt));
		d = Math.min(d, Math.min(pt, qt));
		final double fl = fluid(u, v, w);
		if (fl < 0) // (in the fluid box: fluid() is the layers' bound there)
			return Math.min(d, Math.min(-fl, boxDepth(fluidBox, u, v, w)));
		d = Math.min(d, fl);
		final double fp = fatPads(u, v, w);
		if (fp < 0)
			return Math.min(d, -fp);
		d = Math.min(d, fp);
		return Math.min(d, Math.abs(Sdf.ellipticCylinder(u, v, 0, legV, muscleA, muscleB)));
	}

	@Override
	public double boundaryDistanceBound(final double x, final double y, final double z) {
		final double dx = x - tx, dy = y - ty, dz = z - tz;
		return boundaryDistanceBoundKnee(m00 * dx + m10 * dy + m20 * dz, m01 * dx + m11 * dy + m21 * dz, m02 * dx + m12 * dy + m22 * dz);
	}

	/**
	 * A new {@link Neighbourhood} of this knee: classifies many points of one small ball faster than
	 * {@link #tissueAt}. Not thread-safe: one per thread.
	 */
	public Neighbourhood neighbourhood() {
		return new Neighbourhood();
	}

	/**
	 * {@link #tissueAt} for the points of one small ball, exactly, but evaluating only what may change within it.
	 * <p>
	 * {@link #tissueAtKnee} tries fifteen regions in its order of precedence (the air, the six cartilage surfaces, the
	 * four bones, the tendons, the fluid, the fat pads, and last muscle or fat) and returns the tissue of the first
	 * holding the point. {@link #prepare} finds, from the 1-Lipschitz bounds at the ball's centre, which regions miss
	 * the whole ball, which hold all of it with one tissue, and which are undecided; {@link #tissueAt} then tries only
	 * the undecided ones, in order, up to the first that holds the whole ball. Near a boundary that is typically one
	 * or two regions instead of all of them. {@link #uniform} asks, without changing the preparation, whether a smaller
	 * ball inside the prepared one is one tissue. {@link #prepare} remembers, per region, the last ball where the region
	 * was decided (the ball of the bound's magnitude) and reuses that answer for any ball inside it, so a region far
	 * away is evaluated once for a run of neighbouring voxels rather than for each.
	 * <p>
	 * Allocates nothing after construction; not thread-safe.
	 */
	public final class Neighbourhood {

		/** Regions, in {@link #tissueAtKnee}'s order: air, plates (femoral, tibial, patellar), bones, tendons, fluid, fat pads, the rest. */
		private static final int AIR = 0, PLATES = 1, BONES = 7, TENDONS = 11, FLUID = 12, FAT_PADS = 13, REST = 14, REGIONS = 15;
		/** A region's state within a ball: misses it, or undecided; a state ≥ 0 is the tissue (ordinal) filling it. */
		private static final int MISSES = -1, UNDECIDED = -2;
		/** Taken off a remembered ball's radius (mm), far more than rounding, far less than a voxel. */
		private static final double KNOWN_SLACK = 1e-9;
		private final Tissue[] tissues = Tissue.values();
		private final Plate[] cartilage = { femoral[0], femoral[1], femoral[2], tibial[0], tibial[1], patellar };
		private final int[] cartilageTissue = { Tissue.FEMORAL_CARTILAGE.ordinal(), Tissue.FEMORAL_CARTILAGE.ordinal(),
				Tissue.FEMORAL_CARTILAGE.ordinal(), Tissue.TIBIAL_CARTILAGE.ordinal(), Tissue.TIBIAL_CARTILAGE.ordinal(),
				Tissue.PATELLAR_CARTILAGE.ordinal() };
		/** The regions that do not miss the prepared ball, in order, up to the first that fills it; and their states. */
		private final int[] regions = new int[REGIONS], states = new int[REGIONS];
		private int count;
		/** Set by {@link #state} when it decides: the radius of the open ball about the point where its answer holds. */
		private double margin;
		/**
		 * Per region, the last decided state and the open ball (K centre, radius) where it holds: {@link #prepare} reuses
		 * it for any ball inside, so that a region far away is evaluated once for many voxels (radius 0: none).
		 */
		private final double[] knownU = new double[REGIONS], knownV = new double[REGIONS], knownW = new double[REGIONS],
				knownRadius = new double[REGIONS];
		private final int[] knownState = new int[REGIONS];

		private Neighbourhood() {
		}

		/**
		 * Prepares for the points within {@code radius} mm (closed ball) of the patient point (x, y, z) mm. Returns the
		 * tissue of the whole ball when it is provably one tissue, else null. Cost: about one
		 * {@link KneeModel#boundaryDistanceBound}.
		 */
		public Tissue prepare(final double x, final double y, final double z, final double radius) {
			final double dx = x - tx, dy = y - ty, dz = z - tz;
			final double u = m00 * dx + m10 * dy + m20 * dz, v = m01 * dx + m11 * dy + m21 * dz, w = m02 * dx + m12 * dy + m22 * dz;
			count = 0;
			for (int region = 0; region < REGIONS; region++) {
				final int state;
				final double du = u - knownU[region], dv = v - knownV[region], dw = w - knownW[region], room = knownRadius[region] - radius;
				if (room > 0 && du * du + dv * dv + dw * dw < room * room)
					state = knownState[region]; // the ball lies in the ball where the region was decided
				else {
					state = state(region, u, v, w, radius);
					if (state != UNDECIDED) {
						knownU[region] = u;
						knownV[region] = v;
						knownW[region] = w;
						knownRadius[region] = margin - KNOWN_SLACK;
						knownState[region] = state;
					}
				}
				if (state == MISSES)
					continue;
				regions[count] = region;
				states[count++] = state;
				if (state >= 0)
					break;
			}
			return states[0] >= 0 ? tissues[states[0]] : null;
		}

		/** The tissue at the patient point (x, y, z) mm, which must lie in the prepared ball: {@link KneeModel#tissueAt}'s. */
		public Tissue tissueAt(final double x, final double y, final double z) {
			final double dx = x - tx, dy = y - ty, dz = z - tz;
			final double u = m00 * dx + m10 * dy + m20 * dz, v = m01 * dx + m11 * dy + m21 * dz, w = m02 * dx + m12 * dy + m22 * dz;
			for (int i = 0;; i++) { // the last region fills the ball or is the rest, which holds every point
				final int state = states[i];
				if (state >= 0)
					return tissues[state];
				final int t = evaluate(regions[i], u, v, w);
				if (t >= 0)
					return tissues[t];
			}
		}

		/**
		 * The tissue of every point of the prepared ball within {@code radius} mm of the patient point (x, y, z) mm when
		 * they are provably one tissue, else null; the preparation is unchanged. Cost: the undecided regions' bounds.
		 */
		public Tissue uniform(final double x, final double y, final double z, final double radius) {
			final double dx = x - tx, dy = y - ty, dz = z - tz;
			final double u = m00 * dx + m10 * dy + m20 * dz, v = m01 * dx + m11 * dy + m21 * dz, w = m02 * dx + m12 * dy + m22 * dz;
			for (int i = 0;; i++) {
				int state = states[i];
				if (state == UNDECIDED)
					state = state(regions[i], u, v, w, radius);
				if (state >= 0)
					return tissues[state];
				if (state == UNDECIDED)
					return null;
			}
		}

		/**
		 * What the region does within the closed ball of {@code radius} about the K point: {@link #MISSES}, the tissue
		 * (ordinal) filling it, or {@link #UNDECIDED}; from bounds that are 1-Lipschitz, compared strictly. When decided,
		 * {@link #margin} is set to the radius of the open ball about the point where the same holds (the least of the
		 * bounds' magnitudes that decided it).
		 */
		private int state(final int region, final double u, final double v, final double w, final double radius) {
			switch (region) {
			case AIR: {
				final double leg = Math.max(Math.abs(w) - legHalf, Sdf.ellipticCylinder(u, v, 0, legV, fatA, fatB));
				return decided(leg, radius, Tissue.AIR.ordinal(), MISSES);
			}
			case TENDONS:
				return decided(Math.min(patellarTendon(u, v, w), quadricepsTendon(u, v, w)), radius, MISSES, Tissue.TENDON.ordinal());
			case FLUID: {
				// the fluid is the layers' negative set inside the box
				final double outside = boxDistance(fluidBox, u, v, w);
				if (outside > radius)
					return decided(outside, MISSES);
				final double f = fluidLayers(u, v, w);
				if (f > radius)
					return decided(f, MISSES);
				final double depth = boxDepth(fluidBox, u, v, w);
				return f < -radius && depth > radius ? decided(Math.min(-f, depth), Tissue.FLUID.ordinal()) : UNDECIDED;
			}
			case FAT_PADS:
				return decided(fatPads(u, v, w), radius, MISSES, Tissue.FAT.ordinal());
			case REST:
				return decided(Sdf.ellipticCylinder(u, v, 0, legV, muscleA, muscleB), radius, Tissue.FAT.ordinal(), Tissue.MUSCLE.ordinal());
			default:
				break;
			}
			if (region < BONES) {
				final Plate p = cartilage[region - PLATES];
				final double b = p.boundaryDistanceBound(u, v, w);
				if (!(b > radius))
					return UNDECIDED;
				return decided(b, p.contains(u, v, w) ? cartilageTissue[region - PLATES] : MISSES);
			}
			// a bone: its bound's negative set inside its box; cortex, marrow, lesions
			final int bone = region - BONES;
			final double[] box = boneBoxes[bone];
			final double outside = boxDistance(box, u, v, w);
			if (outside > radius)
				return decided(outside, MISSES);
			final double f = boneSdf(bone, u, v, w);
			if (f > radius)
				return decided(f, MISSES);
			final double depth = boxDepth(box, u, v, w);
			if (!(f < -radius) || !(depth > radius))
				return UNDECIDED;
			final double in = Math.min(-f, depth);
			if (bone == 3)
				return decided(in, Tissue.FIBULA.ordinal());
			final double c = f + cortex;
			if (c > radius)
				return decided(Math.min(in, c), (bone == 0 ? Tissue.FEMUR_CORTEX : bone == 1 ? Tissue.TIBIA_CORTEX : Tissue.PATELLA_CORTEX).ordinal());
			if (!(c < -radius))
				return UNDECIDED;
			final double l = lesionBalls[bone].length == 0 ? Double.POSITIVE_INFINITY : ballsSdf(lesionBalls[bone], u, v, w);
			if (l > radius)
				return decided(Math.min(Math.min(in, -c), l),
						(bone == 0 ? Tissue.FEMUR_MARROW : bone == 1 ? Tissue.TIBIA_MARROW : Tissue.PATELLA_MARROW).ordinal());
			if (l < -radius)
				return decided(Math.min(Math.min(in, -c), -l),
						(bone == 0 ? Tissue.FEMORAL_LESION : bone == 1 ? Tissue.TIBIAL_LESION : Tissue.PATELLAR_LESION).ordinal());
			return UNDECIDED;
		}

		/** {@code state}, deciding over the open ball of radius {@code margin}. */
		private int decided(final double margin, final int state) {
			this.margin = margin;
			return state;
		}

		/** The state from a bound {@code b}: {@code outside} where b &gt; radius, {@code inside} where b &lt; −radius. */
		private int decided(final double b, final double radius, final int outside, final int inside) {
			return b > radius ? decided(b, outside) : b < -radius ? decided(-b, inside) : UNDECIDED;
		}

		/** The tissue (ordinal) of the K point if the region holds it, else −1: {@link #tissueAtKnee}'s test of that region. */
		private int evaluate(final int region, final double u, final double v, final double w) {
			switch (region) {
			case AIR:
				return Math.abs(w) > legHalf || Sdf.ellipticCylinder(u, v, 0, legV, fatA, fatB) > 0 ? Tissue.AIR.ordinal() : -1;
			case TENDONS:
				return patellarTendon(u, v, w) < 0 || quadricepsTendon(u, v, w) < 0 ? Tissue.TENDON.ordinal() : -1;
			case FLUID:
				return fluid(u, v, w) < 0 ? Tissue.FLUID.ordinal() : -1;
			case FAT_PADS:
				return fatPads(u, v, w) < 0 ? Tissue.FAT.ordinal() : -1;
			case REST:
				return (Sdf.ellipticCylinder(u, v, 0, legV, muscleA, muscleB) < 0 ? Tissue.MUSCLE : Tissue.FAT).ordinal();
			default:
				break;
			}
			if (region < BONES)
				return cartilage[region - PLATES].contains(u, v, w) ? cartilageTissue[region - PLATES] : -1;
			final int bone = region - BONES;
			if (!inBox(boneBoxes[bone], u, v, w))
				return -1;
			final double f = boneSdf(bone, u, v, w);
			if (!(f < 0))
				return -1;
			switch (bone) {
			case 0:
				return (f >= -cortex ? Tissue.FEMUR_CORTEX : ballsContain(lesionBalls[0], u, v, w) ? Tissue.FEMORAL_LESION : Tissue.FEMUR_MARROW).ordinal();
			case 1:
				return (f >= -cortex ? Tissue.TIBIA_CORTEX : ballsContain(lesionBalls[1], u, v, w) ? Tissue.TIBIAL_LESION : Tissue.TIBIA_MARROW).ordinal();
			case 2:
				return (f >= -cortex ? Tissue.PATELLA_CORTEX : ballsContain(lesionBalls[2], u, v, w) ? Tissue.PATELLAR_LESION : Tissue.PATELLA_MARROW)
						.ordinal();
			default:
				return Tissue.FIBULA.ordinal();
			}
		}
	}

	/** The plate (docs/DESIGN.md key) whose cartilage holds the patient point, or null. */
	public String plateAt(final double x, final double y, final double z) {
		final double[] k = toKnee(new double[] { x, y, z });
		for (final Map.Entry<String, Plate> e : plates.entrySet())
			if (e.getValue().contains(k[0], k[1], k[2]))
				return e.getKey();
		return null;
	}

	@Override
	public Laterality side() {
		return config.side();
	}

	@Override
	public double[] bounds() {
		final double[] b = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		for (int i = 0; i < 8; i++) {
			final double[] p = toPatient(new double[] { (i & 1) == 0 ? -fatA : fatA, legV + ((i & 2) == 0 ? -fatB : fatB),
					(i & 4) == 0 ? -legHalf : legHalf });
			for (int a = 0; a < 3; a++) {
				b[a] = Math.min(b[a], p[a]);
				b[a + 3] = Math.max(b[a + 3], p[a]);
			}
		}
		return b;
	}

	/** K point → LPS (new array). */
	public double[] toPatient(final double[] k) {
		return new double[] { m00 * k[0] + m01 * k[1] + m02 * k[2] + tx, m10 * k[0] + m11 * k[1] + m12 * k[2] + ty,
				m20 * k[0] + m21 * k[1] + m22 * k[2] + tz };
	}

	/** LPS point → K (new array). */
	public double[] toKnee(final double[] p) {
		final double dx = p[0] - tx, dy = p[1] - ty, dz = p[2] - tz;
		return new double[] { m00 * dx + m10 * dy + m20 * dz, m01 * dx + m11 * dy + m21 * dz, m02 * dx + m12 * dy + m22 * dz };
	}

	public AnatomyConfig config() {
		return config;
	}

	/** The eight plates (docs/DESIGN.md keys, in output order), in K. */
	public Map<String, Plate> plates() {
		return Collections.unmodifiableMap(plates);
	}

	/** The six articular surfaces (MF, LF, MT, LT, TrF, P: whole condyles), with their defects, in K. */
	public Map<String, Plate> surfaces() {
		return Collections.unmodifiableMap(surfaces);
	}

	/**
	 * The preview planes, patient mm: {x of the sagittal plane through the medial condyle's centre, y of the coronal
	 * plane through the condyles' posterior part (0.3 condyle radii behind their centres)}.
	 */
	public double[] previewPlanes() {
		return new double[] { toPatient(new double[] { uM, vM, cwM })[0], toPatient(new double[] { 0, vM - 0.3 * rfM, cw })[1] };
	}

	public Landmarks landmarks() {
		return landmarks;
	}

	List<LesionShape> lesionShapes() {
		return Collections.unmodifiableList(lesions);
	}

	private static boolean inBox(final double[] b, final double u, final double v, final double w) {
		return u >= b[0] && u <= b[3] && v >= b[1] && v <= b[4] && w >= b[2] && w <= b[5];
	}

	/** Distance from a point inside the box to the box's faces (≤ 0 outside). */
	private static double boxDepth(final double[] b, final double u, final double v, final double w) {
		return Math.min(Math.min(Math.min(u - b[0], b[3] - u), Math.min(v - b[1], b[4] - v)), Math.min(w - b[2], b[5] - w));
	}

	/** Euclidean distance from the point to the box (0 inside). */
	private static double boxDistance(final double[] b, final double u, final double v, final double w) {
		final double du = Math.max(0, Math.max(b[0] - u, u - b[3]));
		final double dv = Math.max(0, Math.max(b[1] - v, v - b[4]));
		final double dw = Math.max(0, Math.max(b[2] - w, w - b[5]));
		return Math.sqrt(du * du + dv * dv + dw * dw);
	}

	/** Whether the K point is inside a lesion ball of the bone (0 femur, 1 tibia, 2 patella); marrow is not checked. */
	boolean lesionAt(final int bone, final double u, final double v, final double w) {
		return ballsContain(lesionBalls[bone], u, v, w);
	}

	double cortex() {
		return cortex;
	}
}
