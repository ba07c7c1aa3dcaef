package org.chondroj.bench;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Benchmark inputs of the size of an OAI DESS scan (160 sagittal slices of 384 × 384, 0.7 × 0.3646 × 0.3646 mm):
 * three bone-sized ellipsoids (femur, tibia, patella), 2 mm apart, and a 2 mm shell on each, about a fifth of
 * the voxels foreground. Deterministic. (The phantom module will replace this with a real knee once it exists.)
 */
public final class KneeSizedMasks {

	/** The OAI DESS grid: 160 × 384 × 384 voxels. */
	public static final int[] OAI_DIMS = { 160, 384, 384 };
	/** The OAI DESS voxel size, mm. */
	public static final double[] OAI_SPACING = { 0.7, 0.3646, 0.3646 };

	/** Ellipsoid centres and semi-axes in mm: femur, tibia, patella (x = medial–lateral, y = anterior–posterior, z = up). */
	private static final double[][] BONES = { //
			{ 56, 70, 100, 38, 30, 30 }, //
			{ 56, 72, 38, 36, 28, 26 }, //
			{ 56, 24, 100, 18, 8, 20 } };
	private static final double SHELL_MM = 2.0;

	private KneeSizedMasks() {
	}

	/** Bones and cartilage-like shells as one 0/1 mask (the shells touch their bone: 3 components). */
	public static Volume<UnsignedByteType> bonesAndShells() {
		return mask(true);
	}

	/** The shells alone (3 thin components, the shape a cartilage mask has). */
	public static Volume<UnsignedByteType> shells() {
		return mask(false);
	}

	private static Volume<UnsignedByteType> mask(final boolean withBones) {
		final int nx = OAI_DIMS[0], ny = OAI_DIMS[1], nz = OAI_DIMS[2];
		final byte[] m = new byte[nx * ny * nz];
		Parallel.forEach(nz, z -> {
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final double px = x * OAI_SPACING[0], py = y * OAI_SPACING[1], pz = z * OAI_SPACING[2];
					for (final double[] b : BONES) {
						final double r = Math.sqrt(sq((px - b[0]) / b[3]) + sq((py - b[1]) / b[4]) + sq((pz - b[2]) / b[5]));
						final double outer = 1 + SHELL_MM / Math.min(b[3], Math.min(b[4], b[5]));
						if ((withBones && r <= 1) || (r > 1 && r <= outer))
							m[x + nx * (y + ny * z)] = 1;
					}
				}
		});
		return Volumes.wrapUnsignedBytes(m, OAI_DIMS, VoxelGeometry.axisAligned(OAI_SPACING));
	}

	private static double sq(final double v) {
		return v * v;
	}
}
