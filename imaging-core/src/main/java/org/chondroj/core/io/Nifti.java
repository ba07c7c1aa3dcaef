package org.chondroj.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.chondroj.core.Metadata;
import org.chondroj.core.PatientCoordinates;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.joml.Matrix3d;
import org.joml.Matrix4d;

/**
 * NIfTI-1 single-file volumes ({@code .nii}, {@code .nii.gz}): reading and writing, with the geometry converted
 * between NIfTI's RAS and ChondroJ's LPS patient coordinates (through {@link PatientCoordinates#flipLpsRas}).
 * <p>
 * Reading: both byte orders (told apart by {@code sizeof_hdr} = 348), gzip recognised by its magic bytes whatever
 * the name; 3-D data only (a 4th or higher dimension must have size 1); datatypes uint8, int8, int16, uint16,
 * int32, float32, float64 in their native ImgLib2 type, uint32 exactly as {@code DoubleType}; when
 * {@code scl_slope} is finite, non-zero and (slope, inter) ≠ (1, 0), a {@code FloatType} volume holding
 * {@code slope · stored + inter}. Geometry from the sform when {@code sform_code} &gt; 0 (falling back to the qform
 * if the sform is sheared and a qform exists), else from the qform when {@code qform_code} &gt; 0, else
 * {@code pixdim} spacing along the RAS axes with the origin at 0. Metadata: {@link Metadata#SOURCE},
 * {@value #XFORM} ("sform", "qform" or "none"; "qform (sform sheared)" in the fallback) and {@value #DESCRIPTION}
 * ({@code descrip}, trimmed, when not empty). Extensions are skipped.
 * <p>
 * Writing: little-endian {@code n+1}, {@code vox_offset} 352, the volume's own datatype, {@code scl_slope} 1 and
 * {@code scl_inter} 0, units mm, and both qform and sform (code 1, scanner) describing the same geometry, as
 * dcm2niix does. Header values are float32, so positions are stored to about 1e-5 mm. Gzip-compressed when the
 * name ends with {@code .gz}, byte-for-byte reproducible (gzip time stamp 0). Written atomically
 * ({@link AtomicFiles}).
 * <p>
 * Cost: reading is one pass over the file; an uncompressed file is decoded straight into the voxel array, a
 * compressed one is buffered in 4 MB chunks first (peak memory twice the voxel data). Writing streams the voxels
 * through a 4 MB buffer.
 */
public final class Nifti {

	/** Metadata key: which transform gave the geometry ("sform", "qform" or "none"). */
	public static final String XFORM = "NiftiXform";
	/** Metadata key: the header's {@code descrip} text. */
	public static final String DESCRIPTION = "NiftiDescription";

	static final int HEADER_SIZE = 348;
	static final int VOX_OFFSET = 352;

	private static final int DT_UINT8 = 2, DT_INT16 = 4, DT_INT32 = 8, DT_FLOAT32 = 16, DT_COMPLEX64 = 32, DT_FLOAT64 = 64,
			DT_RGB24 = 128, DT_INT8 = 256, DT_UINT16 = 512, DT_UINT32 = 768, DT_INT64 = 1024, DT_UINT64 = 1280,
			DT_FLOAT128 = 1536, DT_COMPLEX128 = 1792, DT_COMPLEX256 = 2048, DT_RGBA32 = 2304;

	private Nifti() {
	}

	/**
	 * Reads a NIfTI-1 single file ({@code .nii} or gzip-compressed {@code .nii.gz}).
	 *
	 * @return a new volume (LPS geometry) owning a new voxel array
	 * @throws VolumeFormatException naming the file and the problem for anything that is not a readable 3-D NIfTI-1
	 *         file (truncated, wrong magic, unsupported datatype, more than one volume, sizes the file cannot hold)
	 * @throws IOException when the file cannot be opened or read
	 */
	public static Volume<?> read(final Path file) throws IOException {
		return VolumeFiles.guarded(file, () -> readChecked(file));
	}

	private static Volume<?> readChecked(final Path file) throws IOException {
		final long fileSize = Files.size(file);
		if (fileSize == 0)
			throw new VolumeFormatException(file, "empty file (0 bytes)");
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			final boolean gzip = isGzip(raw);
			final InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
			return read(file, in, gzip ? -1 : fileSize);
		} catch (final VolumeFormatException e) {
			throw e;
		} catch (final java.util.zip.ZipException | java.io.EOFException e) {
			throw new VolumeFormatException(file, "corrupt or truncated gzip data (" + e.getMessage() + ")", e);
		}
	}

	/** True if the stream (which must support mark) starts with the gzip magic bytes 1f 8b; does not consume them. */
	static boolean isGzip(final InputStream in) throws IOException {
		in.mark(2);
		final int b0 = in.read(), b1 = in.read();
		in.reset();
		return b0 == 0x1f && b1 == 0x8b;
	}

	private static Volume<?> read(final Path file, final InputStream in, final long fileSize) throws IOException {
		final byte[] h = in.readNBytes(HEADER_SIZE);
		if (h.length == 0)
			throw new VolumeFormatException(file, "empty file (no data after decompression)");
		if (h.length < HEADER_SIZE)
			throw new VolumeFormatException(file, "truncated: " + h.length + " bytes, too short for a NIfTI-1 header ("
					+ HEADER_SIZE + " bytes)");
		final ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
		final int sizeLe = b.getInt(0);
		if (sizeLe != HEADER_SIZE) {
			b.order(ByteOrder.BIG_ENDIAN);
			final int sizeBe = b.getInt(0);
			if (sizeBe != HEADER_SIZE) {
				if (sizeLe == 540 || sizeBe == 540)
					throw new VolumeFormatException(file, "NIfTI-2 files are not supported (sizeof_hdr 540)");
				throw new VolumeFormatException(file, "not a NIfTI-1 file: sizeof_hdr is " + sizeLe + " (little-endian) / "
						+ sizeBe + " (big-endian), not 348");
			}
		}
		final String magic = new String(h, 344, 4, StandardCharsets.ISO_8859_1);
		if (magic.equals("ni1\0"))
			throw new VolumeFormatException(file, "two-file NIfTI (.hdr/.img, magic 'ni1') is not supported; convert it to .nii");
		if (!magic.equals("n+1\0"))
			throw new VolumeFormatException(file, "not a NIfTI-1 single file: magic is '" + printable(magic) + "', not 'n+1'");

		// dimensions
		final int rank = b.getShort(40);
		if (rank < 1 || rank > 7)
			throw new VolumeFormatException(file, "dim[0] is " + rank + ", must be 1..7");
		final long[] dims = { 1, 1, 1 };
		for (int d = 1; d <= rank; d++) {
			final int size = b.getShort(40 + 2 * d);
			if (size <= 0)
				throw new VolumeFormatException(file, "dim[" + d + "] is " + size + ": dimensions must be positive");
			if (d <= 3)
				dims[d - 1] = size;
			else if (size != 1)
				throw new VolumeFormatException(file, (rank >= 4 ? rank + "-D" : "") + " data with dim[" + d + "] = " + size
						+ ": only single 3-D volumes are supported");
		}
		final int n = VoxelStreams.checkedVoxelCount(dims, file);
		final int[] size = { (int) dims[0], (int) dims[1], (int) dims[2] };

		// datatype
		final int datatype = b.getShort(70);
		final ElementType type = elementType(datatype, file);
		final int bitpix = b.getShort(72);
		if (bitpix != 8 * type.bytes)
			throw new VolumeFormatException(file, "bitpix " + bitpix + " does not match datatype " + datatype + " ("
					+ type.label + ", " + 8 * type.bytes + " bits)");

		// data offset
		final float voxOffset = b.getFloat(108);
		if (!(voxOffset >= VOX_OFFSET) || voxOffset > Integer.MAX_VALUE || voxOffset != Math.rint(voxOffset))
			throw new VolumeFormatException(file, "vox_offset " + voxOffset + " is not a whole number ≥ " + VOX_OFFSET);
		final long offset = (long) voxOffset;

		final VoxelGeometry geometry;
		final String xform;
		final double mm = millimetresPerUnit(h[123], file);
		final int qformCode = b.getShort(252), sformCode = b.getShort(254);
		if (sformCode > 0) {
			VoxelGeometry g;
			String x = "sform";
			try {
				g = geometry(sform(b).scaleLocal(mm), file, "sform");
			} catch (final VolumeFormatException e) {
				if (qformCode <= 0)
					throw e;
				g = geometry(qform(b, file).scaleLocal(mm), file, "qform");
				x = "qform (sform sheared)";
			}
			geometry = g;
			xform = x;
		} else if (qformCode > 0) {
			geometry = geometry(qform(b, file).scaleLocal(mm), file, "qform");
			xform = "qform";
		} else {
			final double[] sp = pixdim(b, file);
			geometry = geometry(new Matrix4d().scaling(sp[0] * mm, sp[1] * mm, sp[2] * mm), file, "pixdim");
			xform = "none";
		}

		final float slope = b.getFloat(112), interRaw = b.getFloat(116);
		final float inter = Float.isFinite(interRaw) ? interRaw : 0;
		final boolean scale = Float.isFinite(slope) && slope != 0 && !(slope == 1 && inter == 0);

		Metadata metadata = Metadata.empty().with(Metadata.SOURCE, file.toString()).with(XFORM, xform);
		final String description = cString(h, 148, 80).trim();
		if (!description.isEmpty())
			metadata = metadata.with(DESCRIPTION, description);

		if (fileSize < 0)
			VoxelStreams.checkInflated(file, offset + (long) n * type.bytes, "header, extensions and voxel data");
		VoxelStreams.skip(in, offset - HEADER_SIZE, file, "the header extensions before vox_offset " + offset);
		final Object data = VoxelStreams.read(in, fileSize < 0 ? -1 : fileSize - offset, type, b.order(), n, file);
		final Volume<?> volume = scale ? Volumes.wrapFloats(type.scaled(data, slope, inter), size, geometry)
				: type.wrap(data, size, geometry);
		return volume.withMetadata(metadata);
	}

	/**
	 * Millimetres per spatial unit of the header's xyzt_units (bits 0–2): metre 1000, millimetre 1, micron 0.001;
	 * unknown (0) is taken as millimetres, as every NIfTI tool does.
	 */
	private static double millimetresPerUnit(final byte xyztUnits, final Path file) throws VolumeFormatException {
		switch (xyztUnits & 0x07) {
		case 0:
		case 2:
			return 1;
		case 1:
			return 1000;
		case 3:
			return 1e-3;
		default:
			throw new VolumeFormatException(file, "xyzt_units " + (xyztUnits & 0xff) + " names no spatial unit (bits 0-2 must be 0-3)");
		}
	}

	private static ElementType elementType(final int datatype, final Path file) throws VolumeFormatException {
		switch (datatype) {
		case DT_UINT8:
			return ElementType.UINT8;
		case DT_INT8:
			return ElementType.INT8;
		case DT_INT16:
			return ElementType.INT16;
		case DT_UINT16:
			return ElementType.UINT16;
		case DT_INT32:
			return ElementType.INT32;
		case DT_UINT32:
			return ElementType.UINT32;
		case DT_FLOAT32:
			return ElementType.FLOAT32;
		case DT_FLOAT64:
			return ElementType.FLOAT64;
		default:
			throw new VolumeFormatException(file, "unsupported datatype " + datatype + datatypeName(datatype)
					+ "; supported: uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), uint32 (768), float32 (16), float64 (64)");
		}
	}

	private static String datatypeName(final int datatype) {
		switch (datatype) {
		case DT_COMPLEX64:
			return " (complex64)";
		case DT_RGB24:
			return " (rgb24)";
		case DT_INT64:
			return " (int64)";
		case DT_UINT64:
			return " (uint64)";
		case DT_FLOAT128:
			return " (float128)";
		case DT_COMPLEX128:
			return " (complex128)";
		case DT_COMPLEX256:
			return " (complex256)";
		case DT_RGBA32:
			return " (rgba32)";
		default:
			return "";
		}
	}

	/** The sform as a RAS affine (index → mm). */
	private static Matrix4d sform(final ByteBuffer b) {
		final Matrix4d m = new Matrix4d();
		for (int row = 0; row < 3; row++)
			for (int col = 0; col < 4; col++)
				m.setRowColumn(row, col, b.getFloat(280 + 16 * row + 4 * col));
		return m;
	}

	/** The qform as a RAS affine (index → mm), as defined in nifti1.h. */
	private static Matrix4d qform(final ByteBuffer b, final Path file) throws VolumeFormatException {
		double qb = b.getFloat(256), qc = b.getFloat(260), qd = b.getFloat(264);
		final double qx = b.getFloat(268), qy = b.getFloat(272), qz = b.getFloat(276);
		if (!(Double.isFinite(qb) && Double.isFinite(qc) && Double.isFinite(qd) && Double.isFinite(qx) && Double.isFinite(qy)
				&& Double.isFinite(qz)))
			throw new VolumeFormatException(file, "qform has non-finite quaternion or offset values");
		final double[] sp = pixdim(b, file);
		final float qfacRaw = b.getFloat(76);
		final double qfac = qfacRaw < 0 ? -1 : 1; // 0 (old writers) means 1
		double qa = 1 - (qb * qb + qc * qc + qd * qd);
		if (qa < 1e-7) { // a 180° rotation: normalise (b, c, d), a = 0
			final double norm = Math.sqrt(qb * qb + qc * qc + qd * qd);
			qb /= norm;
			qc /= norm;
			qd /= norm;
			qa = 0;
		} else
			qa = Math.sqrt(qa);
		final Matrix4d m = new Matrix4d();
		final double[][] r = {
				{ qa * qa + qb * qb - qc * qc - qd * qd, 2 * (qb * qc - qa * qd), 2 * (qb * qd + qa * qc) },
				{ 2 * (qb * qc + qa * qd), qa * qa + qc * qc - qb * qb - qd * qd, 2 * (qc * qd - qa * qb) },
				{ 2 * (qb * qd - qa * qc), 2 * (qc * qd + qa * qb), qa * qa + qd * qd - qb * qb - qc * qc } };
		final double[] scale = { sp[0], sp[1], qfac * sp[2] };
		for (int row = 0; row < 3; row++)
			for (int col = 0; col < 3; col++)
				m.setRowColumn(row, col, r[row][col] * scale[col]);
		m.setRowColumn(0, 3, qx).setRowColumn(1, 3, qy).setRowColumn(2, 3, qz);
		return m;
	}

	private static double[] pixdim(final ByteBuffer b, final Path file) throws VolumeFormatException {
		final double[] sp = new double[3];
		for (int d = 0; d < 3; d++) {
			sp[d] = b.getFloat(80 + 4 * d);
			if (!(sp[d] > 0) || !Double.isFinite(sp[d]))
				throw new VolumeFormatException(file, String.format(Locale.ROOT,
						"pixdim[%d] is %s: voxel sizes must be positive", d + 1, Double.toString(sp[d])));
		}
		return sp;
	}

	/** Converts a RAS affine to an LPS geometry; shear or degenerate axes are a format error. */
	private static VoxelGeometry geometry(final Matrix4d ras, final Path file, final String what) throws VolumeFormatException {
		try {
			return VoxelGeometry.fromAffine(PatientCoordinates.flipLpsRas(ras));
		} catch (final IllegalArgumentException e) {
			throw new VolumeFormatException(file, what + " is not a valid voxel geometry: " + e.getMessage(), e);
		}
	}

	private static String cString(final byte[] h, final int offset, final int length) {
		int end = offset;
		while (end < offset + length && h[end] != 0)
			end++;
		return new String(h, offset, end - offset, StandardCharsets.ISO_8859_1);
	}

	private static String printable(final String s) {
		final StringBuilder out = new StringBuilder();
		for (final char c : s.toCharArray())
			if (c >= 0x20 && c < 0x7f)
				out.append(c);
			else
				out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
		return out.toString();
	}

	/**
	 * Writes {@code volume} as NIfTI-1 ({@code .nii}, or gzip-compressed when the name ends with {@code .gz}),
	 * atomically. See the class description for what is written.
	 *
	 * @throws IllegalArgumentException if the voxel type has no NIfTI datatype here (supported: UnsignedByte, Byte,
	 *         UnsignedShort, Short, Int, Float, Double)
	 */
	public static void write(final Volume<?> volume, final Path file) throws IOException {
		final ElementType type = ElementType.of(volume.type());
		if (type == null)
			throw new IllegalArgumentException(file + ": cannot write voxel type " + volume.voxelTypeName()
					+ " as NIfTI (supported: UnsignedByte, Byte, UnsignedShort, Short, Int, Float, Double)");
		final byte[] header = header(volume, type);
		final boolean gzip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
		AtomicFiles.write(file, out -> {
			if (gzip) {
				final GZIPOutputStream z = new GZIPOutputStream(new NonClosing(out), 1 << 16);
				writeBody(volume, type, header, z);
				z.finish();
				z.close();
			} else
				writeBody(volume, type, header, out);
		});
	}

	private static void writeBody(final Volume<?> volume, final ElementType type, final byte[] header, final OutputStream out)
			throws IOException {
		out.write(header);
		VoxelStreams.write(volume, type, ByteOrder.LITTLE_ENDIAN, out);
	}

	/** The 352 header bytes (348 + an empty extension flag) for {@code volume}. */
	static byte[] header(final Volume<?> volume, final ElementType type) {
		final ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, HEADER_SIZE);
		b.put(38, (byte) 'r'); // "regular", as ANALYZE 7.5 readers expect
		b.putShort(40, (short) 3);
		for (int d = 0; d < 3; d++)
			b.putShort(42 + 2 * d, (short) checkDimension(volume.dimension(d)));
		for (int d = 3; d < 7; d++)
			b.putShort(42 + 2 * d, (short) 1);
		b.putShort(70, (short) datatype(type));
		b.putShort(72, (short) (8 * type.bytes));

		final VoxelGeometry g = volume.geometry();
		final Matrix4d ras = PatientCoordinates.flipLpsRas(g.indexToPatientAffine());
		// the rotation part in RAS: direction columns; a reflection is moved into qfac
		final Matrix3d r = new Matrix3d();
		ras.get3x3(r);
		r.scale(1 / g.spacing(0), 1 / g.spacing(1), 1 / g.spacing(2));
		double qfac = 1;
		if (r.determinant() < 0) {
			qfac = -1;
			r.m20(-r.m20()).m21(-r.m21()).m22(-r.m22());
		}
		final double[] q = quaternion(r);
		b.putFloat(76, (float) qfac);
		for (int d = 0; d < 3; d++)
			b.putFloat(80 + 4 * d, (float) g.spacing(d));
		for (int d = 4; d < 8; d++)
			b.putFloat(76 + 4 * d, 1f);
		b.putFloat(108, VOX_OFFSET);
		b.putFloat(112, 1f);
		b.putFloat(116, 0f);
		b.put(123, (byte) 2); // NIFTI_UNITS_MM, no time unit
		final byte[] descrip = "ChondroJ".getBytes(StandardCharsets.US_ASCII);
		b.position(148);
		b.put(descrip);
		b.putShort(252, (short) 1);
		b.putShort(254, (short) 1);
		b.putFloat(256, (float) q[1]);
		b.putFloat(260, (float) q[2]);
		b.putFloat(264, (float) q[3]);
		b.putFloat(268, (float) ras.m30());
		b.putFloat(272, (float) ras.m31());
		b.putFloat(276, (float) ras.m32());
		for (int row = 0; row < 3; row++)
			for (int col = 0; col < 4; col++)
				b.putFloat(280 + 16 * row + 4 * col, (float) ras.getRowColumn(row, col));
		b.position(344);
		b.put(new byte[] { 'n', '+', '1', 0 });
		return b.array();
	}

	private static int checkDimension(final int size) {
		if (size > Short.MAX_VALUE)
			throw new IllegalArgumentException("NIfTI-1 holds at most " + Short.MAX_VALUE + " voxels per axis, got " + size);
		return size;
	}

	private static int datatype(final ElementType type) {
		switch (type) {
		case UINT8:
			return DT_UINT8;
		case INT8:
			return DT_INT8;
		case UINT16:
			return DT_UINT16;
		case INT16:
			return DT_INT16;
		case INT32:
			return DT_INT32;
		case UINT32:
			return DT_UINT32;
		case FLOAT32:
			return DT_FLOAT32;
		default:
			return DT_FLOAT64;
		}
	}

	/**
	 * The unit quaternion (a, b, c, d), a ≥ 0, of a proper rotation matrix {@code r} (columns = rotated axes),
	 * by the numerically stable choice of the largest diagonal term.
	 */
	static double[] quaternion(final Matrix3d r) {
		// JOML: mCR is column C, row R
		final double r11 = r.m00(), r12 = r.m10(), r13 = r.m20();
		final double r21 = r.m01(), r22 = r.m11(), r23 = r.m21();
		final double r31 = r.m02(), r32 = r.m12(), r33 = r.m22();
		double a, b, c, d;
		final double trace = r11 + r22 + r33;
		if (trace > 0) {
			a = 0.5 * Math.sqrt(1 + trace);
			b = 0.25 * (r32 - r23) / a;
			c = 0.25 * (r13 - r31) / a;
			d = 0.25 * (r21 - r12) / a;
		} else if (r11 >= r22 && r11 >= r33) {
			b = 0.5 * Math.sqrt(1 + r11 - r22 - r33);
			a = 0.25 * (r32 - r23) / b;
			c = 0.25 * (r12 + r21) / b;
			d = 0.25 * (r13 + r31) / b;
		} else if (r22 >= r33) {
			c = 0.5 * Math.sqrt(1 + r22 - r11 - r33);
			a = 0.25 * (r13 - r31) / c;
			b = 0.25 * (r12 + r21) / c;
			d = 0.25 * (r23 + r32) / c;
		} else {
			d = 0.5 * Math.sqrt(1 + r33 - r11 - r22);
			a = 0.25 * (r21 - r12) / d;
			b = 0.25 * (r13 + r31) / d;
			c = 0.25 * (r23 + r32) / d;
		}
		if (a < 0) {
			a = -a;
			b = -b;
			c = -c;
			d = -d;
		}
		final double norm = Math.sqrt(a * a + b * b + c * c + d * d);
		return new double[] { a / norm, b / norm, c / norm, d / norm };
	}

	/** Keeps the gzip stream's close from closing the atomic writer's stream (which AtomicFiles closes). */
	private static final class NonClosing extends java.io.FilterOutputStream {
		NonClosing(final OutputStream out) {
			super(out);
		}

		@Override
		public void write(final byte[] bytes, final int off, final int len) throws IOException {
			out.write(bytes, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}
}
