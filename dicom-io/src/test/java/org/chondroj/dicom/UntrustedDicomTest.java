package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.chondroj.core.io.DecompressionLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM from anywhere (issue 24): counts checked against what the file holds before anything is allocated, deflated
 * data sets held to the {@link DecompressionLimit}, third-party decoders contained by the {@link GuardedDecoder}.
 * Files are made here; the reproducers of the issue are in {@link FuzzReproducersTest}.
 */
class UntrustedDicomTest {

	private static final Path FILE = Paths.get("untrusted.dcm");

	@TempDir
	Path dir;

	@AfterEach
	void resetLimit() {
		DecompressionLimit.set(0);
	}

	/** A 4 × 3 16-bit MR image (an explicit VR little-endian data set). */
	private static Attributes image() {
		final Attributes ds = new Attributes(false);
		ds.setString(Tag.SOPClassUID, MRSeriesWriter.MR_IMAGE_STORAGE).setString(Tag.SOPInstanceUID, "1.2.3.4.5");
		ds.setDoubles(Tag.Rows, 3).setDoubles(Tag.Columns, 4).setDoubles(Tag.SamplesPerPixel, 1).setString(Tag.PhotometricInterpretation, "MONOCHROME2");
		ds.setDoubles(Tag.BitsAllocated, 16).setDoubles(Tag.BitsStored, 12).setDoubles(Tag.HighBit, 11).setDoubles(Tag.PixelRepresentation, 0);
		ds.setBytes(Tag.PixelData.number(), VR.OW, new byte[24]);
		return ds;
	}

	private Path write(final String name, final Attributes ds) throws IOException {
		final Path f = dir.resolve(name);
		DicomWriter.write(f, ds);
		return f;
	}

	/** NumberOfFrames beyond what the pixel data holds is refused from the header, before any frame is made. */
	@Test
	void framesBeyondThePixelDataAreRefused() throws IOException {
		final Path f = write("frames.dcm", image().setString(Tag.NumberOfFrames, "20080516"));
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> EnhancedFrames.frames(DicomReader.readHeader(f)));
		assertTrue(e.getMessage().contains("20080516 frames of 24 bytes need 481932384 bytes, the pixel data holds 24 bytes"), e.getMessage());
		assertThrows(DicomFormatException.class, () -> PixelData.decode(DicomReader.read(f)));
		// encapsulated: one fragment per frame at least
		final Attributes rle = image().setString(Tag.NumberOfFrames, "2147483647");
		rle.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], new byte[64]));
		final Path g = dir.resolve("rle.dcm");
		DicomWriter.write(g, rle, TransferSyntax.RLE_LOSSLESS);
		final DicomFormatException h = assertThrows(DicomFormatException.class, () -> EnhancedFrames.frames(DicomReader.readHeader(g)));
		assertTrue(h.getMessage().contains("2147483647 compressed frames need a fragment each"), h.getMessage());
		rle.setString(Tag.NumberOfFrames, "3");
		final DicomFormatException d = assertThrows(DicomFormatException.class, () -> PixelData.decode(CodecFramesTest.file(TransferSyntax.RLE_LOSSLESS, rle)));
		assertTrue(d.getMessage().contains("3 compressed frames need a fragment each, the encapsulated pixel data holds 1"), d.getMessage());
	}

	/** An RLE frame too short for the image it claims is refused before the image is allocated. */
	@Test
	void compressedFramesTooSmallForTheirImageAreRefused() throws IOException {
		final Attributes ds = image().setDoubles(Tag.Rows, 3000).setDoubles(Tag.Columns, 3000);
		ds.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], RleCodecTest.fragment(new int[] { 0x81, 0 }, new int[] { 0x81, 0 })));
		final DicomFile f = CodecFramesTest.file(TransferSyntax.RLE_LOSSLESS, ds);
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> PixelData.decode(f));
		assertTrue(e.getMessage().contains("RLE frame 1") && e.getMessage().contains("cannot hold 3000 × 3000 pixels"), e.getMessage());
		// a JPEG 2000 codestream whose SIZ disagrees with Rows and Columns is not decoded at all
		final byte[] siz = { (byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0, 41, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0,
				0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7, 1, 1, 0 };
		final Attributes j2k = image();
		j2k.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], siz));
		final DicomFormatException j = assertThrows(DicomFormatException.class, () -> PixelData.decode(CodecFramesTest.file(TransferSyntax.JPEG_2000, j2k)));
		assertTrue(j.getMessage().contains("declares 4096 × 4096 pixels with 1 component(s) (its SIZ marker); the header says 4 × 3"), j.getMessage());
		// … nor one of the header's size whose tile grid is vast, 1-pixel tiles from 0 to an image that starts at 2³¹
		// (JJ2000 would allocate for each of its 2⁶² tiles in one uninterruptible go): the standard wants the first tile
		// to hold the image's first pixel, and then there are never more tiles than pixels
		final byte[] grid = siz.clone();
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(grid);
		b.putInt(8, 0x80000004).putInt(12, 0x80000003).putInt(16, 0x80000000).putInt(20, 0x80000000).putInt(24, 1).putInt(28, 1);
		j2k.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], grid));
		final DicomFormatException t = assertThrows(DicomFormatException.class, () -> PixelData.decode(CodecFramesTest.file(TransferSyntax.JPEG_2000, j2k)));
		assertTrue(t.getMessage().contains("JPEG 2000 frame 1: its SIZ marker's tile grid does not cover the image as JPEG 2000 requires"), t.getMessage());
	}

	/** The volume of a stack of compressed files is decompressed data too: held to the ceiling before it is allocated. */
	@Test
	void compressedSeriesAreHeldToTheCeilingAsAVolume() throws IOException {
		final org.chondroj.core.Volume<?> v = org.chondroj.core.Volumes.wrapUnsignedShorts(new short[4 * 3 * 2], new int[] { 4, 3, 2 },
				org.chondroj.core.VoxelGeometry.axisAligned(1, 1, 1));
		final SeriesDescription sd = SeriesDescription.builder("rle").build();
		final int[] plane = new int[13]; // a literal of 12 zero bytes
		plane[0] = 11;
		final Path series = Files.createDirectories(dir.resolve("series"));
		for (int k = 0; k < 2; k++) {
			final Attributes ds = MRSeriesWriter.slice(v, sd, k);
			ds.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], RleCodecTest.fragment(plane, plane)));
			DicomWriter.write(series.resolve("s" + k + ".dcm"), ds, TransferSyntax.RLE_LOSSLESS);
		}
		assertEquals(24, DicomVolumes.read(series, null, DicomVolumes.Options.defaults()).size());
		DecompressionLimit.set(40); // bytes: each file's 12 values fit, the 24 of the volume do not
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomVolumes.read(series, null, DicomVolumes.Options.defaults()));
		assertTrue(e.getMessage().contains("a volume of 4×3×2 from RLE Lossless (1.2.840.10008.1.2.5) files (48 bytes) exceed 40 bytes"), e.getMessage());
	}

	/** A deflated data set stops at the ceiling: a value longer than what is left below it is refused unread. */
	@Test
	void deflatedDataSetsAreHeldToTheCeiling() throws IOException {
		final Attributes ds = image();
		ds.setBytes(0x00091010, VR.OB, new byte[2 << 20]);
		final Path f = deflated(ds);
		assertTrue(Files.size(f) < 10_000, "2 MB of zeros deflate to little");
		DecompressionLimit.set(1 << 20);
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomReader.read(f));
		assertTrue(e.getMessage().contains("a value of 2097152 bytes would inflate the deflated data set beyond 1 MiB")
				&& e.getMessage().contains(DecompressionLimit.PROPERTY), e.getMessage());
		assertThrows(DicomFormatException.class, () -> DicomReader.readHeader(f));
		DecompressionLimit.set(0);
		assertEquals(2 << 20, DicomReader.read(f).dataset().bytes(0x00091010).length);
	}

	/** {@code ds} written as a deflated explicit VR little-endian file. */
	private Path deflated(final Attributes ds) throws IOException {
		final ByteArrayOutputStream plain = new ByteArrayOutputStream();
		DicomWriter.write(plain, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
		final byte[] b = plain.toByteArray();
		final String explicit = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid() + "\0", deflate = TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid();
		// the meta information: the syntax's value grows by 2 bytes (its length field, and the group length)
		final String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
		final int at = text.indexOf(explicit), end = at + explicit.length();
		final int groupLength = java.nio.ByteBuffer.wrap(b, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
		final int metaEnd = 144 + groupLength;
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(b, 0, 140);
		out.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(groupLength + 2).array());
		out.write(b, 144, at - 2 - 144);
		out.write(deflate.length());
		out.write(0);
		out.write(deflate.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		out.write(b, end, metaEnd - end);
		final Deflater deflater = new Deflater(9, true);
		try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
			z.write(b, metaEnd, b.length - metaEnd);
		} finally {
			deflater.end();
		}
		final Path f = dir.resolve("deflated.dcm");
		Files.write(f, out.toByteArray());
		return f;
	}

	/** A number asked of an OB attribute is no number (this recursed without end: fuzz-repro D6). */
	@Test
	void aNumberOfAnOBAttributeIsNaN() {
		final Attributes ds = new Attributes(false).setBytes(Tag.NumberOfFrames.number(), VR.OB, new byte[] { 0, 1 });
		assertEquals(-1, ds.intValue(Tag.NumberOfFrames, -1));
		assertEquals(1, ds.strings(Tag.NumberOfFrames).length);
	}

	/** Whatever a decoder throws, Errors included, comes back as a typed error naming file, frame and transfer syntax. */
	@Test
	void decoderThrowablesBecomeTypedErrors() {
		final List<Throwable> thrown = List.of(new ThreadDeath(), new StackOverflowError(), new OutOfMemoryError("Java heap space"),
				new IllegalStateException("broken"), new IOException("Corrupt JPEG data"));
		final List<String> reasons = List.of("the decoder gave up", "the decoder overflowed its stack (StackOverflowError)", "the decoder ran out of memory (Java heap space)",
				"java.lang.IllegalStateException: broken", "java.io.IOException: Corrupt JPEG data");
		for (int i = 0; i < thrown.size(); i++) {
			final Throwable t = thrown.get(i);
			final DicomFormatException e = assertThrows(DicomFormatException.class,
					() -> GuardedDecoder.run(FILE, TransferSyntax.JPEG_2000, "JPEG 2000 frame 2 (99 bytes)", 16, () -> {
						if (t instanceof Error)
							throw (Error) t;
						throw (Exception) t;
					}));
			assertTrue(e.getMessage().startsWith("untrusted.dcm, PixelData (7FE0,0010): JPEG 2000 frame 2 (99 bytes) of JPEG 2000 Image Compression")
					&& e.getMessage().endsWith("cannot be decoded: " + reasons.get(i)), e.getMessage());
		}
		assertArrayEquals(new int[] { 1, 2 }, assertDoesNotThrow(() -> GuardedDecoder.run(FILE, TransferSyntax.JPEG_2000, "frame", 2, () -> new int[] { 1, 2 })));
	}

	/** A decoder that never returns, or allocates without end, is abandoned at its budget and its thread stopped. */
	@Test
	void runawayDecodersAreAbandoned() throws InterruptedException {
		final long t0 = System.nanoTime();
		final DicomFormatException spin = assertThrows(DicomFormatException.class, () -> GuardedDecoder.run(FILE, TransferSyntax.JPEG_2000, "frame", 0,
				() -> {
					long x = 0;
					while (x >= 0)
						x += System.nanoTime() & 1;
					return null;
				}));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		assertTrue(spin.getMessage().contains("the decoder ran for more than 1000 ms") && seconds < 1.5, seconds + " s: " + spin.getMessage());
		final DicomFormatException greedy = assertThrows(DicomFormatException.class, () -> GuardedDecoder.run(FILE, TransferSyntax.JPEG_2000, "frame", 0,
				() -> {
					final List<byte[]> hoard = new ArrayList<>();
					while (hoard.size() >= 0)
						hoard.add(new byte[1 << 16]);
					return null;
				}));
		assertTrue(greedy.getMessage().contains("the decoder allocated more than 16 MiB"), greedy.getMessage());
		for (int i = 0; i < 100 && Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("chondroj-decoder")); i++)
			Thread.sleep(20);
		assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("chondroj-decoder")), "decoder threads stopped");
	}

	private static <T> T assertDoesNotThrow(final org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
		return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
	}
}
