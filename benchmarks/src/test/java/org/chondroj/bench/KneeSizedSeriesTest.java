package org.chondroj.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.dicom.DicomVolumes;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * The benchmark's series is what it claims: 160 files of 384 × 384, read back to the very voxels written, in the same
 * places. Its frame is left-handed (rows × columns points to the patient's right, the slices go left), so the reader,
 * which orders slices along the DICOM normal, returns them in reverse order with the third axis negated: the same
 * voxels at the same patient positions.
 */
@Tag("slow")
class KneeSizedSeriesTest {

	@Test
	void writtenSeriesReadsBackExactly(@TempDir final Path dir) throws Exception {
		KneeSizedSeries.write(dir, 1);
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(160, files.count());
		}
		final Volume<?> read = DicomVolumes.read(dir, null, DicomVolumes.Options.defaults());
		final Volume<UnsignedShortType> written = KneeSizedSeries.volume(1);
		assertArrayEquals(written.dimensions(), read.dimensions());
		final int nz = written.dimension(2), slice = written.dimension(0) * written.dimension(1);
		final Vector3d lastSlice = written.geometry().indexToPatient(0, 0, nz - 1, new Vector3d());
		final Matrix3d flipped = new Matrix3d(written.geometry().direction()).scale(1, 1, -1);
		final VoxelGeometry expected = VoxelGeometry.of(written.geometry().spacing(), new double[] { lastSlice.x, lastSlice.y, lastSlice.z }, flipped);
		assertTrue(read.geometry().approximatelyEquals(expected, 1e-4), read.geometry() + " vs " + expected);
		assertTrue(read.type() instanceof UnsignedShortType);
		final short[] w = Volumes.shortData(written), r = Volumes.shortData(asShorts(read));
		for (int k = 0; k < nz; k++)
			assertArrayEquals(Arrays.copyOfRange(w, (nz - 1 - k) * slice, (nz - k) * slice), Arrays.copyOfRange(r, k * slice, (k + 1) * slice), "slice " + k);
	}

	@SuppressWarnings("unchecked")
	private static Volume<UnsignedShortType> asShorts(final Volume<?> v) {
		return (Volume<UnsignedShortType>) v;
	}
}
