package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume files from anywhere: data files confined to the header's folder (issue 24's {@code .mhd} that names
 * {@code /etc/passwd}), names that are no paths, and compressed data held to the {@link DecompressionLimit}.
 */
class UntrustedVolumeFilesTest {

	@TempDir
	Path dir;

	@AfterEach
	void resetLimit() {
		DecompressionLimit.set(0);
	}

	private Path header(final String relative, final String dataFile) throws IOException {
		final Path f = dir.resolve(relative);
		Files.createDirectories(f.getParent());
		Files.writeString(f, "ObjectType = Image\nNDims = 3\nDimSize = 7 5 4\nElementType = MET_SHORT\nElementDataFile = " + dataFile + "\n",
				StandardCharsets.ISO_8859_1);
		return f;
	}

	private VolumeFormatException refused(final Path f, final VolumeFiles.Options options, final String... fragments) {
		return refused(f, f, options, fragments);
	}

	/** Refused with a message that starts with {@code named} (the header, or the data file when its data is at fault). */
	private VolumeFormatException refused(final Path f, final Path named, final VolumeFiles.Options options, final String... fragments) {
		final VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> VolumeFiles.read(f, options));
		assertTrue(e.getMessage().startsWith(named + ": "), e.getMessage());
		for (final String s : fragments)
			assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should say '" + s + "'");
		return e;
	}

	@Test
	void dataFilesOutsideTheHeadersFolderAreRefusedUnlessAllowed() throws IOException {
		final Volume<?> v = IoTesting.random("int16", IoTesting.oblique(), 1);
		MetaImage.write(v, dir.resolve("data.mhd")); // data.raw next to it
		final Path up = header("headers/up.mhd", "../data.raw");
		refused(up, VolumeFiles.Options.defaults(), "ElementDataFile '../data.raw'", "outside the header's folder", "allowDataFilesOutsideFolder");
		final Path absolute = header("headers/absolute.mhd", dir.resolve("data.raw").toString());
		refused(absolute, VolumeFiles.Options.defaults(), "outside the header's folder");
		final Path sneaky = header("headers/sneaky.mhd", "sub/../../data.raw");
		refused(sneaky, VolumeFiles.Options.defaults(), "outside the header's folder");
		// the caller may allow them
		final VolumeFiles.Options trusted = VolumeFiles.Options.defaults().allowDataFilesOutsideFolder(true);
		assertEquals(v.size(), VolumeFiles.read(up, trusted).size());
		assertEquals(v.size(), VolumeFiles.read(absolute, trusted).size());
		// below the header's folder is inside it
		Files.createDirectories(dir.resolve("data"));
		Files.copy(dir.resolve("data.raw"), dir.resolve("data/below.raw"));
		assertEquals(v.size(), VolumeFiles.read(header("below.mhd", "data/below.raw")).size());
	}

	@Test
	void nrrdDataFilesAreConfinedToo() throws IOException {
		Files.write(dir.resolve("voxels.raw"), new byte[7 * 5 * 4]);
		final String head = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 7 5 4\nencoding: raw\ndata file: ";
		final Path sub = Files.createDirectories(dir.resolve("sub"));
		final Path up = Files.writeString(sub.resolve("up.nhdr"), head + "../voxels.raw\n", StandardCharsets.ISO_8859_1);
		refused(up, VolumeFiles.Options.defaults(), "data file '../voxels.raw'", "outside the header's folder");
		assertEquals(140, VolumeFiles.read(up, VolumeFiles.Options.defaults().allowDataFilesOutsideFolder(true)).size());
	}

	/** A NUL (or any control character) in a data-file name is refused typed, even when outside files are allowed. */
	@Test
	void namesThatAreNoPathsAreRefused() throws IOException {
		final Path mhd = header("nul.mhd", "a\0b.raw");
		refused(mhd, VolumeFiles.Options.defaults().allowDataFilesOutsideFolder(true), "'a\\x00b.raw' is not a file name");
		final Path nrrd = Files.writeString(dir.resolve("nul.nhdr"), "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 7 5 4\nencoding: raw\ndata file: x\0y\n",
				StandardCharsets.ISO_8859_1);
		refused(nrrd, VolumeFiles.Options.defaults(), "data file 'x\\x00y' is not a file name");
	}

	/** Compressed data promising more than the ceiling is refused before anything is inflated; below it, it is read. */
	@Test
	void compressedDataIsHeldToTheCeiling() throws IOException {
		final Volume<?> v = Volumes.wrapUnsignedBytes(new byte[64 * 64 * 64], new int[] { 64, 64, 64 }, VoxelGeometry.axisAligned(1, 1, 1));
		final Path nii = dir.resolve("zeros.nii.gz"), mhd = dir.resolve("zeros.mhd");
		Nifti.write(v, nii);
		MetaImage.write(v, mhd, true);
		final Path nrrd = dir.resolve("zeros.nrrd");
		final ByteArrayOutputStream z = new ByteArrayOutputStream();
		try (GZIPOutputStream g = new GZIPOutputStream(z)) {
			g.write(new byte[64 * 64 * 64]);
		}
		Files.write(nrrd, concat("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 64 64 64\nencoding: gzip\n\n".getBytes(StandardCharsets.US_ASCII), z.toByteArray()));
		DecompressionLimit.set(100_000); // 262 144 voxels of 1 byte promised
		refused(nii, VolumeFiles.Options.defaults(), "promises 262496 bytes", "more than 100000 bytes", DecompressionLimit.PROPERTY);
		refused(mhd, dir.resolve("zeros.zraw"), VolumeFiles.Options.defaults(), "promises 262144 bytes", DecompressionLimit.PROPERTY);
		refused(nrrd, VolumeFiles.Options.defaults(), "promises 262144 bytes", DecompressionLimit.PROPERTY);
		DecompressionLimit.set(0);
		for (final Path f : new Path[] { nii, mhd, nrrd })
			assertEquals(262_144, VolumeFiles.read(f).size());
	}

	@Test
	void theCeilingIsConfigurable() {
		assertEquals(DecompressionLimit.DEFAULT_BYTES, DecompressionLimit.maxBytes());
		assertEquals(64L << 10, DecompressionLimit.parse("64k"));
		assertEquals(2L << 30, DecompressionLimit.parse(" 2G "));
		assertEquals(12345, DecompressionLimit.parse("12345"));
		assertEquals(-1, DecompressionLimit.parse("lots"));
		assertEquals(-1, DecompressionLimit.parse("-5"));
		DecompressionLimit.set(1 << 20);
		assertEquals(1 << 20, DecompressionLimit.maxBytes());
		assertTrue(DecompressionLimit.describe().startsWith("1 MiB"), DecompressionLimit.describe());
	}

	private static byte[] concat(final byte[] a, final byte[] b) {
		final byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}
