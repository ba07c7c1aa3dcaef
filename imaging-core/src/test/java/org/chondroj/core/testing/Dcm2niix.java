package org.chondroj.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.chondroj.core.PatientCoordinates;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.joml.Matrix4d;
import org.joml.Vector3d;

/**
 * dcm2niix as the independent reference for a DICOM series we wrote or read: it converts the series, nibabel (not our
 * NIfTI reader) reads its NIfTI, and every NIfTI voxel centre, flipped from RAS to LPS, must land on one of our voxel
 * centres, each of ours hit exactly once, with the same value. Row flips and slice reordering on either side do not
 * matter: the comparison goes through patient coordinates.
 */
public final class Dcm2niix {

	private Dcm2niix() {
	}

	/**
	 * Asserts that dcm2niix's conversion of {@code series} is {@code ours}, voxel for voxel in patient space.
	 *
	 * @param work an empty folder for dcm2niix's output
	 * @param toleranceMm largest distance between a NIfTI voxel centre and the voxel centre of ours it lands on
	 * @return that largest distance, mm
	 */
	public static double assertSameVoxels(final Path series, final Volume<?> ours, final Path work, final double toleranceMm) throws IOException {
		ExternalTools.requireCommand("dcm2niix");
		ExternalTools.requirePython("nibabel", "numpy");
		final Path out = Files.createDirectories(work.resolve("nifti"));
		ExternalTools.command("dcm2niix", "-z", "n", "-b", "n", "-f", "series", "-o", out.toString(), series.toString());
		final Path nii = out.resolve("series.nii"), raw = work.resolve("nifti.raw");
		assertTrue(Files.exists(nii), "dcm2niix wrote no " + nii);
		final String code = String.join("\n", "import sys, nibabel as nib, numpy as np", "img = nib.load(sys.argv[1])",
				"a = np.asanyarray(img.dataobj)", "assert a.ndim == 3, a.shape", "print(' '.join(str(x) for x in a.shape))",
				"print(' '.join(repr(float(x)) for x in img.affine.flatten()))",
				"open(sys.argv[2], 'wb').write(np.asarray(a, dtype='<i4').flatten(order='F').tobytes())");
		final String[] lines = ExternalTools.pythonCode(code, nii.toString(), raw.toString()).trim().split("\n");
		final String[] shape = lines[0].trim().split(" ");
		final int nx = Integer.parseInt(shape[0]), ny = Integer.parseInt(shape[1]), nz = Integer.parseInt(shape[2]);
		assertEquals(ours.size(), nx * ny * nz, "number of voxels");
		final String[] a = lines[1].trim().split(" ");
		final Matrix4d ras = new Matrix4d();
		for (int r = 0; r < 4; r++)
			for (int c = 0; c < 4; c++)
				ras.setRowColumn(r, c, Double.parseDouble(a[4 * r + c]));
		final Matrix4d lps = PatientCoordinates.flipLpsRas(ras);
		final int[] values = TestVolumes.readInts(raw);
		final float[] v = Volumes.floatValues(ours);
		final boolean[] hit = new boolean[v.length];
		final Vector3d p = new Vector3d(), idx = new Vector3d(), centre = new Vector3d();
		double worst = 0;
		for (int k = 0; k < nz; k++)
			for (int j = 0; j < ny; j++)
				for (int i = 0; i < nx; i++) {
					lps.transformPosition(p.set(i, j, k));
					ours.geometry().patientToIndex(p.x, p.y, p.z, idx);
					final int x = (int) Math.round(idx.x), y = (int) Math.round(idx.y), z = (int) Math.round(idx.z);
					assertTrue(x >= 0 && x < ours.dimension(0) && y >= 0 && y < ours.dimension(1) && z >= 0 && z < ours.dimension(2),
							"NIfTI voxel (" + i + "," + j + "," + k + ") lies outside our grid");
					ours.geometry().indexToPatient(x, y, z, centre);
					final double d = centre.distance(p);
					worst = Math.max(worst, d);
					assertEquals(0, d, toleranceMm, "NIfTI voxel (" + i + "," + j + "," + k + ") is " + d + " mm off our voxel centre");
					final int o = ours.index(x, y, z);
					assertFalse(hit[o], "two NIfTI voxels land on our voxel (" + x + "," + y + "," + z + ")");
					hit[o] = true;
					assertEquals(v[o], values[i + nx * (j + ny * k)], "value at NIfTI voxel (" + i + "," + j + "," + k + ")");
				}
		return worst;
	}
}
