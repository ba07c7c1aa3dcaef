package org.chondroj.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
 * folder in {@code -Dchondroj.model=DIR}), ONNX Runtime on the CPU. At the end of the trial it prints the peak heap
 * (the sum of the heap pools' peaks since the fork started, the image's generation included, so an upper bound).
 * Run from the repository's root: {@code java -jar benchmarks/target/benchmarks.jar OnnxSegmentation}.
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

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		images = PhantomImages.generate(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults());
		segmenter = OnnxSegmenter.load(Path.of(System.getProperty("chondroj.model", "tools/models/phantom-small")));
	}

	@Benchmark
	public Object segment() {
		return segmenter.segment(images.dess(), null);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		segmenter.close();
		long peak = 0;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP)
				peak += pool.getPeakUsage().getUsed();
		System.out.printf(Locale.ROOT, "%npeak heap: %.0f MB (sum of the heap pools' peaks)%n", peak / 1048576.0);
	}
}
