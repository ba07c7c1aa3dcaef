package org.chondroj.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.mesh.PointIndex;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.anatomy.KneeFrame;
import org.chondroj.knee.cartilage.ThicknessMap;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ResultsFiles;

import net.imglib2.type.numeric.real.FloatType;
import org.joml.Vector3d;

/**
 * The output folder of one analysed scan ({@code chondroj analyze}):
 *
 * <pre>
 * results.json, measurements.csv     {@link ResultsFiles}
 * thickness_femur.png                the femoral plates' bone surface unrolled about the medial–lateral axis
 * thickness_tibia.png                the tibial plates seen from above (anterior up)
 * thickness_patella.png              the patellar plate seen from behind
 * thickness.nii.gz                   on the label map's grid: every cartilage voxel holds the thickness (mm) at its
 *                                    nearest bone-surface point, 0 elsewhere
 * report.html                        {@link HtmlReport}, with the maps (and the overlay)
 * labels.nii.gz                      when the knee was segmented here: the label map (ChondroJ's numbering)
 * overlay.png                        when segmented: {@link Overlays#sagittal}, the labels outlined on three slices
 * </pre>
 *
 * Thickness maps show the bone surface in tAB coloured by thickness (denuded bone 0), on a 0–4 mm scale. Each file is
 * written atomically.
 */
public final class ScanOutputs {

	/** File names of the segmentation's outputs. */
	public static final String LABELS = "labels.nii.gz", OVERLAY = "overlay.png";
	/** The thickness scale of the maps, mm. */
	public static final double MAX_THICKNESS_MM = 4;

	private ScanOutputs() {
	}

	/**
	 * The pictures of one scan as {@link #write} rendered them, for a report that shows them again (a comparison's).
	 *
	 * @param maps    the thickness maps, file stem → image ({@link #maps})
	 * @param overlay the segmentation overlay ({@link #overlay}), or null when the scan was not segmented here
	 */
	public record Images(Map<String, BufferedImage> maps, BufferedImage overlay) {
	}

	/**
	 * Writes every output of {@code result} into {@code folder} (created if needed); {@code labels} is the analysed label
	 * map. Returns the pictures it rendered.
	 */
	public static Images write(final KneeMeasurement.Result result, final Volume<?> labels, final Path folder) throws IOException {
		Files.createDirectories(folder);
		ResultsFiles.write(result.report(), folder);
		final Map<String, BufferedImage> maps = maps(result);
		for (final Map.Entry<String, BufferedImage> e : maps.entrySet())
			SurfaceMaps.writePng(e.getValue(), folder.resolve(e.getKey() + ".png"));
		VolumeFiles.write(thicknessVolume(result, labels.geometry(), new int[] { labels.dimension(0), labels.dimension(1), labels.dimension(2) }),
				folder.resolve("thickness.nii.gz"));
		final Map<String, BufferedImage> captions = new LinkedHashMap<>();
		for (final Map.Entry<String, BufferedImage> e : maps.entrySet())
			captions.put(e.getKey().replace('_', ' ') + " (mm)", e.getValue());
		final BufferedImage overlay = overlay(result);
		if (overlay != null) {
			VolumeFiles.write(result.segmentation().labels(), folder.resolve(LABELS));
			SurfaceMaps.writePng(overlay, folder.resolve(OVERLAY));
			captions.put(overlayCaption(result), overlay);
		}
		HtmlReport.write(result.report(), captions, folder.resolve("report.html"));
		return new Images(maps, overlay);
	}

	/** The overlay of a segmented scan ({@link Overlays#sagittal}: the labels and the rejected tissue outlined on three sagittal slices), or null. */
	public static BufferedImage overlay(final KneeMeasurement.Result result) {
		return result.segmentation() == null ? null
				: Overlays.sagittal(result.segmentation().image(), result.segmentation().labels(), result.segmentation().rejected());
	}

	/** The caption of {@link #overlay}. */
	public static String overlayCaption(final KneeMeasurement.Result result) {
		return "segmentation: labels outlined on three sagittal slices" + (result.segmentation().rejected() == null ? ""
				: "; " + Overlays.REJECTED_NAME + ": tissue the segmenter rejected (not on an articular surface, or in small pieces)");
	}

	/** The thickness maps: file stem → image. */
	public static Map<String, BufferedImage> maps(final KneeMeasurement.Result result) {
		final Map<String, BufferedImage> out = new LinkedHashMap<>();
		final KneeFrame f = result.anatomy().frame();
		final ColourScale scale = ColourScale.sequential(0, MAX_THICKNESS_MM, "mm");
		final KneeMeasurement.BoneSurface femur = result.surfaces().get(KneeStructure.FEMUR);
		if (femur != null)
			out.put("thickness_femur", map(femur, f, values(femur), scale, "thickness"));
		final KneeMeasurement.BoneSurface tibia = result.surfaces().get(KneeStructure.TIBIA);
		if (tibia != null)
			out.put("thickness_tibia", map(tibia, f, values(tibia), scale, "thickness"));
		final KneeMeasurement.BoneSurface patella = result.surfaces().get(KneeStructure.PATELLA);
		if (patella != null)
			out.put("thickness_patella", map(patella, f, values(patella), scale, "thickness"));
		return out;
	}

	/**
	 * A map of per-vertex values on one bone's surface, drawn as the thickness maps are: the femur unrolled about the
	 * medial–lateral axis through the centroid of its tAB (TrF at the top, the posterior condyles at the bottom), the
	 * tibia seen from above (anterior up, lateral right), the patella from behind (proximal up, lateral right).
	 *
	 * @param surface  the bone's surface (its mesh, and its tAB for the femur's unrolling centre)
	 * @param frame    the knee's frame
	 * @param values   one per bone vertex; NaN where there is nothing to draw
	 * @param quantity what the values are, for the title (e.g. "thickness")
	 */
	public static BufferedImage map(final KneeMeasurement.BoneSurface surface, final KneeFrame frame, final double[] values, final ColourScale scale,
			final String quantity) {
		final float[] xyz = surface.map().boneMesh().vertices();
		final int[] triangles = surface.map().boneMesh().triangles();
		switch (surface.bone()) {
		case FEMUR:
			final double[] distal = { -frame.pd()[0], -frame.pd()[1], -frame.pd()[2] };
			return SurfaceMaps.render(xyz, triangles, values, SurfaceMaps.Projection.cylindrical(centroid(surface), frame.ml(), distal, 20), scale,
					"Femur: " + quantity + ", unrolled (TrF top, pF bottom, lateral right)", 0.25);
		case TIBIA:
			return SurfaceMaps.render(xyz, triangles, values, SurfaceMaps.Projection.planar(frame.ml(), frame.ap()), scale,
					"Tibia: " + quantity + " from above (anterior up, lateral right)", 0.25);
		case PATELLA:
			return SurfaceMaps.render(xyz, triangles, values, SurfaceMaps.Projection.planar(frame.ml(), frame.pd()), scale,
					"Patella: " + quantity + " from behind (proximal up, lateral right)", 0.25);
		default:
			throw new IllegalArgumentException("no map of " + surface.bone());
		}
	}

	/** Thickness on tAB vertices (0 where denuded), NaN elsewhere. */
	private static double[] values(final KneeMeasurement.BoneSurface s) {
		final double[] v = new double[s.map().boneVertexCount()];
		for (int i = 0; i < v.length; i++)
			v[i] = s.totalArea()[i] ? (s.map().isCovered(i) ? s.map().thickness(i) : 0) : Double.NaN;
		return v;
	}

	/** The area-weighted centroid of the tAB vertices (the femur's unrolling centre: inside the condyles). */
	private static double[] centroid(final KneeMeasurement.BoneSurface s) {
		final float[] xyz = s.map().boneMesh().vertices();
		double w = 0, x = 0, y = 0, z = 0;
		for (int i = 0; i < s.totalArea().length; i++)
			if (s.totalArea()[i]) {
				final double a = s.map().boneArea(i);
				w += a;
				x += a * xyz[3 * i];
				y += a * xyz[3 * i + 1];
				z += a * xyz[3 * i + 2];
			}
		return w > 0 ? new double[] { x / w, y / w, z / w } : new double[3];
	}

	/**
	 * A float volume on the grid: each voxel of a measured bone's cartilage holds the thickness of the nearest covered
	 * bone-surface vertex of that bone (mm); 0 elsewhere. Cost: one nearest-vertex query per cartilage voxel.
	 */
	public static Volume<FloatType> thicknessVolume(final KneeMeasurement.Result result, final VoxelGeometry geometry, final int[] dims) {
		final Volume<FloatType> out = Volumes.floats(dims, geometry);
		final float[] o = Volumes.floatData(out);
		final byte[] labels = Volumes.byteData(result.labels().volume());
		for (final KneeMeasurement.BoneSurface s : result.surfaces().values()) {
			final ThicknessMap map = s.map();
			final boolean[] cartilage = new boolean[256];
			for (final int v : result.labels().mapping().values(s.bone().cartilage()))
				cartilage[v] = true;
			int covered = 0;
			for (int i = 0; i < map.boneVertexCount(); i++)
				if (map.isCovered(i))
					covered++;
			if (covered == 0)
				continue;
			final int[] ids = new int[covered];
			for (int i = 0, k = 0; i < map.boneVertexCount(); i++)
				if (map.isCovered(i))
					ids[k++] = i;
			final PointIndex index = PointIndex.of(map.boneMesh().vertices(), ids);
			final int nx = dims[0], ny = dims[1];
			Parallel.forEach(dims[2], z -> {
				final PointIndex.Search search = index.search();
				final Vector3d p = new Vector3d();
				for (int y = 0; y < ny; y++)
					for (int x = 0; x < nx; x++) {
						final int i = (z * ny + y) * nx + x;
						if (!cartilage[labels[i] & 0xFF])
							continue;
						geometry.indexToPatient(x, y, z, p);
						o[i] = (float) map.thickness(search.search(p.x, p.y, p.z));
					}
			});
		}
		return out;
	}
}
