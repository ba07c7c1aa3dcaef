package org.chondroj.core;

import org.joml.Matrix4d;

/**
 * The one place where ChondroJ converts between its patient coordinates (DICOM LPS) and the RAS coordinates of
 * NIfTI, 3D Slicer and nibabel. The two differ by the sign of x and y, so the conversion is its own inverse.
 */
public final class PatientCoordinates {

	private PatientCoordinates() {
	}

	/**
	 * Converts a voxel-to-world affine between LPS and RAS (either direction): negates the x and y rows, i.e.
	 * {@code diag(-1, -1, 1, 1) · affine}. Returns a new matrix.
	 */
	public static Matrix4d flipLpsRas(final Matrix4d affine) {
		return new Matrix4d().scaling(-1, -1, 1).mul(affine);
	}

	/** Converts a point between LPS and RAS (either direction), in place: negates x and y. */
	public static double[] flipLpsRas(final double[] point) {
		point[0] = -point[0];
		point[1] = -point[1];
		return point;
	}
}
