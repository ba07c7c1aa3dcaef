package org.chondroj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

class ProgressTest {

	/** A recording progress that cancels once {@code cancel} is set. */
	private static final class Recorder implements Progress {
		final List<String> events = new ArrayList<>();
		boolean cancel;

		@Override
		public void status(final String message) {
			events.add(message);
		}

		@Override
		public void fraction(final double done) {
			events.add(Double.toString(done));
		}

		@Override
		public boolean isCancelled() {
			return cancel;
		}
	}

	/** A part's fractions land in its range of the whole (clamped); status and cancellation pass through. */
	@Test
	void withinMapsFractionsIntoItsRange() {
		final Recorder r = new Recorder();
		final Progress part = r.within(0.5, 0.75).within(0, 0.5);
		part.stage("half of the first half", 0.5);
		part.fraction(2);
		assertEquals(List.of("half of the first half", "0.5625", "0.625"), r.events);
		r.cancel = true;
		assertEquals("cancelled by the user", assertThrows(CancellationException.class, () -> part.stage("never shown", 1)).getMessage());
		assertEquals(3, r.events.size(), "a cancelled stage reports nothing");
		Progress.NONE.stage("nothing", 1);
	}
}
