package org.chondroj.knee.anatomy;

import java.util.HashMap;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * The phantom knees of the anatomy tests and their label maps on the OAI DESS grid (384 × 384 × 160 at 0.3646 ×
 * 0.3646 × 0.7 mm, one sample per voxel: the label map holds the tissue at each voxel centre, so supersampling would
 * not change it), made once per test run (about 5 s each) and shared by the test classes. The label maps carry no
 * metadata, so the side is found from the anatomy.
 */
final class PhantomLabels {

	/** The knees: the standard right and left knee (seed 1, poses of 3–8°) and a right knee rotated by 25°. */
	enum Knee {
		RIGHT, LEFT, ROTATED
	}

	private static final Map<Knee, KneeModel> MODELS = new HashMap<>();
	private static final Map<Knee, KneeLabels> LABELS = new HashMap<>();

	private PhantomLabels() {
	}

	static synchronized KneeModel model(final Knee knee) {
		return MODELS.computeIfAbsent(knee, k -> {
			switch (k) {
			case RIGHT:
				return PhantomKnees.standard(Laterality.RIGHT, 1);
			case LEFT:
				return PhantomKnees.standard(Laterality.LEFT, 1);
			default:
				// 25° about an oblique axis (flexion, rotation and varus at once), shifted 3 mm
				final Matrix3d r = new Matrix3d().rotation(Math.toRadians(25), new Vector3d(0.6, 0.3, 0.74).normalize());
				return new KneeModel(AnatomyConfig.defaults().withPose(r, new Vector3d(3, -2, 1)));
			}
		});
	}

	static synchronized KneeLabels labels(final Knee knee) {
		return LABELS.computeIfAbsent(knee, k -> KneeLabels.of(labelVolume(model(k)), LabelPresets.mapping("oai-akoa")));
	}

	/** The label map of a model on the default DESS grid centred on the model. */
	static Volume<UnsignedByteType> labelVolume(final KneeModel model) {
		final ImagingConfig c = ImagingConfig.defaults();
		return PhantomImages.labels(
				PhantomImages.rasterize(model, c.dessSize(), PhantomImages.sagittalGrid(model.bounds(), c.dessSize(), c.dessSpacing()), 1));
	}

	/** The model's K axes (u lateral, v anterior, w proximal) as unit vectors in LPS: {u, v, w}. */
	static double[][] axes(final KneeModel model) {
		final double[] o = model.toPatient(new double[3]);
		final double[][] a = new double[3][];
		for (int i = 0; i < 3; i++) {
			final double[] e = new double[3];
			e[i] = 1;
			final double[] p = model.toPatient(e);
			a[i] = new double[] { p[0] - o[0], p[1] - o[1], p[2] - o[2] };
		}
		return a;
	}

	/** The phantom's true frame (origin at K's origin) and side. */
	static KneeFrame trueFrame(final KneeModel model) {
		final double[][] a = axes(model);
		return KneeFrame.of(model.toPatient(new double[3]), a[0], a[1], a[2], model.side());
	}

	static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	static double[] sub(final double[] a, final double[] b) {
		return new double[] { a[0] - b[0], a[1] - b[1], a[2] - b[2] };
	}
}
