package org.chondroj.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Recognising DICOM files without parsing them. Reads at most 132 bytes per file, so a folder walk can sort
 * DICOM from non-DICOM files cheaply (the series scanner uses this before parsing headers).
 */
public final class DicomFiles {

	/** Length of the Part 10 preamble, bytes. */
	public static final int PREAMBLE_LENGTH = 128;
	private static final byte[] MAGIC = { 'D', 'I', 'C', 'M' };

	private DicomFiles() {
	}

	/**
	 * True if the file has the DICOM Part 10 signature: a 128-byte preamble followed by "DICM" (PS3.10 §7.1).
	 * Files without it may still be DICOM ("raw" implicit VR streams); the parser decides those.
	 *
	 * @throws IOException if the file cannot be read
	 */
	public static boolean isPart10(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] head = in.readNBytes(PREAMBLE_LENGTH + MAGIC.length);
			return head.length == PREAMBLE_LENGTH + MAGIC.length
					&& Arrays.equals(head, PREAMBLE_LENGTH, PREAMBLE_LENGTH + MAGIC.length, MAGIC, 0, MAGIC.length);
		}
	}
}
