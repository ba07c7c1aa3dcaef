package org.chondroj.plugins;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import org.chondroj.core.Failures;
import org.chondroj.core.Laterality;
import org.chondroj.knee.LabelPresets;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

/** What the ChondroJ dialogs share: image choices, side and preset items, running a command with its errors shown. */
final class Dialogs {

	/** The item for "no image". */
	static final String NONE = "none";
	/** Side items: the first lets the metadata, then the anatomy, decide. */
	static final String[] SIDES = { "auto", "left", "right" };
	/** Weight-bearing fractions of cMF and cLF. */
	static final String[] WEIGHT_BEARING = { "0.60", "0.75" };

	private Dialogs() {
	}

	/** The titles of the open images, {@code first} (e.g. {@link #NONE}) first when not null. */
	static String[] titles(final String first) {
		final List<String> t = new ArrayList<>();
		if (first != null)
			t.add(first);
		final int[] ids = WindowManager.getIDList();
		if (ids != null)
			for (final int id : ids)
				t.add(WindowManager.getImage(id).getTitle());
		return t.toArray(new String[0]);
	}

	/** The open image of this title, null for {@link #NONE}. */
	static ImagePlus image(final String title) {
		if (title == null || title.equals(NONE))
			return null;
		final ImagePlus imp = WindowManager.getImage(title);
		if (imp == null)
			throw new IllegalArgumentException("no open image called '" + title + "'");
		return imp;
	}

	static String[] presets() {
		final List<String> p = new ArrayList<>();
		LabelPresets.names().forEach(p::add);
		return p.toArray(new String[0]);
	}

	static Laterality side(final String item) {
		return item.equals("auto") ? Laterality.UNKNOWN : Laterality.parse(item.toUpperCase(Locale.ROOT));
	}

	/** A title without its file ending (a scan's name in tables). */
	static String scanName(final ImagePlus imp) {
		return imp.getTitle().replaceFirst("(?i)\\.(dcm|tif|tiff|nii\\.gz|nii|nrrd|mha|mhd)$", "");
	}


	/** The work of a command. */
	interface Work {
		void run() throws IOException;
	}

	/**
	 * Runs a command's work: any failure (a hostile file's, an I/O failure, running out of memory, an internal error)
	 * shown as one message with the command's name ({@link #message}), never as an exception window; a cancel reported
	 * in the status bar; a macro's abort passed on.
	 */
	static void run(final String command, final Work work) {
		try {
			work.run();
		} catch (final CancellationException e) {
			IJ.showStatus("ChondroJ: " + command + " cancelled");
		} catch (final ThreadDeath e) {
			throw e; // the thread is being stopped: not ours to report
		} catch (final RuntimeException e) {
			if (Macro.MACRO_CANCELED.equals(e.getMessage()))
				throw e; // a macro's abort
			IJ.error(command, message(e));
		} catch (final IOException | Error e) {
			IJ.error(command, message(e));
		} finally {
			IJ.showProgress(1.0);
		}
	}

	/** A failure as a Fiji user reads it ({@link Failures#describe}), with how to give Fiji more memory. */
	static String message(final Throwable e) {
		return Failures.describe(e, "give Fiji more (Edit > Options > Memory & Threads)");
	}
}
