package org.chondroj.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder of a cohort on any Hadoop file system (local, HDFS, S3A: whatever the cluster has), as the driver
 * and every executor reach it: whole files and folders only. A file or folder is written under a hidden temporary name
 * beside its target ({@code .NAME.partial-…}, {@code .NAME.….tmp}, as {@link org.chondroj.core.io.AtomicFiles} names
 * them) and renamed into place, so it appears whole or not at all where the file system renames atomically (local,
 * HDFS; on S3A a rename is a copy, and a killed job may leave a temporary name behind, removed by the next run). The
 * local file system is used raw (no {@code .crc} files beside the outputs). Serializable: the folder's URI and the
 * Hadoop configuration travel, the file system is opened again on each JVM.
 */
final class OutputFolder implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String uri;
	private final HashMap<String, String> conf = new HashMap<>();
	private transient FileSystem fs;

	OutputFolder(final String uri, final Configuration configuration) {
		this.uri = uri.endsWith("/") && uri.length() > 1 ? uri.substring(0, uri.length() - 1) : uri;
		for (final Map.Entry<String, String> e : configuration)
			conf.put(e.getKey(), e.getValue());
	}

	/** The folder's file system, opened once per JVM and object. */
	synchronized FileSystem fs() throws IOException {
		if (fs == null) {
			final Configuration c = new Configuration(false);
			conf.forEach(c::set);
			final FileSystem f = new Path(uri).getFileSystem(c);
			fs = f instanceof LocalFileSystem l ? l.getRawFileSystem() : f;
		}
		return fs;
	}

	/** Whether the folder is on this machine's file system (then {@link #local} is it). */
	boolean isLocal() throws IOException {
		return "file".equals(fs().getUri().getScheme());
	}

	/** The folder as a local path (only when {@link #isLocal}). */
	java.nio.file.Path local() throws IOException {
		return java.nio.file.Path.of(fs().makeQualified(path()).toUri());
	}

	/** The path of {@code parts} under the folder (the folder itself without parts). */
	Path path(final String... parts) {
		Path p = new Path(uri);
		for (final String part : parts)
			p = new Path(p, part);
		return p;
	}

	void mkdirs(final String... parts) throws IOException {
		fs().mkdirs(path(parts));
	}

	boolean exists(final String... parts) throws IOException {
		return fs().exists(path(parts));
	}

	void delete(final String... parts) throws IOException {
		fs().delete(path(parts), true);
	}

	/** Removes what a killed job left half-written in the folder {@code parts}: hidden temporary files and folders. */
	void removePartial(final String... parts) throws IOException {
		if (!exists(parts))
			return;
		for (final FileStatus s : fs().listStatus(path(parts))) {
			final String n = s.getPath().getName();
			if (n.startsWith(".") && (n.contains(".partial-") || n.endsWith(".tmp")))
				fs().delete(s.getPath(), true);
		}
	}

	/** The texts (UTF-8) of the files in the folder {@code parts} whose names end with {@code suffix}, by name. */
	List<String> texts(final String suffix, final String... parts) throws IOException {
		final List<String> out = new ArrayList<>();
		if (!exists(parts))
			return out;
		final List<Path> files = new ArrayList<>();
		for (final FileStatus s : fs().listStatus(path(parts)))
			if (s.isFile() && s.getPath().getName().endsWith(suffix) && !s.getPath().getName().startsWith("."))
				files.add(s.getPath());
		files.sort(null);
		for (final Path f : files)
			try (InputStream in = fs().open(f)) {
				out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		return out;
	}

	/** Writes {@code text} (UTF-8) to the file {@code parts}, whole or not at all. */
	void writeText(final String text, final String... parts) throws IOException {
		final Path target = path(parts), temp = temp(target, ".tmp");
		try (OutputStream o = fs().create(temp, true); InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
			in.transferTo(o);
		}
		replace(temp, target);
	}

	/** Copies the local file or folder {@code local} to {@code parts} (replacing it), whole or not at all. */
	void upload(final java.nio.file.Path local, final String... parts) throws IOException {
		final Path target = path(parts), temp = temp(target, java.nio.file.Files.isDirectory(local) ? "" : ".tmp");
		fs().copyFromLocalFile(false, true, new Path(local.toAbsolutePath().toUri()), temp);
		replace(temp, target);
	}

	/** Copies the file or folder {@code parts} to the local {@code local} (which must not exist). */
	void download(final java.nio.file.Path local, final String... parts) throws IOException {
		fs().copyToLocalFile(false, path(parts), new Path(local.toAbsolutePath().toUri()), true);
	}

	/** A hidden name beside {@code target}: {@code .NAME.partial-RANDOM} for a folder, {@code .NAME.RANDOM.tmp} for a file. */
	Path temp(final Path target, final String fileSuffix) {
		final String random = Long.toHexString(ThreadLocalRandom.current().nextLong()).toLowerCase(Locale.ROOT);
		return new Path(target.getParent(), "." + target.getName() + (fileSuffix.isEmpty() ? ".partial-" + random : "." + random + fileSuffix));
	}

	/** Renames {@code temp} to {@code target}, replacing it (a rename onto an existing folder would move into it). */
	void replace(final Path temp, final Path target) throws IOException {
		fs().delete(target, true);
		if (!fs().rename(temp, target)) {
			fs().delete(temp, true);
			throw new IOException(target + ": cannot be written (rename of " + temp.getName() + " refused)");
		}
	}

	@Override
	public String toString() {
		return uri;
	}
}
