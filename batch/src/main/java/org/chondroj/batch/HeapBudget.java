package org.chondroj.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPInputStream;

import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;

/**
 * How much heap a scan needs, and a budget that never lets more scans run at once than fit: the heap of a scan is
 * estimated from the voxel count of its largest image times a measured factor ({@link #BYTES_PER_VOXEL_LABELS},
 * {@link #BYTES_PER_VOXEL_SEGMENTED}); the budget is {@value #HEAP_SHARE} of the maximum heap, and each scan holds its
 * estimate (at most the whole budget) while it runs, so at most floor(budget / estimate) scans run together, at least
 * one. Thread-safe.
 */
public final class HeapBudget {

	/**
	 * Peak heap per voxel of the label map when a knee is measured from its labels and its outputs written, bytes (the
	 * label map, distance transforms, surfaces, thickness maps, the thickness volume). Measured on the phantom
	 * (384 × 384 × 160) with the benchmarks module's {@code CohortBenchmark}, one scan alone: 8.3 bytes per voxel live
	 * after a GC, 18.1 as the sum of the heap pools' peaks (an upper bound); taken as 24 for a margin.
	 */
	public static final double BYTES_PER_VOXEL_LABELS = 24;
	/**
	 * Likewise when the knee is segmented from its DICOM images first (the images, the bias field, masks): 21.1 bytes
	 * per voxel of the cartilage series live after a GC, 83.6 as the sum of the heap pools' peaks (which counts garbage
	 * not yet collected); taken as 64, three times the live peak.
	 */
	public static final double BYTES_PER_VOXEL_SEGMENTED = 64;
	/** The share of the maximum heap the scans may take together. */
	public static final double HEAP_SHARE = 0.8;
	/** Voxels assumed when an image's size cannot be read cheaply: the OAI DESS grid. */
	public static final long DEFAULT_VOXELS = 384L * 384 * 160;

	private static final long MB = 1 << 20;

	private final Semaphore permits;
	private final int budgetMb;

	/** A budget of {@value #HEAP_SHARE} × {@code maxHeapBytes}. */
	public HeapBudget(final long maxHeapBytes) {
		budgetMb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxHeapBytes * HEAP_SHARE) / MB));
		permits = new Semaphore(budgetMb, true);
	}

	/** The budget, bytes. */
	public long budgetBytes() {
		return budgetMb * MB;
	}

	/** How many scans of {@code perScanBytes} fit: floor(budget / per scan), at least 1. */
	public int fitting(final long perScanBytes) {
		return (int) Math.max(1, budgetBytes() / Math.max(1, perScanBytes));
	}

	/**
	 * The heap to plan each scan for, given every scan's estimate: the largest estimate that fits in the budget (a larger
	 * one runs alone, taking the whole budget, and need not slow the others), or the largest of all when none fits.
	 */
	public long perScan(final Collection<Long> estimates) {
		long largest = 0, largestOfAll = 1;
		for (final long e : estimates) {
			largestOfAll = Math.max(largestOfAll, e);
			if (e <= budgetBytes())
				largest = Math.max(largest, e);
		}
		return largest == 0 ? largestOfAll : largest;
	}

	/** Blocks until {@code bytes} (at most the whole budget) are free and takes them; returns what to {@link #release}. */
	public int acquire(final long bytes) throws InterruptedException {
		final int mb = (int) Math.min(budgetMb, Math.max(1, (bytes + MB - 1) / MB));
		permits.acquire(mb);
		return mb;
	}

	/** Gives back what {@link #acquire} took. */
	public void release(final int taken) {
		permits.release(taken);
	}

	/**
	 * The heap {@code scan} needs, bytes: its voxels ({@link ScanInput#voxels}, else read from the label map's NIfTI
	 * header or the DICOM headers, else {@link #DEFAULT_VOXELS}) times the factor for measuring from labels or for
	 * segmenting. Cost: a NIfTI header, or every DICOM file's header for a DICOM study without a known size.
	 */
	public static long estimate(final ScanInput scan) {
		final boolean segmented = scan.labels() == null && !volumeFileName(scan.path());
		long voxels = scan.voxels();
		if (voxels <= 0)
			voxels = voxels(segmented ? scan.path() : scan.labels() != null ? scan.labels() : scan.path());
		return (long) Math.ceil(voxels * (segmented ? BYTES_PER_VOXEL_SEGMENTED : BYTES_PER_VOXEL_LABELS));
	}

	/** Whether a path is named as a volume file (existing or not). */
	static boolean volumeFileName(final Path p) {
		return p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(nii|nii\\.gz|mha|mhd|nrrd|nhdr)");
	}

	private static long voxels(final Path p) {
		try {
			final String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
			if (Files.isRegularFile(p) && (name.endsWith(".nii") || name.endsWith(".nii.gz")))
				return niftiVoxels(p);
			if (Files.isDirectory(p)) {
				long max = 0;
				final DicomScan s = DicomScanner.scan(p);
				for (final DicomSeries series : s.allSeries())
					max = Math.max(max, (long) series.rows() * series.columns() * series.frames().size());
				if (max > 0)
					return max;
			}
		} catch (final IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
			// unreadable (also a header that overflows the stack or the heap): the scan will fail with its own message;
			// assume the default size meanwhile
		}
		return DEFAULT_VOXELS;
	}

	/** The voxel count from a NIfTI-1 or NIfTI-2 header (either byte order). */
	static long niftiVoxels(final Path file) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
			final byte[] h = new byte[540];
			final int n = in.readNBytes(h, 0, h.length);
			for (final ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
				final ByteBuffer b = ByteBuffer.wrap(h).order(order);
				if (n >= 348 && b.getInt(0) == 348)
					return Math.max(1, b.getShort(42)) * (long) Math.max(1, b.getShort(44)) * Math.max(1, b.getShort(46));
				if (n >= 540 && b.getInt(0) == 540)
					return Math.max(1, b.getLong(24)) * Math.max(1, b.getLong(32)) * Math.max(1, b.getLong(40));
			}
		}
		return DEFAULT_VOXELS;
	}
}
