package org.chondroj.phantom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.io.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 *  "moaks_lesions": {"PM": {"volume_mm3": …, "volume_se_mm3": …, "count": …, "region_volume_mm3": …,
 *             "region_volume_se_mm3": …, "share_pct": …, "share_se_pct": …, "moaks_grade": …,
 *             "region_centroid_lps_mm": […]}, "PL": {…}, "FMA", "FMC", "FMP", "FLA", "FLC", "FLP", "TMA", "TMC", "TMP",
 *             "TLA", "TLC", "TLP", "SS"},
 *  "moaks_boundaries": {"knee_origin_lps_mm": […], "notch_midline_u_mm": …, "patella_middle_u_mm": …,
 *             "tibial_inner_edges_u_mm": [medial plate's largest u, lateral plate's least u],
 *             "tibial_plate_v_mm": {"MT": [v0, v1], "LT": [v0, v1]}, "depth_mm": 10, "lesion_deeper_than_depth_mm3": …},
 *  "knee_axes_lps": {"lateral": […], "anterior": […], "proximal": […]},
 *  "landmarks_lps_mm": {…}, "units": {…}, "methods": {…}, "parameters": {…}}
 * </pre>
 * Units: mm³ (VC, volumes), mm² (tAB, cAB, AC), % (dAB, shares), mm (thicknesses, diameters); grades are integers.
 * {@code moaks_lesions} is {@link MoaksTruth} (the 15 MOAKS subregions in that order, zeros where no lesion);
 * {@code moaks_boundaries} gives its boundaries in the knee frame K (u lateral, v anterior, w proximal, mm: the LPS
 * point of (u, v, w) is knee_origin_lps_mm + u·knee_axes_lps.lateral + v·anterior + w·proximal).
 * The file is written atomically.
 */
public final class TruthWriter {

	private TruthWriter() {
	}

	/** Writes {@code truth.json} (or any path) atomically. */
	public static void write(final PhantomTruth truth, final Path path) throws IOException {
		Json.write(path, tree(truth));
	}

	/** The JSON text. */
	public static String toJson(final PhantomTruth truth) {
		return Json.text(tree(truth));
	}

	private static ObjectNode tree(final PhantomTruth truth) {
		final AnatomyConfig c = truth.config();
		final ObjectNode j = Json.object().put("schema", "chondroj-truth/1").put("side", truth.side().name().toLowerCase(Locale.ROOT))
				.put("weight_bearing_fraction", truth.weightBearingFraction());
		final ObjectNode plates = j.putObject("plates");
		for (final Map.Entry<String, PlateTruth> e : truth.plates().entrySet()) {
			final ObjectNode p = plates.putObject(e.getKey());
			for (final String key : PlateTruth.KEYS)
				p.put(key, e.getValue().get(key));
		}
		final ObjectNode lesions = j.putObject("lesions");
		for (final Map.Entry<String, PhantomTruth.LesionTruth> e : truth.lesions().entrySet()) {
			final PhantomTruth.LesionTruth l = e.getValue();
			lesions.putObject(e.getKey()).put("volume_mm3", l.volume()).put("volume_se_mm3", l.volumeSe()).put("count", l.count())
					.put("region_volume_mm3", l.regionVolume()).put("share_pct", l.share()).put("share_se_pct", l.shareSe())
					.put("largest_diameter_mm", l.largestDiameter()).put("moaks_grade", l.moaksGrade()).put("worms_grade", l.wormsGrade());
		}
		final ObjectNode ellipses = j.putObject("tibial_subregion_ellipses");
		for (final Map.Entry<String, PhantomTruth.TibialEllipse> e : truth.tibialEllipses().entrySet()) {
			final PhantomTruth.TibialEllipse t = e.getValue();
			final ObjectNode o = ellipses.putObject(e.getKey());
			o.set("centre_lps_mm", Json.array(truth.landmarks().patient((e.getKey().equals("MT") ? "medial" : "lateral") + "_tibial_subregion_centre")));
			o.put("sigma_ml_mm", t.sigmaU()).put("sigma_ap_mm", t.sigmaV()).put("k", t.k()).put("central_share", PhantomTruth.CENTRAL_SHARE);
		}
		final MoaksTruth moaks = truth.moaks();
		final ObjectNode moaksLesions = j.putObject("moaks_lesions");
		for (final Map.Entry<String, MoaksTruth.Subregion> e : moaks.subregions().entrySet()) {
			final MoaksTruth.Subregion m = e.getValue();
			final ObjectNode o = moaksLesions.putObject(e.getKey()).put("volume_mm3", m.volume()).put("volume_se_mm3", m.volumeSe()).put("count", m.count())
					.put("region_volume_mm3", m.regionVolume()).put("region_volume_se_mm3", m.regionVolumeSe()).put("share_pct", m.share())
					.put("share_se_pct", m.shareSe()).put("moaks_grade", m.grade());
			o.set("region_centroid_lps_mm", Json.array(m.centroidPatient()));
		}
		final ObjectNode bounds = j.putObject("moaks_boundaries");
		bounds.set("knee_origin_lps_mm", Json.array(truth.kneeOrigin()));
		bounds.put("notch_midline_u_mm", moaks.notchMidline()).put("patella_middle_u_mm", moaks.patellaMiddle());
		bounds.set("tibial_inner_edges_u_mm", Json.array(moaks.medialTibialInnerEdge(), moaks.lateralTibialInnerEdge()));
		final ObjectNode plateV = bounds.putObject("tibial_plate_v_mm");
		plateV.set("MT", Json.array(moaks.tibialPlateV("MT")));
		plateV.set("LT", Json.array(moaks.tibialPlateV("LT")));
		bounds.put("depth_mm", KneeModel.SUBCHONDRAL_DEPTH).put("lesion_deeper_than_depth_mm3", moaks.unassignedLesionVolume());
		final double[][] axes = truth.kneeAxes();
		final ObjectNode kneeAxes = j.putObject("knee_axes_lps");
		kneeAxes.set("lateral", Json.array(axes[0]));
		kneeAxes.set("anterior", Json.array(axes[1]));
		kneeAxes.set("proximal", Json.array(axes[2]));
		final ObjectNode landmarks = j.putObject("landmarks_lps_mm");
		truth.landmarks().patient().forEach((name, p) -> landmarks.set(name, Json.array(p)));
		j.putObject("units").put("VC", "mm3").put("tAB", "mm2").put("cAB", "mm2").put("dAB", "%").put("AC", "mm2").put("ThCcAB", "mm").put("ThCtAB", "mm")
				.put("ThCcAB_max", "mm").put("ThCcAB_sd", "mm");
		final ObjectNode methods = j.putObject("methods");
		methods.put("plates", "exact integrals over the analytic sphere patches by piecewise Gauss-Legendre quadrature, relative error < 1e-9;"
				+ " thickness is the normal (radial) height of the cartilage shell");
		methods.put("subregions", "femoral ec/cc/ic: thirds of the plate's medial-lateral width on the bone sphere; tibial c/a/p/e/i:"
				+ " see tibial_subregions");
		methods.put("tibial_subregions", "in the transverse plane (u, v) of the knee (bone surface points projected along the"
				+ " proximal-distal axis): centre (u0, v0) = surface-area-weighted mean of u and v over the plate's bone surface"
				+ " (tAB; surface, not projected, area); sigma_ml, sigma_ap = surface-area-weighted standard deviations of u, v;"
				+ " x = (u - u0)/sigma_ml (+ lateral), y = (v - v0)/sigma_ap (+ anterior); central c = {x^2 + y^2 <= k^2}, k such that"
				+ " c holds 20 % of tAB; outside it anterior a = {|y| >= |x|, y > 0}, posterior p = {|y| >= |x|, y < 0}, external"
				+ " e = {|x| > |y|} away from the knee's midline (MT: medial, LT: lateral), internal i = {|x| > |y|} towards it;"
				+ " every measure over the bone points of the subregion (cartilage along the bone normal); quadrature with the"
				+ " ellipse and the diagonals as breakpoints on every ring, relative error < 1e-9, central share 0.2 to 1e-12");
		methods.put("lesions", "Monte Carlo, 2^20 samples per lesion and per region, fixed seed; standard errors given; largest"
				+ " diameter = the largest distance between two points of one lesion (its balls intersected with the marrow),"
				+ " the maximum over the compartment's lesions, by alternating farthest-point steps on the exact geometry,"
				+ " about 1e-9 mm; grades from share_pct: MOAKS 0 none, 1 < 33, 2 33-66, 3 > 66; WORMS 0 none, 1 < 25,"
				+ " 2 25-50, 3 > 50");
		methods.put("moaks_lesions", "bone-marrow lesions per MOAKS subregion (Hunter et al., Osteoarthritis Cartilage 2011), in the"
				+ " knee frame K (u medial to lateral, v posterior to anterior, w distal to proximal; anatomical for both sides): a bone"
				+ " point (cortex, marrow or lesion of femur, tibia or patella) takes the subregion of its nearest point s on its bone's"
				+ " whole articular surface (the bone surfaces of the plates, defects included: femur cMF, pMF, cLF, pLF, TrF; tibia"
				+ " MT, LT; patella P) if |p - s| <= " + KneeModel.SUBCHONDRAL_DEPTH + " mm, else none; s on TrF: FMA if u < the notch"
				+ " midline else FLA; cMF FMC, pMF FMP, cLF FLC, pLF FLP; MT/LT: t = (v - v0)/(v1 - v0) over the plate's v extent,"
				+ " posterior if t < 1/3, central if t <= 2/3, else anterior (TMP/TMC/TMA, TLP/TLC/TLA), except SS where the"
				+ " point's own u lies strictly between the plates' inner edges (moaks_boundaries); P: PM if u < the middle of the"
				+ " patch's u extent else PL; A/C/P and the femoral boundaries are geometric proxies for MOAKS's meniscal-horn"
				+ " boundaries; region = the subregion's bone points, lesion = the lesions' balls inside the marrow, share ="
				+ " lesion / region, MOAKS grade 0 none, 1 < 33, 2 33-66, 3 > 66; count = lesions whose largest part lies in the"
				+ " subregion; exact nearest points on the sphere patches, Monte Carlo volumes (" + MoaksTruth.REGION_SAMPLES
				+ " samples per plate's box for the regions, " + MoaksTruth.LESION_SAMPLES + " per lesion's box), fixed seeds,"
				+ " binomial standard errors");
		methods.put("subchondral_region", "marrow (deeper than the 1 mm cortex, lesions included) radially below the compartment's"
				+ " articular bone surface, at most " + KneeModel.SUBCHONDRAL_DEPTH + " mm deep");
		final ObjectNode parameters = j.putObject("parameters").put("scale", c.scale());
		final Matrix3d r = c.rotation();
		parameters.set("rotation_rows", Json.array(r.m00, r.m10, r.m20, r.m01, r.m11, r.m21, r.m02, r.m12, r.m22));
		final Vector3d t = c.translation();
		parameters.set("translation_mm", Json.array(t.x, t.y, t.z));
		parameters.put("tibiofemoral_gap_mm", c.gap()).put("patellofemoral_gap_mm", c.patellofemoralGap());
		final ObjectNode thickness = parameters.putObject("thickness");
		for (final String s : AnatomyConfig.SURFACES) {
			final double[] v = c.thickness(s);
			thickness.putObject(s).put("base_mm", v[0]).put("amp_mm", v[1]).put("bump_radius_rad", v[2]);
		}
		final ArrayNode defects = parameters.putArray("defects");
		c.defects().forEach(d -> defect(defects, d));
		final ArrayNode thinnings = parameters.putArray("thinnings");
		c.thinnings().forEach(g -> thinning(thinnings, g));
		final ArrayNode lesionList = parameters.putArray("lesions");
		c.lesions().forEach(l -> lesion(lesionList, l, "requested_volume_mm3"));
		parameters.put("seed", c.seed());
		return j;
	}

	/** A defect as JSON: plate, a, b, area_mm2, depth_mm (a number or "full"). Shared with {@link TrueChange}. */
	static void defect(final ArrayNode to, final AnatomyConfig.Defect d) {
		final ObjectNode o = to.addObject().put("plate", d.plate()).put("a", d.a()).put("b", d.b()).put("area_mm2", d.area());
		if (Double.isInfinite(d.depth()))
			o.put("depth_mm", "full");
		else
			o.put("depth_mm", d.depth());
	}

	/** A regional thinning as JSON: surface, a, b, depth_mm, radius_rad. */
	static void thinning(final ArrayNode to, final AnatomyConfig.Thinning t) {
		to.addObject().put("surface", t.surface()).put("a", t.a()).put("b", t.b()).put("depth_mm", t.depth()).put("radius_rad", t.radius());
	}

	/** A lesion as JSON: compartment, a, b and its volume under {@code volumeKey}. */
	static void lesion(final ArrayNode to, final AnatomyConfig.Lesion l, final String volumeKey) {
		to.addObject().put("compartment", l.compartment()).put("a", l.a()).put("b", l.b()).put(volumeKey, l.volume());
	}
}
