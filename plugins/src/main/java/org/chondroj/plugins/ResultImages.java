package org.chondroj.plugins;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.report.ColourScale;
import org.chondroj.report.Overlays;
import org.chondroj.report.ScanOutputs;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.LUT;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * ChondroJ's result images as ImageJ images: label maps (a coloured label stack, or an overlay on the image they were
 * made from), the thickness maps and change maps (RGB, drawn by the library with their colour bar in mm and a 10 mm
 * scale bar), and the thickness on the image grid (32-bit, mm, with a LUT of the maps' colour scale).
 */
public final class ResultImages {

	/** Opacity of label overlays. */
	public static final double OVERLAY_OPACITY = 0.45;
	/** Pixel size of the library's surface maps ({@link ScanOutputs#map}), mm. */
	public static final double MAP_PIXEL_MM = 0.25;

	private ResultImages() {
	}

	/** The LUT of ChondroJ's label colours ({@link Overlays#colour}): 0 black, 1–9 the structures, grey beyond. */
	public static LUT labelLut() {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			final int c = Overlays.colour(i);
			r[i] = (byte) (c >> 16);
			g[i] = (byte) (c >> 8);
			b[i] = (byte) c;
		}
		return new LUT(r, g, b);
	}

	/** A coloured label stack of {@code labels}, calibrated as the image it was made on, display range 0–255. */
	public static ImagePlus labelStack(final Volume<UnsignedByteType> labels, final String title) {
		final ImagePlus imp = ImagePlusVolumes.toImagePlus(labels, title);
		imp.setLut(labelLut());
		imp.setDisplayRange(0, 255);
		return imp;
	}

	/**
	 * An overlay of {@code labels} on an image of the same grid: on each slice holding labels, the labels in their
	 * colours, background transparent, at {@value #OVERLAY_OPACITY} opacity. Cost: one byte plane per labelled slice.
	 */
	public static Overlay overlay(final Volume<UnsignedByteType> labels) {
		final int nx = labels.dimension(0), ny = labels.dimension(1), nz = labels.dimension(2), slice = nx * ny;
		final byte[] all = Volumes.byteData(labels);
		final IndexColorModel cm = labelLut().getColorModel();
		final Overlay o = new Overlay();
		for (int z = 0; z < nz; z++) {
			boolean any = false;
			for (int i = z * slice; i < (z + 1) * slice && !any; i++)
				any = all[i] != 0;
			if (!any)
				continue;
			final byte[] plane = new byte[slice];
			System.arraycopy(all, z * slice, plane, 0, slice);
			final ByteProcessor bp = new ByteProcessor(nx, ny, plane, cm);
			final ImageRoi roi = new ImageRoi(0, 0, bp);
			roi.setZeroTransparent(true);
			roi.setOpacity(OVERLAY_OPACITY);
			roi.setPosition(z + 1);
			roi.setName("labels " + (z + 1));
			o.add(roi);
		}
		return o;
	}

	/**
	 * The thickness maps of an analysis ({@link ScanOutputs#maps}: femur unrolled, tibia from above, patella from
	 * behind; 0–{@value ScanOutputs#MAX_THICKNESS_MM} mm colour bar), titled by their file stem, calibrated at
	 * {@value #MAP_PIXEL_MM} mm per pixel.
	 */
	public static List<ImagePlus> thicknessMaps(final KneeMeasurement.Result result) {
		return rgb(ScanOutputs.maps(result));
	}

	/** RGB images of rendered maps (title → image), calibrated at {@value #MAP_PIXEL_MM} mm per pixel. */
	public static List<ImagePlus> rgb(final Map<String, BufferedImage> maps) {
		final List<ImagePlus> out = new ArrayList<>();
		for (final Map.Entry<String, BufferedImage> e : maps.entrySet()) {
			final BufferedImage src = e.getValue();
			final int w = src.getWidth(), h = src.getHeight();
			final int[] pixels = src.getRGB(0, 0, w, h, null, 0, w);
			final ImagePlus imp = new ImagePlus(e.getKey(), new ColorProcessor(w, h, pixels));
			imp.getCalibration().setUnit("mm");
			imp.getCalibration().pixelWidth = MAP_PIXEL_MM;
			imp.getCalibration().pixelHeight = MAP_PIXEL_MM;
			out.add(imp);
		}
		return out;
	}

	/**
	 * The cartilage thickness on the label map's grid ({@link ScanOutputs#thicknessVolume}: each cartilage voxel holds
	 * the thickness at its nearest bone-surface point, mm; 0 elsewhere), 32-bit, value unit mm, with the maps' colour
	 * scale as LUT over 0–{@value ScanOutputs#MAX_THICKNESS_MM} mm (0 black): Analyze &gt; Tools &gt; Calibration Bar
	 * draws its bar.
	 */
	public static ImagePlus thicknessVolume(final KneeMeasurement.Result result, final String title) {
		final Volume<UnsignedByteType> grid = result.labels().volume();
		final ImagePlus imp = ImagePlusVolumes.toImagePlus(ScanOutputs.thicknessVolume(result, grid.geometry(), grid.dimensions()), title);
		imp.getCalibration().setValueUnit("mm");
		final ColourScale scale = ColourScale.sequential(0, ScanOutputs.MAX_THICKNESS_MM, "mm");
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			final int c = scale.rgb(i * ScanOutputs.MAX_THICKNESS_MM / 255);
			r[i] = (byte) (c >> 16);
			g[i] = (byte) (c >> 8);
			b[i] = (byte) c;
		}
		imp.setLut(new LUT(r, g, b));
		imp.setDisplayRange(0, ScanOutputs.MAX_THICKNESS_MM);
		return imp;
	}
}
