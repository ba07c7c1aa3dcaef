package org.chondroj.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chondroj.analysis.DicomOutputs;
import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Laterality;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.chondroj.report.ScanOutputs;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageJ 1.x as a user runs it: a separate JVM started on the assembled {@code Fiji.app} (the plugin jar in
 * {@code plugins/}, the library jars of {@code jars/} on the class path as Fiji puts them, with ImageJ, ImgLib2 and
 * JOML, which Fiji ships), running a macro as the Macro Recorder writes it: open the phantom's DESS and IW series,
 * analyse the knee with automatic segmentation, save the Results table as CSV, capture the screen
 * ({@code target/fiji-screenshot.png}: the Results table and a thickness map as the user sees them), quit. The CSV must
 * hold what {@code chondroj analyze} measures on the same study ({@link ScanOutputs#write}'s measurements.csv): every
 * region and metric, within the CSV's rounding ({@value KneeTables#DECIMALS} decimals).
 * <p>
 * Needs a display (CI: {@code xvfb-run}); without one it is skipped with the reason, unless {@code chondroj.interop=true}.
 */
@Tag("slow")
class FijiMacroIT {

	private static final long TIMEOUT_S = 300;

	@Test
	void recordedMacroMeasuresAsTheCommandLine(@TempDir final Path dir) throws Exception {
		ExternalTools.requireDisplay();
		final Path app = Path.of(System.getProperty("chondroj.fiji.app", "target/Fiji.app")), target = Path.of(System.getProperty("chondroj.target", "target"));
		assertTrue(Files.isRegularFile(app.resolve("plugins/ChondroJ_.jar")), "the assembled " + app);
		final PhantomStudy.Written study = PhantomStudy.writeBaseline(PhantomSetup.defaults().withSide(Laterality.RIGHT), 11, dir.resolve("knee"));
		final Path dicom = study.folder().resolve("DICOM"), csv = dir.resolve("results.csv"), png = target.resolve("fiji-screenshot.png");
		final Path fijiOut = dir.resolve("fiji-out");
		Files.deleteIfExists(png);
		final String dess = OpenDicomSeries.describe(DicomScanner.scan(dicom).series(study.dessSeriesUid()));
		final String iw = OpenDicomSeries.describe(DicomScanner.scan(dicom).series(study.iwSeriesUid()));
		final String macro = String.join("\n",
				"run(\"Open DICOM Series...\", \"folder=[" + dicom + "] series=[" + dess + "]\");",
				"dess = getTitle();",
				"run(\"Open DICOM Series...\", \"folder=[" + dicom + "] series=[" + iw + "]\");",
				"selectImage(dess);",
				"run(\"Analyze Knee...\", \"segmentation=automatic label_image=none preset=oai-akoa lesion_image=[" + PhantomStudy.IW_DESCRIPTION
						+ "] side=auto weight_bearing=0.60 labels=overlay thickness_maps dicom_outputs output_folder=[" + fijiOut + "]\");",
				"saveAs(\"Results\", \"" + csv + "\");",
				// the screenshot: the DESS with its label overlay, the tibial thickness map, the Results table
				"selectImage(\"" + PhantomStudy.IW_DESCRIPTION + "\"); close();",
				"selectImage(\"" + PhantomStudy.DESS_DESCRIPTION + " thickness (mm)\"); close();",
				"selectImage(\"thickness_patella\"); close();",
				"selectImage(dess); setSlice(60); setLocation(0, 130);",
				"selectImage(\"thickness_tibia\"); setLocation(400, 130);",
				"selectImage(\"thickness_femur\"); setLocation(1110, 130);",
				"Table.setLocationAndSize(0, 560, 1500, 560, \"Results\");",
				"wait(1500);",
				"run(\"Capture Screen\");",
				"saveAs(\"PNG\", \"" + png + "\");",
				"run(\"Quit\");", "");
		final Path macroFile = dir.resolve("analyze.ijm");
		Files.writeString(macroFile, macro);
		final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
				"-Duser.home=" + Files.createDirectories(dir.resolve("home")), "-Dplugins.dir=" + app.toAbsolutePath(), "-cp", classPath(app),
				"ij.ImageJ", "-port0", "-macro", macroFile.toString()));
		final Path log = dir.resolve("imagej.log");
		final long t0 = System.nanoTime();
		final Process imagej = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			// meanwhile, what chondroj analyze measures (the same automatic segmentation of the same series)
			final KneeMeasurement.Result reference = KneeAnalyzer.create().analyzeStudy(dicom);
			final Path cli = dir.resolve("cli");
			KneeAnalyzer.write(reference, cli);
			final Map<String, Double> expected = readTidy(cli.resolve("measurements.csv"));
			waitFor(imagej, csv, png, log);
			System.out.printf("FijiMacroIT: ImageJ ran the macro in %.1f s; screenshot %s%n", (System.nanoTime() - t0) * 1e-9, png.toAbsolutePath());
			final Map<String, Double> measured = readResults(csv);
			assertEquals(expected.keySet(), measured.keySet(), "the same regions and metrics");
			for (final Map.Entry<String, Double> e : expected.entrySet()) {
				final double m = measured.get(e.getKey());
				if (Double.isNaN(e.getValue()))
					assertTrue(Double.isNaN(m), e.getKey());
				else
					assertEquals(e.getValue(), m, 0.51 * Math.pow(10, -KneeTables.DECIMALS), e.getKey());
			}
			assertTrue(Files.size(png) > 10_000, "the screenshot " + png);
			// dicom_outputs: the SEG on the DESS series the image was opened from, the SR on it
			final org.chondroj.dicom.Attributes seg = org.chondroj.dicom.DicomReader.read(fijiOut.resolve(DicomOutputs.SEGMENTATION)).dataset();
			final org.chondroj.dicom.Attributes sr = org.chondroj.dicom.DicomReader.read(fijiOut.resolve(DicomOutputs.MEASUREMENTS)).dataset();
			assertEquals(study.frameOfReferenceUid(), seg.string(org.chondroj.dicom.Tag.FrameOfReferenceUID));
			assertEquals(study.dessSeriesUid(), seg.sequence(org.chondroj.dicom.Tag.ReferencedSeriesSequence).get(0)
					.string(org.chondroj.dicom.Tag.SeriesInstanceUID));
			assertEquals(study.studyInstanceUid(), sr.string(org.chondroj.dicom.Tag.StudyInstanceUID));
		} finally {
			imagej.destroyForcibly();
		}
	}

	/** ImageJ, then the jars Fiji would have: ImageJ, ImgLib2, JOML, EJML, Jackson (from this test's class path), and Fiji.app/jars. */
	private static String classPath(final Path app) throws URISyntaxException {
		final List<String> cp = new ArrayList<>();
		// what Fiji ships and Fiji.app/jars therefore leaves out: ImageJ, ImgLib2, JOML, EJML, Jackson
		for (final Class<?> c : new Class<?>[] { ij.ImageJ.class, net.imglib2.img.Img.class, org.joml.Vector3d.class, org.ejml.data.DMatrixRMaj.class,
				org.ejml.dense.row.CommonOps_DDRM.class, com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.databind.ObjectMapper.class,
				com.fasterxml.jackson.annotation.JsonProperty.class })
			cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
		cp.add(app.toAbsolutePath().resolve("jars") + File.separator + "*");
		return String.join(File.pathSeparator, cp);
	}

	/** Waits for ImageJ to quit; a run that left its files but hangs on quitting (a dialog) is stopped after 20 s. */
	private static void waitFor(final Process p, final Path csv, final Path png, final Path log) throws InterruptedException, IOException {
		final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
		long filesSince = 0;
		while (!p.waitFor(1, TimeUnit.SECONDS)) {
			if (Files.exists(csv) && Files.exists(png) && filesSince == 0)
				filesSince = System.nanoTime();
			if (filesSince != 0 && System.nanoTime() - filesSince > TimeUnit.SECONDS.toNanos(20)) {
				System.out.println("FijiMacroIT: ImageJ did not quit 20 s after writing its files; stopped");
				p.destroyForcibly();
				return;
			}
			if (System.nanoTime() > deadline) {
				p.destroyForcibly();
				fail("ImageJ did not finish the macro in " + TIMEOUT_S + " s; its output:\n" + Files.readString(log));
			}
		}
		if (!Files.exists(csv))
			fail("ImageJ quit (exit " + p.exitValue() + ") without writing " + csv + "; its output:\n" + Files.readString(log));
	}

	/** measurements.csv (scan,region,metric,value,unit) → "region metric" → value, cartilage metrics only. */
	private static Map<String, Double> readTidy(final Path file) throws IOException {
		final Map<String, Double> out = new LinkedHashMap<>();
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		for (final String line : lines.subList(1, lines.size())) {
			final String[] f = line.split(",", -1);
			if (Metric.byKey(f[2]) != null)
				out.put(f[1] + " " + f[2], f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]));
		}
		return out;
	}

	/** The Results table saved by ImageJ (Scan,Region,VC,…) → "region metric" → value. */
	private static Map<String, Double> readResults(final Path file) throws IOException {
		final Map<String, Double> out = new LinkedHashMap<>();
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		final List<String> head = List.of(lines.get(0).split(","));
		for (final String line : lines.subList(1, lines.size())) {
			final String[] f = line.split(",", -1);
			final String region = f[head.indexOf("Region")];
			for (final Metric key : Metric.values())
				out.put(region + " " + key.key(), Double.parseDouble(f[head.indexOf(key.key())]));
		}
		return out;
	}
}
