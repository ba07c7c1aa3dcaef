package org.chondroj.core;

import java.util.Objects;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * A 3-D image in the patient: voxel data in one primitive array (an ImgLib2 {@link ArrayImg}, x fastest, so at
 * most 2³¹−1 voxels), its {@link VoxelGeometry} and its {@link Metadata}.
 * <p>
 * The voxel data is shared, not copied: {@link #withGeometry} and {@link #withMetadata} return volumes that
 * view the same array. Algorithms in ChondroJ never modify their input volumes. Create volumes with
 * {@link Volumes}.
 *
 * @param <T> the voxel type ({@code UnsignedByteType} for masks and labels, {@code UnsignedShortType} for
 *        scanner images, {@code FloatType} for computed maps, …)
 */
public final class Volume<T extends NativeType<T> & RealType<T>> {

	private final ArrayImg<T, ?> img;
	private final VoxelGeometry geometry;
	private final Metadata metadata;
	private final int[] dims;

	Volume(final ArrayImg<T, ?> img, final VoxelGeometry geometry, final Metadata metadata) {
		if (img.numDimensions() != 3)
			throw new IllegalArgumentException("a Volume is 3-D, got " + img.numDimensions() + " dimensions");
		this.img = img;
		this.geometry = Objects.requireNonNull(geometry, "geometry");
		this.metadata = Objects.requireNonNull(metadata, "metadata");
		this.dims = new int[] { (int) img.dimension(0), (int) img.dimension(1), (int) img.dimension(2) };
	}

	/** The voxel data (a view of the shared array, not a copy). */
	public ArrayImg<T, ?> img() {
		return img;
	}

	public VoxelGeometry geometry() {
		return geometry;
	}

	public Metadata metadata() {
		return metadata;
	}

	/** Size along axis {@code d}, voxels. */
	public int dimension(final int d) {
		return dims[d];
	}

	/** A copy of the three sizes, voxels. */
	public int[] dimensions() {
		return dims.clone();
	}

	/** Number of voxels. */
	public int size() {
		return dims[0] * dims[1] * dims[2];
	}

	/** Linear index of voxel (x, y, z) in the backing array: {@code x + nx·(y + ny·z)}. */
	public int index(final int x, final int y, final int z) {
		return x + dims[0] * (y + dims[1] * z);
	}

	/** A voxel type instance (for creating outputs of the same type). */
	public T type() {
		return img.firstElement().createVariable();
	}

	/**
	 * The voxel type as users and NumPy name it, for messages and reports (never ImgLib2's class name): {@code uint8},
	 * {@code int8}, {@code uint16}, {@code int16}, {@code uint32}, {@code int32}, {@code int64}, {@code float32},
	 * {@code float64}, or the type's class name for another type.
	 */
	public String voxelTypeName() {
		return voxelTypeName(type());
	}

	/** {@link #voxelTypeName()} of a voxel type instance. */
	public static String voxelTypeName(final RealType<?> type) {
		if (type instanceof net.imglib2.type.numeric.integer.UnsignedByteType)
			return "uint8";
		if (type instanceof net.imglib2.type.numeric.integer.ByteType)
			return "int8";
		if (type instanceof net.imglib2.type.numeric.integer.UnsignedShortType)
			return "uint16";
		if (type instanceof net.imglib2.type.numeric.integer.ShortType)
			return "int16";
		if (type instanceof net.imglib2.type.numeric.integer.UnsignedIntType)
			return "uint32";
		if (type instanceof net.imglib2.type.numeric.integer.IntType)
			return "int32";
		if (type instanceof net.imglib2.type.numeric.integer.LongType)
			return "int64";
		if (type instanceof net.imglib2.type.numeric.real.FloatType)
			return "float32";
		if (type instanceof net.imglib2.type.numeric.real.DoubleType)
			return "float64";
		return type.getClass().getSimpleName();
	}

	/** The same voxels (shared) with another geometry. */
	public Volume<T> withGeometry(final VoxelGeometry newGeometry) {
		return new Volume<>(img, newGeometry, metadata);
	}

	/** The same voxels (shared) with other metadata. */
	public Volume<T> withMetadata(final Metadata newMetadata) {
		return new Volume<>(img, geometry, newMetadata);
	}

	/** True if {@code other} has the same dimensions and geometry (to 1e-6 mm), i.e. voxel i is the same place in both. */
	public boolean sameGrid(final Volume<?> other) {
		return java.util.Arrays.equals(dims, other.dims) && geometry.approximatelyEquals(other.geometry, 1e-6);
	}

	@Override
	public String toString() {
		return "Volume[" + dims[0] + "×" + dims[1] + "×" + dims[2] + " " + voxelTypeName() + ", " + geometry + "]";
	}
}
