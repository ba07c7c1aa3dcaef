package org.chondroj.phantom;

import org.chondroj.core.Laterality;

/**
 * The knees the command line and the demo generate. One place to change when the anatomy model arrives.
 */
public final class PhantomKnees {

	private PhantomKnees() {
	}

	/**
	 * The standard phantom knee of the given side, its individual variation (if any) from {@code seed}.
	 *
	 * @throws UnsupportedOperationException for now: the knee model is being written in another branch
	 */
	public static KneeAnatomy standard(final Laterality side, final long seed) {
		throw new UnsupportedOperationException("the knee model is not there yet");
	}
}
