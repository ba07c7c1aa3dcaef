package org.chondroj.dicom;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jj2000.j2k.util.FacilityManager;
import jj2000.j2k.util.MsgLogger;

/**
 * Third-party decoders (the JPEG 2000 and JPEG ImageIO plugins) run under a guard: each compressed frame is decoded on
 * a thread of its own, a daemon, within a time and memory budget proportional to the frame's size, and whatever the
 * decoder does comes back to the caller as pixels or as a {@link DicomFormatException} naming the file, the frame and
 * the transfer syntax:
 * <ul>
 * <li>any {@code Throwable} it throws ({@code RuntimeException}, {@code ThreadDeath}, which JJ2000 throws for a corrupt
 * codestream, {@code StackOverflowError}, an {@code OutOfMemoryError} of its own allocations) is turned into the
 * typed error;</li>
 * <li>a decoder that runs past {@value #BASE_MILLIS} ms plus {@value #NANOS_PER_VALUE} ns per decoded value (wall
 * clock), or allocates more than {@value #BASE_MEGABYTES} MiB plus {@value #BYTES_PER_VALUE} bytes per decoded value
 * (its thread's allocations; legitimate frames take 10 to 35 bytes per value), is abandoned: the caller gets the typed
 * error at once (within the {@value #POLL_MILLIS} ms the guard polls at).</li>
 * </ul>
 * <b>Abandoning.</b> JJ2000 does not look at interrupts (it spins forever on some truncated codestreams), so an
 * abandoned decoder is first interrupted and then stopped with {@link Thread#stop()}, which throws {@code ThreadDeath}
 * in it. That is safe here as far as it can be: the thread was made for this one frame and touches only the decoder's
 * own objects (JJ2000's message-logger registry is a synchronized map that a stopped thread leaves consistent). Where
 * the JVM no longer supports {@code stop} (Java 20 and later), the thread is left to run as a daemon; while
 * {@value #MAX_RUNAWAYS} abandoned threads are still alive, further compressed frames are refused with a typed error
 * rather than piling up more of them. Nor can a stop end one long call inside the JVM (an allocation of many arrays at
 * once): what the decoder sizes from the codestream before it decodes, the image, its components and its tile grid,
 * is therefore checked against the header first ({@link Codecs}).
 * <p>
 * <b>Output.</b> JJ2000 prints the stack trace of the exception it gives up on to {@code System.err} before throwing
 * {@code ThreadDeath}, and its warnings to {@code System.out}. The guard registers a silent JJ2000 message logger for
 * each decoder thread, and installs (once, at its first use) a {@code System.err} that forwards everything except what
 * decoder threads print; the first line of that is kept as the reason in the typed error.
 * <p>
 * Cost: one short-lived thread per compressed frame (about 0.1 ms, against milliseconds of decoding), and no copy
 * beyond the decoder's own output array. Uncompressed and RLE data never come here.
 */
final class GuardedDecoder {

	/** Wall-clock budget of one frame: this many ms … */
	static final long BASE_MILLIS = 1000;
	/** … plus this many ns per decoded value (rows × columns × samples). */
	static final long NANOS_PER_VALUE = 2000;
	/** Memory budget of one frame: this many MiB … */
	static final long BASE_MEGABYTES = 16;
	/** … plus this many bytes per decoded value. */
	static final long BYTES_PER_VALUE = 64;
	/** How often the guard looks at its decoder, ms. */
	static final long POLL_MILLIS = 10;
	/** Abandoned decoders still alive (where {@code Thread.stop} is unsupported) at which decoding is refused. */
	static final int MAX_RUNAWAYS = 4;

	private static final AtomicInteger THREADS = new AtomicInteger();
	/** Bytes allocated by all decoder threads so far (where measurable): for tests that account for them. */
	private static final AtomicLong ALLOCATED = new AtomicLong();
	/** Decoder threads abandoned over their budget; pruned of those that have ended. */
	private static final Set<Thread> ABANDONED = ConcurrentHashMap.newKeySet();
	private static final com.sun.management.ThreadMXBean MX = threadBean();
	private static final ThreadLocal<ByteArrayOutputStream> CAPTURE = new ThreadLocal<>();

	private GuardedDecoder() {
	}

	/** One decoding job: reads one frame, returns its values (rows × columns × samples, interleaved). */
	interface Job {
		int[] decode() throws Exception;
	}

	/** A job's refusal of what the decoder produced; its message is the reason, as is. */
	static final class Refused extends Exception {
		private static final long serialVersionUID = 1L;

		Refused(final String reason) {
			super(reason);
		}
	}

	/**
	 * Runs {@code job}, the decoding of one frame of {@code file}, under the guard.
	 *
	 * @param values the number of values the frame decodes to (sets the budgets)
	 * @param what the codec's name and the frame's size, for messages (e.g. "JPEG 2000 frame 3 (1054 bytes)")
	 * @throws DicomFormatException if the decoder fails, throws anything, or exceeds its budget
	 */
	static int[] run(final Path file, final TransferSyntax syntax, final String what, final long values, final Job job)
			throws DicomFormatException {
		ABANDONED.removeIf(t -> !t.isAlive());
		if (ABANDONED.size() >= MAX_RUNAWAYS)
			throw error(file, syntax, what, "not decoded: " + ABANDONED.size()
					+ " earlier decoders overran their budget and still run (this JVM cannot stop them); restart to decode again");
		ErrCapture.install();
		final long budgetNanos = BASE_MILLIS * 1_000_000L + NANOS_PER_VALUE * values;
		final long budgetBytes = (BASE_MEGABYTES << 20) + BYTES_PER_VALUE * values;
		final Task task = new Task(job);
		final Thread thread = new Thread(task, "chondroj-decoder-" + THREADS.incrementAndGet());
		thread.setDaemon(true);
		thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
		final long start = System.nanoTime();
		thread.start();
		String overrun = null;
		try {
			while (true) {
				thread.join(POLL_MILLIS);
				if (!thread.isAlive())
					break;
				final long elapsed = System.nanoTime() - start;
				final long allocated = task.allocated();
				if (elapsed > budgetNanos)
					overrun = String.format(Locale.ROOT, "the decoder ran for more than %d ms, its budget for %d values", budgetNanos / 1_000_000, values);
				else if (allocated > budgetBytes)
					overrun = String.format(Locale.ROOT, "the decoder allocated more than %d MiB, its budget for %d values", budgetBytes >> 20, values);
				if (overrun != null)
					break;
			}
		} catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			overrun = "interrupted while decoding";
		}
		if (overrun != null) {
			abandon(thread);
			throw error(file, syntax, what, overrun);
		}
		if (task.failure != null)
			throw error(file, syntax, what, reason(task.failure, task.printed), task.failure);
		return task.result;
	}

	/** Stops an overrunning decoder thread (see the class description); it is counted while it is still alive. */
	@SuppressWarnings({ "deprecation", "removal" })
	private static void abandon(final Thread thread) {
		ABANDONED.add(thread);
		thread.interrupt();
		try {
			thread.stop();
		} catch (final UnsupportedOperationException | SecurityException e) {
			// Java 20 and later: it cannot be stopped and runs on as a daemon thread, counted until it ends
		}
	}

	/** The run of one job on its decoder thread. */
	private static final class Task implements Runnable {
		private final Job job;
		private volatile long threadId = -1, allocatedAtStart;
		volatile int[] result;
		volatile Throwable failure;
		volatile String printed;

		Task(final Job job) {
			this.job = job;
		}

		/** Bytes the decoder thread has allocated so far (0 when not measurable). */
		long allocated() {
			final long id = threadId;
			if (id < 0 || MX == null)
				return 0;
			final long now = MX.getThreadAllocatedBytes(id);
			return now < 0 ? 0 : now - allocatedAtStart;
		}

		@Override
		public void run() {
			final Thread self = Thread.currentThread();
			final ByteArrayOutputStream err = new ByteArrayOutputStream();
			try {
				CAPTURE.set(err);
				FacilityManager.registerMsgLogger(self, SILENT);
				if (MX != null) {
					allocatedAtStart = Math.max(0, MX.getThreadAllocatedBytes(self.getId()));
					threadId = self.getId();
				}
				result = job.decode();
			} catch (final Throwable t) { // anything the third-party decoder throws, Errors included, goes to the caller
				failure = t;
			} finally {
				try {
					ALLOCATED.addAndGet(allocated());
					printed = err.toString(java.nio.charset.StandardCharsets.UTF_8);
					FacilityManager.unregisterMsgLogger(self);
					CAPTURE.remove();
				} catch (final Throwable t) {
					// a stop arriving here: nothing left to tidy that matters
				}
			}
		}
	}

	/**
	 * Bytes allocated by all decoder threads so far, each counted when it ends (stopped ones included): the work a
	 * caller's thread does not see in its own allocation count. 0 where the JVM does not measure allocation.
	 */
	static long allocatedBytes() {
		return ALLOCATED.get();
	}

	/** The reason a decoder failed, in words: the exception, or for JJ2000's ThreadDeath the first line it printed. */
	private static String reason(final Throwable t, final String printed) {
		if (t instanceof ThreadDeath) {
			final String first = printed == null ? "" : printed.strip().lines().findFirst().orElse("").strip();
			return "the decoder gave up" + (first.isEmpty() ? "" : " (" + first + ")");
		}
		if (t instanceof OutOfMemoryError)
			return "the decoder ran out of memory (" + t.getMessage() + ")";
		if (t instanceof StackOverflowError)
			return "the decoder overflowed its stack (StackOverflowError)";
		if (t instanceof Refused || t instanceof DicomFormatException)
			return t.getMessage();
		return String.valueOf(t);
	}

	private static DicomFormatException error(final Path file, final TransferSyntax syntax, final String what, final String reason) {
		return error(file, syntax, what, reason, null);
	}

	private static DicomFormatException error(final Path file, final TransferSyntax syntax, final String what, final String reason,
			final Throwable cause) {
		return new DicomFormatException(file, -1, Tag.PixelData.number(), what + " of " + syntax + " cannot be decoded: " + reason, cause);
	}

	private static com.sun.management.ThreadMXBean threadBean() {
		try {
			if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx && mx.isThreadAllocatedMemorySupported()) {
				if (!mx.isThreadAllocatedMemoryEnabled())
					mx.setThreadAllocatedMemoryEnabled(true);
				return mx;
			}
		} catch (final RuntimeException | LinkageError e) {
			// no allocation measurement on this JVM: only the time budget applies
		}
		return null;
	}

	/** JJ2000's messages, dropped (the typed error says what went wrong). */
	private static final MsgLogger SILENT = new MsgLogger() {
		@Override
		public void printmsg(final int severity, final String message) {
		}

		@Override
		public void println(final String text, final int firstIndent, final int indent) {
		}

		@Override
		public void flush() {
		}
	};

	/**
	 * The {@code System.err} that keeps what decoder threads print (bounded, for the error message) and forwards
	 * everything else to the stream it replaced.
	 */
	private static final class ErrCapture extends FilterOutputStream {
		private static final int KEEP = 4096;

		private ErrCapture(final OutputStream out) {
			super(out);
		}

		static synchronized void install() {
			if (!(System.err instanceof Marked))
				System.setErr(new Marked(new ErrCapture(System.err)));
		}

		@Override
		public void write(final int b) throws IOException {
			final ByteArrayOutputStream c = CAPTURE.get();
			if (c == null)
				out.write(b);
			else if (c.size() < KEEP)
				c.write(b);
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			final ByteArrayOutputStream c = CAPTURE.get();
			if (c == null)
				out.write(b, off, len);
			else if (c.size() < KEEP)
				c.write(b, off, Math.min(len, KEEP - c.size()));
		}

		/** The installed stream, recognisable so that it is installed once. */
		private static final class Marked extends PrintStream {
			Marked(final OutputStream out) {
				super(out, true);
			}
		}
	}
}
