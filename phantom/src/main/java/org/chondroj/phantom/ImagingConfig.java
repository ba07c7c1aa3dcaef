package org.chondroj.phantom;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the phantom is imaged: the two grids, supersampling, noise, bias field and the seed. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with…} methods (each returns a new configuration).
 * <p>
 * Defaults:
 * <ul>
 * <li>DESS grid: the OAI DESS grid, 384 × 384 pixels of 0.3646 × 0.3646 mm in each of 160 sagittal slices of 0.7 mm
 * (140 × 140 × 112 mm);</li>
 * <li>IW TSE grid: 352 × 352 pixels of 0.4 × 0.4 mm in each of 32 sagittal slices of 3.5 mm (140.8 × 140.8 × 112 mm,
 * the same region);</li>
 * <li>4 sub-samples per axis in voxels that straddle a tissue boundary (more along thick slices, see
 * {@link PhantomImages#rasterize});</li>
 * <li>SNR (cartilage signal / σ of the Gaussian noise in each channel): 25 on DESS, 20 on IW TSE;</li>
 * <li>bias field amplitude 0.2 (the coil sensitivity varies within 1 ± 0.2 over the anatomy);</li>
 * <li>brightest tissue (fluid) stored at 2500 (before bias and noise);</li>
 * <li>seed 1.</li>
 * </ul>
 * Grid sizes and spacings are in the volume's axis order (i, j, k) = (anterior→posterior, superior→inferior, slices
 * towards the patient's right); see {@link PhantomImages#sagittalGrid}.
 */
public final class ImagingConfig {

	private static final ImagingConfig DEFAULTS = new ImagingConfig(new int[] { 384, 384, 160 }, new double[] { 0.3646, 0.3646, 0.7 },
			new int[] { 352, 352, 32 }, new double[] { 0.4, 0.4, 3.5 }, 4, 25, 20, 0.2, 2500, 1);

	private final int[] dessSize, iwSize;
	private final double[] dessSpacing, iwSpacing;
	private final int supersampling;
	private final double dessSnr, iwSnr, biasAmplitude, brightest;
	private final long seed;

	private ImagingConfig(final int[] dessSize, final double[] dessSpacing, final int[] iwSize, final double[] iwSpacing, final int supersampling,
			final double dessSnr, final double iwSnr, final double biasAmplitude, final double brightest, final long seed) {
		this.dessSize = checkSize(dessSize);
		this.dessSpacing = checkSpacing(dessSpacing);
		this.iwSize = checkSize(iwSize);
		this.iwSpacing = checkSpacing(iwSpacing);
		if (supersampling < 1 || supersampling > 16)
			throw new IllegalArgumentException("sub-samples per axis must be 1…16, got " + supersampling);
		if (!(dessSnr > 0) || !(iwSnr > 0))
			throw new IllegalArgumentException("SNR must be positive (infinity: no noise), got " + dessSnr + " and " + iwSnr);
		if (!(biasAmplitude >= 0 && biasAmplitude < 1))
			throw new IllegalArgumentException("bias amplitude must be in [0, 1), got " + biasAmplitude);
		if (!(brightest > 0 && brightest <= 20000))
			throw new IllegalArgumentException("brightest tissue value must be in (0, 20000], got " + brightest);
		this.supersampling = supersampling;
		this.dessSnr = dessSnr;
		this.iwSnr = iwSnr;
		this.biasAmplitude = biasAmplitude;
		this.brightest = brightest;
		this.seed = seed;
	}

	/** The defaults listed in the class description. */
	public static ImagingConfig defaults() {
		return DEFAULTS;
	}

	/** Seed of the noise and the bias field (and of the DICOM UIDs written by {@link PhantomStudy}). */
	public ImagingConfig withSeed(final long newSeed) {
		return new ImagingConfig(dessSize, dessSpacing, iwSize, iwSpacing, supersampling, dessSnr, iwSnr, biasAmplitude, brightest, newSeed);
	}

	/** The DESS grid (and label map grid): voxels per axis and spacing (mm) per axis. */
	public ImagingConfig withDessGrid(final int[] size, final double[] spacing) {
		return new ImagingConfig(size, spacing, iwSize, iwSpacing, supersampling, dessSnr, iwSnr, biasAmplitude, brightest, seed);
	}

	/** The IW TSE grid: voxels per axis and spacing (mm) per axis. */
	public ImagingConfig withIwGrid(final int[] size, final double[] spacing) {
		return new ImagingConfig(dessSize, dessSpacing, size, spacing, supersampling, dessSnr, iwSnr, biasAmplitude, brightest, seed);
	}

	/** Sub-samples per axis (1…16) in boundary voxels. */
	public ImagingConfig withSupersampling(final int samplesPerAxis) {
		return new ImagingConfig(dessSize, dessSpacing, iwSize, iwSpacing, samplesPerAxis, dessSnr, iwSnr, biasAmplitude, brightest, seed);
	}

	/** Signal-to-noise ratios (cartilage / σ) of the two series; {@link Double#POSITIVE_INFINITY} for no noise. */
	public ImagingConfig withSnr(final double dess, final double iw) {
		return new ImagingConfig(dessSize, dessSpacing, iwSize, iwSpacing, supersampling, dess, iw, biasAmplitude, brightest, seed);
	}

	/** Relative amplitude of the bias field, in [0, 1); 0 for none. */
	public ImagingConfig withBiasAmplitude(final double amplitude) {
		return new ImagingConfig(dessSize, dessSpacing, iwSize, iwSpacing, supersampling, dessSnr, iwSnr, amplitude, brightest, seed);
	}

	/** Stored value of the brightest tissue (relative intensity 1) before bias and noise. */
	public ImagingConfig withBrightest(final double value) {
		return new ImagingConfig(dessSize, dessSpacing, iwSize, iwSpacing, supersampling, dessSnr, iwSnr, biasAmplitude, value, seed);
	}

	public int[] dessSize() {
		return dessSize.clone();
	}

	/** mm */
	public double[] dessSpacing() {
		return dessSpacing.clone();
	}

	public int[] iwSize() {
		return iwSize.clone();
	}

	/** mm */
	public double[] iwSpacing() {
		return iwSpacing.clone();
	}

	public int supersampling() {
		return supersampling;
	}

	public double dessSnr() {
		return dessSnr;
	}

	public double iwSnr() {
		return iwSnr;
	}

	public double biasAmplitude() {
		return biasAmplitude;
	}

	public double brightest() {
		return brightest;
	}

	public long seed() {
		return seed;
	}

	private static int[] checkSize(final int[] size) {
		if (size.length != 3 || size[0] < 1 || size[1] < 1 || size[2] < 1 || size[0] > 4096 || size[1] > 4096 || size[2] > 4096)
			throw new IllegalArgumentException("a grid needs 3 sizes in 1…4096, got " + Arrays.toString(size));
		return size.clone();
	}

	private static double[] checkSpacing(final double[] spacing) {
		if (spacing.length != 3)
			throw new IllegalArgumentException("a grid needs 3 spacings, got " + Arrays.toString(spacing));
		for (final double s : spacing)
			if (!(s > 0) || !Double.isFinite(s))
				throw new IllegalArgumentException("spacings must be positive and finite (mm), got " + Arrays.toString(spacing));
		return spacing.clone();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "ImagingConfig[DESS %s @ %s mm, IW %s @ %s mm, %d sub-samples/axis, SNR %.4g/%.4g, bias ±%.3g, brightest %.4g, seed %d]",
				Arrays.toString(dessSize), Arrays.toString(dessSpacing), Arrays.toString(iwSize), Arrays.toString(iwSpacing), supersampling,
				dessSnr, iwSnr, biasAmplitude, brightest, seed);
	}
}
