package org.chondroj.bench;

import java.util.concurrent.TimeUnit;

import org.chondroj.core.Laterality;
import org.chondroj.knee.Segmentation;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.segment.ClassicalSegmenter;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Automatic segmentation of one OAI-sized study ({@link ClassicalSegmenter}): the standard phantom knee's DESS volume
 * (384 × 384 × 160 at 0.3646 × 0.3646 × 0.7 mm) alone, or with its 2-D IW TSE series for the lesions. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar Segmentation} (the segmentation issue's budget: under 20 s on 2 cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xmx6g" })
public class SegmentationBenchmark {

	@Param({ "dess", "dess+iw" })
	public String series;

	private PhantomImages.Images images;

	@Setup(Level.Trial)
	public void setUp() {
		images = PhantomImages.generate(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults());
	}

	@Benchmark
	public Object segment() {
		return new ClassicalSegmenter().segment(images.dess(), series.equals("dess") ? null : images.iw());
	}
}
