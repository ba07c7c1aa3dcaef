package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/** --version names the build's version (filtered from the pom), not a placeholder. */
	@Test
	void versionComesFromTheBuild() {
		assertEquals(0, run("--version"));
		assertTrue(out.toString().matches("(?s)ChondroJ \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), out.toString());
	}

	@Test
	void helpListsTheUsage() {
		assertEquals(0, run("--help"));
		assertTrue(out.toString().contains("Usage: chondroj"), out.toString());
	}

	/**
	 * The help fits an 80-column terminal: the top-level command list gives each command one whole line (its header,
	 * a sentence ending in a full stop, not the description cut mid-sentence), and no line of any command's help is
	 * wider than 80 columns.
	 */
	@Test
	void helpTextsFit() {
		assertEquals(0, run("--help"));
		final String top = out.toString();
		final String list = top.substring(top.indexOf("Commands:") + "Commands:".length(), top.indexOf("'chondroj COMMAND --help'"));
		final java.util.List<String> entries = list.lines().filter(l -> !l.isBlank()).collect(java.util.stream.Collectors.toList());
		final CommandLine main = new CommandLine(new Main());
		assertEquals(main.getSubcommands().size(), entries.size(), "one line per command:\n" + list);
		for (final String e : entries)
			assertTrue(e.matches("  [a-z]+ +[A-Z][^ ].*\\.$"), "a whole sentence per command: " + e);
		for (final String command : main.getSubcommands().keySet()) {
			out.getBuffer().setLength(0);
			assertEquals(0, run(command, "--help"), command);
			for (final String line : (top + out).lines().collect(java.util.stream.Collectors.toList()))
				assertTrue(line.length() <= 80, command + " --help: a line of " + line.length() + " columns: " + line);
		}
	}

	/** A wrong option is a usage error (exit 2) with a message on standard error. */
	@Test
	void unknownOptionIsAUsageError() {
		assertEquals(2, run("--no-such-option"));
		assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
	}

	/** A wrong value is one line naming the option, the value and where the usage is, not the whole usage (exit 2). */
	@Test
	void wrongValueIsOneLineWithAHint() {
		assertEquals(2, run("analyze", "--labels", "x.nii.gz", "--side", "banana", "--out", "o"));
		assertEquals("chondroj: Invalid value for option '--side': expected one of [left, right] (case-sensitive) but was 'banana' "
				+ "(chondroj analyze --help for the usage)", err.toString().strip());
		assertEquals("", out.toString());
	}

	/** No command: the usage on standard error and the exit code of bad usage, so that a script notices. */
	@Test
	void noCommandIsAUsageError() {
		assertEquals(2, run());
		assertTrue(err.toString().startsWith("chondroj: no command given; the commands:") && err.toString().contains("Usage: chondroj"),
				err.toString());
		assertEquals("", out.toString());
	}

	/** A weight-bearing fraction the regions are not defined for is refused with the two that are (exit 1, one line). */
	@Test
	void weightBearingOtherThanTheTwoDefined() {
		assertEquals(1, run("analyze", "--labels", "x.nii.gz", "--weight-bearing", "0.5", "--out", "o"));
		assertOneLine("weight-bearing fraction 0.5: ", "0.6 or 0.75");
	}

	/** A command that fails as its name says. */
	@Command(name = "fail")
	static final class Failing implements Runnable {
		@CommandLine.Parameters
		String how;

		@Override
		public void run() {
			switch (how) {
			case "memory" -> throw new OutOfMemoryError("Java heap space");
			case "stack" -> recurse(0);
			case "thread-death" -> throw new ThreadDeath();
			case "wrapped" -> throw new RuntimeException(new StackOverflowError());
			case "typed" -> throw new java.io.UncheckedIOException(new java.io.IOException("x.dcm: JPEG 2000 frame 1 cannot be decoded: the decoder gave up",
					new ThreadDeath()));
			default -> throw new IllegalArgumentException("no such file: " + how);
			}
		}

		private static int recurse(final int n) {
			return recurse(n + 1) + 1;
		}
	}

	private int fail(final String how) {
		return Main.run(new CommandLine(new Failing()), new PrintWriter(out, true), new PrintWriter(err, true), how);
	}

	/** A Java Error (out of memory, stack overflow, ThreadDeath, also as a cause) reaches the user as one line that says what and why, exit code 1. */
	@Test
	void javaErrorsAreOneLineNotATrace() {
		assertEquals(1, fail("memory"));
		assertOneLine("out of memory (Java heap space)", "-Xmx");
		assertEquals(1, fail("stack"));
		assertOneLine("internal error: the stack overflowed (StackOverflowError) at MainTest$Failing.recurse(MainTest.java:", "please report it");
		assertEquals(1, fail("thread-death"));
		assertOneLine("internal error: ThreadDeath at MainTest$Failing.run(", "please report it");
		assertEquals(1, fail("wrapped"));
		assertOneLine("internal error: the stack overflowed (StackOverflowError)");
		// a refusal that an Error caused (a decoder's ThreadDeath) is the refusal, not an internal error
		assertEquals(1, fail("typed"));
		assertOneLine("x.dcm: JPEG 2000 frame 1 cannot be decoded: the decoder gave up");
		assertEquals(1, fail("x.dcm"));
		assertOneLine("no such file: x.dcm");
	}

	private void assertOneLine(final String... fragments) {
		final String e = StageLinesTest.withoutStages(err.toString());
		assertTrue(e.startsWith("chondroj: ") && e.strip().lines().count() == 1 && !e.contains("\tat "), e);
		for (final String f : fragments)
			assertTrue(e.contains(f), "'" + e + "' should say '" + f + "'");
		err.getBuffer().setLength(0);
	}
}
