package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.JsonFormatException;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follow-up generator: the thinning term, the change, its truth, and the true change. */
class FollowUpTest {

	private static final double[][] FRAME = { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 } };

	/**
	 * A thinning's dip of depth δ and angular radius γ inside the patch removes exactly ∫ δ(1 − x)² dA =
	 * δ · 2πR²(1 − cos γ)/3 from the thickness integral (the field is linear in its terms): to 1e-7 relative.
	 */
	@Test
	void thinningRemovesItsClosedFormFromTheThicknessIntegral() {
		for (final boolean convex : new boolean[] { true, false }) {
			final double r = 22;
			final Plate plate = Plate.sphere("p", new double[] { 1, 2, 3 }, r, convex, FRAME, new double[] { -0.6, 0.6 }, new double[] { -2.0, 1.5 },
					new double[] { -1, 1 }, 1.5, 1.0, new double[] { 0.3, 1, 0.1 }, 0.6);
			final double depth = 0.4, gamma = 0.35;
			final Plate thinned = plate.withThinning(new double[] { 0.1, 1, -0.2 }, depth, gamma);
			final PlateTruth a = plate.integrate(), b = thinned.integrate();
			final double removed = depth * 2 * Math.PI * r * r * (1 - Math.cos(gamma)) / 3;
			assertEquals(a.tAB(), b.tAB(), 1e-9 * a.tAB());
			assertEquals(a.cAB(), b.cAB(), 1e-9 * a.cAB());
			assertEquals(a.thCcAB() * a.cAB() - removed, b.thCcAB() * b.cAB(), 1e-7 * a.thCcAB() * a.cAB());
			assertTrue(b.vc() < a.vc());
		}
	}

	/** The analytic thickness slope (used for AC) equals a finite difference of the thickness, bump and dips together. */
	@Test
	void thicknessSlopeMatchesFiniteDifferences() {
		final Plate plate = Plate.sphere("p", new double[] { 0, 0, 0 }, 20, true, FRAME, new double[] { -0.9, 0.9 }, new double[] { -3, 3 },
				new double[] { -1, 1 }, 1.5, 1.0, new double[] { 0, 1, 0 }, 0.9).withThinning(new double[] { 0.3, 1, 0 }, 0.5, 0.6)
				.withThinning(new double[] { -0.2, 1, 0.3 }, 0.3, 0.8);
		final SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < 200; i++) {
			final double[] d = Plate.unit(new double[] { random.nextDouble(-0.5, 0.5), 1, random.nextDouble(-0.5, 0.5) });
			final double[] p = Plate.unit(Plate.cross(d, new double[] { 0.3, -0.2, 0.9 }));
			final double[] q = Plate.cross(d, p);
			final double h = 1e-6;
			final double tp = plate.thickness(d[0] + h * p[0], d[1] + h * p[1], d[2] + h * p[2]) - plate.thickness(d[0] - h * p[0], d[1] - h * p[1], d[2] - h * p[2]);
			final double tq = plate.thickness(d[0] + h * q[0], d[1] + h * q[1], d[2] + h * q[2]) - plate.thickness(d[0] - h * q[0], d[1] - h * q[1], d[2] - h * q[2]);
			assertEquals(Math.hypot(tp, tq) / (2 * h), plate.thicknessSlope(d[0], d[1], d[2]), 1e-5);
		}
	}

	@Test
	void thinningMustLeaveCartilage() {
		final Plate plate = Plate.sphere("p", new double[] { 0, 0, 0 }, 20, true, FRAME, new double[] { -0.9, 0.9 }, new double[] { -3, 3 },
				new double[] { -1, 1 }, 1.5, 1.0, new double[] { 0, 1, 0 }, 0.9);
		assertThrows(IllegalArgumentException.class, () -> plate.withThinning(new double[] { 0, 1, 0 }, 1.5, 0.5));
		assertThrows(IllegalArgumentException.class,
				() -> new FollowUpChange(Map.of("MT", 5.0), List.of(), List.of(), Map.of(), List.of()).apply(AnatomyConfig.defaults()));
	}

	/**
	 * The default change on the standard knee, from the continuous truths: MT's uniform 0.1 mm makes ThCcAB exactly
	 * 0.1 mm less; the regional dip lowers cMF by at least 0.03 mm and leaves pMF as it was; the new 15 mm² full-thickness defect takes 15 mm² (to the quadrature's 1e-6) off cLF's cAB;
	 * the MF lesion grows by half (Monte Carlo: within 5 %, the made volumes' bisection tolerance); plates without a change
	 * keep every value (to 1e-9, the maximum to 1e-5: a new defect adds quadrature breakpoints and nodes to its whole surface) although the follow-up knee is posed differently.
	 */
	@Test
	void defaultChangeHasTheTruthItPromises() {
		final PhantomSetup setup = PhantomSetup.defaults().withSide(Laterality.LEFT);
		final KneeModel base = setup.baseline(5), follow = setup.followUp(5);
		assertNotEquals(base.config().rotation(), follow.config().rotation(), "re-posed");
		final PhantomTruth a = PhantomTruth.of(base), b = PhantomTruth.of(follow);
		assertEquals(a.plates().get("MT").thCcAB() - 0.1, b.plates().get("MT").thCcAB(), 1e-9);
		assertEquals(a.plates().get("cLF").cAB() - 15, b.plates().get("cLF").cAB(), 1e-6 * a.plates().get("cLF").tAB());
		assertEquals(a.plates().get("cLF").tAB(), b.plates().get("cLF").tAB(), 1e-9);
		assertTrue(b.plates().get("cMF").thCcAB() < a.plates().get("cMF").thCcAB() - 0.03, "regional thinning shows in cMF");
		for (final String same : List.of("LT", "pLF", "pMF", "TrF", "P"))
			for (final String key : PlateTruth.KEYS)
				assertEquals(a.plates().get(same).get(key), b.plates().get(same).get(key),
						(key.equals("ThCcAB_max") ? 1e-5 : 1e-9) * Math.abs(a.plates().get(same).get(key)), same + " " + key);
		final double growth = b.lesions().get("MF").volume() / a.lesions().get("MF").volume();
		assertEquals(1.5, growth, 0.075);
		assertEquals(1, b.lesions().get("MF").count());
	}

	/** The follow-up study: own truth, true change, same patient, new UIDs, a year later; byte-identical again. */
	@Test
	@org.junit.jupiter.api.Tag("slow")
	void writesTheFollowUpStudy(@TempDir final Path dir) throws IOException {
		final PhantomSetup setup = PhantomSetup.defaults().withImaging(PhantomStudyTest.SMALL);
		final PhantomStudy.Written base = PhantomStudy.writeBaseline(setup, 4, dir.resolve("base"));
		final PhantomStudy.Written follow = PhantomStudy.writeFollowUp(setup, 4, dir.resolve("follow"));
		assertNotEquals(base.studyInstanceUid(), follow.studyInstanceUid());
		assertNotEquals(base.frameOfReferenceUid(), follow.frameOfReferenceUid());
		final DicomSeries bs = DicomScanner.scan(base.dessSeries()).allSeries().get(0);
		final DicomSeries fs = DicomScanner.scan(follow.dessSeries()).allSeries().get(0);
		assertEquals("PHANTOM-4", bs.header().string(Tag.PatientID));
		assertEquals("PHANTOM-4", fs.header().string(Tag.PatientID));
		assertEquals("20200106", bs.header().string(Tag.StudyDate));
		assertEquals("20210111", fs.header().string(Tag.StudyDate));
		assertTrue(Files.notExists(base.folder().resolve(TrueChange.FILE)));
		final JsonNode change = Json.read(follow.folder().resolve(TrueChange.FILE));
		assertEquals("chondroj-true-change/1", change.get("schema").textValue());
		final JsonNode mt = change.requiredAt("/plates/MT/ThCcAB");
		assertEquals(-0.1, mt.get("change").doubleValue(), 1e-9);
		assertEquals(mt.get("followup").doubleValue() - mt.get("baseline").doubleValue(), mt.get("change").doubleValue(), 1e-12);
		final JsonNode baseTruth = Json.read(base.folder().resolve(PhantomStudy.TRUTH));
		final JsonNode followTruth = Json.read(follow.folder().resolve(PhantomStudy.TRUTH));
		assertEquals("MF", followTruth.requiredAt("/parameters/thinnings/0/surface").textValue(), "the follow-up's truth records its thinning");
		assertEquals(Json.array(), baseTruth.requiredAt("/parameters/thinnings"));
		final double cab = baseTruth.requiredAt("/plates/cLF/cAB").doubleValue();
		assertTrue(cab > 100, "cLF cAB " + cab + " mm²");
		assertEquals(cab, change.requiredAt("/plates/cLF/cAB/baseline").doubleValue());
		assertEquals(followTruth.requiredAt("/plates/cLF/cAB").doubleValue(), change.requiredAt("/plates/cLF/cAB/followup").doubleValue());
		assertEquals(1.5, change.requiredAt("/made/lesion_growth/MF").doubleValue());
		// read back: the same numbers
		final TrueChange.Table table = TrueChange.read(follow.folder());
		assertEquals(mt.get("change").doubleValue(), table.plates().get("MT").get("ThCcAB").change(), 0);
		assertEquals(mt.get("change_pct").doubleValue(), table.plates().get("MT").get("ThCcAB").changePct(), 0);
		assertEquals(change.requiredAt("/lesions/MF/volume_mm3/change").doubleValue(), table.change("MF", "volume_mm3"), 0);
		assertEquals(Json.Members.of(null, change).object("plates").keys(), List.copyOf(table.plates().keySet()));
		assertTrue(Double.isNaN(table.change("MT", "no such metric")));
		final JsonFormatException notChange = assertThrows(JsonFormatException.class, () -> TrueChange.read(follow.folder().resolve(PhantomStudy.TRUTH)));
		assertTrue(notChange.getMessage().contains("not a true-change file"), notChange.getMessage());
		// deterministic
		final PhantomStudy.Written again = PhantomStudy.writeFollowUp(setup, 4, dir.resolve("again"));
		for (final Path f : PhantomStudyTest.tree(follow.folder()))
			assertTrue(Arrays.equals(Files.readAllBytes(follow.folder().resolve(f)), Files.readAllBytes(again.folder().resolve(f))), f.toString());
	}

	/** A configuration file: what it sets is used, what it misspells or gets wrong is an error naming the file and member. */
	@Test
	void readsTheConfigurationFile(@TempDir final Path dir) throws IOException {
		final Path f = dir.resolve("knee.json");
		Files.writeString(f, "{\"anatomy\": {\"side\": \"left\", \"scale\": 0.9, \"thickness\": {\"MT\": {\"base_mm\": 1.1}},"
				+ " \"defects\": [], \"lesions\": [{\"compartment\": \"LT\", \"a\": 0.5, \"b\": 0.5, \"volume_mm3\": 200}],"
				+ " \"pose\": {\"rotation_deg\": [0, 0, 90]}},"
				+ " \"imaging\": {\"dess_snr\": \"none\", \"supersampling\": 2},"
				+ " \"follow_up\": {\"uniform_thinning_mm\": {\"LT\": 0.2}, \"new_defects\": [{\"plate\": \"cMF\", \"a\": 0.3, \"b\": 0.35,"
				+ " \"area_mm2\": 10, \"depth_mm\": 0.5}]}}");
		final PhantomSetup s = PhantomSetup.read(f);
		final AnatomyConfig a = s.anatomy();
		assertEquals(Laterality.LEFT, a.side());
		assertEquals(0.9, a.scale());
		assertEquals(1.1, a.thickness("MT")[0]);
		assertEquals(AnatomyConfig.defaults().thickness("MT")[1], a.thickness("MT")[1], "unset members keep their default");
		assertEquals(List.of(), a.defects());
		assertEquals("LT", a.lesions().get(0).compartment());
		assertEquals(Double.POSITIVE_INFINITY, s.imaging().dessSnr());
		assertEquals(2, s.imaging().supersampling());
		assertEquals(Map.of("LT", 0.2), s.change().uniformThinning());
		assertEquals(0.5, s.change().newDefects().get(0).depth());
		// a fixed pose: 90° about z, whatever the seed
		assertEquals(s.baseline(1).config().rotation(), s.baseline(2).config().rotation());
		assertEquals(1, s.baseline(1).config().rotation().m01, 1e-12);
		assertNotEquals(s.followUp(1).config().rotation(), s.followUp(2).config().rotation(), "no fixed follow-up pose: drawn from the seed");

		assertConfigError(dir, "{\"anatomy\": {\"sied\": \"left\"}}", "anatomy.sied: unknown member; allowed here: side, scale");
		assertConfigError(dir, "{\"anatomy\": {\"side\": \"up\"}}", "anatomy.side: left or right was expected, found \"up\"");
		assertConfigError(dir, "{\"anatomy\": {\"thickness\": {\"MT\": {\"base_mm\": \"1\"}}}}", "anatomy.thickness.MT.base_mm: a number was expected");
		assertConfigError(dir, "{\"follow_up\": {\"uniform_thinning_mm\": {\"MT\": 3}}}", "is not less than its base thickness");
		assertConfigError(dir, "{\"anatomy\": {\"defects\": [{\"plate\": \"cMF\", \"a\": 0, \"b\": 0, \"area_mm2\": 90, \"depth_mm\": \"full\"}]}}",
				"does not lie inside plate cMF");
		assertConfigError(dir, "{\"imaging\": {\"supersampling\": 40}}", "imaging.supersampling: sub-samples per axis must be 1..16, found 40");
		assertConfigError(dir, "{\"anatomy\": {\"scale\": 1,}}", "line 1, column 25: Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
	}

	private static void assertConfigError(final Path dir, final String json, final String expected) throws IOException {
		final Path f = dir.resolve("bad.json");
		Files.writeString(f, json);
		final IOException e = assertThrows(IOException.class, () -> PhantomSetup.read(f));
		assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
		assertTrue(e.getMessage().contains(expected), () -> "expected «" + expected + "» in «" + e.getMessage() + "»");
	}
}
