package org.chondroj.phantom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The truth of the bone-marrow lesions per MOAKS subregion (Hunter et al., "Evolution of semi-quantitative whole
 * joint assessment of knee OA: MOAKS (MRI Osteoarthritis Knee Score)", Osteoarthritis Cartilage 2011;19:990–1002),
 * computed from the phantom's continuous model: the exact sphere patches of the plates and the bones' implicit
 * solids, never voxels. The measurement (module {@code knee}) implements the same definition independently on label
 * maps; this is the contract between the two.
 * <p>
 * <b>Frame.</b> Everything is in the knee frame K of {@link KneeModel}: u medial → lateral, v posterior → anterior, w
 * distal → proximal, anatomical for both sides (a left knee is the mirror image in patient space, the same in K).
 * <p>
 * <b>Keys</b> (as the OAI MOAKS variables), in output order {@link #KEYS}: patella {@code PM}, {@code PL}; femur
 * {@code FMA}, {@code FMC}, {@code FMP}, {@code FLA}, {@code FLC}, {@code FLP} (A anterior = trochlea, C central =
 * weight-bearing, P posterior); tibia {@code TMA}, {@code TMC}, {@code TMP}, {@code TLA}, {@code TLC}, {@code TLP} and
 * the subspinous {@code SS}.
 * <p>
 * <b>Articular surface</b> of a bone: its cartilage-bearing patches, whole (defect areas included): femur cMF, pMF,
 * cLF, pLF, TrF; tibia MT, LT; patella P (the bone surfaces of {@link KneeModel#plates()}).
 * <p>
 * <b>Subregion of an articular surface point</b> s:
 * <ul>
 * <li>femur: on TrF, {@code FMA} if u &lt; m else {@code FLA}, m the notch midline (the u of the intercondylar
 * notch's centre; 0 in the phantom, whose notch, trochlea and patella are symmetric about u = 0); on cMF
 * {@code FMC}, pMF {@code FMP}, cLF {@code FLC}, pLF {@code FLP};</li>
 * <li>tibia: on MT medial, on LT lateral; with [v0, v1] the least and largest v over that plate's patch and
 * t = (v − v0)/(v1 − v0): posterior ({@code TMP}, {@code TLP}) if t &lt; 1/3, central ({@code TMC}, {@code TLC}) if
 * t ≤ 2/3, else anterior ({@code TMA}, {@code TLA});</li>
 * <li>patella: {@code PM} if u &lt; the middle of the P patch's u extent ((umin + umax)/2), else {@code PL}.</li>
 * </ul>
 * <b>Subregion of a bone point</b> p (any point of the bone, cortex and lesions included: the tissue of
 * {@link KneeModel#tissueAtKnee} is the bone's cortex, marrow or lesion): s the nearest point to p of the bone's whole
 * articular surface (the union of its patches), d = |p − s|. If d &gt; D = {@link KneeModel#SUBCHONDRAL_DEPTH}
 * (10 mm) p is in no subregion. Otherwise its subregion is that of s, except on the tibia: a point whose own u lies
 * strictly between the inner edges of the tibial plates (the medial plate's largest u &lt; u &lt; the lateral plate's
 * least u, extents over the patches) is {@code SS}.
 * <p>
 * MOAKS bounds its subregions by the menisci's horns and the notch; the label maps hold no menisci, so the A/C/P
 * thirds of the tibial plates and the femoral boundaries (the weight-bearing cut between cMF/pMF, the trochlea's
 * plate, the notch midline) are geometric proxies for them.
 * <p>
 * <b>Per subregion</b>: region volume (mm³) = the volume of its bone points; lesion volume = the volume of the
 * lesions (the phantom's: each lesion's balls inside the marrow, {@code KneeModel.lesionAt}) in it; share = lesion /
 * region (%); MOAKS size grade from the share (PhantomTruth's grading: 0 none, 1 &lt; 33, 2 33–66, 3 &gt; 66);
 * count = the number of lesions whose largest part (a plurality over the 15 subregions and "none") lies in the
 * subregion.
 * <p>
 * <b>Method.</b> The nearest point on a patch is exact ({@link SpherePatch}: the radial foot when it lies in the
 * patch, else the best of the boundary circles' maxima and the corners), so the distance is exact to about 1e-7 mm
 * (rounding and the 1e-9 membership tolerance; no sampling of the surface) and the only error is Monte Carlo's. Region volumes: for each patch, {@value #REGION_SAMPLES}
 * uniform samples in the patch's exact bounding box widened by D + 0.5 mm (which holds every point within D of the
 * patch), each counted when it is a bone point whose nearest patch is this one (so every point of the regions is
 * counted in exactly one box); volume = Σ box × hits / samples, binomial standard error. Lesion volumes:
 * {@value #LESION_SAMPLES} uniform samples in each lesion's box, as the compartment truth does. share SE from both
 * relative standard errors (independent runs). Samples are drawn in blocks of 2¹⁵, each from its own fixed seed, in
 * parallel: the result is the same bit for bit whatever the number of threads. Standard errors on the MOAKS knee
 * ({@link PhantomKnees#moaks}): region volumes 0.3–0.6 %, lesion volumes 0.1–0.2 % (both asserted &lt; 1 %). As in the
 * compartment truth, lesions are sampled one by one, so two overlapping lesions would count their overlap twice (the
 * configured ones do not touch). Cost: about 1.5 s on 2 cores (8 × 2¹⁹ region samples, 2¹⁹ per lesion).
 * <p>
 * Immutable.
 */
public final class MoaksTruth {

	/** The MOAKS subregions, in output order. */
	public static final List<String> KEYS = List.of("PM", "PL", "FMA", "FMC", "FMP", "FLA", "FLC", "FLP", "TMA", "TMC", "TMP", "TLA", "TLC",
			"TLP", "SS");
	/** Monte Carlo samples per patch box (regions) and per lesion box. */
	static final int REGION_SAMPLES = 1 << 19, LESION_SAMPLES = 1 << 19;
	private static final int BLOCK = 1 << 15;
	private static final int PM = 0, PL = 1, FMA = 2, FMC = 3, FMP = 4, FLA = 5, FLC = 6, FLP = 7, TMA = 8, TMC = 9, TMP = 10, TLA = 11, TLC = 12,
			TLP = 13, SS = 14, N = 15;
	/** The patches in index order, and each bone's patch indices (0 femur, 1 tibia, 2 patella). */
	private static final String[] PATCHES = { "cMF", "pMF", "cLF", "pLF", "TrF", "MT", "LT", "P" };
	private static final int[][] BONE_PATCHES = { { 0, 1, 2, 3, 4 }, { 5, 6 }, { 7 } };
	private static final int[] PATCH_BONE = { 0, 0, 0, 0, 0, 1, 1, 2 };

	/** Truth of one subregion. */
	public static final class Subregion {
		private final double volume, volumeSe, regionVolume, regionVolumeSe, share, shareSe;
		private final int count;
		private final double[] centroidKnee, centroidPatient;

		Subregion(final double volume, final double volumeSe, final double regionVolume, final double regionVolumeSe, final int count,
				final double[] centroidKnee, final double[] centroidPatient) {
			this.volume = volume;
			this.volumeSe = volumeSe;
			this.regionVolume = regionVolume;
			this.regionVolumeSe = regionVolumeSe;
			this.count = count;
			this.centroidKnee = centroidKnee;
			this.centroidPatient = centroidPatient;
			share = regionVolume > 0 ? 100 * volume / regionVolume : 0;
			shareSe = volume > 0 && regionVolume > 0
					? share * Math.sqrt(Math.pow(volumeSe / volume, 2) + Math.pow(regionVolumeSe / regionVolume, 2))
					: 0;
		}

		/** Lesion volume in the subregion, mm³ (Monte Carlo; standard error {@link #volumeSe()}). */
		public double volume() {
			return volume;
		}

		public double volumeSe() {
			return volumeSe;
		}

		/** Volume of the subregion's bone points, mm³. */
		public double regionVolume() {
			return regionVolume;
		}

		public double regionVolumeSe() {
			return regionVolumeSe;
		}

		/** Lesion share of the region, %. */
		public double share() {
			return share;
		}

		public double shareSe() {
			return shareSe;
		}

		/** MOAKS size grade of the share: 0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 %. */
		public int grade() {
			return PhantomTruth.moaksGrade(share);
		}

		/** Number of lesions whose largest part lies in the subregion. */
		public int count() {
			return count;
		}

		/** Centroid of the region's bone points, K mm (a copy). */
		public double[] centroidKnee() {
			return centroidKnee.clone();
		}

		/** Centroid of the region's bone points, patient LPS mm (a copy). */
		public double[] centroidPatient() {
			return centroidPatient.clone();
		}
	}

	/**
	 * Where one lesion lies: its compartment, the subregion holding its largest part (null: none), its volume (mm³), the
	 * fraction of that volume in the subregion and the fraction in no subregion (deeper than D).
	 */
	public record LesionPlacement(String compartment, String subregion, double volume, double fraction, double unassignedFraction) {
	}

	private final Map<String, Subregion> subregions;
	private final List<LesionPlacement> placements;
	private final double unassignedLesionVolume;
	private final double notchMidline, patellaMiddle, medialInnerEdge, lateralInnerEdge;
	private final Map<String, double[]> tibialV;
	private final Classifier classifier;

	private MoaksTruth(final Map<String, Subregion> subregions, final List<LesionPlacement> placements, final double unassigned,
			final Classifier c) {
		this.subregions = Collections.unmodifiableMap(subregions);
		this.placements = List.copyOf(placements);
		unassignedLesionVolume = unassigned;
		classifier = c;
		notchMidline = c.notchMidline;
		patellaMiddle = c.patellaMiddle;
		medialInnerEdge = c.medialInner;
		lateralInnerEdge = c.lateralInner;
		final Map<String, double[]> v = new LinkedHashMap<>();
		v.put("MT", new double[] { c.tibialV[0][0], c.tibialV[0][1] });
		v.put("LT", new double[] { c.tibialV[1][0], c.tibialV[1][1] });
		tibialV = Collections.unmodifiableMap(v);
	}

	/** Key ({@link #KEYS} order) → truth of the subregion. */
	public Map<String, Subregion> subregions() {
		return subregions;
	}

	/** Each lesion of the configuration, in order: where it lies. */
	public List<LesionPlacement> lesionPlacements() {
		return placements;
	}

	/** Lesion volume (mm³) in no subregion: farther than D from the bone's articular surface. */
	public double unassignedLesionVolume() {
		return unassignedLesionVolume;
	}

	/** The femoral notch midline m, K u (mm): the trochlea is FMA below it, FLA above. */
	public double notchMidline() {
		return notchMidline;
	}

	/** The middle of the patella patch's u extent, K mm: PM below, PL above. */
	public double patellaMiddle() {
		return patellaMiddle;
	}

	/** The medial tibial plate's largest u, K mm: the SS strip's medial edge. */
	public double medialTibialInnerEdge() {
		return medialInnerEdge;
	}

	/** The lateral tibial plate's least u, K mm: the SS strip's lateral edge. */
	public double lateralTibialInnerEdge() {
		return lateralInnerEdge;
	}

	/** "MT", "LT" → {v0, v1}, the plate's least and largest v, K mm (a copy). */
	public double[] tibialPlateV(final String plate) {
		final double[] v = tibialV.get(plate);
		if (v == null)
			throw new IllegalArgumentException("no tibial plate " + plate + "; MT or LT");
		return v.clone();
	}

	/**
	 * The MOAKS subregion of the K point (u, v, w) mm of this truth's knee by the definition of the class comment, or
	 * null when it is in no subregion (not a point of the femur, tibia or patella — cortex, marrow or lesion — or
	 * farther than D from that bone's articular surface). Thread-safe; allocates a few small arrays.
	 */
	public String subregionAt(final double u, final double v, final double w) {
		final int bone = classifier.boneAt(u, v, w);
		if (bone < 0)
			return null;
		final int code = classifier.classify(bone, u, v, w, new double[6]);
		return code < 0 ? null : KEYS.get(code & 15);
	}

	/**
	 * The distance (mm) from the K point to the articular surface of a bone (0 femur, 1 tibia, 2 patella: the union of
	 * its patches), exact up to rounding.
	 */
	public double articularDistance(final int bone, final double u, final double v, final double w) {
		final double[] scratch = new double[6];
		double best = Double.MAX_VALUE;
		for (final int i : BONE_PATCHES[bone])
			best = Math.min(best, classifier.patches[i].nearest(u, v, w, scratch));
		return best;
	}

	/** Computes the truth of a model (see the class comment for the method and the cost). Deterministic. */
	public static MoaksTruth of(final KneeModel model) {
		final Classifier c = new Classifier(model);
		final long seed = model.config().seed();
		final double slack = KneeModel.SUBCHONDRAL_DEPTH + 0.5;
		// regions: per patch box
		final double[] regionVolume = new double[N], regionVariance = new double[N];
		final double[][] moment = new double[N][3];
		for (int i = 0; i < PATCHES.length; i++) {
			final int patch = i, bone = PATCH_BONE[i];
			final double[] b = c.patches[i].box();
			for (int a = 0; a < 3; a++) {
				b[a] -= slack;
				b[a + 3] += slack;
			}
			final double boxVolume = (b[3] - b[0]) * (b[4] - b[1]) * (b[5] - b[2]);
			final List<double[]> blocks = IntStream.range(0, REGION_SAMPLES / BLOCK).parallel().mapToObj(block -> {
				final SplittableRandom random = random(seed, 1 + patch, block);
				final double[] acc = new double[4 * N], scratch = new double[6];
				for (int s = 0; s < BLOCK; s++) {
					final double u = random.nextDouble(b[0], b[3]), v = random.nextDouble(b[1], b[4]), w = random.nextDouble(b[2], b[5]);
					if (c.boneAt(u, v, w) != bone)
						continue;
					final int code = c.classify(bone, u, v, w, scratch);
					if (code < 0 || code >> 4 != patch)
						continue;
					final int k = code & 15;
					acc[4 * k]++;
					acc[4 * k + 1] += u;
					acc[4 * k + 2] += v;
					acc[4 * k + 3] += w;
				}
				return acc;
			}).toList();
			final double[] acc = new double[4 * N];
			for (final double[] a : blocks)
				for (int j = 0; j < acc.length; j++)
					acc[j] += a[j];
			for (int k = 0; k < N; k++) {
				final double p = acc[4 * k] / REGION_SAMPLES;
				regionVolume[k] += boxVolume * p;
				regionVariance[k] += boxVolume * boxVolume * p * (1 - p) / REGION_SAMPLES;
				for (int a = 0; a < 3; a++)
					moment[k][a] += boxVolume * acc[4 * k + 1 + a] / REGION_SAMPLES;
			}
		}
		// lesions: per lesion box
		final double[] lesionVolume = new double[N], lesionVariance = new double[N];
		final int[] count = new int[N];
		final List<LesionPlacement> placements = new ArrayList<>();
		double unassigned = 0;
		final List<KneeModel.LesionShape> shapes = model.lesionShapes();
		final double cortex = model.cortex();
		for (int j = 0; j < shapes.size(); j++) {
			final KneeModel.LesionShape shape = shapes.get(j);
			final int stream = 1000 + j;
			final double[] b = shape.box;
			final long[] hits = IntStream.range(0, LESION_SAMPLES / BLOCK).parallel().mapToObj(block -> {
				final SplittableRandom random = random(seed, stream, block);
				final long[] h = new long[N + 1];
				final double[] scratch = new double[6];
				for (int s = 0; s < BLOCK; s++) {
					final double u = random.nextDouble(b[0], b[3]), v = random.nextDouble(b[1], b[4]), w = random.nextDouble(b[2], b[5]);
					if (!KneeModel.ballsContain(shape.balls, u, v, w) || !(model.boneSdf(shape.bone, u, v, w) < -cortex))
						continue;
					final int code = c.classify(shape.bone, u, v, w, scratch);
					h[code < 0 ? N : code & 15]++;
				}
				return h;
			}).reduce(new long[N + 1], (x, y) -> {
				final long[] z = x.clone();
				for (int k = 0; k <= N; k++)
					z[k] += y[k];
				return z;
			});
			final double boxVolume = (b[3] - b[0]) * (b[4] - b[1]) * (b[5] - b[2]);
			long total = 0;
			int best = N;
			for (int k = 0; k <= N; k++) {
				total += hits[k];
				if (hits[k] > hits[best])
					best = k;
			}
			for (int k = 0; k < N; k++) {
				final double p = hits[k] / (double) LESION_SAMPLES;
				lesionVolume[k] += boxVolume * p;
				lesionVariance[k] += boxVolume * boxVolume * p * (1 - p) / LESION_SAMPLES;
			}
			unassigned += boxVolume * hits[N] / LESION_SAMPLES;
			if (best < N)
				count[best]++;
			placements.add(new LesionPlacement(shape.compartment, best < N ? KEYS.get(best) : null, boxVolume * total / LESION_SAMPLES,
					total > 0 ? hits[best] / (double) total : 0, total > 0 ? hits[N] / (double) total : 0));
		}
		final Map<String, Subregion> out = new LinkedHashMap<>();
		for (int k = 0; k < N; k++) {
			final double[] centroid = new double[3];
			if (regionVolume[k] > 0)
				for (int a = 0; a < 3; a++)
					centroid[a] = moment[k][a] / regionVolume[k];
			out.put(KEYS.get(k), new Subregion(lesionVolume[k], Math.sqrt(lesionVariance[k]), regionVolume[k], Math.sqrt(regionVariance[k]),
					count[k], centroid, model.toPatient(centroid)));
		}
		return new MoaksTruth(out, placements, unassigned, c);
	}

	/** The fixed random stream of one block of one run (a patch's region or a lesion). */
	private static SplittableRandom random(final long seed, final int stream, final int block) {
		return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 1_000_003L + block * 7919L + 12_345L);
	}

	/** The definition on one model: the patches, the boundaries, and the classification of a bone point. Thread-safe. */
	private static final class Classifier {
		final KneeModel model;
		final SpherePatch[] patches = new SpherePatch[PATCHES.length];
		final double notchMidline, patellaMiddle, medialInner, lateralInner;
		/** MT and LT: {v0, v1}. */
		final double[][] tibialV = new double[2][];

		Classifier(final KneeModel model) {
			this.model = model;
			for (int i = 0; i < PATCHES.length; i++)
				patches[i] = new SpherePatch(model.plates().get(PATCHES[i]));
			notchMidline = model.landmarks().knee().get("notch_anterior")[0];
			final double[] pBox = patches[7].box(), mBox = patches[5].box(), lBox = patches[6].box();
			patellaMiddle = 0.5 * (pBox[0] + pBox[3]);
			medialInner = mBox[3];
			lateralInner = lBox[0];
			tibialV[0] = new double[] { mBox[1], mBox[4] };
			tibialV[1] = new double[] { lBox[1], lBox[4] };
		}

		/** The bone (0 femur, 1 tibia, 2 patella) whose cortex, marrow or lesion holds the K point, else −1. */
		int boneAt(final double u, final double v, final double w) {
			switch (model.tissueAtKnee(u, v, w)) {
			case FEMUR_CORTEX:
			case FEMUR_MARROW:
			case FEMORAL_LESION:
				return 0;
			case TIBIA_CORTEX:
			case TIBIA_MARROW:
			case TIBIAL_LESION:
				return 1;
			case PATELLA_CORTEX:
			case PATELLA_MARROW:
			case PATELLAR_LESION:
				return 2;
			default:
				return -1;
			}
		}

		/**
		 * The subregion of a point of the bone: patch index × 16 + key index, or −1 beyond D. {@code scratch}: 6
		 * doubles.
		 */
		int classify(final int bone, final double u, final double v, final double w, final double[] scratch) {
			double best = Double.MAX_VALUE, fu = 0, fv = 0;
			int patch = -1;
			for (final int i : BONE_PATCHES[bone]) {
				final SpherePatch p = patches[i];
				if (p.sphereDistance(u, v, w) >= Math.min(best, KneeModel.SUBCHONDRAL_DEPTH + 1e-9))
					continue;
				final double d = p.nearest(u, v, w, scratch);
				if (d < best) {
					best = d;
					patch = i;
					fu = scratch[3];
					fv = scratch[4];
				}
			}
			if (patch < 0 || best > KneeModel.SUBCHONDRAL_DEPTH)
				return -1;
			final int key;
			switch (patch) {
			case 0:
				key = FMC;
				break;
			case 1:
				key = FMP;
				break;
			case 2:
				key = FLC;
				break;
			case 3:
				key = FLP;
				break;
			case 4:
				key = fu < notchMidline ? FMA : FLA;
				break;
			case 5:
			case 6:
				if (u > medialInner && u < lateralInner)
					key = SS;
				else {
					final double[] e = tibialV[patch - 5];
					final double t = (fv - e[0]) / (e[1] - e[0]);
					final int third = t < 1.0 / 3 ? 2 : t <= 2.0 / 3 ? 1 : 0; // 0 anterior, 1 central, 2 posterior
					key = (patch == 5 ? TMA : TLA) + third;
				}
				break;
			default:
				key = fu < patellaMiddle ? PM : PL;
			}
			return patch << 4 | key;
		}
	}
}
