package org.chondroj.report;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.algorithm.Samples;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix3dc;

/**
 * Label overlays for a person to check a segmentation at a glance: sagittal slices of the image with every label's
 * outline drawn in its colour (ChondroJ's numbering: femur and its cartilage red/yellow, tibia and its cartilage
 * blue/cyan, patella and its cartilage magenta/green, lesions orange), superior up and anterior left, at
 * {@value #PIXELS_PER_MM} pixels per mm, grey levels windowed to the image's 0.5–99.5th percentiles (of a regular
 * subsample of about a million voxels). The slices cut
 * the femur at a quarter, half and three quarters of its medial–lateral extent; each tile has its directions at its
 * edges (S, I, A, P), and a legend of the colours runs below them. Tissue the segmenter rejected (e.g. as off-articular)
 * is shaded {@value #REJECTED_NAME}. Headless. Cost: O(pixels).
 */
public final class Overlays {

	public static final int PIXELS_PER_MM = 3;
	private static final int[] COLOURS = { 0, 0xE03030, 0xF0D020, 0x3060F0, 0x30D0F0, 0xD040D0, 0x40D040, 0xFF8000, 0xFF8000, 0xFF8000 };
	private static final int GAP = 8, TEXT = 2;
	/** The shade of rejected tissue (0xRRGGBB), blended half and half with the image, and its name in the legend. */
	static final int REJECTED = 0xFF40A0;
	static final String REJECTED_NAME = "pink";
	/** The legend: label value (0: rejected) and name. */
	private static final int[] LEGEND_LABELS = { 1, 2, 3, 4, 5, 6, 7, 0 };
	private static final String[] LEGEND_NAMES = { "FEMUR", "FEMORAL CARTILAGE", "TIBIA", "TIBIAL CARTILAGE", "PATELLA", "PATELLAR CARTILAGE",
			"LESION", "REJECTED" };
	/** Most voxels the grey window is taken from (every k-th voxel of larger images). */
	private static final int WINDOW_SAMPLES = 1 << 20;

	private Overlays() {
	}

	/**
	 * The colour (0xRRGGBB) of a label value of ChondroJ's numbering in overlays and label images: the same in every
	 * front end; grey for values beyond the numbering, 0 for background.
	 */
	public static int colour(final int label) {
		return label >= 0 && label < COLOURS.length ? COLOURS[label] : 0x909090;
	}

	/** The overlay of {@code labels} (same grid) on {@code image}: three sagittal slices side by side, each captioned. */
	public static BufferedImage sagittal(final Volume<?> image, final Volume<UnsignedByteType> labels) {
		return sagittal(image, labels, null);
	}

	/**
	 * As {@link #sagittal(Volume, Volume)}, with the non-zero voxels of {@code rejected} (same grid, or null) shaded
	 * {@value #REJECTED_NAME}.
	 */
	public static BufferedImage sagittal(final Volume<?> image, final Volume<UnsignedByteType> labels, final Volume<UnsignedByteType> rejected) {
		if (rejected != null && !image.sameGrid(rejected))
			throw new IllegalArgumentException("the rejected voxels' grid " + Arrays.toString(rejected.dimensions()) + " differs from the image's "
					+ Arrays.toString(image.dimensions()));
		if (!image.sameGrid(labels))
			throw new IllegalArgumentException("the labels' grid " + Arrays.toString(labels.dimensions()) + " differs from the image's "
					+ Arrays.toString(image.dimensions()));
		final int[] dims = image.dimensions();
		final Matrix3dc dir = image.geometry().direction();
		// the slice axis is the voxel axis closest to left–right; of the other two the one closest to superior–inferior is vertical
		final int slice = argmax(Math.abs(dir.m00()), Math.abs(dir.m10()), Math.abs(dir.m20()));
		final int a = slice == 0 ? 1 : 0, b = slice == 2 ? 1 : 2;
		final boolean aVertical = Math.abs(column(dir, a)[2]) >= Math.abs(column(dir, b)[2]);
		final int v = aVertical ? a : b, h = aVertical ? b : a;
		// superior (+z) up, anterior (−y) left
		final boolean towardsInferior = column(dir, v)[2] < 0, towardsPosterior = column(dir, h)[1] > 0;
		final float[] grey = Volumes.floatValues(image);
		final byte[] lab = Volumes.byteData(labels);
		final byte[] rej = rejected == null ? null : Volumes.byteData(rejected);
		// the window from a regular subsample of at most WINDOW_SAMPLES voxels (sorting them all took most of the time)
		final float[] sorted = Samples.sorted(grey, WINDOW_SAMPLES);
		final double lo = sorted[(int) (0.005 * (sorted.length - 1))], hi = Math.max(lo + 1e-6, sorted[(int) (0.995 * (sorted.length - 1))]);
		// the femur's extent along the slice axis
		int first = Integer.MAX_VALUE, last = -1;
		final int nx = dims[0], ny = dims[1];
		for (int i = 0; i < lab.length; i++)
			if (lab[i] == 1) {
				final int c = slice == 0 ? i % nx : slice == 1 ? (i / nx) % ny : i / (nx * ny);
				first = Math.min(first, c);
				last = Math.max(last, c);
			}
		if (last < 0) {
			first = 0;
			last = dims[slice] - 1;
		}
		final int[] at = { first + (last - first) / 4, (first + last) / 2, first + 3 * (last - first) / 4 };
		final double sh = image.geometry().spacing(h), sv = image.geometry().spacing(v);
		final int tw = (int) Math.round(dims[h] * sh * PIXELS_PER_MM), th = (int) Math.round(dims[v] * sv * PIXELS_PER_MM);
		final int caption = BitmapFont.height(TEXT) + 6;
		final int width = at.length * tw + (at.length + 1) * GAP;
		// the legend's items, wrapped into as many rows as the width needs: x, row of each
		final int box = BitmapFont.height(TEXT), lineHeight = box + GAP;
		final int[] itemX = new int[LEGEND_LABELS.length], itemRow = new int[LEGEND_LABELS.length];
		int lx = GAP, rows = 1;
		for (int k = 0; k < LEGEND_LABELS.length; k++) {
			final int w = box + 4 + BitmapFont.width(LEGEND_NAMES[k], TEXT);
			if (lx > GAP && lx + w > width - GAP) {
				lx = GAP;
				rows++;
			}
			itemX[k] = lx;
			itemRow[k] = rows - 1;
			lx += w + 2 * GAP;
		}
		final int legendTop = th + caption + 2 * GAP, height = legendTop + rows * lineHeight + GAP;
		final int[] rgb = new int[width * height];
		Arrays.fill(rgb, 0xFFFFFF);
		for (int t = 0; t < at.length; t++) {
			final int x0 = GAP + t * (tw + GAP), y0 = GAP + caption;
			final int[] tile = new int[tw * th];
			final int[] labelAt = new int[tw * th];
			final int[] idx = new int[3];
			idx[slice] = at[t];
			for (int py = 0; py < th; py++)
				for (int px = 0; px < tw; px++) {
					int iv = (int) (py / (sv * PIXELS_PER_MM)), ih = (int) (px / (sh * PIXELS_PER_MM));
					iv = Math.min(dims[v] - 1, iv);
					ih = Math.min(dims[h] - 1, ih);
					if (!towardsInferior)
						iv = dims[v] - 1 - iv;
					if (!towardsPosterior)
						ih = dims[h] - 1 - ih;
					idx[v] = iv;
					idx[h] = ih;
					final int i = (idx[2] * ny + idx[1]) * nx + idx[0];
					final int g = (int) Math.max(0, Math.min(255, Math.round(255 * (grey[i] - lo) / (hi - lo))));
					tile[py * tw + px] = rej != null && rej[i] != 0 ? half(g << 16 | g << 8 | g, REJECTED) : g << 16 | g << 8 | g;
					labelAt[py * tw + px] = lab[i] & 0xFF;
				}
			for (int py = 0; py < th; py++)
				for (int px = 0; px < tw; px++) {
					final int l = labelAt[py * tw + px];
					if (l == 0 || l >= COLOURS.length)
						continue;
					final boolean edge = px == 0 || py == 0 || px == tw - 1 || py == th - 1 || labelAt[py * tw + px - 1] != l
							|| labelAt[py * tw + px + 1] != l || labelAt[(py - 1) * tw + px] != l || labelAt[(py + 1) * tw + px] != l;
					if (edge)
						tile[py * tw + px] = COLOURS[l];
				}
			for (int py = 0; py < th; py++)
				System.arraycopy(tile, py * tw, rgb, (y0 + py) * width + x0, tw);
			final String text = String.format(Locale.ROOT, "SLICE %d OF %d", at[t] + 1, dims[slice]);
			BitmapFont.draw(rgb, width, height, text, x0, GAP, TEXT, 0x202020);
			// the directions at the tile's edges: superior up, anterior left
			final int lw = BitmapFont.width("S", TEXT), lh = BitmapFont.height(TEXT);
			direction(rgb, width, height, "S", x0 + (tw - lw) / 2, y0 + 3);
			direction(rgb, width, height, "I", x0 + (tw - lw) / 2, y0 + th - lh - 3);
			direction(rgb, width, height, "A", x0 + 3, y0 + (th - lh) / 2);
			direction(rgb, width, height, "P", x0 + tw - lw - 3, y0 + (th - lh) / 2);
		}
		// the legend
		for (int k = 0; k < LEGEND_LABELS.length; k++) {
			final int c = LEGEND_LABELS[k] == 0 ? REJECTED : COLOURS[LEGEND_LABELS[k]];
			final int ly = legendTop + itemRow[k] * lineHeight;
			for (int y = ly; y < ly + box; y++)
				for (int x = itemX[k]; x < itemX[k] + box && x < width; x++)
					rgb[y * width + x] = c;
			BitmapFont.draw(rgb, width, height, LEGEND_NAMES[k], itemX[k] + box + 4, ly, TEXT, 0x202020);
		}
		final BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		out.setRGB(0, 0, width, height, rgb, 0, width);
		return out;
	}

	/** A direction letter, white on a dark shadow so that it reads on any grey. */
	private static void direction(final int[] rgb, final int width, final int height, final String letter, final int x, final int y) {
		BitmapFont.draw(rgb, width, height, letter, x + 1, y + 1, TEXT, 0x000000);
		BitmapFont.draw(rgb, width, height, letter, x, y, TEXT, 0xFFFFFF);
	}

	/** The mean of two colours, channel by channel. */
	static int half(final int a, final int b) {
		return ((a >> 16 & 0xFF) + (b >> 16 & 0xFF)) / 2 << 16 | ((a >> 8 & 0xFF) + (b >> 8 & 0xFF)) / 2 << 8 | ((a & 0xFF) + (b & 0xFF)) / 2;
	}

	private static double[] column(final Matrix3dc m, final int c) {
		return c == 0 ? new double[] { m.m00(), m.m01(), m.m02() } : c == 1 ? new double[] { m.m10(), m.m11(), m.m12() }
				: new double[] { m.m20(), m.m21(), m.m22() };
	}

	private static int argmax(final double a, final double b, final double c) {
		return a >= b && a >= c ? 0 : b >= c ? 1 : 2;
	}
}
