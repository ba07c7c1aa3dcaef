package org.chondroj.knee.anatomy;

import java.util.List;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.knee.KneeLabels;

/**
 * The knee's anatomical axes: three orthonormal unit vectors in patient coordinates (LPS), an origin and the side.
 * <ul>
 * <li>{@link #ml()} points <b>lateral</b> (for both sides), {@link #ap()} points <b>anterior</b>, {@link #pd()} points
 * <b>proximal</b>;</li>
 * <li>a right knee's frame (ml, ap, pd) is right-handed (ml × ap = pd), a left knee's is left-handed (ml × ap = −pd):
 * the left knee is the mirror image of the right, and the frame mirrors with it, so that "lateral" means the same
 * anatomical direction on both sides;</li>
 * <li>knee coordinates of a point p (mm) are (ml, ap, pd) = ((p − origin)·ml, (p − origin)·ap, (p − origin)·pd).</li>
 * </ul>
 * This is the phantom's knee frame K (u lateral, v anterior, w proximal) when estimated from the phantom's labels.
 * <p>
 * Estimated from a label map by {@link #estimate}; the method, each choice explained:
 * <ol>
 * <li><b>Tibial plates.</b> The two plates are the two label values of the tibial cartilage when the mapping splits it
 * (CLAIR: 4 and 5), otherwise its two largest 6-connected components. The components are accepted when the smaller
 * holds at least 15 % of the larger's voxels and their centroids lie apart by at least a quarter of the cartilage's
 * extent along its longest axis; otherwise (plates joined by a bridge, or one plate broken) the cartilage is split in
 * two by 1-D 2-means along its longest principal axis (which is medial–lateral: two plates side by side).</li>
 * <li><b>PD</b>, the plateau normal: the normal of the least-squares plane through the tibial cartilage (both plates),
 * i.e. the eigenvector of the smallest eigenvalue of the scatter matrix of the voxel positions (mm), oriented towards
 * the femur's centroid; then turned about the anterior–posterior direction (by the smallest angle) to be perpendicular
 * to the <b>joint line</b>, the line between the two plates' articular centres (the top of each plate's cartilage above
 * its centroid: the mean of the highest voxel centre of the voxel columns within 2 mm). The plane alone tilts in the
 * coronal plane wherever the plates' centroids lie at different heights relative to their articular surfaces, as
 * they do between a concave medial plate (the cartilage rising at its rim) and a convex lateral plate, or plates of
 * different thickness: on the phantom by 2.8° (its K frame has w perpendicular to the line through the two contact
 * points); the turn removes that (0.1–0.2° left) and changes the plane's sagittal tilt (the posterior slope) not at all.
 * On the 12 OAI-AKOA maps the turn is 0.05–4.1° (median 2.1°), on the CLAIR template 0.5°.</li>
 * <li><b>The medial–lateral line</b>: the vector between the two plates' centroids, made perpendicular to PD.</li>
 * <li><b>Anterior</b> is perpendicular to both. Its sign: towards the patella's centroid when the map has a patella
 * (the patella lies in front of the knee); otherwise the patient axes' anterior, −y in LPS (patient coordinates are
 * tied to the patient, so anterior is −y whatever the patient's position in the scanner, give or take the knee's
 * rotation of some tens of degrees). When both are available and disagree, the patella wins and
 * {@link #method()} says so.</li>
 * <li><b>Side</b>: see {@link SideEvidence} (user override, then metadata, then the anatomy of the plates).</li>
 * <li><b>Lateral</b>: with the side known, lateral = anterior × proximal for a right knee and proximal × anterior for a
 * left knee (the handedness above); the lateral plate is the one further that way, and ML is the medial–lateral line
 * oriented from the medial to the lateral plate. In the usual orientation (anterior −y, proximal +z) that is the
 * plate towards the patient's right (LPS −x) for a right knee and towards the left (+x) for a left knee.</li>
 * <li><b>Origin</b>: the midpoint of the two plates' centroids.</li>
 * </ol>
 * Cost: one pass over the tibial cartilage's bounding box and a connected-component labelling of it (a few ms); the
 * centroids come from {@link KneeLabels}. Accuracy on the phantom (OAI grid, poses up to 25°): every axis within 0.25° of
 * the phantom's (PhantomFrameTest).
 * <p>
 * Immutable.
 */
public final class KneeFrame {

	private final double[] origin, ml, ap, pd;
	private final Laterality side;
	private final SideEvidence sideEvidence;
	private final TibialPlate medialPlate, lateralPlate;
	private final double plateGapMl, jointLineTurn;
	private final String method;

	KneeFrame(final double[] origin, final double[] ml, final double[] ap, final double[] pd, final Laterality side,
			final SideEvidence sideEvidence, final TibialPlate medialPlate, final TibialPlate lateralPlate, final double plateGapMl,
			final double jointLineTurn, final String method) {
		if (side != Laterality.LEFT && side != Laterality.RIGHT)
			throw new IllegalArgumentException("a knee frame is of a LEFT or a RIGHT knee, not " + side);
		this.origin = origin.clone();
		this.ml = ml.clone();
		this.ap = ap.clone();
		this.pd = pd.clone();
		checkOrthonormal(ml, ap, pd, side);
		this.side = side;
		this.sideEvidence = sideEvidence;
		this.medialPlate = medialPlate;
		this.lateralPlate = lateralPlate;
		this.plateGapMl = plateGapMl;
		this.jointLineTurn = jointLineTurn;
		this.method = method;
	}

	/**
	 * A frame given directly (e.g. the phantom's true frame), without plates: the tibial plate split is at
	 * {@code ml = 0}.
	 *
	 * @throws IllegalArgumentException if the axes are not orthonormal (to 1e-6) or their handedness does not match the side
	 */
	public static KneeFrame of(final double[] origin, final double[] ml, final double[] ap, final double[] pd, final Laterality side) {
		return new KneeFrame(origin, ml, ap, pd, side,
				new SideEvidence(side, SideEvidence.Source.USER, side, Laterality.UNKNOWN, Laterality.UNKNOWN, List.of()), null, null, 0, 0,
				"given");
	}

	/** The frame of a label map, the side from its metadata or else its anatomy (see the class description). */
	public static KneeFrame estimate(final KneeLabels labels) {
		return estimate(labels, Laterality.UNKNOWN);
	}

	/**
	 * The frame of a label map (see the class description).
	 *
	 * @param userSide the side the user gives ({@link Laterality#UNKNOWN}: none), which overrides metadata and anatomy
	 * @throws IllegalArgumentException if the map lacks the femur or the tibial cartilage, or the tibial cartilage cannot
	 *         be split into two plates
	 */
	public static KneeFrame estimate(final KneeLabels labels, final Laterality userSide) {
		return FrameEstimation.estimate(labels, userSide);
	}

	private static void checkOrthonormal(final double[] x, final double[] y, final double[] z, final Laterality side) {
		final double[][] a = { x, y, z };
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				if (Math.abs(dot(a[i], a[j]) - (i == j ? 1 : 0)) > 1e-6)
					throw new IllegalArgumentException("knee frame axes are not orthonormal");
		final double handedness = dot(cross(x, y), z);
		if (side == Laterality.RIGHT ? handedness < 0 : handedness > 0)
			throw new IllegalArgumentException("a " + side.name().toLowerCase(Locale.ROOT) + " knee's frame (ml, ap, pd) must be "
					+ (side == Laterality.RIGHT ? "right" : "left") + "-handed");
	}

	/** A copy of the origin, LPS mm. */
	public double[] origin() {
		return origin.clone();
	}

	/** Unit vector towards lateral, LPS (a copy). */
	public double[] ml() {
		return ml.clone();
	}

	/** Unit vector towards anterior, LPS (a copy). */
	public double[] ap() {
		return ap.clone();
	}

	/** Unit vector towards proximal, LPS (a copy). */
	public double[] pd() {
		return pd.clone();
	}

	public Laterality side() {
		return side;
	}

	public SideEvidence sideEvidence() {
		return sideEvidence;
	}

	/** The medial tibial cartilage plate, or {@code null} for a frame given with {@link #of}. */
	public TibialPlate medialPlate() {
		return medialPlate;
	}

	/** The lateral tibial cartilage plate, or {@code null} for a frame given with {@link #of}. */
	public TibialPlate lateralPlate() {
		return lateralPlate;
	}

	/**
	 * The ML knee coordinate (mm) halfway across the gap between the two tibial plates: the midpoint between the medial
	 * plate's lateral edge and the lateral plate's medial edge (98th and 2nd percentiles of their voxels' ML
	 * coordinates). Tibial bone points are medial or lateral by this split.
	 */
	public double plateGapMl() {
		return plateGapMl;
	}

	/** The angle (degrees) by which the least-squares plane's normal was turned to be perpendicular to the joint line. */
	public double jointLineTurnDegrees() {
		return jointLineTurn;
	}

	/**
	 * How the plates were found and how the anterior direction's sign was chosen (patella, patient axes, or both, and
	 * whether they agreed).
	 */
	public String method() {
		return method;
	}

	/** Knee coordinates (ml, ap, pd), mm, of the LPS point (x, y, z); written into {@code dest} (length ≥ 3), returned. */
	public double[] toKnee(final double x, final double y, final double z, final double[] dest) {
		final double dx = x - origin[0], dy = y - origin[1], dz = z - origin[2];
		dest[0] = dx * ml[0] + dy * ml[1] + dz * ml[2];
		dest[1] = dx * ap[0] + dy * ap[1] + dz * ap[2];
		dest[2] = dx * pd[0] + dy * pd[1] + dz * pd[2];
		return dest;
	}

	/** Knee coordinates of an LPS point (a new array). */
	public double[] toKnee(final double[] p) {
		return toKnee(p[0], p[1], p[2], new double[3]);
	}

	/** The LPS point (mm) of knee coordinates (ml, ap, pd) (a new array). */
	public double[] toPatient(final double[] k) {
		final double[] p = new double[3];
		for (int a = 0; a < 3; a++)
			p[a] = origin[a] + k[0] * ml[a] + k[1] * ap[a] + k[2] * pd[a];
		return p;
	}

	/** Angle (degrees) between the unit vector {@code a} and {@code b}. */
	public static double angleDegrees(final double[] a, final double[] b) {
		return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b))))));
	}

	static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	static double[] cross(final double[] a, final double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "KneeFrame[%s knee, origin (%.1f, %.1f, %.1f) mm, ML (%.3f, %.3f, %.3f), AP (%.3f, %.3f, %.3f), "
				+ "PD (%.3f, %.3f, %.3f) LPS]", side, origin[0], origin[1], origin[2], ml[0], ml[1], ml[2], ap[0], ap[1], ap[2], pd[0], pd[1],
				pd[2]);
	}
}
