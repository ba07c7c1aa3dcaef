package org.chondroj.core.io;

import static org.chondroj.core.io.IoTesting.assertGeometry;
import static org.chondroj.core.io.IoTesting.assertSameVoxels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import net.imglib2.type.numeric.integer.ShortType;

/** MetaImage: round trips of every type and layout, a big-endian hand-written file, the TransformMatrix order. */
class MetaImageTest {

	@TempDir
	Path dir;

	static Stream<Arguments> layouts() {
		return IoTesting.TYPES.stream().flatMap(t -> Stream.of(Arguments.of(t, "v.mha", false), Arguments.of(t, "v.mha", true),
				Arguments.of(t, "v.mhd", false), Arguments.of(t, "v.mhd", true)));
	}

	/** Voxels bit-identical, geometry (oblique, and with a reflection) to 1e-5 mm, the expected files on disk. */
	@ParameterizedTest(name = "{0} {1} compress={2}")
	@MethodSource("layouts")
	void roundTrip(final String type, final String name, final boolean compress) throws IOException {
		for (final VoxelGeometry g : new VoxelGeometry[] { IoTesting.oblique(), IoTesting.obliqueReflected() }) {
			final Volume<?> v = IoTesting.random(type, g, 11);
			final Path f = dir.resolve(name);
			MetaImage.write(v, f, compress);
			final Volume<?> back = MetaImage.read(f);
			assertSameVoxels(v, back);
			assertGeometry(g, back.geometry(), 1e-5);
			assertEquals(f.toString(), back.metadata().get(Metadata.SOURCE));
			final String header = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
			assertEquals(compress, header.contains("CompressedData = True"));
			if (name.endsWith(".mhd")) {
				final String data = compress ? "v.zraw" : "v.raw";
				assertTrue(header.endsWith("ElementDataFile = " + data + "\n"), header);
				assertTrue(Files.isRegularFile(dir.resolve(data)));
				if (!compress)
					assertEquals((long) v.size() * ElementType.of(v.type()).bytes, Files.size(dir.resolve(data)));
			} else
				assertTrue(header.contains("ElementDataFile = LOCAL\n"));
		}
	}

	/** The 9 TransformMatrix values are the direction of axis 0, then axis 1, then axis 2 (ITK MetaImageIO). */
	@Test
	void transformMatrixListsAxisDirections() throws IOException {
		// axis 0 along (cos 30°, sin 30°, 0), axis 1 along (−sin 30°, cos 30°, 0), axis 2 along +z: a 30° turn about z
		final double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
		final String header = "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
				+ "TransformMatrix = " + c + " " + s + " 0 " + (-s) + " " + c + " 0 0 0 1\n"
				+ "Offset = -10 20.5 3\nCenterOfRotation = 0 0 0\nAnatomicalOrientation = RAI\n"
				+ "ElementSpacing = 0.5 0.25 2\nDimSize = 2 3 4\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n";
		final Path f = dir.resolve("rot.mha");
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(header.getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < 24; i++)
			bytes.write(i);
		Files.write(f, bytes.toByteArray());
		final Volume<?> v = MetaImage.read(f);
		final Vector3d col = new Vector3d();
		assertVector(new double[] { c, s, 0 }, v.geometry().direction().getColumn(0, col));
		assertVector(new double[] { -s, c, 0 }, v.geometry().direction().getColumn(1, col));
		assertVector(new double[] { 0, 0, 1 }, v.geometry().direction().getColumn(2, col));
		assertArrayEquals(new double[] { 0.5, 0.25, 2 }, v.geometry().spacing());
		// voxel (1, 0, 0) lies 0.5 mm along axis 0 from the origin
		final Vector3d p = v.geometry().indexToPatient(1, 0, 0, new Vector3d());
		assertVector(new double[] { -10 + 0.5 * c, 20.5 + 0.5 * s, 3 }, p);
		assertEquals(1 + 2 * (2 + 3 * 3), (int) v.img().getAt(1, 2, 3).getRealDouble());
		assertEquals("RAI", v.metadata().get(MetaImage.ANATOMICAL_ORIENTATION));
	}

	private static void assertVector(final double[] expected, final Vector3d actual) {
		assertArrayEquals(expected, new double[] { actual.x, actual.y, actual.z }, 1e-12, actual.toString());
	}

	/** A big-endian .mhd with a .raw data file, written by hand. */
	@Test
	void bigEndianSeparateData() throws IOException {
		final Path h = dir.resolve("big.mhd");
		Files.writeString(h, "ObjectType = Image\r\nNDims = 3\r\nBinaryData = True\r\nBinaryDataByteOrderMSB = True\r\n"
				+ "CompressedData = False\r\nTransformMatrix = 1 0 0 0 1 0 0 0 1\r\nOffset = 1 2 3\r\n"
				+ "ElementSpacing = 0.7 0.3646 0.3646\r\nDimSize = 3 2 2\r\nElementType = MET_SHORT\r\nElementDataFile = big.raw\r\n",
				StandardCharsets.US_ASCII);
		final ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
		for (int i = 0; i < 12; i++)
			b.putShort((short) (i * 1000 - 4321));
		Files.write(dir.resolve("big.raw"), b.array());
		final Volume<?> v = MetaImage.read(h);
		assertInstanceOf(ShortType.class, v.type());
		for (int i = 0; i < 12; i++)
			assertEquals(i * 1000 - 4321, (int) v.img().getAt(i % 3, (i / 3) % 2, i / 6).getRealDouble());
		assertArrayEquals(new double[] { 1, 2, 3 }, v.geometry().origin());
		assertArrayEquals(new double[] { 0.7, 0.3646, 0.3646 }, v.geometry().spacing());
	}

	/** HeaderSize = −1: the voxels are the last bytes of the data file. */
	@Test
	void headerSizeMinusOne() throws IOException {
		final Path h = dir.resolve("skip.mhd");
		Files.writeString(h, "NDims = 3\nDimSize = 2 2 1\nElementType = MET_UCHAR\nHeaderSize = -1\nElementDataFile = skip.raw\n");
		Files.write(dir.resolve("skip.raw"), new byte[] { 9, 9, 9, 1, 2, 3, 4 });
		final Volume<?> v = MetaImage.read(h);
		assertEquals(4, (int) v.img().getAt(1, 1, 0).getRealDouble());
		assertEquals(1, (int) v.img().getAt(0, 0, 0).getRealDouble());
		assertFalse(v.metadata().asMap().isEmpty());
	}
}
