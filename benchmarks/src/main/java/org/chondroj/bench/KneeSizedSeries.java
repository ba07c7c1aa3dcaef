package org.chondroj.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.dicom.MRSeriesWriter;
import org.chondroj.dicom.SeriesDescription;
import org.joml.Matrix3d;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * A DICOM series of the size of an OAI DESS scan — 160 sagittal slices of 384 × 384 16-bit pixels, 0.3646 ×
 * 0.3646 × 0.7 mm — written by ChondroJ's own writer, for reading benchmarks. The pixels are a smooth pattern
 * plus noise (so they look like data, not zeros); deterministic for a seed.
 */
public final class KneeSizedSeries {

	private KneeSizedSeries() {
	}

	/** The volume written: 384 columns × 384 rows × 160 slices, sagittal (rows along −z, columns along +y, slices along +x). */
	public static Volume<UnsignedShortType> volume(final long seed) {
		final int[] dims = { 384, 384, 160 };
		final short[] data = new short[dims[0] * dims[1] * dims[2]];
		Parallel.forEach(dims[2], z -> {
			final SplittableRandom r = new SplittableRandom(seed + z);
			for (int y = 0, i = z * dims[0] * dims[1]; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++, i++)
					data[i] = (short) (1200 + 800 * Math.sin(x * 0.031) * Math.cos(y * 0.027 + z * 0.05) + r.nextInt(200));
		});
		// sagittal: columns along anterior→posterior (+y), rows head→foot (−z), slices right→left (+x)
		final Matrix3d sagittal = new Matrix3d(0, 1, 0, 0, 0, -1, 1, 0, 0);
		return Volumes.wrapUnsignedShorts(data, dims, VoxelGeometry.of(new double[] { 0.3646, 0.3646, 0.7 }, new double[] { -56, -70, 70 }, sagittal));
	}

	/** Writes the series into {@code folder} (160 files). */
	public static void write(final Path folder, final long seed) throws IOException {
		MRSeriesWriter.write(volume(seed), SeriesDescription.builder("benchmark-" + seed).seriesDescription("SAG 3D DESS WE (benchmark)").build(), folder);
	}
}
