package org.chondroj.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing files so that nothing is ever left half-written: the bytes go to a temporary file in the target's folder,
 * which is then moved over the target in one step. A reader sees either the old file or the complete new one; after
 * a failure the target is untouched and the temporary file is deleted.
 */
public final class AtomicFiles {

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
		} catch (final IOException | RuntimeException | Error e) {
			try {
				Files.deleteIfExists(temp);
			} catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}
}
