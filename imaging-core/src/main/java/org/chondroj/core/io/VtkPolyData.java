package org.chondroj.core.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.chondroj.core.mesh.TriangleMesh;

/**
 * Triangle meshes with per-vertex values as VTK legacy PolyData files ({@code .vtk}, "vtk DataFile Version 3.0",
 * BINARY), which ParaView, 3D Slicer and every VTK-based tool open:
 *
 * <pre>
 * # vtk DataFile Version 3.0
 * &lt;title&gt; SPACE=LPS
 * BINARY
 * DATASET POLYDATA
 * POINTS n float                 3n big-endian float32: x y z per vertex, LPS mm
 * POLYGONS t 4t                  4t big-endian int32: 3 a b c per triangle
 * POINT_DATA n
 * SCALARS &lt;name&gt; float 1         one array per float field (NaN = no value)
 * LOOKUP_TABLE default
 * n big-endian float32
 * SCALARS &lt;name&gt; int 1           one array per integer field
 * LOOKUP_TABLE default
 * n big-endian int32
 * </pre>
 *
 * Each binary block is followed by a newline. Coordinates are patient LPS millimetres, as everywhere in ChondroJ; the
 * title line ends with {@code SPACE=LPS}, the tag by which 3D Slicer reads a mesh file's coordinate system (ParaView
 * ignores it). Binary rather than ASCII: a third of the size, exact floats, and NaN (no value) needs no spelling that
 * every reader agrees on.
 * <p>
 * {@link #write} writes atomically ({@link AtomicFiles}); {@link #read} reads back exactly this layout (any number of
 * float and int scalar arrays), checking every count against the bytes the file holds before allocating, and names
 * the file in every error ({@link VolumeFormatException}, the format error of every ChondroJ file reader). Cost: one pass; the file is read whole into memory.
 */
public final class VtkPolyData {

	/** Array names: letters, digits and underscores (the legacy format separates by whitespace). */
	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
	private static final String SPACE_TAG = "SPACE=LPS";

	/**
	 * A mesh as read back: title (without the space tag), vertices, triangles and the point arrays in file order.
	 *
	 * @param points     x, y, z per vertex, LPS mm
	 * @param triangles  three vertex indices per triangle
	 * @param floatData  name → one value per vertex
	 * @param intData    name → one value per vertex
	 */
	public record Contents(String title, float[] points, int[] triangles, Map<String, float[]> floatData, Map<String, int[]> intData) {
	}

	private VtkPolyData() {
	}

	/**
	 * Writes a mesh and its per-vertex arrays (float arrays first, then int arrays, each in the map's order).
	 *
	 * @param title     one line, at most 200 characters (the format allows 256 with the tag)
	 * @param floatData name → one value per vertex (NaN allowed)
	 * @param intData   name → one value per vertex
	 * @throws IllegalArgumentException on an array of the wrong length, a name that is not a word, or a bad title
	 */
	public static void write(final Path file, final String title, final TriangleMesh mesh, final Map<String, float[]> floatData,
			final Map<String, int[]> intData) throws IOException {
		if (title.length() > 200 || title.contains("\n") || title.contains("\r"))
			throw new IllegalArgumentException("a VTK title is one line of at most 200 characters: " + title);
		final int n = mesh.vertexCount();
		for (final Map.Entry<String, ?> e : concat(floatData, intData).entrySet()) {
			if (!NAME.matcher(e.getKey()).matches())
				throw new IllegalArgumentException("VTK array name '" + e.getKey() + "' must be letters, digits and underscores");
			final int length = e.getValue() instanceof float[] ? ((float[]) e.getValue()).length : ((int[]) e.getValue()).length;
			if (length != n)
				throw new IllegalArgumentException("array " + e.getKey() + " has " + length + " values for " + n + " vertices");
		}
		final float[] points = mesh.vertices();
		final int[] triangles = mesh.triangles();
		AtomicFiles.write(file, stream -> {
			final DataOutputStream out = new DataOutputStream(stream); // big-endian, as the legacy format requires
			ascii(out, "# vtk DataFile Version 3.0\n" + (title.isEmpty() ? "" : title + " ") + SPACE_TAG + "\nBINARY\nDATASET POLYDATA\n");
			ascii(out, "POINTS " + n + " float\n");
			for (final float v : points)
				out.writeFloat(v);
			ascii(out, "\nPOLYGONS " + triangles.length / 3 + " " + triangles.length / 3 * 4 + "\n");
			for (int t = 0; t < triangles.length; t += 3) {
				out.writeInt(3);
				out.writeInt(triangles[t]);
				out.writeInt(triangles[t + 1]);
				out.writeInt(triangles[t + 2]);
			}
			ascii(out, "\nPOINT_DATA " + n + "\n");
			for (final Map.Entry<String, float[]> e : floatData.entrySet()) {
				ascii(out, "SCALARS " + e.getKey() + " float 1\nLOOKUP_TABLE default\n");
				for (final float v : e.getValue())
					out.writeFloat(v);
				ascii(out, "\n");
			}
			for (final Map.Entry<String, int[]> e : intData.entrySet()) {
				ascii(out, "SCALARS " + e.getKey() + " int 1\nLOOKUP_TABLE default\n");
				for (final int v : e.getValue())
					out.writeInt(v);
				ascii(out, "\n");
			}
			out.flush();
		});
	}

	private static Map<String, Object> concat(final Map<String, float[]> a, final Map<String, int[]> b) {
		final Map<String, Object> all = new LinkedHashMap<>(a);
		for (final String k : b.keySet())
			if (all.containsKey(k))
				throw new IllegalArgumentException("array name " + k + " used twice");
		all.putAll(b);
		return all;
	}

	private static void ascii(final DataOutputStream out, final String s) throws IOException {
		out.write(s.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Reads a file in the layout that {@link #write} produces.
	 *
	 * @throws VolumeFormatException naming the file: not a binary legacy PolyData file of that layout, or counts the
	 *         file cannot hold, or a triangle index out of range
	 */
	public static Contents read(final Path file) throws IOException {
		final long size = Files.size(file);
		if (size > Integer.MAX_VALUE - 16)
			throw new VolumeFormatException(file, "too large for a mesh file (" + size + " bytes)");
		final Reader r = new Reader(file, ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN));
		if (!r.line().startsWith("# vtk DataFile Version"))
			throw new VolumeFormatException(file, "not a VTK legacy file (no '# vtk DataFile Version' line)");
		String title = r.rawLine();
		if (title.endsWith(SPACE_TAG))
			title = title.substring(0, title.length() - SPACE_TAG.length()).strip();
		r.expect("BINARY");
		r.expect("DATASET POLYDATA");
		final String[] pointsLine = r.words(3, "POINTS");
		if (!pointsLine[2].equals("float"))
			throw new VolumeFormatException(file, "points of type " + pointsLine[2] + " are not supported (float is)");
		final int n = r.count(pointsLine[1], 12);
		final float[] points = new float[3 * n];
		for (int i = 0; i < points.length; i++)
			points[i] = r.buffer.getFloat();
		final String[] polygons = r.words(3, "POLYGONS");
		final int t = r.count(polygons[1], 16);
		if (r.count(polygons[2], 0) != 4L * t)
			throw new VolumeFormatException(file, "only triangles are supported: POLYGONS " + t + " needs size " + 4L * t);
		final int[] triangles = new int[3 * t];
		for (int i = 0; i < t; i++) {
			if (r.buffer.getInt() != 3)
				throw new VolumeFormatException(file, "polygon " + i + " is not a triangle");
			for (int k = 0; k < 3; k++) {
				final int v = r.buffer.getInt();
				if (v < 0 || v >= n)
					throw new VolumeFormatException(file, "triangle " + i + " refers to vertex " + v + " of " + n);
				triangles[3 * i + k] = v;
			}
		}
		final Map<String, float[]> floats = new LinkedHashMap<>();
		final Map<String, int[]> ints = new LinkedHashMap<>();
		final String next = r.lineOrNull();
		if (next != null) {
			final String[] pd = next.split("\\s+");
			if (pd.length != 2 || !pd[0].equals("POINT_DATA") || r.count(pd[1], 0) != n)
				throw new VolumeFormatException(file, "expected 'POINT_DATA " + n + "', found '" + next + "'");
			for (String line = r.lineOrNull(); line != null; line = r.lineOrNull()) {
				final String[] s = line.split("\\s+");
				if (s.length != 4 || !s[0].equals("SCALARS") || !s[3].equals("1"))
					throw new VolumeFormatException(file, "expected 'SCALARS name type 1', found '" + line + "'");
				r.expect("LOOKUP_TABLE default");
				r.need(4L * n);
				if (s[2].equals("float")) {
					final float[] a = new float[n];
					for (int i = 0; i < n; i++)
						a[i] = r.buffer.getFloat();
					floats.put(s[1], a);
				} else if (s[2].equals("int")) {
					final int[] a = new int[n];
					for (int i = 0; i < n; i++)
						a[i] = r.buffer.getInt();
					ints.put(s[1], a);
				} else
					throw new VolumeFormatException(file, "scalars of type " + s[2] + " are not supported (float, int are)");
			}
		}
		return new Contents(title, points, triangles, Collections.unmodifiableMap(floats), Collections.unmodifiableMap(ints));
	}

	/** Lines of ASCII and blocks of binary in one buffer. */
	private static final class Reader {
		final Path file;
		final ByteBuffer buffer;

		Reader(final Path file, final ByteBuffer buffer) {
			this.file = file;
			this.buffer = buffer;
		}

		/** The next line (without its end), skipping blank lines (such as the newline after a binary block); null at the end. */
		String lineOrNull() {
			while (buffer.hasRemaining()) {
				final String s = rawLineOrNull();
				if (!s.isEmpty())
					return s;
			}
			return null;
		}

		private String rawLineOrNull() {
			if (!buffer.hasRemaining())
				return null;
			final int start = buffer.position();
			int end = start;
			while (end < buffer.limit() && buffer.get(end) != '\n')
				end++;
			buffer.position(Math.min(buffer.limit(), end + 1));
			return new String(buffer.array(), start, end - start, StandardCharsets.US_ASCII).strip();
		}

		/** The next line, blank or not (the title). */
		String rawLine() throws VolumeFormatException {
			final String s = rawLineOrNull();
			if (s == null)
				throw new VolumeFormatException(file, "the file ends early");
			return s;
		}

		void need(final long bytes) throws VolumeFormatException {
			if (bytes > buffer.remaining())
				throw new VolumeFormatException(file, "the file ends inside a data block (" + bytes + " bytes needed, " + buffer.remaining() + " left)");
		}

		String line() throws VolumeFormatException {
			final String s = lineOrNull();
			if (s == null)
				throw new VolumeFormatException(file, "the file ends early");
			return s;
		}

		void expect(final String what) throws VolumeFormatException {
			final String s = line();
			if (!s.equals(what))
				throw new VolumeFormatException(file, "expected '" + what + "', found '" + s + "'");
		}

		String[] words(final int count, final String keyword) throws VolumeFormatException {
			final String s = line();
			final String[] w = s.split("\\s+");
			if (w.length != count || !w[0].equals(keyword))
				throw new VolumeFormatException(file, "expected a " + keyword + " line, found '" + s + "'");
			return w;
		}

		/** A count from the header, checked: {@code bytesEach} bytes per item must remain in the file. */
		int count(final String text, final int bytesEach) throws VolumeFormatException {
			final long c;
			try {
				c = Long.parseLong(text);
			} catch (final NumberFormatException e) {
				throw new VolumeFormatException(file, "'" + text + "' is not a count");
			}
			if (c < 0 || c > Integer.MAX_VALUE / 4 || c * bytesEach > buffer.remaining())
				throw new VolumeFormatException(file, "a count of " + c + " needs more bytes than the file holds");
			return (int) c;
		}
	}
}
