package org.chondroj.core.io;

import static org.chondroj.core.io.IoTesting.assertAffine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.PatientCoordinates;
import org.chondroj.core.Volume;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Real label maps and a template (see shared/data/README.md): OAI-AKOA manual labels (Woo et al., GitHub
 * wooboyeong/Anomaly-Aware-3D-Segmentation) and the CLAIR knee template (CartiMorph, CC BY-NC 4.0). Dimensions and
 * voxel sizes against the literal values the data set states, the whole affine against nibabel (1e-4 mm), per-label
 * counts against numpy's bincount (exact), and hand-picked voxels (found once with nibabel and scipy: deep inside
 * the femur, i.e. still label 1 after a 4-voxel erosion, and inside the femoral cartilage, label 2 after a 1-voxel
 * erosion) hard-coded here.
 */
class NiftiRealDataTest {

	/** file → {x, y, z, label, …}: voxels picked with nibabel (index order i, j, k as nibabel's array). */
	private static final Map<String, int[]> KNOWN = Map.ofEntries(
			Map.entry("9014797_00m.nii.gz", new int[] { 88, 221, 308, 1, 88, 289, 224, 2 }),
			Map.entry("9014797_72m.nii.gz", new int[] { 86, 238, 348, 1, 96, 212, 196, 2 }),
			Map.entry("9055361_00m.nii.gz", new int[] { 85, 236, 375, 1, 92, 261, 210, 2 }),
			Map.entry("9055361_96m.nii.gz", new int[] { 86, 182, 224, 1, 102, 209, 173, 2 }),
			Map.entry("9099363_00m.nii.gz", new int[] { 83, 214, 370, 1, 86, 268, 195, 2 }),
			Map.entry("9099363_96m.nii.gz", new int[] { 84, 241, 229, 1, 93, 228, 175, 2 }),
			Map.entry("9135902_00m.nii.gz", new int[] { 87, 181, 325, 1, 86, 243, 141, 2 }),
			Map.entry("9135902_96m.nii.gz", new int[] { 83, 222, 271, 1, 89, 270, 209, 2 }),
			Map.entry("9171097_00m.nii.gz", new int[] { 81, 230, 340, 1, 85, 240, 203, 2 }),
			Map.entry("9171097_96m.nii.gz", new int[] { 79, 256, 243, 1, 93, 171, 206, 2 }),
			Map.entry("9281187_00m.nii.gz", new int[] { 76, 212, 328, 1, 85, 271, 284, 2 }),
			Map.entry("9281187_48m.nii.gz", new int[] { 82, 190, 300, 1, 87, 194, 188, 2 }),
			Map.entry("CLAIR-Knee-103R_atlas_64x128x128.nii.gz", new int[] { 40, 106, 71, 6 }),
			Map.entry("CLAIR-Knee-103R_segmentation_64x128x128.nii.gz", new int[] { 33, 60, 78, 1, 37, 95, 61, 2 }));

	/** nibabel: per file, its RAS affine (16 numbers) and numpy's bincount (integer files) or sum (float). */
	private static final String NIBABEL = "import sys, nibabel as nib, numpy as np\n"
			+ "for f in sys.argv[1:]:\n"
			+ "    im = nib.load(f); d = np.asanyarray(im.dataobj)\n"
			+ "    s = ' '.join(str(int(x)) for x in np.bincount(d.ravel().astype(np.int64))) if d.dtype.kind in 'ui' else repr(float(d.astype(np.float64).sum()))\n"
			+ "    print(f + ';' + ' '.join(repr(float(x)) for x in im.affine.ravel()) + ';' + s)\n";

	@Test
	@Tag("slow")
	void oaiAkoaLabels() throws IOException {
		final Path folder = RealData.require("oai-akoa-labels");
		final List<Path> files = list(folder);
		assertEquals(12, files.size());
		check(files, new int[] { 160, 384, 384 }, new double[] { 0.7, 0.364583, 0.364583 }, "qform", UnsignedShortType.class);
	}

	@Test
	void clairKneeTemplate() throws IOException {
		final Path folder = RealData.require("clair-knee-template");
		final List<Path> files = list(folder);
		assertEquals(3, files.size());
		for (final Path f : files) {
			final Class<?> type = f.getFileName().toString().contains("_template_") ? FloatType.class : UnsignedByteType.class;
			check(List.of(f), new int[] { 64, 128, 128 }, new double[] { 1.4, 0.7292, 0.7292 }, "sform", type);
		}
	}

	private static List<Path> list(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")).sorted().collect(Collectors.toList());
		}
	}

	private static void check(final List<Path> files, final int[] dims, final double[] spacing, final String xform,
			final Class<?> type) throws IOException {
		ExternalTools.requirePython("numpy", "nibabel");
		final String[] args = files.stream().map(Path::toString).toArray(String[]::new);
		final Map<String, String[]> truth = new HashMap<>();
		for (final String line : ExternalTools.pythonCode(NIBABEL, args).trim().split("\n")) {
			final String[] parts = line.split(";");
			truth.put(parts[0], parts);
		}
		for (final Path f : files) {
			final String name = f.getFileName().toString();
			final long t0 = System.nanoTime();
			final Volume<?> v = Nifti.read(f);
			final long t1 = System.nanoTime();
			System.out.printf(Locale.ROOT, "read %s in %.0f ms%n", name, (t1 - t0) / 1e6);
			assertArrayEquals(dims, v.dimensions(), name);
			assertArrayEquals(spacing, v.geometry().spacing(), 1e-5, name + " spacing, mm");
			assertInstanceOf(type, v.type(), name);
			assertEquals(xform, v.metadata().get(Nifti.XFORM), name);
			final String[] t = truth.get(f.toString());
			assertAffine(PatientCoordinates.flipLpsRas(IoTesting.rowMajor(IoTesting.numbers(t[1]))), v.geometry().indexToPatientAffine(),
					1e-4, name + " affine vs nibabel");
			if (type == FloatType.class) {
				double sum = 0;
				for (final float x : (float[]) IoTesting.data(v))
					sum += x;
				assertEquals(Double.parseDouble(t[2]), sum, 1e-9 * Math.abs(sum), name + " sum vs numpy");
				assertEquals(0.20346987f, v.img().getAt(32, 64, 64).getRealFloat(), name);
				assertEquals(0.15344192f, v.img().getAt(20, 70, 50).getRealFloat(), name);
				continue;
			}
			final double[] expected = IoTesting.numbers(t[2]);
			final long[] counts = new long[expected.length + 1];
			for (final var x : v.img()) {
				final int label = (int) x.getRealDouble();
				counts[Math.min(label, expected.length)]++;
			}
			for (int l = 0; l < expected.length; l++)
				assertEquals((long) expected[l], counts[l], name + " voxels of label " + l + " vs numpy bincount");
			assertEquals(0, counts[expected.length], name + " labels above numpy's largest");
			final int[] known = KNOWN.get(name);
			for (int i = 0; i < known.length; i += 4)
				assertEquals(known[i + 3], (int) v.img().getAt(known[i], known[i + 1], known[i + 2]).getRealDouble(),
						name + " label of voxel (" + known[i] + ", " + known[i + 1] + ", " + known[i + 2] + ")");
		}
	}
}
