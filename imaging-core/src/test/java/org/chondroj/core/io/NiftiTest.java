package org.chondroj.core.io;

import static org.chondroj.core.io.IoTesting.assertAffine;
import static org.chondroj.core.io.IoTesting.assertGeometry;
import static org.chondroj.core.io.IoTesting.assertSameVoxels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.chondroj.core.Metadata;
import org.chondroj.core.PatientCoordinates;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.ExternalTools;
import org.joml.Matrix4d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

/** NIfTI-1 reading and writing: round trips, reproducibility, and geometry against nibabel. */
class NiftiTest {

	@TempDir
	Path dir;

	static Stream<Arguments> typesAndSuffixes() {
		return IoTesting.TYPES.stream().flatMap(t -> Stream.of(Arguments.of(t, ".nii", false), Arguments.of(t, ".nii.gz", false),
				Arguments.of(t, ".nii.gz", true)));
	}

	/** Every type, plain and gzip, proper and improper rotation: voxels bit-identical, geometry to 1e-5 mm. */
	@ParameterizedTest(name = "{0} {1} reflected={2}")
	@MethodSource("typesAndSuffixes")
	void roundTrip(final String type, final String suffix, final boolean reflected) throws IOException {
		final VoxelGeometry g = reflected ? IoTesting.obliqueReflected() : IoTesting.oblique();
		final Volume<?> v = IoTesting.random(type, g, 42);
		final Path f = dir.resolve("v" + suffix);
		Nifti.write(v, f);
		final Volume<?> back = Nifti.read(f);
		assertSameVoxels(v, back);
		assertGeometry(g, back.geometry(), 1e-5);
		assertEquals(f.toString(), back.metadata().get(Metadata.SOURCE));
		assertEquals("sform", back.metadata().get(Nifti.XFORM));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary file left behind");
		}
	}

	/** The qform we write (read alone, sform code cleared) describes the same geometry as the sform. */
	@Test
	void writtenQformMatchesSform() throws IOException {
		for (final VoxelGeometry g : new VoxelGeometry[] { IoTesting.oblique(), IoTesting.obliqueReflected() }) {
			final Path f = dir.resolve("q.nii");
			Nifti.write(IoTesting.random("uint8", g, 1), f);
			final byte[] bytes = Files.readAllBytes(f);
			bytes[254] = 0; // sform_code = 0 (little endian short)
			bytes[255] = 0;
			final Path q = dir.resolve("qonly.nii");
			Files.write(q, bytes);
			final Volume<?> back = Nifti.read(q);
			assertEquals("qform", back.metadata().get(Nifti.XFORM));
			assertGeometry(g, back.geometry(), 1e-5);
		}
	}

	@Test
	void gzipIsReproducibleAndDetectedByMagic() throws IOException {
		final Volume<?> v = IoTesting.random("int16", IoTesting.oblique(), 7);
		final Path a = dir.resolve("a.nii.gz"), b = dir.resolve("b.nii.gz");
		Nifti.write(v, a);
		Nifti.write(v, b);
		final byte[] x = Files.readAllBytes(a);
		assertArrayEquals(x, Files.readAllBytes(b), "same volume, same bytes");
		assertEquals(0, x[4] | x[5] | x[6] | x[7], "gzip mtime field is 0");
		final Path misnamed = dir.resolve("misnamed.nii");
		Files.write(misnamed, x);
		assertSameVoxels(v, Nifti.read(misnamed));
		Nifti.write(v, a); // overwriting an existing file
		assertArrayEquals(x, Files.readAllBytes(a));
	}

	@Test
	void writtenHeaderFields() throws IOException {
		final Path f = dir.resolve("h.nii");
		Nifti.write(IoTesting.random("float32", IoTesting.obliqueReflected(), 3), f);
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(f)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		assertEquals(348, b.getInt(0));
		assertEquals(352f, b.getFloat(108));
		assertEquals(16, b.getShort(70));
		assertEquals(32, b.getShort(72));
		assertEquals(1f, b.getFloat(112));
		assertEquals(0f, b.getFloat(116));
		assertEquals(2, b.get(123));
		assertEquals(1, b.getShort(252));
		assertEquals(1, b.getShort(254));
		assertEquals(-1f, b.getFloat(76), "negative determinant → qfac −1");
		assertEquals(352 + 4 * 7 * 5 * 4, Files.size(f));
	}

	// ---- against nibabel ------------------------------------------------------------------------------------------

	private static final String PRINT_AFFINE = "import sys, nibabel as nib, numpy as np\n"
			+ "img = nib.load(sys.argv[1])\n"
			+ "print(' '.join(repr(float(x)) for x in img.affine.ravel()))\n";

	/** (a) Written by ChondroJ, loaded by nibabel: nibabel's RAS affine equals our LPS affine flipped, to 1e-5. */
	@Test
	void nibabelReadsOurGeometryAndVoxels() throws IOException {
		ExternalTools.requirePython("numpy", "nibabel");
		for (final VoxelGeometry g : new VoxelGeometry[] { IoTesting.oblique(), IoTesting.obliqueReflected() }) {
			final Volume<?> v = IoTesting.random("int16", g, 5);
			final Path f = dir.resolve("ours.nii.gz");
			Nifti.write(v, f);
			final String out = ExternalTools.pythonCode(PRINT_AFFINE
					+ "q = img.header.get_qform()\n"
					+ "print(' '.join(repr(float(x)) for x in q.ravel()))\n"
					+ "d = np.asanyarray(img.dataobj)\n"
					+ "print(d.dtype, ' '.join(str(x) for x in d.shape), int(d.astype(np.int64).sum()), int(d[3,2,1]))\n", f.toString());
			final String[] lines = out.trim().split("\n");
			final Matrix4d expected = PatientCoordinates.flipLpsRas(g.indexToPatientAffine());
			assertAffine(expected, IoTesting.rowMajor(IoTesting.numbers(lines[0])), 1e-5, "nibabel affine (sform)");
			assertAffine(expected, IoTesting.rowMajor(IoTesting.numbers(lines[1])), 1e-5, "nibabel qform");
			final String[] stats = lines[2].trim().split(" ");
			assertEquals("int16", stats[0]);
			assertEquals("7 5 4", stats[1] + " " + stats[2] + " " + stats[3]);
			long sum = 0;
			for (final short s : Volumes.shortData(cast(v)))
				sum += s;
			assertEquals(sum, Long.parseLong(stats[4]));
			assertEquals(Volumes.shortData(cast(v))[v.index(3, 2, 1)], Integer.parseInt(stats[5]));
		}
	}

	@SuppressWarnings("unchecked")
	private static Volume<ShortType> cast(final Volume<?> v) {
		return (Volume<ShortType>) v;
	}

	/** (b) nibabel writes files of every geometry kind; ChondroJ reads them with nibabel's affine (to 1e-5) and values. */
	@Test
	void weReadNibabelFiles() throws IOException {
		ExternalTools.requirePython("numpy", "nibabel");
		final String script = "import sys, nibabel as nib, numpy as np\n"
				+ "d = sys.argv[1]\n"
				+ "data = (np.arange(6*5*4).reshape((6,5,4), order='F') * 7 - 50).astype(np.int16)\n"
				// qform only, non-trivial quaternion, qfac -1
				+ "h = nib.Nifti1Header(); h.set_data_dtype(np.int16)\n"
				+ "img = nib.Nifti1Image(data, None, h)\n"
				+ "img.header.set_zooms((0.7, 0.3646, 0.3646))\n"
				+ "img.header['quatern_b'] = 0.1; img.header['quatern_c'] = -0.3; img.header['quatern_d'] = 0.2\n"
				+ "img.header['qoffset_x'] = 11.5; img.header['qoffset_y'] = -22.25; img.header['qoffset_z'] = 40.0\n"
				+ "img.header['pixdim'][0] = -1; img.header['qform_code'] = 1; img.header['sform_code'] = 0\n"
				+ "nib.save(img, d + '/qform.nii')\n"
				// sform only, oblique, anisotropic
				+ "c, s = np.cos(0.4), np.sin(0.4)\n"
				+ "A = np.array([[0.7*c, -0.3646*s, 0, -30.], [0.7*s, 0.3646*c, 0, 12.], [0, 0, -0.3646, 55.], [0,0,0,1]])\n"
				+ "img = nib.Nifti1Image(data.astype(np.float32) / 3, None); img.set_sform(A, code=2); img.set_qform(None, code=0)\n"
				+ "nib.save(img, d + '/sform.nii.gz')\n"
				// both codes 0
				+ "img = nib.Nifti1Image(data.astype(np.uint8), None); img.header.set_zooms((1.5, 2.0, 2.5))\n"
				+ "img.set_sform(None, code=0); img.set_qform(None, code=0)\n"
				+ "nib.save(img, d + '/none.nii')\n"
				// int16 with scl_slope 2, inter -5
				+ "img = nib.Nifti1Image(data, A); img.header.set_slope_inter(2.0, -5.0); img.set_data_dtype(np.int16)\n"
				+ "nib.save(img, d + '/scaled.nii')\n"
				// big endian (byte-swapped header and big-endian data)
				+ "h = nib.Nifti1Header(endianness='>'); h.set_data_dtype('>u2')\n"
				+ "img = nib.Nifti1Image((data + 1000).astype('>u2'), A, h)\n"
				+ "nib.save(img, d + '/big.nii.gz')\n"
				+ "for n in ['qform.nii', 'sform.nii.gz', 'none.nii', 'scaled.nii', 'big.nii.gz']:\n"
				+ "    im = nib.load(d + '/' + n)\n"
				+ "    v = np.asanyarray(im.dataobj) if n != 'scaled.nii' else im.get_fdata()\n"
				+ "    print(n, im.header.endianness, im.header.get_data_dtype().str, int(im.header['qform_code']), int(im.header['sform_code']),\n"
				+ "          ' '.join(repr(float(x)) for x in im.affine.ravel()), ';', repr(float(v[5,4,3])), repr(float(v[1,2,3])), repr(float(np.sum(v, dtype=np.float64))))\n";
		final String out = ExternalTools.pythonCode(script, dir.toString());
		int files = 0;
		for (final String line : out.trim().split("\n")) {
			final String[] halves = line.split(";");
			final String[] head = halves[0].trim().split("\\s+", 6);
			final Path f = dir.resolve(head[0]);
			final Volume<?> v = Nifti.read(f);
			// with both codes 0 nibabel reports the centred ANALYZE affine; NIfTI-1 "method 1" (what we follow) is
			// x = pixdim[1]·i, y = pixdim[2]·j, z = pixdim[3]·k in RAS, origin 0: that is the expected value there
			final Matrix4d nibabelRas = head[0].equals("none.nii") ? new Matrix4d().scaling(1.5, 2.0, 2.5)
					: IoTesting.rowMajor(IoTesting.numbers(head[5]));
			assertAffine(PatientCoordinates.flipLpsRas(nibabelRas), v.geometry().indexToPatientAffine(), 1e-5, head[0] + " affine");
			final double[] values = IoTesting.numbers(halves[1]);
			assertEquals(values[0], v.img().getAt(5, 4, 3).getRealDouble(), 1e-4, head[0] + " voxel (5,4,3)");
			assertEquals(values[1], v.img().getAt(1, 2, 3).getRealDouble(), 1e-4, head[0] + " voxel (1,2,3)");
			double sum = 0;
			for (final var t : v.img())
				sum += t.getRealDouble();
			assertEquals(values[2], sum, 1e-6 * Math.abs(values[2]) + 1e-3, head[0] + " sum");
			switch (head[0]) {
			case "qform.nii":
				assertEquals("qform", v.metadata().get(Nifti.XFORM));
				assertEquals(-1, Math.signum(PatientCoordinates.flipLpsRas(v.geometry().indexToPatientAffine()).determinant3x3()),
						"qfac −1: improper");
				assertInstanceOf(ShortType.class, v.type());
				break;
			case "sform.nii.gz":
				assertEquals("sform", v.metadata().get(Nifti.XFORM));
				assertInstanceOf(FloatType.class, v.type());
				break;
			case "none.nii":
				assertEquals("none", v.metadata().get(Nifti.XFORM));
				assertArrayEquals(new double[] { 1.5, 2.0, 2.5 }, v.geometry().spacing(), 1e-7);
				break;
			case "scaled.nii":
				assertInstanceOf(FloatType.class, v.type(), "scaled int16 is returned as float");
				assertEquals((5 + 6 * (4 + 5 * 3)) * 7 - 50, (v.img().getAt(5, 4, 3).getRealDouble() + 5) / 2, 1e-4);
				break;
			case "big.nii.gz":
				assertEquals(">", head[1]);
				assertInstanceOf(UnsignedShortType.class, v.type());
				break;
			default:
				throw new AssertionError(line);
			}
			files++;
		}
		assertEquals(5, files);
	}

	@Test
	void uint32IsReadExactlyAsDouble() throws IOException {
		final Path f = dir.resolve("u32.nii");
		Nifti.write(IoTesting.random("int32", IoTesting.oblique(), 9), f);
		final byte[] bytes = Files.readAllBytes(f);
		bytes[70] = 0x00; // datatype 768 = 0x0300
		bytes[71] = 0x03;
		Files.write(f, bytes);
		final Volume<?> v = Nifti.read(f);
		assertInstanceOf(DoubleType.class, v.type());
		final int[] original = (int[]) IoTesting.data(IoTesting.random("int32", IoTesting.oblique(), 9));
		final double[] read = Volumes.doubleData(castDouble(v));
		for (int i = 0; i < original.length; i++)
			assertEquals(Integer.toUnsignedLong(original[i]), (long) read[i]);
		assertFalse(read[0] < 0);
	}

	/** xyzt_units in metres or microns scale the geometry to millimetres (spacing and origin alike). */
	@Test
	void spatialUnitsScaleToMillimetres() throws IOException {
		final Path f = dir.resolve("units.nii");
		final VoxelGeometry g = IoTesting.oblique();
		Nifti.write(IoTesting.random("uint8", g, 3), f);
		final byte[] bytes = Files.readAllBytes(f);
		assertEquals(2, bytes[123] & 0x07, "we write millimetres");
		for (final int[] unitAndFactor : new int[][] { { 1, 1000 }, { 3, -1000 }, { 0, 1 } }) {
			bytes[123] = (byte) unitAndFactor[0];
			Files.write(f, bytes);
			final double factor = unitAndFactor[1] > 0 ? unitAndFactor[1] : -1.0 / unitAndFactor[1];
			final VoxelGeometry read = Nifti.read(f).geometry();
			for (int d = 0; d < 3; d++) {
				assertEquals(g.spacing(d) * factor, read.spacing(d), 1e-5 * factor, "unit code " + unitAndFactor[0]);
				assertEquals(g.origin()[d] * factor, read.origin()[d], 1e-4 * factor, "unit code " + unitAndFactor[0]);
			}
		}
		bytes[123] = 5;
		Files.write(f, bytes);
		final VolumeFormatException e = org.junit.jupiter.api.Assertions.assertThrows(VolumeFormatException.class, () -> Nifti.read(f));
		assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("xyzt_units"), e.getMessage());
	}

	@SuppressWarnings("unchecked")
	private static Volume<DoubleType> castDouble(final Volume<?> v) {
		return (Volume<DoubleType>) v;
	}
}
