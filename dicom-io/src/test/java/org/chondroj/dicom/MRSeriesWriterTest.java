package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.Dcm2niix;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.TestVolumes;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * {@link MRSeriesWriter}: an oblique, anisotropic (0.3646 × 0.3646 × 0.7 mm) left knee volume written as a series and
 * read back by our reader, by pydicom, by dcmdump and by dcm2niix.
 */
class MRSeriesWriterTest {

	static final int NX = 23, NY = 17, NZ = 6;

	/** Oblique: rotated 20° about (1, 2, 3); origin off-centre. */
	static VoxelGeometry obliqueGeometry() {
		final Matrix3d d = new Matrix3d().rotate(Math.toRadians(20), new Vector3d(1, 2, 3).normalize());
		return VoxelGeometry.of(new double[] { 0.3646, 0.3646, 0.7 }, new double[] { -61.25, 23.5, 112.125 }, d);
	}

	/** A left knee: random 16-bit values (0 and 65535 included) with TE/TR/flip angle in the metadata. */
	static Volume<UnsignedShortType> leftKnee(final long seed) {
		final short[] v = new short[NX * NY * NZ];
		final SplittableRandom r = new SplittableRandom(seed);
		for (int i = 0; i < v.length; i++)
			v[i] = (short) r.nextInt(65536);
		v[0] = 0;
		v[1] = (short) 65535;
		return Volumes.wrapUnsignedShorts(v, new int[] { NX, NY, NZ }, obliqueGeometry()).withMetadata(Metadata.empty()
				.withLaterality(Laterality.LEFT, "test").with(Metadata.ECHO_TIME, "4.75").with(Metadata.REPETITION_TIME, "16.3")
				.with(Metadata.FLIP_ANGLE, "25"));
	}

	static SeriesDescription description(final String seed) {
		return SeriesDescription.builder(seed).patientName("Knee^Left").patientId("P-0042").studyDescription("knee phantom")
				.seriesDescription("sag 3D DESS WE").seriesNumber(3).fieldStrength(3.0).frameOfReferenceUid(Uids.fromName(seed + "/for")).build();
	}

	static List<Path> files(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void writesEveryAttributeAndVoxel(@TempDir final Path dir) throws IOException {
		final Volume<UnsignedShortType> knee = leftKnee(1);
		final SeriesDescription s = description("seed-1");
		final List<Path> written = MRSeriesWriter.write(knee, s, dir);
		assertEquals(files(dir), written);
		assertEquals(NZ, written.size());
		final short[] voxels = Volumes.shortData(knee);
		final VoxelGeometry g = knee.geometry();
		final List<String> sopUids = new ArrayList<>();
		for (int k = 0; k < NZ; k++) {
			final DicomFile f = DicomReader.read(written.get(k));
			final Attributes ds = f.dataset();
			assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
			assertEquals(MRSeriesWriter.MR_IMAGE_STORAGE, ds.string(Tag.SOPClassUID));
			assertEquals(MRSeriesWriter.MR_IMAGE_STORAGE, f.meta().string(Tag.MediaStorageSOPClassUID));
			assertEquals(ds.string(Tag.SOPInstanceUID), f.meta().string(Tag.MediaStorageSOPInstanceUID));
			assertEquals(Uids.fromName("seed-1/series/3/instance/" + k), ds.string(Tag.SOPInstanceUID));
			sopUids.add(ds.string(Tag.SOPInstanceUID));
			assertEquals(s.studyInstanceUid(), ds.string(Tag.StudyInstanceUID));
			assertEquals(Uids.fromName("seed-1/study"), ds.string(Tag.StudyInstanceUID));
			assertEquals(Uids.fromName("seed-1/series/3"), ds.string(Tag.SeriesInstanceUID));
			assertEquals(Uids.fromName("seed-1/for"), ds.string(Tag.FrameOfReferenceUID));
			assertEquals("Knee^Left", ds.string(Tag.PatientName));
			assertEquals("P-0042", ds.string(Tag.PatientID));
			assertEquals("knee phantom", ds.string(Tag.StudyDescription));
			assertEquals("sag 3D DESS WE", ds.string(Tag.SeriesDescription));
			assertEquals(3, ds.intValue(Tag.SeriesNumber, -1));
			assertEquals(k + 1, ds.intValue(Tag.InstanceNumber, -1));
			assertEquals("L", ds.string(Tag.Laterality));
			assertEquals("MR", ds.string(Tag.Modality));
			assertEquals("KNEE", ds.string(Tag.BodyPartExamined));
			assertArrayEquals(new String[] { "DERIVED", "PRIMARY" }, ds.strings(Tag.ImageType));
			assertEquals("GR", ds.string(Tag.ScanningSequence));
			assertEquals("SS", ds.string(Tag.SequenceVariant));
			assertTrue(ds.contains(Tag.ScanOptions));
			assertEquals("3D", ds.string(Tag.MRAcquisitionType));
			assertEquals(4.75, ds.doubleValue(Tag.EchoTime, -1), 0);
			assertEquals(16.3, ds.doubleValue(Tag.RepetitionTime, -1), 0);
			assertEquals(25, ds.doubleValue(Tag.FlipAngle, -1), 0);
			assertEquals(1, ds.intValue(Tag.EchoTrainLength, -1));
			assertEquals(3.0, ds.doubleValue(Tag.MagneticFieldStrength, -1), 0);
			for (final Tag type2 : new Tag[] { Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyDate, Tag.StudyTime, Tag.ReferringPhysicianName,
					Tag.StudyID, Tag.AccessionNumber, Tag.PositionReferenceIndicator, Tag.Manufacturer, Tag.PatientPosition })
				assertTrue(ds.contains(type2), type2.name());
			assertFalse(ds.contains(Tag.ContentDate), "no wall-clock dates");
			assertFalse(ds.contains(Tag.SpecificCharacterSet), "ASCII only");
			// geometry, to 1e-4 mm
			final Vector3d p = g.indexToPatient(0, 0, k, new Vector3d());
			assertArrayEquals(new double[] { p.x, p.y, p.z }, ds.doubles(Tag.ImagePositionPatient), 1e-4, "IPP of slice " + k);
			final Vector3d c0 = g.direction().getColumn(0, new Vector3d()), c1 = g.direction().getColumn(1, new Vector3d());
			assertArrayEquals(new double[] { c0.x, c0.y, c0.z, c1.x, c1.y, c1.z }, ds.doubles(Tag.ImageOrientationPatient), 1e-12);
			assertArrayEquals(new double[] { 0.3646, 0.3646 }, ds.doubles(Tag.PixelSpacing), 0);
			assertEquals(0.7, ds.doubleValue(Tag.SliceThickness, -1), 0);
			assertEquals(0.7, ds.doubleValue(Tag.SpacingBetweenSlices, -1), 0);
			// pixels
			assertEquals(NY, ds.intValue(Tag.Rows, -1));
			assertEquals(NX, ds.intValue(Tag.Columns, -1));
			assertEquals(1, ds.intValue(Tag.SamplesPerPixel, -1));
			assertEquals("MONOCHROME2", ds.string(Tag.PhotometricInterpretation));
			assertEquals(16, ds.intValue(Tag.BitsAllocated, -1));
			assertEquals(16, ds.intValue(Tag.BitsStored, -1));
			assertEquals(15, ds.intValue(Tag.HighBit, -1));
			assertEquals(0, ds.intValue(Tag.PixelRepresentation, -1));
			assertFalse(ds.contains(Tag.RescaleSlope));
			final int[] values = PixelData.decode(f).values();
			for (int i = 0; i < NX * NY; i++)
				assertEquals(voxels[k * NX * NY + i] & 0xFFFF, values[i], "slice " + k + " pixel " + i);
		}
		assertEquals(NZ, sopUids.stream().distinct().count());
	}

	/** pydicom, independently: the attributes and every pixel value. */
	@Test
	void pydicomReadsTheSeries(@TempDir final Path dir) throws IOException {
		ExternalTools.requirePython("pydicom", "numpy");
		final Volume<UnsignedShortType> knee = leftKnee(2);
		final List<Path> written = MRSeriesWriter.write(knee, description("seed-2"), dir.resolve("series"));
		final Path raw = dir.resolve("pixels.raw");
		final String code = String.join("\n", "import sys, pydicom, numpy as np", "out = []", "for f in sys.argv[2:]:",
				"    d = pydicom.dcmread(f)", "    a = d.pixel_array", "    assert a.dtype == np.uint16 and a.shape == (d.Rows, d.Columns), (a.dtype, a.shape)",
				"    out.append(a.astype('<u2').tobytes())",
				"    print('|'.join([str(d.InstanceNumber), d.Laterality, str(d.PatientName), d.SOPClassUID, d.file_meta.TransferSyntaxUID,",
				"        repr([float(x) for x in d.ImagePositionPatient]), repr([float(x) for x in d.ImageOrientationPatient]),",
				"        repr([float(x) for x in d.PixelSpacing]), repr(float(d.SliceThickness)), repr(float(d.EchoTime)),",
				"        repr(float(d.RepetitionTime)), repr(float(d.FlipAngle)), d.SeriesInstanceUID, d.FrameOfReferenceUID, d.Modality,",
				"        d.PhotometricInterpretation, str(d.BitsStored), d.file_meta.ImplementationVersionName]))",
				"open(sys.argv[1], 'wb').write(b''.join(out))");
		final String[] args = new String[written.size() + 1];
		args[0] = raw.toString();
		for (int i = 0; i < written.size(); i++)
			args[i + 1] = written.get(i).toString();
		final String[] lines = ExternalTools.pythonCode(code, args).trim().split("\n");
		assertEquals(NZ, lines.length);
		for (int k = 0; k < NZ; k++) {
			final String[] f = lines[k].split("\\|");
			final Attributes ds = DicomReader.read(written.get(k)).dataset();
			assertEquals(Integer.toString(k + 1), f[0]);
			assertEquals("L", f[1]);
			assertEquals("Knee^Left", f[2]);
			assertEquals(MRSeriesWriter.MR_IMAGE_STORAGE, f[3]);
			assertEquals("1.2.840.10008.1.2.1", f[4]);
			assertArrayEquals(ds.doubles(Tag.ImagePositionPatient), parse(f[5]), 0);
			final Vector3d p = knee.geometry().indexToPatient(0, 0, k, new Vector3d());
			assertArrayEquals(new double[] { p.x, p.y, p.z }, parse(f[5]), 1e-4);
			assertArrayEquals(ds.doubles(Tag.ImageOrientationPatient), parse(f[6]), 0);
			assertArrayEquals(new double[] { 0.3646, 0.3646 }, parse(f[7]), 0);
			assertEquals(0.7, Double.parseDouble(f[8]), 0);
			assertEquals(4.75, Double.parseDouble(f[9]), 0);
			assertEquals(16.3, Double.parseDouble(f[10]), 0);
			assertEquals(25, Double.parseDouble(f[11]), 0);
			assertEquals(ds.string(Tag.SeriesInstanceUID), f[12]);
			assertEquals(ds.string(Tag.FrameOfReferenceUID), f[13]);
			assertEquals("MR", f[14]);
			assertEquals("MONOCHROME2", f[15]);
			assertEquals("16", f[16]);
			assertEquals(DicomWriter.IMPLEMENTATION_VERSION_NAME, f[17]);
		}
		final byte[] bytes = Files.readAllBytes(raw);
		final short[] voxels = Volumes.shortData(knee);
		assertEquals(2 * voxels.length, bytes.length);
		for (int i = 0; i < voxels.length; i++)
			assertEquals(voxels[i] & 0xFFFF, bytes[2 * i] & 0xFF | (bytes[2 * i + 1] & 0xFF) << 8, "voxel " + i);
		// every element as pydicom reads it equals our reading, file by file
		final var dumps = DicomTesting.pydicomDump(written.toArray(new Path[0]));
		for (final Path file : written)
			DicomTesting.assertSameAsPydicom(DicomReader.read(file).dataset(), dumps.get(file), true, true, file.toString());
	}

	private static double[] parse(final String list) {
		final String[] s = list.replace("[", "").replace("]", "").split(",");
		final double[] d = new double[s.length];
		for (int i = 0; i < s.length; i++)
			d[i] = Double.parseDouble(s[i].trim());
		return d;
	}

	/** dcmdump parses every file without a warning or an error. */
	@Test
	void dcmdumpFindsNothingWrong(@TempDir final Path dir) throws IOException {
		ExternalTools.requireCommand("dcmdump");
		final Volume<FloatType> floats = Volumes.toFloats(leftKnee(3));
		for (final Path file : MRSeriesWriter.write(floats, description("seed-3"), dir)) {
			final ExternalTools.Result r = ExternalTools.run(List.of("dcmdump", "-dc", "+E", file.toString()), 60);
			assertEquals(0, r.exitCode, r.output);
			for (final String line : r.output.split("\n"))
				assertFalse(line.startsWith("W:") || line.startsWith("E:") || line.startsWith("F:"), file + ": " + line);
			assertTrue(r.output.contains("(0020,0032) DS"), r.output);
		}
	}

	/** Floats are rescaled: slope · stored + intercept gives the value back to within slope / 2 (plus float rounding). */
	@Test
	void floatVolumesAreRescaled(@TempDir final Path dir) throws IOException {
		final int n = NX * NY * NZ;
		final float[] v = new float[n];
		final SplittableRandom r = new SplittableRandom(4);
		for (int i = 0; i < n; i++)
			v[i] = (float) (r.nextDouble() * 3000 - 1000.5);
		final Volume<FloatType> vol = Volumes.wrapFloats(v, new int[] { NX, NY, NZ }, obliqueGeometry());
		final List<Path> files = MRSeriesWriter.write(vol, description("seed-4"), dir);
		double slope = Double.NaN;
		for (int k = 0; k < NZ; k++) {
			final DicomFile f = DicomReader.read(files.get(k));
			slope = f.dataset().doubleValue(Tag.RescaleSlope, Double.NaN);
			final double intercept = f.dataset().doubleValue(Tag.RescaleIntercept, Double.NaN);
			assertTrue(slope > 0 && slope < 3001.0 / 65535 * 1.0001, "slope " + slope);
			final int[] stored = PixelData.decode(f).values();
			for (int i = 0; i < NX * NY; i++)
				assertEquals(v[k * NX * NY + i], slope * stored[i] + intercept, slope * 0.5 + 1e-3, "slice " + k + " pixel " + i);
		}
		// the minimum maps to stored 0, the maximum to 65535
		int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
		for (final Path file : files)
			for (final int s : PixelData.decode(DicomReader.read(file)).values()) {
				min = Math.min(min, s);
				max = Math.max(max, s);
			}
		assertEquals(0, min);
		assertEquals(65535, max);
	}

	@Test
	void sameSeedWritesIdenticalBytes(@TempDir final Path dir) throws Exception {
		final Volume<UnsignedShortType> knee = leftKnee(5);
		final List<Path> a = MRSeriesWriter.write(knee, description("seed-5"), dir.resolve("a"));
		final List<Path> b = TestVolumes.singleThreaded(() -> {
			try {
				return MRSeriesWriter.write(knee, description("seed-5"), dir.resolve("b"));
			} catch (final IOException e) {
				throw new AssertionError(e);
			}
		});
		final List<Path> c = MRSeriesWriter.write(knee, description("seed-6"), dir.resolve("c"));
		for (int k = 0; k < NZ; k++) {
			assertArrayEquals(Files.readAllBytes(a.get(k)), Files.readAllBytes(b.get(k)), "slice " + k);
			assertNotEquals(DicomReader.read(a.get(k)).dataset().string(Tag.SOPInstanceUID),
					DicomReader.read(c.get(k)).dataset().string(Tag.SOPInstanceUID));
		}
		// without a seed, UIDs are random
		final SeriesDescription r1 = SeriesDescription.builder(null).build(), r2 = SeriesDescription.builder(null).build();
		assertNotEquals(r1.studyInstanceUid(), r2.studyInstanceUid());
	}

	@Test
	void nonAsciiNamesAreUtf8() throws IOException {
		final SeriesDescription s = SeriesDescription.builder("x").patientName("Müller^Jürgen=王^小東").build();
		final Attributes ds = MRSeriesWriter.slice(leftKnee(6), s, 0);
		assertEquals("ISO_IR 192", ds.string(Tag.SpecificCharacterSet));
		assertEquals("Müller^Jürgen=王^小東", ds.string(Tag.PatientName));
	}

	/**
	 * dcm2niix converts the series; its NIfTI (read by nibabel) agrees with ours through patient coordinates: every
	 * NIfTI voxel centre, flipped from RAS to LPS, lands on one of our voxel centres to 1e-3 mm, with the same value.
	 */
	@Test
	void dcm2niixAgreesOnGeometryAndVoxels(@TempDir final Path dir) throws IOException {
		final Volume<UnsignedShortType> knee = leftKnee(7);
		final Path series = dir.resolve("series");
		MRSeriesWriter.write(knee, description("seed-7"), series);
		Dcm2niix.assertSameVoxels(series, knee, dir, 1e-3);
	}
}
