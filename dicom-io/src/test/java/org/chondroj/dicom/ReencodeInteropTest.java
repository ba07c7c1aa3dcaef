package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * A series written by {@link MRSeriesWriter}, re-encoded by dcmtk (RLE, JPEG lossless SV1) and GDCM (JPEG 2000
 * lossless), read by our reader: every attribute of the data set survives, and the decoded pixels equal the
 * original voxels exactly (lossless).
 */
class ReencodeInteropTest {

	private static final int NX = 64, NY = 48, NZ = 3;

	/** Smooth structure plus noise over the full 16-bit range (0 and 65535 included), so codecs see real work. */
	private static Volume<UnsignedShortType> volume() {
		final short[] v = new short[NX * NY * NZ];
		final SplittableRandom r = new SplittableRandom(11);
		for (int z = 0; z < NZ; z++)
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < NX; x++) {
					final double s = 30000 + 25000 * Math.sin(x / 7.0) * Math.cos(y / 5.0 + z) + r.nextInt(2000);
					v[x + NX * (y + NY * z)] = (short) Math.max(0, Math.min(65535, (int) s));
				}
		v[0] = 0;
		v[1] = (short) 65535;
		v[NX * NY] = (short) 65535;
		return Volumes.wrapUnsignedShorts(v, new int[] { NX, NY, NZ }, MRSeriesWriterTest.obliqueGeometry())
				.withMetadata(MRSeriesWriterTest.leftKnee(1).metadata());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "dcmcrle, 1.2.840.10008.1.2.5", "dcmcjpeg +e1, 1.2.840.10008.1.2.4.70", "gdcmconv --j2k, 1.2.840.10008.1.2.4.90" })
	void reencodedSeriesReadsBack(final String tool, final String expectedSyntax, @TempDir final Path dir) throws IOException {
		final String[] command = tool.split(" ");
		ExternalTools.requireCommand(command[0]);
		final Volume<UnsignedShortType> vol = volume();
		final List<Path> originals = MRSeriesWriter.write(vol, MRSeriesWriterTest.description("reencode"), dir.resolve("original"));
		final Path out = Files.createDirectories(dir.resolve("reencoded"));
		final short[] voxels = Volumes.shortData(vol);
		final List<String> pixelFailures = new ArrayList<>();
		for (int k = 0; k < NZ; k++) {
			final Path original = originals.get(k), encoded = out.resolve(original.getFileName());
			final List<String> cmd = new ArrayList<>(List.of(command));
			cmd.add(original.toString());
			cmd.add(encoded.toString());
			ExternalTools.command(cmd.toArray(new String[0]));
			final DicomFile f = DicomReader.read(encoded);
			assertEquals(expectedSyntax, f.transferSyntax().uid(), encoded.toString());
			final Attributes before = DicomReader.read(original).dataset(), after = f.dataset();
			// every attribute survives, byte for byte (the pixel data is compared decoded)
			for (final int tag : before.tags()) {
				if (tag == Tag.PixelData.number())
					continue;
				assertNotNull(after.vr(tag), tool + " dropped " + Tag.describe(tag));
				assertArrayEquals(before.bytes(tag), after.bytes(tag), tool + " changed " + Tag.describe(tag));
			}
			assertNotNull(after.fragments(Tag.PixelData.number()), "encapsulated pixel data");
			final int[] expected = new int[NX * NY];
			for (int i = 0; i < expected.length; i++)
				expected[i] = voxels[k * NX * NY + i] & 0xFFFF;
			try {
				assertArrayEquals(expected, PixelData.decode(f).values(), tool + ": decoded pixels of slice " + k);
			} catch (final UnsupportedTransferSyntaxException e) {
				pixelFailures.add(e.getMessage());
			}
		}
		// not weakened: a syntax we cannot decode yet is a failure, reported after the attribute checks have run
		assertEquals(List.of(), pixelFailures, tool + ": pixels not decoded (the codec for " + expectedSyntax + " is missing)");
	}
}
