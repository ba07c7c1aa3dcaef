package org.chondroj.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.compare.ChangeMaps;
import org.chondroj.knee.compare.ChangeMaps.BoneChange;

/**
 * The change maps of a comparison ({@link ChangeMaps}) as pictures: per bone a PNG in the projection of the follow-up's
 * thickness map ({@link ScanOutputs#map}), on a diverging colour scale of ±{@value #SCALE_MM} mm clamped at its ends:
 * red = thinning, white = no change, blue = thickening; where there is no value nothing is drawn.
 */
public final class ChangeMapImages {

	/** Half range of the diverging colour scale, mm (typical yearly changes are 0.1–0.3 mm; full-thickness loss saturates). */
	public static final double SCALE_MM = 0.5;

	private ChangeMapImages() {
	}

	/**
	 * The change maps as images, file stem → image: {@code change_femur}, {@code change_tibia}, {@code change_patella}
	 * (those measured in both scans), each in the projection of the follow-up's thickness map of that bone.
	 */
	public static Map<String, BufferedImage> images(final Map<KneeStructure, BoneChange> changes) {
		final Map<String, BufferedImage> out = new LinkedHashMap<>();
		for (final BoneChange c : changes.values())
			out.put(ChangeMaps.stem(c.bone()), image(c));
		return out;
	}

	/** One bone's change map, in the projection of the follow-up's thickness map of that bone. */
	private static BufferedImage image(final BoneChange c) {
		final double[] values = new double[c.change().length];
		for (int v = 0; v < values.length; v++)
			values[v] = c.change()[v];
		return ScanOutputs.map(c.followUp(), c.frame(), values, ColourScale.diverging(SCALE_MM, "mm"), "thickness change");
	}

	/**
	 * Writes the images ({@code change_<bone>.png}) and the meshes ({@code change_<bone>.vtk}) into {@code folder}; returns
	 * the images ({@link #images}), for a report that shows them.
	 */
	public static Map<String, BufferedImage> write(final Map<KneeStructure, BoneChange> changes, final Path folder) throws IOException {
		ChangeMaps.writeMeshes(changes, folder);
		final Map<String, BufferedImage> images = images(changes);
		for (final Map.Entry<String, BufferedImage> e : images.entrySet())
			SurfaceMaps.writePng(e.getValue(), folder.resolve(e.getKey() + ".png"));
		return images;
	}
}
