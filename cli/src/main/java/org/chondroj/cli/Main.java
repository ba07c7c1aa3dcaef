package org.chondroj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.chondroj.core.Failures;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chondroj} command line: a thin shell over the library. Each subcommand parses its options, calls one
 * library method and prints or writes the result; exit code 0 = success, 1 = the work failed, 2 = bad usage (a wrong
 * option or value: one line saying which, with where to read the usage; no command: the usage, on standard error).
 * <p>
 * Every failure reaches the user as one line on standard error, {@code chondroj: <what and why>}, never as a Java
 * stack trace ({@link Failures#describe}), also for a Java {@link Error} (running out of memory, a stack overflow, an
 * internal error), which picocli does not handle.
 */
@Command(name = "chondroj", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, //
		description = "Quantitative knee MRI: cartilage thickness and bone-marrow lesions from DICOM and label maps.", //
		footer = { "", "'chondroj COMMAND --help' gives a command's options and what it writes." }, //
		subcommands = { DemoCommand.class, InfoCommand.class, ConvertCommand.class, PhantomCommand.class, AnalyzeCommand.class,
				SegmentCommand.class, CompareCommand.class, BatchCommand.class })
public final class Main implements Callable<Integer> {

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
		// a usage error is one line and a hint, not the whole usage
		cl.setParameterExceptionHandler((e, a) -> {
			final CommandLine c = e.getCommandLine();
			c.getErr().println("chondroj: " + e.getMessage() + " (" + c.getCommandSpec().qualifiedName() + " --help for the usage)");
			return 2;
		});
		try {
			return cl.execute(args);
		} catch (final Error e) { // picocli lets Errors through
			err.println("chondroj: " + describe(e));
			return 1;
		}
	}

	/** A failure for the user ({@link Failures#describe}), with how to give the command line more memory. */
	static String describe(final Throwable e) {
		return Failures.describe(e, "give Java more (e.g. CHONDROJ_JAVA_OPTS=-Xmx8g ./chondroj ...)");
	}

	/** Without a command: the usage on standard error, and the exit code of bad usage. */
	@Override
	public Integer call() {
		spec.commandLine().getErr().println("chondroj: no command given; the commands:");
		spec.commandLine().usage(spec.commandLine().getErr());
		return 2;
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
