package org.chondroj.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Resampling;
import org.joml.Matrix4d;

/**
 * The label map on the image's grid, made while the sliding window sweeps the network's grid along its dimension 0
 * ({@link SlidingWindow#sweep}): it keeps the finished rows of probabilities (the grid's slices across dimension 0)
 * only until every image voxel reading them is labelled.
 * <p>
 * Dimension 0 runs along one image axis (the grid only permutes and flips the image's axes), so the image's slices
 * across that axis each read a band of two (or, where the grids' spacings meet, one) of the grid's rows. As soon as
 * the rows of a slice's band are finished, its voxels get each class's probability by trilinear interpolation (the
 * arithmetic of {@link Resampling#linear}, the same image-to-grid map and the same snapping, clamping and zero outside
 * the grid, so the values are those the whole-grid path resamples, to the bit) and the label of the most probable
 * class (the lowest channel on a tie); then the rows no later slice reads are dropped. Slices are labelled in parallel,
 * split into lines.
 * <p>
 * Memory: the label map, plus the finished rows held (K floats per voxel of the grid's cross-section; at most the
 * rows a step of the window finishes plus the band of the slices still waiting, whatever the grid's extent along
 * dimension 0; {@link #largestRowsHeld}).
 */
final class LabelSweep implements SlidingWindow.Rows {

	private final int[] dims; // the image's
	private final double[] a; // image voxel index → continuous grid index (grid voxel axes 0, 1, 2), row-major 3 × 4
	private final int gx, gy, gz; // the grid's size along its voxel axes 0, 1, 2 (the network's dimensions 2, 1, 0)
	private final int axis; // the image axis the network's dimension 0 runs along
	private final int[] low, high; // per image slice across axis: the grid rows (along voxel axis 2) it reads
	private final int[] byHigh; // the slices in order of their last row
	private final boolean[] labelled;
	private int nextSlice; // in byHigh
	private final List<float[][]> held = new ArrayList<>(); // rows heldFrom, heldFrom + 1, …
	private int heldFrom, largestRowsHeld;
	private final int[] labelValues;
	private final byte[] labels;
	private final float[][] probabilities;

	/**
	 * @param grid          the network's grid over the image
	 * @param image         the image (its dimensions and geometry; its voxels are not read)
	 * @param labelValues   the label value of each class
	 * @param probabilities when not null, receives each class's probabilities on the image's grid (x fastest; tests)
	 */
	LabelSweep(final ModelGrid grid, final Volume<?> image, final int[] labelValues, final float[][] probabilities) {
		dims = image.dimensions();
		final VoxelGeometry source = grid.geometry(), target = image.geometry();
		final Matrix4d m = source.indexToPatientAffine().invertAffine().mul(target.indexToPatientAffine()); // as Resampling's
		a = new double[12];
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 4; c++)
				a[4 * r + c] = m.get(c, r);
		final int[] g = grid.volumeDims();
		gx = g[0];
		gy = g[1];
		gz = g[2];
		axis = grid.imageAxis()[0];
		final int slices = dims[axis];
		low = new int[slices];
		high = new int[slices];
		final int[] corner = new int[3];
		for (int t = 0; t < slices; t++) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (int k = 0; k < 4; k++) { // the slice's corners: the row coordinate is affine in the voxel index
				corner[axis] = t;
				corner[(axis + 1) % 3] = (k & 1) == 0 ? 0 : dims[(axis + 1) % 3] - 1;
				corner[(axis + 2) % 3] = (k & 2) == 0 ? 0 : dims[(axis + 2) % 3] - 1;
				final double ck = a[8] * corner[0] + a[9] * corner[1] + a[10] * corner[2] + a[11];
				min = Math.min(min, ck);
				max = Math.max(max, ck);
			}
			low[t] = lower(clamp(snap(min - 1e-9), gz), gz);
			high[t] = Math.min(gz - 1, lower(clamp(snap(max + 1e-9), gz), gz) + 1);
		}
		byHigh = java.util.stream.IntStream.range(0, slices).boxed().sorted((s, t) -> Integer.compare(high[s], high[t])).mapToInt(Integer::intValue)
				.toArray();
		labelled = new boolean[slices];
		this.labelValues = labelValues;
		labels = new byte[image.size()];
		this.probabilities = probabilities;
	}

	@Override
	public void accept(final int row, final float[][] p) {
		if (row != heldFrom + held.size())
			throw new IllegalStateException("row " + row + " arrived out of order (expected " + (heldFrom + held.size()) + ")");
		held.add(p);
		largestRowsHeld = Math.max(largestRowsHeld, held.size());
		final int first = nextSlice;
		while (nextSlice < byHigh.length && high[byHigh[nextSlice]] <= row)
			nextSlice++;
		final int[] ready = Arrays.copyOfRange(byHigh, first, nextSlice);
		final int u = axis == 0 ? 1 : 0, w = axis == 2 ? 1 : 2, lines = dims[w]; // lines along the faster of the other two axes
		Parallel.forEach(ready.length * lines, i -> label(ready[i / lines], u, w, i % lines));
		int keep = row + 1;
		for (final int t : ready)
			labelled[t] = true;
		for (int t = 0; t < low.length; t++)
			if (!labelled[t])
				keep = Math.min(keep, low[t]);
		while (heldFrom < keep && !held.isEmpty()) {
			held.remove(0);
			heldFrom++;
		}
	}

	/** The labels, once every row has been received. */
	byte[] labels() {
		for (int t = 0; t < labelled.length; t++)
			if (!labelled[t])
				throw new IllegalStateException("image slice " + t + " along axis " + axis + " was not labelled: rows up to " + high[t] + " missing");
		return labels;
	}

	/** The most rows of probabilities held at once. */
	int largestRowsHeld() {
		return largestRowsHeld;
	}

	/** Labels one line of an image slice: in slice {@code t} across {@link #axis}, the line at index {@code v} of axis {@code w}, along axis {@code u}. */
	private void label(final int t, final int u, final int w, final int v) {
		final int classes = labelValues.length;
		final int[] c = new int[3];
		c[axis] = t;
		c[w] = v;
		final int di = gx > 1 ? 1 : 0, dj = gy > 1 ? gx : 0, dk = gz > 1 ? 1 : 0;
		for (int x = 0; x < dims[u]; x++) {
			c[u] = x;
			final int index = c[0] + dims[0] * (c[1] + dims[1] * c[2]);
			double ci = a[0] * c[0] + a[1] * c[1] + a[2] * c[2] + a[3];
			double cj = a[4] * c[0] + a[5] * c[1] + a[6] * c[2] + a[7];
			double ck = a[8] * c[0] + a[9] * c[1] + a[10] * c[2] + a[11];
			if (outside(ci, gx) || outside(cj, gy) || outside(ck, gz)) { // every class 0: the first wins
				labels[index] = (byte) labelValues[0];
				continue;
			}
			ci = clamp(snap(ci), gx);
			cj = clamp(snap(cj), gy);
			ck = clamp(snap(ck), gz);
			final int i = lower(ci, gx), j = lower(cj, gy), k = lower(ck, gz);
			final double fi = ci - i, fj = cj - j, fk = ck - k;
			final float[][] r0 = held.get(k - heldFrom), r1 = held.get(k + dk - heldFrom);
			final int p = i + gx * j;
			float best = 0;
			int label = 0;
			for (int cl = 0; cl < classes; cl++) {
				final float[] v0 = r0[cl], v1 = r1[cl];
				final double c00 = v0[p] + fi * (v0[p + di] - v0[p]);
				final double c10 = v0[p + dj] + fi * (v0[p + dj + di] - v0[p + dj]);
				final double c01 = v1[p] + fi * (v1[p + di] - v1[p]);
				final double c11 = v1[p + dj] + fi * (v1[p + dj + di] - v1[p + dj]);
				final double c0 = c00 + fj * (c10 - c00), c1 = c01 + fj * (c11 - c01);
				final float prob = (float) (c0 + fk * (c1 - c0));
				if (probabilities != null)
					probabilities[cl][index] = prob;
				if (cl == 0 || prob > best) {
					best = prob;
					label = cl;
				}
			}
			labels[index] = (byte) labelValues[label];
		}
	}

	// Resampling's rules for a continuous index c on an axis of n voxels (Resampling.linear)

	private static boolean outside(final double c, final int n) {
		return !(c >= -0.5 - Resampling.SNAP && c <= n - 0.5 + Resampling.SNAP);
	}

	private static double snap(final double c) {
		final double r = Math.rint(c);
		return Math.abs(c - r) < Resampling.SNAP ? r : c;
	}

	private static double clamp(final double c, final int n) {
		return c < 0 ? 0 : c > n - 1 ? n - 1 : c;
	}

	private static int lower(final double c, final int n) {
		final int i = (int) c;
		return n > 1 && i > n - 2 ? n - 2 : i;
	}
}
