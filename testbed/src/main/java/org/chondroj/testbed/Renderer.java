package org.chondroj.testbed;

import java.util.SplittableRandom;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Filters;
import org.chondroj.phantom.BiasField;
import org.chondroj.phantom.RicianNoise;

import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.joml.Vector3d;

/**
 * An MR image of a {@link KneeScene} in one {@link Sequence}, on the scene's grid:
 * <ol>
 * <li>each tissue's signal from the sequence ({@link Sequence#suppressedSignal}), varied per tissue by up to
 * ±{@value #TISSUE_JITTER} (relative) from the seed, scaled so that the brightest tissue reads {@value #BRIGHTEST};</li>
 * <li>texture: a smooth random field (a lattice of {@value #TEXTURE_MM} mm, trilinear, from the seed) modulates
 * marrow and fat by ±{@value #FAT_TEXTURE}, muscle by ±{@value #MUSCLE_TEXTURE} and cartilage by
 * ±{@value #CARTILAGE_TEXTURE};</li>
 * <li>failed fat suppression towards the field's edges: on a fat-suppressed sequence, fat and marrow keep
 * {@value Sequence#FAT_SUPPRESSED} of their signal in the middle of the field and up to {@value #EDGE_FAT} of it towards
 * the field's edges (the outer {@value #EDGE_SHARE} of each half-axis), as B0 inhomogeneity away from the isocentre
 * shifts fat off the saturation band (the bright subcutaneous fat of real fat-suppressed knee images);</li>
 * <li>partial volume: the image is smoothed with a Gaussian of {@value #PARTIAL_VOLUME} voxel per axis (a voxel's
 * signal mixes its neighbours' tissues at boundaries, as the finite resolution of an acquisition does);</li>
 * <li>a smooth coil-sensitivity field ({@link BiasField}, amplitude {@value #BIAS}) and Rician noise of σ = the
 * cartilage's signal / SNR (the phantom's {@link RicianNoise}, one stream per slice).</li>
 * </ol>
 * The same scene, sequence and seed give bit-identical voxels whatever the number of threads. Cost: O(n) plus one
 * Gaussian filter; about 2 s for an OAI grid on two cores.
 */
public final class Renderer {

	public static final double BRIGHTEST = 1800, TISSUE_JITTER = 0.1, TEXTURE_MM = 3, FAT_TEXTURE = 0.12, MUSCLE_TEXTURE = 0.06,
			CARTILAGE_TEXTURE = 0.04, EDGE_FAT = 0.35, EDGE_SHARE = 0.25, PARTIAL_VOLUME = 0.4, BIAS = 0.2;
	/** Signal-to-noise ratio of cartilage. */
	public static final double SNR = 22;

	private Renderer() {
	}

	/**
	 * The image (a new volume on the scene's grid, no metadata).
	 *
	 * @param series the series number, which selects the noise streams
	 */
	public static Volume<UnsignedShortType> render(final KneeScene scene, final Sequence sequence, final long seed, final int series) {
		final int[] dims = scene.dimensions();
		final VoxelGeometry g = scene.geometry();
		final double[] level = levels(sequence, seed);
		final byte[] tissue = scene.ordinals();
		final Texture texture = new Texture(seed, g, dims);
		final Volume<FloatType> clean = Volumes.floats(dims, g);
		final float[] c = Volumes.floatData(clean);
		final int nx = dims[0], ny = dims[1];
		Parallel.forEach(dims[2], z -> {
			final Vector3d p = new Vector3d();
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					final Tissue t = Tissue.values()[tissue[i]];
					double v = level[t.ordinal()];
					if (v == 0)
						continue;
					g.indexToPatient(x, y, z, p);
					final double modulation = switch (t) {
					case FAT, MARROW -> FAT_TEXTURE;
					case MUSCLE -> MUSCLE_TEXTURE;
					case CARTILAGE -> CARTILAGE_TEXTURE;
					default -> 0;
					};
					if (modulation > 0)
						v *= 1 + modulation * texture.at(p.x, p.y, p.z);
					if (sequence.fatSuppressed() && t.isFat()) {
						// 0 at the field's centre, 1 at its edge (the largest of the three axes' normalised offsets)
						final double s = Math.max(Math.abs(2.0 * x / Math.max(1, nx - 1) - 1),
								Math.max(Math.abs(2.0 * y / Math.max(1, ny - 1) - 1), Math.abs(2.0 * z / Math.max(1, dims[2] - 1) - 1)));
						final double w = Math.max(0, (s - (1 - EDGE_SHARE)) / EDGE_SHARE);
						v *= 1 + (EDGE_FAT / Sequence.FAT_SUPPRESSED - 1) * w * w;
					}
					c[i] = (float) v;
				}
		});
		final double[] sigma = new double[3];
		for (int d = 0; d < 3; d++)
			sigma[d] = PARTIAL_VOLUME * g.spacing(d);
		final float[] smooth = Volumes.floatData(Filters.gaussian(clean, sigma));
		final double[] bounds = bounds(g, dims);
		final BiasField bias = BiasField.random(seed, BIAS, bounds);
		final double noise = level[Tissue.CARTILAGE.ordinal()] / SNR;
		final Volume<UnsignedShortType> out = Volumes.unsignedShorts(dims, g);
		final short[] o = Volumes.shortData(out);
		Parallel.forEach(dims[2], z -> {
			final SplittableRandom random = RicianNoise.stream(seed, series, z);
			final Vector3d p = new Vector3d();
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					g.indexToPatient(x, y, z, p);
					final double s = RicianNoise.magnitude(Math.max(0, smooth[i]) * bias.at(p.x, p.y, p.z), noise, random);
					o[i] = (short) Math.max(0, Math.min(0xFFFF, Math.round(s)));
				}
		});
		return out;
	}

	/** Each tissue's level in the image (before texture, bias and noise), indexed by {@link Tissue#ordinal()}. */
	static double[] levels(final Sequence sequence, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sequence.ordinal());
		final double[] level = new double[Tissue.values().length];
		double max = 0;
		for (final Tissue t : Tissue.values()) {
			level[t.ordinal()] = sequence.suppressedSignal(t) * (1 + TISSUE_JITTER * (2 * r.nextDouble() - 1));
			max = Math.max(max, level[t.ordinal()]);
		}
		for (int i = 0; i < level.length; i++)
			level[i] *= BRIGHTEST / max;
		return level;
	}

	/** The grid axis closest to the patient's left–right (the slice direction of a sagittal acquisition). */
	static int sliceAxis(final VoxelGeometry g) {
		int best = 0;
		for (int d = 1; d < 3; d++)
			if (Math.abs(g.direction().get(d, 0)) > Math.abs(g.direction().get(best, 0)))
				best = d;
		return best;
	}

	/** The box (min x, y, z, max x, y, z; LPS mm) of the grid's voxel centres. */
	static double[] bounds(final VoxelGeometry g, final int[] dims) {
		final double[] b = { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
				Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY };
		final Vector3d p = new Vector3d();
		for (int corner = 0; corner < 8; corner++) {
			g.indexToPatient((corner & 1) * (dims[0] - 1), ((corner >> 1) & 1) * (dims[1] - 1), ((corner >> 2) & 1) * (dims[2] - 1), p);
			for (int d = 0; d < 3; d++) {
				b[d] = Math.min(b[d], p.get(d));
				b[d + 3] = Math.max(b[d + 3], p.get(d));
			}
		}
		return b;
	}

	/** A smooth random field in [−1, 1]: uniform values on a lattice of {@value #TEXTURE_MM} mm in patient space, trilinear. */
	private static final class Texture {
		private final double[] min = new double[3];
		private final int[] n = new int[3];
		private final float[] values;

		Texture(final long seed, final VoxelGeometry g, final int[] dims) {
			final double[] b = bounds(g, dims);
			for (int d = 0; d < 3; d++) {
				min[d] = b[d] - TEXTURE_MM;
				n[d] = (int) Math.ceil((b[d + 3] - min[d]) / TEXTURE_MM) + 3;
			}
			values = new float[n[0] * n[1] * n[2]];
			final SplittableRandom r = new SplittableRandom(seed ^ 0x7E57BEDL);
			for (int i = 0; i < values.length; i++)
				values[i] = (float) (2 * r.nextDouble() - 1);
		}

		double at(final double x, final double y, final double z) {
			final double u = (x - min[0]) / TEXTURE_MM, v = (y - min[1]) / TEXTURE_MM, w = (z - min[2]) / TEXTURE_MM;
			final int i = Math.max(0, Math.min(n[0] - 2, (int) u)), j = Math.max(0, Math.min(n[1] - 2, (int) v)),
					k = Math.max(0, Math.min(n[2] - 2, (int) w));
			final double fu = Math.max(0, Math.min(1, u - i)), fv = Math.max(0, Math.min(1, v - j)), fw = Math.max(0, Math.min(1, w - k));
			double s = 0;
			for (int c = 0; c < 8; c++) {
				final int di = c & 1, dj = (c >> 1) & 1, dk = (c >> 2) & 1;
				s += (di == 1 ? fu : 1 - fu) * (dj == 1 ? fv : 1 - fv) * (dk == 1 ? fw : 1 - fw) * values[(i + di) + n[0] * ((j + dj) + n[1] * (k + dk))];
			}
			return s;
		}
	}
}
