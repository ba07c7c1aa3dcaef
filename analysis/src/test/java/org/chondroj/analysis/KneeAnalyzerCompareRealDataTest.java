package org.chondroj.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 6 baseline/follow-up pairs of OAI-AKOA label maps (Woo et al.; ../shared/data, skipped without
 * {@code -Dchondroj.realdata}) compare without error: {@code SUBJECT_00m} against {@code SUBJECT_NNm}, the interval
 * NN months being taken from the file name (the maps carry no study dates). The MFTC and LFTC ThCtAB change of each
 * pair is printed in mm and in % per year (the percent change over the interval divided by the interval in years), for
 * the comparison with published OAI rates. Only plausibility is asserted: both femorotibial compartments measured at
 * both visits, a change below 1 mm in magnitude.
 */
@Tag("slow")
class KneeAnalyzerCompareRealDataTest {

	private static final Pattern NAME = Pattern.compile("(\\d+)_(\\d+)m\\.nii\\.gz");

	@Test
	void oaiAkoaPairs() throws Exception {
		final Path folder = RealData.require("oai-akoa-labels");
		final List<Path> followUps;
		try (Stream<Path> s = Files.list(folder)) {
			followUps = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && !p.getFileName().toString().endsWith("_00m.nii.gz"))
					.sorted().collect(Collectors.toList());
		}
		assertEquals(6, followUps.size());
		final KneeAnalyzer analyzer = KneeAnalyzer.builder().labelMapping(LabelPresets.mapping("oai-akoa")).build();
		System.out.println("OAI-AKOA pairs, ThCtAB change (Woo et al. label maps)");
		System.out.println("subject   years    MFTC ThCtAB    change    %/year    LFTC ThCtAB    change    %/year   thinning score");
		for (final Path f : followUps) {
			final Matcher m = NAME.matcher(f.getFileName().toString());
			assertTrue(m.matches());
			final Path b = folder.resolve(m.group(1) + "_00m.nii.gz");
			final double years = Integer.parseInt(m.group(2)) / 12.0;
			final long t0 = System.nanoTime();
			final VisitComparison r = analyzer.compare(b, f);
			final Comparison c = r.comparison();
			assertEquals(Laterality.RIGHT, c.baseline().side());
			final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s %5.1f", m.group(1), years));
			for (final Region region : List.of(Region.MFTC, Region.LFTC)) {
				final Comparison.Change ch = c.change(region, Metric.ThCtAB);
				assertTrue(ch != null && Double.isFinite(ch.change()) && Math.abs(ch.change()) < 1, m.group(1) + " " + region + " " + ch);
				line.append(String.format(Locale.ROOT, "   %9.3f mm %+7.3f mm %+7.2f %%", ch.baseline(), ch.change(), ch.changePct() / years));
			}
			System.out.println(line.append(String.format(Locale.ROOT, "   %+9.3f mm  (%.1f s)", c.orderedValues().thinning(),
					(System.nanoTime() - t0) * 1e-9)));
		}
	}
}
