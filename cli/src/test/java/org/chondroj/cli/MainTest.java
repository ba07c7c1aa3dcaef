package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

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

	/** A wrong option is a usage error (exit 2) with a message on standard error. */
	@Test
	void unknownOptionIsAUsageError() {
		assertEquals(2, run("--no-such-option"));
		assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
	}
}
