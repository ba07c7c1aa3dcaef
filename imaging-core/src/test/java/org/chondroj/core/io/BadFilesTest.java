package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.chondroj.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files: each must give a {@link VolumeFormatException} (and no other exception) whose message starts with the
 * file name and says what is wrong.
 */
class BadFilesTest {

	@TempDir
	Path dir;

	/** Reads {@code f} through {@link VolumeFiles}; expects exactly a VolumeFormatException naming {@code named}. */
	private static VolumeFormatException assertBad(final Path f, final Path named, final String... fragments) {
		try {
			VolumeFiles.read(f);
		} catch (final VolumeFormatException e) {
			final String m = e.getMessage();
			assertTrue(m.startsWith(named + ": "), "message names the file: " + m);
			for (final String s : fragments)
				assertTrue(m.toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT)), "message '" + m + "' should say '" + s + "'");
			return e;
		} catch (final Throwable t) {
			throw new AssertionError("expected a VolumeFormatException for " + f + ", got " + t, t);
		}
		return fail("expected a VolumeFormatException for " + f + ", but it was read");
	}

	private static VolumeFormatException assertBad(final Path f, final String... fragments) {
		return assertBad(f, f, fragments);
	}

	/** A valid little-endian int16 NIfTI of 10×8×6 voxels. */
	private byte[] validNifti() throws IOException {
		final Path f = dir.resolve("valid.nii");
		Nifti.write(IoTesting.random("int16", IoTesting.oblique(), 3).withGeometry(IoTesting.oblique()), f);
		return Files.readAllBytes(f);
	}

	private Path write(final String name, final byte[] bytes) throws IOException {
		final Path f = dir.resolve(name);
		Files.write(f, bytes);
		return f;
	}

	private static byte[] gzip(final byte[] data) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(out)) {
			z.write(data);
		}
		return out.toByteArray();
	}

	private static byte[] withShort(final byte[] bytes, final int offset, final int value) {
		final byte[] copy = bytes.clone();
		ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
		return copy;
	}

	@Test
	void emptyFiles() throws IOException {
		for (final String name : new String[] { "e.nii", "e.nii.gz", "e.mha", "e.mhd", "e.nrrd", "e.nhdr" })
			assertBad(write(name, new byte[0]), "empty");
		assertBad(write("e2.nii.gz", gzip(new byte[0])), "empty");
	}

	@Test
	void truncatedNifti() throws IOException {
		final byte[] ok = validNifti();
		final int dataBytes = ok.length - 352;
		assertEquals(2 * 7 * 5 * 4, dataBytes);
		final VolumeFormatException headerOnly = assertBad(write("h.nii", Arrays.copyOf(ok, 352)), "truncated",
				"header says 140 voxels of 2 bytes", "file holds 0 bytes");
		assertEquals("truncated: header says 140 voxels of 2 bytes, file holds 0 bytes of voxel data", headerOnly.problem());
		assertBad(write("half.nii", Arrays.copyOf(ok, 352 + dataBytes / 2)), "truncated", "file holds 140 bytes");
		assertBad(write("short.nii", Arrays.copyOf(ok, 200)), "truncated", "too short for a NIfTI-1 header");
		// gzip: the compressed stream cut in half, and a complete gzip of the header only
		final byte[] z = gzip(ok);
		assertBad(write("cut.nii.gz", Arrays.copyOf(z, z.length / 2)), "truncated");
		assertBad(write("hdr.nii.gz", gzip(Arrays.copyOf(ok, 352))), "truncated", "file holds 0 bytes");
		assertBad(write("halfz.nii.gz", gzip(Arrays.copyOf(ok, 352 + 50))), "truncated", "file holds 50 bytes");
		// a corrupted CRC in the gzip trailer
		final byte[] crc = z.clone();
		crc[crc.length - 8] ^= 0x55;
		assertBad(write("crc.nii.gz", crc), "corrupt");
	}

	@Test
	void wrongMagicAndHeaderSize() throws IOException {
		final byte[] ok = validNifti();
		final byte[] magic = ok.clone();
		magic[345] = 'X';
		assertBad(write("magic.nii", magic), "magic", "n+1");
		final byte[] pair = ok.clone();
		pair[345] = 'i';
		pair[346] = '1';
		assertBad(write("pair.nii", pair), "two-file");
		final byte[] size = ok.clone();
		ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 349);
		assertBad(write("size.nii", size), "sizeof_hdr", "348");
		final byte[] text = "this is not an image at all, just some text that is long enough to fill a header ".repeat(10)
				.getBytes(StandardCharsets.US_ASCII);
		assertBad(write("text.nii", text), "sizeof_hdr");
		assertBad(write("text.nii.gz", text), "sizeof_hdr");
	}

	@Test
	void impossibleDimensions() throws IOException {
		final byte[] ok = validNifti();
		final byte[] huge = withShort(withShort(withShort(ok, 42, 30000), 44, 30000), 46, 30000);
		assertBad(write("huge.nii", huge), "too many voxels", "30000");
		assertBad(write("huge.nii.gz", gzip(huge)), "too many voxels");
		assertBad(write("zero.nii", withShort(ok, 44, 0)), "dim[2] is 0", "positive");
		assertBad(write("neg.nii", withShort(ok, 46, -5)), "dim[3] is -5");
		assertBad(write("rank.nii", withShort(ok, 40, 9)), "dim[0] is 9");
		// plausible sizes the file cannot hold: 2000×2000×500 uint8 = 2·10⁹ bytes claimed by a tiny gzip; must fail
		// without allocating the claimed size
		final byte[] big = withShort(withShort(withShort(withShort(withShort(ok, 42, 2000), 44, 2000), 46, 500), 70, 2), 72, 8);
		assertBad(write("big.nii", big), "truncated", "header says 2000000000 voxels of 1 bytes, file holds 280 bytes");
		// compressed, the claim is first held against the ceiling on decompressed data (refused before inflating) …
		assertBad(write("big.nii.gz", gzip(big)), "promises 2000000352 bytes", "after decompression, more than 512 MiB", DecompressionLimit.PROPERTY);
		// … and within it, against the data that really arrives
		final byte[] large = withShort(big, 46, 100);
		assertBad(write("large.nii.gz", gzip(large)), "truncated", "header says 400000000 voxels of 1 bytes, file holds 280 bytes");
		// 4-D with 5 volumes
		assertBad(write("4d.nii", withShort(withShort(ok, 40, 4), 48, 5)), "dim[4] = 5", "3-D");
		// vox_offset beyond the file, and inside the header
		final byte[] far = ok.clone();
		ByteBuffer.wrap(far).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 1e9f);
		assertBad(write("far.nii", far), "truncated");
		final byte[] inside = ok.clone();
		ByteBuffer.wrap(inside).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 100f);
		assertBad(write("inside.nii", inside), "vox_offset");
	}

	@Test
	void unsupportedDatatypes() throws IOException {
		final byte[] ok = validNifti();
		assertBad(write("c64.nii", withShort(withShort(ok, 70, 32), 72, 64)), "unsupported datatype 32", "complex64");
		assertBad(write("i64.nii", withShort(withShort(ok, 70, 1024), 72, 64)), "unsupported datatype 1024", "int64");
		assertBad(write("rgb.nii", withShort(withShort(ok, 70, 128), 72, 24)), "unsupported datatype 128");
		assertBad(write("bitpix.nii", withShort(ok, 72, 8)), "bitpix 8");
	}

	@Test
	void badNrrd() throws IOException {
		final String header = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nencoding: raw\n\n";
		final byte[] data = { 1, 2, 3, 4, 5, 6, 7, 8 };
		assertBad(write("nosizes.nrrd", concat(header.replace("sizes: 2 2 2\n", ""), data)), "no 'sizes' field");
		assertBad(write("trunc.nrrd", concat(header, Arrays.copyOf(data, 5))), "truncated", "8 voxels of 1 bytes", "holds 5 bytes");
		assertBad(write("magic.nrrd", concat(header.replace("NRRD0004", "NRRD9"), data)), "not a NRRD file");
		assertBad(write("bz.nrrd", concat(header.replace("raw", "bzip2"), data)), "unsupported encoding 'bzip2'");
		assertBad(write("type.nrrd", concat(header.replace("uchar", "complex"), data)), "unsupported type 'complex'");
		assertBad(write("endian.nrrd", concat(header.replace("uchar", "short"), data)), "no endian");
		assertBad(write("dim.nrrd", concat(header.replace("dimension: 3", "dimension: 4294967299"), data)), "dimension 4294967299");
		assertBad(write("huge.nrrd", concat(header.replace("2 2 2", "100000 100000 100000"), data)), "too many voxels");
		assertBad(write("four.nrrd", concat(header.replace("dimension: 3\nsizes: 2 2 2", "dimension: 4\nsizes: 2 2 2 2"), data)),
				"only a first or last axis of size 1");
		final byte[] z = gzip(data);
		assertBad(write("gz.nrrd", concat(header.replace("raw", "gzip"), Arrays.copyOf(z, z.length - 6))), "truncated");
		assertBad(write("gz5.nrrd", concat(header.replace("raw", "gzip"), gzip(Arrays.copyOf(data, 5)))), "truncated", "holds 5 bytes");
		final Path h = write("missing.nhdr", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: nowhere.raw\n"
				.getBytes(StandardCharsets.US_ASCII));
		assertBad(h, "data file 'nowhere.raw' does not exist");
		final Path shortData = write("short.nhdr", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: short.raw\n"
				.getBytes(StandardCharsets.US_ASCII));
		final Path raw = write("short.raw", new byte[3]);
		assertBad(shortData, raw, "truncated", "holds 3 bytes");
	}

	@Test
	void badMetaImage() throws IOException {
		final String header = "ObjectType = Image\nNDims = 3\nBinaryData = True\nDimSize = 2 2 2\nElementType = MET_UCHAR\n";
		assertBad(write("missing.mhd", (header + "ElementDataFile = gone.raw\n").getBytes(StandardCharsets.US_ASCII)),
				"ElementDataFile 'gone.raw' does not exist");
		assertBad(write("trunc.mha", concat(header + "ElementDataFile = LOCAL\n", new byte[7])), "truncated", "holds 7 bytes");
		assertBad(write("nodata.mha", header.getBytes(StandardCharsets.US_ASCII)), "no ElementDataFile");
		assertBad(write("type.mha", concat(header.replace("MET_UCHAR", "MET_LONG_LONG") + "ElementDataFile = LOCAL\n", new byte[64])),
				"unsupported ElementType MET_LONG_LONG");
		assertBad(write("ndims.mha", concat(header.replace("NDims = 3", "NDims = 4") + "ElementDataFile = LOCAL\n", new byte[8])),
				"NDims is 4");
		assertBad(write("dims.mha", concat(header.replace("2 2 2", "2 -2 2") + "ElementDataFile = LOCAL\n", new byte[8])), "positive");
		assertBad(write("huge.mha", concat(header.replace("2 2 2", "99999 99999 99999") + "ElementDataFile = LOCAL\n", new byte[8])),
				"too many voxels");
		assertBad(write("zsize.mha", concat(header + "CompressedData = True\nCompressedDataSize = 1000\nElementDataFile = LOCAL\n",
				new byte[10])), "CompressedDataSize is 1000");
		assertBad(write("zbad.mha", concat(header + "CompressedData = True\nElementDataFile = LOCAL\n", new byte[10])), "corrupt");
		assertBad(write("shear.mha", concat(header + "TransformMatrix = 1 0 0 0.5 1 0 0 0 1\nElementDataFile = LOCAL\n", new byte[8])),
				"invalid geometry");
		assertBad(write("binary.png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }), "supported: .nii");
	}

	/** Random damage to valid files: every outcome is a volume or a VolumeFormatException, never anything else. */
	@Test
	void randomDamageGivesOnlyVolumeFormatException() throws IOException {
		final byte[] nii = validNifti();
		final Path mhaPath = dir.resolve("valid.mha");
		MetaImage.write(IoTesting.random("float32", IoTesting.oblique(), 4), mhaPath, true);
		final byte[] mha = Files.readAllBytes(mhaPath);
		final byte[] nrrd = concat("NRRD0004\ntype: short\ndimension: 3\nsizes: 7 5 4\nspace: RAS\n"
				+ "space directions: (0.7,0,0) (0,0.3646,0) (0,0,0.3646)\nspace origin: (1,2,3)\nendian: little\nencoding: gzip\n\n",
				gzip(Arrays.copyOfRange(nii, 352, nii.length)));
		final Random r = new Random(20240601);
		int read = 0, rejected = 0;
		for (int trial = 0; trial < 600; trial++) {
			final String kind = trial % 3 == 0 ? "nii.gz" : trial % 3 == 1 ? "mha" : "nrrd";
			byte[] b = kind.equals("nii.gz") ? gzip(nii) : kind.equals("mha") ? mha : nrrd;
			b = b.clone();
			final int headerBytes = kind.equals("nii.gz") ? b.length : Math.min(b.length, 330);
			if (r.nextBoolean())
				b = Arrays.copyOf(b, r.nextInt(b.length));
			final int hits = 1 + r.nextInt(4);
			for (int h = 0; h < hits && b.length > 0; h++)
				b[r.nextInt(Math.min(b.length, headerBytes))] = (byte) r.nextInt(256);
			final Path f = write("damaged." + kind, b);
			try {
				final Volume<?> v = VolumeFiles.read(f);
				assertFalse(v.size() <= 0);
				read++;
			} catch (final VolumeFormatException e) {
				assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
				rejected++;
			} catch (final Throwable t) {
				throw new AssertionError("trial " + trial + " (" + kind + "): " + t, t);
			}
		}
		assertTrue(rejected > 100, "most damaged files are rejected: " + rejected + " rejected, " + read + " read");
	}

	/** Damage inside a plain NIfTI header, byte by byte: every header byte set to a few values. */
	@Test
	void everyNiftiHeaderByte() throws IOException {
		final byte[] nii = validNifti();
		for (int i = 0; i < 352; i++)
			for (final int value : new int[] { 0x00, 0xff, 0x7f, 0x80 }) {
				final byte[] b = nii.clone();
				b[i] = (byte) value;
				final Path f = write("byte.nii", b);
				try {
					VolumeFiles.read(f);
				} catch (final VolumeFormatException e) {
					assertTrue(e.getMessage().startsWith(f + ": "));
				} catch (final Throwable t) {
					throw new AssertionError("byte " + i + " = " + value + ": " + t, t);
				}
			}
	}

	private static byte[] concat(final String header, final byte[] data) {
		final byte[] h = header.getBytes(StandardCharsets.US_ASCII);
		final byte[] out = Arrays.copyOf(h, h.length + data.length);
		System.arraycopy(data, 0, out, h.length, data.length);
		return out;
	}
}
