package org.chondroj.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SHA-256 fingerprints that decide whether a stored result is still current: the input hash of a scan (the name, size
 * and content of each of its files, streamed) and the hash of a text (the parameters). A changed file, an added or
 * removed file, or changed parameters give a different hash.
 */
final class Hashes {

	private static final int BUFFER = 1 << 16;

	private Hashes() {
	}

	/**
	 * The input hash of a scan: over its files ({@link ScanInput#files}, or every regular file under its path and its
	 * label map), sorted by name relative to the scan's path, each as name, size and content. Cost: every byte read
	 * once (about 55 MB for a phantom study).
	 *
	 * @throws IOException naming the file that cannot be read (a missing path is a {@link java.nio.file.NoSuchFileException})
	 */
	static String inputs(final ScanInput scan) throws IOException {
		final TreeMap<String, Path> files = new TreeMap<>();
		final Path root = scan.path().toAbsolutePath().normalize();
		final Path base = Files.isDirectory(root) ? root : root.getParent();
		for (final Path f : scan.files().isEmpty() ? listed(scan) : scan.files()) {
			final Path a = f.toAbsolutePath().normalize();
			files.put(a.startsWith(base) ? base.relativize(a).toString().replace('\\', '/') : a.toString(), a);
		}
		final MessageDigest d = sha256();
		final byte[] buffer = new byte[BUFFER];
		for (final var e : files.entrySet()) {
			d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
			d.update((byte) 0);
			d.update(Long.toString(Files.size(e.getValue())).getBytes(StandardCharsets.US_ASCII));
			d.update((byte) 0);
			try (InputStream in = Files.newInputStream(e.getValue())) {
				for (int n; (n = in.read(buffer)) > 0;)
					d.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(d.digest());
	}

	private static List<Path> listed(final ScanInput scan) throws IOException {
		final List<Path> out = new ArrayList<>();
		for (final Path p : scan.labels() == null ? List.of(scan.path()) : List.of(scan.path(), scan.labels())) {
			if (!Files.exists(p))
				throw new NoSuchFileException(p.toString(), null, "no such file or folder");
			if (Files.isDirectory(p))
				try (Stream<Path> s = Files.walk(p)) {
					s.filter(Files::isRegularFile).forEach(out::add);
				}
			else
				out.add(p);
		}
		return out;
	}

	/** The SHA-256 of {@code parts} (UTF-8, each followed by a NUL), hex. */
	static String text(final String... parts) {
		final MessageDigest d = sha256();
		for (final String p : parts) {
			d.update(p.getBytes(StandardCharsets.UTF_8));
			d.update((byte) 0);
		}
		return HexFormat.of().formatHex(d.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
		}
	}
}
