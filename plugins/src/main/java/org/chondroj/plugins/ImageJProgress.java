package org.chondroj.plugins;

import org.chondroj.core.Progress;

import ij.IJ;

/**
 * {@link Progress} in ImageJ: stages in the status bar (prefixed "ChondroJ: "), the fraction in its progress bar, and
 * the Esc key as the cancel request. The library checks it between stages, so a cancel takes effect when the stage
 * under way ends (segmentation, the longest, takes about 15 s).
 */
final class ImageJProgress implements Progress {

	/** A progress for a new command: an earlier Esc press is forgotten. */
	static Progress start() {
		IJ.resetEscape();
		return new ImageJProgress();
	}

	private ImageJProgress() {
	}

	@Override
	public void status(final String message) {
		IJ.showStatus("ChondroJ: " + message);
	}

	@Override
	public void fraction(final double done) {
		IJ.showProgress(done >= 1 ? 1.0 : done);
	}

	@Override
	public boolean isCancelled() {
		return IJ.escapePressed();
	}
}
