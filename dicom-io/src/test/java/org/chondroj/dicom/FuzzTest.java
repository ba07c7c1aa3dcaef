package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.chondroj.core.testing.Mutations;
import org.chondroj.core.testing.RealData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of real files: every case must end in a {@link DicomFile} (then {@link PixelData#decode} in
 * pixels or a {@link DicomFormatException}) or in a {@link DicomFormatException} naming the file; never another
 * exception, never a hang (a time limit per case), never an {@link OutOfMemoryError}. The files are small (at most
 * the 0.5 MB GE file), so an allocation driven by a damaged length would show as an OutOfMemoryError under
 * Surefire's heap rather than pass unnoticed.
 */
class FuzzTest {

	private static final long SEED = 20261121L;
	private static final int CASE_SECONDS = 10;
	private static final long[] EXTREME = { 0xFFFFFFFFL, 0xFFFFFFFEL, 0x7FFFFFF0L, 0x7FFFFFFFL, 0x80000000L, 0, 1, 3, 0xFFFFL, 0xFFFEL, 0x10001L };

	private static ExecutorService executor;
	/** Cases refused by {@code read} in the current file (written by the case thread, read after it finished). */
	private static final int[] REFUSED = new int[1];

	@BeforeAll
	static void start() {
		executor = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "fuzz case");
			t.setDaemon(true);
			return t;
		});
	}

	@AfterAll
	static void stop() {
		executor.shutdownNow();
	}

	@Test
	void mrSmall(@TempDir final Path dir) throws Exception {
		fuzz(Files.readAllBytes(DicomTesting.pydicomFile("MR_small.dcm")), dir.resolve("MR_small-fuzz.dcm"), 5000);
	}

	@Test
	@org.junit.jupiter.api.Tag("slow")
	void deflated(@TempDir final Path dir) throws Exception {
		fuzz(Files.readAllBytes(DicomTesting.pydicomFile("image_dfl.dcm")), dir.resolve("image_dfl-fuzz.dcm"), 5000);
	}

	@Test
	@org.junit.jupiter.api.Tag("slow")
	void nestedSequences(@TempDir final Path dir) throws Exception {
		fuzz(Files.readAllBytes(DicomTesting.pydicomFile("test-SR.dcm")), dir.resolve("test-SR-fuzz.dcm"), 4000);
		fuzz(Files.readAllBytes(DicomTesting.pydicomFile("UN_sequence.dcm")), dir.resolve("UN_sequence-fuzz.dcm"), 500);
		fuzz(Files.readAllBytes(DicomTesting.pydicomFile("MR_small_implicit.dcm")), dir.resolve("implicit-fuzz.dcm"), 500);
		fuzz(Files.readAllBytes(DicomTesting.pydicomFile("MR_small_bigendian.dcm")), dir.resolve("bigendian-fuzz.dcm"), 500);
	}

	@Test
	@org.junit.jupiter.api.Tag("slow")
	void geKneeFile(@TempDir final Path dir) throws Exception {
		fuzz(Files.readAllBytes(RealData.require("dicom/ge-knee-dess-echo1/IM-0001-0001-0001.dcm")), dir.resolve("ge-fuzz.dcm"), 800);
	}

	/** 200 truncations, then {@code randomCases} random mutations of {@code original}. */
	private static void fuzz(final byte[] original, final Path file, final int randomCases) throws Exception {
		final List<Integer> headers = lengthFields(original);
		final long started = System.nanoTime();
		int caseNumber = 0;
		REFUSED[0] = 0;
		for (int t = 0; t < 200; t++, caseNumber++)
			check(Arrays.copyOf(original, (int) ((long) original.length * t / 200)), file, caseNumber, "truncated at " + t + "/200");
		for (int i = 0; i < randomCases; i++, caseNumber++) {
			final SplittableRandom r = new SplittableRandom(SEED * 31 + caseNumber);
			byte[] b = original.clone();
			final StringBuilder what = new StringBuilder();
			switch (r.nextInt(4)) {
			case 0 -> b = Mutations.overwrite(b, r, what);
			case 1 -> {
				final long v = r.nextBoolean() ? EXTREME[r.nextInt(EXTREME.length)] : (r.nextLong() & 0xFFFFFFFFL) | 1;
				final int at = headers.isEmpty() ? r.nextInt(b.length - 4) : headers.get(r.nextInt(headers.size()));
				final boolean shortField = at >= 0 && r.nextInt(4) == 0;
				for (int k = 0; k < (shortField ? 2 : 4) && at + k < b.length; k++)
					b[at + k] = (byte) (v >>> 8 * k);
				what.append("length ").append(Long.toHexString(v)).append(" at ").append(at);
			}
			case 2 -> b = Mutations.insert(b, r, what);
			default -> b = Mutations.delete(b, r, what);
			}
			check(b, file, caseNumber, what.toString());
		}
		System.out.printf(java.util.Locale.ROOT, "fuzz %s: %d cases (%d refused with DicomFormatException by read) in %.1f s%n", file.getFileName(),
				caseNumber, REFUSED[0], (System.nanoTime() - started) / 1e9);
	}

	/** Offsets of the length fields of explicit-VR element headers and of item headers in the file. */
	private static List<Integer> lengthFields(final byte[] b) {
		final List<Integer> at = new ArrayList<>();
		for (int i = 0; i + 12 <= b.length; i += 2) {
			final VR vr = VR.of(b[i + 4] & 0xFF, b[i + 5] & 0xFF);
			if (vr != null)
				at.add(vr.hasLongLength() ? i + 8 : i + 6);
			if (b[i] == (byte) 0xFE && b[i + 1] == (byte) 0xFF && (b[i + 2] == 0 || b[i + 2] == (byte) 0xDD || b[i + 2] == 0x0D) && b[i + 3] == (byte) 0xE0)
				at.add(i + 4);
		}
		return at;
	}

	private static void check(final byte[] bytes, final Path file, final int caseNumber, final String what) throws Exception {
		Files.write(file, bytes);
		final String name = file.getFileName().toString();
		final Future<String> outcome = executor.submit(() -> {
			for (final boolean header : new boolean[] { false, true }) {
				try {
					final DicomFile f = header ? DicomReader.readHeader(file) : DicomReader.read(file);
					if (!header && f.dataset().contains(Tag.PixelData)) {
						try {
							PixelData.decode(f);
						} catch (final DicomFormatException e) {
							if (!e.getMessage().contains(name))
								return "PixelData.decode: message without the file name: " + e.getMessage();
						}
					}
				} catch (final DicomFormatException e) {
					if (!header)
						REFUSED[0]++;
					if (!e.getMessage().contains(name))
						return (header ? "readHeader" : "read") + ": message without the file name: " + e.getMessage();
				}
			}
			return null;
		});
		final String problem;
		try {
			problem = outcome.get(CASE_SECONDS, TimeUnit.SECONDS);
		} catch (final TimeoutException e) {
			outcome.cancel(true);
			fail("seed " + SEED + ", case " + caseNumber + " of " + name + " (" + what + "): no result after " + CASE_SECONDS + " s (hang?)");
			return;
		} catch (final ExecutionException e) {
			throw new AssertionError("seed " + SEED + ", case " + caseNumber + " of " + name + " (" + what + "): " + e.getCause(), e.getCause());
		}
		if (problem != null)
			fail("seed " + SEED + ", case " + caseNumber + " of " + name + " (" + what + "): " + problem);
	}

	/* ---- the allocation guard itself ---- */

	@Test
	void impossibleLengthsAreRefusedBeforeAllocating(@TempDir final Path dir) throws IOException {
		final Path file = Files.write(dir.resolve("small.dcm"), new byte[100]);
		final DicomInput known = new DicomInput(file, new ByteArrayInputStream(new byte[100]), 100);
		final DicomFormatException e = assertThrows(DicomFormatException.class, () -> known.bytes(0x7FFFFFF0L, Tag.PixelData.number()));
		assertTrue(e.getMessage().contains("small.dcm") && e.getMessage().contains("exceeds"), e.getMessage());
		assertEquals(0, e.offset());
		assertThrows(DicomFormatException.class, () -> known.bytes(101, 0x00100010));
		assertThrows(DicomFormatException.class, () -> known.bytes(0xFFFFFFFFL, 0x00100010));
		assertEquals(100, known.bytes(100, 0x00100010).length);
		// unknown length (deflated): a huge claimed length ends at the end of the data, having grown only with it
		final DicomInput unknown = new DicomInput(file, new ByteArrayInputStream(new byte[100]), -1);
		final DicomFormatException t = assertThrows(DicomFormatException.class, () -> unknown.bytes(0x7FFFFFF0L, 0x00100010));
		assertTrue(t.getMessage().contains("truncated"), t.getMessage());
		assertThrows(DicomFormatException.class, () -> new DicomInput(file, new ByteArrayInputStream(new byte[0]), -1).bytes(0xFFFFFFFFL, 0));
	}
}
