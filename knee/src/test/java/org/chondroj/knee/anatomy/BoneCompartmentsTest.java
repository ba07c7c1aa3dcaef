package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.anatomy.PhantomLabels.Knee;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.KneeModel;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

/** The compartments of the phantom's bone voxels. */
class BoneCompartmentsTest {

	/**
	 * The standard knee's bone-marrow lesion (under the medial femoral condyle) lies in MF: at least 99 % of its voxels;
	 * femur voxels get only femoral compartments, tibia voxels only tibial ones, patella voxels only P; every compartment
	 * has a region; nothing deeper than the depth from the articular surface (the femoral shaft) gets one.
	 */
	@Test
	void lesionAndBones() {
		final KneeModel model = PhantomLabels.model(Knee.RIGHT);
		assertEquals("MF", model.config().lesions().get(0).compartment());
		assertEquals(1, model.config().lesions().size());
		final KneeLabels labels = PhantomLabels.labels(Knee.RIGHT);
		final KneeFrame frame = KneeFrame.estimate(labels);
		final Regions regions = Regions.of(frame, KneeLandmarks.locate(labels, frame));
		final long t0 = System.nanoTime();
		final Volume<UnsignedByteType> map = BoneCompartments.map(labels, regions, BoneCompartments.DEFAULT_DEPTH_MM);
		final long t1 = System.nanoTime();
		final byte[] c = Volumes.byteData(map), l = Volumes.byteData(labels.volume());
		final long[][] counts = new long[10][7];
		for (int i = 0; i < c.length; i++)
			counts[l[i]][c[i]]++;
		final double voxel = labels.volume().geometry().voxelVolume();
		final StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "compartments of the phantom's bone voxels (%.0f ms):", (t1 - t0) / 1e6));
		for (final Compartment k : Compartment.values()) {
			long n = 0;
			for (int label = 0; label < 10; label++)
				n += counts[label][k.id()];
			b.append(String.format(Locale.ROOT, " %s %.0f mm³", k, n * voxel));
			assertTrue(n > 1000, k + " has a region");
		}
		final long lesion = counts[7][1] + counts[7][2] + counts[7][3] + counts[7][4] + counts[7][5] + counts[7][6] + counts[7][0];
		b.append(String.format(Locale.ROOT, "; lesion voxels: %d, in MF %d, in none %d", lesion, counts[7][Compartment.MF.id()], counts[7][0]));
		System.out.println(b);
		assertTrue(counts[7][Compartment.MF.id()] >= 0.99 * lesion, "lesion in MF");
		for (int k = 1; k <= 6; k++) {
			final Compartment comp = Compartment.byId(k);
			final boolean femoral = comp == Compartment.MF || comp == Compartment.LF || comp == Compartment.TrF;
			final boolean tibial = comp == Compartment.MT || comp == Compartment.LT;
			if (!femoral)
				assertEquals(0, counts[1][k] + counts[7][k], "femur voxels in " + comp);
			if (!tibial)
				assertEquals(0, counts[3][k] + counts[8][k], "tibia voxels in " + comp);
			if (comp != Compartment.P)
				assertEquals(0, counts[5][k] + counts[9][k], "patella voxels in " + comp);
			for (final int other : new int[] { 0, 2, 4, 6 })
				assertEquals(0, counts[other][k], "non-bone label " + other + " in " + comp);
		}
		// the shaft, 40 mm above the joint line, is farther than 10 mm from any articular surface
		final double[] shaft = frame.toPatient(new double[] { 0, 0, 60 });
		final org.joml.Vector3d idx = labels.volume().geometry().patientToIndex(shaft[0], shaft[1], shaft[2], new org.joml.Vector3d());
		final int i = (int) Math.round(idx.x) + map.dimension(0) * ((int) Math.round(idx.y) + map.dimension(1) * (int) Math.round(idx.z));
		assertEquals(1, l[i], "the probe is in the femur");
		assertEquals(0, c[i]);
		assertTrue(labels.has(KneeStructure.FEMORAL_LESION));
		assertEquals(AnatomyConfig.COMPARTMENTS.size(), Compartment.values().length);
	}
}
