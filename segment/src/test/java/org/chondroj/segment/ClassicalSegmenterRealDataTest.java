package org.chondroj.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.Segmentation;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.report.Overlays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classical segmenter on the real GE DESS first echo of {@code ../shared/data} (a right knee, 512 × 512 × 80 at
 * 0.3125 × 0.3125 × 1.5 mm, no labels exist; skipped without {@code -Dchondroj.realdata}). On this echo the fat is
 * fully suppressed: marrow, fat, cortex and air are one dark level, so the bones come from the second, dark-marrow
 * pass of {@link BoneSegmentation}. What can be checked without labels: segmentation completes and says so in its
 * QC, the bones have anatomical volumes (femur and tibia within the 120 mm slab, a patella), the side comes out right,
 * there is cartilage on every bone, and it lies on articular surfaces (issue 21's figures: little tibial cartilage far
 * below the top of the tibia, little patellar cartilage in front of the patella, a tibial VC of a real knee, each
 * cartilage in few pieces). The overlay is written to {@code target/ge-dess-overlay.png} for a person to
 * look at (the closing note of the segmentation issue describes it).
 * <p>
 * And on the CLAIR-Knee-103R template (CartiMorph, Yao et al.; the mean of 103 OAI DESS knees, a right knee, 64 × 128
 * × 128 at 1.4 × 0.729 × 0.729 mm), a masked image: everything but bone and cartilage is one low level. Its own
 * segmentation is the truth: Dice per structure (guards below the values measured, 1 − Dice at most about twice the
 * measured: femur 0.978, tibia 0.962, femoral cartilage 0.986, tibial cartilage 0.950) and the side the analysis finds,
 * against that of its label map.
 */
class ClassicalSegmenterRealDataTest {

	@Test
	@Tag("slow")
	void geDessSegmentsAsARightKnee() throws IOException {
		final Path series = RealData.require("dicom/ge-knee-dess-echo1");
		final Segmentation s = new ClassicalSegmenter().segment(DicomVolumes.read(DicomScanner.scan(series).allSeries().get(0)), null);
		s.qc().forEach(System.out::println);
		assertTrue(s.qc().stream().anyMatch(q -> q.contains("marrow is as dark as air")), "the QC says the bones come from the dark-marrow pass");
		// flags a reader acts on: the contrast (bone outline a guess) and the off-articular tissue rejected from the tibial and
		// patellar cartilage (3.1 and 1.4 cm³, 80 % and 44 % of what is kept; femoral 1.7 cm³, 15 %)
		s.flags().forEach(f -> System.out.println("flag: " + f));
		assertTrue(s.flags().stream().anyMatch(f -> f.kind() == QcFlag.Kind.CONTRAST_NOT_VALIDATED), s.flags().toString());
		for (final String c : List.of("tibial_cartilage", "patellar_cartilage"))
			assertTrue(s.flags().stream().anyMatch(f -> f.kind() == QcFlag.Kind.OFF_ARTICULAR_REJECTED && f.subject().equals(c)), c + ": " + s.flags());
		final IntensityModel.LowBand low = IntensityModel.lowBand(Volumes.floatValues(s.image()));
		System.out.println("lowest level: " + low);
		assertFalse(low.masked(), "the noisy air of a real DESS is no masked background: " + low);
		final byte[] l = Volumes.byteData(s.labels());
		final double voxel = s.labels().geometry().voxelVolume() / 1000;
		final double[] cm3 = new double[10];
		for (final byte b : l)
			cm3[b] += voxel;
		System.out.printf(Locale.ROOT, "GE DESS: femur %.1f, tibia %.1f, patella %.1f cm³; cartilage femoral %.1f, tibial %.1f, patellar %.1f cm³%n", cm3[1],
				cm3[3], cm3[5], cm3[2], cm3[4], cm3[6]);
		// distal femur and proximal tibia within the 120 mm field, an adult patella (bounds from the volumes seen: 197, 120, 21 cm³)
		assertTrue(cm3[1] > 120 && cm3[1] < 300, "femur " + cm3[1] + " cm³");
		assertTrue(cm3[3] > 70 && cm3[3] < 200, "tibia " + cm3[3] + " cm³");
		assertTrue(cm3[5] > 10 && cm3[5] < 35, "patella " + cm3[5] + " cm³");
		for (final int cartilage : new int[] { 2, 4, 6 })
			assertTrue(cm3[cartilage] > 1, "cartilage label " + cartilage + ": " + cm3[cartilage] + " cm³");
		// cartilage only on articular surfaces (issue 21): tibial cartilage far below the top of the tibia in its sagittal
		// slice, patellar cartilage in front of the patella's mid-plane; measured here independently of the segmenter's
		// own directions (offArticular). Before ArticularSurfaces: 41.3 % and 30.6 %, tibial VC 7.21 cm³; with it: 1.7 %,
		// 1.7 % and 3.91 cm³ (the issue asks ≤ 2 %, ≤ 3 % and 3–6.5 cm³)
		final double[] off = offArticular(l, s.labels().dimensions(), s.labels().geometry());
		System.out.printf(Locale.ROOT, "GE DESS: %.1f %% of the tibial cartilage more than 15 mm below the top of the tibia in its sagittal slice, "
				+ "%.1f %% of the patellar cartilage in front of the patella's mid-plane%n", off[0], off[1]);
		assertTrue(off[0] <= 3.0, "tibial cartilage off the plateau: " + off[0] + " %");
		assertTrue(off[1] <= 3.0, "patellar cartilage on the front of the patella: " + off[1] + " %");
		assertTrue(cm3[4] > 3 && cm3[4] < 6.5, "tibial VC " + cm3[4] + " cm³ (manual OAI maps: 3.5–6)");
		// in few pieces: before, 83.3 %, 63.4 % and 96.9 % of the femoral, tibial and patellar cartilage lay in its three
		// largest 6-connected pieces (of 1254, 732 and 117); now 95.4 % (92.2 % before the notch and posterior-shaft rules of
		// ArticularSurfaces), 97.6 % and 100 %; the issue asks 95 % of each
		final double[] inThree = { inThreeLargest(l, s.labels(), 2), inThreeLargest(l, s.labels(), 4), inThreeLargest(l, s.labels(), 6) };
		System.out.printf(Locale.ROOT, "GE DESS: %.1f %%, %.1f %% and %.1f %% of the femoral, tibial and patellar cartilage in its three largest pieces%n",
				inThree[0], inThree[1], inThree[2]);
		assertTrue(inThree[0] >= 95 && inThree[1] >= 95 && inThree[2] >= 95, java.util.Arrays.toString(inThree));
		final KneeMeasurement.Result r = KneeMeasurement.measure(s, "ge-dess", KneeMeasurement.Options.defaults());
		System.out.println("side " + r.report().side() + " (" + r.report().sideSource() + ")");
		assertEquals(Laterality.RIGHT, r.report().side(), "a right knee");
		final Path out = Path.of("target", "ge-dess-overlay.png");
		Files.createDirectories(out.getParent());
		ImageIO.write(Overlays.sagittal(s.image(), s.labels(), s.rejected()), "png", out.toFile());
	}

	/** The percentage of the voxels labelled {@code label} that lie in its three largest 6-connected pieces. */
	private static double inThreeLargest(final byte[] l, final Volume<?> grid, final int label) {
		final org.chondroj.core.algorithm.ConnectedComponents.Result parts = org.chondroj.core.algorithm.ConnectedComponents.label(
				Volumes.wrapUnsignedBytes(Masks.equal(l, label), grid.dimensions(), grid.geometry()), org.chondroj.core.algorithm.Connectivity.SIX);
		final long[] sizes = parts.sizes();
		sizes[0] = 0;
		java.util.Arrays.sort(sizes);
		long all = 0;
		for (final long size : sizes)
			all += size;
		final int k = sizes.length;
		return 100.0 * (sizes[k - 1] + (k > 1 ? sizes[k - 2] : 0) + (k > 2 ? sizes[k - 3] : 0)) / all;
	}

	/**
	 * {percentage of the tibial cartilage (label 4) more than 15 mm below the highest tibia voxel (label 3) of its
	 * sagittal slice (the voxel axis nearest the patient's x) along the patient's superior (+z), percentage of the
	 * patellar cartilage (label 6) in front of the patella's mid-plane: the plane through the patella's (label 5)
	 * centroid across its thinnest axis (the smallest eigenvector of its voxels' scatter), front being away from the
	 * femur's (label 1) centroid}. On the 12 manual OAI-AKOA maps the second is 0 % but on one map (0.8 %).
	 */
	static double[] offArticular(final byte[] l, final int[] dims, final org.chondroj.core.VoxelGeometry g) {
		final org.joml.Matrix3d m = g.indexToPatientLinear();
		int across = 0;
		for (int d = 1; d < 3; d++)
			if (Math.abs(m.getColumn(d, new org.joml.Vector3d()).normalize().x) > Math.abs(m.getColumn(across, new org.joml.Vector3d()).normalize().x))
				across = d;
		final double[] top = new double[dims[across]];
		java.util.Arrays.fill(top, Double.NEGATIVE_INFINITY);
		final double[] sum = new double[3], femur = new double[3], scatter = new double[9];
		long patella = 0, femurCount = 0;
		final org.joml.Vector3d p = new org.joml.Vector3d();
		final int[] at = new int[3];
		for (int pass = 0; pass < 2; pass++)
			for (int z = 0, i = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++, i++) {
						if (l[i] != 1 && l[i] != 3 && l[i] != 5)
							continue;
						g.indexToPatient(x, y, z, p);
						at[0] = x;
						at[1] = y;
						at[2] = z;
						if (pass == 0 && l[i] == 3)
							top[at[across]] = Math.max(top[at[across]], p.z);
						else if (pass == 0 && l[i] == 1) {
							femur[0] += p.x;
							femur[1] += p.y;
							femur[2] += p.z;
							femurCount++;
						} else if (pass == 0) {
							sum[0] += p.x;
							sum[1] += p.y;
							sum[2] += p.z;
							patella++;
						} else if (l[i] == 5) {
							final double[] d = { p.x - sum[0] / patella, p.y - sum[1] / patella, p.z - sum[2] / patella };
							for (int r = 0; r < 3; r++)
								for (int c = 0; c < 3; c++)
									scatter[3 * r + c] += d[r] * d[c];
						}
					}
		final double[] centre = { sum[0] / patella, sum[1] / patella, sum[2] / patella };
		final org.ejml.data.DMatrixRMaj s = new org.ejml.data.DMatrixRMaj(3, 3, true, scatter);
		final org.ejml.interfaces.decomposition.EigenDecomposition_F64<org.ejml.data.DMatrixRMaj> eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM
				.eig(3, true, true);
		assertTrue(eig.decompose(s));
		int thinnest = 0;
		for (int k = 1; k < 3; k++)
			if (eig.getEigenvalue(k).real < eig.getEigenvalue(thinnest).real)
				thinnest = k;
		final org.ejml.data.DMatrixRMaj v = eig.getEigenVector(thinnest);
		final double[] axis = { v.get(0), v.get(1), v.get(2) };
		final double towardsFemur = axis[0] * (femur[0] / femurCount - centre[0]) + axis[1] * (femur[1] / femurCount - centre[1])
				+ axis[2] * (femur[2] / femurCount - centre[2]);
		if (towardsFemur > 0)
			for (int k = 0; k < 3; k++)
				axis[k] = -axis[k];
		long tibial = 0, deep = 0, patellar = 0, front = 0;
		for (int z = 0, i = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++, i++) {
					if (l[i] != 4 && l[i] != 6)
						continue;
					g.indexToPatient(x, y, z, p);
					at[0] = x;
					at[1] = y;
					at[2] = z;
					if (l[i] == 4) {
						tibial++;
						if (top[at[across]] - p.z > 15)
							deep++;
					} else {
						patellar++;
						if ((p.x - centre[0]) * axis[0] + (p.y - centre[1]) * axis[1] + (p.z - centre[2]) * axis[2] > 0)
							front++;
					}
				}
		return new double[] { 100.0 * deep / tibial, 100.0 * front / patellar };
	}

	@Test
	void clairTemplateSegmentsAsAMaskedImage() throws IOException {
		final Path template = RealData.require("clair-knee-template/CLAIR-Knee-103R_template_64x128x128.nii.gz");
		final Path truthFile = RealData.require("clair-knee-template/CLAIR-Knee-103R_segmentation_64x128x128.nii.gz");
		final long t0 = System.nanoTime();
		final Segmentation s = new ClassicalSegmenter().segment(VolumeFiles.read(template), null);
		final double seconds = (System.nanoTime() - t0) * 1e-9;
		s.qc().forEach(System.out::println);
		assertTrue(s.qc().stream().anyMatch(q -> q.startsWith("masked image")), "the QC says the image was taken as masked");
		assertTrue(s.parameters().containsKey("masked_band"), "the masked path's parameters are recorded");
		final Volume<?> truthVolume = VolumeFiles.read(truthFile);
		assertTrue(truthVolume.geometry().approximatelyEquals(s.labels().geometry(), 1e-6), "one grid");
		final float[] tv = Volumes.floatValues(truthVolume);
		final byte[] truth = new byte[tv.length];
		for (int i = 0; i < tv.length; i++)
			truth[i] = (byte) Math.round(tv[i]);
		final byte[] found = Volumes.byteData(s.labels());
		final String[] names = { "femur", "tibia", "femoral cartilage", "tibial cartilage" };
		final int[][] truthValues = { { 1 }, { 3 }, { 2 }, { 4, 5 } }, foundValues = { { 1 }, { 3 }, { 2 }, { 4 } };
		final double[] guards = { 0.95, 0.94, 0.97, 0.92 };
		final StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "CLAIR-Knee-103R: segmented in %.1f s%n", seconds));
		final double[] dice = new double[names.length];
		for (int k = 0; k < names.length; k++) {
			dice[k] = Dice.of(truth, truthValues[k], found, foundValues[k]);
			table.append(String.format(Locale.ROOT, "  Dice %-18s %.4f%n", names[k], dice[k]));
		}
		final long patella = Masks.count(Masks.equal(found, BoneSegmentation.PATELLA)) + Masks.count(Masks.equal(found, CartilageSegmentation.PATELLAR));
		table.append("  patella and patellar cartilage voxels (the template has none): ").append(patella).append('\n');
		// measurable: the analysis of the segmentation finds the side the analysis of the template's own labels finds
		final KneeMeasurement.Result measured = KneeMeasurement.measure(s, "clair", KneeMeasurement.Options.defaults());
		final KneeMeasurement.Result reference = KneeMeasurement.measure(KneeLabels.read(truthFile, LabelPresets.mapping("clair")), "clair-labels",
				KneeMeasurement.Options.defaults());
		table.append(String.format(Locale.ROOT, "  side %s (%s); from the template's labels %s%n", measured.report().side(),
				measured.report().sideSource(), reference.report().side()));
		for (final Region plate : Region.PLATES.subList(0, 7))
			table.append(String.format(Locale.ROOT, "  %-4s ThCtAB %.3f mm, VC %.0f mm³; from the labels %.3f mm, %.0f mm³%n", plate,
					measured.report().value(plate, Metric.ThCtAB), measured.report().value(plate, Metric.VC), reference.report().value(plate, Metric.ThCtAB),
					reference.report().value(plate, Metric.VC)));
		System.out.print(table);
		for (int k = 0; k < names.length; k++)
			assertTrue(dice[k] >= guards[k], String.format(Locale.ROOT, "%s Dice %.4f < %.2f", names[k], dice[k], guards[k]));
		assertEquals(0, patella, "no patella on the template");
		assertEquals(Laterality.RIGHT, reference.report().side(), "the template's labels: a right knee (103R)");
		assertEquals(reference.report().side(), measured.report().side(), "the side found from the segmentation");
		final Path out = Path.of("target", "clair-template-overlay.png");
		Files.createDirectories(out.getParent());
		ImageIO.write(Overlays.sagittal(s.image(), s.labels(), s.rejected()), "png", out.toFile());
	}
}
