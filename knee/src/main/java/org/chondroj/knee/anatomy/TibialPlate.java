package org.chondroj.knee.anatomy;

/**
 * What the knee frame measured on one tibial cartilage plate (one connected component or one label value of the
 * tibial cartilage), in the plane of the tibial plateau.
 *
 * @param source          how the plate was found: {@code "label 4"}, {@code "component 1 of 3"} or {@code "k-means half"}
 * @param voxels          number of voxels
 * @param volumeMm3       cartilage volume, mm³ (voxels × voxel volume)
 * @param centroid        centroid of the voxel centres, LPS mm
 * @param areaMm2         area of the plate's projection onto the plateau plane, mm² (cells of max(1 mm, the largest
 *                        voxel spacing) holding at least one voxel centre: an over-estimate by about half a cell along
 *                        the rim, the same for both plates)
 * @param apMlRatio       anterior–posterior over medial–lateral extent of the plate in the plateau plane (extents
 *                        between the 2nd and 98th percentiles of the voxel positions, so that stray voxels do not
 *                        count)
 * @param meanThicknessMm volume / projected area, mm
 */
public record TibialPlate(String source, long voxels, double volumeMm3, double[] centroid, double areaMm2, double apMlRatio,
		double meanThicknessMm) {

	public TibialPlate {
		centroid = centroid.clone();
	}

	/** A copy of the centroid, LPS mm. */
	@Override
	public double[] centroid() {
		return centroid.clone();
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "%s: %d voxels, %.0f mm³, area %.0f mm², AP/ML %.2f, thickness %.2f mm", source, voxels,
				volumeMm3, areaMm2, apMlRatio, meanThicknessMm);
	}
}
