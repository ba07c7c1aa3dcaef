package org.chondroj.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

import org.chondroj.core.io.AtomicFiles;

/**
 * Maps of values on a surface (thickness on a plate's bone surface, change between visits): the triangles whose three
 * vertices carry a value are projected to 2-D ({@link Projection}), filled with the value interpolated across each
 * triangle, and drawn in a {@link ColourScale}, with a title, a colour bar with its unit and a 10 mm scale bar. Where
 * projected triangles overlap, the one nearest the viewer (largest depth) is drawn. Headless: no system font is needed
 * ({@link BitmapFont}). Cost: O(triangles + pixels).
 */
final class SurfaceMaps {

	private static final int BACKGROUND = 0xFFFFFF, INK = 0x202020, NO_DATA = 0x909090, MARGIN = 16, TEXT = 2;

	private SurfaceMaps() {
	}

	/**
	 * A projection of LPS points (mm) to map coordinates (s, t) in mm, s to the right and t upwards, with a depth
	 * (larger = nearer the viewer).
	 */
	public interface Projection {
		/** Writes s, t and depth of the LPS point (x, y, z) into {@code out}. */
		void project(double x, double y, double z, double[] out);

		/**
		 * A parallel projection onto the plane spanned by the unit vectors {@code right} and {@code up} (LPS), seen from
		 * the side {@code right × up} points to.
		 */
		static Projection planar(final double[] right, final double[] up) {
			final double[] n = { right[1] * up[2] - right[2] * up[1], right[2] * up[0] - right[0] * up[2], right[0] * up[1] - right[1] * up[0] };
			return (x, y, z, out) -> {
				out[0] = x * right[0] + y * right[1] + z * right[2];
				out[1] = x * up[0] + y * up[1] + z * up[2];
				out[2] = x * n[0] + y * n[1] + z * n[2];
			};
		}

		/**
		 * The surface unrolled about an axis (a femur about its medial–lateral axis): s = the position along
		 * {@code axis} (mm), t = the arc length at {@code radius} mm of the angle about the axis, measured from
		 * {@code zero} towards {@code axis × zero} (both unit, perpendicular); depth = the distance from the axis.
		 */
		static Projection cylindrical(final double[] centre, final double[] axis, final double[] zero, final double radius) {
			final double[] w = { axis[1] * zero[2] - axis[2] * zero[1], axis[2] * zero[0] - axis[0] * zero[2], axis[0] * zero[1] - axis[1] * zero[0] };
			return (x, y, z, out) -> {
				final double dx = x - centre[0], dy = y - centre[1], dz = z - centre[2];
				final double a = dx * axis[0] + dy * axis[1] + dz * axis[2];
				final double p = dx * zero[0] + dy * zero[1] + dz * zero[2], q = dx * w[0] + dy * w[1] + dz * w[2];
				out[0] = a;
				out[1] = Math.atan2(q, p) * radius;
				out[2] = Math.hypot(p, q);
			};
		}
	}

	/**
	 * Renders a map.
	 *
	 * @param xyz       vertex positions, LPS mm (x, y, z per vertex)
	 * @param triangles vertex indices, three per triangle
	 * @param value     per vertex; NaN where there is no value (such triangles are not drawn)
	 * @param pixelMm   map pixel size, mm (e.g. 0.25)
	 */
	public static BufferedImage render(final float[] xyz, final int[] triangles, final double[] value, final Projection projection,
			final ColourScale scale, final String title, final double pixelMm) {
		final int n = value.length;
		final double[] s = new double[n], t = new double[n], d = new double[n], tmp = new double[3];
		double sMin = Double.POSITIVE_INFINITY, sMax = Double.NEGATIVE_INFINITY, tMin = Double.POSITIVE_INFINITY, tMax = Double.NEGATIVE_INFINITY;
		for (int v = 0; v < n; v++) {
			projection.project(xyz[3 * v], xyz[3 * v + 1], xyz[3 * v + 2], tmp);
			s[v] = tmp[0];
			t[v] = tmp[1];
			d[v] = tmp[2];
			if (!Double.isNaN(value[v])) {
				sMin = Math.min(sMin, s[v]);
				sMax = Math.max(sMax, s[v]);
				tMin = Math.min(tMin, t[v]);
				tMax = Math.max(tMax, t[v]);
			}
		}
		final boolean empty = sMin > sMax;
		if (empty) { // nothing to draw: a small empty map that says so
			sMin = tMin = 0;
			sMax = tMax = 20;
		}
		final int mapW = (int) Math.ceil((sMax - sMin) / pixelMm) + 1, mapH = (int) Math.ceil((tMax - tMin) / pixelMm) + 1;
		final int barW = 16, labelW = BitmapFont.width(scale.label(scale.min()).length() > scale.label(scale.max()).length() ? scale.label(scale.min())
				: scale.label(scale.max()), TEXT) + 8;
		final int titleH = BitmapFont.height(TEXT) + 12;
		final int width = Math.max(MARGIN + mapW + MARGIN + barW + 6 + Math.max(labelW, BitmapFont.width(scale.unit(), TEXT)) + MARGIN,
				BitmapFont.width(title, TEXT) + 2 * MARGIN);
		final int scaleBarH = BitmapFont.height(TEXT) + 16;
		final int height = titleH + MARGIN + Math.max(mapH, 160) + scaleBarH + MARGIN;
		final int[] rgb = new int[width * height];
		Arrays.fill(rgb, BACKGROUND);
		final double[] depth = new double[mapW * mapH];
		Arrays.fill(depth, Double.NEGATIVE_INFINITY);
		final int x0 = MARGIN, y0 = titleH + MARGIN;
		// the map: triangles with values, scan-converted with barycentric interpolation
		for (int i = 0; i + 2 < triangles.length; i += 3) {
			final int a = triangles[i], b = triangles[i + 1], c = triangles[i + 2];
			if (Double.isNaN(value[a]) || Double.isNaN(value[b]) || Double.isNaN(value[c]))
				continue;
			final double ax = (s[a] - sMin) / pixelMm, ay = (tMax - t[a]) / pixelMm, bx = (s[b] - sMin) / pixelMm, by = (tMax - t[b]) / pixelMm,
					cx = (s[c] - sMin) / pixelMm, cy = (tMax - t[c]) / pixelMm;
			final double det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
			if (Math.abs(det) < 1e-12)
				continue;
			final int px0 = Math.max(0, (int) Math.floor(Math.min(ax, Math.min(bx, cx)))), px1 = Math.min(mapW - 1, (int) Math.ceil(Math.max(ax, Math.max(bx, cx))));
			final int py0 = Math.max(0, (int) Math.floor(Math.min(ay, Math.min(by, cy)))), py1 = Math.min(mapH - 1, (int) Math.ceil(Math.max(ay, Math.max(by, cy))));
			for (int py = py0; py <= py1; py++)
				for (int px = px0; px <= px1; px++) {
					final double l1 = ((by - cy) * (px - cx) + (cx - bx) * (py - cy)) / det;
					final double l2 = ((cy - ay) * (px - cx) + (ax - cx) * (py - cy)) / det;
					final double l3 = 1 - l1 - l2;
					if (l1 < -1e-9 || l2 < -1e-9 || l3 < -1e-9)
						continue;
					final double z = l1 * d[a] + l2 * d[b] + l3 * d[c];
					final int k = py * mapW + px;
					if (z <= depth[k])
						continue;
					depth[k] = z;
					rgb[(y0 + py) * width + x0 + px] = scale.rgb(l1 * value[a] + l2 * value[b] + l3 * value[c]);
				}
		}
		// title
		BitmapFont.draw(rgb, width, height, title, MARGIN, 8, TEXT, INK);
		// colour bar: top = max
		final int bx = x0 + mapW + MARGIN, barH = Math.max(mapH, 160);
		for (int y = 0; y < barH; y++) {
			final int c = scale.rgb(scale.max() - (scale.max() - scale.min()) * y / (barH - 1.0));
			for (int x = 0; x < barW; x++)
				rgb[(y0 + y) * width + bx + x] = c;
		}
		final int tx = bx + barW + 6, th = BitmapFont.height(TEXT);
		BitmapFont.draw(rgb, width, height, scale.label(scale.max()), tx, y0, TEXT, INK);
		BitmapFont.draw(rgb, width, height, scale.label((scale.max() + scale.min()) / 2), tx, y0 + (barH - th) / 2, TEXT, INK);
		BitmapFont.draw(rgb, width, height, scale.label(scale.min()), tx, y0 + barH - th, TEXT, INK);
		BitmapFont.draw(rgb, width, height, scale.unit(), tx, y0 + barH + 6, TEXT, INK);
		// scale bar: 10 mm
		final int len = (int) Math.round(10 / pixelMm), sy = y0 + barH + 8;
		for (int y = sy; y < sy + 4; y++)
			for (int x = x0; x < x0 + len && x < width; x++)
				rgb[y * width + x] = INK;
		BitmapFont.draw(rgb, width, height, "10 mm", x0, sy + 8, TEXT, INK);
		if (empty)
			BitmapFont.draw(rgb, width, height, "no data", x0 + 4, y0 + 4, TEXT, NO_DATA);
		final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, width, height, rgb, 0, width);
		return image;
	}

	/** Writes a rendered map as PNG, atomically. */
	public static void writePng(final BufferedImage image, final Path path) throws IOException {
		AtomicFiles.write(path, out -> {
			if (!ImageIO.write(image, "png", out))
				throw new IOException("no PNG writer in this Java runtime");
		});
	}
}
