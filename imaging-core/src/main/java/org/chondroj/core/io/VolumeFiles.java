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
 * patient coordinates whatever the file's convention.
 * <p>
 * Untrusted files: every problem a file can cause is a {@link VolumeFormatException} naming the file (an
 * {@link IOException} otherwise only for genuine I/O failures, such as a missing or unreadable file); sizes a header
 * states are checked against the file before anything is allocated; compressed data is inflated only up to what the
 * header promises and the {@link DecompressionLimit}; a data file named by a MetaImage or NRRD header must lie in the
 * header's folder (or below it) unless {@link Options#allowDataFilesOutsideFolder} says otherwise.
 */
public final class VolumeFiles {

	/** The file name endings {@link #read} accepts. */
	public static final String READABLE = ".nii, .nii.gz, .mha, .mhd, .nrrd, .nhdr";
	/** The file name endings {@link #write} accepts. */
	public static final String WRITABLE = ".nii, .nii.gz, .mha, .mhd";

	private VolumeFiles() {
	}

	/** How to read volume files. Immutable; start from {@link #defaults()}. */
	public static final class Options {
		private static final Options DEFAULTS = new Options(false);
		private final boolean dataFilesOutsideFolder;

		private Options(final boolean dataFilesOutsideFolder) {
			this.dataFilesOutsideFolder = dataFilesOutsideFolder;
		}

		/** Data files confined to the header's folder. */
		public static Options defaults() {
			return DEFAULTS;
		}

		/**
		 * Allow (or not, the default) a MetaImage {@code ElementDataFile} or NRRD {@code data file} that is an absolute
		 * path or goes up with {@code ..}: only for headers the caller trusts, since such a header can make the reader
		 * read any file the process may read.
		 */
		public Options allowDataFilesOutsideFolder(final boolean allow) {
			return new Options(allow);
		}

		public boolean allowDataFilesOutsideFolder() {
			return dataFilesOutsideFolder;
		}
	}

	/**
	 * Reads the volume in {@code file}, choosing the format by the name's ending (case-insensitive).
	 *
	 * @return a new volume owning its voxels, {@link org.chondroj.core.Metadata#SOURCE} set to the file
	 * @throws VolumeFormatException for an unknown ending (naming the supported ones) or a bad file
	 */
	public static Volume<?> read(final Path file) throws IOException {
		return read(file, Options.defaults());
	}

	/** {@link #read(Path)} with {@code options}. */
	public static Volume<?> read(final Path file, final Options options) throws IOException {
		final String name = lowerName(file);
		if (name.endsWith(".nii") || name.endsWith(".nii.gz"))
			return Nifti.read(file);
		if (name.endsWith(".mha") || name.endsWith(".mhd"))
			return MetaImage.read(file, options);
		if (name.endsWith(".nrrd") || name.endsWith(".nhdr"))
			return Nrrd.read(file, options);
		throw new VolumeFormatException(file, "unknown volume file type; supported: " + READABLE);
	}

	/** A reader's work, that may throw what a reader throws. */
	interface Reading<T> {
		T read() throws IOException;
	}

	/**
	 * Runs a reader's work with the safety net of the public readers: an exception the reader did not foresee (a bug:
	 * please report it) becomes a {@link VolumeFormatException} naming {@code file}, so that no file makes a reader
	 * throw anything but an {@link IOException}.
	 */
	static <T> T guarded(final Path file, final Reading<T> work) throws IOException {
		try {
			return work.read();
		} catch (final RuntimeException | StackOverflowError e) {
			throw new VolumeFormatException(file, "unexpected error while reading (a ChondroJ bug, please report it with the file): " + e, e);
		}
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
