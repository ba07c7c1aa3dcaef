package org.chondroj.phantom;

/**
 * A solid given by a signed distance: negative inside, positive outside, in millimetres of patient (LPS)
 * coordinates. The value must never exceed the true distance to the surface in magnitude (a 1-Lipschitz bound):
 * rasterisation relies on that to decide voxels far from the surface without sampling them.
 */
@FunctionalInterface
public interface ImplicitShape {

	/** Signed distance bound (mm) at the patient position (x, y, z) mm. */
	double signedDistance(double x, double y, double z);
}
