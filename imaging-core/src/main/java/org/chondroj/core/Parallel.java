package org.chondroj.core;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How ChondroJ spreads voxel work over cores: independent tasks (usually one per slice or line block) run on the
 * common fork-join pool. Tasks must write disjoint parts of the output so the result does not depend on the
 * number of threads.
 */
public final class Parallel {

	private Parallel() {
	}

	/** Runs {@code task} for 0..n−1, in parallel; returns when all are done. */
	public static void forEach(final int n, final IntConsumer task) {
		if (n == 1)
			task.accept(0);
		else
			IntStream.range(0, n).parallel().forEach(task);
	}
}
