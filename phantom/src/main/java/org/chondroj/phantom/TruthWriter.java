package org.chondroj.phantom;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.JsonWriter;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * Writes a {@link PhantomTruth} as {@code truth.json} (schema {@code chondroj-truth/1}), with the keys of docs/DESIGN.md:
 * <pre>
 * {"schema": "chondroj-truth/1", "side": "right", "weight_bearing_fraction": 0.6,
 *  "plates": {"MT": {"VC": …, "tAB": …, "cAB": …, "dAB": …, "AC": …, "ThCcAB": …, "ThCtAB": …, "ThCcAB_max": …,
 *            "ThCcAB_sd": …}, …, "P": {…}, "ecMF": {…}, …, "icLF": {…}, "cMT": {…}, "aMT": {…}, "pMT": {…},
 *            "eMT": {…}, "iMT": {…}, "cLT": {…}, …, "iLT": {…}, "MFTC": {…}, "LFTC": {…}},
 *  "lesions": {"MF": {"volume_mm3": …, "volume_se_mm3": …, "count": …, "region_volume_mm3": …, "share_pct": …,
 *             "share_se_pct": …, "largest_diameter_mm": …, "moaks_grade": …, "worms_grade": …}, …},
 *  "tibial_subregion_ellipses": {"MT": {"centre_lps_mm": […], "sigma_ml_mm": …, "sigma_ap_mm": …, "k": …,
 *             "central_share": 0.2}, "LT": {…}},
 *  "knee_axes_lps": {"lateral": […], "anterior": […], "proximal": […]},
 *  "landmarks_lps_mm": {…}, "units": {…}, "methods": {…}, "parameters": {…}}
 * </pre>
 * Units: mm³ (VC, volumes), mm² (tAB, cAB, AC), % (dAB, shares), mm (thicknesses, diameters); grades are integers.
 * The file is written atomically.
 */
public final class TruthWriter {

	private TruthWriter() {
	}

	/** Writes {@code truth.json} (or any path) atomically. */
	public static void write(final PhantomTruth truth, final Path path) throws IOException {
		AtomicFiles.write(path, out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			write(truth, w);
			w.flush();
		});
	}

	/** The JSON text. */
	public static String toJson(final PhantomTruth truth) {
		final StringWriter s = new StringWriter();
		final PrintWriter w = new PrintWriter(s);
		write(truth, w);
		w.flush();
		return s.toString();
	}

	private static void write(final PhantomTruth truth, final PrintWriter out) {
		final JsonWriter j = new JsonWriter(out);
		final AnatomyConfig c = truth.config();
		j.beginObject();
		j.field("schema", "chondroj-truth/1");
		j.field("side", truth.side().name().toLowerCase(Locale.ROOT));
		j.field("weight_bearing_fraction", truth.weightBearingFraction());
		j.name("plates").beginObject();
		for (final Map.Entry<String, PlateTruth> e : truth.plates().entrySet()) {
			j.name(e.getKey()).beginObject();
			for (final String key : PlateTruth.KEYS)
				j.field(key, e.getValue().get(key));
			j.endObject();
		}
		j.endObject();
		j.name("lesions").beginObject();
		for (final Map.Entry<String, PhantomTruth.LesionTruth> e : truth.lesions().entrySet()) {
			final PhantomTruth.LesionTruth l = e.getValue();
			j.name(e.getKey()).beginObject();
			j.field("volume_mm3", l.volume());
			j.field("volume_se_mm3", l.volumeSe());
			j.field("count", l.count());
			j.field("region_volume_mm3", l.regionVolume());
			j.field("share_pct", l.share());
			j.field("share_se_pct", l.shareSe());
			j.field("largest_diameter_mm", l.largestDiameter());
			j.field("moaks_grade", l.moaksGrade());
			j.field("worms_grade", l.wormsGrade());
			j.endObject();
		}
		j.endObject();
		j.name("tibial_subregion_ellipses").beginObject();
		for (final Map.Entry<String, PhantomTruth.TibialEllipse> e : truth.tibialEllipses().entrySet()) {
			final PhantomTruth.TibialEllipse t = e.getValue();
			j.name(e.getKey()).beginObject();
			j.array("centre_lps_mm", truth.landmarks().patient((e.getKey().equals("MT") ? "medial" : "lateral") + "_tibial_subregion_centre"));
			j.field("sigma_ml_mm", t.sigmaU()).field("sigma_ap_mm", t.sigmaV()).field("k", t.k());
			j.field("central_share", PhantomTruth.CENTRAL_SHARE);
			j.endObject();
		}
		j.endObject();
		final double[][] axes = truth.kneeAxes();
		j.name("knee_axes_lps").beginObject();
		j.array("lateral", axes[0]).array("anterior", axes[1]).array("proximal", axes[2]);
		j.endObject();
		j.name("landmarks_lps_mm").beginObject();
		for (final Map.Entry<String, double[]> e : truth.landmarks().patient().entrySet())
			j.array(e.getKey(), e.getValue());
		j.endObject();
		j.name("units").beginObject();
		j.field("VC", "mm3").field("tAB", "mm2").field("cAB", "mm2").field("dAB", "%").field("AC", "mm2");
		j.field("ThCcAB", "mm").field("ThCtAB", "mm").field("ThCcAB_max", "mm").field("ThCcAB_sd", "mm");
		j.endObject();
		j.name("methods").beginObject();
		j.field("plates", "exact integrals over the analytic sphere patches by piecewise Gauss-Legendre quadrature, relative error < 1e-9;"
				+ " thickness is the normal (radial) height of the cartilage shell");
		j.field("subregions", "femoral ec/cc/ic: thirds of the plate's medial-lateral width on the bone sphere; tibial c/a/p/e/i:"
				+ " see tibial_subregions");
		j.field("tibial_subregions", "in the transverse plane (u, v) of the knee (bone surface points projected along the"
				+ " proximal-distal axis): centre (u0, v0) = surface-area-weighted mean of u and v over the plate's bone surface"
				+ " (tAB; surface, not projected, area); sigma_ml, sigma_ap = surface-area-weighted standard deviations of u, v;"
				+ " x = (u - u0)/sigma_ml (+ lateral), y = (v - v0)/sigma_ap (+ anterior); central c = {x^2 + y^2 <= k^2}, k such that"
				+ " c holds 20 % of tAB; outside it anterior a = {|y| >= |x|, y > 0}, posterior p = {|y| >= |x|, y < 0}, external"
				+ " e = {|x| > |y|} away from the knee's midline (MT: medial, LT: lateral), internal i = {|x| > |y|} towards it;"
				+ " every measure over the bone points of the subregion (cartilage along the bone normal); quadrature with the"
				+ " ellipse and the diagonals as breakpoints on every ring, relative error < 1e-9, central share 0.2 to 1e-12");
		j.field("lesions", "Monte Carlo, 2^20 samples per lesion and per region, fixed seed; standard errors given; largest"
				+ " diameter = the largest distance between two points of one lesion (its balls intersected with the marrow),"
				+ " the maximum over the compartment's lesions, by alternating farthest-point steps on the exact geometry,"
				+ " about 1e-9 mm; grades from share_pct: MOAKS 0 none, 1 < 33, 2 33-66, 3 > 66; WORMS 0 none, 1 < 25,"
				+ " 2 25-50, 3 > 50");
		j.field("subchondral_region", "marrow (deeper than the 1 mm cortex, lesions included) radially below the compartment's"
				+ " articular bone surface, at most " + KneeModel.SUBCHONDRAL_DEPTH + " mm deep");
		j.endObject();
		j.name("parameters").beginObject();
		j.field("scale", c.scale());
		final Matrix3d r = c.rotation();
		j.array("rotation_rows", r.m00, r.m10, r.m20, r.m01, r.m11, r.m21, r.m02, r.m12, r.m22);
		final Vector3d t = c.translation();
		j.array("translation_mm", t.x, t.y, t.z);
		j.field("tibiofemoral_gap_mm", c.gap());
		j.field("patellofemoral_gap_mm", c.patellofemoralGap());
		j.name("thickness").beginObject();
		for (final String s : AnatomyConfig.SURFACES) {
			final double[] v = c.thickness(s);
			j.name(s).beginObject().field("base_mm", v[0]).field("amp_mm", v[1]).field("bump_radius_rad", v[2]).endObject();
		}
		j.endObject();
		j.name("defects").beginArray();
		for (final AnatomyConfig.Defect d : c.defects())
			defect(j, d);
		j.endArray();
		j.name("thinnings").beginArray();
		for (final AnatomyConfig.Thinning g : c.thinnings())
			thinning(j, g);
		j.endArray();
		j.name("lesions").beginArray();
		for (final AnatomyConfig.Lesion l : c.lesions())
			lesion(j, l, "requested_volume_mm3");
		j.endArray();
		j.field("seed", c.seed());
		j.endObject();
		j.endObject();
		j.finish();
	}

	/** A defect as JSON: plate, a, b, area_mm2, depth_mm (a number or "full"). Shared with {@link TrueChange}. */
	static void defect(final JsonWriter j, final AnatomyConfig.Defect d) {
		j.beginObject().field("plate", d.plate()).field("a", d.a()).field("b", d.b()).field("area_mm2", d.area());
		if (Double.isInfinite(d.depth()))
			j.field("depth_mm", "full");
		else
			j.field("depth_mm", d.depth());
		j.endObject();
	}

	/** A regional thinning as JSON: surface, a, b, depth_mm, radius_rad. */
	static void thinning(final JsonWriter j, final AnatomyConfig.Thinning t) {
		j.beginObject().field("surface", t.surface()).field("a", t.a()).field("b", t.b()).field("depth_mm", t.depth()).field("radius_rad", t.radius())
				.endObject();
	}

	/** A lesion as JSON: compartment, a, b and its volume under {@code volumeKey}. */
	static void lesion(final JsonWriter j, final AnatomyConfig.Lesion l, final String volumeKey) {
		j.beginObject().field("compartment", l.compartment()).field("a", l.a()).field("b", l.b()).field(volumeKey, l.volume()).endObject();
	}
}
