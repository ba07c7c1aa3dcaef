package org.chondroj.dicom;

import static org.chondroj.dicom.DicomTesting.assertSameAsPydicom;
import static org.chondroj.dicom.DicomTesting.pydicomCharsetFile;
import static org.chondroj.dicom.DicomTesting.pydicomFile;
import static org.chondroj.dicom.DicomTesting.pydicomDump;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DicomReader} on files written by independent software (pydicom's test files, dcmtk's conversions, a GE
 * scanner) and on hand-built bytes; every element compared with pydicom's reading of the same file.
 */
class DicomReaderTest {

	private static final String GE_FILE = "dicom/ge-knee-dess-echo1/IM-0001-0001-0001.dcm";

	/** dcmconv re-encodes a file; our reading of every variant agrees with pydicom's, and the pixels with the original's. */
	private void checkConversions(final Path source, final Path dir) throws IOException {
		ExternalTools.requireCommand("dcmconv");
		final String[][] variants = { { "+te", "1.2.840.10008.1.2.1" }, { "+ti", "1.2.840.10008.1.2" }, { "+tb", "1.2.840.10008.1.2.2" },
				{ "+td", "1.2.840.10008.1.2.1.99" } };
		final Path[] files = new Path[variants.length];
		for (int i = 0; i < variants.length; i++) {
			files[i] = dir.resolve(source.getFileName() + variants[i][0].substring(1) + ".dcm");
			ExternalTools.command("dcmconv", variants[i][0], source.toString(), files[i].toString());
		}
		final Map<Path, List<String[]>> dumps = pydicomDump(files);
		final int[] reference = PixelData.decode(DicomReader.read(source)).values();
		for (int i = 0; i < files.length; i++) {
			final DicomFile f = DicomReader.read(files[i]);
			assertEquals(variants[i][1], f.transferSyntax().uid(), files[i].toString());
			assertEquals(variants[i][1], f.meta().string(Tag.TransferSyntaxUID));
			assertTrue(f.hasPart10Header());
			assertSameAsPydicom(f.dataset(), dumps.get(files[i]), f.transferSyntax().explicitVR(), true, files[i].toString());
			assertArrayEquals(reference, PixelData.decode(f).values(), files[i] + ": pixel values");
		}
	}

	@Test
	void pydicomMRSmallInEveryNativeSyntax(@TempDir final Path dir) throws IOException {
		checkConversions(pydicomFile("MR_small.dcm"), dir);
	}

	@Test
	void geKneeFileInEveryNativeSyntax(@TempDir final Path dir) throws IOException {
		checkConversions(RealData.require(GE_FILE), dir);
	}

	/** pydicom's own test files: meta-less files, big endian, deflate, private and UN sequences, nested SR sequences. */
	@ParameterizedTest
	@ValueSource(strings = { "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_padded.dcm",
			"ExplVR_BigEndNoMeta.dcm", "ExplVR_LitEndNoMeta.dcm", "no_meta_group_length.dcm", "image_dfl.dcm",
			"nested_priv_SQ.dcm", "priv_SQ.dcm", "UN_sequence.dcm", "rtplan.dcm", "rtstruct.dcm", "test-SR.dcm", "CT_small.dcm",
			"MR_small_RLE.dcm", "JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm", "reportsi.dcm", "waveform_ecg.dcm" })
	@org.junit.jupiter.api.Tag("slow")
	void pydicomTestFiles(final String name) throws IOException {
		final Path file = ExternalTools.pydicomData("test_files").resolve(name);
		if (!Files.exists(file)) {
			// pydicom's test set changes between versions: this is not a missing tool
			System.out.println("SKIPPED: " + file + " is not in this pydicom version");
			Assumptions.abort(file + " is not in this pydicom version");
		}
		final DicomFile f = DicomReader.read(file);
		assertSameAsPydicom(f.dataset(), pydicomDump(file).get(file), f.transferSyntax().explicitVR(), true, name);
	}

	/**
	 * Specific Character Set: every text value decoded as pydicom does, for the character sets ChondroJ supports (the
	 * single-byte ISO 8859 sets, UTF-8, GB18030; not the ISO 2022 escape sequences of chrH3*, chrI2, chrJap*, chrKorean*,
	 * chrSQEncoding*).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "chrFren.dcm", "chrFrenMulti.dcm", "chrGerm.dcm", "chrGreek.dcm", "chrRuss.dcm", "chrArab.dcm", "chrHbrw.dcm",
			"chrX1.dcm", "chrX2.dcm" })
	@org.junit.jupiter.api.Tag("slow")
	void characterSets(final String name) throws IOException {
		final Path file = pydicomCharsetFile(name);
		final DicomFile f = DicomReader.read(file);
		assertSameAsPydicom(f.dataset(), pydicomDump(file).get(file), true, true, name);
	}

	@Test
	void characterSetNames() throws IOException {
		assertEquals("Buc^Jérôme", DicomReader.read(pydicomCharsetFile("chrFren.dcm")).dataset().string(Tag.PatientName));
		assertEquals("Wang^XiaoDong=王^小東=", DicomReader.read(pydicomCharsetFile("chrX1.dcm")).dataset().string(Tag.PatientName));
		assertEquals("Wang^XiaoDong=王^小东=", DicomReader.read(pydicomCharsetFile("chrX2.dcm")).dataset().string(Tag.PatientName));
	}

	/** A raw data set (no preamble, no meta): the encoding is recognised from the first element. */
	@Test
	void rawDataSetWithoutHeader(@TempDir final Path dir) throws IOException {
		ExternalTools.requireCommand("dcmconv");
		final Path source = pydicomFile("MR_small.dcm");
		for (final String option : new String[] { "+te", "+ti", "+tb" }) {
			final Path part10 = dir.resolve("p10" + option.substring(1) + ".dcm");
			ExternalTools.command("dcmconv", option, source.toString(), part10.toString());
			final DicomFile full = DicomReader.read(part10);
			final byte[] all = Files.readAllBytes(part10);
			final int start = 132 + 12 + (int) full.meta().doubleValue(Tag.FileMetaInformationGroupLength, -1);
			final Path raw = Files.write(dir.resolve("raw" + option.substring(1) + ".dcm"), Arrays.copyOfRange(all, start, all.length));
			final DicomFile f = DicomReader.read(raw);
			assertFalse(f.hasPart10Header());
			assertEquals(0, f.meta().size());
			assertEquals(full.transferSyntax(), f.transferSyntax(), option);
			assertSameAsPydicom(f.dataset(), pydicomDump(raw).get(raw), f.transferSyntax().explicitVR(), true, raw.toString());
			assertArrayEquals(PixelData.decode(full).values(), PixelData.decode(f).values());
		}
	}

	/** readHeader stops at the pixel data: its offset and length point at the pixel bytes of the full reading. */
	@Test
	void readHeaderReportsThePixelData(@TempDir final Path dir) throws IOException {
		ExternalTools.requireCommand("dcmconv");
		final Path mr = pydicomFile("MR_small.dcm");
		final Path implicit = dir.resolve("implicit.dcm");
		ExternalTools.command("dcmconv", "+ti", mr.toString(), implicit.toString());
		for (final Path file : new Path[] { mr, implicit, pydicomFile("MR_small_bigendian.dcm") }) {
			final DicomFile header = DicomReader.readHeader(file);
			final DicomFile full = DicomReader.read(file);
			assertFalse(header.dataset().contains(Tag.PixelData));
			final byte[] pixels = full.dataset().bytes(Tag.PixelData);
			assertEquals(pixels.length, header.pixelDataLength(), file.toString());
			final byte[] all = Files.readAllBytes(file);
			final int at = (int) header.pixelDataOffset();
			assertArrayEquals(pixels, Arrays.copyOfRange(all, at, at + pixels.length), file + ": bytes at the reported offset");
			// every attribute before the pixel data is the same as in the full reading
			assertEquals(full.dataset().tags().stream().filter(t -> Integer.compareUnsigned(t, Tag.PixelData.number()) < 0).count(),
					header.dataset().size(), file + ": the attributes before the pixel data");
			for (final int tag : header.dataset().tags())
				if (header.dataset().vr(tag) != VR.SQ)
					assertArrayEquals(full.dataset().bytes(tag), header.dataset().bytes(tag), Tag.describe(tag));
		}
		final Path ge = RealData.require(GE_FILE);
		final DicomFile h = DicomReader.readHeader(ge);
		assertEquals(512 * 512 * 2, h.pixelDataLength());
		final byte[] all = Files.readAllBytes(ge);
		final int at = (int) h.pixelDataOffset();
		// the explicit-VR header just before: (7FE0,0010) little endian, "OW", 2 reserved bytes, the 4-byte length
		assertEquals("E07F1000", HexFormat.of().withUpperCase().formatHex(all, at - 12, at - 8));
		assertEquals("OW", new String(all, at - 8, 2, StandardCharsets.US_ASCII));
		assertArrayEquals(DicomReader.read(ge).dataset().bytes(Tag.PixelData), Arrays.copyOfRange(all, at, all.length));
	}

	/* ---- hand-built bytes ---- */

	/** Little-endian element builder for hand-made data sets. */
	private static final class Bytes {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final boolean explicit;

		Bytes(final boolean explicit) {
			this.explicit = explicit;
		}

		Bytes tag(final int tag) {
			u16(tag >>> 16);
			return u16(tag & 0xFFFF);
		}

		Bytes u16(final int v) {
			out.write(v);
			out.write(v >>> 8);
			return this;
		}

		Bytes u32(final long v) {
			u16((int) (v & 0xFFFF));
			return u16((int) (v >>> 16));
		}

		Bytes element(final int tag, final String vr, final byte[] value) {
			tag(tag);
			if (explicit) {
				out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
				if (VR.valueOf(vr).hasLongLength())
					u16(0).u32(value.length);
				else
					u16(value.length);
			} else {
				u32(value.length);
			}
			out.writeBytes(value);
			return this;
		}

		Bytes text(final int tag, final String vr, final String value) {
			return element(tag, vr, value.getBytes(StandardCharsets.ISO_8859_1));
		}

		/** Start of a sequence (explicit: SQ) of undefined length. */
		Bytes sequenceStart(final int tag, final String vr) {
			tag(tag);
			if (explicit)
				out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
			if (explicit)
				u16(0);
			return u32(0xFFFFFFFFL);
		}

		Bytes itemStart(final long length) {
			return tag(0xFFFEE000).u32(length);
		}

		Bytes itemEnd() {
			return tag(0xFFFEE00D).u32(0);
		}

		Bytes sequenceEnd() {
			return tag(0xFFFEE0DD).u32(0);
		}

		byte[] bytes() {
			return out.toByteArray();
		}
	}

	private static byte[] part10(final String transferSyntax, final byte[] dataset) {
		final Bytes meta = new Bytes(true);
		String ts = transferSyntax;
		if ((ts.length() & 1) == 1)
			ts += "\0";
		meta.text(0x00020010, "UI", ts);
		final byte[] m = meta.bytes();
		final Bytes head = new Bytes(true);
		head.out.writeBytes(new byte[128]);
		head.out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
		head.element(0x00020000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(m.length).array());
		head.out.writeBytes(m);
		head.out.writeBytes(dataset);
		return head.bytes();
	}

	/** Three levels of undefined-length sequences, items of defined and undefined length, an undefined-length UN element. */
	private static byte[] nestedDataSet(final boolean explicit) {
		final Bytes inner = new Bytes(explicit); // the content of a defined-length item
		inner.text(0x00080100, "SH", "CODE1 ").text(0x00080104, "LO", "meaning");
		final byte[] innerItem = inner.bytes();
		final Bytes b = new Bytes(explicit);
		b.text(0x00080060, "CS", "MR");
		b.text(0x00100010, "PN", "Doe^Jane");
		b.sequenceStart(0x00400275, "SQ"); // level 1
		b.itemStart(0xFFFFFFFFL);
		b.text(0x00321060, "LO", "level 1");
		b.sequenceStart(0x00400008, "SQ"); // level 2
		b.itemStart(0xFFFFFFFFL);
		b.text(0x00080104, "LO", "level 2");
		b.sequenceStart(0x00080082, "SQ"); // level 3: one defined-length item, one undefined
		b.itemStart(innerItem.length);
		b.out.writeBytes(innerItem);
		b.itemStart(0xFFFFFFFFL).text(0x00080100, "SH", "CODE2 ").itemEnd();
		b.sequenceEnd();
		b.itemEnd();
		b.sequenceEnd();
		b.itemEnd();
		b.itemStart(0xFFFFFFFFL).itemEnd(); // an empty item
		b.sequenceEnd();
		// a private element of undefined length: UN holding an implicit VR little-endian sequence (PS3.5 §6.2.2)
		final Bytes un = new Bytes(false);
		un.itemStart(0xFFFFFFFFL).text(0x00080104, "LO", "in UN ").itemEnd();
		b.tag(0x00090010);
		if (explicit)
			b.out.writeBytes("LO".getBytes(StandardCharsets.US_ASCII));
		b.out.writeBytes(explicit ? new byte[] { 8, 0 } : new byte[] { 8, 0, 0, 0 });
		b.out.writeBytes("PRIVATE ".getBytes(StandardCharsets.US_ASCII));
		if (explicit) {
			b.tag(0x00091001).out.writeBytes("UN".getBytes(StandardCharsets.US_ASCII));
			b.u16(0).u32(0xFFFFFFFFL);
		} else {
			b.tag(0x00091001).u32(0xFFFFFFFFL);
		}
		b.out.writeBytes(un.bytes());
		b.sequenceEnd();
		b.text(0x00200013, "IS", "7 ");
		return b.bytes();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void nestedSequencesOfUndefinedLength(final boolean explicit, @TempDir final Path dir) throws IOException {
		final Path file = Files.write(dir.resolve("nested.dcm"), part10(explicit ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2", nestedDataSet(explicit)));
		final Attributes ds = DicomReader.read(file).dataset();
		assertEquals("MR", ds.string(Tag.Modality));
		assertEquals(7, ds.intValue(Tag.InstanceNumber, -1));
		final List<Attributes> l1 = ds.sequence(0x00400275);
		assertEquals(2, l1.size());
		assertEquals("level 1", l1.get(0).string(0x00321060));
		assertEquals(0, l1.get(1).size());
		final List<Attributes> l2 = l1.get(0).sequence(0x00400008);
		assertEquals(1, l2.size());
		assertEquals("level 2", l2.get(0).string(0x00080104));
		final List<Attributes> l3 = l2.get(0).sequence(0x00080082);
		assertEquals(2, l3.size());
		assertEquals("CODE1", l3.get(0).string(0x00080100));
		assertEquals("meaning", l3.get(0).string(0x00080104));
		assertEquals("CODE2", l3.get(1).string(0x00080100));
		final List<Attributes> un = ds.sequence(0x00091001);
		assertEquals(1, un.size());
		assertEquals("in UN", un.get(0).string(0x00080104));
		assertSameAsPydicom(ds, pydicomDump(file).get(file), false, true, file.toString());
	}

	@Test
	void brokenStructuresAreFormatErrors(@TempDir final Path dir) throws IOException {
		final byte[] good = part10("1.2.840.10008.1.2.1", nestedDataSet(true));
		// without the last sequence delimiter and the final element: truncated inside the UN sequence
		final Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(good, good.length - 18));
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> DicomReader.read(truncated));
		assertTrue(e.getMessage().contains("truncated.dcm"), e.getMessage());
		// an item length larger than the file
		final Bytes b = new Bytes(true);
		b.tag(0x00400275).out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
		b.u16(0).u32(0xFFFFFFFFL).itemStart(0x7FFFFFF0L);
		final Path huge = Files.write(dir.resolve("huge.dcm"), part10("1.2.840.10008.1.2.1", b.bytes()));
		final DicomFormatException h = assertThrows(DicomFormatException.class, () -> DicomReader.read(huge));
		assertTrue(h.getMessage().contains("huge.dcm") && h.getMessage().contains("exceeds"), h.getMessage());
		assertTrue(h.offset() > 0);
	}

	@Test
	void emptyAndNonDicomFiles(@TempDir final Path dir) throws IOException {
		final Path empty = Files.write(dir.resolve("empty.dcm"), new byte[0]);
		assertTrue(assertThrows(DicomFormatException.class, () -> DicomReader.read(empty)).getMessage().contains("empty.dcm"));
		final Path text = Files.writeString(dir.resolve("notes.txt"), "Hello, this is not DICOM at all.\n".repeat(10));
		assertTrue(assertThrows(DicomFormatException.class, () -> DicomReader.read(text)).getMessage().contains("notes.txt"));
	}

	/** pydicom's no_meta.dcm starts one byte off (pydicom reads one nonsense element from it): not DICOM. */
	@Test
	void fileOneByteOffIsNotDicom() throws IOException {
		final Path off = pydicomFile("no_meta.dcm");
		assertTrue(assertThrows(DicomFormatException.class, () -> DicomReader.read(off)).getMessage().contains("no_meta.dcm"));
	}
}
