package org.chondroj.plugins;

import ij.IJ;

/**
 * Runs one menu command's PlugIn class as ImageJ's menu does ({@code IJ.runPlugIn}), headless, in a JVM whose class
 * path a test chose ({@link FijiMissingLibraryIT}); refers to nothing but ImageJ, so it starts whatever else is missing.
 */
public final class RunPluginMain {

	private RunPluginMain() {
	}

	public static void main(final String[] args) {
		IJ.runPlugIn(args[0], args.length > 1 ? args[1] : "");
		System.out.println("runPlugIn returned");
		System.exit(0);
	}
}
