package org.chondroj.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.chondroj.core.Volume;

/**
 * Reading and writing volume files by their name: the entry point other modules use.
 * <p>
 * Reads {@code .nii}, {@code .nii.gz} ({@link Nifti}), {@code .mha}, {@code .mhd} ({@link MetaImage}),
 * {@code .nrrd}, {@code .nhdr} ({@link Nrrd}); writes NIfTI and MetaImage. The geometry of every volume is in LPS
 * patient coordinates whatever the file's convention. Every problem with a file is a {@link VolumeFormatException}
 * naming the file.
 */
public final class VolumeFiles {

	/** The file name endings {@link #read} accepts. */
	public static final String READABLE = ".nii, .nii.gz, .mha, .mhd, .nrrd, .nhdr";
	/** The file name endings {@link #write} accepts. */
	public static final String WRITABLE = ".nii, .nii.gz, .mha, .mhd";

	private VolumeFiles() {
	}

	/**
	 * Reads the volume in {@code file}, choosing the format by the name's ending (case-insensitive).
	 *
	 * @return a new volume owning its voxels, {@link org.chondroj.core.Metadata#SOURCE} set to the file
	 * @throws VolumeFormatException for an unknown ending (naming the supported ones) or a bad file
	 */
	public static Volume<?> read(final Path file) throws IOException {
		final String name = lowerName(file);
		if (name.endsWith(".nii") || name.endsWith(".nii.gz"))
			return Nifti.read(file);
		if (name.endsWith(".mha") || name.endsWith(".mhd"))
			return MetaImage.read(file);
		if (name.endsWith(".nrrd") || name.endsWith(".nhdr"))
			return Nrrd.read(file);
		throw new VolumeFormatException(file, "unknown volume file type; supported: " + READABLE);
	}

	/**
	 * Writes {@code volume} to {@code file} atomically, in the format the name's ending chooses: NIfTI-1
	 * ({@code .nii}, gzip-compressed {@code .nii.gz}) or uncompressed MetaImage ({@code .mha}; {@code .mhd} plus
	 * {@code .raw}).
	 *
	 * @throws VolumeFormatException for another ending (naming the supported ones)
	 * @throws IllegalArgumentException if the voxel type cannot be written (see {@link Nifti#write})
	 */
	public static void write(final Volume<?> volume, final Path file) throws IOException {
		final String name = lowerName(file);
		if (name.endsWith(".nii") || name.endsWith(".nii.gz"))
			Nifti.write(volume, file);
		else if (name.endsWith(".mha") || name.endsWith(".mhd"))
			MetaImage.write(volume, file);
		else
			throw new VolumeFormatException(file, "cannot write this file type; supported: " + WRITABLE);
	}

	private static String lowerName(final Path file) {
		final Path name = file.getFileName();
		return name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
	}
}
