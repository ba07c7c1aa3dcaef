package org.chondroj.phantom;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.AtomicFiles;
import org.joml.Vector3d;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A quick look at a knee image: a sagittal and a coronal plane side by side, in grey, with the outlines of a label map
 * in colour if one is given. Headless ({@code javax.imageio}).
 * <p>
 * The sagittal plane is x = const and the coronal plane y = const in patient coordinates (mm), whatever the volume's
 * orientation: by default both through the centre of the volume's bounding box, or at the given x and y (for the
 * phantom, through the medial condyle's centre and the condyles' posterior part: the classic views). They are
 * resampled (trilinear; labels nearest-neighbour) to square pixels of the smallest voxel
 * spacing. Display conventions: sagittal with anterior on the left and superior at the top; coronal as a radiologist
 * sees it, the patient's right on the left. Grey levels run linearly from 0 to the 99.5th percentile of the two planes.
 * Cost: O(pixels of the two planes), a few megabytes.
 */
public final class PreviewPng {

	/** Outline colours (RGB) of labels 1…9: femur, femoral cartilage, tibia, tibial cartilage, patella, patellar cartilage, lesions. */
	private static final int[] COLOURS = { 0, 0xE6C229, 0x1B9AF7, 0xF17105, 0x23CE6B, 0xA846A0, 0x00E5E5, 0xFF2E2E, 0xFF2E2E, 0xFF2E2E };
	private static final int GAP = 8;

	private PreviewPng() {
	}

	/** The preview through the volume's centre as an RGB image; {@code labels} may be {@code null} (no outlines). */
	public static BufferedImage render(final Volume<?> image, final Volume<UnsignedByteType> labels) {
		return render(image, labels, Double.NaN, Double.NaN);
	}

	/**
	 * The preview as an RGB image; {@code labels} may be {@code null} (no outlines).
	 *
	 * @param sagittalX the patient x (mm) of the sagittal plane, NaN for the volume's centre
	 * @param coronalY  the patient y (mm) of the coronal plane, NaN for the volume's centre
	 */
	public static BufferedImage render(final Volume<?> image, final Volume<UnsignedByteType> labels, final double sagittalX,
			final double coronalY) {
		final VoxelGeometry g = image.geometry();
		final double[] min = new double[3], max = new double[3];
		Arrays.fill(min, Double.POSITIVE_INFINITY);
		Arrays.fill(max, Double.NEGATIVE_INFINITY);
		final Vector3d p = new Vector3d();
		for (int c = 0; c < 8; c++) {
			g.indexToPatient((c & 1) * (image.dimension(0) - 1), ((c >> 1) & 1) * (image.dimension(1) - 1), ((c >> 2) & 1) * (image.dimension(2) - 1), p);
			for (int d = 0; d < 3; d++) {
				min[d] = Math.min(min[d], p.get(d));
				max[d] = Math.max(max[d], p.get(d));
			}
		}
		final double ps = Math.min(g.spacing(0), Math.min(g.spacing(1), g.spacing(2)));
		final int w1 = (int) Math.floor((max[1] - min[1]) / ps) + 1, w2 = (int) Math.floor((max[0] - min[0]) / ps) + 1;
		final int h = (int) Math.floor((max[2] - min[2]) / ps) + 1;
		final double cx = Double.isNaN(sagittalX) ? 0.5 * (min[0] + max[0]) : sagittalX;
		final double cy = Double.isNaN(coronalY) ? 0.5 * (min[1] + max[1]) : coronalY;
		final float[] values = Volumes.floatValues(image);
		final byte[] labelData = labels == null ? null : Volumes.byteData(labels);
		final float[] grey = new float[(w1 + w2) * h];
		final int[] label = new int[(w1 + w2) * h];
		final Vector3d q = new Vector3d();
		for (int v = 0; v < h; v++)
			for (int u = 0; u < w1 + w2; u++) {
				final double x = u < w1 ? cx : min[0] + (u - w1) * ps, y = u < w1 ? min[1] + u * ps : cy, z = max[2] - v * ps;
				g.patientToIndex(x, y, z, q);
				grey[u + v * (w1 + w2)] = trilinear(values, image.dimensions(), q);
				if (labelData != null) {
					labels.geometry().patientToIndex(x, y, z, q);
					label[u + v * (w1 + w2)] = nearest(labelData, labels.dimensions(), q);
				}
			}
		final float[] sorted = grey.clone();
		Arrays.sort(sorted);
		final double white = Math.max(1e-9, sorted[(int) (0.995 * (sorted.length - 1))]);
		final int width = w1 + GAP + w2;
		final BufferedImage out = new BufferedImage(width, h, BufferedImage.TYPE_INT_RGB);
		for (int v = 0; v < h; v++)
			for (int u = 0; u < w1 + w2; u++) {
				final int i = u + v * (w1 + w2);
				final int x = u < w1 ? u : u + GAP;
				final int gv = (int) Math.round(Math.max(0, Math.min(255, 255 * grey[i] / white)));
				int rgb = gv << 16 | gv << 8 | gv;
				if (labelData != null) {
					final int a = label[i];
					final int right = u + 1 < w1 + w2 && u + 1 != w1 ? label[i + 1] : a, below = v + 1 < h ? label[i + w1 + w2] : a;
					final int edge = Math.max(a != right ? Math.max(a, right) : 0, a != below ? Math.max(a, below) : 0);
					if (edge > 0 && edge < COLOURS.length)
						rgb = COLOURS[edge];
				}
				out.setRGB(x, v, rgb);
			}
		return out;
	}

	/** Renders and writes the preview through the volume's centre as a PNG file, atomically. */
	public static void write(final Volume<?> image, final Volume<UnsignedByteType> labels, final Path png) throws IOException {
		write(image, labels, Double.NaN, Double.NaN, png);
	}

	/** Renders and writes the preview at the given planes (see {@link #render(Volume, Volume, double, double)}), atomically. */
	public static void write(final Volume<?> image, final Volume<UnsignedByteType> labels, final double sagittalX, final double coronalY,
			final Path png) throws IOException {
		final BufferedImage img = render(image, labels, sagittalX, coronalY);
		AtomicFiles.write(png, out -> {
			if (!ImageIO.write(img, "png", out))
				throw new IOException(png + ": no PNG writer in this Java runtime");
		});
	}

	private static float trilinear(final float[] v, final int[] d, final Vector3d q) {
		final double fx = Math.floor(q.x), fy = Math.floor(q.y), fz = Math.floor(q.z);
		final int x0 = (int) fx, y0 = (int) fy, z0 = (int) fz;
		final double ax = q.x - fx, ay = q.y - fy, az = q.z - fz;
		double sum = 0;
		for (int c = 0; c < 8; c++) {
			final int x = x0 + (c & 1), y = y0 + ((c >> 1) & 1), z = z0 + ((c >> 2) & 1);
			final double w = ((c & 1) != 0 ? ax : 1 - ax) * (((c >> 1) & 1) != 0 ? ay : 1 - ay) * (((c >> 2) & 1) != 0 ? az : 1 - az);
			if (w == 0)
				continue;
			if (x < 0 || y < 0 || z < 0 || x >= d[0] || y >= d[1] || z >= d[2])
				continue;
			sum += w * v[x + d[0] * (y + d[1] * z)];
		}
		return (float) sum;
	}

	private static int nearest(final byte[] l, final int[] d, final Vector3d q) {
		final long x = Math.round(q.x), y = Math.round(q.y), z = Math.round(q.z);
		if (x < 0 || y < 0 || z < 0 || x >= d[0] || y >= d[1] || z >= d[2])
			return 0;
		return l[(int) (x + d[0] * (y + d[1] * z))] & 0xFF;
	}
}
