package org.chondroj.knee.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.QcFlag.Kind;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 12 OAI-AKOA label maps (Woo et al.; ../shared/data, skipped without {@code -Dchondroj.realdata}) analyse without
 * error: a right knee each, every plate measured with a plausible mean thickness (0.8–4 mm) and less than half its
 * bone denuded (follow-up scans of OA knees do show denuded bone: 9171097_96m has 23 % in cMF). The per-plate ThCtAB
 * of every knee, and the largest dAB, are printed (for the comparison with published OAI values). None of these manual
 * maps gets a flag of the checks every measurement makes ({@link QcChecks}: a cut field of view, fragments, thick slices,
 * values outside the reference ranges, a VC beyond twice ThCtAB × tAB; printed: the whole knee's VC, flagged beyond
 * 47 100 mm³, and tAB, the largest plate VC / (ThCtAB × tAB)). The same map read with the
 * wrong preset ({@code clair}, whose 5 is lateral tibial cartilage, here the patella: MT VC 39 351 mm³) is flagged three
 * ways: unmapped labels, MT's VC inconsistent with its thickness and area, the knee's VC beyond the range.
 */
@Tag("slow")
class KneeMeasurementRealDataTest {

	@Test
	void oaiAkoaMaps() throws Exception {
		final Path folder = RealData.require("oai-akoa-labels");
		final List<Path> files;
		try (Stream<Path> s = Files.list(folder)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")).sorted().collect(Collectors.toList());
		}
		assertEquals(12, files.size());
		final List<Region> plates = Region.PLATES;
		System.out.println("ThCtAB (mm)     " + String.join("      ", plates.stream().map(Region::key).toList()));
		for (final Path file : files) {
			final long t0 = System.nanoTime();
			final ScanReport r = KneeMeasurement.measure(KneeLabels.read(file, LabelPresets.mapping("oai-akoa")), file.getFileName().toString(),
					KneeMeasurement.Options.defaults()).report();
			final double seconds = (System.nanoTime() - t0) * 1e-9;
			double maxDab = 0;
			final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s", r.scan().replace(".nii.gz", "")));
			for (final Region p : plates) {
				final double t = r.value(p, Metric.ThCtAB);
				line.append(String.format(Locale.ROOT, " %6.3f", t));
				assertTrue(t > 0.8 && t < 4, r.scan() + " " + p + " ThCtAB " + t);
				assertTrue(r.value(p, Metric.dAB) < 50, r.scan() + " " + p + " dAB " + r.value(p, Metric.dAB));
				maxDab = Math.max(maxDab, r.value(p, Metric.dAB));
			}
			double vc = 0, tab = 0, ratio = 0;
			for (final Region p : plates) {
				vc += r.value(p, Metric.VC);
				tab += r.value(p, Metric.tAB);
				ratio = Math.max(ratio, r.value(p, Metric.VC) / (r.value(p, Metric.ThCtAB) * r.value(p, Metric.tAB)));
			}
			System.out.println(line.append(String.format(Locale.ROOT, "   max dAB %4.1f %%  VC %5.0f mm³ tAB %5.0f mm²  VC/(ThCtAB tAB) ≤ %.2f (%.1f s)",
					maxDab, vc, tab, ratio, seconds)));
			assertEquals(Laterality.RIGHT, r.side(), r.sideSource());
			for (final QcFlag f : r.flags())
				assertTrue(f.kind() == Kind.DENUDED_BONE || f.kind() == Kind.NOTCH_UNCERTAIN, r.scan() + ": " + f);
		}
		final ScanReport wrong = KneeMeasurement.measure(KneeLabels.read(files.get(0), LabelPresets.mapping("clair")), "clair",
				KneeMeasurement.Options.defaults()).report();
		wrong.flags().forEach(f -> System.out.println("clair preset on an OAI-AKOA map: " + f));
		for (final Kind k : new Kind[] { Kind.UNMAPPED_LABELS, Kind.INCONSISTENT_MEASURES, Kind.OUTSIDE_REFERENCE_RANGE })
			assertTrue(wrong.flags().stream().anyMatch(f -> f.kind() == k), k + " in " + wrong.flags());
	}
}
