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
import org.chondroj.phantom.PhantomSetup;
import org.junit.jupiter.api.Tag;
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
		assertEquals(null, d.side, "the configuration's side unless given");
		assertEquals(null, d.config);
		assertFalse(d.followUp);
		final PhantomCommand c = parse("--out", "x", "--seed", "-42", "--side", "left", "--follow-up", "--config", "k.json");
		assertEquals(Path.of("k.json"), c.config);
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
	@Tag("slow")
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

	/**
	 * A baseline and follow-up pair from a configuration file (a coarse grid, to be quick), the side from the command
	 * line over the file's: both studies, their truths and the true change.
	 */
	@Test
	@Tag("slow")
	void writesAFollowUpPairFromAConfiguration(@TempDir final Path dir) throws Exception {
		final Path config = dir.resolve("knee.json");
		Files.writeString(config, "{\"anatomy\": {\"side\": \"right\"}, \"imaging\": {\"dess_size\": [96, 96, 40], \"dess_spacing_mm\": [1.5, 1.5, 2.8],"
				+ " \"iw_size\": [80, 80, 16], \"iw_spacing_mm\": [1.8, 1.8, 7]}, \"follow_up\": {\"uniform_thinning_mm\": {\"LT\": 0.2}}}");
		final Path pair = dir.resolve("pair");
		assertEquals(0, run("phantom", "--out", pair.toString(), "--seed", "2", "--side", "left", "--config", config.toString(), "--follow-up"),
				err.toString());
		assertTrue(out.toString().contains("phantom baseline and follow-up, left knee, seed 2"), out.toString());
		for (final String visit : new String[] { "baseline", "follow-up" }) {
			try (Stream<Path> dess = Files.list(pair.resolve(visit).resolve("DICOM/S1_SAG_3D_DESS_WE"))) {
				assertEquals(40, dess.count());
			}
			assertTrue(Files.readString(pair.resolve(visit).resolve("truth.json")).contains("\"side\": \"left\""));
		}
		final String change = Files.readString(pair.resolve("follow-up/true_change.json"));
		assertTrue(change.contains("\"LT\": 0.2"), change);
		assertFalse(Files.exists(pair.resolve("baseline/true_change.json")));
	}

	/** The configuration example of the README is a valid configuration (the documented format is the real one). */
	@Test
	void readmeExampleIsValid(@TempDir final Path dir) throws Exception {
		final String readme = Files.readString(Path.of("..", "README.md"));
		final int section = readme.indexOf("### Phantom studies");
		final int start = readme.indexOf("```json\n", section) + "```json\n".length();
		final Path config = dir.resolve("example.json");
		Files.writeString(config, readme.substring(start, readme.indexOf("```", start)));
		final PhantomSetup setup = PhantomSetup.read(config);
		assertEquals(Laterality.LEFT, setup.anatomy().side());
		assertEquals(1.5, setup.change().lesionGrowth().get("MF"));
	}

	/** A bad configuration: exit 1, the file and the member named, nothing written. */
	@Test
	void badConfigurationWritesNothing(@TempDir final Path dir) throws Exception {
		final Path config = dir.resolve("knee.json");
		Files.writeString(config, "{\"anatomy\": {\"thickness\": {\"XX\": {}}}}");
		final Path study = dir.resolve("study");
		assertEquals(1, run("phantom", "--out", study.toString(), "--config", config.toString(), "--follow-up"));
		assertTrue(err.toString().contains(config + ": anatomy.thickness.XX: unknown member"), err.toString());
		assertFalse(Files.exists(study));
	}
}
