package org.chondroj.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Independent reference implementations for interoperability tests: Debian's {@code /usr/bin/python3} with SciPy,
 * NumPy, nibabel, pydicom, command-line tools (dcmtk, GDCM, dcm2niix, dicom3tools, Chromium), the files Debian packages
 * ship (pydicom's test files) and a display (ImageJ).
 * <p>
 * When a tool, file or display is missing the test is skipped with a printed reason, unless the system property
 * {@code chondroj.interop} is {@code true} (as in CI), in which case it fails: CI must never pass by skipping. Every
 * test that needs something outside the JDK and this repository asks for it here (or in {@link RealData}) first.
 */
public final class ExternalTools {

	/** Debian's interpreter: its python3-* packages are not visible to other pythons on the PATH. */
	public static final String PYTHON = "/usr/bin/python3";

	/** The data files of Debian's python3-pydicom ({@code test_files/}, {@code charset_files/}). */
	public static final Path PYDICOM_DATA = Paths.get("/usr/lib/python3/dist-packages/pydicom/data");

	private ExternalTools() {
	}

	/** True when interoperability tests are required (CI). */
	public static boolean required() {
		return Boolean.parseBoolean(System.getProperty("chondroj.interop", "").trim());
	}

	/** Skips (or, when required, fails) unless {@code /usr/bin/python3} can import every named module. */
	public static void requirePython(final String... modules) {
		final StringBuilder imports = new StringBuilder("import sys");
		for (final String m : modules)
			imports.append("; import ").append(m);
		boolean ok;
		String why;
		try {
			final Result r = run(List.of(PYTHON, "-c", imports.toString()), 60);
			ok = r.exitCode == 0;
			why = r.output;
		} catch (final IOException e) {
			ok = false;
			why = e.getMessage();
		}
		requireTool(ok, PYTHON + " with " + String.join(", ", modules), why);
	}

	/** Skips (or, when required, fails) unless {@code command} is on the PATH. */
	public static void requireCommand(final String command) {
		boolean ok;
		try {
			ok = run(List.of("sh", "-c", "command -v " + command), 30).exitCode == 0;
		} catch (final IOException e) {
			ok = false;
		}
		requireTool(ok, command, "not on the PATH");
	}

	/**
	 * The file or folder {@code relative} in pydicom's data folder (Debian python3-pydicom), e.g.
	 * {@code test_files/MR_small.dcm}; skips (or, when required, fails) if it is missing.
	 */
	public static Path pydicomData(final String relative) {
		return requireFile(PYDICOM_DATA.resolve(relative), "Debian's python3-pydicom");
	}

	/** {@code file} (a file or folder that {@code from} installs); skips (or, when required, fails) if it is missing. */
	public static Path requireFile(final Path file, final String from) {
		requireTool(Files.exists(file), file + " (from " + from + ")", "no such file");
		return file;
	}

	/** Skips (or, when required, fails) unless a display is set ({@code DISPLAY}; CI runs under {@code xvfb-run}). */
	public static void requireDisplay() {
		final String display = System.getenv("DISPLAY");
		requireTool(display != null && !display.isBlank(), "a display", "no DISPLAY; run under xvfb-run, as .ci/run does");
	}

	private static void requireTool(final boolean ok, final String what, final String why) {
		if (ok)
			return;
		final String message = "interoperability test needs " + what + " (" + why.trim() + ")";
		if (required())
			throw new AssertionError(message + "; chondroj.interop=true, so this is a failure (see .ci/run)");
		System.out.println("SKIPPED: " + message);
		assumeTrue(false, message);
	}

	/** Runs a Python script (file) with arguments under Debian's python3; fails the test on a non-zero exit. */
	public static String python(final Path script, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(PYTHON);
		cmd.add(script.toString());
		cmd.addAll(List.of(args));
		return check(run(cmd, 600), cmd);
	}

	/** Runs Python code given as text with arguments ({@code sys.argv[1:]}); fails the test on a non-zero exit. */
	public static String pythonCode(final String code, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(PYTHON);
		cmd.add("-c");
		cmd.add(code);
		cmd.addAll(List.of(args));
		return check(run(cmd, 600), cmd);
	}

	/** Runs any command; fails the test on a non-zero exit. Returns standard output and error, merged. */
	public static String command(final String... cmd) throws IOException {
		return check(run(List.of(cmd), 600), List.of(cmd));
	}

	private static String check(final Result r, final List<String> cmd) {
		if (r.exitCode != 0)
			throw new AssertionError("command failed (exit " + r.exitCode + "): " + String.join(" ", cmd).replace('\n', ' ') + "\n" + r.output);
		return r.output;
	}

	/** Outcome of a finished process. */
	public static final class Result {
		public final int exitCode;
		public final String output;

		Result(final int exitCode, final String output) {
			this.exitCode = exitCode;
			this.output = output;
		}
	}

	/** Runs {@code cmd}, merging its output streams, with a time limit in seconds. */
	public static Result run(final List<String> cmd, final int timeoutSeconds) throws IOException {
		final Path out = Files.createTempFile("chondroj-tool", ".log");
		try {
			final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
			if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IOException("timed out after " + timeoutSeconds + " s: " + cmd.get(0));
			}
			return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted: " + cmd.get(0), e);
		} finally {
			Files.deleteIfExists(out);
		}
	}
}
