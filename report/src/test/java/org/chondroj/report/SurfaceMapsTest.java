package org.chondroj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurfaceMapsTest {

	/** Every character of plate names, numbers and units has a glyph; widths follow the advance rule. */
	@Test
	void fontCoversTheLabels() {
		for (final char c : "0123456789.-+%()/:,=_ MTLFPcmpreiaTrThCtABVCdABmmgradechange".toCharArray())
			assertTrue(BitmapFont.has(c), "glyph for '" + c + "'");
		assertEquals((6 * 5 - 1) * 2, BitmapFont.width("10 mm", 2));
		final int[] raster = new int[20 * 10];
		BitmapFont.draw(raster, 20, 10, "1", 0, 0, 1, 1);
		int lit = 0;
		for (final int p : raster)
			lit += p;
		assertEquals(10, lit, "the 1 has 10 pixels");
	}

	@Test
	void colourScales() {
		final ColourScale seq = ColourScale.sequential(0, 4, "mm");
		double last = -1;
		for (int i = 0; i <= 100; i++) { // lightness (luma) rises monotonically: readable in grey
			final int c = seq.rgb(4 * i / 100.0);
			final double luma = 0.299 * (c >> 16 & 255) + 0.587 * (c >> 8 & 255) + 0.114 * (c & 255);
			assertTrue(luma > last - 1e-9, "luma at " + i);
			last = luma;
		}
		assertEquals(seq.rgb(0), seq.rgb(-3), "clamped below");
		assertEquals(seq.rgb(4), seq.rgb(9), "clamped above");
		assertEquals(-1, seq.rgb(Double.NaN));
		final ColourScale div = ColourScale.diverging(0.5, "mm");
		assertEquals(0xFAFAFA, div.rgb(0));
		assertTrue((div.rgb(-0.5) >> 16 & 255) > (div.rgb(-0.5) & 255), "loss is red");
		assertTrue((div.rgb(0.5) & 255) > (div.rgb(0.5) >> 16 & 255), "gain is blue");
		assertEquals("-0.25", div.label(-0.25));
		assertEquals("0.00", div.label(-0.0001));
	}

	/** A square of 20 × 10 mm in the x–y plane with value = x: each map pixel has the colour of its x. */
	@Test
	void planarMapShowsTheInterpolatedValue(@TempDir final Path dir) throws IOException {
		final int nx = 21, ny = 11;
		final float[] xyz = new float[nx * ny * 3];
		final double[] value = new double[nx * ny];
		for (int j = 0; j < ny; j++)
			for (int i = 0; i < nx; i++) {
				final int v = j * nx + i;
				xyz[3 * v] = i;
				xyz[3 * v + 1] = j;
				xyz[3 * v + 2] = 5;
				value[v] = i / 5.0; // 0..4 mm
			}
		final int[] tri = new int[(nx - 1) * (ny - 1) * 6];
		int k = 0;
		for (int j = 0; j + 1 < ny; j++)
			for (int i = 0; i + 1 < nx; i++) {
				final int a = j * nx + i;
				tri[k++] = a;
				tri[k++] = a + 1;
				tri[k++] = a + nx;
				tri[k++] = a + 1;
				tri[k++] = a + nx + 1;
				tri[k++] = a + nx;
			}
		final ColourScale scale = ColourScale.sequential(0, 4, "mm");
		final BufferedImage img = SurfaceMaps.render(xyz, tri, value, SurfaceMaps.Projection.planar(new double[] { 1, 0, 0 }, new double[] { 0, 1, 0 }),
				scale, "MT thickness", 0.25);
		// the map starts at (16, titleH + 16): pixel column c is at x = 0.25 c mm
		final int y0 = BitmapFont.height(2) + 12 + 16;
		for (final int c : new int[] { 0, 13, 40, 57, 80 })
			assertEquals(scale.rgb(0.25 * c / 5.0), img.getRGB(16 + c, y0 + 20) & 0xFFFFFF, "column " + c);
		SurfaceMaps.writePng(img, Path.of("target", "surface-map-example.png")); // to look at
		final Path png = dir.resolve("map.png");
		SurfaceMaps.writePng(img, png);
		final BufferedImage back = ImageIO.read(png.toFile());
		assertEquals(img.getWidth(), back.getWidth());
		assertEquals(img.getRGB(16 + 40, y0 + 20), back.getRGB(16 + 40, y0 + 20));
	}

	/** A half cylinder (radius 20, length 30) unrolls about its axis into a 30 × 20π mm rectangle. */
	@Test
	void cylindricalUnrollingKeepsArcLength() {
		final int na = 61, nl = 31;
		final float[] xyz = new float[na * nl * 3];
		final double[] value = new double[na * nl];
		for (int a = 0; a < na; a++)
			for (int l = 0; l < nl; l++) {
				final int v = a * nl + l;
				final double phi = -Math.PI / 2 + Math.PI * a / (na - 1);
				xyz[3 * v] = l;
				xyz[3 * v + 1] = (float) (20 * Math.sin(phi));
				xyz[3 * v + 2] = (float) (-20 * Math.cos(phi));
				value[v] = 1;
			}
		final int[] tri = new int[(na - 1) * (nl - 1) * 6];
		int k = 0;
		for (int a = 0; a + 1 < na; a++)
			for (int l = 0; l + 1 < nl; l++) {
				final int p = a * nl + l;
				tri[k++] = p;
				tri[k++] = p + 1;
				tri[k++] = p + nl;
				tri[k++] = p + 1;
				tri[k++] = p + nl + 1;
				tri[k++] = p + nl;
			}
		final SurfaceMaps.Projection cyl = SurfaceMaps.Projection.cylindrical(new double[3], new double[] { 1, 0, 0 }, new double[] { 0, 0, -1 }, 20);
		final double[] out = new double[3];
		cyl.project(7, 20, 0, out); // a quarter turn from the zero direction
		assertEquals(7, out[0], 1e-12);
		assertEquals(Math.abs(Math.PI / 2 * 20), Math.abs(out[1]), 1e-9);
		assertEquals(20, out[2], 1e-12);
		final BufferedImage img = SurfaceMaps.render(xyz, tri, value, cyl, ColourScale.sequential(0, 4, "mm"), "F", 0.5);
		int mapPixels = 0;
		final int colour = ColourScale.sequential(0, 4, "mm").rgb(1);
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++)
				if ((img.getRGB(x, y) & 0xFFFFFF) == colour)
					mapPixels++;
		final double expected = 30 * Math.PI * 20 / 0.25; // mm² / pixel area (chords shorten the arc by < 0.1 %)
		assertEquals(expected, mapPixels, 0.03 * expected);
	}
}
