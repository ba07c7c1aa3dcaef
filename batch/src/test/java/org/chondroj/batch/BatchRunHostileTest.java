package org.chondroj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.MRSeriesWriter;
import org.chondroj.dicom.SeriesDescription;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * {@link BatchRun} against hostile input (issue 24): a Java {@link Error} that one scan causes (a stack overflow, a
 * decoder's internal error, running out of memory) fails that scan with one line that says what and why, and the batch
 * goes on; errors reach the store and the report without control characters, identifiers, UIDs or input paths; a
 * 10 000-character subject and time point are analysed and written under short folder names; output names of ordinary
 * inputs are as before; the time order counts numbers by value.
 */
class BatchRunHostileTest {

	@Test
	void namesAsBeforeAndNumbersCountedByValue() {
		for (final String[] parts : new String[][] { { "S-3f9a0c12d4", "right", "20200106" }, { "PATIENT 1/x", "left", "M12" },
				{ "K001", "unknown", "2020-01-06", "2021-01-11" }, { "Müller", "right", "baseline" } })
			assertEquals(String.join("_", parts).replaceAll("[^A-Za-z0-9._-]", "_"), BatchRun.fileName(parts), "as the names of earlier runs");
		final String a = BatchRun.fileName("K" + "x".repeat(9_999), "right", "20200106"), b = BatchRun.fileName("K" + "x".repeat(9_998) + "y", "right", "20200106");
		assertTrue(a.length() <= 100 && b.length() <= 100 && !a.equals(b), a + " " + b);
		assertEquals("_hidden_left_M6", BatchRun.fileName(".hidden", "left", "M6"));

		final List<String> names = new ArrayList<>(List.of("undated-10", "undated-2", "undated-1", "M12", "M6", "M06", "baseline", "M0"));
		names.sort(BatchRun::compareNames);
		assertEquals(List.of("M0", "M06", "M6", "M12", "baseline", "undated-1", "undated-2", "undated-10"), names);
		final List<ScanInput> knee = new ArrayList<>();
		for (final String[] t : new String[][] { { "undated-10", "" }, { "undated-9", "" }, { "20210111", "20210111" }, { "20200106-2", "20200106" },
				{ "20200106-10", "20200106" } })
			knee.add(new ScanInput("s", t[0], Laterality.RIGHT, Path.of("x"), null, null, "", t[1], null, List.of(), 0, "test"));
		knee.sort(BatchRun.TIME_ORDER);
		assertEquals(List.of("20200106-2", "20200106-10", "20210111", "undated-9", "undated-10"), knee.stream().map(ScanInput::timepoint).toList());
	}

	/** The tests' study UIDs. */
	private static String uid(final int n) {
		return "1.2.826.0.1.3680043.10.543.88." + n;
	}

	@Test
	void anErrorOneScanCausesFailsThatScanOnly(@TempDir final Path dir) throws Exception {
		final Path root = dir.resolve("cohort");
		final String[] kinds = { "overflow", "internal", "memory", "state" };
		for (int i = 0; i < kinds.length; i++)
			series(root.resolve("P-" + kinds[i]), "P-" + kinds[i], uid(i), "SAG 3D DESS " + kinds[i]);
		final KneeSegmenter hostile = (image, lesion) -> {
			final String d = image.metadata().get(Metadata.SERIES_DESCRIPTION);
			if (d.endsWith("overflow"))
				throw new StackOverflowError();
			if (d.endsWith("internal"))
				throw new InternalError("decoder\u0000broke\n  badly");
			if (d.endsWith("memory"))
				throw new OutOfMemoryError("Java heap space");
			throw new IllegalStateException("no knee in P-state's image\u0001 of study " + uid(3));
		};
		final CohortDiscovery.Found found = CohortDiscovery.discover(root);
		assertEquals(4, found.scans().size());
		final Path out = dir.resolve("out");
		final BatchRun.Summary summary = BatchRun.run(found.scans(), out,
				BatchRun.Options.defaults().withThreads(2).withSalt("hostile").withAnalyzer(KneeAnalyzer.builder().segmenter(hostile).build()), null);
		assertEquals(4, summary.count(BatchRun.Status.FAILED), summary.outcomes().toString());
		assertTrue(summary.anyFailed());
		final Map<String, String> errors = new TreeMap<>();
		try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			for (final ResultsStore.ScanRow r : store.scans()) {
				final String row = r.toString();
				assertTrue(row.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "no control character: " + row);
				assertFalse(Arrays.stream(kinds).anyMatch(k -> row.contains("P-" + k)) || row.contains(root.toString())
						|| row.contains("1.2.826.0.1.3680043.10.543"), "no identifier: " + row);
				errors.put(r.name(), r.error());
			}
		}
		for (final BatchRun.Outcome o : summary.outcomes()) {
			final String e = o.error();
			System.out.printf(Locale.ROOT, "%s (%s): %s%n", o.name(), o.origin(), e);
			assertEquals(errors.get(o.name()), e);
			assertTrue(o.origin().startsWith("study " + uid(0).substring(0, uid(0).length() - 1)), "the operator's log keeps where the scan is: " + o.origin());
			final String kind = Arrays.stream(kinds).filter(k -> o.origin().contains("P-" + k)).findFirst().orElseThrow();
			switch (kind) {
			case "overflow" -> assertTrue(e.contains("internal error: the stack overflowed (StackOverflowError)"), e);
			case "internal" -> assertTrue(e.contains("internal error: InternalError: decoder\\x00broke badly"), e);
			case "memory" -> assertTrue(e.startsWith("out of memory (Java heap space)") && e.contains("--threads") && e.contains("estimated at"), e);
			default -> assertTrue(e.startsWith("<" + o.name() + ">: automatic segmentation failed") && e.contains("no knee in " + o.name().substring(0, 12)
					+ "'s image\\x01 of study " + ScanInput.UID_PLACEHOLDER) && e.contains("\"SAG 3D DESS state\" " + ScanInput.UID_PLACEHOLDER), e);
			}
		}
		final String html = Files.readString(out.resolve(CohortReport.FILE));
		assertTrue(html.contains("the stack overflowed") && html.contains("Scans failed"), "the report lists the failures");
		assertFalse(Arrays.stream(kinds).anyMatch(k -> html.contains("P-" + k)) || html.contains("1.2.826.0.1.3680043.10.543"), "no identifier in the report");
	}

	/** A 40-slice series (the fewest a cartilage series has) of 16 × 16 pixels, right knee. */
	private static void series(final Path folder, final String patientId, final String studyUid, final String description) throws IOException {
		final short[] v = new short[16 * 16 * 40];
		Arrays.fill(v, (short) 100);
		final Volume<UnsignedShortType> image = Volumes.wrapUnsignedShorts(v, new int[] { 16, 16, 40 }, VoxelGeometry.axisAligned(0.5, 0.5, 1.0))
				.withMetadata(Metadata.empty().withLaterality(Laterality.RIGHT, "test"));
		MRSeriesWriter.write(image, SeriesDescription.builder(studyUid).studyInstanceUid(studyUid).patientId(patientId).studyDateTime("20200106", "")
				.seriesDescription(description).build(), folder);
	}

	@Test
	@Tag("slow")
	void tenThousandCharacterSubjectAndTimePointAreAnalysedAndWritten(@TempDir final Path dir) throws Exception {
		final PhantomSetup setup = PhantomSetup.defaults().withImaging(BatchRunPhantomTest.SMALL_GRID);
		VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(7), setup.baselineImaging(7)), dir.resolve("knee.nii.gz"));
		// (a manifest trims its cells, so the control characters are inside)
		final String subject = "K" + "x".repeat(4_999) + "\u0001" + "x".repeat(4_999), later = "M" + "9".repeat(4_999) + "\u0007" + "9".repeat(4_999);
		Files.writeString(dir.resolve("cohort.csv"), "subject,timepoint,side,path\n" + subject + ",2020-01-06,right,knee.nii.gz\n" + subject + "," + later
				+ ",right,knee.nii.gz\n");
		final List<ScanInput> scans = Manifest.read(dir.resolve("cohort.csv"));
		assertEquals(10_000, scans.get(1).subject().length());
		assertEquals(10_000, scans.get(1).timepoint().length());
		final Path out = dir.resolve("out");
		final BatchRun.Summary s = BatchRun.run(scans, out, BatchRun.Options.defaults().withThreads(2).withKeepIdentifiers(true), null);
		assertEquals(2, s.count(BatchRun.Status.ANALYSED), s.outcomes().toString());
		assertEquals(1, s.comparisons());
		assertFalse(s.anyFailed());
		for (final BatchRun.Outcome o : s.outcomes()) {
			assertTrue(o.name().length() <= UntrustedText.MAX_FILE_NAME, o.name());
			assertTrue(Files.isRegularFile(KneeAnalyzer.resultsFile(out.resolve(BatchRun.SCANS).resolve(o.name()))), o.name());
		}
		assertFalse(s.outcomes().get(0).name().equals(s.outcomes().get(1).name()));
		try (Stream<Path> pairs = Files.list(out.resolve(BatchRun.COMPARISONS))) {
			final List<Path> p = pairs.collect(Collectors.toList());
			assertEquals(1, p.size());
			assertTrue(p.get(0).getFileName().toString().length() <= UntrustedText.MAX_FILE_NAME && Files.isRegularFile(KneeAnalyzer.resultsFile(p.get(0))),
					p.toString());
		}
		try (ResultsStore store = ResultsStore.openReadOnly(out.resolve(ResultsStore.FILE))) {
			for (final ResultsStore.ScanRow r : store.scans()) {
				assertEquals(UntrustedText.printable(subject), r.subject());
				assertTrue(r.timepoint().equals("2020-01-06") || r.timepoint().equals(UntrustedText.printable(later)), r.timepoint());
			}
			assertEquals(UntrustedText.printable(later), store.comparisons().get(0).followUp());
		}
		for (final String table : List.of(CohortTables.MEASUREMENTS, CohortTables.CHANGES)) {
			final String text = Files.readString(out.resolve(table));
			assertTrue(text.contains(UntrustedText.printable(subject)), table);
			assertTrue(text.replace("\r\n", "").chars().noneMatch(c -> c < 0x20 || c == 0x7f), table + " holds a control character");
		}
		assertTrue(Files.readString(out.resolve(CohortTables.CHANGES)).contains(UntrustedText.printable(later)));
	}
}
