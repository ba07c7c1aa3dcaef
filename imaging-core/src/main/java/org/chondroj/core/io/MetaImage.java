package org.chondroj.core.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * MetaImage (ITK/MetaIO) volumes: {@code .mha} (header and data in one file) and {@code .mhd} (header) with a
 * separate {@code .raw} or zlib-compressed {@code .zraw} data file.
 * <p>
 * MetaImage geometry is ITK's, i.e. LPS patient coordinates, so nothing is flipped. {@code TransformMatrix} (also
 * spelled {@code Rotation} or {@code Orientation}) lists the direction vector of axis 0, then of axis 1, then of
 * axis 2 (as ITK's {@code MetaImageIO} reads it: axis i = elements 3i..3i+2), i.e. the direction matrix column by
 * column. {@code Offset} (or {@code Origin}, {@code Position}) is the patient position of voxel (0, 0, 0);
 * {@code AnatomicalOrientation} and {@code CenterOfRotation} are kept in the metadata as information only.
 * <p>
 * Reading: {@code NDims = 3}, binary data in either byte order, uncompressed or zlib-compressed
 * ({@code CompressedData = True}), element types MET_UCHAR, MET_CHAR, MET_USHORT, MET_SHORT, MET_INT, MET_UINT
 * (exactly, as {@code DoubleType}), MET_FLOAT, MET_DOUBLE; {@code ElementDataFile} {@code LOCAL} or one file
 * relative to the header, in its folder or below unless {@link VolumeFiles.Options} allow more, with
 * {@code HeaderSize} honoured (−1: the data is at the end of the file); compressed data inflated only up to the
 * voxels the header states, which must be within the {@link DecompressionLimit}. Unknown keys
 * are kept in the metadata as {@code "MetaImage.<key>"}. Writing: little-endian, the volume's own type, uncompressed
 * or zlib-compressed, both files atomically ({@link AtomicFiles}), data file first.
 * <p>
 * Cost: one pass over the data; compressed data is inflated through 4 MB chunks (peak memory twice the voxel
 * data); compressed writing holds the compressed bytes in memory to state their size in the header.
 */
public final class MetaImage {

	/** Metadata key: the header's {@code AnatomicalOrientation} (informational; the geometry is what counts). */
	public static final String ANATOMICAL_ORIENTATION = "MetaImage.AnatomicalOrientation";

	private MetaImage() {
	}

	/**
	 * Reads a {@code .mha} or {@code .mhd} file (and the data file an {@code .mhd} names, which must lie in the
	 * header's folder).
	 *
	 * @throws VolumeFormatException naming the header file and the problem (a missing data file or one outside the
	 *         header's folder, sizes the data cannot hold, unsupported keys or types)
	 */
	public static Volume<?> read(final Path file) throws IOException {
		return read(file, VolumeFiles.Options.defaults());
	}

	/** {@link #read(Path)} with {@code options} (which say where the data file may be). */
	public static Volume<?> read(final Path file, final VolumeFiles.Options options) throws IOException {
		return VolumeFiles.guarded(file, () -> readChecked(file, options));
	}

	private static Volume<?> readChecked(final Path file, final VolumeFiles.Options options) throws IOException {
		final byte[] prefix = TextHeaders.prefix(file);
		final Map<String, String> keys = new LinkedHashMap<>();
		final int[] end = new int[1];
		int pos = 0, lineNumber = 0, dataStart = -1;
		while (pos >= 0 && pos < prefix.length) {
			final String line = TextHeaders.line(prefix, pos, end);
			lineNumber++;
			pos = end[0];
			if (line.isBlank())
				continue;
			final int eq = line.indexOf('=');
			if (eq <= 0)
				throw new VolumeFormatException(file, "not a MetaImage header: line " + lineNumber + " is not 'Key = Value'"
						+ (lineNumber == 1 ? "" : ": '" + abbreviate(line) + "'"));
			final String key = line.substring(0, eq).trim();
			keys.put(key.toLowerCase(Locale.ROOT), line.substring(eq + 1).trim());
			keys.put("\0" + key.toLowerCase(Locale.ROOT), key); // original spelling
			if (key.equalsIgnoreCase("ElementDataFile")) {
				dataStart = pos < 0 ? prefix.length : pos;
				break;
			}
		}
		if (dataStart < 0)
			throw new VolumeFormatException(file, "not a MetaImage header: no ElementDataFile line"
					+ (prefix.length == TextHeaders.MAX_HEADER ? " in the first " + TextHeaders.MAX_HEADER + " bytes" : ""));

		final String objectType = keys.get("objecttype");
		if (objectType != null && !objectType.equalsIgnoreCase("Image"))
			throw new VolumeFormatException(file, "ObjectType is '" + objectType + "', not Image");
		final String ndims = require(keys, "NDims", file);
		if (!ndims.equals("3"))
			throw new VolumeFormatException(file, "NDims is " + ndims + ": only 3-D images are supported");
		final String channels = keys.get("elementnumberofchannels");
		if (channels != null && !channels.equals("1"))
			throw new VolumeFormatException(file, "ElementNumberOfChannels is " + channels + ": only scalar images are supported");
		if (keys.containsKey("binarydata") && !isTrue(keys.get("binarydata")))
			throw new VolumeFormatException(file, "BinaryData = False (ASCII voxel data) is not supported");
		final int n = VoxelStreams.checkedVoxelCount(TextHeaders.integers(require(keys, "DimSize", file), 3, file, "DimSize"), file);
		final long[] dimsLong = TextHeaders.integers(keys.get("dimsize"), 3, file, "DimSize");
		final int[] dims = { (int) dimsLong[0], (int) dimsLong[1], (int) dimsLong[2] };
		final ElementType type = elementType(require(keys, "ElementType", file), file);
		final boolean msb = isTrue(first(keys, "binarydatabyteordermsb", "elementbyteordermsb"));
		final boolean compressed = isTrue(keys.get("compresseddata"));

		// geometry
		final String spacingText = first(keys, "elementspacing", "elementsize");
		final double[] spacing = spacingText == null ? new double[] { 1, 1, 1 } : TextHeaders.numbers(spacingText, 3, file, "ElementSpacing");
		final String originText = first(keys, "offset", "origin", "position");
		final double[] origin = originText == null ? new double[3] : TextHeaders.numbers(originText, 3, file, "Offset");
		final String matrixText = first(keys, "transformmatrix", "rotation", "orientation");
		final Matrix3d direction = new Matrix3d();
		if (matrixText != null) {
			final double[] m = TextHeaders.numbers(matrixText, 9, file, "TransformMatrix");
			for (int axis = 0; axis < 3; axis++)
				direction.setColumn(axis, new Vector3d(m[3 * axis], m[3 * axis + 1], m[3 * axis + 2]));
		}
		final VoxelGeometry geometry;
		try {
			geometry = VoxelGeometry.of(spacing, origin, direction);
		} catch (final IllegalArgumentException e) {
			throw new VolumeFormatException(file, "invalid geometry: " + e.getMessage(), e);
		}

		Metadata metadata = Metadata.empty().with(Metadata.SOURCE, file.toString());
		for (final Map.Entry<String, String> e : keys.entrySet())
			if (!e.getKey().startsWith("\0") && !KNOWN.contains(e.getKey()))
				metadata = metadata.with("MetaImage." + keys.get("\0" + e.getKey()), e.getValue());

		// data
		final String dataName = keys.get("elementdatafile");
		final Path dataFile;
		long offset;
		if (dataName.equalsIgnoreCase("LOCAL")) {
			dataFile = file;
			offset = dataStart;
		} else {
			if (dataName.equalsIgnoreCase("LIST") || dataName.contains("%") || dataName.isEmpty())
				throw new VolumeFormatException(file, "ElementDataFile " + TextHeaders.quote(dataName) + ": only LOCAL or a single data file is supported");
			dataFile = TextHeaders.dataFile(file, dataName, "ElementDataFile", options);
			if (!Files.isRegularFile(dataFile))
				throw new VolumeFormatException(file, "ElementDataFile " + TextHeaders.quote(dataName) + " does not exist (looked for " + dataFile + ")");
			offset = 0;
		}
		final long dataFileSize = Files.size(dataFile);
		final String headerSizeText = keys.get("headersize");
		if (headerSizeText != null) {
			final long headerSize = TextHeaders.integers(headerSizeText, 1, file, "HeaderSize")[0];
			if (headerSize == -1) {
				if (compressed)
					throw new VolumeFormatException(file, "HeaderSize = -1 cannot be used with compressed data");
				offset = dataFileSize - (long) n * type.bytes;
				if (offset < 0)
					throw VoxelStreams.truncated(file, n, type, dataFileSize);
			} else if (headerSize < 0)
				throw new VolumeFormatException(file, "HeaderSize " + headerSize + " is negative");
			else
				offset += headerSize;
		}
		if (offset > dataFileSize)
			throw VoxelStreams.truncated(dataFile, n, type, 0);
		long available = dataFileSize - offset;
		if (compressed && keys.containsKey("compresseddatasize")) {
			final long claimed = TextHeaders.integers(keys.get("compresseddatasize"), 1, file, "CompressedDataSize")[0];
			if (claimed < 0 || claimed > available)
				throw new VolumeFormatException(dataFile, "truncated: CompressedDataSize is " + claimed + " bytes, the file holds "
						+ available + " bytes of data");
			available = claimed;
		}
		final Path reported = dataFile;
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(dataFile), 1 << 16)) {
			VoxelStreams.skip(raw, offset, reported, "the header");
			final Object data;
			if (compressed) {
				final Inflater inflater = new Inflater();
				try {
					data = VoxelStreams.read(new InflaterInputStream(raw, inflater, 1 << 16), -1, type,
							msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, n, reported);
				} finally {
					inflater.end();
				}
			} else
				data = VoxelStreams.read(raw, available, type, msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, n, reported);
			return type.wrap(data, dims, geometry).withMetadata(metadata);
		}
	}

	private static final java.util.Set<String> KNOWN = java.util.Set.of("objecttype", "objectsubtype", "ndims", "binarydata",
			"binarydatabyteordermsb", "elementbyteordermsb", "compresseddata", "compresseddatasize", "transformmatrix", "rotation",
			"orientation", "offset", "origin", "position", "elementspacing", "elementsize", "dimsize", "elementtype",
			"elementdatafile", "elementnumberofchannels", "headersize");

	private static String abbreviate(final String s) {
		return s.length() <= 60 ? s : s.substring(0, 60) + "…";
	}

	private static String require(final Map<String, String> keys, final String key, final Path file) throws VolumeFormatException {
		final String v = keys.get(key.toLowerCase(Locale.ROOT));
		if (v == null)
			throw new VolumeFormatException(file, "the header has no " + key);
		return v;
	}

	private static String first(final Map<String, String> keys, final String... names) {
		for (final String k : names)
			if (keys.containsKey(k))
				return keys.get(k);
		return null;
	}

	private static boolean isTrue(final String v) {
		return v != null && (v.equalsIgnoreCase("True") || v.equals("1"));
	}

	private static ElementType elementType(final String name, final Path file) throws VolumeFormatException {
		switch (name.toUpperCase(Locale.ROOT)) {
		case "MET_UCHAR":
			return ElementType.UINT8;
		case "MET_CHAR":
			return ElementType.INT8;
		case "MET_USHORT":
			return ElementType.UINT16;
		case "MET_SHORT":
			return ElementType.INT16;
		case "MET_INT":
			return ElementType.INT32;
		case "MET_UINT":
			return ElementType.UINT32;
		case "MET_FLOAT":
			return ElementType.FLOAT32;
		case "MET_DOUBLE":
			return ElementType.FLOAT64;
		default:
			throw new VolumeFormatException(file, "unsupported ElementType " + name
					+ "; supported: MET_UCHAR, MET_CHAR, MET_USHORT, MET_SHORT, MET_INT, MET_UINT, MET_FLOAT, MET_DOUBLE");
		}
	}

	private static String metType(final ElementType type) {
		switch (type) {
		case UINT8:
			return "MET_UCHAR";
		case INT8:
			return "MET_CHAR";
		case UINT16:
			return "MET_USHORT";
		case INT16:
			return "MET_SHORT";
		case INT32:
			return "MET_INT";
		case UINT32:
			return "MET_UINT";
		case FLOAT32:
			return "MET_FLOAT";
		default:
			return "MET_DOUBLE";
		}
	}

	/** Writes {@code volume} uncompressed: {@code .mha} as one file, {@code .mhd} with a {@code .raw} next to it. */
	public static void write(final Volume<?> volume, final Path file) throws IOException {
		write(volume, file, false);
	}

	/**
	 * Writes {@code volume} as MetaImage: a {@code .mha} file holds header and data; a {@code .mhd} header names a
	 * data file of the same base name, {@code .raw}, or {@code .zraw} when {@code compress} is set. With
	 * {@code compress} the data is zlib-compressed ({@code CompressedData = True}, deterministic). Both files are
	 * written atomically, the data file first.
	 *
	 * @throws IllegalArgumentException if the name ends neither with .mha nor .mhd, or the voxel type has no
	 *         MetaImage element type here
	 */
	public static void write(final Volume<?> volume, final Path file, final boolean compress) throws IOException {
		final ElementType type = ElementType.of(volume.type());
		if (type == null)
			throw new IllegalArgumentException(file + ": cannot write voxel type " + volume.voxelTypeName()
					+ " as MetaImage (supported: UnsignedByte, Byte, UnsignedShort, Short, Int, Float, Double)");
		final String name = file.getFileName().toString();
		final String lower = name.toLowerCase(Locale.ROOT);
		final boolean local;
		if (lower.endsWith(".mha"))
			local = true;
		else if (lower.endsWith(".mhd"))
			local = false;
		else
			throw new IllegalArgumentException(file + ": a MetaImage file name ends with .mha or .mhd");
		final byte[] zipped = compress ? deflate(volume, type) : null;
		final String dataName = local ? "LOCAL" : name.substring(0, name.length() - 4) + (compress ? ".zraw" : ".raw");
		final byte[] header = header(volume, type, zipped, dataName).getBytes(StandardCharsets.US_ASCII);
		if (local)
			AtomicFiles.write(file, out -> {
				out.write(header);
				writeData(volume, type, zipped, out);
			});
		else {
			AtomicFiles.write(file.resolveSibling(dataName), out -> writeData(volume, type, zipped, out));
			AtomicFiles.write(file, out -> out.write(header));
		}
	}

	private static void writeData(final Volume<?> volume, final ElementType type, final byte[] zipped, final OutputStream out)
			throws IOException {
		if (zipped != null)
			out.write(zipped);
		else
			VoxelStreams.write(volume, type, ByteOrder.LITTLE_ENDIAN, out);
	}

	private static byte[] deflate(final Volume<?> volume, final ElementType type) throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		try (DeflaterOutputStream z = new DeflaterOutputStream(bytes, deflater, 1 << 16)) {
			VoxelStreams.write(volume, type, ByteOrder.LITTLE_ENDIAN, z);
		} finally {
			deflater.end();
		}
		return bytes.toByteArray();
	}

	private static String header(final Volume<?> volume, final ElementType type, final byte[] zipped, final String dataName) {
		final VoxelGeometry g = volume.geometry();
		final Vector3d c = new Vector3d();
		final StringBuilder m = new StringBuilder();
		for (int axis = 0; axis < 3; axis++) {
			g.direction().getColumn(axis, c);
			m.append(axis == 0 ? "" : " ").append(TextHeaders.format(c.x)).append(' ').append(TextHeaders.format(c.y)).append(' ')
					.append(TextHeaders.format(c.z));
		}
		final double[] o = g.origin(), s = g.spacing();
		final StringBuilder h = new StringBuilder();
		h.append("ObjectType = Image\n");
		h.append("NDims = 3\n");
		h.append("BinaryData = True\n");
		h.append("BinaryDataByteOrderMSB = False\n");
		h.append("CompressedData = ").append(zipped != null ? "True" : "False").append('\n');
		if (zipped != null)
			h.append("CompressedDataSize = ").append(zipped.length).append('\n');
		h.append("TransformMatrix = ").append(m).append('\n');
		h.append("Offset = ").append(TextHeaders.format(o[0])).append(' ').append(TextHeaders.format(o[1])).append(' ')
				.append(TextHeaders.format(o[2])).append('\n');
		h.append("CenterOfRotation = 0 0 0\n");
		h.append("ElementSpacing = ").append(TextHeaders.format(s[0])).append(' ').append(TextHeaders.format(s[1])).append(' ')
				.append(TextHeaders.format(s[2])).append('\n');
		h.append("DimSize = ").append(volume.dimension(0)).append(' ').append(volume.dimension(1)).append(' ')
				.append(volume.dimension(2)).append('\n');
		h.append("ElementType = ").append(metType(type)).append('\n');
		h.append("ElementDataFile = ").append(dataName).append('\n');
		return h.toString();
	}
}
