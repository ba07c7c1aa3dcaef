package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.anatomy.PhantomLabels.Knee;
import org.chondroj.phantom.KneeModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The knee frame of the phantom's label maps against the phantom's knee frame K. */
class PhantomFrameTest {

	/** Largest angle between an estimated axis and the phantom's, degrees (measured: ≤ 0.2°). */
	static final double AXIS_TOLERANCE_DEGREES = 0.5;

	/**
	 * Axes within {@value #AXIS_TOLERANCE_DEGREES}° of K's u, v, w; the side found from the anatomy (the maps carry no
	 * laterality) with all three votes agreeing; the medial plate is the phantom's MT (its centroid over K's medial
	 * plateau centre).
	 */
	@ParameterizedTest
	@EnumSource(Knee.class)
	void axesAndSide(final Knee knee) {
		final KneeModel model = PhantomLabels.model(knee);
		final KneeFrame f = KneeFrame.estimate(PhantomLabels.labels(knee));
		final double[][] k = PhantomLabels.axes(model);
		final double ml = KneeFrame.angleDegrees(f.ml(), k[0]), ap = KneeFrame.angleDegrees(f.ap(), k[1]), pd = KneeFrame.angleDegrees(f.pd(), k[2]);
		System.out.printf(Locale.ROOT, "phantom %s: axis errors ML %.3f°, AP %.3f°, PD %.3f°; side %s%n", knee, ml, ap, pd,
				f.sideEvidence().summary());
		assertTrue(ml < AXIS_TOLERANCE_DEGREES && ap < AXIS_TOLERANCE_DEGREES && pd < AXIS_TOLERANCE_DEGREES, ml + " " + ap + " " + pd);
		assertEquals(model.side(), f.side());
		assertEquals(SideEvidence.Source.ANATOMY, f.sideEvidence().source());
		assertFalse(f.sideEvidence().anatomySplit(), f.sideEvidence().summary());
		assertFalse(f.sideEvidence().conflicts());
		// the medial plate lies under the medial condyle: its centroid within 1 mm of the plateau centre in u and v
		final double[] c = model.toKnee(f.medialPlate().centroid());
		final double[] t = model.landmarks().knee().get("medial_plateau_centre");
		assertEquals(t[0], c[0], 1.0);
		assertEquals(t[1], c[1], 1.0);
		// the handedness: right knees right-handed
		final double handed = PhantomLabels.dot(KneeFrame.cross(f.ml(), f.ap()), f.pd());
		assertEquals(model.side() == Laterality.RIGHT ? 1 : -1, handed, 1e-9);
	}

	/** Metadata beats anatomy, the user beats both; every disagreement is reported and the frame follows the side used. */
	@Test
	void sideSources() {
		final KneeLabels right = PhantomLabels.labels(Knee.RIGHT);
		final KneeLabels tagged = KneeLabels.of(right.volume().withMetadata(Metadata.empty().withLaterality(Laterality.RIGHT, "test")),
				right.mapping());
		final KneeFrame byMetadata = KneeFrame.estimate(tagged);
		assertEquals(SideEvidence.Source.METADATA, byMetadata.sideEvidence().source());
		assertFalse(byMetadata.sideEvidence().conflicts());
		final KneeFrame byAnatomy = KneeFrame.estimate(right);
		assertEquals(0, KneeFrame.angleDegrees(byMetadata.ml(), byAnatomy.ml()), 1e-9);
		// a wrong user side: used, reported as a disagreement, and the frame's lateral is then the medial plate's side
		final KneeFrame wrong = KneeFrame.estimate(tagged, Laterality.LEFT);
		assertEquals(Laterality.LEFT, wrong.side());
		assertEquals(SideEvidence.Source.USER, wrong.sideEvidence().source());
		assertTrue(wrong.sideEvidence().conflicts());
		assertTrue(wrong.sideEvidence().summary().contains("DISAGREEMENT"), wrong.sideEvidence().summary());
		assertEquals(180, KneeFrame.angleDegrees(wrong.ml(), byAnatomy.ml()), 1e-6);
		assertEquals(0, KneeFrame.angleDegrees(wrong.ap(), byAnatomy.ap()), 1e-6);
		assertEquals(byAnatomy.medialPlate().voxels(), wrong.lateralPlate().voxels());
	}
}
