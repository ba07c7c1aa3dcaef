package org.chondroj.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.chondroj.core.Metadata;
import org.chondroj.core.PatientCoordinates;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix4d;

/**
 * NRRD volumes (read only): attached headers ({@code .nrrd}) and detached ones ({@code .nhdr}, whose
 * {@code data file:} names one file relative to the header).
 * <p>
 * Supported: magic {@code NRRD0001}..{@code NRRD0005}; 3-D data, or 4-D with one non-spatial axis of size 1 (a
 * {@code none} space direction, or, without space directions, a size-1 first or last axis); every common spelling of
 * the types uint8, int8, uint16, int16, uint32 (held exactly as {@code DoubleType}), int32, float, double; encodings
 * raw and gzip; both byte orders; {@code line skip} (lines of the data file, before decompression) and
 * {@code byte skip} (after decompression; −1 = the voxels are the last bytes of a raw file); a detached header's data
 * file in the header's folder or below unless {@link VolumeFiles.Options} allow more; gzip data inflated only up to the
 * byte skip and voxels the header states, which must be within the {@link DecompressionLimit}.
 * <p>
 * Geometry: {@code space directions} (the columns D·diag(spacing)) and {@code space origin} in the named space:
 * left-posterior-superior (LPS) as is, right-anterior-superior (RAS) converted through
 * {@link PatientCoordinates#flipLpsRas}, scanner-xyz and 3D-right-handed taken as LPS (noted in the metadata under
 * {@value #NOTE}). Without space directions, {@code spacings} along the axes (1 where absent), origin 0. Metadata:
 * {@link Metadata#SOURCE}, {@value #SPACE}, and every {@code key:=value} pair as {@code "Nrrd.<key>"}.
 * <p>
 * Cost: as {@link Nifti#read}: one pass, raw data decoded straight into the voxel array, gzip data buffered in 4 MB
 * chunks first.
 */
public final class Nrrd {

	/** Metadata key: the {@code space} field as written. */
	public static final String SPACE = "NrrdSpace";
	/** Metadata key: how the space was interpreted when it is not LPS or RAS. */
	public static final String NOTE = "NrrdNote";

	private static final Pattern VECTOR = Pattern.compile("\\(([^)]*)\\)|none", Pattern.CASE_INSENSITIVE);

	private Nrrd() {
	}

	/**
	 * Reads a {@code .nrrd} or {@code .nhdr} file (and the data file a {@code .nhdr} names, which must lie in the
	 * header's folder).
	 *
	 * @throws VolumeFormatException naming the header file (or the data file when its data is short) and the problem
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
		final int[] end = new int[1];
		final String magic = TextHeaders.line(prefix, 0, end);
		if (!magic.matches("NRRD000[1-5]"))
			throw new VolumeFormatException(file, "not a NRRD file: the first line is not NRRD0001..NRRD0005");
		final Map<String, String> fields = new HashMap<>();
		Metadata metadata = Metadata.empty().with(Metadata.SOURCE, file.toString());
		int pos = end[0], dataStart = -1, lineNumber = 1;
		while (pos >= 0 && pos < prefix.length) {
			final String line = TextHeaders.line(prefix, pos, end);
			lineNumber++;
			pos = end[0];
			if (line.isEmpty()) {
				dataStart = pos < 0 ? prefix.length : pos;
				break;
			}
			if (line.startsWith("#"))
				continue;
			final int kv = line.indexOf(":=");
			final int colon = line.indexOf(": ");
			if (kv >= 0 && (colon < 0 || kv < colon)) {
				metadata = metadata.with("Nrrd." + line.substring(0, kv), line.substring(kv + 2));
				continue;
			}
			if (colon <= 0)
				throw new VolumeFormatException(file, "line " + lineNumber + " is neither 'field: value' nor 'key:=value'");
			fields.put(TextHeaders.lower(line.substring(0, colon)), line.substring(colon + 2).trim());
		}
		if (pos > 0 && dataStart < 0 && prefix.length == TextHeaders.MAX_HEADER)
			throw new VolumeFormatException(file, "header longer than " + TextHeaders.MAX_HEADER + " bytes");

		final long dimensionField = TextHeaders.integers(require(fields, "dimension", file), 1, file, "dimension")[0];
		if (dimensionField != 3 && dimensionField != 4)
			throw new VolumeFormatException(file, "dimension " + dimensionField + ": only 3-D volumes (or 4-D with one axis of size 1) are supported");
		final int dimension = (int) dimensionField;
		final long[] sizes = TextHeaders.integers(require(fields, "sizes", file), dimension, file, "sizes");
		for (final long s : sizes)
			if (s <= 0)
				throw new VolumeFormatException(file, "sizes must be positive: '" + fields.get("sizes") + "'");
		final ElementType type = elementType(require(fields, "type", file), file);
		final String encoding = TextHeaders.lower(require(fields, "encoding", file));
		final boolean gzip;
		if (encoding.equals("raw"))
			gzip = false;
		else if (encoding.equals("gzip") || encoding.equals("gz"))
			gzip = true;
		else
			throw new VolumeFormatException(file, "unsupported encoding '" + encoding + "'; supported: raw, gzip");
		final ByteOrder order;
		final String endian = fields.get("endian");
		if (endian == null) {
			if (type.bytes > 1)
				throw new VolumeFormatException(file, "no endian field for " + type.label + " data");
			order = ByteOrder.LITTLE_ENDIAN;
		} else if (TextHeaders.lower(endian).equals("little"))
			order = ByteOrder.LITTLE_ENDIAN;
		else if (TextHeaders.lower(endian).equals("big"))
			order = ByteOrder.BIG_ENDIAN;
		else
			throw new VolumeFormatException(file, "endian is '" + endian + "', not little or big");

		// space
		boolean ras = false;
		final String space = fields.get("space");
		if (space != null) {
			metadata = metadata.with(SPACE, space);
			switch (TextHeaders.lower(space)) {
			case "left-posterior-superior":
			case "lps":
				break;
			case "right-anterior-superior":
			case "ras":
				ras = true;
				break;
			case "scanner-xyz":
				metadata = metadata.with(NOTE, "space scanner-xyz taken as LPS patient coordinates");
				break;
			case "3d-right-handed":
				metadata = metadata.with(NOTE, "space 3D-right-handed taken as LPS patient coordinates");
				break;
			default:
				throw new VolumeFormatException(file, "unsupported space '" + space
						+ "'; supported: left-posterior-superior, right-anterior-superior, scanner-xyz, 3D-right-handed");
			}
		} else if (fields.containsKey("space dimension")) {
			if (!fields.get("space dimension").equals("3"))
				throw new VolumeFormatException(file, "space dimension " + fields.get("space dimension") + ": only 3 is supported");
			metadata = metadata.with(NOTE, "space dimension 3 without a named space taken as LPS patient coordinates");
		}

		// which axes are spatial, and the geometry
		final List<Integer> spatial = new ArrayList<>();
		final Matrix4d affine = new Matrix4d();
		final String directions = fields.get("space directions");
		if (directions != null) {
			final Matcher m = VECTOR.matcher(directions);
			int axis = 0;
			while (m.find()) {
				if (axis >= dimension)
					throw new VolumeFormatException(file, "space directions lists more than " + dimension + " axes");
				if (m.group(1) != null) {
					if (spatial.size() == 3)
						throw new VolumeFormatException(file, "space directions has more than 3 spatial axes");
					final double[] v = TextHeaders.numbers(m.group(1), 3, file, "space directions");
					for (int r = 0; r < 3; r++)
						affine.setRowColumn(r, spatial.size(), v[r]);
					spatial.add(axis);
				}
				axis++;
			}
			if (axis != dimension || spatial.size() != 3)
				throw new VolumeFormatException(file, "space directions '" + directions + "' does not give " + dimension
						+ " axes with 3 spatial ones");
			final String origin = fields.get("space origin");
			if (origin != null) {
				final Matcher o = VECTOR.matcher(origin);
				if (!o.find() || o.group(1) == null)
					throw new VolumeFormatException(file, "space origin '" + origin + "' is not a vector (x,y,z)");
				final double[] v = TextHeaders.numbers(o.group(1), 3, file, "space origin");
				affine.setRowColumn(0, 3, v[0]).setRowColumn(1, 3, v[1]).setRowColumn(2, 3, v[2]);
			}
		} else {
			final int drop = dimension == 3 ? -1 : sizes[0] == 1 ? 0 : sizes[3] == 1 ? 3 : -2;
			if (drop == -2)
				throw new VolumeFormatException(file, "4-D data of sizes '" + fields.get("sizes") + "' without space directions: "
						+ "only a first or last axis of size 1 can be dropped");
			for (int a = 0; a < dimension; a++)
				if (a != drop)
					spatial.add(a);
			final String spacings = fields.get("spacings");
			final String[] parts = spacings == null ? new String[0] : spacings.trim().split("\\s+");
			if (spacings != null && parts.length != dimension)
				throw new VolumeFormatException(file, "spacings needs " + dimension + " values, got '" + spacings + "'");
			for (int i = 0; i < 3; i++) {
				double s = 1;
				if (spacings != null) {
					final String p = parts[spatial.get(i)];
					try {
						s = p.equalsIgnoreCase("nan") ? 1 : Double.parseDouble(p);
					} catch (final NumberFormatException e) {
						throw new VolumeFormatException(file, "spacings: '" + p + "' is not a number");
					}
				}
				affine.setRowColumn(i, i, s);
			}
		}
		for (int a = 0; a < dimension; a++)
			if (!spatial.contains(a) && sizes[a] != 1)
				throw new VolumeFormatException(file, "non-spatial axis " + a + " has size " + sizes[a]
						+ ": only single 3-D volumes are supported");
		final long[] dims3 = { sizes[spatial.get(0)], sizes[spatial.get(1)], sizes[spatial.get(2)] };
		final int n = VoxelStreams.checkedVoxelCount(dims3, file);
		final int[] dims = { (int) dims3[0], (int) dims3[1], (int) dims3[2] };
		final VoxelGeometry geometry;
		try {
			geometry = VoxelGeometry.fromAffine(ras ? PatientCoordinates.flipLpsRas(affine) : affine);
		} catch (final IllegalArgumentException e) {
			throw new VolumeFormatException(file, "invalid geometry: " + e.getMessage(), e);
		}

		// data
		String dataName = fields.get("data file");
		if (dataName == null)
			dataName = fields.get("datafile");
		final Path dataFile;
		final long offset;
		if (dataName != null) {
			if (dataName.startsWith("LIST") || dataName.contains("%"))
				throw new VolumeFormatException(file, "data file " + TextHeaders.quote(dataName) + ": only a single data file is supported");
			dataFile = TextHeaders.dataFile(file, dataName.trim(), "data file", options);
			if (!Files.isRegularFile(dataFile))
				throw new VolumeFormatException(file, "data file " + TextHeaders.quote(dataName) + " does not exist (looked for " + dataFile + ")");
			offset = 0;
		} else {
			if (dataStart < 0)
				throw new VolumeFormatException(file, "no data: the header names no data file and is not followed by a blank line and data");
			dataFile = file;
			offset = dataStart;
		}
		final long lineSkip = fields.containsKey("line skip") ? TextHeaders.integers(fields.get("line skip"), 1, file, "line skip")[0] : 0;
		final long byteSkip = fields.containsKey("byte skip") ? TextHeaders.integers(fields.get("byte skip"), 1, file, "byte skip")[0] : 0;
		if (lineSkip < 0)
			throw new VolumeFormatException(file, "line skip " + lineSkip + " is negative");
		if (byteSkip < -1)
			throw new VolumeFormatException(file, "byte skip " + byteSkip + " is invalid (−1 or ≥ 0)");
		if (byteSkip == -1 && gzip)
			throw new VolumeFormatException(file, "byte skip -1 is only allowed with raw encoding");
		final long fileSize = Files.size(dataFile);
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(dataFile), 1 << 16)) {
			VoxelStreams.skip(raw, offset, dataFile, "the header");
			long consumed = offset + skipLines(raw, lineSkip, dataFile);
			final InputStream in;
			if (gzip) {
				try {
					in = new GZIPInputStream(raw, 1 << 16);
				} catch (final IOException e) {
					throw new VolumeFormatException(dataFile, "gzip encoding, but the data is not gzip (" + e.getMessage() + ")", e);
				}
				VoxelStreams.checkInflated(dataFile, byteSkip + (long) n * type.bytes, "byte skip and voxel data");
				VoxelStreams.skip(in, byteSkip, dataFile, "byte skip");
			} else {
				in = raw;
				if (byteSkip == -1) {
					final long start = fileSize - (long) n * type.bytes;
					if (start < consumed)
						throw VoxelStreams.truncated(dataFile, n, type, fileSize - consumed);
					VoxelStreams.skip(in, start - consumed, dataFile, "byte skip");
					consumed = start;
				} else {
					VoxelStreams.skip(in, byteSkip, dataFile, "byte skip");
					consumed += byteSkip;
				}
			}
			final Object data = VoxelStreams.read(in, gzip ? -1 : fileSize - consumed, type, order, n, dataFile);
			return type.wrap(data, dims, geometry).withMetadata(metadata);
		}
	}

	private static long skipLines(final InputStream in, final long lines, final Path file) throws IOException {
		long bytes = 0;
		for (long l = 0; l < lines; l++) {
			int b;
			do {
				b = in.read();
				if (b < 0)
					throw new VolumeFormatException(file, "truncated: the file ends inside the " + lines + " lines of line skip");
				bytes++;
			} while (b != '\n');
		}
		return bytes;
	}

	private static String require(final Map<String, String> fields, final String key, final Path file) throws VolumeFormatException {
		final String v = fields.get(key);
		if (v == null || v.isBlank())
			throw new VolumeFormatException(file, "the header has no '" + key + "' field");
		return v;
	}

	private static ElementType elementType(final String name, final Path file) throws VolumeFormatException {
		switch (TextHeaders.lower(name).replaceAll("\\s+", " ")) {
		case "uchar":
		case "unsigned char":
		case "uint8":
		case "uint8_t":
			return ElementType.UINT8;
		case "signed char":
		case "int8":
		case "int8_t":
			return ElementType.INT8;
		case "short":
		case "short int":
		case "signed short":
		case "signed short int":
		case "int16":
		case "int16_t":
			return ElementType.INT16;
		case "ushort":
		case "unsigned short":
		case "unsigned short int":
		case "uint16":
		case "uint16_t":
			return ElementType.UINT16;
		case "int":
		case "signed int":
		case "int32":
		case "int32_t":
			return ElementType.INT32;
		case "uint":
		case "unsigned int":
		case "uint32":
		case "uint32_t":
			return ElementType.UINT32;
		case "float":
			return ElementType.FLOAT32;
		case "double":
			return ElementType.FLOAT64;
		default:
			throw new VolumeFormatException(file, "unsupported type '" + name
					+ "'; supported: (u)int8, (u)int16, (u)int32 in their NRRD spellings, float, double");
		}
	}
}
