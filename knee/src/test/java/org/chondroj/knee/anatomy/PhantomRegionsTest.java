package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.anatomy.PhantomLabels.Knee;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.Plate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plates and femoral thirds of the phantom's cartilage: the phantom's {@code plateAt} of a cartilage point (at half
 * the cartilage's thickness over a bone-surface point) against {@link Regions} of the point's radial foot on the bone
 * surface, for a grid of feet over every articular surface (200 × 200 per surface, equal areas: the phantom's
 * parameterisation is area-preserving). The femoral thirds are checked against the phantom's definition (thirds of
 * the plate's u range, PhantomTruth).
 * <p>
 * "Away from boundaries": the feet farther than {@value #MARGIN} mm from every boundary plane of both definitions
 * (the phantom's analytic ones and the measured ones), and farther than {@value #MARGIN} mm from the phantom's and the
 * measured third boundaries for the thirds (the analytic and the measured notch plane differ by the measurement's
 * error only, see {@link PhantomLandmarksTest}).
 */
class PhantomRegionsTest {

	static final double MARGIN = 0.5;
	/** Share of the feet away from boundaries whose plate (and third) must agree. */
	static final double AGREEMENT = 0.99;

	/** A foot on a surface: K position, the surface, the phantom's plate and third (or null). */
	private record Foot(double[] k, String surface, String plate, String third, double z, double area) {
	}

	private static List<Foot> feet(final KneeModel model) {
		final List<Foot> out = new ArrayList<>();
		final int n = 200;
		for (final Map.Entry<String, Plate> e : model.surfaces().entrySet()) {
			final Plate s = e.getValue();
			final double[] zr = s.zRange();
			for (int i = 0; i < n; i++) {
				final double z = zr[0] + (zr[1] - zr[0]) * (i + 0.5) / n;
				final double[] psi = s.psiInterval(z);
				if (psi == null)
					continue;
				for (int j = 0; j < n; j++) {
					final double p = psi[0] + (psi[1] - psi[0]) * (j + 0.5) / n;
					final double[] d = s.direction(z, p);
					final double t = s.thickness(d[0], d[1], d[2]);
					if (!(t > 0))
						continue; // a defect: no cartilage to ask plateAt about
					final double[] foot = s.point(z, p, 0), cartilage = s.point(z, p, 0.5 * t);
					final String plate = model.plateAt(model.toPatient(cartilage)[0], model.toPatient(cartilage)[1], model.toPatient(cartilage)[2]);
					String third = null;
					if ("cMF".equals(plate) || "cLF".equals(plate)) {
						// PhantomTruth: thirds of the plate's z range (e1 = +u); external = the medial third of cMF, the lateral of cLF
						final Plate c = model.plates().get(plate);
						final double[] cz = c.zRange();
						final int k = (int) Math.min(2, Math.floor(3 * (z - cz[0]) / (cz[1] - cz[0])));
						final boolean medial = plate.equals("cMF");
						final String[] names = medial ? new String[] { "ecMF", "ccMF", "icMF" } : new String[] { "icLF", "ccLF", "ecLF" };
						third = names[k];
					}
					out.add(new Foot(foot, e.getKey(), plate, third, z, s.radius() * s.radius() * (zr[1] - zr[0]) / n * (psi[1] - psi[0]) / n));
				}
			}
		}
		return out;
	}

	/**
	 * With the phantom's own frame and analytic landmarks (which define its plates), every foot away from the
	 * boundaries agrees; with the frame and landmarks measured on its label map, at least {@value #AGREEMENT} of them.
	 */
	@ParameterizedTest
	@EnumSource(Knee.class)
	void platesAgree(final Knee knee) {
		final KneeModel model = PhantomLabels.model(knee);
		final List<Foot> feet = feet(model);
		final Map<String, double[]> t = model.landmarks().knee();
		final KneeFrame trueFrame = PhantomLabels.trueFrame(model);
		final Regions truth = Regions.of(trueFrame, KneeLandmarks.of(trueFrame, 0, t.get("notch_anterior")[1], t.get("medial_condyle_posterior")[1],
				t.get("lateral_condyle_posterior")[1], model.landmarks().weightBearingFraction()));
		final double[] withTruth = agreement(model, feet, truth, "the phantom's frame and landmarks", knee);
		assertEquals(1.0, withTruth[0], 1e-12, "plates, phantom frame");
		assertEquals(1.0, withTruth[1], 1e-12, "thirds, phantom frame");
		final KneeLabels labels = PhantomLabels.labels(knee);
		final KneeFrame frame = KneeFrame.estimate(labels);
		final Regions measured = Regions.of(frame, KneeLandmarks.locate(labels, frame));
		final double[] withMeasured = agreement(model, feet, measured, "the measured frame and landmarks", knee);
		assertTrue(withMeasured[0] >= AGREEMENT, "plates " + withMeasured[0]);
		assertTrue(withMeasured[1] >= AGREEMENT, "thirds " + withMeasured[1]);
	}

	/** {plate agreement, third agreement} over the feet away from both definitions' boundaries; prints the counts. */
	private static double[] agreement(final KneeModel model, final List<Foot> feet, final Regions r, final String what, final Knee knee) {
		final Map<String, double[]> t = model.landmarks().knee();
		final KneeLandmarks lm = r.landmarks();
		// boundary planes in K: the phantom's and the measured ones (mapped into K through the measured frame)
		final double vNotch = t.get("notch_anterior")[1], vNotchMeasured = kv(model, r, lm.notchAnterior());
		final double[] vSplit = { t.get("medial_weight_bearing_boundary")[1], t.get("lateral_weight_bearing_boundary")[1] };
		final double[] vSplitMeasured = { kv(model, r, lm.weightBearingBoundary(true)), kv(model, r, lm.weightBearingBoundary(false)) };
		final int n = feet.size();
		final float[] fem = new float[3 * n], tib = new float[3 * n], pat = new float[3 * n];
		final boolean[] inFem = new boolean[n], inTib = new boolean[n], inPat = new boolean[n];
		final double[] area = new double[n];
		for (int i = 0; i < n; i++) {
			final Foot f = feet.get(i);
			final double[] p = model.toPatient(f.k());
			final float[] target = f.surface().equals("MT") || f.surface().equals("LT") ? tib : f.surface().equals("P") ? pat : fem;
			for (int a = 0; a < 3; a++)
				target[3 * i + a] = (float) p[a];
			(target == tib ? inTib : target == pat ? inPat : inFem)[i] = true;
			area[i] = f.area();
		}
		final int[] rf = r.femur(fem, area, inFem), rt = r.tibia(tib, area, inTib), rp = r.patella(pat, area, inPat);
		// the measured thirds' boundaries, in K u: from the extent of the feet the measured regions call cMF / cLF
		int plates = 0, plateOk = 0, thirds = 0, thirdOk = 0, all = 0, allOk = 0, inGap = 0;
		for (int i = 0; i < n; i++) {
			final Foot f = feet.get(i);
			final Region got = Region.byId(inFem[i] ? rf[i] : inTib[i] ? rt[i] : rp[i]);
			if (f.plate() == null)
				continue; // a foot whose mid-cartilage point is in no plate (cannot happen off defects; kept safe)
			all++;
			if (got.plate().key().equals(f.plate()))
				allOk++;
			final double v = f.k()[1];
			final boolean condyle = f.surface().equals("MF") || f.surface().equals("LF");
			if (condyle) {
				final int s = f.surface().equals("MF") ? 0 : 1;
				if (Math.min(Math.abs(v - vNotch), Math.abs(v - vNotchMeasured)) < MARGIN || between(v, vNotch, vNotchMeasured)) {
					if (between(v, vNotch, vNotchMeasured))
						inGap++;
					continue;
				}
				if (Math.min(Math.abs(v - vSplit[s]), Math.abs(v - vSplitMeasured[s])) < MARGIN || between(v, vSplit[s], vSplitMeasured[s]))
					continue;
			}
			plates++;
			if (got.plate().key().equals(f.plate()))
				plateOk++;
			if (f.third() != null && got.plate().key().equals(f.plate())) {
				// away from the phantom's third boundaries (R·Δz on the bone sphere)
				final Plate c = model.plates().get(f.plate());
				final double[] cz = c.zRange();
				final double step = (cz[1] - cz[0]) / 3;
				final double dist = c.radius() * Math.min(Math.abs(f.z() - (cz[0] + step)), Math.abs(f.z() - (cz[0] + 2 * step)));
				if (dist < MARGIN)
					continue;
				thirds++;
				if (got.key().equals(f.third()))
					thirdOk++;
			}
		}
		System.out.printf(Locale.ROOT, "phantom %s, %s: plates agree on %d of %d feet away from boundaries (%.3f %%), on %d of %d feet in all "
				+ "(%.2f %%; %d feet between the analytic and the measured notch plane); thirds on %d of %d (%.3f %%)%n", knee, what, plateOk, plates,
				100.0 * plateOk / plates, allOk, all, 100.0 * allOk / all, inGap, thirdOk, thirds, 100.0 * thirdOk / thirds);
		return new double[] { plateOk / (double) plates, thirdOk / (double) thirds };
	}

	/** The K v coordinate of the coronal plane ap = a (knee coordinates of r's frame) at the phantom's joint centre. */
	private static double kv(final KneeModel model, final Regions r, final double a) {
		final double[] origin = r.frame().toKnee(model.toPatient(new double[3]));
		return model.toKnee(r.frame().toPatient(new double[] { origin[0], a, origin[2] }))[1];
	}

	private static boolean between(final double v, final double a, final double b) {
		return v > Math.min(a, b) && v < Math.max(a, b);
	}
}
