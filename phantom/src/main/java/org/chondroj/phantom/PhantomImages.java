package org.chondroj.phantom;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.chondroj.core.Metadata;
import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.joml.Vector3d;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Images and label maps of a {@link KneeAnatomy}: rasterisation with partial volume, synthesis of a contrast with bias
 * field and Rician noise, and the label map.
 * <p>
 * Everything is deterministic: the same anatomy, grid and seed give bit-identical voxels whatever the number of threads
 * (work is split by slice, every slice has its own random stream, see {@link RicianNoise#stream}).
 */
public final class PhantomImages {

	/** Series index of the DESS series in the random streams (and its DICOM series number). */
	public static final int DESS_SERIES = 1;
	/** Series index of the IW TSE series in the random streams (and its DICOM series number). */
	public static final int IW_SERIES = 2;

	private PhantomImages() {
	}

	/** The generated images of one study: both series and the label map on the DESS grid. */
	public record Images(Volume<UnsignedShortType> dess, Volume<UnsignedShortType> iw, Volume<UnsignedByteType> labels,
			TissueFractions dessFractions) {
	}

	/**
	 * Rasterises {@code anatomy} on both grids of {@code config} and synthesises both series and the label map: what
	 * {@link PhantomStudy} writes. The volumes carry laterality, series description, TE/TR/flip angle in their
	 * metadata. Cost: see {@link #rasterize}; about 150 MB of memory at the default grids.
	 */
	public static Images generate(final KneeAnatomy anatomy, final ImagingConfig config) {
		final double[] bounds = anatomy.bounds();
		final BiasField bias = BiasField.random(config.seed(), config.biasAmplitude(), bounds);
		final TissueFractions dessFractions = rasterize(anatomy, config.dessSize(), sagittalGrid(bounds, config.dessSize(), config.dessSpacing()),
				config.supersampling());
		final Volume<UnsignedShortType> dess = synthesize(dessFractions, Contrast.DESS, config.brightest(), config.dessSnr(), bias, config.seed(),
				DESS_SERIES).withMetadata(metadata(anatomy, "SAG 3D DESS WE", "4.7", "16.3", "25"));
		final TissueFractions iwFractions = rasterize(anatomy, config.iwSize(), sagittalGrid(bounds, config.iwSize(), config.iwSpacing()),
				config.supersampling());
		final Volume<UnsignedShortType> iw = synthesize(iwFractions, Contrast.IW_FS, config.brightest(), config.iwSnr(), bias, config.seed(),
				IW_SERIES).withMetadata(metadata(anatomy, "SAG IW TSE FS", "30", "3200", "180"));
		final Volume<UnsignedByteType> labels = labels(dessFractions).withMetadata(Metadata.empty().withLaterality(anatomy.side(), "phantom"));
		return new Images(dess, iw, labels, dessFractions);
	}

	/**
	 * The label map alone on the DESS grid of {@code config} (labels at voxel centres, no metadata: the side is left
	 * for the measurement to find): what tests and benchmarks of the measurement need, without synthesising images.
	 */
	public static Volume<UnsignedByteType> dessLabels(final KneeAnatomy anatomy, final ImagingConfig config) {
		return labels(rasterize(anatomy, config.dessSize(), sagittalGrid(anatomy.bounds(), config.dessSize(), config.dessSpacing()),
				config.supersampling()));
	}

	private static Metadata metadata(final KneeAnatomy anatomy, final String description, final String te, final String tr, final String flip) {
		return Metadata.empty().withLaterality(anatomy.side(), "phantom").with(Metadata.SERIES_DESCRIPTION, description)
				.with(Metadata.ECHO_TIME, te).with(Metadata.REPETITION_TIME, tr).with(Metadata.FLIP_ANGLE, flip);
	}

	/**
	 * A sagittal grid of {@code size} voxels of {@code spacing} mm centred on the box {@code bounds} ({min x, min y,
	 * min z, max x, max y, max z}, LPS mm), axes aligned with the patient axes as on a sagittal knee scan (and on the
	 * OAI DESS): i (columns) runs anterior → posterior (+y), j (rows) superior → inferior (−z), k (slices) towards the
	 * patient's right (−x), which makes the axes right-handed. Slices are therefore along the medial–lateral direction:
	 * from medial to lateral for a right knee, lateral to medial for a left one.
	 */
	public static VoxelGeometry sagittalGrid(final double[] bounds, final int[] size, final double[] spacing) {
		final Matrix3d direction = new Matrix3d(0, 1, 0, 0, 0, -1, -1, 0, 0); // columns: +y, −z, −x
		final Vector3d half = new Matrix3d(direction).scale(spacing[0], spacing[1], spacing[2])
				.transform(new Vector3d(0.5 * (size[0] - 1), 0.5 * (size[1] - 1), 0.5 * (size[2] - 1)));
		final double[] origin = new double[3];
		for (int d = 0; d < 3; d++)
			origin[d] = 0.5 * (bounds[d] + bounds[d + 3]) - half.get(d);
		return VoxelGeometry.of(spacing, origin, direction);
	}

	/**
	 * Rasterises {@code anatomy} on a grid with partial volume.
	 * <p>
	 * A voxel whose centre is at least half the voxel diagonal from every tissue boundary
	 * ({@link KneeAnatomy#boundaryDistanceBound}) holds one tissue, the one at its centre. Any other voxel is
	 * supersampled on a regular sub-grid of n₀ × n₁ × n₂ points, n_d = k · max(1, round(s_d / (4·s_min))) (k³ on the
	 * near-isotropic DESS voxel, 4 × 4 × 8 on a 0.4 × 0.4 × 3.5 mm voxel with k = 4, so that a thick slice is sampled
	 * every 0.44 mm across), and the counts of each tissue give its fractions. The counts are exactly those of
	 * sampling every sub-grid point, but found faster: the voxel's points are halved recursively along the longest
	 * side, and a block of at least 16 points whose centre is farther from any boundary than the block's half-diagonal
	 * is counted with one call of {@code tissueAt} (smaller blocks are sampled point by point: a bound call costs about
	 * two {@code tissueAt} calls; no block is checked inside a voxel whose own bound is 0, i.e. unknown). The same skipping is done
	 * on blocks of whole voxels within a slice, so the cost is O(boundary voxels · n² + pure regions) calls rather than
	 * one call per voxel and per sub-sample.
	 * <p>
	 * A {@link KneeModel} is rasterised the same way through its {@link KneeModel.Neighbourhood}, with the same counts
	 * (tested against sampling every point of every voxel): a block (of voxels or of points) is one tissue when
	 * {@link KneeModel.Neighbourhood#prepare} (voxels) or {@link KneeModel.Neighbourhood#uniform} (points of a voxel)
	 * says so, and a voxel's points are classified with {@link KneeModel.Neighbourhood#tissueAt}, which looks only at
	 * the regions of the knee undecided within the voxel; a point costs a few times less than {@code tissueAt} and a
	 * block check about as much as a point, so blocks of 4 points and more are checked.
	 * <p>
	 * Parallel over slices; deterministic.
	 *
	 * @param samplesPerAxis k ≥ 1
	 */
	public static TissueFractions rasterize(final KneeAnatomy anatomy, final int[] dims, final VoxelGeometry geometry, final int samplesPerAxis) {
		if (samplesPerAxis < 1)
			throw new IllegalArgumentException("need at least one sample per axis, got " + samplesPerAxis);
		Volumes.checkedSize(dims);
		final int nx = dims[0], ny = dims[1], nz = dims[2];
		final byte[] centre = new byte[nx * ny * nz];
		final SliceResult[] slices = new SliceResult[nz];
		final double[] s = geometry.spacing();
		final double sMin = Math.min(s[0], Math.min(s[1], s[2]));
		final int[] n = new int[3];
		for (int d = 0; d < 3; d++)
			n[d] = samplesPerAxis * (int) Math.max(1, Math.round(s[d] / (4 * sMin)));
		Parallel.forEach(nz, z -> slices[z] = new SliceRasterizer(anatomy, geometry, dims, n, centre).slice(z));
		// concatenate the slices in order
		int mixed = 0, entries = 0;
		for (final SliceResult r : slices) {
			mixed += r.voxels.length;
			entries += r.tissues.length;
		}
		final int[] mixedVoxel = new int[mixed], mixedStart = new int[mixed + 1], sliceStart = new int[nz + 1];
		final byte[] entryTissue = new byte[entries];
		final float[] entryFraction = new float[entries];
		int m = 0, e = 0;
		for (int z = 0; z < nz; z++) {
			final SliceResult r = slices[z];
			sliceStart[z] = m;
			for (int v = 0; v < r.voxels.length; v++) {
				mixedVoxel[m] = r.voxels[v];
				mixedStart[m] = e + r.starts[v];
				m++;
			}
			System.arraycopy(r.tissues, 0, entryTissue, e, r.tissues.length);
			System.arraycopy(r.fractions, 0, entryFraction, e, r.fractions.length);
			e += r.tissues.length;
		}
		sliceStart[nz] = m;
		mixedStart[m] = e;
		return new TissueFractions(dims, geometry, centre, mixedVoxel, mixedStart, entryTissue, entryFraction, sliceStart);
	}

	/**
	 * The label map: in every voxel the label ({@link Tissue#label()}, OAI-AKOA numbering) of the tissue at the voxel's
	 * centre. Centre sampling, not the partial-volume majority, because it is exact point membership (a voxel is
	 * labelled femoral cartilage exactly when its centre lies in it), unbiased for smooth surfaces (label volumes
	 * converge to the true volumes), independent of the supersampling, and keeps structures thinner than half a voxel
	 * that a majority vote would erase. O(n).
	 */
	public static Volume<UnsignedByteType> labels(final TissueFractions fractions) {
		final int[] dims = fractions.dimensions();
		final Volume<UnsignedByteType> out = Volumes.unsignedBytes(dims, fractions.geometry());
		final byte[] l = Volumes.byteData(out);
		final Tissue[] tissues = Tissue.values();
		final byte[] byOrdinal = new byte[tissues.length];
		for (final Tissue t : tissues)
			byOrdinal[t.ordinal()] = (byte) t.label();
		final int sliceSize = dims[0] * dims[1];
		Parallel.forEach(dims[2], z -> {
			for (int i = z * sliceSize, end = i + sliceSize; i < end; i++)
				l[i] = byOrdinal[fractions.centre[i]];
		});
		return out;
	}

	/**
	 * Synthesises an image: in every voxel the fraction-weighted mean of the tissue intensities of {@code contrast}
	 * ({@link Contrast#intensities}({@code brightest})), times the bias field at the voxel centre, then Rician noise of
	 * σ = (cartilage intensity) / {@code snr} (none when {@code snr} is infinite), rounded to the nearest integer and
	 * clamped to 0…65535. Noise of slice k comes from {@link RicianNoise#stream}({@code seed}, {@code series}, k), one
	 * complex deviate per voxel in voxel order. A new volume on the fractions' grid, no metadata. O(n), parallel over
	 * slices.
	 */
	public static Volume<UnsignedShortType> synthesize(final TissueFractions fractions, final Contrast contrast, final double brightest,
			final double snr, final BiasField bias, final long seed, final int series) {
		final int[] dims = fractions.dimensions();
		final VoxelGeometry g = fractions.geometry();
		final Volume<UnsignedShortType> out = Volumes.unsignedShorts(dims, g);
		final short[] v = Volumes.shortData(out);
		final double[] intensity = contrast.intensities(brightest);
		final double sigma = Double.isInfinite(snr) ? 0 : intensity[Tissue.FEMORAL_CARTILAGE.ordinal()] / snr;
		final int nx = dims[0], ny = dims[1];
		Parallel.forEach(dims[2], z -> {
			final SplittableRandom random = RicianNoise.stream(seed, series, z);
			final Vector3d p = new Vector3d();
			int m = fractions.sliceStart[z];
			final int mEnd = fractions.sliceStart[z + 1];
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) {
					final int i = x + nx * (y + ny * z);
					double signal;
					if (m < mEnd && fractions.mixedVoxel[m] == i) {
						signal = 0;
						for (int e = fractions.mixedStart[m]; e < fractions.mixedStart[m + 1]; e++)
							signal += fractions.entryFraction[e] * intensity[fractions.entryTissue[e]];
						m++;
					} else
						signal = intensity[fractions.centre[i]];
					g.indexToPatient(x, y, z, p);
					signal *= bias.at(p.x, p.y, p.z);
					if (sigma > 0)
						signal = RicianNoise.magnitude(signal, sigma, random);
					v[i] = (short) Math.max(0, Math.min(0xFFFF, Math.round(signal)));
				}
		});
		return out;
	}

	/** The mixed voxels of one slice: voxel indices, entry starts (relative), entries. */
	private record SliceResult(int[] voxels, int[] starts, byte[] tissues, float[] fractions) {
	}

	/** Rasterises the slices given to it; one instance per task (holds scratch space). */
	private static final class SliceRasterizer {
		private final KneeAnatomy anatomy;
		/** The anatomy's fast path for the points of one voxel, when it has one ({@link KneeModel}), else null. */
		private final KneeModel.Neighbourhood local;
		private final VoxelGeometry g;
		private final int nx, ny;
		private final int[] n;
		private final byte[] centre;
		private final double sx, sy, sz, halfVoxelDiagonal;
		private final Matrix3d linear;
		private final Vector3d p = new Vector3d(), q = new Vector3d();
		private final int[] counts = new int[Tissue.values().length];
		/** The voxels of the current slice (x + nx·y) left to supersample, marked by the voxel blocks, read in order. */
		private final boolean[] candidate;
		private int z;
		private double px, py, pz; // centre of the voxel being supersampled
		private boolean checkSubBlocks; // whether bounds of sub-blocks of that voxel can be useful
		/**
		 * Smallest block of sub-samples whose distance bound is asked before sampling it: a bound costs about two
		 * {@code tissueAt} calls, so smaller blocks are cheaper to sample (measured: 16 beats 8 and 32 on the standard knee).
		 */
		private static final int MIN_CHECKED_BLOCK = 16;
		/**
		 * The same with {@link KneeModel.Neighbourhood#uniform}, which costs about one sample (only the regions left
		 * undecided in the voxel are looked at).
		 */
		private static final int MIN_CHECKED_BLOCK_LOCAL = 4;
		private final int minCheckedBlock;

		SliceRasterizer(final KneeAnatomy anatomy, final VoxelGeometry g, final int[] dims, final int[] n, final byte[] centre) {
			this.anatomy = anatomy;
			local = anatomy instanceof KneeModel model ? model.neighbourhood() : null;
			minCheckedBlock = local != null ? MIN_CHECKED_BLOCK_LOCAL : MIN_CHECKED_BLOCK;
			this.g = g;
			this.nx = dims[0];
			this.ny = dims[1];
			this.n = n;
			this.centre = centre;
			candidate = new boolean[nx * ny];
			sx = g.spacing(0);
			sy = g.spacing(1);
			sz = g.spacing(2);
			halfVoxelDiagonal = 0.5 * Math.sqrt(sx * sx + sy * sy + sz * sz);
			linear = g.indexToPatientLinear();
		}

		SliceResult slice(final int slice) {
			z = slice;
			voxelBlock(0, nx, 0, ny);
			int[] voxels = new int[64], starts = new int[64];
			byte[] tissues = new byte[128];
			float[] fractions = new float[128];
			int mixed = 0, entries = 0;
			final int total = n[0] * n[1] * n[2];
			for (int j = 0; j < candidate.length; j++) {
				if (!candidate[j])
					continue;
				final int x = j % nx, y = j / nx, i = j + nx * ny * z;
				g.indexToPatient(x, y, z, p);
				px = p.x;
				py = p.y;
				pz = p.z;
				final Tissue t0;
				if (local != null) {
					final Tissue pure = local.prepare(px, py, pz, halfVoxelDiagonal);
					t0 = pure != null ? pure : local.tissueAt(px, py, pz);
					centre[i] = (byte) t0.ordinal();
					if (pure != null)
						continue;
					checkSubBlocks = true;
				} else {
					t0 = anatomy.tissueAt(px, py, pz);
					centre[i] = (byte) t0.ordinal();
					final double bound = anatomy.boundaryDistanceBound(px, py, pz);
					if (bound >= halfVoxelDiagonal)
						continue;
					// a bound of 0 is the model saying "no bound known here": the bounds of the voxel's sub-blocks would
					// say the same, so do not ask for them (it changes no count, only the time)
					checkSubBlocks = bound > 0;
				}
				Arrays.fill(counts, 0);
				sampleBlock(0, n[0], 0, n[1], 0, n[2], false); // the voxel's own bound was just found too small
				if (counts[t0.ordinal()] == total)
					continue;
				if (mixed == voxels.length) {
					voxels = Arrays.copyOf(voxels, 2 * mixed);
					starts = Arrays.copyOf(starts, 2 * mixed);
				}
				voxels[mixed] = i;
				starts[mixed] = entries;
				mixed++;
				for (int t = 0; t < counts.length; t++)
					if (counts[t] > 0) {
						if (entries == tissues.length) {
							tissues = Arrays.copyOf(tissues, 2 * entries);
							fractions = Arrays.copyOf(fractions, 2 * entries);
						}
						tissues[entries] = (byte) t;
						fractions[entries] = counts[t] / (float) total;
						entries++;
					}
			}
			return new SliceResult(Arrays.copyOf(voxels, mixed), Arrays.copyOf(starts, mixed), Arrays.copyOf(tissues, entries),
					Arrays.copyOf(fractions, entries));
		}

		/** Voxels [x0, x1) × [y0, y1) of the current slice: filled if provably one tissue, else split or queued. */
		private void voxelBlock(final int x0, final int x1, final int y0, final int y1) {
			final int w = x1 - x0, h = y1 - y0;
			if (w == 1 && h == 1) {
				candidate[x0 + nx * y0] = true;
				return;
			}
			g.indexToPatient(0.5 * (x0 + x1 - 1), 0.5 * (y0 + y1 - 1), z, p);
			final double halfDiagonal = 0.5 * Math.sqrt(w * sx * w * sx + h * sy * h * sy + sz * sz);
			final Tissue uniform = local != null ? local.prepare(p.x, p.y, p.z, halfDiagonal)
					: anatomy.boundaryDistanceBound(p.x, p.y, p.z) > halfDiagonal ? anatomy.tissueAt(p.x, p.y, p.z) : null;
			if (uniform != null) {
				final byte t = (byte) uniform.ordinal();
				for (int y = y0; y < y1; y++) {
					final int row = nx * (y + ny * z);
					Arrays.fill(centre, row + x0, row + x1, t);
				}
				return;
			}
			if (w * sx >= h * sy) {
				final int xm = x0 + w / 2;
				voxelBlock(x0, xm, y0, y1);
				voxelBlock(xm, x1, y0, y1);
			} else {
				final int ym = y0 + h / 2;
				voxelBlock(x0, x1, y0, ym);
				voxelBlock(x0, x1, ym, y1);
			}
		}

		/** The tissue at a sub-sample of the voxel being sampled. */
		private Tissue sample(final double x, final double y, final double z) {
			return local != null ? local.tissueAt(x, y, z) : anatomy.tissueAt(x, y, z);
		}

		/**
		 * Counts the tissues at sub-grid points [a0, a1) × [b0, b1) × [c0, c1) of the current voxel; point (a, b, c) is
		 * at index offset ((a + ½)/n₀ − ½, (b + ½)/n₁ − ½, (c + ½)/n₂ − ½) from the voxel centre.
		 */
		private void sampleBlock(final int a0, final int a1, final int b0, final int b1, final int c0, final int c1, final boolean check) {
			final int na = a1 - a0, nb = b1 - b0, nc = c1 - c0, count = na * nb * nc;
			final double u = 0.5 * (a0 + a1) / n[0] - 0.5, v = 0.5 * (b0 + b1) / n[1] - 0.5, w = 0.5 * (c0 + c1) / n[2] - 0.5;
			if (count == 1) {
				linear.transform(u, v, w, q);
				counts[sample(px + q.x, py + q.y, pz + q.z).ordinal()]++;
				return;
			}
			if (count < minCheckedBlock) {
				for (int c = c0; c < c1; c++)
					for (int b = b0; b < b1; b++)
						for (int a = a0; a < a1; a++) {
							linear.transform((a + 0.5) / n[0] - 0.5, (b + 0.5) / n[1] - 0.5, (c + 0.5) / n[2] - 0.5, q);
							counts[sample(px + q.x, py + q.y, pz + q.z).ordinal()]++;
						}
				return;
			}
			if (check && checkSubBlocks) {
				linear.transform(u, v, w, q);
				final double x = px + q.x, y = py + q.y, zz = pz + q.z;
				// half-diagonal of the box spanned by the points' positions (not the cells)
				final double ex = (na - 1) * sx / n[0], ey = (nb - 1) * sy / n[1], ez = (nc - 1) * sz / n[2];
				final double halfDiagonal = 0.5 * Math.sqrt(ex * ex + ey * ey + ez * ez);
				final Tissue uniform = local != null ? local.uniform(x, y, zz, halfDiagonal)
						: anatomy.boundaryDistanceBound(x, y, zz) > halfDiagonal ? anatomy.tissueAt(x, y, zz) : null;
				if (uniform != null) {
					counts[uniform.ordinal()] += count;
					return;
				}
			}
			// split the longest side (in mm)
			final double la = na * sx / n[0], lb = nb * sy / n[1], lc = nc * sz / n[2];
			if (na > 1 && la >= lb && la >= lc) {
				final int m = a0 + na / 2;
				sampleBlock(a0, m, b0, b1, c0, c1, true);
				sampleBlock(m, a1, b0, b1, c0, c1, true);
			} else if (nb > 1 && lb >= lc) {
				final int m = b0 + nb / 2;
				sampleBlock(a0, a1, b0, m, c0, c1, true);
				sampleBlock(a0, a1, m, b1, c0, c1, true);
			} else if (nc > 1) {
				final int m = c0 + nc / 2;
				sampleBlock(a0, a1, b0, b1, c0, m, true);
				sampleBlock(a0, a1, b0, b1, m, c1, true);
			} else if (na > 1) {
				final int m = a0 + na / 2;
				sampleBlock(a0, m, b0, b1, c0, c1, true);
				sampleBlock(m, a1, b0, b1, c0, c1, true);
			} else {
				final int m = b0 + nb / 2;
				sampleBlock(a0, a1, b0, m, c0, c1, true);
				sampleBlock(a0, a1, m, b1, c0, c1, true);
			}
		}
	}
}
