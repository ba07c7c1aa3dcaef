package org.chondroj.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.chondroj.core.Progress;
import org.chondroj.core.UntrustedText;

/**
 * The stages of a long command as plain lines on the error stream, each new stage once with the seconds since the
 * command started ({@code chondroj: [  3 s] segmenting: bones}), so that a user sees at once that work is under way and
 * where it is. Plain lines on a terminal and in a pipe alike: no carriage returns or other control characters (a stage
 * that names a file shows it printable, {@link UntrustedText#printable}), so logs and {@code script} captures stay
 * clean. Quiet: nothing. Never cancels (Ctrl-C ends the process, and nothing half-written is left: outputs are
 * written atomically).
 */
final class StageLines implements Progress {

	private final PrintWriter out;
	private final boolean quiet;
	private final long start = System.nanoTime();
	private String last = "";

	StageLines(final PrintWriter out, final boolean quiet) {
		this.out = out;
		this.quiet = quiet;
	}

	@Override
	public synchronized void status(final String message) {
		if (quiet || message.equals(last))
			return;
		last = message;
		out.printf(Locale.ROOT, "chondroj: [%3.0f s] %s%n", (System.nanoTime() - start) * 1e-9, UntrustedText.printable(message));
		out.flush();
	}

	@Override
	public void fraction(final double done) {
		// the stage lines say where the work is; a fraction would need a bar, which a pipe cannot show
	}

	@Override
	public boolean isCancelled() {
		return false;
	}
}
