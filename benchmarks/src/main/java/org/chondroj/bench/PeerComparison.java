package org.chondroj.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomVolumes;

/**
 * The peer-comparison harness: the same job done by ChondroJ and by an established tool, timed the same way
 * (wall clock, warm file cache, the median of several runs). Today: DICOM series → NIfTI, ChondroJ (in this JVM,
 * after warm-up) against dcm2niix (a process per run, as users run it). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar org.chondroj.bench.PeerComparison [runs]}.
 */
public final class PeerComparison {

	private PeerComparison() {
	}

	public static void main(final String[] args) throws Exception {
		final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
		final Path root = Files.createTempDirectory("chondroj-peer");
		try {
			final Path series = Files.createDirectory(root.resolve("series"));
			KneeSizedSeries.write(series, 1);
			final Path out = Files.createDirectory(root.resolve("out"));
			System.out.println("DICOM series → NIfTI, 160 files of 384 × 384 16-bit (OAI DESS size), median of " + runs + " runs, "
					+ Runtime.getRuntime().availableProcessors() + " cores");
			for (int w = 0; w < 3; w++)
				DicomVolumes.read(series, null, DicomVolumes.Options.defaults());
			final double[] readOnly = new double[runs], convert = new double[runs], peer = new double[runs];
			for (int r = 0; r < runs; r++) {
				long t = System.nanoTime();
				final var v = DicomVolumes.read(series, null, DicomVolumes.Options.defaults());
				readOnly[r] = (System.nanoTime() - t) / 1e6;
				VolumeFiles.write(v, out.resolve("chondroj.nii"));
				convert[r] = (System.nanoTime() - t) / 1e6;
				t = System.nanoTime();
				final Process p = new ProcessBuilder("dcm2niix", "-z", "n", "-b", "n", "-f", "dcm2niix", "-o", out.toString(), series.toString())
						.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
				if (p.waitFor() != 0)
					throw new IOException("dcm2niix failed with exit code " + p.exitValue());
				peer[r] = (System.nanoTime() - t) / 1e6;
			}
			System.out.printf(Locale.ROOT, "  ChondroJ, folder → volume           %8.1f ms%n", median(readOnly));
			System.out.printf(Locale.ROOT, "  ChondroJ, folder → volume → .nii    %8.1f ms%n", median(convert));
			System.out.printf(Locale.ROOT, "  dcm2niix -z n, folder → .nii        %8.1f ms%n", median(peer));
		} finally {
			AtomicFiles.deleteTree(root);
		}
	}

	private static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s[s.length / 2];
	}
}
