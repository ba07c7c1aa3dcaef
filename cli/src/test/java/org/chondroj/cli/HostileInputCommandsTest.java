package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ResultsFiles;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The command line's answers to bad input and bad places to write (issue 24): output checked before the work, an empty
 * or non-DICOM folder said as such, label values outside the numbering reported (and refused with --strict), control
 * characters from file names kept out of the reports and the messages. Each failure is one line naming the file and
 * the reason, and leaves nothing behind.
 */
class HostileInputCommandsTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		out.getBuffer().setLength(0);
		err.getBuffer().setLength(0);
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/** One line "chondroj: ..." holding every fragment, no trace. */
	private void assertError(final String... fragments) {
		final String e = StageLinesTest.withoutStages(err.toString());
		assertTrue(e.startsWith("chondroj: ") && e.strip().lines().count() == 1 && !e.contains("\tat ") && !e.contains("Exception"), e);
		for (final String f : fragments)
			assertTrue(e.contains(f), "'" + e.strip() + "' should say '" + f + "'");
	}

	/**
	 * The output is checked first: with an input that does not exist, the error is still about the output, so the
	 * check happens before the input is read (and before any segmentation, which would take a minute).
	 */
	@Test
	void outputIsCheckedBeforeTheWork(@TempDir final Path dir) throws IOException {
		final Path missing = dir.resolve("no-such-study");
		final Path file = Files.writeString(dir.resolve("taken.txt"), "keep");
		final Path full = Files.createDirectories(dir.resolve("full"));
		Files.writeString(full.resolve("keep.txt"), "keep");
		assertEquals(1, run("analyze", missing.toString(), "--out", file.toString()));
		assertError(file + ": exists and is not a folder");
		assertEquals(1, run("analyze", missing.toString(), "--out", full.toString()));
		assertError(full + ": exists and is not empty");
		assertEquals(1, run("analyze", missing.toString(), "--out", file.resolve("out").toString()));
		assertError(file.resolve("out") + ": " + file + " is a file, not a folder");
		final Path tooLong = dir.resolve("x".repeat(300));
		assertEquals(1, run("analyze", missing.toString(), "--out", tooLong.toString()));
		assertError(tooLong + ": cannot be written in " + dir + ": File name too long");
		assertEquals(1, run("phantom", "--out", full.toString()));
		assertError(full + ": exists and is not empty");
		assertEquals(1, run("phantom", "--from-labels", missing.toString(), "--out", file.toString()));
		assertError(file + ": exists and is not a folder");
		assertEquals(1, run("convert", missing.toString(), "--out", full.toString()));
		assertError(full + ": is a folder, not a file");
		assertEquals(1, run("compare", missing.toString(), missing.toString(), "--out", full.toString()));
		assertError(full + ": exists and is not empty");
		// and the input is still reported when the output is fine
		assertEquals(1, run("analyze", missing.toString(), "--out", dir.resolve("fine").toString()));
		assertError(missing + ": no such file or folder");
		assertEquals(List.of("full", "taken.txt"), names(dir), "nothing was written or left behind");
		assertEquals("keep", Files.readString(file));
	}

	/** An empty folder and a folder of other files are said to be such, not "0 series stacks, choose one". */
	@Test
	void aFolderWithoutDicomSaysWhatItHolds(@TempDir final Path dir) throws IOException {
		final Path empty = Files.createDirectories(dir.resolve("empty")), notes = Files.createDirectories(dir.resolve("notes"));
		Files.writeString(notes.resolve("readme.txt"), "not an image");
		final Path out = dir.resolve("x.nii.gz");
		assertEquals(1, run("convert", empty.toString(), "--out", out.toString()));
		assertError(empty + ": holds no DICOM image series: the folder is empty");
		assertEquals(1, run("convert", notes.toString(), "--out", out.toString()));
		assertError(notes + ": holds no DICOM image series: 1 file, 1 not DICOM (e.g. readme.txt)");
		assertEquals(1, run("analyze", notes.toString(), "--out", dir.resolve("o").toString()));
		assertError(notes + ": holds no DICOM image series: 1 file, 1 not DICOM (e.g. readme.txt)");
		assertFalse(Files.exists(out));
	}

	/**
	 * A label map holding a value its numbering does not name: measured without it (the figures equal the clean map's)
	 * and said in the quality notes; refused with --strict. Its file name holds control characters (an escape sequence,
	 * a bell), which reach neither the report, the tables, the console nor the message raw.
	 */
	@Test
	@Tag("slow")
	void unknownLabelValuesAreReportedAndRefusedWhenStrict(@TempDir final Path dir) throws IOException {
		final Volume<UnsignedByteType> labels = PhantomImages.dessLabels(PhantomKnees.standard(Laterality.LEFT, 2), ImagingConfig.defaults());
		final Path clean = dir.resolve("clean.nii.gz");
		VolumeFiles.write(labels, clean);
		final byte[] data = Volumes.byteData(labels);
		int stray = 0;
		for (int i = 0; i < data.length && stray < 50; i += 97)
			if (data[i] == 0) {
				data[i] = 42;
				stray++;
			}
		final Path odd = dir.resolve("knee\u001b[31m\u0007.nii.gz");
		VolumeFiles.write(labels, odd);
		assertEquals(0, run("analyze", "--labels", clean.toString(), "--out", dir.resolve("clean").toString()), err.toString());
		final ScanReport expected = ResultsFiles.read(dir.resolve("clean"));
		assertFalse(out.toString().contains("does not name"), out.toString());

		final Path o = dir.resolve("odd");
		assertEquals(0, run("analyze", "--labels", odd.toString(), "--out", o.toString()), err.toString());
		final String note = "the label map holds 1 value that the numbering oai-akoa does not name, not measured: 42 (" + stray + " voxels)";
		assertTrue(out.toString().contains("FLAG unmapped_labels: " + note), out.toString());
		final ScanReport r = ResultsFiles.read(o);
		assertEquals(QcFlag.of(QcFlag.Kind.UNMAPPED_LABELS, note + "; check the label numbering"), r.flags().get(0));
		for (final Region region : Region.REPORTED)
			for (final Metric m : Metric.values())
				assertEquals(expected.value(region, m), r.value(region, m), 0.0, region + " " + m + ": the stray voxels are not measured");
		for (final String f : new String[] { "report.html", "measurements.csv" }) {
			final String text = Files.readString(o.resolve(f));
			assertTrue(text.contains("knee\\x1b[31m\\x07"), f + " names the scan with its control characters escaped");
			assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t'), f + " holds a control character");
		}
		assertTrue(Files.readString(o.resolve("report.html")).contains(note), "the note is in the report");

		assertEquals(1, run("analyze", "--labels", odd.toString(), "--strict", "--out", dir.resolve("strict").toString()));
		assertError(dir.resolve("knee\\x1b[31m\\x07.nii.gz") + ": holds 1 value that the numbering oai-akoa does not name: 42 (" + stray
				+ " voxels); refused (strict labels)");
		assertFalse(Files.exists(dir.resolve("strict")));
		assertEquals(0, run("analyze", "--labels", clean.toString(), "--strict", "--out", dir.resolve("clean-strict").toString()), err.toString());
	}

	private static List<String> names(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
