package org.chondroj.bench;

import java.util.concurrent.TimeUnit;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.anatomy.BoneCompartments;
import org.chondroj.knee.anatomy.KneeFrame;
import org.chondroj.knee.anatomy.KneeLandmarks;
import org.chondroj.knee.anatomy.MoaksSubregions;
import org.chondroj.knee.anatomy.Regions;
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
import org.openjdk.jmh.annotations.Warmup;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The anatomy of one OAI-sized label map (the standard right phantom knee, seed 1, on the 384 × 384 × 160 DESS grid
 * at 0.3646 × 0.3646 × 0.7 mm): the structures' pass over the map ({@link KneeLabels#of}), then the frame and the
 * landmarks ({@link KneeFrame#estimate}, {@link KneeLandmarks#locate}), and the lesions' subchondral region maps
 * ({@link BoneCompartments}, {@link MoaksSubregions}); before, the knee module's AnatomySpeedTest printed the first
 * figure. Run: {@code java -jar benchmarks/target/benchmarks.jar Anatomy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xmx4g" })
public class AnatomyBenchmark {

	private Volume<UnsignedByteType> map;
	private KneeLabels labels;
	private Regions regions;

	@Setup(Level.Trial)
	public void setUp() {
		map = PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults());
		labels = KneeLabels.of(map, LabelPresets.mapping("oai-akoa"));
		final KneeFrame frame = KneeFrame.estimate(labels);
		regions = Regions.of(frame, KneeLandmarks.locate(labels, frame));
	}

	/** The structures' pass over the map, the frame and the landmarks, as every measurement starts. */
	@Benchmark
	public Object structuresFrameAndLandmarks() {
		final KneeLabels l = KneeLabels.of(map, LabelPresets.mapping("oai-akoa"));
		return KneeLandmarks.locate(l, KneeFrame.estimate(l));
	}

	/** The frame and the landmarks alone, from structures already found. */
	@Benchmark
	public Object frameAndLandmarks() {
		return KneeLandmarks.locate(labels, KneeFrame.estimate(labels));
	}

	/** The lesion compartments' subchondral regions (6 ids grown 10 mm into the bones). */
	@Benchmark
	public Object compartmentMap() {
		return BoneCompartments.map(labels, regions, BoneCompartments.DEFAULT_DEPTH_MM);
	}

	/** The MOAKS subregions' subchondral regions (15 ids grown 10 mm into the bones). */
	@Benchmark
	public Object moaksMap() {
		return MoaksSubregions.map(labels, regions, BoneCompartments.DEFAULT_DEPTH_MM);
	}
}
