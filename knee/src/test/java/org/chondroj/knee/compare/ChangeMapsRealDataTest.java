package org.chondroj.knee.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.mesh.RigidRegistration;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Change maps of the six longitudinal pairs of manual OAI label maps in {@code oai-akoa-labels} (Woo et al.,
 * arXiv:2211.16696; a baseline and a follow-up 48–96 months later). There is no truth; checked are the registration
 * (residual below 0.5 mm with more than 60 % of the bone surface as inliers: two manual segmentations of one bone on
 * 0.7 mm slices differ by some tenths of a millimetre; measured 0.20–0.45 mm and 66–93 %), that every plate is mostly
 * mapped (more than half of its tAB; measured 65–99 %), and that the maps of the two directions agree: follow-up →
 * baseline gives every plate's mean change with the opposite sign, within 0.1 mm (measured: 0.02 mm or less on 42 of
 * the 48 plates, at most 0.073 mm; the two directions average over different areas, each scan's own plate, and differ
 * most where a plate's tAB or its landmark-defined boundary moved between the scans).
 * <p>
 * The plate means are printed next to the change of the plates' ThCtAB. They differ by up to 0.21 mm either way: the
 * map compares the same bone area, while each scan's ThCtAB is over its own tAB, which changes by −18 to +21 % between
 * these scans (where the cartilage's thin edge recedes, the lost periphery leaves the follow-up's mean and stays in the
 * baseline's, and ThCtAB shows less thinning than the map). Skipped without the real data.
 */
@Tag("slow")
class ChangeMapsRealDataTest {

	private static final String[][] PAIRS = { { "9014797_00m", "9014797_72m" }, { "9055361_00m", "9055361_96m" }, { "9099363_00m", "9099363_96m" },
			{ "9135902_00m", "9135902_96m" }, { "9171097_00m", "9171097_96m" }, { "9281187_00m", "9281187_48m" } };

	private static KneeMeasurement.Result analyse(final String name) throws Exception {
		final Path file = RealData.require("oai-akoa-labels/" + name + ".nii.gz");
		return KneeMeasurement.measure(KneeLabels.read(file, LabelPresets.mapping("oai-akoa")), name, KneeMeasurement.Options.defaults());
	}

	@Test
	void longitudinalPairs() throws Exception {
		final List<String> failures = new ArrayList<>();
		for (final String[] pair : PAIRS) {
			final KneeMeasurement.Result a = analyse(pair[0]), b = analyse(pair[1]);
			final long t0 = System.nanoTime();
			final Map<KneeStructure, ChangeMaps.BoneChange> maps = ChangeMaps.of(a, b);
			System.out.printf(Locale.ROOT, "%s → %s: change maps in %.2f s%n", pair[0], pair[1], (System.nanoTime() - t0) * 1e-9);
			final Map<KneeStructure, ChangeMaps.BoneChange> reverse = ChangeMaps.of(b, a);
			for (final ChangeMaps.BoneChange c : maps.values()) {
				final RigidRegistration.Result r = c.registration();
				System.out.printf(Locale.ROOT, "  %-7s registration rms %.3f mm, inliers %.3f, %d iterations%s%n", c.bone().key(), r.rmsMm(), r.inlierFraction(),
						r.iterations(), r.converged() ? "" : " (not converged)");
				if (!(r.rmsMm() < 0.5 && r.inlierFraction() > 0.6))
					failures.add(pair[0] + " " + c.bone().key() + ": registration rms " + r.rmsMm() + " mm, inliers " + r.inlierFraction());
			}
			final Map<Region, ChangeMaps.PlateChange> back = ChangeMaps.plates(reverse);
			for (final Map.Entry<Region, ChangeMaps.PlateChange> e : ChangeMaps.plates(maps).entrySet()) {
				final Region p = e.getKey();
				final ChangeMaps.PlateChange pc = e.getValue();
				final double regional = b.report().value(p, Metric.ThCtAB) - a.report().value(p, Metric.ThCtAB);
				final double tab = 100 * (b.report().value(p, Metric.tAB) / a.report().value(p, Metric.tAB) - 1);
				System.out.printf(Locale.ROOT, "  %-4s coverage %.3f, map mean %+.3f mm, reversed %+.3f mm; ΔThCtAB %+.3f mm, tAB %+.1f %%%n", p, pc.coverage(),
						pc.meanMm(), -back.get(p).meanMm(), regional, tab);
				if (!(pc.coverage() > 0.5 && back.get(p).coverage() > 0.5))
					failures.add(pair[0] + " " + p + ": coverage " + pc.coverage() + ", reversed " + back.get(p).coverage());
				if (!(Math.abs(pc.meanMm() + back.get(p).meanMm()) <= 0.1))
					failures.add(pair[0] + " " + p + ": mean change " + pc.meanMm() + " mm, reversed " + -back.get(p).meanMm() + " mm");
			}
		}
		assertTrue(failures.isEmpty(), String.join("\n", failures));
	}
}
