package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomFilesTest {

	@Test
	void recognisesThePart10Signature(@TempDir final Path dir) throws IOException {
		final byte[] dicom = new byte[200];
		System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, dicom, 128, 4);
		assertTrue(DicomFiles.isPart10(Files.write(dir.resolve("IM0001"), dicom)));
		final byte[] shifted = new byte[200];
		System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, shifted, 127, 4);
		assertFalse(DicomFiles.isPart10(Files.write(dir.resolve("shifted"), shifted)));
		assertFalse(DicomFiles.isPart10(Files.write(dir.resolve("short"), new byte[131])));
		assertFalse(DicomFiles.isPart10(Files.write(dir.resolve("empty"), new byte[0])));
		assertFalse(DicomFiles.isPart10(Files.writeString(dir.resolve("notes.txt"), "DICM ".repeat(40))));
	}

	/** The real GE DESS series: all 80 files are Part 10; the folder holds nothing else. */
	@Test
	void realSeriesIsPart10() throws IOException {
		final Path series = RealData.require("dicom/ge-knee-dess-echo1");
		final List<Path> files;
		try (Stream<Path> s = Files.list(series)) {
			files = s.filter(Files::isRegularFile).collect(Collectors.toList());
		}
		assertEquals(80, files.size());
		for (final Path f : files)
			assertTrue(DicomFiles.isPart10(f), f.toString());
		assertFalse(DicomFiles.isPart10(RealData.require("README.md")));
	}
}
