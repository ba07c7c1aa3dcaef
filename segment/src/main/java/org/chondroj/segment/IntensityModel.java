package org.chondroj.segment;

import java.util.Arrays;
import java.util.Locale;

import org.chondroj.core.Parallel;
import org.chondroj.core.algorithm.LinearSystems;
import org.chondroj.core.algorithm.Samples;

/**
 * The intensity model of a fat-suppressed cartilage image (DESS, FLASH water excitation): a smooth multiplicative bias
 * field (coil sensitivity) and the grey levels of the image's main tissue classes after correcting for it.
 * <p>
 * The image is reduced to block means (blocks of about {@value #BLOCK_MM} mm, which also averages the noise down); four classes are found
 * by k-means on the block means (air and cortex, the dark fat-suppressed tissues marrow and fat, muscle, the bright
 * tissues cartilage and fluid; blocks wholly in the image's padding ({@link Masks#padding}) are left out of the
 * k-means as air, unless the image has no noise, i.e. constant blocks outside the padding too);
 * the logarithm of the bias is a polynomial of degree {@value #DEGREE} in the voxel position, fitted by least squares to the log-ratio between each muscle block and the muscle level (muscle is one
 * tissue spread around the whole knee; the dark class mixes fat and marrow, whose levels differ by a third, and would
 * print their layout into the field); blocks more than {@value #TRIM} (in log units) from their class level are left
 * out. Classification and fit alternate {@value #ITERATIONS} times. The field is scaled to a mean of 1 over the tissue
 * blocks, so corrected intensities keep the image's units.
 * <p>
 * This is the parametric approach of Wells et al. (IEEE TMI 1996) and Van Leemput et al. (IEEE TMI 1999) reduced to
 * hard classes, chosen for speed and determinism over N4's spline field. Cost: one pass over the voxels for the block
 * means and one to apply the field; the fit itself works on about 10⁶ blocks.
 */
final class IntensityModel {

	/** Degree of the log-bias polynomial. */
	static final int DEGREE = 3;
	static final double TRIM = 0.25;
	static final int ITERATIONS = 6;
	/** Edge of the blocks the fit works on, mm. */
	static final double BLOCK_MM = 1.5;
	private static final int CLASSES = 4;
	/** Class indices of the four levels. */
	static final int AIR = 0, DARK = 1, MID = 2, BRIGHT = 3;

	/** Width of the background band of a masked image, as a share of the range from the 1st to the 99th percentile. */
	static final double MASK_BAND = 0.01;
	/** Least share of all voxels in the background band for an image to count as masked. */
	static final double MASK_SHARE = 0.25;
	/** Most voxels in the four band widths above the band, as a share of the band's voxels, for an image to count as masked. */
	static final double MASK_GAP = 0.2;
	/** Most voxels the percentiles of {@link #lowBand} are taken from (a regular subsample of larger images). */
	static final int MASK_SAMPLES = 1 << 20;

	private final double[] levels;
	private final double biasMin, biasMax;
	private final float[] corrected;

	private IntensityModel(final double[] levels, final double biasMin, final double biasMax, final float[] corrected) {
		this.levels = levels;
		this.biasMin = biasMin;
		this.biasMax = biasMax;
		this.corrected = corrected;
	}

	/** The bias-corrected intensities (a new array, the input's units). */
	float[] corrected() {
		return corrected;
	}

	/** The level (class mean after correction) of class {@link #AIR}, {@link #DARK}, {@link #MID} or {@link #BRIGHT}. */
	double level(final int cls) {
		return levels[cls];
	}

	/** The least and the largest value of the fitted bias field over the tissue blocks. */
	double[] biasRange() {
		return new double[] { biasMin, biasMax };
	}

	/** {@link #fit(float[], int[], double[], byte[])} with the image's own {@link Masks#padding}. */
	static IntensityModel fit(final float[] image, final int[] dims, final double[] spacing) {
		return fit(image, dims, spacing, Masks.padding(image, dims));
	}

	/**
	 * Fits the model to {@code image} ({@code dims} = i, j, k sizes; block size chosen from {@code spacing}, mm) and
	 * returns it with the corrected image.
	 *
	 * @param padding the image's {@link Masks#padding} (null for none): blocks wholly in it are air and left out of the
	 *        k-means, if the image has noise
	 */
	static IntensityModel fit(final float[] image, final int[] dims, final double[] spacing, final byte[] padding) {
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final int bx = Math.max(1, (int) Math.round(BLOCK_MM / spacing[0])), by = Math.max(1, (int) Math.round(BLOCK_MM / spacing[1])),
				bz = Math.max(1, (int) Math.round(BLOCK_MM / spacing[2]));
		final int mx = nx / bx, my = ny / by, mz = nz / bz;
		final int blocks = mx * my * mz;
		final float[] mean = new float[blocks];
		// per block: constant (every voxel one value), and wholly in the padding
		final boolean[] constant = new boolean[blocks], blank = new boolean[blocks];
		Parallel.forEach(mz, c -> {
			for (int b = 0; b < my; b++)
				for (int a = 0; a < mx; a++) {
					double s = 0;
					final float first = image[(c * bz * ny + b * by) * nx + a * bx];
					boolean same = true, padded = padding != null;
					for (int z = c * bz; z < (c + 1) * bz; z++)
						for (int y = b * by; y < (b + 1) * by; y++) {
							final int row = (z * ny + y) * nx;
							for (int x = a * bx; x < (a + 1) * bx; x++) {
								s += image[row + x];
								same &= image[row + x] == first;
								padded &= padding != null && padding[row + x] != 0;
							}
						}
					final int p = (c * my + b) * mx + a;
					mean[p] = (float) (s / (bx * by * bz));
					constant[p] = same && bx * by * bz > 1;
					blank[p] = padded;
				}
		});
		// the padding's blocks are left out only from an image with noise: a noise-free synthetic image has constant
		// blocks of every tissue, and its air reaching the grid's faces is one constant value, as padding is
		boolean noiseFree = false;
		for (int p = 0; p < blocks; p++)
			noiseFree |= constant[p] && !blank[p];
		if (noiseFree)
			Arrays.fill(blank, false);
		// normalised block-centre coordinates in [-1, 1]
		final double[] ux = centres(mx, bx, nx), uy = centres(my, by, ny), uz = centres(mz, bz, nz);
		final int terms = terms(DEGREE);
		double[] coefficients = new double[terms];
		final float[] bias = new float[blocks];
		Arrays.fill(bias, 1f);
		final byte[] cls = new byte[blocks];
		double[] levels = null;
		final float[] value = new float[blocks];
		for (int iteration = 0; iteration <= ITERATIONS; iteration++) {
			for (int p = 0; p < blocks; p++)
				value[p] = mean[p] / bias[p];
			levels = kMeans(value, blank, cls);
			if (iteration == ITERATIONS)
				break;
			coefficients = fitLogBias(mean, value, cls, levels, ux, uy, uz, mx, my, mz);
			evaluate(coefficients, ux, uy, uz, mx, my, mz, bias);
		}
		// scale the field to mean 1 over the tissue blocks
		double sum = 0;
		long n = 0;
		double lo = Double.POSITIVE_INFINITY, hi = 0;
		for (int p = 0; p < blocks; p++)
			if (cls[p] != AIR) {
				sum += bias[p];
				n++;
			}
		final double scale = n > 0 ? sum / n : 1;
		for (int p = 0; p < blocks; p++)
			if (cls[p] != AIR) {
				lo = Math.min(lo, bias[p] / scale);
				hi = Math.max(hi, bias[p] / scale);
			}
		for (int c = 0; c < CLASSES; c++)
			levels[c] *= scale;
		// apply the field at full resolution (the polynomial evaluated at every voxel's normalised position)
		final double[] vx = new double[nx], vy = new double[ny], vz = new double[nz];
		for (int x = 0; x < nx; x++)
			vx[x] = normalised(x + 0.5, nx);
		for (int y = 0; y < ny; y++)
			vy[y] = normalised(y + 0.5, ny);
		for (int z = 0; z < nz; z++)
			vz[z] = normalised(z + 0.5, nz);
		final float[] out = new float[image.length];
		final double[] coef = coefficients;
		final double inverseScale = 1 / scale;
		Parallel.forEach(nz, z -> {
			final double[] pz = powers(vz[z]);
			final double[] row = new double[nx];
			for (int y = 0; y < ny; y++) {
				final double[] py = powers(vy[y]);
				Arrays.fill(row, 0);
				// Σ c · x^i y^j z^k, grouped by x power
				int t = 0;
				final double[] byXPower = new double[DEGREE + 1];
				for (int total = 0; total <= DEGREE; total++)
					for (int i = total; i >= 0; i--)
						for (int j = total - i; j >= 0; j--) {
							final int k = total - i - j;
							byXPower[i] += coef[t++] * py[j] * pz[k];
						}
				final int base = (z * ny + y) * nx;
				for (int x = 0; x < nx; x++) {
					final double px = vx[x];
					double e = 0, pw = 1;
					for (int i = 0; i <= DEGREE; i++) {
						e += byXPower[i] * pw;
						pw *= px;
					}
					out[base + x] = (float) (image[base + x] * inverseScale / Math.exp(e));
				}
			}
		});
		return new IntensityModel(levels, lo, hi, out);
	}

	/**
	 * The lowest level of an image as {@link #lowBand} finds it: its level (the median of the band's voxels), the band's
	 * upper edge (on a masked image, a voxel brighter than this is tissue), the share of all voxels in the band, and
	 * the count in the four band widths above it as a share of the band's count (NaN all when the 1st and the 99th
	 * percentiles are equal).
	 */
	record LowBand(double level, double upper, double share, double above) {

		/**
		 * Whether the image is masked: the band holds at least {@value IntensityModel#MASK_SHARE} of the voxels, and
		 * those just above it number at most {@value IntensityModel#MASK_GAP} times its count.
		 */
		boolean masked() {
			return share >= MASK_SHARE && above <= MASK_GAP;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.1f %% of the voxels at %.4g (up to %.4g), %.3g times as many just above", 100 * share, level, upper,
					above);
		}
	}

	/**
	 * The band of the lowest level of {@code image}, which tells a masked image ({@link LowBand#masked()}): one where
	 * everything but the tissue of interest was set to one constant low level (a template such as CLAIR-Knee-103R, the
	 * mean of many masked knees), which the four-class model cannot describe (no air around the leg, no fat, no
	 * muscle). The rule: with p₁ and p₉₉ the 1st and 99th percentiles of the voxels (of a regular subsample of at most
	 * {@value #MASK_SAMPLES} when there are more) and w = {@value #MASK_BAND} × (p₉₉ − p₁), the band is the voxels
	 * at most p₁ + w; the image is masked when p₉₉ > p₁, the band holds at least {@value #MASK_SHARE} of all voxels,
	 * and the voxels above the band up to p₁ + 5w number at most {@value #MASK_GAP} times the band's. The last
	 * condition asks that the low level be a narrow peak set apart from the rest, not the bottom of an image's noisy
	 * air, whose Rician spread fills the range just above. Measured: the CLAIR template 64.7 % in the band, 0.043 times
	 * as many above; a phantom DESS 2.3 %, 4.1 times as many above; the GE DESS first echo of the test data 1.4 %, 28
	 * times as many above. A limit: an image with little
	 * air a third of which was zero-filled (a reformat's corners) passes too; the masked path then finds no bones and
	 * says so. Cost: a sort of the subsample and two passes over the voxels.
	 */
	static LowBand lowBand(final float[] image) {
		final int n = image.length;
		if (n == 0)
			return new LowBand(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		final float[] sample = Samples.sorted(image, MASK_SAMPLES);
		final double p1 = sample[(int) (0.01 * (sample.length - 1))], p99 = sample[(int) (0.99 * (sample.length - 1))];
		if (!(p99 > p1))
			return new LowBand(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		final double w = MASK_BAND * (p99 - p1), upper = p1 + w, gapTop = p1 + 5 * w;
		long band = 0, above = 0;
		for (final float v : image)
			if (v <= upper)
				band++;
			else if (v <= gapTop)
				above++;
		int inBand = 0;
		while (inBand < sample.length && sample[inBand] <= upper)
			inBand++;
		return new LowBand(sample[inBand / 2], upper, (double) band / n, band > 0 ? (double) above / band : Double.POSITIVE_INFINITY);
	}

	/** Number of monomials of total degree ≤ d in three variables. */
	private static int terms(final int d) {
		return (d + 1) * (d + 2) * (d + 3) / 6;
	}

	private static double normalised(final double position, final int n) {
		return 2 * position / n - 1;
	}

	private static double[] centres(final int m, final int b, final int n) {
		final double[] u = new double[m];
		for (int a = 0; a < m; a++)
			u[a] = normalised(a * b + b / 2.0, n);
		return u;
	}

	private static double[] powers(final double v) {
		final double[] p = new double[DEGREE + 1];
		p[0] = 1;
		for (int i = 1; i <= DEGREE; i++)
			p[i] = p[i - 1] * v;
		return p;
	}

	/** Writes the monomials at (x, y, z) in the fixed order (total degree, then descending x power, then y). */
	private static void monomials(final double x, final double y, final double z, final double[] out) {
		final double[] px = powers(x), py = powers(y), pz = powers(z);
		int t = 0;
		for (int total = 0; total <= DEGREE; total++)
			for (int i = total; i >= 0; i--)
				for (int j = total - i; j >= 0; j--)
					out[t++] = px[i] * py[j] * pz[total - i - j];
	}

	private static void evaluate(final double[] c, final double[] ux, final double[] uy, final double[] uz, final int mx, final int my,
			final int mz, final float[] bias) {
		final double[] m = new double[c.length];
		for (int k = 0; k < mz; k++)
			for (int j = 0; j < my; j++)
				for (int i = 0; i < mx; i++) {
					monomials(ux[i], uy[j], uz[k], m);
					double e = 0;
					for (int t = 0; t < c.length; t++)
						e += c[t] * m[t];
					bias[(k * my + j) * mx + i] = (float) Math.exp(e);
				}
	}

	/**
	 * Least-squares fit of log(block mean / class level) over the muscle blocks within {@link #TRIM} of their level
	 * (all tissue classes when muscle is scarce).
	 */
	private static double[] fitLogBias(final float[] mean, final float[] corrected, final byte[] cls, final double[] levels, final double[] ux, final double[] uy,
			final double[] uz, final int mx, final int my, final int mz) {
		long mid = 0, tissue = 0;
		for (final byte c : cls) {
			if (c == MID)
				mid++;
			if (c != AIR)
				tissue++;
		}
		final boolean muscleOnly = mid >= 0.05 * tissue;
		final int terms = terms(DEGREE);
		final double[] ata = new double[terms * terms], atb = new double[terms];
		final double[] m = new double[terms];
		final double[] logLevel = new double[CLASSES];
		for (int c = 0; c < CLASSES; c++)
			logLevel[c] = Math.log(levels[c]);
		for (int k = 0; k < mz; k++)
			for (int j = 0; j < my; j++)
				for (int i = 0; i < mx; i++) {
					final int p = (k * my + j) * mx + i;
					final int c = cls[p];
					if (c == AIR || (muscleOnly && c != MID) || !(mean[p] > 0) || Math.abs(Math.log(corrected[p]) - logLevel[c]) > TRIM)
						continue;
					final double r = Math.log(mean[p]) - logLevel[c];
					monomials(ux[i], uy[j], uz[k], m);
					for (int a = 0; a < terms; a++) {
						atb[a] += m[a] * r;
						for (int b = a; b < terms; b++)
							ata[a * terms + b] += m[a] * m[b];
					}
				}
		for (int a = 0; a < terms; a++)
			for (int b = 0; b < a; b++)
				ata[a * terms + b] = ata[b * terms + a];
		return solve(ata, atb, terms);
	}

	/**
	 * Solves the normal equations with a tiny ridge (1e-9 of the mean diagonal, so a class absent from part of the grid
	 * cannot make them singular); no correction (zeros) if they are singular all the same.
	 */
	static double[] solve(final double[] a, final double[] b, final int n) {
		final double[] m = a.clone(), x = new double[n];
		double trace = 0;
		for (int i = 0; i < n; i++)
			trace += m[i * n + i];
		for (int i = 0; i < n; i++)
			m[i * n + i] += 1e-9 * trace / n;
		return LinearSystems.solveSymmetricPositiveDefinite(m, b, x, n) ? x : new double[n];
	}

	/**
	 * {@link #kMeans(float[], byte[])} on the blocks that are not blank; blank blocks (the padding's: the zero padding
	 * or zero-filled corners of a reformat, or zero-filled air) are {@link #AIR} and do not move the levels, however
	 * many there are.
	 */
	static double[] kMeans(final float[] values, final boolean[] blank, final byte[] cls) {
		int n = 0;
		for (final boolean b : blank)
			if (!b)
				n++;
		if (n == values.length || n == 0)
			return kMeans(values, cls);
		final float[] kept = new float[n];
		for (int p = 0, k = 0; p < values.length; p++)
			if (!blank[p])
				kept[k++] = values[p];
		final byte[] keptCls = new byte[n];
		final double[] levels = kMeans(kept, keptCls);
		for (int p = 0, k = 0; p < values.length; p++)
			cls[p] = blank[p] ? AIR : keptCls[k++];
		return levels;
	}

	/**
	 * One-dimensional k-means with {@value #CLASSES} classes on {@code values}, started at the 5th, 40th, 75th and
	 * 98th percentiles; writes each value's class into {@code cls} (ordered dark to bright) and returns the class means.
	 */
	static double[] kMeans(final float[] values, final byte[] cls) {
		final float[] sorted = values.clone();
		Arrays.sort(sorted);
		final double[] c = { sorted[(int) (0.05 * (sorted.length - 1))], sorted[(int) (0.40 * (sorted.length - 1))],
				sorted[(int) (0.75 * (sorted.length - 1))], sorted[(int) (0.98 * (sorted.length - 1))] };
		for (int iteration = 0; iteration < 50; iteration++) {
			// class boundaries are the midpoints; means from prefix sums over the sorted values
			final double[] next = new double[CLASSES];
			int start = 0;
			boolean moved = false;
			for (int k = 0; k < CLASSES; k++) {
				final double upper = k == CLASSES - 1 ? Double.POSITIVE_INFINITY : (c[k] + c[k + 1]) / 2;
				int end = start;
				double s = 0;
				while (end < sorted.length && sorted[end] < upper)
					s += sorted[end++];
				next[k] = end > start ? s / (end - start) : c[k];
				moved |= next[k] != c[k];
				start = end;
			}
			System.arraycopy(next, 0, c, 0, CLASSES);
			if (!moved)
				break;
		}
		for (int p = 0; p < values.length; p++) {
			int k = 0;
			while (k < CLASSES - 1 && values[p] >= (c[k] + c[k + 1]) / 2)
				k++;
			cls[p] = (byte) k;
		}
		return c;
	}
}
