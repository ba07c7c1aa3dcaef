package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** Series written by pydicom with known geometry and values: each gives the expected volume, split or error. */
class DicomVolumesSyntheticTest {

	private static final double[] AXIAL = { 1, 0, 0, 0, 1, 0 };

	/** Every voxel holds value(i, j, label k) and sits at origin + k·spacing·n + i·0.8·row + j·0.5·col (1e-6 mm). */
	private static void assertStack(final Volume<?> v, final int n, final double[] origin, final double[] o, final double spacing, final int offset,
			final double slope, final double intercept) {
		assertEquals(List.of(SyntheticSeries.COLUMNS, SyntheticSeries.ROWS, n), List.of(v.dimension(0), v.dimension(1), v.dimension(2)));
		final VoxelGeometry g = v.geometry();
		assertEquals(SyntheticSeries.COLUMN_SPACING, g.spacing(0), 1e-12, "spacing along i = PixelSpacing[1]");
		assertEquals(SyntheticSeries.ROW_SPACING, g.spacing(1), 1e-12, "spacing along j = PixelSpacing[0]");
		assertEquals(spacing, g.spacing(2), 1e-9);
		final double[] nrm = SyntheticSeries.normal(o);
		final float[] values = Volumes.floatValues(v);
		final Vector3d p = new Vector3d();
		for (int k = 0; k < n; k++)
			for (int j = 0; j < SyntheticSeries.ROWS; j++)
				for (int i = 0; i < SyntheticSeries.COLUMNS; i++) {
					g.indexToPatient(i, j, k, p);
					for (int d = 0; d < 3; d++) {
						final double expected = origin[d] + k * spacing * nrm[d] + i * SyntheticSeries.COLUMN_SPACING * o[d]
								+ j * SyntheticSeries.ROW_SPACING * o[3 + d];
						assertEquals(expected, p.get(d), 1e-6, "voxel " + i + "," + j + "," + k + " axis " + d);
					}
					assertEquals(SyntheticSeries.value(i, j, k, offset) * slope + intercept, values[v.index(i, j, k)], 1e-4);
				}
	}

	/** Shuffled file names and instance numbers: slices are still ordered by position along the normal. */
	@Test
	void shuffledNamesAndInstanceNumbers(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = SyntheticSeries.stack(9, new double[] { -20, 10, 5 }, AXIAL, 2.0);
		final List<Integer> perm = new ArrayList<>();
		for (int k = 0; k < slices.size(); k++)
			perm.add(k);
		Collections.shuffle(perm, new Random(42));
		for (int k = 0; k < slices.size(); k++) {
			slices.get(k).file = "IMG" + (1000 - 7 * perm.get(k)); // names sort in another order than the positions
			slices.get(k).instance = 1 + perm.get((k + 3) % slices.size()); // instance numbers unrelated to position
		}
		SyntheticSeries.write(dir, slices);
		final DicomScan scan = DicomScanner.scan(dir);
		final DicomSeries s = scan.onlySeries();
		assertEquals("", s.reason());
		final Volume<?> v = DicomVolumes.read(s);
		assertTrue(v.type() instanceof UnsignedShortType, "unsigned 16-bit, identity rescale");
		assertStack(v, 9, new double[] { -20, 10, 5 }, AXIAL, 2.0, 0, 1, 0);
		final Metadata m = v.metadata();
		assertEquals("30", m.get(Metadata.ECHO_TIME));
		assertEquals("2500", m.get(Metadata.REPETITION_TIME));
		assertEquals("90", m.get(Metadata.FLIP_ANGLE));
		assertEquals("*tse2d1_5", m.get(DicomVolumes.SEQUENCE_NAME));
		assertEquals("yes (ScanOptions FS)", m.get(DicomVolumes.FAT_SUPPRESSION));
		assertEquals(dir.toAbsolutePath().toString(), m.get(Metadata.SOURCE));
		assertEquals(Laterality.UNKNOWN, m.laterality());
	}

	/** A double-oblique orientation is kept exactly: direction columns = row, column, normal. */
	@Test
	void obliqueOrientation(@TempDir final Path dir) throws Exception {
		final double a = Math.toRadians(20), b = Math.toRadians(-12);
		// row: rotated about z by a; column: perpendicular to it, tilted by b
		final double[] row = { Math.cos(a), Math.sin(a), 0 };
		final double[] col = { -Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b) };
		final double[] o = { row[0], row[1], row[2], col[0], col[1], col[2] };
		SyntheticSeries.write(dir, SyntheticSeries.stack(5, new double[] { 3.5, -7.25, 40 }, o, 1.7));
		final Volume<?> v = DicomVolumes.read(DicomScanner.scan(dir).onlySeries());
		final Vector3d c = new Vector3d();
		final double[] n = SyntheticSeries.normal(o);
		for (int d = 0; d < 3; d++) {
			v.geometry().direction().getColumn(d, c);
			final double[] expected = d == 0 ? row : d == 1 ? col : n;
			assertEquals(expected[0], c.x, 1e-12);
			assertEquals(expected[1], c.y, 1e-12);
			assertEquals(expected[2], c.z, 1e-12);
		}
		assertStack(v, 5, new double[] { 3.5, -7.25, 40 }, o, 1.7, 0, 1, 0);
	}

	/** A slice missing in the middle: an error naming the series, the gap and the files around it. */
	@Test
	void missingSliceIsAnError(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = SyntheticSeries.stack(8, new double[] { 0, 0, 0 }, AXIAL, 1.5);
		slices.remove(4);
		SyntheticSeries.write(dir, slices);
		final DicomSeries s = DicomScanner.scan(dir).onlySeries();
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomVolumes.read(s));
		assertTrue(e.getMessage().contains("series " + s.id()), e.getMessage());
		assertTrue(e.getMessage().contains("missing slice(s): a gap of 3 mm between"), e.getMessage());
		assertTrue(e.getMessage().contains("s03.dcm") && e.getMessage().contains("s05.dcm"), e.getMessage());
		assertTrue(e.getMessage().contains("about 1 missing"), e.getMessage());
		// accepted on request, with the gaps recorded
		final Volume<?> v = DicomVolumes.read(s, DicomVolumes.Options.defaults().allowNonUniformSpacing(true));
		assertEquals(7, v.dimension(2));
		assertEquals(10.5 / 6, v.geometry().spacing(2), 1e-9);
		assertEquals("1.5..3 mm", v.metadata().get(DicomVolumes.SLICE_SPACING_NONUNIFORM));
	}

	/** Two files at one position (same echo, same acquisition): an error naming both files. */
	@Test
	void duplicatedPositionIsAnError(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = SyntheticSeries.stack(5, new double[] { 0, 0, 0 }, AXIAL, 2);
		final SyntheticSeries.Slice copy = SyntheticSeries.stack(5, new double[] { 0, 0, 0 }, AXIAL, 2).get(2);
		copy.file = "copy.dcm";
		copy.instance = 99;
		slices.add(copy);
		SyntheticSeries.write(dir, slices);
		final DicomSeries s = DicomScanner.scan(dir).onlySeries();
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomVolumes.read(s));
		assertTrue(e.getMessage().contains("two slices at one position, (0.000, 0.000, 4.000) mm"), e.getMessage());
		assertTrue(e.getMessage().contains("copy.dcm") && e.getMessage().contains("s02.dcm"), e.getMessage());
	}

	/** Non-uniform spacing (2, 2, 2.5, 2 mm): an error by default; accepted on request with the gaps in the metadata. */
	@Test
	void nonUniformSpacing(@TempDir final Path dir) throws Exception {
		final double[] z = { 0, 2, 4, 6.5, 8.5 };
		final List<SyntheticSeries.Slice> slices = new ArrayList<>();
		for (int k = 0; k < z.length; k++)
			slices.add(new SyntheticSeries.Slice("f" + k, k, new double[] { 1, 2, z[k] }));
		SyntheticSeries.write(dir, slices);
		final DicomSeries s = DicomScanner.scan(dir).onlySeries();
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomVolumes.read(s));
		assertTrue(e.getMessage().contains("non-uniform slice spacing: gaps from 2 to 2.5 mm"), e.getMessage());
		final Volume<?> v = DicomVolumes.read(s, DicomVolumes.Options.defaults().allowNonUniformSpacing(true));
		assertEquals(8.5 / 4, v.geometry().spacing(2), 1e-9);
		assertEquals("2..2.5 mm", v.metadata().get(DicomVolumes.SLICE_SPACING_NONUNIFORM));
		// small deviations (DS rounding) are within the tolerance: 0.004 mm on 2 mm
		final Path dir2 = dir.resolve("rounded");
		final List<SyntheticSeries.Slice> rounded = SyntheticSeries.stack(5, new double[] { 0, 0, 0 }, AXIAL, 2);
		rounded.get(2).position[2] += 0.004;
		SyntheticSeries.write(dir2, rounded);
		assertNull(DicomVolumes.read(DicomScanner.scan(dir2).onlySeries()).metadata().get(DicomVolumes.SLICE_SPACING_NONUNIFORM));
	}

	/** Two echoes in one series: two stacks with ids #echo1 and #echo2, a reason each, and the right volumes. */
	@Test
	void twoEchoesAreSplit(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = new ArrayList<>();
		for (int e = 1; e <= 2; e++)
			for (final SyntheticSeries.Slice s : SyntheticSeries.stack(4, new double[] { 0, 0, 0 }, AXIAL, 3)) {
				s.file = "e" + e + "_" + s.file;
				s.echoNumber = e;
				s.echoTime = e == 1 ? 12.5 : 40;
				s.offset = e == 1 ? 0 : 1000;
				s.instance += 10 * e;
				slices.add(s);
			}
		SyntheticSeries.write(dir, slices);
		final List<DicomSeries> stacks = DicomScanner.scan(dir).allSeries();
		assertEquals(List.of("1.2.826.0.1.3680043.8.498.1.1#echo1", "1.2.826.0.1.3680043.8.498.1.1#echo2"),
				stacks.stream().map(DicomSeries::id).collect(Collectors.toList()));
		assertEquals("split by echo (2 in the series): echo 2, TE 40 ms", stacks.get(1).reason());
		for (int e = 1; e <= 2; e++) {
			final Volume<?> v = DicomVolumes.read(stacks.get(e - 1));
			assertStack(v, 4, new double[] { 0, 0, 0 }, AXIAL, 3, e == 1 ? 0 : 1000, 1, 0);
			assertEquals(e == 1 ? "12.5" : "40", v.metadata().get(Metadata.ECHO_TIME));
			assertNotNull(v.metadata().get(DicomVolumes.SPLIT_REASON));
		}
	}

	/** A left knee with Laterality "L": metadata laterality L, source the Laterality attribute. */
	@Test
	void leftKneeFromLaterality(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = SyntheticSeries.stack(3, new double[] { 0, 0, 0 }, AXIAL, 1);
		for (final SyntheticSeries.Slice s : slices) {
			s.laterality = "L";
			s.description = "Sag PD right"; // the attribute wins over the description
		}
		SyntheticSeries.write(dir, slices);
		final Metadata m = DicomVolumes.read(DicomScanner.scan(dir).onlySeries()).metadata();
		assertEquals(Laterality.LEFT, m.laterality());
		assertEquals("DICOM Laterality (0020,0060)", m.get(Metadata.LATERALITY_SOURCE));
	}

	/** Signed 16-bit stored values with RescaleSlope 0.5 and RescaleIntercept −100: a float volume of the rescaled values. */
	@Test
	void signedWithRescale(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = SyntheticSeries.stack(4, new double[] { 0, 0, 0 }, AXIAL, 2);
		for (final SyntheticSeries.Slice s : slices) {
			s.signed = true;
			s.slope = 0.5;
			s.intercept = -100;
			s.offset = -120; // stored values from -120 to 186
		}
		SyntheticSeries.write(dir, slices);
		final Volume<?> v = DicomVolumes.read(DicomScanner.scan(dir).onlySeries());
		assertTrue(v.type() instanceof FloatType);
		assertStack(v, 4, new double[] { 0, 0, 0 }, AXIAL, 2, -120, 0.5, -100);
		assertEquals(-160f, Volumes.floatValues(v)[0]);
	}

	/** Two orientations in one series are split by the scanner; given as one stack of files, they are an error. */
	@Test
	void differentOrientations(@TempDir final Path dir) throws Exception {
		final List<SyntheticSeries.Slice> slices = SyntheticSeries.stack(3, new double[] { 0, 0, 0 }, AXIAL, 2);
		final double[] coronal = { 1, 0, 0, 0, 0, -1 };
		for (final SyntheticSeries.Slice s : SyntheticSeries.stack(3, new double[] { 0, 50, 0 }, coronal, 2)) {
			s.file = "cor_" + s.file;
			slices.add(s);
		}
		SyntheticSeries.write(dir, slices);
		final List<DicomSeries> stacks = DicomScanner.scan(dir).allSeries();
		assertEquals(2, stacks.size());
		assertTrue(stacks.get(0).id().endsWith("#orient1") && stacks.get(1).id().endsWith("#orient2"), stacks.toString());
		assertTrue(stacks.get(1).reason().startsWith("split by orientation"), stacks.get(1).reason());
		final List<Path> files = new ArrayList<>();
		for (final SyntheticSeries.Slice s : slices)
			files.add(dir.resolve(s.file));
		final DicomSeries mixed = DicomScanner.stack(files);
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomVolumes.arrange(mixed));
		assertTrue(e.getMessage().contains("different orientations"), e.getMessage());
	}

	/** The laterality rules, on headers built in memory. */
	@Test
	void lateralityRules() {
		final Attributes none = new Attributes(false);
		assertEquals("R", DicomVolumes.laterality(none, "Sag PD FS right knee")[0]);
		assertEquals("series description \"Sag PD FS right knee\"", DicomVolumes.laterality(none, "Sag PD FS right knee")[1]);
		assertEquals("L", DicomVolumes.laterality(none, "COR_T1_L")[0]);
		assertEquals("L", DicomVolumes.laterality(none, "knee-lt/sag")[0]);
		assertEquals("", DicomVolumes.laterality(none, "Sag DESS 3132 30 HiRes thk1p5 ARCx2")[0], "no side word");
		assertEquals("", DicomVolumes.laterality(none, "LEFT vs RIGHT")[0], "both sides named");
		assertEquals("", DicomVolumes.laterality(none, "Flair")[0], "'L' inside a word is not a side");
		final Attributes image = new Attributes(false).setString(Tag.ImageLaterality, "R");
		assertEquals("R", DicomVolumes.laterality(image, "left")[0]);
		assertEquals("DICOM ImageLaterality (0020,0062)", DicomVolumes.laterality(image, "left")[1]);
		final Attributes both = new Attributes(false).setString(Tag.Laterality, "B");
		assertEquals("L", DicomVolumes.laterality(both, "left")[0], "B is passed over");
	}
}
