package org.chondroj.onnx;

import java.util.Arrays;
import java.util.Locale;

import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * The network's grid over an image: the image's voxel axes permuted and flipped so that the network's dimension d grows
 * towards the patient direction {@code axes[d]} of the model (the image axis whose direction is closest to it, with its
 * sign), and resampled to the model's spacing over the image's whole extent.
 * <p>
 * Along dimension d, image axis a of n voxels of s mm (extent n·s mm, voxel edges) gets m = max(1, round(n·s / t))
 * voxels for the model's spacing t, spread over the same extent, so the grid's actual spacing is n·s / m (within half a
 * voxel over the extent of t; the two grids' outer edges coincide, as with nnU-Net's resizing). When t equals s the grid
 * is the image's own voxels, permuted and flipped: no interpolation happens. The direction of the image (oblique
 * slices) is kept: only the order and sense of its axes change.
 * <p>
 * As a {@link VoxelGeometry} (x fastest) the grid's voxel axis k is the network's dimension 2 − k, so that a float
 * array over it in x-fastest order is the network's input in C order [p0][p1][p2].
 *
 * @param dims       the grid's size per network dimension 0, 1, 2 (m0, m1, m2)
 * @param imageAxis  for each network dimension, the image voxel axis it runs along
 * @param flipped    for each network dimension, whether it runs against that image axis
 * @param geometry   the grid as a volume geometry (voxel axis k = network dimension 2 − k)
 */
public record ModelGrid(int[] dims, int[] imageAxis, boolean[] flipped, VoxelGeometry geometry) {

	/** The network's grid over an image of size {@code imageDims} and geometry {@code image}. */
	public static ModelGrid of(final int[] imageDims, final VoxelGeometry image, final ModelSpec spec) {
		final Matrix3d dir = new Matrix3d(image.direction());
		final int[] axis = new int[3];
		final boolean[] flip = new boolean[3];
		// the assignment of image axes to network dimensions that best matches the model's directions (of the 6)
		double best = Double.NEGATIVE_INFINITY;
		final int[][] permutations = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
		final Vector3d c = new Vector3d();
		for (final int[] perm : permutations) {
			double score = 0;
			for (int d = 0; d < 3; d++) {
				dir.getColumn(perm[d], c);
				final double[] want = ModelSpec.patientDirection(spec.axes()[d]);
				score += Math.abs(c.x * want[0] + c.y * want[1] + c.z * want[2]);
			}
			if (score > best + 1e-9) {
				best = score;
				System.arraycopy(perm, 0, axis, 0, 3);
			}
		}
		final int[] m = new int[3];
		final double[] spacing = new double[3];
		final double[] start = new double[3]; // continuous image index of the grid's voxel 0, per image axis
		final Matrix3d gridDirection = new Matrix3d();
		for (int d = 0; d < 3; d++) {
			final int a = axis[d];
			dir.getColumn(a, c);
			final double[] want = ModelSpec.patientDirection(spec.axes()[d]);
			flip[d] = c.x * want[0] + c.y * want[1] + c.z * want[2] < 0;
			final int n = imageDims[a];
			final double extent = n * image.spacing(a);
			m[d] = Math.max(1, (int) Math.round(extent / spec.spacingMm()[d]));
			spacing[d] = extent / m[d];
			final double stepInImage = (double) n / m[d]; // image voxels per grid voxel
			start[a] = flip[d] ? n - 0.5 - 0.5 * stepInImage : -0.5 + 0.5 * stepInImage;
			final int k = 2 - d; // the grid's voxel axis
			gridDirection.setColumn(k, flip[d] ? c.negate(new Vector3d()) : new Vector3d(c));
		}
		final Vector3d origin = image.indexToPatient(start[0], start[1], start[2], new Vector3d());
		final VoxelGeometry g = VoxelGeometry.of(new double[] { spacing[2], spacing[1], spacing[0] }, new double[] { origin.x, origin.y, origin.z },
				gridDirection);
		return new ModelGrid(m, axis, flip, g);
	}

	/** The grid's size as volume dimensions (x fastest): {m2, m1, m0}. */
	public int[] volumeDims() {
		return new int[] { dims[2], dims[1], dims[0] };
	}

	/** Number of voxels. */
	public int size() {
		return dims[0] * dims[1] * dims[2];
	}

	@Override
	public String toString() {
		final StringBuilder s = new StringBuilder();
		for (int d = 0; d < 3; d++)
			s.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d along image axis %d%s", dims[d], imageAxis[d], flipped[d] ? " flipped" : ""));
		return s + String.format(Locale.ROOT, " (%.4f × %.4f × %.4f mm)", geometry.spacing(2), geometry.spacing(1), geometry.spacing(0));
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ModelGrid g && Arrays.equals(dims, g.dims) && Arrays.equals(imageAxis, g.imageAxis) && Arrays.equals(flipped, g.flipped)
				&& geometry.equals(g.geometry);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(dims) * 31 + geometry.hashCode();
	}
}
