package org.chondroj.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A volume file that cannot be read (or written) as asked: truncated, corrupt, of an unsupported kind, or with a
 * header that contradicts the file. The message is always {@code "<file>: <problem>"}, so a batch log says which
 * scan failed and why without a stack trace.
 */
public final class VolumeFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final String problem;

	/**
	 * @param file the file at fault (the header file when a header names a missing data file)
	 * @param problem what is wrong, in words a user understands
	 */
	public VolumeFormatException(final Path file, final String problem) {
		super(file + ": " + problem);
		this.file = file;
		this.problem = problem;
	}

	/** The same, keeping the low-level exception that revealed the problem as the cause. */
	public VolumeFormatException(final Path file, final String problem, final Throwable cause) {
		super(file + ": " + problem, cause);
		this.file = file;
		this.problem = problem;
	}

	/** The file at fault. */
	public Path file() {
		return file;
	}

	/** What is wrong, without the file name. */
	public String problem() {
		return problem;
	}
}
