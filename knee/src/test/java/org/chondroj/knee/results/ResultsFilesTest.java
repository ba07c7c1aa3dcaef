package org.chondroj.knee.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.JsonFormatException;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {

	private static ScanReport sample() {
		return ScanReport.builder("knee, \"A\"").side(Laterality.LEFT, "metadata: Laterality L").weightBearingFraction(0.75)
				.region(Region.MT, Metric.VC, 1523.25).region(Region.MT, Metric.ThCcAB, 1.4823).region(Region.MT, Metric.dAB, 0).region(Region.cMF, Metric.ThCtAB, Double.NaN)
				.lesion(Compartment.MF, LesionMetric.VOLUME, 301.5).lesion(Compartment.MF, LesionMetric.MOAKS_GRADE, 1).qc("cMF: 12 % of the plate has no cartilage")
				.flag(new QcFlag(QcFlag.Kind.DENUDED_BONE, "cMF", "12 % of the plate's bone is denuded")).flag(QcFlag.of(QcFlag.Kind.THICK_SLICES, "3 mm \"slices\""))
				.provenance("version", "0.1.0").provenance("labels", "/data/k.nii.gz").build();
	}

	/** What is written reads back equal, NaN included; the CSV is tidy, quoted where needed, with units. */
	@Test
	void roundTrip(@TempDir final Path dir) throws IOException {
		final ScanReport r = sample();
		ResultsFiles.write(r, dir.resolve("out"));
		final ScanReport back = ResultsFiles.read(dir.resolve("out"));
		assertEquals(r.scan(), back.scan());
		assertEquals(Laterality.LEFT, back.side());
		assertEquals(r.sideSource(), back.sideSource());
		assertEquals(0.75, back.weightBearingFraction());
		assertEquals(r.regions(), back.regions());
		assertEquals(r.lesions(), back.lesions());
		assertEquals(r.qc(), back.qc());
		assertEquals(r.flags(), back.flags());
		assertEquals(2, back.flags().size());
		assertEquals(r.provenance(), back.provenance());
		assertTrue(Double.isNaN(back.value(Region.cMF, Metric.ThCtAB)));
		assertEquals(301.5, back.lesionValue(Compartment.MF, LesionMetric.VOLUME));
		final List<String> csv = Files.readAllLines(dir.resolve("out").resolve(ResultsFiles.MEASUREMENTS));
		assertEquals(List.of("scan,region,metric,value,unit", "\"knee, \"\"A\"\"\",MT,VC,1523.25,mm3", "\"knee, \"\"A\"\"\",MT,ThCcAB,1.4823,mm",
				"\"knee, \"\"A\"\"\",MT,dAB,0,%", "\"knee, \"\"A\"\"\",cMF,ThCtAB,,mm", "\"knee, \"\"A\"\"\",MF,volume_mm3,301.5,mm3",
				"\"knee, \"\"A\"\"\",MF,moaks_grade,1,grade"), csv);
		assertTrue(Files.readString(dir.resolve("out").resolve(ResultsFiles.RESULTS)).contains("\"ThCtAB\": null"));
	}

	@Test
	void readRefusesOtherFiles(@TempDir final Path dir) throws IOException {
		final Path truth = dir.resolve("truth.json");
		Files.writeString(truth, "{\"schema\": \"chondroj-truth/1\"}");
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> ResultsFiles.read(truth));
		assertTrue(e.getMessage().startsWith(truth + ": schema: not a ChondroJ results file"), e.getMessage());
	}

	/**
	 * results.json as ChondroJ wrote it before Jackson ({@code results-v1-*.json}, written by its own JSON writer):
	 * escapes in the scan name, notes and provenance, not measured values (NaN, and infinity) as null, -0 as 0, 1e-5
	 * and 1e20, 15-digit integers, empty lesions, qc and provenance; read back (as text and as a file) and written again
	 * byte for byte.
	 */
	@Test
	void readsAndWritesResultsOfEarlierVersions(@TempDir final Path dir) throws IOException {
		final String odd = "knee \"A\", \\ tab\t nl\n cr\r bell\u0007 unit\u001f \u2028 \u00e9 \ud83d\ude00";
		final String unmeasuredText = resource("results-v1-unmeasured.json");
		final ScanReport u = ResultsFiles.parse(unmeasuredText);
		assertEquals(odd, u.scan());
		assertEquals(Laterality.RIGHT, u.side());
		assertEquals("anatomy: fibula \"lateral\"", u.sideSource());
		assertEquals(0.6, u.weightBearingFraction());
		assertEquals(List.of(Metric.VC, Metric.tAB, Metric.ThCcAB, Metric.dAB, Metric.ThCtAB, Metric.ThCcAB_max, Metric.AC, Metric.cAB),
				List.copyOf(u.regions().get(Region.MT).keySet()), "file order");
		assertEquals(1e-5, u.value(Region.MT, Metric.tAB));
		assertEquals(1e20, u.value(Region.MT, Metric.cAB));
		assertEquals(0, u.value(Region.MT, Metric.AC));
		assertEquals(123456789012345.0, u.value(Region.cMF, Metric.VC));
		assertTrue(Double.isNaN(u.value(Region.MT, Metric.ThCtAB)) && Double.isNaN(u.value(Region.MT, Metric.ThCcAB_max)), "null: not measured");
		assertEquals(Map.of(), u.lesions());
		assertEquals(List.of(), u.qc());
		assertEquals(List.of(), u.flags(), "no qc_flags member: written before flags existed");
		assertEquals(Map.of(), u.provenance());
		assertEquals(withFlags(unmeasuredText).replace("\n", System.lineSeparator()), ResultsFiles.json(u));

		final String escapesText = resource("results-v1-escapes.json");
		final Path file = Files.writeString(dir.resolve(ResultsFiles.RESULTS), escapesText, StandardCharsets.UTF_8);
		final ScanReport e = ResultsFiles.read(file);
		assertEquals(odd, e.scan());
		assertEquals(Laterality.LEFT, e.side());
		assertEquals(0.75, e.weightBearingFraction());
		assertEquals(List.of(Region.MT, Region.cMF), List.copyOf(e.regions().keySet()));
		assertEquals(301.5, e.lesionValue(Compartment.MF, LesionMetric.VOLUME));
		assertEquals(1, e.lesionValue(Compartment.MF, LesionMetric.MOAKS_GRADE));
		assertEquals(List.of(LesionMetric.VOLUME, LesionMetric.MOAKS_GRADE, LesionMetric.SHARE), List.copyOf(e.lesions().get(Compartment.MF).keySet()));
		assertTrue(Double.isNaN(e.lesionValue(Compartment.MF, LesionMetric.SHARE)));
		assertEquals(List.of("cMF: 12 % of the plate has no cartilage", "quote \" and \u0001", ""), e.qc());
		assertEquals(Map.of("version", "0.1.0", "labels", "C:\\data\\k.nii.gz", "", "empty name", "note", "line1\nline2"), e.provenance());
		assertEquals(List.of("version", "labels", "", "note"), List.copyOf(e.provenance().keySet()));
		assertEquals(withFlags(escapesText).replace("\n", System.lineSeparator()), ResultsFiles.json(e));
	}

	/** An earlier version's text as this one writes it: the same with an empty {@code qc_flags} before {@code qc}. */
	private static String withFlags(final String earlier) {
		assertTrue(earlier.contains("\n  \"qc\": "), earlier);
		return earlier.replace("\n  \"qc\": ", "\n  \"qc_flags\": [],\n  \"qc\": ");
	}

	@Test
	void refusesUnknownFlagCodes() {
		final String text = ResultsFiles.json(sample()).replace("\"denuded_bone\"", "\"bent_bone\"");
		final JsonFormatException e = assertThrows(JsonFormatException.class, () -> ResultsFiles.parse(text));
		assertTrue(e.getMessage().contains("qc_flags[0].code: not a quality-control flag code (outside_reference_range, "), e.getMessage());
	}

	private static String resource(final String name) throws IOException {
		try (InputStream in = ResultsFilesTest.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
