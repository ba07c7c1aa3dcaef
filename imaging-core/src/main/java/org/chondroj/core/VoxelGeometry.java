package org.chondroj.core;

import java.util.Arrays;

import org.joml.Matrix3d;
import org.joml.Matrix3dc;
import org.joml.Matrix4d;
import org.joml.Vector3d;

/**
 * Where the voxels of a 3-D volume lie in the patient: spacing, origin and direction, in DICOM patient
 * coordinates (LPS: +x towards the patient's left, +y posterior, +z superior), millimetres.
 * <p>
 * Voxel index {@code (i, j, k)} (voxel centres at integer indices) maps to
 * {@code origin + D · diag(spacing) · (i, j, k)}, where the columns of the direction matrix {@code D} are the
 * unit vectors of the voxel axes. {@link #indexToPatient} and {@link #patientToIndex} are the two directions of
 * that mapping; everything else in ChondroJ that converts between voxels and millimetres goes through them.
 * <p>
 * Immutable. The direction matrix must be orthonormal to within {@value #ORTHONORMAL_TOLERANCE} (rotations
 * and reflections are allowed, shear is not).
 */
public final class VoxelGeometry {

	/** Largest deviation from orthonormality tolerated in a direction matrix (rounding in file headers). */
	public static final double ORTHONORMAL_TOLERANCE = 1e-3;

	private final double[] spacing;
	private final double[] origin;
	private final Matrix3d direction;
	/** index → patient: D · diag(spacing). */
	private final Matrix3d indexToPatient;
	/** patient → index: its inverse. */
	private final Matrix3d patientToIndex;

	private VoxelGeometry(final double[] spacing, final double[] origin, final Matrix3dc direction) {
		if (spacing.length != 3 || origin.length != 3)
			throw new IllegalArgumentException("spacing and origin need 3 values, got " + spacing.length + " and " + origin.length);
		for (final double s : spacing)
			if (!(s > 0) || !Double.isFinite(s))
				throw new IllegalArgumentException("voxel spacing must be positive and finite: " + Arrays.toString(spacing));
		for (final double o : origin)
			if (!Double.isFinite(o))
				throw new IllegalArgumentException("origin must be finite: " + Arrays.toString(origin));
		checkOrthonormal(direction);
		this.spacing = spacing.clone();
		this.origin = origin.clone();
		this.direction = new Matrix3d(direction);
		this.indexToPatient = new Matrix3d(direction).scale(spacing[0], spacing[1], spacing[2]);
		this.patientToIndex = new Matrix3d(indexToPatient).invert();
	}

	/**
	 * @param spacing voxel size along each voxel axis, mm (3 positive values)
	 * @param origin patient position (LPS, mm) of the centre of voxel (0, 0, 0)
	 * @param direction columns = unit vectors of the voxel axes in LPS; copied
	 */
	public static VoxelGeometry of(final double[] spacing, final double[] origin, final Matrix3dc direction) {
		return new VoxelGeometry(spacing, origin, direction);
	}

	/** Axis-aligned geometry (identity direction) with the given spacing and origin. */
	public static VoxelGeometry axisAligned(final double[] spacing, final double[] origin) {
		return new VoxelGeometry(spacing, origin, new Matrix3d());
	}

	/** Axis-aligned geometry with the given spacing and the origin at (0, 0, 0). */
	public static VoxelGeometry axisAligned(final double... spacing) {
		return new VoxelGeometry(spacing, new double[3], new Matrix3d());
	}

	/** Voxel size along axis {@code d} (0, 1, 2), mm. */
	public double spacing(final int d) {
		return spacing[d];
	}

	/** A copy of the three voxel sizes, mm. */
	public double[] spacing() {
		return spacing.clone();
	}

	/** A copy of the patient position of voxel (0, 0, 0), mm. */
	public double[] origin() {
		return origin.clone();
	}

	/** The direction matrix (columns = voxel axes in LPS); a read-only view. */
	public Matrix3dc direction() {
		return direction;
	}

	/** Volume of one voxel, mm³. */
	public double voxelVolume() {
		return spacing[0] * spacing[1] * spacing[2];
	}

	/** The 4×4 affine matrix mapping voxel indices to LPS millimetres (a new matrix). */
	public Matrix4d indexToPatientAffine() {
		return new Matrix4d(indexToPatient).setTranslation(origin[0], origin[1], origin[2]);
	}

	/** Builds a geometry from an index → LPS affine (spacing = column norms); fails on shear. */
	public static VoxelGeometry fromAffine(final Matrix4d affine) {
		final Vector3d c = new Vector3d();
		final double[] spacing = new double[3];
		final Matrix3d direction = new Matrix3d();
		for (int d = 0; d < 3; d++) {
			affine.getColumn(d, c);
			spacing[d] = c.length();
			if (!(spacing[d] > 0))
				throw new IllegalArgumentException("affine has a zero-length column " + d + ": " + affine);
			direction.setColumn(d, c.div(spacing[d]));
		}
		return new VoxelGeometry(spacing, new double[] { affine.m30(), affine.m31(), affine.m32() }, direction);
	}

	/** Patient position (LPS, mm) of the (possibly fractional) voxel index (i, j, k); written into {@code dest}. */
	public Vector3d indexToPatient(final double i, final double j, final double k, final Vector3d dest) {
		indexToPatient.transform(i, j, k, dest);
		return dest.add(origin[0], origin[1], origin[2]);
	}

	/** Continuous voxel index of the patient position (x, y, z) (LPS, mm); written into {@code dest}. */
	public Vector3d patientToIndex(final double x, final double y, final double z, final Vector3d dest) {
		return patientToIndex.transform(x - origin[0], y - origin[1], z - origin[2], dest);
	}

	/** The 3×3 linear part of index → patient, D·diag(spacing) (a new matrix). */
	public Matrix3d indexToPatientLinear() {
		return new Matrix3d(indexToPatient);
	}

	/** The same geometry with another origin. */
	public VoxelGeometry withOrigin(final double[] newOrigin) {
		return new VoxelGeometry(spacing, newOrigin, direction);
	}

	/** True if both geometries agree to within {@code tolerance} (mm for spacing/origin, unitless for direction). */
	public boolean approximatelyEquals(final VoxelGeometry other, final double tolerance) {
		for (int d = 0; d < 3; d++)
			if (Math.abs(spacing[d] - other.spacing[d]) > tolerance || Math.abs(origin[d] - other.origin[d]) > tolerance)
				return false;
		return direction.equals(other.direction, tolerance);
	}

	private static void checkOrthonormal(final Matrix3dc m) {
		final Matrix3d product = new Matrix3d(m).transpose().mul(m);
		final Matrix3d identity = new Matrix3d();
		if (!product.equals(identity, ORTHONORMAL_TOLERANCE) || !Double.isFinite(m.determinant()))
			throw new IllegalArgumentException("direction matrix is not orthonormal (sheared or scaled axes): " + m);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof VoxelGeometry))
			return false;
		final VoxelGeometry g = (VoxelGeometry) o;
		return Arrays.equals(spacing, g.spacing) && Arrays.equals(origin, g.origin) && direction.equals(g.direction);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Arrays.hashCode(spacing) + Arrays.hashCode(origin)) + direction.hashCode();
	}

	@Override
	public String toString() {
		return "VoxelGeometry[spacing=" + Arrays.toString(spacing) + " mm, origin=" + Arrays.toString(origin)
				+ " mm (LPS), direction columns=" + column(0) + " " + column(1) + " " + column(2) + "]";
	}

	private String column(final int d) {
		final Vector3d c = direction.getColumn(d, new Vector3d());
		return String.format(java.util.Locale.ROOT, "(%.4f, %.4f, %.4f)", c.x, c.y, c.z);
	}
}
