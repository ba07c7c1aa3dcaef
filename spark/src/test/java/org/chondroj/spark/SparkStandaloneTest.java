package org.chondroj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.chondroj.batch.ResultsStore;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test cohort ({@link SparkCohort}) on a real standalone Spark cluster on loopback: a master and two workers (one
 * core, 1 GB each), each its own JVM started from the Spark jars on the test classpath, and the driver in its own JVM
 * ({@link SparkDriverMain}). The driver is killed once some scans are written; the rerun completes with the local
 * batch's outputs, and every scan finished before the kill keeps its stored start time (it was not computed again).
 */
@Tag("slow")
class SparkStandaloneTest {

	private final List<Process> processes = new ArrayList<>();

	@Test
	void killedDriverRerunOnAStandaloneCluster(@TempDir final Path dir) throws Exception {
		final SparkCohort cohort = SparkCohort.get();
		try {
			final String master = startCluster(dir);
			final Path out = dir.resolve("out");
			final Path traces = out.resolve(Journal.FOLDER).resolve(Journal.SCANS);
			// the first driver, killed once 3 scans are written
			final long t0 = System.nanoTime();
			final Process first = start(dir.resolve("driver1.log"),
					SparkCohort.java("1g", SparkDriverMain.class.getName(), master, cohort.manifest.toString(), out.toString()));
			final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
			while (count(traces) < 3 && first.isAlive() && System.nanoTime() < deadline)
				Thread.sleep(100);
			kill(first);
			final Map<String, String> finished = started(traces);
			System.out.printf(Locale.ROOT, "driver killed after %.1f s with %d of %d scans finished: %s%n", (System.nanoTime() - t0) / 1e9, finished.size(),
					SparkCohort.SCANS, finished.keySet());
			assertTrue(finished.size() >= 3 && finished.size() < SparkCohort.SCANS, "killed part-way: " + finished.keySet() + "; "
					+ Files.readString(dir.resolve("driver1.log")));
			// the rerun
			final long t1 = System.nanoTime();
			final Process second = start(dir.resolve("driver2.log"),
					SparkCohort.java("1g", SparkDriverMain.class.getName(), master, cohort.manifest.toString(), out.toString()));
			assertTrue(second.waitFor(300, TimeUnit.SECONDS), "the rerun finishes");
			final String log = Files.readString(dir.resolve("driver2.log"));
			System.out.printf(Locale.ROOT, "rerun: %.1f s%n%s%n", (System.nanoTime() - t1) / 1e9,
					log.lines().filter(l -> l.startsWith("[") || l.startsWith("analysed")).reduce("", (a, b) -> a + b + "\n"));
			assertEquals(0, second.exitValue(), log);
			cohort.assertSameOutputs(out);
			try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
				for (final ResultsStore.ScanRow r : store.scans())
					if (finished.containsKey(r.name()))
						assertEquals(finished.get(r.name()), r.started(), r.name() + " was computed again");
			}
		} finally {
			for (final Process p : processes)
				kill(p);
		}
	}

	/** Starts a master and two workers on loopback; returns the master's URL. */
	private String startCluster(final Path dir) throws Exception {
		final Path home = Files.createDirectories(dir.resolve("spark-home/jars")).getParent(); // no jars of its own: the classpath has them
		final int port = freePort();
		start(dir.resolve("master.log"), SparkCohort.java("512m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
				Integer.toString(port), "--webui-port", Integer.toString(freePort())), home);
		final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!listening(port)) {
			assertTrue(System.nanoTime() < deadline, "the master listens: " + Files.readString(dir.resolve("master.log")));
			Thread.sleep(200);
		}
		final String url = "spark://127.0.0.1:" + port;
		for (int w = 1; w <= 2; w++)
			start(dir.resolve("worker" + w + ".log"), SparkCohort.java("256m", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
					"--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir",
					Files.createDirectories(dir.resolve("work" + w)).toString(), url), home);
		return url;
	}

	private Process start(final Path log, final List<String> command) throws IOException {
		return start(log, command, null);
	}

	private Process start(final Path log, final List<String> command, final Path sparkHome) throws IOException {
		final ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		b.environment().put("SPARK_SCALA_VERSION", "2.13");
		if (sparkHome != null)
			b.environment().put("SPARK_HOME", sparkHome.toString());
		final Process p = b.start();
		processes.add(p);
		return p;
	}

	/** Ends {@code p} and what it started (a worker's executors), forcibly. */
	private static void kill(final Process p) throws InterruptedException {
		final List<ProcessHandle> children = p.descendants().toList();
		p.destroyForcibly();
		for (final ProcessHandle c : children)
			c.destroyForcibly();
		p.waitFor(30, TimeUnit.SECONDS);
	}

	private static int count(final Path folder) throws IOException {
		return started(folder).size();
	}

	/** Scan name → stored start, of the traces in {@code folder}. */
	private static Map<String, String> started(final Path folder) throws IOException {
		final Map<String, String> m = new TreeMap<>();
		if (!Files.isDirectory(folder))
			return m;
		try (Stream<Path> s = Files.list(folder)) {
			for (final Path p : s.filter(f -> f.getFileName().toString().endsWith(Journal.SUFFIX) && !f.getFileName().toString().startsWith(".")).toList()) {
				final ResultsStore.ScanRow r = Journal.parse(ResultsStore.ScanRow.class, Files.readString(p));
				m.put(r.name(), r.started());
			}
		}
		return m;
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	private static boolean listening(final int port) {
		try (Socket s = new Socket("127.0.0.1", port)) {
			return true;
		} catch (final IOException e) {
			return false;
		}
	}
}
