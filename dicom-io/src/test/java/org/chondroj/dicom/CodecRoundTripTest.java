package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through independent encoders: native MR files compressed losslessly by dcmtk ({@code dcmcrle},
 * {@code dcmcjpeg}) and GDCM ({@code gdcmconv --j2k}, reversible by default), with and without a Basic Offset Table
 * and with frames split over several fragments, must decode to exactly the original's stored values.
 */
class CodecRoundTripTest {

	/** MR_small.dcm of Debian's python3-pydicom; skips the test if it is missing (fails with chondroj.interop). */
	private static Path mrSmall() {
		return DicomTesting.pydicomFile("MR_small.dcm");
	}

	/** Encoder command lines ({@code in} and {@code out} are appended) and what they exercise. */
	private static List<String[]> encoders() {
		final List<String[]> e = new ArrayList<>();
		e.add(new String[] { "dcmcrle" });
		e.add(new String[] { "dcmcrle", "-ot" });
		e.add(new String[] { "dcmcjpeg", "+e1" });
		e.add(new String[] { "dcmcjpeg", "+el" });
		e.add(new String[] { "dcmcjpeg", "+e1", "+fs", "1" });
		e.add(new String[] { "dcmcjpeg", "+e1", "+fs", "1", "-ot" });
		e.add(new String[] { "gdcmconv", "--j2k" });
		return e;
	}

	@Test
	void singleFrameSigned16BitMR(@TempDir final Path dir) throws IOException {
		roundTrips(mrSmall(), dir, 1);
	}

	@Test
	void multiFrame12BitEnhancedMR(@TempDir final Path dir) throws IOException {
		roundTrips(RealData.require("dicom/pydicom-data/emri_small.dcm"), dir, 10);
	}

	/** A 1024 × 1024 12-bit MR: also prints decode times (informative; measured properly with JMH, not here). */
	@Test
	void largeMRAndTimes(@TempDir final Path dir) throws IOException {
		roundTrips(RealData.require("dicom/pydicom-data/MR2_UNCR.dcm"), dir, 1);
	}

	private static void roundTrips(final Path source, final Path dir, final int frames) throws IOException {
		final PixelData original = PixelData.decode(DicomReader.read(source));
		assertEquals(frames, original.frames());
		int k = 0;
		for (final String[] enc : encoders()) {
			ExternalTools.requireCommand(enc[0]);
			final Path out = dir.resolve("enc" + k++ + ".dcm");
			final List<String> cmd = new ArrayList<>(List.of(enc));
			cmd.add(source.toString());
			cmd.add(out.toString());
			ExternalTools.command(cmd.toArray(new String[0]));
			final DicomFile file = DicomReader.read(out);
			final String what = String.join(" ", enc) + " (" + file.transferSyntax().uid() + ")";
			assertTrue(file.transferSyntax().encapsulated(), what);
			final List<byte[]> fragments = file.dataset().fragments(Tag.PixelData.number());
			decode(file); // warm-up: the first use of a decoder loads its classes
			final long t0 = System.nanoTime();
			final PixelData decoded = decode(file);
			final double ms = (System.nanoTime() - t0) / 1e6;
			assertArrayEquals(original.values(), decoded.values(), what);
			assertEquals(original.photometricInterpretation(), decoded.photometricInterpretation(), what);
			System.out.printf(Locale.ROOT, "%s: %s, %d fragment(s), offset table %d bytes, %d × %d × %d frames: decoded in %.1f ms%n",
					source.getFileName(), what, fragments.size() - 1, fragments.get(0).length, original.columns(), original.rows(), frames, ms);
		}
	}

	private static PixelData decode(final DicomFile file) throws IOException {
		return PixelData.decode(file);
	}

	/** dcmtk's own decoder agrees: dcmdjpeg of our JPEG lossless input gives the original's values (a check of the test). */
	@Test
	void dcmtkDecodesTheSameJpeg(@TempDir final Path dir) throws IOException {
		final Path mr = mrSmall();
		ExternalTools.requireCommand("dcmcjpeg");
		ExternalTools.requireCommand("dcmdjpeg");
		final Path jpeg = dir.resolve("j.dcm"), back = dir.resolve("back.dcm");
		ExternalTools.command("dcmcjpeg", "+e1", mr.toString(), jpeg.toString());
		ExternalTools.command("dcmdjpeg", jpeg.toString(), back.toString());
		assertTrue(Files.size(back) > 0);
		assertArrayEquals(PixelData.decode(DicomReader.read(back)).values(), PixelData.decode(DicomReader.read(jpeg)).values());
	}
}
