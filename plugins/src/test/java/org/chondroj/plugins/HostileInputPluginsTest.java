package org.chondroj.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Progress;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.DicomSeries;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * Open DICOM Series on hostile files (issue 24): every folder of {@code ../shared/fuzz-repro} holding DICOM files is
 * opened as the command does it ({@link Dialogs#run} around {@link OpenDicomSeries#list} and
 * {@link OpenDicomSeries#process}, the first series chosen). Each opens, or the user sees one message naming the file
 * and the problem, never an exception window. Headless, ImageJ writes {@code IJ.error}'s message to standard output,
 * which is what is checked here; in Fiji the same text is the dialog's.
 */
class HostileInputPluginsTest {

	/** Runs {@code work} as a command does and returns what ImageJ showed ("" for nothing). */
	private static String shown(final Dialogs.Work work) {
		final PrintStream before = System.out;
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		try {
			Dialogs.run("Open DICOM Series", work);
		} finally {
			System.setOut(before);
		}
		return bytes.toString(StandardCharsets.UTF_8).strip();
	}

	@TestFactory
	Stream<DynamicTest> everyHostileFolderOpensOrSaysWhy() throws IOException {
		final Path root = RealData.require("../fuzz-repro").normalize();
		final List<Path> folders;
		try (Stream<Path> s = Files.list(root)) {
			folders = s.filter(Files::isDirectory).filter(HostileInputPluginsTest::holdsDicom).sorted().collect(Collectors.toList());
		}
		assertTrue(folders.size() >= 10, "the DICOM reproducers: " + folders);
		return folders.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
	}

	private static void check(final Path folder) {
		final ImagePlus[] opened = new ImagePlus[1];
		final String message = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> shown(() -> {
			final List<DicomSeries> all = OpenDicomSeries.list(folder);
			opened[0] = OpenDicomSeries.process(folder, OpenDicomSeries.describe(all.get(0)), Progress.NONE);
		}), "a hang");
		System.out.println("Open DICOM Series " + folder.getFileName() + ": " + (opened[0] != null ? "opened" : message));
		if (opened[0] != null) {
			assertEquals("", message, "opened, and nothing to say");
			assertTrue(opened[0].getStackSize() > 0);
			return;
		}
		assertEquals(1, message.lines().count(), message);
		assertTrue(message.contains(folder.toString()), "names the file: " + message);
		assertFalse(message.contains("\tat ") || message.startsWith("internal error") || message.matches("(?s)^[\\w.$]+(Exception|Error)\\b.*"),
				"a message, not an exception's name or trace: " + message);
		assertFalse(message.chars().anyMatch(c -> c < 0x20), "no control characters: " + message);
	}

	/** Running out of memory, a stack overflow, a failed write: one message that says what to do, not a trace. */
	@Test
	void javaErrorsAreAMessage(@TempDir final Path dir) {
		final String oom = shown(() -> {
			throw new OutOfMemoryError("Java heap space");
		});
		assertTrue(oom.startsWith("out of memory (Java heap space): the input needs more than Java's heap of ")
				&& oom.contains("give Fiji more (Edit > Options > Memory & Threads)"), oom);
		final String denied = shown(() -> {
			throw new java.nio.file.AccessDeniedException("/data/out");
		});
		assertEquals("/data/out: permission denied", denied);
		assertEquals(dir + ": holds no DICOM image series: the folder is empty", shown(() -> OpenDicomSeries.list(dir)));
	}

	private static boolean holdsDicom(final Path folder) {
		try (Stream<Path> s = Files.list(folder)) {
			return s.anyMatch(p -> p.getFileName().toString().endsWith(".dcm"));
		} catch (final IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
