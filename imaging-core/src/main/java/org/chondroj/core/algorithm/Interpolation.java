package org.chondroj.core.algorithm;

/** How a volume is sampled between its voxel centres (see {@link Resampling}). */
public enum Interpolation {

	/** The value of the nearest voxel, for label maps and masks: no new values are created. */
	NEAREST,

	/** Trilinear interpolation of the 8 surrounding voxels, for intensities; the result is a float volume. */
	LINEAR
}
