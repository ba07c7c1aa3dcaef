package org.chondroj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chondroj} command line: a thin shell over the library. Each subcommand parses its options, calls one
 * library method and prints or writes the result; exit code 0 = success, 1 = the work failed, 2 = bad usage.
 * <p>
 * Every failure reaches the user as one line on standard error, {@code chondroj: <what and why>}, never as a Java
 * stack trace: an exception as its message, and a Java {@link Error} (running out of memory, a stack overflow, an
 * internal error), which picocli does not handle, as what happened and what to do ({@link #describe}).
 */
@Command(name = "chondroj", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, //
		description = "Quantitative knee MRI: cartilage thickness and bone-marrow lesions from DICOM and label maps.", //
		subcommands = { DemoCommand.class, InfoCommand.class, ConvertCommand.class, PhantomCommand.class, AnalyzeCommand.class,
				CompareCommand.class, BatchCommand.class })
public final class Main implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	public static void main(final String[] args) {
		final PrintWriter err = new PrintWriter(System.err, true);
		// an Error on another thread (one not joined by the command) also gets one line, not the JVM's trace
		Thread.setDefaultUncaughtExceptionHandler((thread, e) -> err.println("chondroj: " + describe(e) + " (in thread " + thread.getName() + ")"));
		System.exit(run(new PrintWriter(System.out, true), err, args));
	}

	/** Runs the command line with the given streams (for tests and embedding); returns the exit code. */
	public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
		return run(new CommandLine(new Main()), out, err, args);
	}

	/** Runs {@code cl} (the command line, or a test's command) with the error handling described above. */
	static int run(final CommandLine cl, final PrintWriter out, final PrintWriter err, final String... args) {
		cl.setOut(out);
		cl.setErr(err);
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			commandLine.getErr().println("chondroj: " + describe(e));
			return 1;
		});
		try {
			return cl.execute(args);
		} catch (final Error e) { // picocli lets Errors through
			err.println("chondroj: " + describe(e));
			return 1;
		}
	}

	/**
	 * A failure for the user: an exception's message (its class name when it has none); for a Java {@link Error} (also
	 * inside an exception that only wraps it, such as a failed task's), what happened and what to do: out of memory
	 * (the heap's size, and how to give Java more), a stack overflow or another internal error (the ChondroJ code where
	 * it happened, to report). An exception with a message of its own keeps it, whatever its cause: a file refused
	 * because a decoder threw an Error says so itself.
	 */
	static String describe(final Throwable e) {
		Throwable error = e;
		for (int depth = 0; error != null && !(error instanceof Error) && wraps(error) && depth < 20; depth++)
			error = error.getCause();
		if (!(error instanceof Error))
			return e.getMessage() != null ? e.getMessage() : e.toString();
		if (error instanceof OutOfMemoryError) {
			final long heap = Runtime.getRuntime().maxMemory();
			return String.format(Locale.ROOT, "out of memory (%s): the input needs more than Java's heap of %s; give Java more "
					+ "(e.g. CHONDROJ_JAVA_OPTS=-Xmx8g ./chondroj ...), or check that the input is the one you meant", error.getMessage(),
					heap >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", heap / (double) (1L << 30)) : (heap >> 20) + " MB");
		}
		final String what = error instanceof StackOverflowError ? "the stack overflowed (StackOverflowError)"
				: error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + oneLine(error.getMessage()));
		return "internal error: " + what + where(error) + "; please report it with the command and its input";
	}

	/** True for an exception that only carries its cause: a task's or a reflective call's, or one without a message of its own. */
	private static boolean wraps(final Throwable e) {
		return e.getCause() != null && (e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException
				|| e instanceof java.lang.reflect.InvocationTargetException || e instanceof java.lang.reflect.UndeclaredThrowableException
				|| e.getMessage() == null || e.getMessage().equals(e.getCause().toString()));
	}

	/** " at Class.method(File:line)" for the first ChondroJ frame of the trace, or "". */
	private static String where(final Throwable e) {
		for (final StackTraceElement f : e.getStackTrace())
			if (f.getClassName().startsWith("org.chondroj."))
				return " at " + f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName() + "(" + f.getFileName() + ":"
						+ f.getLineNumber() + ")";
		return "";
	}

	private static String oneLine(final String s) {
		return s.strip().replaceAll("\\s*\\R\\s*", " ");
	}

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	/** The version from the build (the Maven project version). */
	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() throws IOException {
			final Properties p = new Properties();
			try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
				if (in != null)
					p.load(in);
			}
			return new String[] { "ChondroJ " + p.getProperty("version", "(unknown version)"),
					"Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")" };
		}
	}
}
