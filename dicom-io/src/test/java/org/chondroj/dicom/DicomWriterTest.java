package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DicomWriter} and {@link Uids}: the bytes of the Part 10 structure, re-reading by our reader, pydicom and dcmdump. */
class DicomWriterTest {

	private static Attributes minimal() {
		final Attributes ds = new Attributes(false);
		ds.setString(Tag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7");
		ds.setString(Tag.SOPInstanceUID, Uids.fromName("writer test"));
		ds.setString(Tag.Modality, "OT");
		return ds;
	}

	private static Attributes item(final Attributes parent, final String text) {
		return parent.newItem().setString(Tag.ImageComments.number(), VR.LT, text);
	}

	/** A data set with sequences nested three deep, odd-length values of several VRs, a private OB. */
	private static Attributes nested() {
		final Attributes ds = minimal();
		ds.setString(Tag.PatientName, "Doe^Jo"); // even
		ds.setString(Tag.PatientID, "abc"); // odd text: space
		ds.setBytes(0x00091010, VR.LO, "PRIVATE".getBytes(StandardCharsets.US_ASCII));
		ds.setBytes(0x00091011, VR.OB, new byte[] { 1, 2, 3 }); // odd binary: NUL
		ds.setDoubles(Tag.Rows, 7);
		ds.setDoubles(Tag.EffectiveEchoTime, 1.5, -2.25);
		final Attributes level3a = item(ds, "level 3a"), level3b = item(ds, "level 3b odd");
		final Attributes level2 = item(ds, "level 2").setSequence(Tag.MREchoSequence, List.of(level3a, level3b));
		final Attributes level1 = item(ds, "level 1").setSequence(Tag.MRModifierSequence, List.of(level2));
		ds.setSequence(Tag.SharedFunctionalGroupsSequence, List.of(level1, ds.newItem()));
		ds.setSequence(Tag.PerFrameFunctionalGroupsSequence, List.of());
		return ds;
	}

	@Test
	void part10Structure(@TempDir final Path dir) throws IOException {
		final Path file = dir.resolve("a.dcm");
		DicomWriter.write(file, minimal());
		final byte[] b = Files.readAllBytes(file);
		for (int i = 0; i < 128; i++)
			assertEquals(0, b[i], "preamble byte " + i);
		assertEquals("DICM", new String(b, 128, 4, StandardCharsets.US_ASCII));
		// (0002,0000) UL 4 <group length>, then the group: its length is exactly the bytes up to the first non-0002 tag
		assertArrayEquals(new byte[] { 2, 0, 0, 0, 'U', 'L', 4, 0 }, Arrays.copyOfRange(b, 132, 140));
		final int groupLength = ByteBuffer.wrap(b, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		final int datasetStart = 144 + groupLength;
		assertEquals(8, b[datasetStart] | b[datasetStart + 1] << 8, "the data set starts with group 0008");
		for (int at = 144; at < datasetStart;) { // walk the meta group: explicit VR little endian, group 0002 only
			assertEquals(2, b[at] | b[at + 1] << 8);
			final String vr = new String(b, at + 4, 2, StandardCharsets.US_ASCII);
			at += vr.equals("OB") ? 12 + ByteBuffer.wrap(b, at + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
					: 8 + (b[at + 6] & 0xFF | (b[at + 7] & 0xFF) << 8);
			assertTrue(at <= datasetStart);
		}
		final DicomFile f = DicomReader.read(file);
		final Attributes meta = f.meta();
		assertEquals(List.of(0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013), new ArrayList<>(meta.tags()));
		assertArrayEquals(new byte[] { 0, 1 }, meta.bytes(Tag.FileMetaInformationVersion));
		assertEquals("1.2.840.10008.5.1.4.1.1.7", meta.string(Tag.MediaStorageSOPClassUID));
		assertEquals(Uids.fromName("writer test"), meta.string(Tag.MediaStorageSOPInstanceUID));
		assertEquals("1.2.840.10008.1.2.1", meta.string(Tag.TransferSyntaxUID));
		assertEquals(Uids.IMPLEMENTATION_CLASS_UID, meta.string(Tag.ImplementationClassUID));
		assertTrue(Uids.IMPLEMENTATION_CLASS_UID.startsWith(Uids.CHONDROJ_ROOT + "."));
		assertEquals("CHONDROJ_0.1", meta.string(Tag.ImplementationVersionName));
		for (final int tag : meta.tags())
			assertEquals(0, meta.bytes(tag).length & 1, Tag.describe(tag) + " has even length");
		assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
		assertEquals(3, f.dataset().size());
	}

	@Test
	void paddingSequencesAndOrder(@TempDir final Path dir) throws IOException {
		final Path file = dir.resolve("nested.dcm");
		DicomWriter.write(file, nested());
		final Attributes ds = DicomReader.read(file).dataset();
		assertArrayEquals("abc ".getBytes(StandardCharsets.US_ASCII), ds.bytes(Tag.PatientID), "text padded with a space");
		assertArrayEquals(new byte[] { 1, 2, 3, 0 }, ds.bytes(0x00091011), "binary padded with NUL");
		final byte[] uid = ds.bytes(Tag.SOPInstanceUID);
		if ((Uids.fromName("writer test").length() & 1) == 1)
			assertEquals(0, uid[uid.length - 1], "UI padded with NUL");
		assertEquals(Uids.fromName("writer test"), ds.string(Tag.SOPInstanceUID));
		assertArrayEquals(new double[] { 1.5, -2.25 }, ds.doubles(Tag.EffectiveEchoTime), 0);
		final List<Attributes> l1 = ds.sequence(Tag.SharedFunctionalGroupsSequence);
		assertEquals(2, l1.size());
		assertEquals("level 1", l1.get(0).string(Tag.ImageComments));
		assertEquals(0, l1.get(1).size());
		final List<Attributes> l3 = l1.get(0).sequence(Tag.MRModifierSequence).get(0).sequence(Tag.MREchoSequence);
		assertEquals("level 3a", l3.get(0).string(Tag.ImageComments));
		assertEquals("level 3b odd", l3.get(1).string(Tag.ImageComments));
		assertEquals(0, ds.sequence(Tag.PerFrameFunctionalGroupsSequence).size());
		assertEquals(VR.SQ, ds.vr(Tag.PerFrameFunctionalGroupsSequence.number()));
		// defined lengths only: no item or sequence delimiters, no undefined length anywhere
		final byte[] b = Files.readAllBytes(file);
		for (int i = 132; i + 4 <= b.length; i++) {
			assertFalse(b[i] == (byte) 0xFE && b[i + 1] == (byte) 0xFF && (b[i + 2] == (byte) 0x0D || b[i + 2] == (byte) 0xDD) && b[i + 3] == (byte) 0xE0,
					"delimiter at " + i);
			assertFalse(b[i] == -1 && b[i + 1] == -1 && b[i + 2] == -1 && b[i + 3] == -1, "undefined length at " + i);
		}
		// ascending tag order at the top level, as our reader and pydicom see it
		final List<Integer> tags = new ArrayList<>(ds.tags());
		final List<Integer> sorted = new ArrayList<>(tags);
		sorted.sort(Integer::compareUnsigned);
		assertEquals(sorted, tags);
		DicomTesting.assertSameAsPydicom(ds, DicomTesting.pydicomDump(file).get(file), true, true, file.toString());
		assertDcmdumpClean(file);
	}

	static void assertDcmdumpClean(final Path file) throws IOException {
		ExternalTools.requireCommand("dcmdump");
		final ExternalTools.Result r = ExternalTools.run(List.of("dcmdump", "+E", file.toString()), 60);
		assertEquals(0, r.exitCode, r.output);
		for (final String line : r.output.split("\n"))
			assertFalse(line.startsWith("W:") || line.startsWith("E:") || line.startsWith("F:"), file + ": " + line);
	}

	/** Big-endian input is written little-endian: every value and pixel the same. */
	@Test
	void rewritesBigEndianAsLittleEndian(@TempDir final Path dir) throws IOException {
		final DicomFile big = DicomReader.read(DicomTesting.pydicomFile("MR_small_bigendian.dcm"));
		assertTrue(big.dataset().bigEndian());
		final Path file = dir.resolve("le.dcm");
		DicomWriter.write(file, big.dataset());
		final DicomFile le = DicomReader.read(file);
		assertFalse(le.dataset().bigEndian());
		for (final int tag : big.dataset().tags()) {
			if ((tag & 0xFFFF) == 0)
				continue;
			final VR vr = big.dataset().vr(tag);
			assertEquals(vr, le.dataset().vr(tag), Tag.describe(tag));
			if (vr != VR.SQ && vr != VR.OB && vr != VR.OW && vr != VR.UN) {
				assertArrayEquals(big.dataset().strings(tag), le.dataset().strings(tag), Tag.describe(tag));
				assertArrayEquals(big.dataset().doubles(tag), le.dataset().doubles(tag), 0, Tag.describe(tag));
			}
		}
		assertArrayEquals(PixelData.decode(big).values(), PixelData.decode(le).values());
		assertArrayEquals(PixelData.decode(DicomReader.read(DicomTesting.pydicomFile("MR_small.dcm"))).values(),
				PixelData.decode(le).values());
		assertDcmdumpClean(file);
	}

	/** The GE knee file read and rewritten: every element (private ones included) byte for byte, pydicom agrees. */
	@Test
	void roundTripOfARealFile(@TempDir final Path dir) throws IOException {
		final Path ge = RealData.require("dicom/ge-knee-dess-echo1/IM-0001-0001-0001.dcm");
		final Attributes original = DicomReader.read(ge).dataset();
		final Path file = dir.resolve("ge.dcm");
		DicomWriter.write(file, original);
		final Attributes copy = DicomReader.read(file).dataset();
		assertSameElements(original, copy, "");
		DicomTesting.assertSameAsPydicom(copy, DicomTesting.pydicomDump(file).get(file), true, true, file.toString());
		assertDcmdumpClean(file);
	}

	private static void assertSameElements(final Attributes a, final Attributes b, final String where) {
		final Set<Integer> expected = new HashSet<>();
		for (final int tag : a.tags())
			if ((tag & 0xFFFF) != 0)
				expected.add(tag);
		assertEquals(expected, new HashSet<>(b.tags()), where);
		for (final int tag : expected) {
			final String w = where + Tag.toString(tag);
			assertEquals(a.vr(tag), b.vr(tag), w);
			if (a.vr(tag) == VR.SQ) {
				assertEquals(a.sequence(tag).size(), b.sequence(tag).size(), w);
				for (int i = 0; i < a.sequence(tag).size(); i++)
					assertSameElements(a.sequence(tag).get(i), b.sequence(tag).get(i), w + "[" + i + "].");
			} else {
				final byte[] x = a.bytes(tag), y = b.bytes(tag);
				final byte[] padded = (x.length & 1) == 1 ? Arrays.copyOf(x, x.length + 1) : x;
				if ((x.length & 1) == 1)
					padded[x.length] = y[y.length - 1];
				assertArrayEquals(padded, y, w);
			}
		}
	}

	@Test
	void encapsulatedPixelData(@TempDir final Path dir) throws IOException {
		final Attributes ds = minimal();
		ds.setFragments(Tag.PixelData.number(), VR.OB, List.of(new byte[0], new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }));
		final Path file = dir.resolve("rle.dcm");
		DicomWriter.write(file, ds, TransferSyntax.RLE_LOSSLESS);
		final DicomFile f = DicomReader.read(file);
		assertEquals(TransferSyntax.RLE_LOSSLESS, f.transferSyntax());
		final List<byte[]> fragments = f.dataset().fragments(Tag.PixelData.number());
		assertEquals(3, fragments.size());
		assertArrayEquals(new byte[0], fragments.get(0));
		assertArrayEquals(new byte[] { 1, 2, 3, 0 }, fragments.get(1));
		assertArrayEquals(new byte[] { 4, 5 }, fragments.get(2));
		assertEquals(VR.OB, f.dataset().vr(Tag.PixelData.number()));
		// fragments need an encapsulated syntax, native pixel data a native one; nothing is written then
		final Path bad = dir.resolve("bad.dcm");
		assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(bad, ds));
		final Attributes nativePixels = minimal().setBytes(Tag.PixelData.number(), VR.OW, new byte[4]);
		assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(bad, nativePixels, TransferSyntax.JPEG_LOSSLESS_SV1));
		assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(bad, nativePixels, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
		assertFalse(Files.exists(bad));
	}

	@Test
	void refusesDataSetsWithoutSopUidsAndLeavesNoFile(@TempDir final Path dir) throws IOException {
		final Attributes ds = minimal();
		ds.remove(Tag.SOPInstanceUID.number());
		final Path file = dir.resolve("no-uid.dcm");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DicomWriter.write(file, ds));
		assertTrue(e.getMessage().contains("no-uid.dcm") && e.getMessage().contains("SOPInstanceUID"), e.getMessage());
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(0, s.count(), "no file, no temporary file");
		}
	}

	/** A value too long for a 16-bit length field is written as UN (PS3.5 §6.2.2). */
	@Test
	void longShortVRValuesBecomeUN(@TempDir final Path dir) throws IOException {
		final Attributes ds = minimal();
		final byte[] big = new byte[70000];
		Arrays.fill(big, (byte) 'x');
		ds.setBytes(Tag.StudyDescription.number(), VR.LO, big);
		final Path file = dir.resolve("long.dcm");
		DicomWriter.write(file, ds);
		final Attributes back = DicomReader.read(file).dataset();
		assertEquals(VR.UN, back.vr(Tag.StudyDescription.number()));
		assertArrayEquals(big, back.bytes(Tag.StudyDescription));
	}

	/* ---- Uids ---- */

	@Test
	void uidsAreValidAndUnique() {
		final Set<String> seen = new HashSet<>();
		for (int i = 0; i < 2000; i++) {
			final String u = Uids.random();
			assertTrue(Uids.isValid(u) && u.startsWith("2.25.") && u.length() <= 44, u);
			assertTrue(seen.add(u));
		}
		assertEquals(Uids.fromName("a"), Uids.fromName("a"));
		assertFalse(Uids.fromName("a").equals(Uids.fromName("b")));
		assertTrue(Uids.isValid(Uids.IMPLEMENTATION_CLASS_UID));
		assertEquals("2.25.0", Uids.fromUuid(new UUID(0, 0)));
		assertEquals("2.25.340282366920938463463374607431768211455", Uids.fromUuid(new UUID(-1, -1)));
		for (final String ok : new String[] { "1.2.840.10008.1.2", "0.0", "2.25.10" })
			assertTrue(Uids.isValid(ok), ok);
		for (final String bad : new String[] { "", "1..2", "1.2.", ".1", "1.02", "1.2a", "1.2.3 ", "1".repeat(65), null })
			assertFalse(Uids.isValid(bad), bad);
	}

	/** The name-based UUIDs are RFC 4122 version 5 UUIDs: Python's uuid.uuid5 computes the same. */
	@Test
	void nameUuidsAgreeWithPython() throws IOException {
		ExternalTools.requirePython("uuid");
		final String out = ExternalTools.pythonCode(String.join("\n", "import sys, uuid",
				"ns = uuid.uuid5(uuid.NAMESPACE_DNS, 'chondroj.org')", "print(ns)",
				"for n in sys.argv[1:]: print(uuid.uuid5(ns, n).int)"), "phantom 42/study", "Müller", "");
		final String[] lines = out.trim().split("\n");
		assertEquals(Uids.NAMESPACE.toString(), lines[0]);
		assertEquals("2.25." + lines[1], Uids.fromName("phantom 42/study"));
		assertEquals("2.25." + lines[2], Uids.fromName("Müller"));
		assertEquals("2.25." + lines[3], Uids.fromName(""));
	}
}
