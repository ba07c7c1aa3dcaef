package org.chondroj.testbed;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.DistanceTransforms;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.anatomy.KneeFrame;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Vector3d;

/**
 * A knee as tissues, voxel for voxel on a label map's grid: the labelled bones and cartilage as given, and around them
 * what a manual label map leaves out but an MR image shows, placed by distances to the labelled structures and by the
 * knee's anatomical frame ({@link KneeFrame}: medial–lateral, anterior, proximal, origin between the tibial plates):
 * <ul>
 * <li>bone: a cortical rim of {@value #CORTEX_MM} mm, marrow inside, bone-marrow lesions where labelled;</li>
 * <li>joint fluid: a film over the cartilage ({@value #FILM_MM} mm), filling the gap between opposing cartilage
 * (where the distances to both plates add up to at most {@value #JOINT_GAP_MM} mm), and the suprapatellar recess;</li>
 * <li>menisci: the wedge between femoral and tibial cartilage at the tibial plates' rims;</li>
 * <li>in the intercondylar notch, the cruciate ligaments, and synovium lining the notch's roof;</li>
 * <li>tissue of cartilage-like signal lying on bone away from the joint, what fools segmenters on real knees: periosteum
 * and tendon insertions along the tibial shaft more than {@value #SHAFT_BELOW_MM} mm below the plates, along the
 * posterior femoral shaft, and pre-patellar tissue on the anterior patella;</li>
 * <li>the patellar tendon from the patella's lower pole to the tibial tuberosity;</li>
 * <li>muscle behind the knee and around the shafts, fat elsewhere, a subcutaneous fat layer under a skin of
 * {@value #SKIN_MM} mm, and air outside the leg (an elliptic cylinder about the knee's long axis, {@value #LEG_ML_MM} ×
 * {@value #LEG_AP_MM} mm half-axes, bulging to keep {@value #SKIN_FAT_MM} mm of tissue over any bone that comes near it,
 * as the patella does).</li>
 * </ul>
 * Deterministic; the labelled voxels keep their structure (a cartilage voxel is cartilage, a bone voxel cortex, marrow
 * or lesion). Cost: six exact distance transforms of the grid (about 1 s each for an OAI map on two cores).
 */
public final class KneeScene {

	/** Cortical rim of the bones, mm. */
	public static final double CORTEX_MM = 0.9;
	/** Fluid film over the cartilage, mm. */
	public static final double FILM_MM = 0.35;
	/** Opposing cartilage closer than this (the two distances added) has fluid between it, mm. */
	public static final double JOINT_GAP_MM = 2.5;
	/** The tibial shaft's lining starts this far below the plates, mm. */
	public static final double SHAFT_BELOW_MM = 15;
	/** The leg's cross-section: half-axes (medial–lateral, anterior–posterior) and backward shift of its centre, mm. */
	public static final double LEG_ML_MM = 55, LEG_AP_MM = 62, LEG_AP_SHIFT_MM = -12;
	/** Subcutaneous fat layer, mm. */
	public static final double SKIN_FAT_MM = 6;
	/** The skin, mm: water-rich soft tissue ({@link Tissue#LINING}'s signal) between the subcutaneous fat and the air. */
	public static final double SKIN_MM = 1.5;

	/**
	 * The muscles as ellipsoids: centre (ml, ap, pd) and half-axes, mm, in knee coordinates (ml from medial to lateral).
	 * The hamstrings and gastrocnemius origins behind the femur, the calf behind the tibia, the quadriceps in front of the
	 * femoral shaft, tibialis anterior: placed by eye on sagittal knee MRI (the GE DESS of ../shared/data), not measured.
	 */
	private static final double[][] MUSCLES = { { 0, -46, 48, 58, 28, 62 }, { 0, -46, -52, 58, 30, 62 }, { 0, 32, 72, 58, 26, 56 },
			{ 26, 12, -62, 15, 15, 45 } };
	/** The popliteal fossa, kept as fat between the muscles: an ellipsoid, centre (ml, ap, pd) and half-axes, mm. */
	private static final double[] FOSSA = { 0, -28, 5, 13, 16, 30 };

	private final int[] dims;
	private final VoxelGeometry geometry;
	private final byte[] tissue;

	private KneeScene(final int[] dims, final VoxelGeometry geometry, final byte[] tissue) {
		this.dims = dims;
		this.geometry = geometry;
		this.tissue = tissue;
	}

	/** The grid's size. */
	public int[] dimensions() {
		return dims.clone();
	}

	public VoxelGeometry geometry() {
		return geometry;
	}

	/** The tissue of voxel {@code i} (linear index). */
	public Tissue tissue(final int i) {
		return Tissue.values()[tissue[i]];
	}

	/** The tissues as {@link Tissue#ordinal()}s, one per voxel (the array itself: do not modify). */
	byte[] ordinals() {
		return tissue;
	}

	/** The number of voxels of {@code t}. */
	public long count(final Tissue t) {
		long n = 0;
		for (final byte b : tissue)
			if (b == t.ordinal())
				n++;
		return n;
	}

	/**
	 * The scene of a knee's label map ({@code labels} in any numbering, with its mapping) and its frame.
	 *
	 * @throws IllegalArgumentException when the map lacks femur, tibia or their cartilage
	 */
	public static KneeScene of(final KneeLabels labels, final KneeFrame frame) {
		labels.require("a rendered knee", KneeStructure.FEMUR, KneeStructure.TIBIA, KneeStructure.FEMORAL_CARTILAGE, KneeStructure.TIBIAL_CARTILAGE);
		final Volume<UnsignedByteType> v = labels.volume();
		final int[] dims = v.dimensions();
		final VoxelGeometry g = v.geometry();
		final int n = Volumes.checkedSize(dims);
		final byte[] codes = labels.codes(), raw = Volumes.byteData(v);
		final byte[] structure = new byte[n]; // ChondroJ's numbering: ordinal + 1 of the KneeStructure, 0 none
		for (int i = 0; i < n; i++)
			structure[i] = codes[raw[i] & 0xFF];
		final float[] femur = distanceTo(structure, dims, g, KneeStructure.FEMUR, KneeStructure.FEMORAL_LESION);
		final float[] tibia = distanceTo(structure, dims, g, KneeStructure.TIBIA, KneeStructure.TIBIAL_LESION);
		final float[] patella = labels.has(KneeStructure.PATELLA) ? distanceTo(structure, dims, g, KneeStructure.PATELLA, KneeStructure.PATELLAR_LESION) : null;
		final float[] femCart = distanceTo(structure, dims, g, KneeStructure.FEMORAL_CARTILAGE);
		final float[] tibCart = distanceTo(structure, dims, g, KneeStructure.TIBIAL_CARTILAGE);
		final float[] patCart = labels.has(KneeStructure.PATELLAR_CARTILAGE) ? distanceTo(structure, dims, g, KneeStructure.PATELLAR_CARTILAGE) : null;
		final float[] depth = depthInBone(structure, dims, g);
		final double[] patellaCentre = patella == null ? null : frame.toKnee(labels.centroid(KneeStructure.PATELLA));
		final Tendon tendon = patella == null ? null : Tendon.of(structure, dims, g, frame);

		final byte[] out = new byte[n];
		final int nx = dims[0], ny = dims[1];
		Parallel.forEach(dims[2], z -> {
			final Vector3d p = new Vector3d();
			final double[] k = new double[3];
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					g.indexToPatient(x, y, z, p);
					frame.toKnee(p.x, p.y, p.z, k);
					out[i] = (byte) classify(structure[i], i, k, femur, tibia, patella, femCart, tibCart, patCart, depth, patellaCentre, tendon).ordinal();
				}
		});
		return new KneeScene(dims, g, out);
	}

	private static Tissue classify(final byte structure, final int i, final double[] k, final float[] femur, final float[] tibia, final float[] patella,
			final float[] femCart, final float[] tibCart, final float[] patCart, final float[] depth, final double[] patellaCentre, final Tendon tendon) {
		final double ml = k[0], ap = k[1], pd = k[2];
		if (structure != 0) {
			final KneeStructure s = KneeStructure.values()[structure - 1];
			return switch (s) {
			case FEMORAL_CARTILAGE, TIBIAL_CARTILAGE, PATELLAR_CARTILAGE -> Tissue.CARTILAGE;
			case FEMORAL_LESION, TIBIAL_LESION, PATELLAR_LESION -> Tissue.LESION;
			default -> depth[i] <= CORTEX_MM ? Tissue.CORTEX : Tissue.MARROW;
			};
		}
		final double dF = femur[i], dT = tibia[i], dP = patella == null ? Double.POSITIVE_INFINITY : patella[i];
		final double dFC = femCart[i], dTC = tibCart[i], dPC = patCart == null ? Double.POSITIVE_INFINITY : patCart[i];
		final double bone = Math.min(dF, Math.min(dT, dP)), cartilage = Math.min(dFC, Math.min(dTC, dPC));
		// the leg: an elliptic cylinder about the knee's long axis, shifted backwards (the calf and hamstrings), bulging
		// where a bone comes near its outline (the patella stands in front of it): the skin, SKIN_MM thick, runs along the
		// ellipse and SKIN_FAT_MM beyond any bone, whichever lies further out; air beyond it, subcutaneous fat under it
		final double leg = Math.hypot(ml / LEG_ML_MM, (ap - LEG_AP_SHIFT_MM) / LEG_AP_MM);
		final double underEllipse = (1 - leg) * LEG_ML_MM, under = Math.max(underEllipse, SKIN_FAT_MM + SKIN_MM - bone);
		if (under <= 0)
			return Tissue.AIR;
		if (under <= SKIN_MM)
			return Tissue.LINING;
		if (underEllipse <= SKIN_MM + SKIN_FAT_MM && bone > SKIN_FAT_MM)
			return Tissue.FAT;
		// the joint: fluid between opposing cartilage and over it, menisci at the tibial rims
		if ((dFC + dTC <= JOINT_GAP_MM || dFC + dPC <= JOINT_GAP_MM) && cartilage <= 1.5)
			return dTC <= 3.5 && dFC + dTC >= 1.5 && Math.abs(ml) >= 6 && dT > 0.5 ? Tissue.MENISCUS : Tissue.FLUID;
		if (cartilage <= FILM_MM)
			return Tissue.FLUID;
		if (dTC <= 3.5 && dFC <= 7 && dT > 0.5 && Math.abs(ml) >= 6 && pd > -6)
			return Tissue.MENISCUS;
		// the intercondylar notch: the cruciate ligaments, and synovium (2 mm) lining the femur there
		if (Math.abs(ml) < 5.5 && pd > -2 && pd < 22 && ap > -20 && ap < 10 && dF > 0 && dF < 9 && dT > 0.5)
			return dF <= 2 ? Tissue.LINING : Tissue.TENDON;
		// the patellar tendon, and the suprapatellar recess (a thin layer on the anterior femur above the trochlea)
		if (tendon != null && tendon.contains(k) && bone > 0.5)
			return Tissue.TENDON;
		if (patellaCentre != null && ap > 0 && pd > patellaCentre[2] && pd < patellaCentre[2] + 30 && dF > 0.5 && dF < 2 && dP > 3)
			return Tissue.FLUID;
		// cartilage-like tissue on bone away from the joint
		if (dT > 0 && dT <= 1.2 && pd < -SHAFT_BELOW_MM)
			return Tissue.LINING;
		if (dF > 0 && dF <= 1.2 && pd > 25 && ap < 0)
			return Tissue.LINING;
		if (patellaCentre != null && dP > 0 && dP <= 1.5 && ap > patellaCentre[1])
			return Tissue.LINING;
		// muscle: ellipsoids in knee coordinates for the gastrocnemius heads, the hamstrings, the quadriceps, the calf and
		// the anterior leg muscles; fat between them (the popliteal fossa, Hoffa's pad, subcutaneous and intermuscular fat)
		final double fu = (ml - FOSSA[0]) / FOSSA[3], fv = (ap - FOSSA[1]) / FOSSA[4], fw = (pd - FOSSA[2]) / FOSSA[5];
		final boolean fossa = fu * fu + fv * fv + fw * fw <= 1;
		if (bone >= 2.5 && !fossa)
			for (final double[] m : MUSCLES) {
				final double u = (ml - m[0]) / m[3], v = (ap - m[1]) / m[4], w = (pd - m[2]) / m[5];
				if (u * u + v * v + w * w <= 1)
					return Tissue.MUSCLE;
			}
		return Tissue.FAT;
	}

	/** Distance (mm) from every voxel to the nearest voxel of the given structures (0 inside them). */
	private static float[] distanceTo(final byte[] structure, final int[] dims, final VoxelGeometry g, final KneeStructure... of) {
		final byte[] mask = new byte[structure.length];
		final boolean[] in = new boolean[KneeStructure.values().length + 1];
		for (final KneeStructure s : of)
			in[s.ordinal() + 1] = true;
		for (int i = 0; i < mask.length; i++)
			if (in[structure[i]])
				mask[i] = 1;
		return Volumes.floatData(DistanceTransforms.distanceToForeground(Volumes.wrapUnsignedBytes(mask, dims, g)));
	}

	/** Distance (mm) from every bone voxel to the nearest voxel outside the bones (0 outside them). */
	private static float[] depthInBone(final byte[] structure, final int[] dims, final VoxelGeometry g) {
		final boolean[] bone = new boolean[KneeStructure.values().length + 1];
		for (final KneeStructure s : new KneeStructure[] { KneeStructure.FEMUR, KneeStructure.TIBIA, KneeStructure.PATELLA, KneeStructure.FEMORAL_LESION,
				KneeStructure.TIBIAL_LESION, KneeStructure.PATELLAR_LESION })
			bone[s.ordinal() + 1] = true;
		final byte[] mask = new byte[structure.length];
		for (int i = 0; i < mask.length; i++)
			if (bone[structure[i]])
				mask[i] = 1;
		return Volumes.floatData(DistanceTransforms.distanceToBackground(Volumes.wrapUnsignedBytes(mask, dims, g)));
	}

	/**
	 * The patellar tendon: a band of {@value #THICKNESS_MM} mm thickness and {@value #WIDTH_MM} mm width, in knee
	 * coordinates, from the patella's lowest point to the front of the tibia {@value #TUBEROSITY_MM} mm below the
	 * plates (the tibial tuberosity).
	 */
	private record Tendon(double[] from, double[] to) {
		static final double THICKNESS_MM = 5, WIDTH_MM = 26, TUBEROSITY_MM = 25;

		static Tendon of(final byte[] structure, final int[] dims, final VoxelGeometry g, final KneeFrame frame) {
			final int patella = KneeStructure.PATELLA.ordinal() + 1, tibia = KneeStructure.TIBIA.ordinal() + 1;
			final double[] low = { 0, 0, Double.POSITIVE_INFINITY }, front = { 0, Double.NEGATIVE_INFINITY, 0 };
			final Vector3d p = new Vector3d();
			final double[] k = new double[3];
			final int nx = dims[0], ny = dims[1];
			for (int i = 0; i < structure.length; i++) {
				if (structure[i] != patella && structure[i] != tibia)
					continue;
				g.indexToPatient(i % nx, i / nx % ny, i / (nx * ny), p);
				frame.toKnee(p.x, p.y, p.z, k);
				if (structure[i] == patella && k[2] < low[2])
					System.arraycopy(k, 0, low, 0, 3);
				if (structure[i] == tibia && Math.abs(k[2] + TUBEROSITY_MM) < 1.5 && Math.abs(k[0]) < 15 && k[1] > front[1])
					System.arraycopy(k, 0, front, 0, 3);
			}
			if (Double.isInfinite(low[2]) || Double.isInfinite(front[1]))
				return null;
			front[1] += 0.5 * THICKNESS_MM; // the tendon lies on the tuberosity
			return new Tendon(low, front);
		}

		/** Whether the knee point {@code k} lies in the band. */
		boolean contains(final double[] k) {
			if (Math.abs(k[0] - 0.5 * (from[0] + to[0])) > 0.5 * WIDTH_MM)
				return false;
			final double dy = to[1] - from[1], dz = to[2] - from[2], len2 = dy * dy + dz * dz;
			final double t = Math.max(0, Math.min(1, ((k[1] - from[1]) * dy + (k[2] - from[2]) * dz) / len2));
			final double ey = k[1] - (from[1] + t * dy), ez = k[2] - (from[2] + t * dz);
			return ey * ey + ez * ez <= 0.25 * THICKNESS_MM * THICKNESS_MM;
		}
	}
}
