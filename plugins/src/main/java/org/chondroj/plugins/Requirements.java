package org.chondroj.plugins;

import java.util.ArrayList;
import java.util.List;

import ij.IJ;

/**
 * The libraries the ChondroJ commands need on Fiji's class path, checked before a command touches any of them: a
 * missing one is reported in an error dialog and the Log, naming the library, its jar and where it comes from, instead
 * of the {@code NoClassDefFoundError} that ImageJ would otherwise swallow (the menu command did nothing and said
 * nothing).
 * <p>
 * This class refers to the libraries by name only (it must load when they are missing), and the commands call
 * {@link #met} first in {@code run}, before any library class is resolved.
 */
final class Requirements {

	/** A library: a class it holds, its name, its jar and where a user gets it. */
	record Library(String className, String name, String jar, String source) {
	}

	private static final String FIJI = "it comes with Fiji: update Fiji (Help > Update...) or reinstall it";
	private static final String OURS = "copy ChondroJ's Fiji.app/jars/ into your Fiji.app/jars/ (see the README's Fiji section)";

	/** What every command needs. */
	static final List<Library> LIBRARIES = List.of( //
			new Library("org.chondroj.analysis.KneeAnalyzer", "ChondroJ's library", "chondroj-analysis-*.jar and the other chondroj-*.jar", OURS),
			new Library("org.chondroj.dicom.DicomScanner", "ChondroJ's DICOM reader", "chondroj-dicom-io-*.jar", OURS),
			new Library("net.imglib2.img.array.ArrayImg", "ImgLib2", "imglib2-*.jar", FIJI),
			new Library("org.joml.Matrix4d", "JOML", "joml-*.jar", FIJI),
			new Library("org.ejml.data.DMatrixRMaj", "EJML", "ejml-core-*.jar and ejml-ddense-*.jar", FIJI),
			new Library("com.fasterxml.jackson.databind.ObjectMapper", "Jackson", "jackson-databind-*.jar", FIJI));

	private Requirements() {
	}

	/** The libraries of {@code libraries} that the class loader of the plugins cannot find. */
	static List<Library> missing(final List<Library> libraries) {
		final ClassLoader loader = Requirements.class.getClassLoader();
		final List<Library> missing = new ArrayList<>();
		for (final Library l : libraries)
			try {
				Class.forName(l.className(), false, loader);
			} catch (final ClassNotFoundException | LinkageError e) {
				missing.add(l);
			}
		return missing;
	}

	/** The message for {@code missing} libraries (not empty), for the command named {@code command}. */
	static String message(final String command, final List<Library> missing) {
		final StringBuilder b = new StringBuilder("ChondroJ's \"" + command + "\" cannot run: Fiji lacks ");
		b.append(missing.size() == 1 ? "a library it needs." : missing.size() + " libraries it needs.");
		for (final Library l : missing)
			b.append("\n- ").append(l.name()).append(" (").append(l.jar()).append(", class ").append(l.className()).append("): ").append(l.source())
					.append('.');
		return b.append("\nThen restart Fiji.").toString();
	}

	/**
	 * True when every library is there; otherwise reports the missing ones in the Log and an error dialog (or, without
	 * a display, on the Log alone, which ImageJ then prints) and returns false: the command must then return.
	 */
	static boolean met(final String command) {
		final List<Library> missing = missing(LIBRARIES);
		if (missing.isEmpty())
			return true;
		final String message = message(command, missing);
		IJ.log(message);
		if (!java.awt.GraphicsEnvironment.isHeadless())
			IJ.error("ChondroJ: missing library", message);
		return false;
	}
}
