package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} says what it is doing while it works: its stages as plain lines on the error stream, the first as it
 * starts reading; none with {@code --quiet}; no control characters whether the stream is a pipe or a terminal (a
 * pseudo-terminal made by {@code script}, where the first stage line comes before the results and its delay from the
 * process's start is printed).
 */
class StageLinesTest {

	/** A stage line: {@code chondroj: [  3 s] …}. */
	static final Pattern STAGE = Pattern.compile("^chondroj: \\[ *\\d+ s\\] .*$", Pattern.MULTILINE);

	/** {@code err} without its stage lines: what the error tests look at. */
	static String withoutStages(final String err) {
		return err.lines().filter(l -> !STAGE.matcher(l).matches()).map(l -> l + "\n").collect(Collectors.joining());
	}

	private static Path labels(final Path dir) throws IOException {
		final Path labels = dir.resolve("knee.nii.gz");
		VolumeFiles.write(PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 2), ImagingConfig.defaults()), labels);
		return labels;
	}

	@Test
	@Tag("slow")
	void stagesAsPlainLinesQuietWithout(@TempDir final Path dir) throws Exception {
		final Path labels = labels(dir);
		final StringWriter out = new StringWriter(), err = new StringWriter();
		assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "analyze", "--labels", labels.toString(), "--out",
				dir.resolve("a").toString()), err.toString());
		final List<String> stages = err.toString().lines().toList();
		assertTrue(stages.size() >= 4, err.toString());
		assertTrue(stages.get(0).matches("chondroj: \\[  0 s\\] reading knee.nii.gz"), stages.get(0));
		assertTrue(stages.stream().allMatch(l -> STAGE.matcher(l).matches()), err.toString());
		assertTrue(stages.stream().anyMatch(l -> l.endsWith("measuring: tibia cartilage")), err.toString());
		assertEquals("", withoutStages(err.toString()));
		final StringWriter quiet = new StringWriter();
		assertEquals(0, Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(quiet, true), "analyze", "--quiet", "--labels",
				labels.toString(), "--out", dir.resolve("b").toString()));
		assertEquals("", quiet.toString());
	}

	/**
	 * The command in a process of its own, its output read as it comes, once through a pipe and once through a
	 * pseudo-terminal ({@code script}, util-linux; skipped where there is none): no control characters but line ends
	 * (the terminal's carriage returns before them aside), and the first stage line before the results.
	 */
	@Test
	@Tag("slow")
	void pipeAndTerminal(@TempDir final Path dir) throws Exception {
		final Path labels = labels(dir);
		final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		final List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyze", "--labels",
				labels.toString(), "--out");
		// a pipe
		final List<String> piped = new ArrayList<>(command);
		piped.add(dir.resolve("piped").toString());
		final Timed p = run(new ProcessBuilder(piped).redirectErrorStream(true));
		assertEquals(0, p.exit(), p.text());
		assertTrue(p.text().chars().allMatch(c -> c == '\n' || c >= 0x20), "no control characters in a pipe: " + p.text());
		assertTrue(p.text().indexOf("chondroj: [") < p.text().indexOf("results "), p.text());
		// a pseudo-terminal
		if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
			System.out.println("no /usr/bin/script: the pseudo-terminal part is skipped");
			return;
		}
		final String line = command.stream().map(StageLinesTest::quoted).collect(Collectors.joining(" ")) + " " + quoted(dir.resolve("tty").toString());
		final Timed t = run(new ProcessBuilder("/usr/bin/script", "-qfec", line, "/dev/null").redirectErrorStream(true));
		assertEquals(0, t.exit(), t.text());
		assertTrue(t.text().chars().allMatch(c -> c == '\n' || c == '\r' || c >= 0x20), "no control characters on a terminal: " + t.text());
		assertTrue(t.firstStageSeconds() >= 0 && t.text().indexOf("chondroj: [") < t.text().indexOf("results "), t.text());
		// the command's own clock: its first stage line is stamped within its first second (it comes before any work);
		// the wall-clock delay, JVM start included, is printed (not asserted: a timing assertion would make CI flaky)
		assertTrue(t.text().substring(t.text().indexOf("chondroj: [")).startsWith("chondroj: [  0 s] "), t.text());
		System.out.printf(Locale.ROOT, "on a pseudo-terminal the first stage line came %.2f s after the process started (the whole run %.1f s)%n",
				t.firstStageSeconds(), t.seconds());
	}

	private static String quoted(final String s) {
		return "'" + s.replace("'", "'\\''") + "'";
	}

	/** A finished process's output, its exit code, when its first stage line came and how long it ran, s. */
	private record Timed(String text, int exit, double firstStageSeconds, double seconds) {
	}

	private static Timed run(final ProcessBuilder pb) throws IOException, InterruptedException {
		final long t0 = System.nanoTime();
		final Process process = pb.start();
		process.getOutputStream().close();
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		double first = -1;
		try (InputStream in = process.getInputStream()) {
			final byte[] buffer = new byte[4096];
			for (int n; (n = in.read(buffer)) > 0;) {
				bytes.write(buffer, 0, n);
				if (first < 0 && bytes.toString(StandardCharsets.UTF_8).contains("chondroj: ["))
					first = (System.nanoTime() - t0) * 1e-9;
			}
		}
		assertTrue(process.waitFor(5, TimeUnit.MINUTES));
		return new Timed(bytes.toString(StandardCharsets.UTF_8), process.exitValue(), first, (System.nanoTime() - t0) * 1e-9);
	}

	@Test
	void stageLinesAreFilteredOut() {
		final String err = "chondroj: [  0 s] reading a.nii.gz\nchondroj: [ 12 s] measuring: femur cartilage\nchondroj: a.nii.gz: is broken\n";
		assertEquals("chondroj: a.nii.gz: is broken\n", withoutStages(err));
		assertFalse(STAGE.matcher("chondroj: a.nii.gz: is broken").matches());
	}
}
