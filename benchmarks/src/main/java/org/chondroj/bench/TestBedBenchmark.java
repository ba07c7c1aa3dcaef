package org.chondroj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.anatomy.KneeFrame;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.testbed.KneeScene;
import org.chondroj.testbed.Renderer;
import org.chondroj.testbed.Sequence;
import org.chondroj.testbed.TestBedStudy;
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
 * Rendering a test-bed study from a label map of the OAI DESS size (384 × 384 × 160 at 0.36 × 0.36 × 0.7 mm: the
 * standard phantom knee's label map, so that no real data is needed): the scene and the DESS image in memory
 * ({@link #render}), and the whole study folder with DICOM, labels.nii.gz, the truth's measurement and the preview
 * ({@link #study}). Run: {@code java -jar benchmarks/target/benchmarks.jar TestBed} (the budget: one OAI-sized
 * study under 20 s on 2 cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xmx6g" })
public class TestBedBenchmark {

	private KneeLabels labels;
	private Path folder;
	private int run;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		labels = KneeLabels.of(PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults()),
				LabelPresets.mapping("oai-akoa"));
		folder = Files.createTempDirectory("chondroj-bench-testbed");
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		AtomicFiles.deleteTree(folder);
	}

	/** The scene (tissues from the labels) and the DESS image, in memory. */
	@Benchmark
	public Object render() {
		return Renderer.render(KneeScene.of(labels, KneeFrame.estimate(labels)), Sequence.DESS, 1, 1);
	}

	/** The whole study folder: {@link #render}, the truth's measurement, DICOM, labels.nii.gz, truth.json, preview. */
	@Benchmark
	public Object study() throws IOException {
		return TestBedStudy.write(labels, "knee", TestBedStudy.Options.defaults(), folder.resolve("study-" + run++));
	}
}
