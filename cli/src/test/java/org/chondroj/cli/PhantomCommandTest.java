package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.chondroj.core.Laterality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code chondroj phantom}: option parsing and the error paths. Writing the study itself is tested in the phantom
 * module (PhantomStudyTest) on a test anatomy; here the standard knee is not there yet, which is an error (exit 1).
 */
class PhantomCommandTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	private static PhantomCommand parse(final String... args) {
		final PhantomCommand c = new PhantomCommand();
		new CommandLine(c).parseArgs(args);
		return c;
	}

	@Test
	void parsesOptionsWithDefaults() {
		final PhantomCommand d = parse("--out", "study");
		assertEquals(Path.of("study"), d.out);
		assertEquals(1, d.seed);
		assertEquals(Laterality.RIGHT, d.side.laterality);
		assertFalse(d.followUp);
		final PhantomCommand c = parse("--out", "x", "--seed", "-42", "--side", "left", "--follow-up");
		assertEquals(-42, c.seed);
		assertEquals(Laterality.LEFT, c.side.laterality);
		assertTrue(c.followUp);
	}

	@Test
	void usageErrors() {
		assertEquals(2, run("phantom"));
		assertTrue(err.toString().contains("Missing required option: '--out=DIR'"), err.toString());
		assertEquals(2, run("phantom", "--out", "x", "--side", "both"));
		assertTrue(err.toString().contains("--side"), err.toString());
		assertEquals(2, run("phantom", "--out", "x", "--seed", "many"));
	}

	@Test
	void helpIsListed() {
		assertEquals(0, run("--help"));
		assertTrue(out.toString().contains("phantom"), out.toString());
		assertEquals(0, run("phantom", "--help"));
		assertTrue(out.toString().contains("--follow-up"), out.toString());
	}

	/** Until the knee model lands: exit 1 with the reason, nothing written. */
	@Test
	void missingModelIsAnErrorAndWritesNothing(@TempDir final Path dir) {
		final Path study = dir.resolve("study");
		assertEquals(1, run("phantom", "--out", study.toString(), "--seed", "3"));
		assertTrue(err.toString().contains("chondroj: the knee model is not there yet"), err.toString());
		assertFalse(Files.exists(study));
		assertEquals(1, run("phantom", "--out", study.toString(), "--follow-up"));
		assertTrue(err.toString().contains("follow-up generator is not yet available"), err.toString());
		assertFalse(Files.exists(study));
	}
}
