package org.chondroj.knee.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.JsonFormatException;
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
}
