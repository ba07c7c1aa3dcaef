package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.chondroj.core.Laterality;
import org.chondroj.core.Progress;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade reports their stages in order, with rising fractions, and stop between stages when cancelled. */
@Tag("slow")
class KneeAnalyzerProgressTest {

	@Test
	void reportsStagesAndStopsWhenCancelled(@TempDir final Path dir) throws Exception {
		final Path labels = dir.resolve("knee.nii.gz");
		VolumeFiles.write(PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 2), ImagingConfig.defaults()), labels);
		final List<String> stages = new ArrayList<>();
		final List<Double> fractions = new ArrayList<>();
		final int[] cancelAfter = { Integer.MAX_VALUE };
		final Progress p = new Progress() {
			@Override
			public void status(final String message) {
				stages.add(message);
			}

			@Override
			public void fraction(final double done) {
				fractions.add(done);
			}

			@Override
			public boolean isCancelled() {
				return stages.size() >= cancelAfter[0];
			}
		};
		final KneeMeasurement.Result r = KneeAnalyzer.builder().progress(p).build().analyzeLabelMap(labels);
		assertEquals(KneeAnalyzer.create().analyzeLabelMap(labels).report().regions(),
				r.report().regions(), "the same measures with or without progress");
		assertTrue(stages.get(0).startsWith("reading knee.nii.gz"), stages.toString());
		assertTrue(stages.contains("measuring: tibia cartilage"), stages.toString());
		assertEquals("measured", stages.get(stages.size() - 1));
		for (int i = 1; i < fractions.size(); i++)
			assertTrue(fractions.get(i) >= fractions.get(i - 1), fractions.toString());
		assertEquals(1.0, fractions.get(fractions.size() - 1));
		// cancelled after the second stage: an exception, no result
		stages.clear();
		cancelAfter[0] = 2;
		assertThrows(CancellationException.class,
				() -> KneeAnalyzer.builder().progress(p).build().analyzeLabelMap(labels));
		assertEquals(2, stages.size(), stages.toString());
		assertFalse(Files.exists(dir.resolve("out")));
	}
}
