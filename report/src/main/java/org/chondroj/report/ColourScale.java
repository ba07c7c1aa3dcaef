package org.chondroj.report;

import java.util.Locale;

/**
 * A colour scale for values on a map: sequential (thickness: dark blue at the low end through teal and green to yellow,
 * lightness rising steadily, readable in grey print) or diverging (change: red for loss below zero, white at zero,
 * blue for gain), clamped at its ends; NaN has no colour (the background shows). Immutable.
 */
public final class ColourScale {

	/** Sequential anchors (RGB), equally spaced: our choice of a blue–teal–green–yellow ramp with rising lightness. */
	private static final int[][] SEQUENTIAL = { { 25, 20, 85 }, { 35, 85, 165 }, { 30, 150, 160 }, { 110, 195, 95 }, { 245, 230, 70 } };
	/** Diverging anchors: dark red, red, white, blue, dark blue. */
	private static final int[][] DIVERGING = { { 120, 10, 20 }, { 215, 70, 60 }, { 250, 250, 250 }, { 70, 120, 210 }, { 20, 35, 120 } };

	private final double min, max;
	private final boolean diverging;
	private final String unit;

	private ColourScale(final double min, final double max, final boolean diverging, final String unit) {
		if (!(max > min))
			throw new IllegalArgumentException("a colour scale needs min < max, got " + min + ", " + max);
		this.min = min;
		this.max = max;
		this.diverging = diverging;
		this.unit = unit;
	}

	/** Sequential from {@code min} to {@code max} (e.g. thickness 0–4 mm). */
	public static ColourScale sequential(final double min, final double max, final String unit) {
		return new ColourScale(min, max, false, unit);
	}

	/** Diverging, symmetric about 0 from −{@code range} to +{@code range} (e.g. change ±0.5 mm). */
	public static ColourScale diverging(final double range, final String unit) {
		return new ColourScale(-range, range, true, unit);
	}

	public double min() {
		return min;
	}

	public double max() {
		return max;
	}

	public String unit() {
		return unit;
	}

	/** The colour (0xRRGGBB) of a value, clamped to the scale; −1 for NaN. */
	public int rgb(final double value) {
		if (Double.isNaN(value))
			return -1;
		final double f = Math.max(0, Math.min(1, (value - min) / (max - min)));
		final int[][] a = diverging ? DIVERGING : SEQUENTIAL;
		final double x = f * (a.length - 1);
		final int i = Math.min(a.length - 2, (int) x);
		final double t = x - i;
		int rgb = 0;
		for (int c = 0; c < 3; c++)
			rgb = rgb << 8 | (int) Math.round(a[i][c] + t * (a[i + 1][c] - a[i][c]));
		return rgb;
	}

	/** A tick label: the value with as few decimals as the range needs. */
	String label(final double value) {
		final double range = max - min;
		final int decimals = range >= 20 ? 0 : range >= 2 ? 1 : 2;
		final String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
		return s.startsWith("-") && Double.parseDouble(s) == 0 ? s.substring(1) : s;
	}
}
