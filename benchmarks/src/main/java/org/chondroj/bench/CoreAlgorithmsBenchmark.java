package org.chondroj.bench;

import java.util.concurrent.TimeUnit;

import org.chondroj.core.Volume;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.core.algorithm.DistanceTransforms;
import org.chondroj.core.algorithm.Filters;
import org.chondroj.core.mesh.MarchingCubes;
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

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The voxel algorithms every knee analysis runs, on a mask of the size of an OAI DESS scan (160 × 384 × 384,
 * anisotropic). Run: {@code java -jar benchmarks/target/benchmarks.jar CoreAlgorithms}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx6g" })
public class CoreAlgorithmsBenchmark {

	/** bones = three solid bones with shells (large components); shells = thin cartilage-like layers. */
	@Param({ "bones", "shells" })
	public String mask;

	private Volume<UnsignedByteType> volume;

	@Setup(Level.Trial)
	public void setUp() {
		volume = "bones".equals(mask) ? KneeSizedMasks.bonesAndShells() : KneeSizedMasks.shells();
	}

	/** Exact EDT (distance of each foreground voxel to the background), mm. */
	@Benchmark
	public Object distanceTransform() {
		return DistanceTransforms.distanceToBackground(volume);
	}

	/** Exact EDT of the complement (distance of each background voxel to the object), mm: most lines hold work. */
	@Benchmark
	public Object distanceTransformOutside() {
		return DistanceTransforms.distanceToForeground(volume);
	}

	/** 26-connected components with their sizes. */
	@Benchmark
	public Object connectedComponents26() {
		return ConnectedComponents.label(volume, Connectivity.TWENTY_SIX);
	}

	/** Closed marching-cubes surface of the mask, vertices in patient mm. */
	@Benchmark
	public Object surfaceMesh() {
		return MarchingCubes.surface(volume);
	}

	/** Gaussian smoothing with σ = 1 mm (the scale of cartilage). */
	@Benchmark
	public Object gaussian1mm() {
		return Filters.gaussian(volume, 1.0);
	}

	/** 6-connected components with their sizes. */
	@Benchmark
	public Object connectedComponents6() {
		return ConnectedComponents.label(volume, Connectivity.SIX);
	}
}
