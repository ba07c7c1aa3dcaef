package org.chondroj.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import ij.IJ;
import ij.plugin.PlugIn;

/** Plugins &gt; ChondroJ &gt; About ChondroJ: version, what it does, how to cite it, where it lives. */
public final class AboutChondroJ implements PlugIn {

	/** The text shown; headless callers (and tests) can use it directly. */
	public static String text() {
		return "ChondroJ " + version() + "\n\n"
				+ "Quantitative knee MRI: cartilage thickness and volume, and subchondral bone-marrow lesions,\n"
				+ "per compartment of the knee, and their change between a baseline and a follow-up scan.\n"
				+ "Nomenclature: Eckstein et al., Osteoarthritis Cartilage 2006; Wirth & Eckstein, IEEE TMI 2008.\n\n"
				+ "The same analyses run from the command line (chondroj) and from Java (org.chondroj).\n"
				+ "Research software: not a medical device.";
	}

	/** The version of the plugin jar (from the build). */
	public static String version() {
		final Properties p = new Properties();
		try (InputStream in = AboutChondroJ.class.getResourceAsStream("version.properties")) {
			if (in != null)
				p.load(in);
		} catch (final IOException e) {
			// fall through to the unknown version
		}
		return p.getProperty("version", "(unknown version)");
	}

	@Override
	public void run(final String arg) {
		if (!Requirements.met("About ChondroJ"))
			return;
		if (IJ.getInstance() == null || java.awt.GraphicsEnvironment.isHeadless())
			IJ.log(text());
		else
			IJ.showMessage("About ChondroJ", text());
	}
}
