package org.chondroj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.VolumeFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results store's rows and schema check, the pseudonyms, the heap budget and the hashes, without analysing a knee. */
class ResultsStoreTest {

	@Test
	void rowsSurviveReopeningAndReplace(@TempDir final Path dir) throws IOException {
		final Path file = dir.resolve(ResultsStore.FILE);
		final ResultsStore.ScanRow done = new ResultsStore.ScanRow("S-1|right|t0", "S-1_right_t0", "S-1", "right", "t0", "20200106", "A", "in", "par",
				ResultsStore.DONE, null, "{}", "2026-01-01T00:00:00Z", 1.5, 540);
		try (ResultsStore s = ResultsStore.open(file)) {
			s.put(done);
			s.put(new ResultsStore.ScanRow("S-1|right|t1", "S-1_right_t1", "S-1", "right", "t1", "", "A", "in2", "par", ResultsStore.FAILED, "x: bad", null,
					"", 0.1, 540));
			s.put(new ResultsStore.ComparisonRow("S-1|right|t0|t1", "n", "S-1", "right", "t0", "t1", "A", "h", "p", ResultsStore.FAILED, "e", null, "", 0));
		}
		try (ResultsStore s = ResultsStore.open(file)) {
			assertEquals(done, s.scan("S-1|right|t0"));
			assertEquals(2, s.scans().size());
			assertNull(s.scan("nothing"));
			s.put(new ResultsStore.ScanRow("S-1|right|t1", "S-1_right_t1", "S-1", "right", "t1", "", "A", "in3", "par", ResultsStore.DONE, null, "{}", "", 2,
					540));
			assertEquals(2, s.scans().size(), "replaced, not added");
			assertEquals(ResultsStore.DONE, s.scan("S-1|right|t1").status());
			assertEquals("e", s.comparison("S-1|right|t0|t1").error());
			assertEquals(done.withoutTimings(), s.scan("S-1|right|t0").withoutTimings());
			s.meta("schema_version", "99");
		}
		final IOException e = assertThrows(IOException.class, () -> ResultsStore.open(file));
		assertTrue(e.getMessage().contains(file + ": results store of schema version 99"), e.getMessage());
		Files.writeString(dir.resolve("not.sqlite"), "not a database, just text that is long enough to be read as a header...........");
		final IOException f = assertThrows(IOException.class, () -> ResultsStore.open(dir.resolve("not.sqlite")));
		assertTrue(f.getMessage().contains("not.sqlite"), f.getMessage());
	}

	@Test
	void pseudonymsAreStableAndSalted() {
		final Pseudonyms a = Pseudonyms.withSalt("one"), b = Pseudonyms.withSalt("two");
		assertEquals(a.of("PATIENT-1"), Pseudonyms.withSalt("one").of("PATIENT-1"));
		assertNotEquals(a.of("PATIENT-1"), b.of("PATIENT-1"));
		assertNotEquals(a.of("PATIENT-1"), a.of("PATIENT-2"));
		assertTrue(a.of("PATIENT-1").matches("S-[0-9a-f]{10}"), a.of("PATIENT-1"));
		assertNotEquals(Pseudonyms.randomSalt(), Pseudonyms.randomSalt());
	}

	@Test
	void heapBudgetAndHashes(@TempDir final Path dir) throws IOException {
		final HeapBudget budget = new HeapBudget(4L << 30);
		assertEquals(6, budget.fitting(540L << 20), "floor(0.8 × 4096 / 540)");
		assertEquals(1, budget.fitting(8L << 30), "at least one");
		final Path nii = dir.resolve("labels.nii.gz");
		VolumeFiles.write(Volumes.unsignedBytes(new int[] { 30, 20, 10 }, VoxelGeometry.axisAligned(1, 1, 1)), nii);
		assertEquals(6000, HeapBudget.niftiVoxels(nii));
		final ScanInput scan = new ScanInput("s", "t", Laterality.RIGHT, nii, null, null, "", "", null, List.of(), 0, "test");
		assertEquals((long) Math.ceil(6000 * HeapBudget.BYTES_PER_VOXEL_LABELS), HeapBudget.estimate(scan));
		final String h = Hashes.inputs(scan);
		assertEquals(h, Hashes.inputs(scan));
		Files.write(nii, new byte[] { 1 }, StandardOpenOption.APPEND);
		assertNotEquals(h, Hashes.inputs(scan), "a changed file changes the input hash");
	}
}
