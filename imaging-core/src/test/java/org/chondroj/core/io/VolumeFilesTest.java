package org.chondroj.core.io;

import static org.chondroj.core.io.IoTesting.assertGeometry;
import static org.chondroj.core.io.IoTesting.assertSameVoxels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.chondroj.core.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch by name, cross-format agreement, and atomic writing. */
class VolumeFilesTest {

	@TempDir
	Path dir;

	/** The same volume through every writable format reads back identical; names are matched case-insensitively. */
	@Test
	void everyWritableFormatAgrees() throws IOException {
		final Volume<?> v = IoTesting.random("uint16", IoTesting.obliqueReflected(), 21);
		for (final String name : new String[] { "a.nii", "b.nii.gz", "c.mha", "d.mhd", "E.NII.GZ", "F.MHA" }) {
			final Path f = dir.resolve(name);
			VolumeFiles.write(v, f);
			final Volume<?> back = VolumeFiles.read(f);
			assertSameVoxels(v, back);
			assertGeometry(v.geometry(), back.geometry(), 1e-5);
		}
	}

	/** A NIfTI written by us and the NRRD header a user would write for the same (RAS) grid give the same geometry. */
	@Test
	void nrrdAndNiftiAgree() throws IOException {
		final Volume<?> v = IoTesting.random("int16", IoTesting.oblique(), 2);
		final Path nii = dir.resolve("v.nii");
		VolumeFiles.write(v, nii);
		final Path raw = dir.resolve("v.raw");
		Files.write(raw, java.util.Arrays.copyOfRange(Files.readAllBytes(nii), 352, (int) Files.size(nii)));
		final org.joml.Matrix4d ras = org.chondroj.core.PatientCoordinates.flipLpsRas(v.geometry().indexToPatientAffine());
		final StringBuilder dirs = new StringBuilder();
		for (int c = 0; c < 3; c++)
			dirs.append(String.format(java.util.Locale.ROOT, "(%.17g,%.17g,%.17g) ", ras.getRowColumn(0, c), ras.getRowColumn(1, c),
					ras.getRowColumn(2, c)));
		final Path nhdr = dir.resolve("v.nhdr");
		Files.writeString(nhdr, String.format(java.util.Locale.ROOT,
				"NRRD0005\ntype: int16\ndimension: 3\nspace: right-anterior-superior\nsizes: 7 5 4\nspace directions: %s\n"
						+ "space origin: (%.17g,%.17g,%.17g)\nendian: little\nencoding: raw\ndata file: v.raw\n",
				dirs.toString().trim(), ras.m30(), ras.m31(), ras.m32()), StandardCharsets.US_ASCII);
		final Volume<?> a = VolumeFiles.read(nii), b = VolumeFiles.read(nhdr);
		assertSameVoxels(a, b);
		assertGeometry(v.geometry(), b.geometry(), 1e-9);
		assertGeometry(a.geometry(), b.geometry(), 1e-5);
	}

	@Test
	void unknownEndings() throws IOException {
		final Path f = dir.resolve("x.tif");
		Files.write(f, new byte[10]);
		final VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> VolumeFiles.read(f));
		assertEquals(f + ": unknown volume file type; supported: .nii, .nii.gz, .mha, .mhd, .nrrd, .nhdr", e.getMessage());
		final VolumeFormatException w = assertThrows(VolumeFormatException.class,
				() -> VolumeFiles.write(IoTesting.random("uint8", IoTesting.oblique(), 1), dir.resolve("x.nrrd")));
		assertTrue(w.getMessage().contains("supported: .nii, .nii.gz, .mha, .mhd"), w.getMessage());
	}

	/** A failing writer leaves the old target untouched and no temporary file behind. */
	@Test
	void atomicWriteFailureLeavesTargetAndNoTemp() throws IOException {
		final Path target = dir.resolve("t.bin");
		Files.write(target, new byte[] { 1, 2, 3 });
		final IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
			out.write(new byte[100_000]);
			throw new IOException("disk full (simulated)");
		}));
		assertEquals(target + ": disk full (simulated)", e.getMessage(), "the failure names the target, not the temporary file");
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(target));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(1, s.count(), "only the target remains");
		}
		AtomicFiles.write(target, out -> out.write(new byte[] { 4, 5 }));
		assertArrayEquals(new byte[] { 4, 5 }, Files.readAllBytes(target));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(1, s.count());
		}
	}
}
