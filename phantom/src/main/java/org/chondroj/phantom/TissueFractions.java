package org.chondroj.phantom;

import java.util.Arrays;

import org.chondroj.core.VoxelGeometry;

/**
 * What a rasterised {@link KneeAnatomy} holds in every voxel of a grid: the tissue at the voxel's centre, and, only
 * for the voxels that straddle a tissue boundary ("mixed" voxels), the fraction of the voxel taken by each tissue. Made
 * by {@link PhantomImages#rasterize}; immutable.
 * <p>
 * Memory: one byte per voxel, plus for each mixed voxel an int (its index) and an int (start of its entries), plus
 * per entry a byte (tissue) and a float (fraction) — a compact list instead of one float volume per tissue. In a pure
 * voxel the centre's tissue fills the voxel (fraction 1).
 */
public final class TissueFractions {

	private static final Tissue[] TISSUES = Tissue.values();

	private final int[] dims;
	private final VoxelGeometry geometry;
	final byte[] centre;
	/** Sorted linear indices of the mixed voxels. */
	final int[] mixedVoxel;
	/** Entries of mixed voxel m: [mixedStart[m], mixedStart[m + 1]). */
	final int[] mixedStart;
	final byte[] entryTissue;
	final float[] entryFraction;
	/** Mixed voxels of slice k: [sliceStart[k], sliceStart[k + 1]). */
	final int[] sliceStart;

	TissueFractions(final int[] dims, final VoxelGeometry geometry, final byte[] centre, final int[] mixedVoxel, final int[] mixedStart,
			final byte[] entryTissue, final float[] entryFraction, final int[] sliceStart) {
		this.dims = dims.clone();
		this.geometry = geometry;
		this.centre = centre;
		this.mixedVoxel = mixedVoxel;
		this.mixedStart = mixedStart;
		this.entryTissue = entryTissue;
		this.entryFraction = entryFraction;
		this.sliceStart = sliceStart;
	}

	/** Voxels per axis (a copy). */
	public int[] dimensions() {
		return dims.clone();
	}

	public VoxelGeometry geometry() {
		return geometry;
	}

	/** Number of voxels. */
	public int size() {
		return centre.length;
	}

	/** Linear index of voxel (x, y, z): {@code x + nx·(y + ny·z)}. */
	public int index(final int x, final int y, final int z) {
		return x + dims[0] * (y + dims[1] * z);
	}

	/** The tissue at the centre of voxel {@code index}. O(1). */
	public Tissue centreTissue(final int index) {
		return TISSUES[centre[index]];
	}

	/** Number of mixed voxels (those holding more than one tissue, or a tissue other than the centre's). */
	public int mixedCount() {
		return mixedVoxel.length;
	}

	/** True if voxel {@code index} is mixed. O(log m). */
	public boolean isMixed(final int index) {
		return find(index) >= 0;
	}

	/** Fraction (0…1) of voxel {@code index} taken by {@code tissue}. O(log m). */
	public double fraction(final int index, final Tissue tissue) {
		final int m = find(index);
		if (m < 0)
			return centre[index] == tissue.ordinal() ? 1 : 0;
		for (int e = mixedStart[m]; e < mixedStart[m + 1]; e++)
			if (entryTissue[e] == tissue.ordinal())
				return entryFraction[e];
		return 0;
	}

	/** Σ over voxels of the fraction of {@code tissue} × voxel volume, mm³. O(n). */
	public double volume(final Tissue tissue) {
		final int t = tissue.ordinal();
		long pure = 0;
		int m = 0;
		for (int i = 0; i < centre.length; i++) {
			if (m < mixedVoxel.length && mixedVoxel[m] == i) {
				m++;
				continue;
			}
			if (centre[i] == t)
				pure++;
		}
		double sum = pure;
		for (int e = 0; e < entryTissue.length; e++)
			if (entryTissue[e] == t)
				sum += entryFraction[e];
		return sum * geometry.voxelVolume();
	}

	private int find(final int index) {
		if (index < 0 || index >= centre.length)
			throw new IndexOutOfBoundsException("voxel " + index + " of " + centre.length);
		final int k = index / (dims[0] * dims[1]);
		final int m = Arrays.binarySearch(mixedVoxel, sliceStart[k], sliceStart[k + 1], index);
		return m >= 0 ? m : -1;
	}
}
