package org.chondroj.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A JSON text that is not valid JSON, or valid JSON that does not say what it must (a missing member, a wrong type, an
 * unknown key). The message is {@code "<file>: <problem>"} ({@code "<problem>"} for a text from no file), the problem
 * naming the line and column or the member's path (e.g. {@code follow_up.thinning_mm.MT}). A syntax error has
 * Jackson's exception as its cause ({@link Json}).
 */
public final class JsonFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final String problem;

	/** @param file the file at fault, or null for a text from no file */
	public JsonFormatException(final Path file, final String problem) {
		this(file, problem, null);
	}

	/** @param cause what found the problem (e.g. Jackson's exception), or null */
	public JsonFormatException(final Path file, final String problem, final Throwable cause) {
		super(file == null ? problem : file + ": " + problem, cause);
		this.file = file;
		this.problem = problem;
	}

	/** The file at fault, or null. */
	public Path file() {
		return file;
	}

	/** What is wrong, without the file name. */
	public String problem() {
		return problem;
	}
}
