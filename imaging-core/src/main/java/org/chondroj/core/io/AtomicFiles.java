package org.chondroj.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.chondroj.core.Failures;

/**
 * Writing files and folders so that nothing is ever left half-written: the bytes go to a temporary file (or folder)
 * beside the target, which is then moved into place in one step. A reader sees either the old file or the complete
 * new one; after a failure the target is untouched and the temporary file or folder is deleted.
 */
public final class AtomicFiles {

	/** In the name of a probe folder ({@link #checkCanCreateFolder}); like a temporary one's, so a leftover is cleaned up as one. */
	private static final String PROBE = ".partial-probe-";

	private static final int BUFFER = 1 << 16;

	private AtomicFiles() {
	}

	/**
	 * Writes {@code target} atomically: {@code writer} receives a buffered stream to a temporary file next to the
	 * target (same folder, hence same file system), which is closed and then moved onto the target with
	 * {@link StandardCopyOption#ATOMIC_MOVE} and {@link StandardCopyOption#REPLACE_EXISTING} (a plain replacing move
	 * where the file system cannot move atomically). The writer must not close the stream. The temporary file is
	 * created with the default permissions (umask), not the owner-only permissions of
	 * {@link Files#createTempFile}. Cost: one pass of the writer plus a rename; no data is copied.
	 *
	 * @throws IOException whatever the writer or the file system throws; the temporary file is then deleted
	 */
	public static void write(final Path target, final IOConsumer<OutputStream> writer) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path folder = absolute.getParent();
		final Path temp = folder.resolve("." + absolute.getFileName() + "."
				+ Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT) + ".tmp");
		try {
			try (OutputStream out = new BufferedOutputStream(
					Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), BUFFER)) {
				writer.accept(out);
			}
			try {
				Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (final AtomicMoveNotSupportedException e) {
				Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
		} catch (final IOException e) {
			final IOException named = named(e, temp, absolute);
			try {
				Files.deleteIfExists(temp);
			} catch (final IOException suppressed) {
				named.addSuppressed(suppressed);
			}
			throw named;
		} catch (final RuntimeException | Error e) {
			try {
				Files.deleteIfExists(temp);
			} catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/**
	 * Writes the new folder {@code target} atomically: {@code writer} fills a hidden temporary folder beside it (same
	 * parent, hence same file system), which is then renamed to {@code target} (atomically where the file system can).
	 * {@code target} must not exist, or be an empty folder. On any failure the temporary folder is deleted and
	 * {@code target} is untouched. Cost: the writer plus one rename; no data is copied.
	 *
	 * @throws FileAlreadyExistsException if {@code target} exists and is not an empty folder (checked before and after
	 *         writing)
	 */
	public static void writeFolder(final Path target, final IOConsumer<Path> writer) throws IOException {
		final Path absolute = target.toAbsolutePath().normalize();
		checkCanCreateFolder(absolute);
		final Path parent = absolute.getParent();
		Files.createDirectories(parent);
		final Path temp = parent.resolve("." + absolute.getFileName() + ".partial-"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT));
		try {
			Files.createDirectory(temp);
			writer.accept(temp);
			checkNewFolder(absolute);
			try {
				Files.deleteIfExists(absolute); // an empty folder
			} catch (final DirectoryNotEmptyException e) {
				throw new FileAlreadyExistsException(absolute.toString(), null, "was filled while it was being written");
			}
			try {
				Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
			} catch (final AtomicMoveNotSupportedException e) {
				Files.move(temp, absolute);
			}
		} catch (final IOException e) {
			final IOException named = named(e, temp, absolute);
			try {
				deleteTree(temp);
			} catch (final IOException suppressed) {
				named.addSuppressed(suppressed);
			}
			throw named;
		} catch (final RuntimeException | Error e) {
			try {
				deleteTree(temp);
			} catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/**
	 * A failure while writing, as the user should read it: a file system failure on the hidden temporary file or folder
	 * (or a file in it) names the target instead (the temporary name means nothing to the user and is gone); a bare
	 * {@link IOException} whose message names no file ("No space left on device") gets the target's name. Anything
	 * else as it is.
	 */
	private static IOException named(final IOException e, final Path temp, final Path target) {
		if (e instanceof FileSystemException f) {
			final Path file = f.getFile() == null ? null : Path.of(f.getFile()).toAbsolutePath();
			if (file == null || !file.startsWith(temp))
				return e;
			final Path shown = file.equals(temp) ? target : target.resolve(temp.relativize(file));
			final FileSystemException n = new FileSystemException(shown.toString(), f.getOtherFile(), Failures.reason(f));
			n.initCause(e);
			return n;
		}
		if (e.getClass() == IOException.class && (e.getMessage() == null || !e.getMessage().contains(java.io.File.separator)))
			return new IOException(target + ": " + (e.getMessage() == null ? "cannot be written" : e.getMessage()), e);
		return e;
	}

	/**
	 * Checks, before long work starts, that {@link #writeFolder} can write {@code target}: it does not exist or is an
	 * empty folder, and a folder can be created where it will be (tried: a hidden folder is created beside it and
	 * removed, so permissions, a read-only file system and too long a name are all found).
	 *
	 * @throws FileAlreadyExistsException if {@code target} exists and is not an empty folder
	 * @throws FileSystemException        naming {@code target} and the reason ("permission denied", "Read-only file
	 *                                    system", "File name too long", "… is a file, not a folder") otherwise
	 */
	public static void checkCanCreateFolder(final Path target) throws IOException {
		final Path absolute = target.toAbsolutePath().normalize();
		checkNewFolder(absolute);
		probe(absolute);
	}

	/**
	 * Checks, before long work starts, that {@link #write} can write the file {@code target}: it is not a folder, and a
	 * file can be created beside it (tried, as {@link #checkCanCreateFolder}). An existing file is allowed (it is
	 * replaced).
	 *
	 * @throws FileSystemException naming {@code target} and the reason
	 */
	public static void checkCanWriteFile(final Path target) throws IOException {
		final Path absolute = target.toAbsolutePath().normalize();
		if (Files.isDirectory(absolute))
			throw new FileSystemException(absolute.toString(), null, "is a folder, not a file");
		if (!Files.isDirectory(absolute.getParent()))
			throw new FileSystemException(absolute.toString(), null, Files.exists(absolute.getParent()) ? absolute.getParent() + " is a file, not a folder"
					: "its folder " + absolute.getParent() + " does not exist");
		probe(absolute);
	}

	/**
	 * Checks, before long work starts, that files and folders can be written into {@code folder}, which may exist with
	 * content (a run to be resumed) or not yet (it is then tried as {@link #checkCanCreateFolder} tries).
	 *
	 * @throws FileSystemException naming {@code folder} and the reason ("is a file, not a folder", "permission denied",
	 *                             "Read-only file system", …)
	 */
	public static void checkCanWriteInto(final Path folder) throws IOException {
		final Path absolute = folder.toAbsolutePath().normalize();
		if (!Files.exists(absolute)) {
			probe(absolute);
			return;
		}
		if (!Files.isDirectory(absolute))
			throw new FileSystemException(absolute.toString(), null, "is a file, not a folder");
		final Path probe = absolute.resolve(".write" + PROBE + Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT));
		try {
			Files.createDirectory(probe);
			Files.delete(probe);
		} catch (final FileSystemException e) {
			throw new FileSystemException(absolute.toString(), null, "cannot be written: " + Failures.reason(e));
		}
	}

	/**
	 * Creates and removes a hidden folder where {@code target} will be (in its nearest existing ancestor, the folders
	 * between being created by the writer); its name ends like a temporary folder's, so a killed run's leftover is
	 * removed like one.
	 */
	private static void probe(final Path target) throws IOException {
		Path existing = target.getParent();
		while (existing != null && !Files.exists(existing))
			existing = existing.getParent();
		if (existing == null)
			throw new FileSystemException(target.toString(), null, "none of the folders above it exists");
		if (!Files.isDirectory(existing))
			throw new FileSystemException(target.toString(), null, existing + " is a file, not a folder");
		final String name = (existing.equals(target.getParent()) ? target : existing.relativize(target).getName(0)).getFileName().toString();
		final Path probe = existing.resolve("." + name + PROBE + Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT));
		try {
			Files.createDirectory(probe);
			Files.delete(probe);
		} catch (final FileSystemException e) {
			throw new FileSystemException(target.toString(), null, "cannot be written in " + existing + ": " + Failures.reason(e));
		}
	}

	/** Deletes a file or a folder with everything in it, if it exists (children before their folder). */
	public static void deleteTree(final Path root) throws IOException {
		if (!Files.exists(root))
			return;
		try (Stream<Path> s = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator)
				Files.deleteIfExists(p);
		}
	}

	private static void checkNewFolder(final Path target) throws IOException {
		if (!Files.exists(target))
			return;
		if (!Files.isDirectory(target))
			throw new FileAlreadyExistsException(target.toString(), null, "exists and is not a folder");
		try (Stream<Path> s = Files.list(target)) {
			if (s.findAny().isPresent())
				throw new FileAlreadyExistsException(target.toString(), null, "exists and is not empty");
		}
	}
}
