package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code chondroj phantom}: option parsing, the error paths, and one study of the standard knee (what is in the study
 * is tested in the phantom module: PhantomStudyTest, the truth tests).
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

	/** The standard left knee: both series, the label map, the truth and the preview, in the folder asked for. */
	@Test
	void writesAStudy(@TempDir final Path dir) throws Exception {
		final Path study = dir.resolve("study");
		assertEquals(0, run("phantom", "--out", study.toString(), "--seed", "3", "--side", "left"), err.toString());
		assertTrue(out.toString().contains("phantom study, left knee, seed 3"), out.toString());
		try (Stream<Path> dess = Files.list(study.resolve("DICOM/S1_SAG_3D_DESS_WE")); Stream<Path> iw = Files.list(study.resolve("DICOM/S2_SAG_IW_TSE_FS"))) {
			assertEquals(160, dess.count());
			assertEquals(32, iw.count());
		}
		for (final String f : new String[] { "labels.nii.gz", "truth.json", "preview.png" })
			assertTrue(Files.size(study.resolve(f)) > 0, f);
		assertTrue(Files.readString(study.resolve("truth.json")).contains("\"side\": \"left\""), "truth.json names the side");
	}

	/** The follow-up generator is not there yet: exit 1 with the reason, nothing written. */
	@Test
	void followUpIsNotYetAvailableAndWritesNothing(@TempDir final Path dir) {
		final Path study = dir.resolve("study");
		assertEquals(1, run("phantom", "--out", study.toString(), "--follow-up"));
		assertTrue(err.toString().contains("follow-up generator is not yet available"), err.toString());
		assertFalse(Files.exists(study));
	}
}
