package org.chondroj.core;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;

/**
 * A failure as the user reads it: one line that says what went wrong and why, never a Java stack trace. Every front end
 * (the command line, the Fiji commands) shows failures through {@link #describe}.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * What went wrong and why, for the user:
	 * <ul>
	 * <li>an exception with a message of its own: the message, whatever its cause (a file refused because a decoder threw
	 * an Error says so itself);</li>
	 * <li>a file system failure (also inside an exception that only wraps it): the file and the reason, e.g. "/data/out:
	 * permission denied", which Java's own message leaves out;</li>
	 * <li>a Java {@link Error}, also inside an exception that only wraps it: out of memory (the heap's size and
	 * {@code moreMemory}, how to give Java more in this front end), a stack overflow or another internal error (the
	 * ChondroJ code where it happened, to report).</li>
	 * </ul>
	 * Control characters that a file's name or contents brought into the message are escaped
	 * ({@link UntrustedText#printableLines}).
	 */
	public static String describe(final Throwable e, final String moreMemory) {
		Throwable cause = e;
		for (int depth = 0; cause != null && !(cause instanceof Error) && !(cause instanceof FileSystemException) && wraps(cause) && depth < 20; depth++)
			cause = cause.getCause();
		final String text;
		if (cause instanceof FileSystemException f)
			text = describe(f);
		else if (!(cause instanceof Error))
			text = cause.getMessage() != null ? cause.getMessage() : cause.toString();
		else if (cause instanceof OutOfMemoryError) {
			final long heap = Runtime.getRuntime().maxMemory();
			text = String.format(Locale.ROOT, "out of memory (%s): the input needs more than Java's heap of %s; %s, or check that the input is the one you meant",
					cause.getMessage(), heap >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", heap / (double) (1L << 30)) : (heap >> 20) + " MB", moreMemory);
		} else {
			final String what = cause instanceof StackOverflowError ? "the stack overflowed (StackOverflowError)"
					: cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
			text = "internal error: " + what + where(cause) + "; please report it with the command and its input";
		}
		return UntrustedText.printableLines(text);
	}

	/** "FILE: REASON" (or "FILE (to OTHER): REASON") for a file system failure. */
	public static String describe(final FileSystemException e) {
		return e.getFile() + (e.getOtherFile() == null ? "" : " (to " + e.getOtherFile() + ")") + ": " + reason(e);
	}

	/**
	 * Why a file system operation failed, in words: the system's reason where Java kept it ("Read-only file system", "File
	 * name too long", "No space left on device"), else from the exception's type ("permission denied", "no such file or
	 * folder", …).
	 */
	public static String reason(final FileSystemException e) {
		if (e.getReason() != null && !e.getReason().isBlank())
			return e.getReason();
		if (e instanceof AccessDeniedException)
			return "permission denied";
		if (e instanceof NoSuchFileException)
			return "no such file or folder";
		if (e instanceof FileAlreadyExistsException)
			return "already exists";
		if (e instanceof NotDirectoryException)
			return "not a folder";
		if (e instanceof DirectoryNotEmptyException)
			return "the folder is not empty";
		if (e instanceof FileSystemLoopException)
			return "a loop of symbolic links";
		if (e instanceof NotLinkException)
			return "not a symbolic link";
		return e.getClass().getSimpleName();
	}

	/** True for an exception that only carries its cause: a task's or a reflective call's, or one without a message of its own. */
	private static boolean wraps(final Throwable e) {
		return e.getCause() != null && (e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException
				|| e instanceof java.lang.reflect.InvocationTargetException || e instanceof java.lang.reflect.UndeclaredThrowableException
				|| e instanceof UncheckedIOException || e.getMessage() == null || e.getMessage().equals(e.getCause().toString()));
	}

	/** " at Class.method(File:line)" for the first ChondroJ frame of the trace, or "". */
	private static String where(final Throwable e) {
		for (final StackTraceElement f : e.getStackTrace())
			if (f.getClassName().startsWith("org.chondroj."))
				return " at " + f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName() + "(" + f.getFileName() + ":"
						+ f.getLineNumber() + ")";
		return "";
	}
}
