package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.chondroj.core.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VtkPolyData}: the exact bytes of a small file written by hand from the format's description, and round trips. */
class VtkPolyDataTest {

	/** A unit square in two triangles, LPS mm. */
	private static final TriangleMesh SQUARE = TriangleMesh.of(new float[] { 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0.5f }, new int[] { 0, 1, 2, 0, 2, 3 });

	private static Map<String, float[]> floats() {
		final Map<String, float[]> m = new LinkedHashMap<>();
		m.put("change_mm", new float[] { -0.25f, Float.NaN, 1.5f, 0 });
		m.put("other", new float[] { 1, 2, 3, 4 });
		return m;
	}

	private static Map<String, int[]> ints() {
		return Map.of("region", new int[] { 3, 3, 0, 41 });
	}

	/** The file, byte by byte, as the format's description spells it (big-endian binary blocks, each followed by a newline). */
	@Test
	void writesTheDocumentedBytes(@TempDir final Path dir) throws IOException {
		final Path file = dir.resolve("square.vtk");
		VtkPolyData.write(file, "unit square", SQUARE, floats(), ints());
		final ByteArrayOutputStream expected = new ByteArrayOutputStream();
		text(expected, "# vtk DataFile Version 3.0\nunit square SPACE=LPS\nBINARY\nDATASET POLYDATA\nPOINTS 4 float\n");
		binary(expected, ByteBuffer.allocate(48).putFloat(0).putFloat(0).putFloat(0).putFloat(1).putFloat(0).putFloat(0).putFloat(1).putFloat(1)
				.putFloat(0).putFloat(0).putFloat(1).putFloat(0.5f));
		text(expected, "\nPOLYGONS 2 8\n");
		binary(expected, ByteBuffer.allocate(32).putInt(3).putInt(0).putInt(1).putInt(2).putInt(3).putInt(0).putInt(2).putInt(3));
		text(expected, "\nPOINT_DATA 4\nSCALARS change_mm float 1\nLOOKUP_TABLE default\n");
		binary(expected, ByteBuffer.allocate(16).putFloat(-0.25f).putFloat(Float.NaN).putFloat(1.5f).putFloat(0));
		text(expected, "\nSCALARS other float 1\nLOOKUP_TABLE default\n");
		binary(expected, ByteBuffer.allocate(16).putFloat(1).putFloat(2).putFloat(3).putFloat(4));
		text(expected, "\nSCALARS region int 1\nLOOKUP_TABLE default\n");
		binary(expected, ByteBuffer.allocate(16).putInt(3).putInt(3).putInt(0).putInt(41));
		text(expected, "\n");
		assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
		// -0.25f big-endian is BE 80 00 00: spelled out once, against a mistaken byte order
		final byte[] bytes = Files.readAllBytes(file);
		final byte[] minusQuarter = { (byte) 0xBE, (byte) 0x80, 0, 0 };
		assertTrue(indexOf(bytes, minusQuarter) > 0);
	}

	private static void text(final ByteArrayOutputStream out, final String s) {
		out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
	}

	private static void binary(final ByteArrayOutputStream out, final ByteBuffer b) {
		out.writeBytes(b.array());
	}

	private static int indexOf(final byte[] a, final byte[] b) {
		for (int i = 0; i + b.length <= a.length; i++)
			if (Arrays.equals(Arrays.copyOfRange(a, i, i + b.length), b))
				return i;
		return -1;
	}

	@Test
	void roundTrip(@TempDir final Path dir) throws IOException {
		final Path file = dir.resolve("square.vtk");
		VtkPolyData.write(file, "unit square", SQUARE, floats(), ints());
		final VtkPolyData.Contents c = VtkPolyData.read(file);
		assertEquals("unit square", c.title());
		assertArrayEquals(SQUARE.vertices(), c.points());
		assertArrayEquals(SQUARE.triangles(), c.triangles());
		assertEquals(floats().keySet(), c.floatData().keySet());
		assertArrayEquals(floats().get("change_mm"), c.floatData().get("change_mm"));
		assertArrayEquals(floats().get("other"), c.floatData().get("other"));
		assertArrayEquals(ints().get("region"), c.intData().get("region"));
		// no arrays, empty title, empty mesh
		VtkPolyData.write(file, "", TriangleMesh.empty(), Map.of(), Map.of());
		final VtkPolyData.Contents e = VtkPolyData.read(file);
		assertEquals(0, e.points().length);
		assertEquals(0, e.triangles().length);
		assertTrue(e.floatData().isEmpty() && e.intData().isEmpty());
	}

	@Test
	void refusesBadInput(@TempDir final Path dir) throws IOException {
		final Path file = dir.resolve("square.vtk");
		assertThrows(IllegalArgumentException.class, () -> VtkPolyData.write(file, "t", SQUARE, Map.of("a b", new float[4]), Map.of()));
		assertThrows(IllegalArgumentException.class, () -> VtkPolyData.write(file, "t", SQUARE, Map.of("a", new float[3]), Map.of()));
		assertThrows(IllegalArgumentException.class, () -> VtkPolyData.write(file, "t", SQUARE, Map.of("a", new float[4]), Map.of("a", new int[4])));
		assertThrows(IllegalArgumentException.class, () -> VtkPolyData.write(file, "two\nlines", SQUARE, Map.of(), Map.of()));
		assertTrue(Files.notExists(file));
		VtkPolyData.write(file, "unit square", SQUARE, floats(), ints());
		final byte[] good = Files.readAllBytes(file);
		// truncated inside the last block
		Files.write(file, Arrays.copyOf(good, good.length - 6));
		assertTrue(assertThrows(VolumeFormatException.class, () -> VtkPolyData.read(file)).getMessage().startsWith(file.toString()));
		// a count the file cannot hold
		Files.write(file, new String(good, StandardCharsets.ISO_8859_1).replace("POINTS 4 float", "POINTS 400000000 float").getBytes(StandardCharsets.ISO_8859_1));
		assertTrue(assertThrows(VolumeFormatException.class, () -> VtkPolyData.read(file)).getMessage().contains("more bytes than the file holds"));
		// ASCII files are not read
		Files.write(file, new String(good, StandardCharsets.ISO_8859_1).replace("BINARY", "ASCII").getBytes(StandardCharsets.ISO_8859_1));
		assertThrows(VolumeFormatException.class, () -> VtkPolyData.read(file));
		Files.writeString(file, "hello\n");
		assertThrows(VolumeFormatException.class, () -> VtkPolyData.read(file));
	}
}
