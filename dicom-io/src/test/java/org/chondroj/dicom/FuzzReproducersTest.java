package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.io.DecompressionLimit;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.io.VolumeFormatException;
import org.chondroj.core.testing.HostileInput;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reproducer of issue 24 ("Hostile input") in {@code ../shared/fuzz-repro} (the folder next to the real-data
 * folder; run only when real data is switched on), read as {@code chondroj info} and {@code convert} read it: a DICOM
 * file scanned, every stack it makes read as a volume, its header's frames listed, and the file read and decoded in
 * full; a volume file read. Each must end in the reader's typed error within 2 s, allocating no more than 4 × its size
 * + 64 MB (measured over all threads, decoder threads included: {@link HostileInput}); the bombs are refused at the
 * decompression ceiling, the {@code .mhd} that names {@code /etc/passwd} is refused for leaving its folder, and no
 * decoder thread is left running.
 */
class FuzzReproducersTest {

	private static final HostileInput RUNNER = new HostileInput("fuzz-repro", IOException.class, GuardedDecoder::allocatedBytes);

	@AfterAll
	static void report() {
		System.out.println(RUNNER.summary());
		RUNNER.close();
	}

	@TestFactory
	Stream<DynamicTest> everyReproducer() throws IOException {
		final Path root = RealData.require("../fuzz-repro").normalize();
		final List<Path> inputs;
		try (Stream<Path> walk = Files.walk(root)) {
			inputs = walk.filter(Files::isRegularFile).filter(FuzzReproducersTest::isInput).sorted().collect(Collectors.toList());
		}
		assertTrue(inputs.size() >= 14, "the reproducers: " + inputs);
		return inputs.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> check(root.relativize(f).getName(0).toString(), f)));
	}

	private static boolean isInput(final Path f) {
		final String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".dcm") || n.endsWith(".mhd") || n.endsWith(".mha") || n.endsWith(".nrrd") || n.endsWith(".nhdr") || n.endsWith(".nii")
				|| n.endsWith(".nii.gz");
	}

	/**
	 * Runs one reproducer of the defect {@code defect} (its folder's name, e.g. "D8_hang_JJ2000…") and checks what it
	 * gives: a DICOM file as three cases, as {@code chondroj info} reads it (the folder scan, the frames of the header),
	 * as {@code convert} reads it (the scan, then every stack as a volume) and as a file decoded in full; each must be
	 * read or refused typed within the limits, and at least one refuses it.
	 */
	private static void check(final String defect, final Path file) throws IOException {
		final boolean dicom = file.getFileName().toString().endsWith(".dcm");
		final List<IOException> refusals = new ArrayList<>();
		if (dicom) {
			run(defect + " info", file, refusals, () -> {
				final DicomScan scan = DicomScanner.scan(file);
				for (final DicomScan.Problem p : scan.unreadable())
					throw new DicomFormatException(file, -1, -1, "scan: " + p.message());
				EnhancedFrames.frames(DicomReader.readHeader(file));
			});
			run(defect + " convert", file, refusals, () -> {
				for (final DicomStudy study : DicomScanner.scan(file).studies())
					for (final DicomSeries series : study.series())
						DicomVolumes.read(series);
			});
			run(defect + " decode", file, refusals, () -> PixelData.decode(DicomReader.read(file)));
		} else {
			run(defect, file, refusals, () -> VolumeFiles.read(file));
		}
		assertTrue(!refusals.isEmpty(), defect + ": every reproducer is a bad file, to be refused typed");
		for (final IOException e : refusals) {
			assertTrue(dicom ? e instanceof DicomFormatException : e instanceof VolumeFormatException, e.toString());
			assertTrue(e.getMessage().contains(file.getFileName().toString()), "the message names the file: " + e.getMessage());
		}
		final String message = refusals.get(0).getMessage();
		if (defect.startsWith("B1") || defect.startsWith("B2"))
			assertTrue(message.contains(DecompressionLimit.PROPERTY), "a bomb is refused at the ceiling: " + message);
		if (defect.startsWith("B3"))
			assertTrue(message.contains("outside the header's folder") && message.contains("../../../../../etc/passwd"), message);
	}

	/** One case under the rules of {@link HostileInput}; its typed refusal, if any, is added to {@code refusals}. */
	private static void run(final String label, final Path file, final List<IOException> refusals, final HostileInput.Case c) throws IOException {
		final int before = RUNNER.problems();
		final HostileInput.Result r = RUNNER.run(label, Files.size(file), c);
		System.out.printf(Locale.ROOT, "%-62s %-6s %6.0f ms %6.1f MB  %s%n", label, r.outcome(), r.nanos() / 1e6, r.bytes() / 1e6,
				r.thrown() == null ? "" : r.thrown().getMessage());
		assertEquals(before, RUNNER.problems(), () -> "broken rules: " + RUNNER.failures());
		if (r.outcome() == HostileInput.Outcome.TYPED)
			refusals.add((IOException) r.thrown());
	}

	/** The decoder that never returns (D8) is abandoned within its budget, and its thread stopped, not left spinning. */
	@Test
	void noDecoderThreadIsLeftRunning() throws Exception {
		final Path root = RealData.require("../fuzz-repro");
		final Path hang;
		try (Stream<Path> walk = Files.walk(root)) {
			hang = walk.filter(p -> p.toString().contains("D8_hang") && p.toString().endsWith(".dcm")).findFirst().orElseThrow();
		}
		final long t0 = System.nanoTime();
		final DicomFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DicomFormatException.class,
				() -> PixelData.decode(DicomReader.read(hang)));
		assertTrue(System.nanoTime() - t0 < HostileInput.MAX_MILLIS * 1_000_000L, "abandoned in time");
		assertTrue(e.getMessage().contains("JPEG 2000 frame 1") && e.getMessage().contains("1.2.840.10008.1.2.4.90"), e.getMessage());
		final long until = System.nanoTime() + 2_000_000_000L;
		List<Thread> alive;
		do {
			Thread.sleep(50);
			alive = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("chondroj-decoder")).collect(Collectors.toList());
		} while (!alive.isEmpty() && System.nanoTime() < until);
		assertEquals(List.of(), alive);
	}
}
