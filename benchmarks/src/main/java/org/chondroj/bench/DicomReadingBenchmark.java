package org.chondroj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.dicom.DicomVolumes;
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
 * Reading a 160-slice 384 × 384 16-bit DICOM series from disk into a volume: scan the folder, sort and check the
 * slices, decode every file (the OS file cache is warm after the first iteration, as when dcm2niix is timed
 * repeatedly on the same folder). Run: {@code java -jar benchmarks/target/benchmarks.jar DicomReading}; compare with
 * {@link PeerComparison}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx4g" })
public class DicomReadingBenchmark {

	private Path folder;

	@Setup(Level.Trial)
	public void writeSeries() throws IOException {
		folder = Files.createTempDirectory("chondroj-bench-series");
		KneeSizedSeries.write(folder, 1);
	}

	@TearDown(Level.Trial)
	public void deleteSeries() throws IOException {
		AtomicFiles.deleteTree(folder);
	}

	/** Folder → volume: what {@code chondroj convert} does before writing. */
	@Benchmark
	public Object readSeries() throws IOException {
		return DicomVolumes.read(folder, null, DicomVolumes.Options.defaults());
	}

}
