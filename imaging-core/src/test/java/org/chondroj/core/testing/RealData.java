package org.chondroj.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the real (third-party) test data is: the folder named by the system property {@code chondroj.realdata} or
 * the environment variable {@code CHONDROJ_REALDATA} (a relative path is taken from the project root). Without
 * either, real-data tests are skipped with a printed reason; with either, a missing folder is a failure.
 */
public final class RealData {

	private RealData() {
	}

	/** The real-data folder, or {@code null} if the tests are switched off. */
	public static Path rootOrNull() {
		String setting = System.getProperty("chondroj.realdata");
		if (setting == null || setting.isBlank())
			setting = System.getenv("CHONDROJ_REALDATA");
		if (setting == null || setting.isBlank())
			return null;
		Path p = Paths.get(setting);
		if (!p.isAbsolute())
			p = projectRoot().resolve(p).normalize();
		if (!Files.isDirectory(p))
			throw new IllegalStateException("chondroj.realdata points at " + p + ", which is not a folder");
		return p;
	}

	/** The file or folder {@code relative} inside the real-data folder; skips the test if real data is off. */
	public static Path require(final String relative) {
		final Path root = rootOrNull();
		if (root == null) {
			System.out.println("SKIPPED (real data off; set -Dchondroj.realdata=../shared/data): needs " + relative);
			assumeTrue(false, "real-data tests are off (-Dchondroj.realdata not set)");
		}
		final Path p = root.resolve(relative);
		if (!Files.exists(p))
			throw new IllegalStateException("real-data file missing: " + p);
		return p;
	}

	/** The project root: the {@code chondroj.root} property set by the build, else the nearest folder with mvnw. */
	public static Path projectRoot() {
		final String root = System.getProperty("chondroj.root");
		if (root != null && !root.isBlank())
			return Paths.get(root);
		Path p = Paths.get("").toAbsolutePath();
		while (p != null && !Files.exists(p.resolve("mvnw")))
			p = p.getParent();
		return p != null ? p : Paths.get("").toAbsolutePath();
	}
}
