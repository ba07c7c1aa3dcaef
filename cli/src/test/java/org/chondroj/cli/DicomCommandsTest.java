package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.DicomVolumes;
import org.junit.jupiter.api.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code info} and {@code convert} on DICOM folders (the GE DESS series of the real data, plus extra files). */
class DicomCommandsTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	@TempDir
	static Path shared;
	private static Path folder;

	/** The GE series, copied (once for all tests) into a folder with a text file and a DICOM file cut short. */
	private static Path geWithExtras(final Path unused) throws Exception {
		final Path ge = RealData.require("dicom/ge-knee-dess-echo1");
		synchronized (DicomCommandsTest.class) {
			if (folder == null) {
				final Path f = Files.createDirectories(shared.resolve("scan"));
				try (Stream<Path> files = Files.list(ge)) {
					for (final Path p : files.collect(Collectors.toList()))
						Files.copy(p, f.resolve(p.getFileName()));
				}
				Files.writeString(f.resolve("notes \"1\".txt"), "not DICOM\n");
				Files.write(f.resolve("cut.dcm"), Arrays.copyOf(Files.readAllBytes(ge.resolve("IM-0001-0001-0001.dcm")), 600));
				folder = f;
			}
		}
		return folder;
	}

	@Test
	void infoText(@TempDir final Path dir) throws Exception {
		final Path folder = geWithExtras(dir);
		assertEquals(0, run("info", folder.toString()), err.toString());
		final String text = out.toString();
		assertTrue(text.contains("    series 1.3.6.1.4.1.19291.2.1.2.1240241521310421957358529148331\n"), text);
		assertTrue(text.contains("description  Sag DESS 3132 30 HiRes thk1p5 ARCx2\n"), text);
		assertTrue(text.contains("size         512 rows × 512 columns × 80 slices\n"), text);
		assertTrue(text.contains("voxel size   0.3125 × 0.3125 × 1.5000 mm\n"), text);
		assertTrue(text.contains("orientation  sagittal: i towards posterior, j towards inferior, k towards right\n"), text);
		assertTrue(text.contains("TE / TR      7.48 / 25 ms\n"), text);
		assertTrue(text.contains("laterality   unknown (no Laterality"), text);
		assertTrue(text.contains("files        80\n"), text);
		assertTrue(text.contains("other files  1 non-DICOM, 0 DICOM without image, 1 unreadable\n"), text);
		assertTrue(text.contains("unreadable: " + folder.resolve("cut.dcm")), text);
	}

	/** --json: parsed back by Python's json module (an independent parser), fields checked. */
	@Test
	void infoJson(@TempDir final Path dir) throws Exception {
		final Path folder = geWithExtras(dir);
		ExternalTools.requirePython("json");
		assertEquals(0, run("info", "--json", folder.toString()), err.toString());
		final Path json = Files.writeString(dir.resolve("info.json"), out.toString());
		final String fields = ExternalTools.pythonCode(String.join("\n", "import sys, json", "d = json.load(open(sys.argv[1]))[0]",
				"s = d['studies'][0]['series'][0]",
				"print(d['kind'], len(d['studies']), s['rows'], s['columns'], s['slices'], s['files'], s['voxelSize'], s['echoTime'], s['repetitionTime'])",
				"print(s['orientation'], repr(s['laterality']), s['description'], s['metadata']['Manufacturer'])",
				"print([p.split('/')[-1] for p in d['nonDicomFiles']], len(d['unreadableFiles']), d['unreadableFiles'][0]['file'].split('/')[-1])"),
				json.toString());
		assertEquals(List.of("dicom 1 512 512 80 80 [0.3125, 0.3125, 1.4999974683544304] 7.48 25", "sagittal '' Sag DESS 3132 30 HiRes thk1p5 ARCx2 GE MEDICAL SYSTEMS",
				"['notes \"1\".txt'] 1 cut.dcm"), fields.lines().collect(Collectors.toList()));
	}

	/** convert writes the series (atomically, through VolumeFiles); the file reads back as the same grid and values. */
	@Test
	@Tag("slow")
	void convert(@TempDir final Path dir) throws Exception {
		final Path folder = geWithExtras(dir);
		final Path nii = dir.resolve("knee.nii.gz");
		assertEquals(0, run("convert", folder.toString(), "--out", nii.toString()), err.toString()); // one series: --series may be omitted
		assertTrue(out.toString().contains("512 × 512 × 80 int16"), out.toString());
		final Volume<?> back = VolumeFiles.read(nii);
		final Volume<?> direct = DicomVolumes.read(folder, "1.3.6.1.4.1.19291.2.1.2.1240241521310421957358529148331", DicomVolumes.Options.defaults());
		assertTrue(back.geometry().approximatelyEquals(direct.geometry(), 1e-4), back.geometry() + " vs " + direct.geometry());
		assertTrue(Arrays.equals(Volumes.floatValues(back), Volumes.floatValues(direct)));
		assertEquals(folder.toAbsolutePath().toString(), direct.metadata().get(Metadata.SOURCE));
		try (Stream<Path> left = Files.list(dir)) {
			assertEquals(List.of("knee.nii.gz"), left.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()), "no temporary files left");
		}
	}

	/** A series id that is not there: exit 1, "chondroj: PATH: no series …; found: …", no stack trace, nothing written. */
	@Test
	void convertUnknownSeries(@TempDir final Path dir) throws Exception {
		final Path folder = geWithExtras(dir);
		final Path nii = dir.resolve("x.nii.gz");
		assertEquals(1, run("convert", folder.toString(), "--series", "1.2.3", "--out", nii.toString()));
		assertTrue(err.toString().startsWith("chondroj: " + folder + ": no series 1.2.3; found: 1:\n  1.3.6.1.4.1.19291.2.1.2.1240241521310421957358529148331"
				+ "  (#5 \"Sag DESS 3132 30 HiRes thk1p5 ARCx2\", MR, 512 × 512 × 80)"), err.toString());
		assertFalse(err.toString().contains("\tat "), err.toString());
		assertFalse(Files.exists(nii));
	}

	/**
	 * A folder of several series without --series: exit 1, and the series are listed one per line with their number,
	 * description, modality and size (as info gives them), so the user can choose without running info.
	 */
	@Test
	void convertListsTheSeriesToChooseFrom(@TempDir final Path dir) throws Exception {
		assertEquals(0, run("phantom", "--out", dir.resolve("study").toString()), err.toString());
		err.getBuffer().setLength(0);
		final Path dicom = dir.resolve("study/DICOM");
		assertEquals(1, run("convert", dicom.toString(), "--out", dir.resolve("x.nii").toString()));
		final List<String> lines = err.toString().lines().collect(Collectors.toList());
		assertEquals("chondroj: " + dicom + ": the folder holds 2 series stacks; choose one by its id (--series ID):", lines.get(0), err.toString());
		assertEquals(3, lines.size(), err.toString());
		for (final String line : lines.subList(1, 3))
			assertTrue(line.matches("  [0-9.]+  \\(#\\d+ \"[^\"]+\", MR, \\d+ × \\d+ × \\d+\\)"), line);
		assertTrue(err.toString().contains("DESS"), err.toString());
		assertFalse(Files.exists(dir.resolve("x.nii")));
	}

	/** A folder without DICOM: convert says so, and what the folder holds instead. */
	@Test
	void convertEmptyFolder(@TempDir final Path dir) throws Exception {
		Files.writeString(dir.resolve("a.txt"), "x");
		assertEquals(1, run("convert", dir.toString(), "--out", dir.resolve("x.nii").toString()));
		assertEquals("chondroj: " + dir + ": holds no DICOM image series: 1 file, 1 not DICOM (e.g. a.txt)", err.toString().strip());
	}

	/** The JSON writer's escaping and numbers, parsed back by Python. */
	@Test
	void jsonWriterEscapes(@TempDir final Path dir) throws Exception {
		ExternalTools.requirePython("json");
		final String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 é ü \u2028 end";
		final ObjectNode o = Json.object().put("text", nasty).put("half", 0.5).put("big", 12345678901L).put("tiny", 1e-7).put("nan", Double.NaN);
		o.putArray("empty");
		o.putObject("obj");
		final Path file = dir.resolve("t.json");
		Json.write(file, o);
		final String back = ExternalTools.pythonCode(String.join("\n", "import sys, json", "d = json.load(open(sys.argv[1], encoding='utf-8'))",
				"sys.stdout.buffer.write((json.dumps(d['text']) + ' ' + repr(d['half']) + ' ' + repr(d['big']) + ' ' + repr(d['tiny']) + ' ' + repr(d['nan']) + ' ' + repr(d['empty']) + repr(d['obj'])).encode('ascii'))"),
				file.toString());
		assertEquals("\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 \\u00e9 \\u00fc \\u2028 end\" 0.5 12345678901 1e-07 None []{}", back);
	}
}
