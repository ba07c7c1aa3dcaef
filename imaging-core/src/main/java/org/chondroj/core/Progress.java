package org.chondroj.core;

import java.util.concurrent.CancellationException;

/**
 * Where long work reports how far it is and learns whether to stop: a status line, a fraction done, and a
 * cancellation request. Library code calls it between stages (reading, segmenting, measuring, writing), never per
 * voxel; a front end implements it with its own status bar (ImageJ's, a console progress bar) and cancel key. Knows
 * nothing of any user interface. Implementations must tolerate calls from any thread.
 */
public interface Progress {

	/** Reports nothing and never cancels. */
	Progress NONE = new Progress() {
		@Override
		public void status(final String message) {
		}

		@Override
		public void fraction(final double done) {
		}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};

	/** A one-line description of the stage now under way, e.g. "segmenting: bones". */
	void status(String message);

	/** How much of the whole job is done, 0 to 1 (1: finished, the bar may be cleared). */
	void fraction(double done);

	/** Whether the user asked to stop; work stops at its next {@link #check}. */
	boolean isCancelled();

	/**
	 * Reports the stage {@code message} at {@code done} (0–1), after stopping if cancellation was asked for.
	 *
	 * @throws CancellationException when {@link #isCancelled()}: the caller leaves nothing half-written
	 */
	default void stage(final String message, final double done) {
		check();
		status(message);
		fraction(done);
	}

	/**
	 * This progress for a part of the work that runs from {@code from} to {@code to} of the whole: its fractions 0–1
	 * are reported as {@code from}–{@code to}; status and cancellation pass through.
	 */
	default Progress within(final double from, final double to) {
		final Progress whole = this;
		return new Progress() {
			@Override
			public void status(final String message) {
				whole.status(message);
			}

			@Override
			public void fraction(final double done) {
				whole.fraction(from + (to - from) * Math.max(0, Math.min(1, done)));
			}

			@Override
			public boolean isCancelled() {
				return whole.isCancelled();
			}
		};
	}

	/**
	 * Stops the work if cancellation was asked for.
	 *
	 * @throws CancellationException when {@link #isCancelled()}, saying so
	 */
	default void check() {
		if (isCancelled())
			throw new CancellationException("cancelled by the user");
	}
}
