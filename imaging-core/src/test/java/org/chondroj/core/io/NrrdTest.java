package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

/** NRRD: hand-written headers with the expected geometry worked out by hand in each test. */
class NrrdTest {

	@TempDir
	Path dir;

	private static final String MAGIC = "NRRD0004\n# written by hand for a ChondroJ test\n";

	/** 12 shorts i·1000 − 4321 for a 3×2×2 volume, in the given byte order. */
	private static byte[] shorts(final ByteOrder order) {
		final ByteBuffer b = ByteBuffer.allocate(24).order(order);
		for (int i = 0; i < 12; i++)
			b.putShort((short) (i * 1000 - 4321));
		return b.array();
	}

	private static void assertShorts(final Volume<?> v) {
		assertArrayEquals(new int[] { 3, 2, 2 }, v.dimensions());
		for (int i = 0; i < 12; i++)
			assertEquals(i * 1000 - 4321, (int) v.img().getAt(i % 3, (i / 3) % 2, i / 6).getRealDouble(), "voxel " + i);
	}

	private Path attached(final String name, final String header, final byte[] data) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(header.getBytes(StandardCharsets.US_ASCII));
		out.write('\n'); // the blank line ending the header
		out.write(data);
		final Path f = dir.resolve(name);
		Files.write(f, out.toByteArray());
		return f;
	}

	private static byte[] gzip(final byte[] data) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(out)) {
			z.write(data);
		}
		return out.toByteArray();
	}

	private static void assertVector(final double x, final double y, final double z, final Vector3d v) {
		assertArrayEquals(new double[] { x, y, z }, new double[] { v.x, v.y, v.z }, 1e-12, v.toString());
	}

	private static Vector3d column(final Volume<?> v, final int axis) {
		return v.geometry().direction().getColumn(axis, new Vector3d());
	}

	/** LPS, raw, little endian, axes permuted and the third reversed. */
	@Test
	void attachedRawLps() throws IOException {
		final Path f = attached("lps.nrrd", MAGIC + "type: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 3 2 2\n"
				+ "space directions: (0,0.7,0) (0.3646,0,0) (0,0,-0.3646)\nkinds: domain domain domain\nendian: little\n"
				+ "encoding: raw\nspace origin: (10,-20.5,30)\nmykey:=hello world\n", shorts(ByteOrder.LITTLE_ENDIAN));
		final Volume<?> v = Nrrd.read(f);
		assertInstanceOf(ShortType.class, v.type());
		assertShorts(v);
		// by hand: spacing = lengths of the direction vectors; unit columns; origin as written (LPS already)
		assertArrayEquals(new double[] { 0.7, 0.3646, 0.3646 }, v.geometry().spacing(), 1e-12);
		assertVector(0, 1, 0, column(v, 0));
		assertVector(1, 0, 0, column(v, 1));
		assertVector(0, 0, -1, column(v, 2));
		assertArrayEquals(new double[] { 10, -20.5, 30 }, v.geometry().origin(), 1e-12);
		// voxel (2, 1, 1) = origin + 2·(0, 0.7, 0) + (0.3646, 0, 0) + (0, 0, −0.3646)
		assertVector(10.3646, -19.1, 29.6354, v.geometry().indexToPatient(2, 1, 1, new Vector3d()));
		assertEquals("hello world", v.metadata().get("Nrrd.mykey"));
		assertEquals("left-posterior-superior", v.metadata().get(Nrrd.SPACE));
		assertEquals(f.toString(), v.metadata().get(Metadata.SOURCE));
		assertNull(v.metadata().get(Nrrd.NOTE));
	}

	/** RAS, gzip, big endian: x and y of the vectors and of the origin change sign. */
	@Test
	void attachedGzipRasBigEndian() throws IOException {
		final Path f = attached("ras.nrrd", MAGIC + "type: uint16\ndimension: 3\nspace: RAS\nsizes: 3 2 2\n"
				+ "space directions: (0.5,0,0) (0,0.3,0.4) (0,-1.6,1.2)\nendian: big\nencoding: gzip\nspace origin: (1,2,3)\n",
				gzip(shorts(ByteOrder.BIG_ENDIAN)));
		final Volume<?> v = Nrrd.read(f);
		assertInstanceOf(UnsignedShortType.class, v.type());
		for (int i = 0; i < 12; i++)
			assertEquals((i * 1000 - 4321) & 0xffff, (int) v.img().getAt(i % 3, (i / 3) % 2, i / 6).getRealDouble());
		// RAS (0.5,0,0) → LPS (−0.5,0,0); (0,0.3,0.4) → (0,−0.3,0.4), length 0.5; (0,−1.6,1.2) → (0,1.6,1.2), length 2
		assertArrayEquals(new double[] { 0.5, 0.5, 2 }, v.geometry().spacing(), 1e-12);
		assertVector(-1, 0, 0, column(v, 0));
		assertVector(0, -0.6, 0.8, column(v, 1));
		assertVector(0, 0.8, 0.6, column(v, 2));
		assertArrayEquals(new double[] { -1, -2, 3 }, v.geometry().origin(), 1e-12);
	}

	/** Detached header, spacings only (axis-aligned, origin 0), byte skip and line skip, float data. */
	@Test
	void detachedSpacingsLineAndByteSkip() throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(4 * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < 8; i++)
			b.putFloat(i * 0.5f - 1);
		final ByteArrayOutputStream data = new ByteArrayOutputStream();
		data.write("first junk line\nsecond\n".getBytes(StandardCharsets.US_ASCII));
		data.write(new byte[] { 7, 7, 7, 7, 7 });
		data.write(b.array());
		Files.write(dir.resolve("sub dir data.raw"), data.toByteArray());
		final Path h = dir.resolve("det.nhdr");
		Files.writeString(h, MAGIC + "type: float\ndimension: 3\nsizes: 2 2 2\nspacings: 0.7 0.3646 0.3646\nendian: little\n"
				+ "encoding: raw\nline skip: 2\nbyte skip: 5\ndata file: sub dir data.raw\n");
		final Volume<?> v = Nrrd.read(h);
		assertInstanceOf(FloatType.class, v.type());
		for (int i = 0; i < 8; i++)
			assertEquals(i * 0.5f - 1, v.img().getAt(i % 2, (i / 2) % 2, i / 4).getRealFloat());
		assertArrayEquals(new double[] { 0.7, 0.3646, 0.3646 }, v.geometry().spacing(), 1e-12);
		assertArrayEquals(new double[] { 0, 0, 0 }, v.geometry().origin());
		assertVector(1, 0, 0, column(v, 0));
		assertVector(0, 1, 0, column(v, 1));
		assertVector(0, 0, 1, column(v, 2));
	}

	/** byte skip −1: the voxels are the last bytes of the (detached) raw file. */
	@Test
	void byteSkipMinusOne() throws IOException {
		final ByteArrayOutputStream data = new ByteArrayOutputStream();
		data.write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		data.write(shorts(ByteOrder.BIG_ENDIAN));
		Files.write(dir.resolve("tail.raw"), data.toByteArray());
		final Path h = dir.resolve("tail.nhdr");
		Files.writeString(h, MAGIC + "type: signed short int\ndimension: 3\nsizes: 3 2 2\nendian: big\nencoding: raw\n"
				+ "byte skip: -1\ndatafile: tail.raw\n");
		assertShorts(Nrrd.read(h));
	}

	/** gzip with byte skip: the skip applies to the decompressed bytes. */
	@Test
	void gzipByteSkip() throws IOException {
		final ByteArrayOutputStream data = new ByteArrayOutputStream();
		data.write(new byte[] { 9, 9, 9 });
		data.write(shorts(ByteOrder.LITTLE_ENDIAN));
		final Path f = attached("skip.nrrd", MAGIC + "type: int16_t\ndimension: 3\nsizes: 3 2 2\nendian: little\nencoding: gz\n"
				+ "byte skip: 3\n", gzip(data.toByteArray()));
		assertShorts(Nrrd.read(f));
	}

	/** 4-D with a leading non-spatial axis of size 1 ("none" direction), 3D-right-handed space noted. */
	@Test
	void fourDimensionalWithLeadingSizeOneAxis() throws IOException {
		final Path f = attached("4d.nrrd", MAGIC + "type: short\ndimension: 4\nspace: 3D-right-handed\nsizes: 1 3 2 2\n"
				+ "space directions: none (0.7,0,0) (0,0.3646,0) (0,0,0.3646)\nkinds: list domain domain domain\nendian: little\n"
				+ "encoding: raw\nspace origin: (-5,6,-7)\n", shorts(ByteOrder.LITTLE_ENDIAN));
		final Volume<?> v = Nrrd.read(f);
		assertShorts(v);
		assertArrayEquals(new double[] { 0.7, 0.3646, 0.3646 }, v.geometry().spacing(), 1e-12);
		assertArrayEquals(new double[] { -5, 6, -7 }, v.geometry().origin(), 1e-12);
		assertEquals("space 3D-right-handed taken as LPS patient coordinates", v.metadata().get(Nrrd.NOTE));

		final Path g = attached("4dsp.nrrd", MAGIC + "type: short\ndimension: 4\nsizes: 1 3 2 2\nspacings: nan 0.5 0.25 2\n"
				+ "endian: little\nencoding: raw\n", shorts(ByteOrder.LITTLE_ENDIAN));
		final Volume<?> w = Nrrd.read(g);
		assertShorts(w);
		assertArrayEquals(new double[] { 0.5, 0.25, 2 }, w.geometry().spacing(), 1e-12);
	}

	/** The type spellings of the NRRD format. */
	@Test
	void typeSpellings() throws IOException {
		final String[][] spellings = { { "uchar", "unsigned char", "uint8", "uint8_t" }, { "signed char", "int8", "int8_t" },
				{ "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" },
				{ "short", "short int", "signed short", "int16" }, { "int", "signed int", "int32", "int32_t" },
				{ "uint", "unsigned int", "uint32", "uint32_t" }, { "float" }, { "double" } };
		final Class<?>[] types = { UnsignedByteType.class, ByteType.class, UnsignedShortType.class, ShortType.class, IntType.class,
				DoubleType.class, FloatType.class, DoubleType.class };
		final int[] bytes = { 1, 1, 2, 2, 4, 4, 4, 8 };
		for (int t = 0; t < spellings.length; t++)
			for (final String s : spellings[t]) {
				final byte[] data = new byte[bytes[t]];
				data[0] = (byte) 0x80; // big endian: the first byte holds the sign/high bit
				final Path f = attached("t.nrrd", MAGIC + "type: " + s + "\ndimension: 3\nsizes: 1 1 1\nendian: big\nencoding: raw\n", data);
				final Volume<?> v = Nrrd.read(f);
				assertInstanceOf(types[t], v.type(), s);
				if (t == 5)
					assertEquals(0x80000000L, (long) v.img().getAt(0, 0, 0).getRealDouble(), "uint32 is unsigned");
			}
	}
}
