package org.chondroj.phantom;

import org.chondroj.core.Laterality;

/**
 * A knee in patient space: what is where. The one thing the image generator needs from the anatomy model, so that
 * images and label maps are made from the same continuous model the truth is computed from.
 * <p>
 * Implementations are immutable and thread-safe (called from many threads, billions of times: no allocation per
 * call).
 */
public interface KneeAnatomy {

	/** The tissue at the patient position (x, y, z), LPS millimetres. */
	Tissue tissueAt(double x, double y, double z);

	/**
	 * A lower bound of the distance (mm) from (x, y, z) to the nearest boundary between two different tissues; 0 when
	 * no bound is known. Where it exceeds half a voxel's diagonal, the voxel holds one tissue only and need not be
	 * supersampled.
	 */
	double boundaryDistanceBound(double x, double y, double z);

	/** Which knee this is. */
	Laterality side();

	/**
	 * Axis-aligned box (LPS mm, {min x, min y, min z, max x, max y, max z}) outside which everything is
	 * {@link Tissue#AIR}; the default imaging grid is centred on it.
	 */
	double[] bounds();
}
