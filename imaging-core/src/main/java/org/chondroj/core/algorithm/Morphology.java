package org.chondroj.core.algorithm;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Binary morphology of 3-D masks with a ball whose radius is given in millimetres, computed through exact
 * distance transforms (so the cost, O(n), does not grow with the radius, and anisotropic voxels give a true
 * ball in millimetres, not an ellipsoid of voxels).
 * <p>
 * The ball is closed: it holds every voxel offset whose centre lies within {@code radius} mm of the centre
 * (with a relative tolerance of 1e-6 for rounding). As with {@link DistanceTransforms}, the outside of the grid
 * is neither foreground nor background: dilation does not grow from outside, erosion does not eat in from the
 * grid border (SciPy's {@code binary_erosion(..., border_value=1)}). Results are new volumes.
 */
public final class Morphology {

	private static final double ROUNDING = 1e-6;

	private Morphology() {
	}

	/** Voxels within {@code radiusMm} of a foreground voxel. One distance transform. */
	public static Volume<UnsignedByteType> dilate(final Volume<UnsignedByteType> mask, final double radiusMm) {
		return threshold(mask, DistanceTransforms.squaredDistance(mask, true), radiusMm, true);
	}

	/** Foreground voxels farther than {@code radiusMm} from every background voxel. One distance transform. */
	public static Volume<UnsignedByteType> erode(final Volume<UnsignedByteType> mask, final double radiusMm) {
		return threshold(mask, DistanceTransforms.squaredDistance(mask, false), radiusMm, false);
	}

	/** Erosion then dilation: removes parts thinner than the ball. Two distance transforms. */
	public static Volume<UnsignedByteType> open(final Volume<UnsignedByteType> mask, final double radiusMm) {
		return dilate(erode(mask, radiusMm), radiusMm);
	}

	/** Dilation then erosion: fills gaps and dents narrower than the ball. Two distance transforms. */
	public static Volume<UnsignedByteType> close(final Volume<UnsignedByteType> mask, final double radiusMm) {
		return erode(dilate(mask, radiusMm), radiusMm);
	}

	/**
	 * @param within true: result = squared distance ≤ r² (dilation); false: result = squared distance &gt; r²
	 *        (erosion, where the distance is to the background)
	 */
	private static Volume<UnsignedByteType> threshold(final Volume<UnsignedByteType> mask, final float[] squared, final double radiusMm,
			final boolean within) {
		if (!(radiusMm >= 0) || Double.isInfinite(radiusMm))
			throw new IllegalArgumentException("ball radius must be a finite number of millimetres >= 0, got " + radiusMm);
		final double r2 = radiusMm * radiusMm * (1 + ROUNDING);
		final byte[] out = new byte[squared.length];
		final int slice = mask.dimension(0) * mask.dimension(1);
		Parallel.forEach(mask.dimension(2), z -> {
			for (int i = z * slice, end = i + slice; i < end; i++)
				out[i] = (squared[i] <= r2) == within ? (byte) 1 : 0;
		});
		return Volumes.maskLike(mask, out);
	}
}
