package org.chondroj.plugins;

import java.util.Locale;
import java.util.Map;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.joml.Matrix3d;
import org.joml.Vector3d;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Converts between ImageJ's {@link ImagePlus} and ChondroJ's {@link Volume}: the only place where the two meet.
 * <p>
 * ImageJ's calibration holds the voxel size and an axis-aligned origin but no direction, so the full patient
 * geometry and the metadata travel as image properties ({@value #GEOMETRY_PROPERTY} and
 * {@value #METADATA_PREFIX}…), which survive within a Fiji session and are read back by the other ChondroJ commands.
 * Both directions copy the voxels slice by slice (O(n)).
 */
public final class ImagePlusVolumes {

	/** Image property holding the geometry: "spacing=sx,sy,sz;origin=ox,oy,oz;direction=d00,d10,d20,d01,…" (LPS, mm). */
	public static final String GEOMETRY_PROPERTY = "chondroj.geometry";
	/** Prefix of the image properties holding the volume's metadata entries. */
	public static final String METADATA_PREFIX = "chondroj.meta.";

	private ImagePlusVolumes() {
	}

	/**
	 * An ImagePlus of the volume: 8-bit for unsigned bytes, 16-bit for unsigned shorts, 32-bit float for every other
	 * type; calibrated in mm (voxel size, and the origin where the direction is the identity), geometry and metadata
	 * in the image properties.
	 */
	public static ImagePlus toImagePlus(final Volume<?> volume, final String title) {
		final int nx = volume.dimension(0), ny = volume.dimension(1), nz = volume.dimension(2), slice = nx * ny;
		final ImageStack stack = new ImageStack(nx, ny);
		final Object type = volume.type();
		final byte[] bytes = type instanceof UnsignedByteType ? Volumes.byteData(asBytes(volume)) : null;
		final short[] shorts = type instanceof UnsignedShortType ? Volumes.shortData(asShorts(volume)) : null;
		final float[] floats = bytes == null && shorts == null ? Volumes.floatValues(volume) : null;
		for (int z = 0; z < nz; z++) {
			final ImageProcessor ip;
			if (bytes != null) {
				final byte[] s = new byte[slice];
				System.arraycopy(bytes, z * slice, s, 0, slice);
				ip = new ByteProcessor(nx, ny, s);
			} else if (shorts != null) {
				final short[] s = new short[slice];
				System.arraycopy(shorts, z * slice, s, 0, slice);
				ip = new ShortProcessor(nx, ny, s, null);
			} else {
				final float[] s = new float[slice];
				System.arraycopy(floats, z * slice, s, 0, slice);
				ip = new FloatProcessor(nx, ny, s);
			}
			stack.addSlice(ip);
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.resetDisplayRange();
		final VoxelGeometry g = volume.geometry();
		final Calibration cal = imp.getCalibration();
		cal.setUnit("mm");
		cal.pixelWidth = g.spacing(0);
		cal.pixelHeight = g.spacing(1);
		cal.pixelDepth = g.spacing(2);
		final double[] o = g.origin();
		cal.xOrigin = -o[0] / g.spacing(0);
		cal.yOrigin = -o[1] / g.spacing(1);
		cal.zOrigin = -o[2] / g.spacing(2);
		imp.setProp(GEOMETRY_PROPERTY, format(g));
		for (final Map.Entry<String, String> e : volume.metadata().asMap().entrySet())
			imp.setProp(METADATA_PREFIX + e.getKey(), e.getValue());
		return imp;
	}

	/**
	 * A volume of the image: 8-bit → unsigned bytes, 16-bit → unsigned shorts, 32-bit → floats. The geometry comes
	 * from the {@value #GEOMETRY_PROPERTY} property if its voxel size agrees with the calibration (a user may have
	 * recalibrated), else from the calibration alone (axis-aligned).
	 *
	 * @throws IllegalArgumentException for RGB images, several channels or time points, or an uncalibrated image
	 *         whose unit is not a length
	 */
	public static Volume<?> toVolume(final ImagePlus imp) {
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + imp.getNChannels() + " channels and " + imp.getNFrames()
					+ " time points; ChondroJ needs one 3-D image (split the hyperstack first)");
		final int bitDepth = imp.getBitDepth();
		if (bitDepth == 24)
			throw new IllegalArgumentException("'" + imp.getTitle() + "' is an RGB image; ChondroJ needs a grey-level MRI image (8, 16 or 32-bit)");
		final int nx = imp.getWidth(), ny = imp.getHeight(), nz = imp.getStackSize(), slice = nx * ny;
		final int[] dims = { nx, ny, nz };
		final VoxelGeometry geometry = geometry(imp);
		final ImageStack stack = imp.getStack();
		final Volume<?> volume;
		if (bitDepth == 8) {
			final byte[] data = new byte[slice * nz];
			for (int z = 0; z < nz; z++)
				System.arraycopy((byte[]) stack.getPixels(z + 1), 0, data, z * slice, slice);
			volume = Volumes.wrapUnsignedBytes(data, dims, geometry);
		} else if (bitDepth == 16) {
			final short[] data = new short[slice * nz];
			for (int z = 0; z < nz; z++)
				System.arraycopy((short[]) stack.getPixels(z + 1), 0, data, z * slice, slice);
			volume = Volumes.wrapUnsignedShorts(data, dims, geometry);
		} else {
			final float[] data = new float[slice * nz];
			for (int z = 0; z < nz; z++)
				System.arraycopy((float[]) stack.getPixels(z + 1), 0, data, z * slice, slice);
			volume = Volumes.wrapFloats(data, dims, geometry);
		}
		Metadata metadata = Metadata.empty();
		for (final String key : imp.getPropertiesAsArray() == null ? new String[0] : keys(imp))
			if (key.startsWith(METADATA_PREFIX))
				metadata = metadata.with(key.substring(METADATA_PREFIX.length()), imp.getProp(key));
		return volume.withMetadata(metadata);
	}

	private static String[] keys(final ImagePlus imp) {
		final String[] pairs = imp.getPropertiesAsArray();
		final String[] keys = new String[pairs.length / 2];
		for (int i = 0; i < keys.length; i++)
			keys[i] = pairs[2 * i];
		return keys;
	}

	private static VoxelGeometry geometry(final ImagePlus imp) {
		final Calibration cal = imp.getCalibration();
		final double scale = millimetresPerUnit(imp, cal.getUnit());
		final double[] spacing = { cal.pixelWidth * scale, cal.pixelHeight * scale, cal.pixelDepth * scale };
		final String stored = imp.getProp(GEOMETRY_PROPERTY);
		if (stored != null) {
			final VoxelGeometry g = parse(stored);
			if (Math.abs(g.spacing(0) - spacing[0]) < 1e-6 && Math.abs(g.spacing(1) - spacing[1]) < 1e-6 && Math.abs(g.spacing(2) - spacing[2]) < 1e-6)
				return g;
		}
		return VoxelGeometry.axisAligned(spacing, new double[] { -cal.xOrigin * spacing[0], -cal.yOrigin * spacing[1], -cal.zOrigin * spacing[2] });
	}

	private static double millimetresPerUnit(final ImagePlus imp, final String unit) {
		switch (unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT)) {
		case "mm":
		case "millimeter":
		case "millimetre":
			return 1;
		case "cm":
			return 10;
		case "m":
		case "meter":
		case "metre":
			return 1000;
		case "um":
		case "µm":
		case "micron":
		case "microns":
			return 1e-3;
		default:
			throw new IllegalArgumentException("'" + imp.getTitle() + "' is calibrated in '" + unit
					+ "', not in a length unit; set the voxel size in mm with Image > Properties… first");
		}
	}

	/** The text form of a geometry kept in {@value #GEOMETRY_PROPERTY}. */
	static String format(final VoxelGeometry g) {
		final double[] s = g.spacing(), o = g.origin();
		final StringBuilder b = new StringBuilder("spacing=").append(join(s)).append(";origin=").append(join(o)).append(";direction=");
		final Vector3d c = new Vector3d();
		for (int d = 0; d < 3; d++) {
			g.direction().getColumn(d, c);
			b.append(d > 0 ? "," : "").append(join(new double[] { c.x, c.y, c.z }));
		}
		return b.toString();
	}

	/** Parses {@link #format}'s text. */
	static VoxelGeometry parse(final String text) {
		double[] spacing = null, origin = null, direction = null;
		for (final String part : text.split(";")) {
			final String[] kv = part.split("=", 2);
			if (kv.length != 2)
				continue;
			final String[] numbers = kv[1].split(",");
			final double[] v = new double[numbers.length];
			for (int i = 0; i < v.length; i++)
				v[i] = Double.parseDouble(numbers[i].trim());
			switch (kv[0].trim()) {
			case "spacing":
				spacing = v;
				break;
			case "origin":
				origin = v;
				break;
			case "direction":
				direction = v;
				break;
			default:
				break;
			}
		}
		if (spacing == null || origin == null || direction == null || direction.length != 9)
			throw new IllegalArgumentException("unreadable " + GEOMETRY_PROPERTY + " property: " + text);
		final Matrix3d d = new Matrix3d(direction[0], direction[1], direction[2], direction[3], direction[4], direction[5], direction[6],
				direction[7], direction[8]);
		return VoxelGeometry.of(spacing, origin, d);
	}

	private static String join(final double[] v) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < v.length; i++)
			b.append(i > 0 ? "," : "").append(Double.toString(v[i]));
		return b.toString();
	}

	@SuppressWarnings("unchecked")
	private static Volume<UnsignedByteType> asBytes(final Volume<?> v) {
		return (Volume<UnsignedByteType>) v;
	}

	@SuppressWarnings("unchecked")
	private static Volume<UnsignedShortType> asShorts(final Volume<?> v) {
		return (Volume<UnsignedShortType>) v;
	}
}
