package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit VR, a private attribute the dictionary cannot know: its value is read as a sequence when it is one,
 * and kept as bytes when it only starts like one.
 */
class PrivateSequenceTest {

	private static final int PRIVATE = 0x00091010;

	@Test
	void privateSequenceIsParsed(@TempDir final Path dir) throws Exception {
		final byte[] inner = concat(le(0x0008, 0x0060), le32(2), "CT".getBytes());
		final byte[] value = concat(le(0xFFFE, 0xE000), le32(inner.length), inner);
		final Attributes ds = DicomReader.read(write(dir, value)).dataset();
		assertEquals(VR.SQ, ds.vr(PRIVATE));
		assertEquals(1, ds.sequence(PRIVATE).size());
		assertEquals("CT", ds.sequence(PRIVATE).get(0).string(Tag.Modality));
		assertEquals("MR", ds.string(Tag.Modality));
	}

	@Test
	void lookAlikeBytesAreKept(@TempDir final Path dir) throws Exception {
		// an item tag, then an item length the value cannot hold: not a sequence
		final byte[] value = concat(le(0xFFFE, 0xE000), le32(255), new byte[] { 1, 2 });
		final Attributes ds = DicomReader.read(write(dir, value)).dataset();
		assertEquals(VR.UN, ds.vr(PRIVATE));
		assertArrayEquals(value, ds.bytes(PRIVATE));
		assertNull(ds.fragments(PRIVATE));
		assertEquals("MR", ds.string(Tag.Modality));
	}

	/** A raw implicit-VR little-endian data set: Modality "MR", then the private element. */
	private static Path write(final Path dir, final byte[] privateValue) throws Exception {
		final byte[] data = concat(le(0x0008, 0x0060), le32(2), "MR".getBytes(), le(0x0009, 0x1010), le32(privateValue.length), privateValue);
		return Files.write(dir.resolve("raw.dcm"), data);
	}

	private static byte[] le(final int group, final int element) {
		return new byte[] { (byte) group, (byte) (group >> 8), (byte) element, (byte) (element >> 8) };
	}

	private static byte[] le32(final int v) {
		return new byte[] { (byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24) };
	}

	private static byte[] concat(final byte[]... parts) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (final byte[] p : parts)
			out.writeBytes(p);
		return out.toByteArray();
	}
}
