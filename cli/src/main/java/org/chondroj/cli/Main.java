package org.chondroj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chondroj} command line: a thin shell over the library. Each subcommand parses its options, calls one
 * library method and prints or writes the result; exit code 0 = success, 1 = the work failed, 2 = bad usage.
 */
@Command(name = "chondroj", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, //
		description = "Quantitative knee MRI: cartilage thickness and bone-marrow lesions from DICOM and label maps.", //
		subcommands = { DemoCommand.class, InfoCommand.class, ConvertCommand.class, PhantomCommand.class, AnalyzeCommand.class,
				CompareCommand.class, BatchCommand.class })
public final class Main implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	public static void main(final String[] args) {
		System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/** Runs the command line with the given streams (for tests and embedding); returns the exit code. */
	public static int run(final PrintWriter out, final PrintWriter err, final String... args) {
		final CommandLine cl = new CommandLine(new Main());
		cl.setOut(out);
		cl.setErr(err);
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			commandLine.getErr().println("chondroj: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
			return 1;
		});
		return cl.execute(args);
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
