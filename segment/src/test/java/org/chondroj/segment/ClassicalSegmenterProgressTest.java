package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.chondroj.core.Progress;
import org.chondroj.knee.Segmentation;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classical segmenter reports its stages in order with rising fractions, and stops at the next stage when asked
 * to: a cancelled segmentation throws {@link CancellationException} and reports nothing after it.
 */
@Tag("slow")
class ClassicalSegmenterProgressTest {

	/** Records the stages; asks to stop once the stage {@code stopAt} has been reported. */
	private static final class Recorder implements Progress {
		final List<String> stages = new ArrayList<>();
		final List<Double> fractions = new ArrayList<>();
		private final String stopAt;

		Recorder(final String stopAt) {
			this.stopAt = stopAt;
		}

		@Override
		public synchronized void status(final String message) {
			stages.add(message);
		}

		@Override
		public synchronized void fraction(final double done) {
			fractions.add(done);
		}

		@Override
		public synchronized boolean isCancelled() {
			return stopAt != null && stages.contains(stopAt);
		}
	}

	@Test
	void stagesInOrderAndCancellation() {
		final KneeModel model = new KneeModel(PhantomKnees.posed(AnatomyConfig.defaults(), 3, false));
		final PhantomImages.Images images = PhantomImages.generate(model, ImagingConfig.defaults().withSeed(3));
		final Recorder all = new Recorder(null);
		final Segmentation s = new ClassicalSegmenter().segment(images.dess(), images.iw(), all);
		assertEquals(List.of("segmenting: intensity levels and bias field", "segmenting: bones", "segmenting: cartilage",
				"segmenting: articular surfaces", "segmenting: bone-marrow lesions"), all.stages);
		assertEquals(List.of(0.0, 0.25, 0.6, 0.8, 0.9), all.fractions);
		assertTrue(s.labels() != null);

		final Recorder stop = new Recorder("segmenting: bones");
		final CancellationException e = assertThrows(CancellationException.class, () -> new ClassicalSegmenter().segment(images.dess(), images.iw(), stop));
		assertEquals("cancelled by the user", e.getMessage());
		assertEquals(List.of("segmenting: intensity levels and bias field", "segmenting: bones"), stop.stages, "nothing after the stage it stopped at");
	}
}
