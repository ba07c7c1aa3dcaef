package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example, taken from the README itself, compiled against the library and run on a phantom's
 * label map: it prints every plate and writes the folder, whose results equal the facade's own measurement.
 */
class ReadmeExampleTest {

	private static final Pattern EXAMPLE = Pattern.compile("## Embedding the library.*?```java\\n(.*?)```", Pattern.DOTALL);

	/**
	 * The README's table of runtime libraries names the versions the example runs on: each {@code group:artifact:version}
	 * of that table is a jar {@code artifact-version.jar} on this test's class path (the library's runtime class path
	 * plus test tools), and the ChondroJ modules' own dependencies are all in the table.
	 */
	@Test
	void runtimeLibrariesAreThoseOfTheBuild() throws Exception {
		final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		final String section = readme.substring(readme.indexOf("## Embedding the library"), readme.indexOf("```java", readme.indexOf("## Embedding the library")));
		final Matcher coordinates = Pattern.compile("`([a-z0-9.\\-]+):([a-z0-9.\\-]+):([0-9][A-Za-z0-9.\\-]*)`").matcher(section);
		final java.util.Set<String> jars = new java.util.TreeSet<>();
		for (final String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			jars.add(Path.of(entry).getFileName().toString());
		final java.util.Set<String> listed = new java.util.TreeSet<>();
		while (coordinates.find()) {
			listed.add(coordinates.group(2));
			assertTrue(jars.contains(coordinates.group(2) + "-" + coordinates.group(3) + ".jar"),
					coordinates.group() + " is not on the runtime class path: " + jars);
		}
		for (final String needed : new String[] { "imglib2", "joml", "ejml-core", "ejml-ddense", "jackson-databind", "onnxruntime", "imageio-jpeg",
				"jai-imageio-jpeg2000" })
			assertTrue(listed.contains(needed), needed + " is missing from the README's table");
	}

	@Test
	void compilesAndRuns(@TempDir final Path dir) throws Exception {
		final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		final Matcher m = EXAMPLE.matcher(readme);
		assertTrue(m.find(), "the README has a Java example under \"Embedding the library\"");
		final Matcher name = Pattern.compile("public class (\\w+)").matcher(m.group(1));
		assertTrue(name.find(), "the example is a public class");
		final Path source = dir.resolve(name.group(1) + ".java");
		Files.writeString(source, m.group(1), StandardCharsets.UTF_8);

		final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		final StringWriter errors = new StringWriter();
		final boolean compiled = javac.getTask(errors, null, null,
				List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "--release", "17"), null,
				javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile())).call();
		assertTrue(compiled, "the README example compiles:\n" + errors);

		final Path labels = dir.resolve("knee.nii.gz"), out = dir.resolve("knee-results");
		VolumeFiles.write(PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 3), ImagingConfig.defaults()), labels);
		final ByteArrayOutputStream printed = new ByteArrayOutputStream();
		final PrintStream stdout = System.out;
		try (URLClassLoader loader = new URLClassLoader(new URL[] { dir.toUri().toURL() }, getClass().getClassLoader())) {
			System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
			loader.loadClass(name.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[] { labels.toString(), out.toString() });
		} finally {
			System.setOut(stdout);
		}
		final String text = printed.toString(StandardCharsets.UTF_8);
		System.out.print(text);

		final ScanReport expected = KneeAnalyzer.create().analyzeLabelMap(labels).report();
		final ScanReport written = ResultsFiles.read(out);
		assertTrue(text.startsWith("RIGHT knee"), text);
		for (final Region plate : Region.PLATES) {
			assertTrue(text.contains(String.format(Locale.ROOT, "%-4s ThCtAB %.3f mm", plate.key(), expected.value(plate, Metric.ThCtAB))), plate.key());
			assertEquals(expected.value(plate, Metric.ThCtAB), written.value(plate, Metric.ThCtAB), 0, plate.key());
		}
		assertTrue(Files.isRegularFile(KneeAnalyzer.reportFile(out)), "report.html written");
	}
}
