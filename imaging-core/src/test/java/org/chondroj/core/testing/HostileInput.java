package org.chondroj.core.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Runs untrusted-input cases (fuzz mutations, reproducers of reported defects) and holds each to the rules of issue 24
 * ("Hostile input"): it ends in success or in the reader's typed exception, within {@value #MAX_MILLIS} ms, allocating
 * no more than 4 × the input's size + 64 MB ({@link #budget}). Allocation is measured over every live thread of the
 * JVM with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} (so work on helper threads such as the
 * common fork-join pool counts), plus what {@code helpers} reports for short-lived helper threads that have ended by
 * the time the case is measured (the DICOM decoder threads). A case runs on a worker thread with a
 * {@value #HANG_SECONDS} s limit, so that a hang is reported rather than hangs the build.
 * <p>
 * With {@code -Dchondroj.fuzz.log=FILE} each case's label is appended to FILE before the case runs, so that a case
 * that brings the whole JVM down can be found again. Not thread safe: one runner per test, cases one after another.
 */
public final class HostileInput implements AutoCloseable {

	/** Time limit of one case, ms. */
	public static final long MAX_MILLIS = 2000;
	/** A case still running after this is abandoned as a hang. */
	public static final int HANG_SECONDS = 10;
	/** Failures kept for the report (all are counted). */
	private static final int KEEP = 30;

	/** One case: reads and decodes; returns normally on success, throws the reader's exception on refusal. */
	public interface Case {
		void run() throws Exception;
	}

	/** How one case ended. */
	public enum Outcome {
		READ, TYPED, UNTYPED, OUT_OF_MEMORY, HANG
	}

	/** What one case did. */
	public record Result(Outcome outcome, Throwable thrown, long nanos, long bytes) {
	}

	private final String name;
	private final Class<? extends Exception> typed;
	private final LongSupplier helpers;
	private ExecutorService worker = newWorker();
	private final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
	private int cases, read, refused, untyped, oom, hangs, slow, heavy, problems;
	private long maxNanos, maxBytes;
	private String maxBytesCase = "", maxNanosCase = "";
	private final List<String> failures = new ArrayList<>();

	/**
	 * @param name what is run, for the summary
	 * @param typed the readers' exception type: anything else thrown is a failure
	 * @param helpers bytes allocated so far by helper threads that end before a case is measured (or {@code () -> 0})
	 */
	public HostileInput(final String name, final Class<? extends Exception> typed, final LongSupplier helpers) {
		this.name = name;
		this.typed = typed;
		this.helpers = helpers;
		mx.setThreadAllocatedMemoryEnabled(true);
	}

	/** The allocation budget of a case whose input is {@code inputBytes} long: 4 × its size + 64 MB. */
	public static long budget(final long inputBytes) {
		return 4 * inputBytes + (64L << 20);
	}

	/** Bytes allocated so far by all live threads of the JVM. */
	public long allocatedByAllThreads() {
		long sum = 0;
		for (final long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds()))
			if (b > 0)
				sum += b;
		return sum;
	}

	/**
	 * Runs one case and checks it against the rules; a broken rule is recorded as a failure (see {@link #failures}).
	 *
	 * @param label how to find the case again (seed, case number, mutation)
	 * @param inputBytes the size of the input (all files the case reads)
	 */
	public Result run(final String label, final long inputBytes, final Case c) {
		cases++;
		log(label);
		final long bytes0 = allocatedByAllThreads() + helpers.getAsLong(), t0 = System.nanoTime();
		final Future<Throwable> f = worker.submit(() -> {
			try {
				c.run();
				return null;
			} catch (final Throwable t) {
				return t;
			}
		});
		Throwable thrown;
		Outcome outcome;
		try {
			thrown = f.get(HANG_SECONDS, TimeUnit.SECONDS);
			outcome = thrown == null ? Outcome.READ
					: typed.isInstance(thrown) ? Outcome.TYPED : thrown instanceof OutOfMemoryError ? Outcome.OUT_OF_MEMORY : Outcome.UNTYPED;
		} catch (final TimeoutException e) {
			f.cancel(true);
			worker.shutdownNow();
			worker = newWorker();
			thrown = null;
			outcome = Outcome.HANG;
		} catch (final InterruptedException | ExecutionException e) {
			thrown = e;
			outcome = Outcome.UNTYPED;
		}
		final long nanos = System.nanoTime() - t0;
		final long bytes = allocatedByAllThreads() + helpers.getAsLong() - bytes0;
		if (nanos > maxNanos) {
			maxNanos = nanos;
			maxNanosCase = label;
		}
		if (bytes > maxBytes) {
			maxBytes = bytes;
			maxBytesCase = label;
		}
		switch (outcome) {
		case READ -> read++;
		case TYPED -> refused++;
		case UNTYPED -> {
			untyped++;
			fail(label, "untyped " + thrown);
		}
		case OUT_OF_MEMORY -> {
			oom++;
			fail(label, "OutOfMemoryError " + thrown.getMessage());
		}
		case HANG -> {
			hangs++;
			fail(label, "no result after " + HANG_SECONDS + " s");
		}
		}
		if (nanos > MAX_MILLIS * 1_000_000L) {
			slow++;
			fail(label, String.format(Locale.ROOT, "took %d ms (limit %d)", nanos / 1_000_000, MAX_MILLIS));
		}
		if (bytes > budget(inputBytes)) {
			heavy++;
			fail(label, String.format(Locale.ROOT, "allocated %.1f MB, more than 4 × %d bytes + 64 MB", bytes / 1e6, inputBytes));
		}
		return new Result(outcome, thrown, nanos, bytes);
	}

	/** Appends {@code label} to the file named by {@code chondroj.fuzz.log}, if any. */
	private static void log(final String label) {
		final String file = System.getProperty("chondroj.fuzz.log");
		if (file == null || file.isBlank())
			return;
		try {
			java.nio.file.Files.writeString(java.nio.file.Paths.get(file), label + "\n", java.nio.charset.StandardCharsets.UTF_8,
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		} catch (final java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** Records a broken rule of the case {@code label} (a test's own checks use this too). */
	public void fail(final String label, final String problem) {
		problems++;
		if (failures.size() < KEEP)
			failures.add(label + ": " + problem);
	}

	/** The broken rules (the first {@value #KEEP}; {@link #problems()} counts them all). */
	public List<String> failures() {
		return failures;
	}

	/** How many rules were broken, over all cases. */
	public int problems() {
		return problems;
	}

	/** Cases run so far. */
	public int cases() {
		return cases;
	}

	/** One line of figures: cases, read, refused, untyped, OOM, hangs, over 2 s, over budget, max time, max allocation. */
	public String summary() {
		return String.format(Locale.ROOT,
				"%s: %d cases (%d read, %d refused typed); untyped %d, OutOfMemoryError %d, hangs %d, over %d ms %d, over the allocation budget %d, "
						+ "broken rules %d; max time %.0f ms (%s), max allocation %.1f MB (%s)",
				name, cases, read, refused, untyped, oom, hangs, MAX_MILLIS, slow, heavy, problems, maxNanos / 1e6, maxNanosCase, maxBytes / 1e6,
				maxBytesCase);
	}

	@Override
	public void close() {
		worker.shutdownNow();
	}

	private static ExecutorService newWorker() {
		return Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "hostile-input case");
			t.setDaemon(true);
			return t;
		});
	}
}
