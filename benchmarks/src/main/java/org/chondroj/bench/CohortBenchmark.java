package org.chondroj.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.chondroj.batch.BatchRun;
import org.chondroj.batch.HeapBudget;
import org.chondroj.batch.ScanInput;
import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;


/**
 * The cohort harness: a batch of phantom scans ({@code chondroj batch}'s engine, {@link BatchRun}) on the OAI grid
 * (384 × 384 × 160), from label maps or from DICOM studies (segmented first), timed by the wall clock; and the peak
 * heap of one scan alone (the heap pools' peak usage over the usage before it, after a GC), from which
 * {@link HeapBudget}'s bytes per voxel are taken. Phantom generation is not timed. Run:
 * {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar org.chondroj.bench.CohortBenchmark labels|dicom [scans] [threads]}.
 */
public final class CohortBenchmark {

	private CohortBenchmark() {
	}

	public static void main(final String[] args) throws Exception {
		final boolean dicom = args.length > 0 && args[0].equals("dicom");
		final int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
		final int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
		final Path root = Files.createTempDirectory("chondroj-cohort");
		try {
			final PhantomSetup setup = PhantomSetup.defaults();
			final List<ScanInput> scans = new ArrayList<>();
			long t = System.nanoTime();
			for (int i = 0; i < (n + 1) / 2; i++) {
				final long seed = 500 + i;
				final String subject = "BENCH-" + seed;
				if (dicom) {
					final PhantomStudy.Pair p = PhantomStudy.writePair(setup, seed, root.resolve(subject));
					scans.add(input(subject, "20200106", p.baseline().folder().resolve("DICOM")));
					scans.add(input(subject, "20210111", p.followUp().folder().resolve("DICOM")));
				} else {
					final Path a = root.resolve(subject + "_a.nii.gz"), b = root.resolve(subject + "_b.nii.gz");
					VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(seed), setup.baselineImaging(seed)), a);
					VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(seed), setup.followUpImaging(seed)), b);
					scans.add(input(subject, "20200106", a));
					scans.add(input(subject, "20210111", b));
				}
			}
			final List<ScanInput> cohort = scans.subList(0, n);
			System.out.printf(Locale.ROOT, "%d phantom scans from %s written in %.0f s; %d cores, max heap %.0f MB, %d threads%n", n, dicom ? "DICOM" : "label maps",
					(System.nanoTime() - t) / 1e9, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576.0, threads);

			// the peak heap of one scan alone (it also warms the JIT up)
			final BatchRun.Options options = BatchRun.Options.defaults().withSalt("bench");
			System.gc();
			final long before = HeapWatch.heapUsed();
			HeapWatch.resetPeaks();
			final AtomicLong live = HeapWatch.watchAfterGc();
			BatchRun.run(cohort.subList(0, 1), root.resolve("one"), options.withThreads(1), null);
			final long peak = HeapWatch.heapPeak() - before, afterGc = live.get() - before;
			final long estimate = HeapBudget.estimate(cohort.get(0));
			final double voxels = 384.0 * 384 * 160;
			System.out.printf(Locale.ROOT, "heap of one scan over the %.0f MB before: largest after a GC %.0f MB (%.1f bytes/voxel), sum of the pools' peaks"
					+ " %.0f MB (%.1f bytes/voxel); HeapBudget estimate %.0f MB%n", before / 1048576.0, afterGc / 1048576.0, afterGc / voxels, peak / 1048576.0,
					peak / voxels, estimate / 1048576.0);

			t = System.nanoTime();
			final BatchRun.Summary s = BatchRun.run(cohort, root.resolve("batch"), options.withThreads(threads), null);
			final double seconds = (System.nanoTime() - t) / 1e9;
			System.out.printf(Locale.ROOT, "batch of %d scans (%d analysed, %d failed, %d pairs compared) on %d threads, %d at once: %.1f s, %.0f scans/hour%n", n,
					s.count(BatchRun.Status.ANALYSED), s.count(BatchRun.Status.FAILED), s.comparisons(), threads, s.plan().concurrency(), seconds, n / seconds * 3600);
			for (final BatchRun.Outcome o : s.outcomes())
				if (o.failed())
					System.out.printf(Locale.ROOT, "  failed: %s (%s): %s%n", o.name(), o.origin(), o.operatorError());
		} finally {
			AtomicFiles.deleteTree(root);
		}
	}

	private static ScanInput input(final String subject, final String date, final Path path) {
		return new ScanInput(subject, date, Laterality.RIGHT, path, null, null, "", date, null, List.of(), 0, path.toString());
	}
}
