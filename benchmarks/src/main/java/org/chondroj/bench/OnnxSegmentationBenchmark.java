package org.chondroj.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.chondroj.core.Laterality;
import org.chondroj.onnx.OnnxSegmenter;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A learned model's segmentation of one OAI-sized DESS ({@link OnnxSegmenter}): the standard phantom knee's DESS volume
 * (384 × 384 × 160 at 0.3646 × 0.3646 × 0.7 mm) with the committed model {@code tools/models/phantom-small} (or the
 * folder in {@code -Dchondroj.model=DIR}), ONNX Runtime on the CPU. At the end of the trial it prints the heap the
 * segmentations needed over what the set-up holds (the phantom's images and the model, measured after a GC): the sum of
 * the heap pools' peaks over it (an upper bound, garbage not yet collected included, so it grows with {@code -Xmx})
 * and the largest heap in use right after a GC over it (live data: a lower bound of the working set; the smaller the
 * heap, the more often it is sampled, e.g. {@code -jvmArgsAppend -Xmx1g}).
 * Run from the repository's root: {@code java -jar benchmarks/target/benchmarks.jar OnnxSegmentation}.
 * <p>
 * Measured (two cores shared with other builds, so the times vary by a factor of two with the load; set-up 122–129 MB):
 * <ul>
 * <li>the whole-grid inference (K + 1 accumulators and K probability arrays over the 200 × 200 × 160 grid, then each
 * class resampled onto the image): pools' peaks 1016 and 941 MB over the set-up, largest after a GC 536 and 788 MB at
 * {@code -Xmx6g}; 869 / 405 MB at {@code -Xmx1g}; out of memory at {@code -Xmx400m}; 17.4 and 18.5 s per
 * segmentation on a quiet moment, 37–59 s under load;</li>
 * <li>the swept inference ({@code SlidingWindow.sweep}: 8 accumulators of 64 rows over the 200 × 160 cross-section, 66
 * MB, and the finished rows not yet resampled): 265 and 345 / 200 and 264 MB at {@code -Xmx6g}, 452 / 200 MB at
 * {@code -Xmx1g}, 316 / 157 MB at {@code -Xmx400m}; 21.5 and 24.4 s on a quiet moment; alternating with the
 * whole-grid inference under the same load (a plain loop, four segmentations each): 35–68 s against 40–58 s, process
 * CPU time 39.8–41.1 s against 39.3–44.1 s.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx6g" })
public class OnnxSegmentationBenchmark {

	private PhantomImages.Images images;
	private OnnxSegmenter segmenter;
	private long setUpHeap;
	private AtomicLong liveAfterGc;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		images = PhantomImages.generate(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults());
		segmenter = OnnxSegmenter.load(Path.of(System.getProperty("chondroj.model", "tools/models/phantom-small")));
		System.gc();
		setUpHeap = HeapWatch.heapUsed();
		HeapWatch.resetPeaks();
		liveAfterGc = HeapWatch.watchAfterGc();
	}

	@Benchmark
	public Object segment() {
		return segmenter.segment(images.dess(), null);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		segmenter.close();
		System.out.printf(Locale.ROOT, "%nheap over the set-up's %.0f MB (images and model, after a GC): sum of the heap pools' peaks %.0f MB,"
				+ " largest after a GC %.0f MB (max heap %.0f MB)%n", setUpHeap / 1048576.0, (HeapWatch.heapPeak() - setUpHeap) / 1048576.0,
				Math.max(0, liveAfterGc.get() - setUpHeap) / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
	}
}
