package org.chondroj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeAnatomy;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.phantom.PhantomStudy;
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
 * Generating the default phantom study: both series (DESS 384 × 384 × 160, IW TSE 352 × 352 × 32) with partial volume,
 * bias and noise, and the label map ({@link #images}); and the same plus writing the DICOM files, labels.nii.gz and the
 * preview ({@link #study}), for the standard right knee ({@link PhantomKnees#standard}). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar Phantom} (the budget: under 10 s on 2 cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgsAppend = { "-Xmx4g" })
public class PhantomBenchmark {

	private KneeAnatomy anatomy;
	private Path folder;
	private int run;

	/** The knee to image: the standard right knee, as the command line and the demo make it. */
	static KneeAnatomy anatomy() {
		return PhantomKnees.standard(Laterality.RIGHT, 1);
	}

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		anatomy = anatomy();
		folder = Files.createTempDirectory("chondroj-bench-phantom");
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		AtomicFiles.deleteTree(folder);
	}

	/** Rasterise both grids and synthesise both series and the label map, in memory. */
	@Benchmark
	public Object images() {
		return PhantomImages.generate(anatomy, ImagingConfig.defaults());
	}

	/** {@link #images} plus writing the whole study folder. */
	@Benchmark
	public Object study() throws IOException {
		return PhantomStudy.write(anatomy, ImagingConfig.defaults(), folder.resolve("study-" + run++));
	}
}
