package org.chondroj.report;

import java.util.HashMap;
import java.util.Map;

/**
 * A 5 × 7 pixel bitmap font (digits, Latin letters and the punctuation of numbers and units) for the labels of the
 * maps and reports ChondroJ draws, so that no system font is needed: a headless JDK on a bare machine may have none.
 * Glyphs are drawn at an integer scale onto an RGB raster ({@code int} 0xRRGGBB per pixel, row by row); a character
 * without a glyph is drawn as a blank. Advance: 6 × scale pixels per character, line height 8 × scale.
 */
final class BitmapFont {

	/** Glyph pixel size. */
	public static final int WIDTH = 5, HEIGHT = 7;

	/** Per character: 35 bits, row by row from the top, the leftmost pixel the highest bit of its row. */
	private static final Map<Character, Long> GLYPHS = new HashMap<>();
	static {
		GLYPHS.put('0', 0x3A33AE62EL);
		GLYPHS.put('1', 0x11842108EL);
		GLYPHS.put('2', 0x3A211111FL);
		GLYPHS.put('3', 0x78217043EL);
		GLYPHS.put('4', 0x08CA97C42L);
		GLYPHS.put('5', 0x7E1E0862EL);
		GLYPHS.put('6', 0x1910F462EL);
		GLYPHS.put('7', 0x7C2222108L);
		GLYPHS.put('8', 0x3A317462EL);
		GLYPHS.put('9', 0x3A317844CL);
		GLYPHS.put('.', 0x00000018CL);
		GLYPHS.put(',', 0x000003088L);
		GLYPHS.put('-', 0x0000F8000L);
		GLYPHS.put('+', 0x0084F9080L);
		GLYPHS.put('%', 0x674222173L);
		GLYPHS.put('(', 0x088842082L);
		GLYPHS.put(')', 0x208210888L);
		GLYPHS.put('/', 0x044222110L);
		GLYPHS.put(':', 0x018C03180L);
		GLYPHS.put('=', 0x001F07C00L);
		GLYPHS.put('_', 0x00000001FL);
		GLYPHS.put('A', 0x3A31FC631L);
		GLYPHS.put('B', 0x7A31F463EL);
		GLYPHS.put('C', 0x3A308422EL);
		GLYPHS.put('D', 0x72518C65CL);
		GLYPHS.put('E', 0x7E10F421FL);
		GLYPHS.put('F', 0x7E10F4210L);
		GLYPHS.put('G', 0x3A30BC62FL);
		GLYPHS.put('H', 0x4631FC631L);
		GLYPHS.put('I', 0x38842108EL);
		GLYPHS.put('J', 0x1C4210A4CL);
		GLYPHS.put('K', 0x4654C5251L);
		GLYPHS.put('L', 0x42108421FL);
		GLYPHS.put('M', 0x4775AC631L);
		GLYPHS.put('N', 0x4639ACE31L);
		GLYPHS.put('O', 0x3A318C62EL);
		GLYPHS.put('P', 0x7A31F4210L);
		GLYPHS.put('Q', 0x3A318D64DL);
		GLYPHS.put('R', 0x7A31F5251L);
		GLYPHS.put('S', 0x3E107043EL);
		GLYPHS.put('T', 0x7C8421084L);
		GLYPHS.put('U', 0x46318C62EL);
		GLYPHS.put('V', 0x46318C544L);
		GLYPHS.put('W', 0x4631AD6AAL);
		GLYPHS.put('X', 0x462A22A31L);
		GLYPHS.put('Y', 0x463151084L);
		GLYPHS.put('Z', 0x7C222221FL);
		GLYPHS.put('a', 0x000E0BE2FL);
		GLYPHS.put('b', 0x4216CC63EL);
		GLYPHS.put('c', 0x000E8422EL);
		GLYPHS.put('d', 0x042D9C62FL);
		GLYPHS.put('e', 0x000E8FE0EL);
		GLYPHS.put('f', 0x1928E2108L);
		GLYPHS.put('g', 0x01F18BC2EL);
		GLYPHS.put('h', 0x4216CC631L);
		GLYPHS.put('i', 0x100C2108EL);
		GLYPHS.put('j', 0x080610A4CL);
		GLYPHS.put('k', 0x4212A6292L);
		GLYPHS.put('l', 0x30842108EL);
		GLYPHS.put('m', 0x001AAD631L);
		GLYPHS.put('n', 0x0016CC631L);
		GLYPHS.put('o', 0x000E8C62EL);
		GLYPHS.put('p', 0x001E8FA10L);
		GLYPHS.put('q', 0x000D9BC21L);
		GLYPHS.put('r', 0x0016CC210L);
		GLYPHS.put('s', 0x000E8383EL);
		GLYPHS.put('t', 0x211C42126L);
		GLYPHS.put('u', 0x00118C66DL);
		GLYPHS.put('v', 0x00118C544L);
		GLYPHS.put('w', 0x00118D6AAL);
		GLYPHS.put('x', 0x001151151L);
		GLYPHS.put('y', 0x00118BC2EL);
		GLYPHS.put('z', 0x001F1111FL);
	}

	private BitmapFont() {
	}

	/** Width in pixels of {@code text} at {@code scale} (no trailing gap). */
	public static int width(final String text, final int scale) {
		return text.isEmpty() ? 0 : (6 * text.length() - 1) * scale;
	}

	/** Height in pixels of one line at {@code scale}. */
	public static int height(final int scale) {
		return HEIGHT * scale;
	}

	/**
	 * Draws {@code text} with its top-left corner at (x, y) into {@code rgb} (width {@code stride}, {@code rows} rows),
	 * clipped to the raster.
	 */
	public static void draw(final int[] rgb, final int stride, final int rows, final String text, final int x, final int y, final int scale,
			final int colour) {
		for (int c = 0; c < text.length(); c++) {
			final Long glyph = GLYPHS.get(text.charAt(c));
			if (glyph == null)
				continue;
			final int gx = x + 6 * scale * c;
			for (int r = 0; r < HEIGHT; r++)
				for (int b = 0; b < WIDTH; b++) {
					if ((glyph >>> (34 - (r * WIDTH + b)) & 1) == 0)
						continue;
					for (int sy = 0; sy < scale; sy++)
						for (int sx = 0; sx < scale; sx++) {
							final int px = gx + b * scale + sx, py = y + r * scale + sy;
							if (px >= 0 && px < stride && py >= 0 && py < rows)
								rgb[py * stride + px] = colour;
						}
				}
		}
	}

	/** Whether the font has a glyph for {@code c} (a space is a blank glyph and counts as drawn). */
	public static boolean has(final char c) {
		return c == ' ' || GLYPHS.containsKey(c);
	}
}
