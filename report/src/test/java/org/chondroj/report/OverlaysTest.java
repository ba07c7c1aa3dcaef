package org.chondroj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import net.imglib2.type.numeric.integer.UnsignedByteType;

import org.junit.jupiter.api.Test;

/**
 * The overlay on a grid whose every voxel is known: a uniform grey image, a femur block and a block of rejected tissue
 * in the middle slice. The rejected voxels are shaded half grey, half {@link Overlays#REJECTED}; the legend holds a
 * swatch of each colour; the directions are written on the tiles.
 */
class OverlaysTest {

	private static final int NX = 20, NY = 30, NZ = 40;

	private static Volume<UnsignedByteType> volume(final byte[] v) {
		return Volumes.wrapUnsignedBytes(v, new int[] { NX, NY, NZ }, VoxelGeometry.axisAligned(1, 1, 1));
	}

	private static byte[] block(final int value, final int y0, final int y1, final int z0, final int z1) {
		final byte[] v = new byte[NX * NY * NZ];
		for (int z = z0; z < z1; z++)
			for (int y = y0; y < y1; y++)
				for (int x = 0; x < NX; x++)
					v[(z * NY + y) * NX + x] = (byte) value;
		return v;
	}

	private static int count(final BufferedImage img, final int rgb) {
		int n = 0;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++)
				if ((img.getRGB(x, y) & 0xFFFFFF) == rgb)
					n++;
		return n;
	}

	@Test
	void rejectedShadedLegendAndDirections() {
		// grey 0 and 200 in a checkerboard of rows, so that the window maps them to 0 and 255
		final byte[] grey = new byte[NX * NY * NZ];
		for (int i = 0; i < grey.length; i++)
			grey[i] = (byte) ((i / NX) % 2 == 0 ? 0 : 200);
		final Volume<UnsignedByteType> image = volume(grey), labels = volume(block(1, 5, 15, 20, 35));
		final Volume<UnsignedByteType> rejected = volume(block(4, 18, 28, 5, 15)); // 10 × 10 mm of "tibial cartilage" rejected
		final BufferedImage with = Overlays.sagittal(image, labels, rejected), without = Overlays.sagittal(image, labels);
		final int onBlack = Overlays.half(0, Overlays.REJECTED), onWhite = Overlays.half(0xFFFFFF, Overlays.REJECTED);
		assertEquals(0, count(without, onBlack) + count(without, onWhite), "nothing shaded without rejected voxels");
		// the interior of the rejected block in each of the three tiles: 10 × 10 mm at 3 pixels per mm, on black and white rows
		final int shaded = count(with, onBlack) + count(with, onWhite);
		assertTrue(shaded >= 3 * 28 * 28 && shaded <= 3 * 30 * 30, "shaded pixels: " + shaded);
		// a legend swatch of each colour, as large as a line of text
		final int box = BitmapFont.height(2);
		assertEquals(box * box, count(with, Overlays.REJECTED), "the rejected swatch");
		assertTrue(count(with, Overlays.colour(2)) >= box * box, "the femoral cartilage swatch");
		assertTrue(count(with, 0xFFFFFF) > 0, "white direction letters");
		assertEquals(with.getHeight(), without.getHeight());
		assertThrows(IllegalArgumentException.class,
				() -> Overlays.sagittal(image, labels, Volumes.wrapUnsignedBytes(new byte[8], new int[] { 2, 2, 2 }, VoxelGeometry.axisAligned(1, 1, 1))));
	}
}
