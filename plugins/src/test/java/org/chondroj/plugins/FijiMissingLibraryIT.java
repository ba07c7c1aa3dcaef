package org.chondroj.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A Fiji without a library ChondroJ needs: the assembled {@code Fiji.app} (the plugin jar and {@code jars/}) with ImageJ
 * and Jackson but without ImgLib2, JOML and EJML, which Fiji normally ships. Each menu command, run as ImageJ's menu
 * runs it in a separate headless JVM ({@link RunPluginMain}), must say which libraries are missing, their jars and
 * where to get them (the Log, which ImageJ prints without a display; with one, an error dialog too), and return
 * without an exception; with the libraries present, the same JVM set-up runs a command without that message.
 */
class FijiMissingLibraryIT {

	private static final String[] COMMANDS = { "OpenDicomSeries", "AnalyzeKnee", "BoneMarrowLesions", "CompareVisits", "AboutChondroJ" };

	@Test
	void missingLibrariesAreNamedNotSwallowed() throws Exception {
		for (final String command : COMMANDS) {
			final String out = run(command, false);
			assertTrue(out.contains("cannot run: Fiji lacks 3 libraries it needs."), command + ":\n" + out);
			for (final String jar : new String[] { "ImgLib2 (imglib2-*.jar", "JOML (joml-*.jar", "EJML (ejml-core-*.jar" })
				assertTrue(out.contains("\n- " + jar), command + " names " + jar + ":\n" + out);
			assertTrue(out.contains("update Fiji (Help > Update...)") && out.contains("Then restart Fiji."), out);
			assertFalse(out.contains("Exception") || out.contains("Error:") || out.contains("\tat "), command + ":\n" + out);
			assertTrue(out.endsWith("runPlugIn returned\n"), command + " returned:\n" + out);
		}
		final String about = run("AboutChondroJ", true);
		assertFalse(about.contains("cannot run"), about);
		assertTrue(about.contains("ChondroJ"), about);
	}

	/** The command's output (standard output and error) in a headless JVM with or without the libraries Fiji ships. */
	private static String run(final String command, final boolean withLibraries) throws Exception {
		final Path app = Path.of(System.getProperty("chondroj.fiji.app", "target/Fiji.app")).toAbsolutePath();
		assertTrue(Files.isRegularFile(app.resolve("plugins/ChondroJ_.jar")), "the assembled " + app);
		final List<String> cp = new ArrayList<>();
		cp.add(location(RunPluginMain.class));
		final List<Class<?>> present = new ArrayList<>(List.of(ij.ImageJ.class, com.fasterxml.jackson.core.JsonFactory.class,
				com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.annotation.JsonProperty.class));
		if (withLibraries)
			present.addAll(List.of(net.imglib2.img.Img.class, org.joml.Vector3d.class, org.ejml.data.DMatrixRMaj.class, org.ejml.dense.row.CommonOps_DDRM.class));
		for (final Class<?> c : present)
			cp.add(location(c));
		cp.add(app.resolve("plugins/ChondroJ_.jar").toString());
		cp.add(app.resolve("jars") + File.separator + "*");
		final Path log = Files.createTempFile("chondroj-missing", ".log");
		try {
			final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
					"-cp", String.join(File.pathSeparator, cp), RunPluginMain.class.getName(), "org.chondroj.plugins." + command)
					.redirectErrorStream(true).redirectOutput(log.toFile()).start();
			assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not return in 60 s");
			final String out = Files.readString(log);
			assertEquals(0, p.exitValue(), out);
			return out;
		} finally {
			Files.deleteIfExists(log);
		}
	}

	private static String location(final Class<?> c) throws Exception {
		return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}
}
