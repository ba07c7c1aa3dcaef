package org.chondroj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.chondroj.phantom.TrueChange;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cohort found from DICOM headers ({@link CohortDiscovery}): two subjects × two visits of phantom studies, each knee
 * segmented from its images; one subject's baseline has a truncated DESS file and its follow-up lacks the DESS series.
 * The good knee is analysed and compared (its medial tibial thinning within 0.05 mm of the truth, the images'
 * tolerance of PhantomChangePairsTest), the bad scans are stored as failed with their errors, and no patient
 * identifier reaches the outputs.
 */
@Tag("slow")
class BatchRunDicomTest {

	@Test
	void discoveredCohortWithACorruptFileAndAMissingSeries(@TempDir final Path dir) throws Exception {
		final Path root = dir.resolve("cohort");
		final PhantomStudy.Pair good = PhantomStudy.writePair(PhantomSetup.defaults(), 31, root.resolve("site1/subject-a"));
		// the bad subject on a coarse grid: it fails before its images matter
		final PhantomStudy.Pair bad = PhantomStudy.writePair(PhantomSetup.defaults().withImaging(ImagingConfig.defaults()
				.withDessGrid(new int[] { 192, 192, 80 }, new double[] { 0.73, 0.73, 1.4 }).withIwGrid(new int[] { 176, 176, 16 }, new double[] { 0.8, 0.8, 7 })),
				32, root.resolve("site1/subject-b"));
		final Path truncated = bad.baseline().dessFiles().get(40);
		final byte[] bytes = Files.readAllBytes(truncated);
		Files.write(truncated, Arrays.copyOf(bytes, bytes.length * 3 / 5));
		AtomicFiles.deleteTree(bad.followUp().dessSeries());

		final CohortDiscovery.Found found = CohortDiscovery.discover(root);
		assertEquals(4, found.scans().size(), found.scans().toString());
		for (final ScanInput s : found.scans()) {
			assertTrue(s.subject().equals("PHANTOM-31") || s.subject().equals("PHANTOM-32"), s.subject());
			assertTrue(s.timepoint().equals("20200106") || s.timepoint().equals("20210111"), s.timepoint());
			assertEquals(Laterality.RIGHT, s.side(), s.toString());
			assertTrue(s.path().getFileName().toString().equals("DICOM") || s.path().getParent().getFileName().toString().equals("DICOM"), s.path().toString());
		}

		final Path out = dir.resolve("out");
		final BatchRun.Summary summary = BatchRun.run(found.scans(), out, BatchRun.Options.defaults().withThreads(2).withSalt("dicom"), null);
		System.out.println(summary.plan() + ": " + summary.outcomes());
		assertEquals(2, summary.count(BatchRun.Status.ANALYSED), summary.outcomes().toString());
		assertEquals(2, summary.count(BatchRun.Status.FAILED), summary.outcomes().toString());
		assertEquals(1, summary.comparisons());
		assertEquals(1, summary.notCompared());
		assertTrue(summary.anyFailed());
		for (final BatchRun.Outcome o : summary.outcomes())
			if (o.failed())
				assertTrue(o.name().endsWith("20200106") ? o.error().contains(truncated.getFileName() + " at byte") && o.error().contains("exceeds")
						: o.error().contains("no 3-D series"), o.name() + ": " + o.error());

		final List<String[]> changes = BatchRunPhantomTest.csv(out.resolve(CohortTables.CHANGES));
		final String[] h = changes.get(0);
		final double truth = TrueChange.read(good.followUp().folder()).change("MT", "ThCtAB");
		boolean seen = false;
		for (final String[] r : changes.subList(1, changes.size()))
			if (r[BatchRunPhantomTest.col(h, "kind")].equals("cartilage") && r[BatchRunPhantomTest.col(h, "region")].equals("MT")
					&& r[BatchRunPhantomTest.col(h, "metric")].equals("ThCtAB")) {
				final double m = Double.parseDouble(r[BatchRunPhantomTest.col(h, "change")]);
				System.out.printf(Locale.ROOT, "segmented from DICOM: MT ThCtAB change %+.4f mm, true %+.4f mm%n", m, truth);
				assertEquals(truth, m, 0.05);
				assertEquals(m / Double.parseDouble(r[BatchRunPhantomTest.col(h, "years")]), Double.parseDouble(r[BatchRunPhantomTest.col(h, "change_per_year")]),
						1e-9);
				seen = true;
			}
		assertTrue(seen, "the good knee's pair is in the changes");
		try (var files = Files.walk(out)) {
			for (final Path f : files.filter(p -> p.toString().matches(".*\\.(csv|html|json)") && !p.endsWith(Pseudonyms.MAPPING)).toList()) {
				final String text = Files.readString(f);
				assertFalse(text.contains("PHANTOM-3") || text.contains(root.toString()), f + " holds an identifier or an input path");
			}
		}
		try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			for (final ResultsStore.ScanRow r : store.scans())
				assertFalse(r.toString().contains("PHANTOM-3") || r.toString().contains(root.toString()), r.toString());
		}
		assertTrue(Files.readString(out.resolve(Pseudonyms.MAPPING)).contains("PHANTOM-32"));
	}
}
