package org.chondroj.bench;

import java.util.concurrent.TimeUnit;

import org.chondroj.core.Laterality;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;
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


/**
 * The full measurement of one OAI-sized label map (384 × 384 × 160 at 0.3646 × 0.3646 × 0.7 mm, the standard phantom
 * knee with a lesion): frame, landmarks, three thickness maps, regions, lesions ({@link KneeMeasurement#measure}). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar Analysis} (the measurement issue's budget: under 5 s on 2 cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xmx4g" })
public class AnalysisBenchmark {

	private KneeLabels labels;

	@Setup(Level.Trial)
	public void setUp() {
		labels = KneeLabels.of(PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults()),
				LabelPresets.mapping("oai-akoa"));
	}

	@Benchmark
	public Object analyze() {
		return KneeMeasurement.measure(labels, "phantom", KneeMeasurement.Options.defaults());
	}
}
