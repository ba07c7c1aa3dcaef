package org.chondroj.knee.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.chondroj.core.Parallel;
import org.chondroj.core.io.VtkPolyData;
import org.chondroj.core.mesh.RigidRegistration;
import org.chondroj.core.mesh.TriangleIndex;
import org.chondroj.core.mesh.TriangleMesh;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.anatomy.KneeFrame;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Region;

import org.joml.Matrix4d;
import org.joml.Matrix4dc;

/**
 * Change maps: the cartilage thickness change between a baseline and a follow-up scan of one knee, vertex by vertex,
 * on the follow-up's bone surface.
 * <p>
 * <b>Registration.</b> The two scans are different sessions, so the knee lies differently in each. For every bone
 * measured in both, the baseline bone surface is registered rigidly onto the follow-up's ({@link RigidRegistration}:
 * point-to-plane ICP over the whole bone surfaces, pairs trimmed at 3 × the median distance so that bones cut at
 * different heights by the two fields of view register on their common part), starting from the composition of the
 * two scans' anatomical frames (baseline knee coordinates → follow-up patient coordinates). Bone does not change
 * between visits; cartilage, which does, is not part of the registration.
 * <p>
 * <b>Correspondence.</b> Each follow-up bone vertex in the follow-up's tAB takes the baseline thickness at its closest
 * point on the registered baseline bone surface, interpolated with that point's barycentric weights on its triangle
 * (denuded baseline vertices counting 0, as in ThCtAB). There is no value (NaN) when that point is farther than
 * {@value #MAX_CORRESPONDENCE_MM} mm, or when any corner of its triangle lies outside the baseline's tAB (no
 * interpolation across the edge of the baseline's cartilage). The change is follow-up − baseline, mm: negative =
 * thinning.
 * <p>
 * <b>Outputs.</b> Images ({@code org.chondroj.report.ChangeMapImages}): per bone a PNG in the projection of the
 * thickness maps, on a diverging colour scale of ±0.5 mm clamped at its ends: red = thinning, white = no change, blue =
 * thickening. Where there is no value nothing is drawn and the white background shows (on the phantom 3–4 % of each
 * plate's tAB, along its edge). {@link #writeMeshes}: per bone a VTK legacy PolyData file ({@link VtkPolyData},
 * binary, LPS mm) of the follow-up bone surface with the point arrays {@code thickness_change_mm},
 * {@code baseline_thickness_mm}, {@code followup_thickness_mm} (NaN where there is no value) and {@code region} (the
 * finest region id, {@link Region#id()}; 0 outside the plates). Plate means ({@link BoneChange#plates()}): the
 * area-weighted mean change over the plate's follow-up tAB vertices that have a value, with the area they cover; for a
 * plate mapped whole this is the change of its ThCtAB.
 * <p>
 * <b>Accuracy</b> on phantom pairs from label maps on the OAI DESS grid, the follow-up re-posed (ChangeMapsTest):
 * registration within 0.01° and 0.01 mm (over tAB) of the true motion for the femur and the tibia, 0.06° and 0.02 mm
 * for the small, round patella (the frames alone: 0.04–0.11°, 0.07–0.09 mm); per-vertex error of the change, away from
 * defect rims, 0.05–0.09 mm RMS and 0.09–0.20 mm at the 95th percentile per plate (the larger where a plate lies nearly
 * parallel to a grid plane: the label maps' terraces, which single thickness maps show too); plate means within
 * 0.02 mm of the true mean change, and within 0.002 mm of the change of the plate's ThCtAB. On the ring where a
 * defect's rim lies, a vertex's change is ±1–2 mm wherever the two scans put the rim a voxel apart. The phantom's two
 * frames agree so well that maps from them alone would meet the same bounds; from a start 3° and 2 mm off they leave
 * most of a tibial plate without a value, and the registration still ends where it does from the frames. On six
 * longitudinal pairs of manual OAI label maps (ChangeMapsRealDataTest) the registration's residual is 0.20–0.45 mm rms
 * with 66–93 % inliers (two manual segmentations of a bone differ that much), and plate means differ from the change
 * of the plate's ThCtAB by up to 0.21 mm either way: the map compares the same bone area, while ThCtAB averages over
 * each scan's own tAB, which changed by −18 to +21 % between those scans.
 * <p>
 * <b>Cost</b> per bone: one registration (up to 20 000 closest-point queries per iteration, about 10 iterations), one
 * bounding-volume hierarchy of the baseline bone surface and one closest-point query per follow-up tAB vertex
 * (parallel over fixed blocks): for the phantom's three bones (85 000, 51 000 and 18 000 vertices) about 2 s in all on
 * two busy cores, most of it the registrations. Deterministic whatever the number of threads.
 */
public final class ChangeMaps {

	/** Largest distance from a follow-up vertex to the registered baseline bone surface that still gives a value, mm. */
	public static final double MAX_CORRESPONDENCE_MM = 1.0;

	private static final int BLOCK = 4096;

	/**
	 * The mean change over one plate.
	 *
	 * @param plate         the plate
	 * @param meanMm        area-weighted mean of the change over the plate's vertices with a value, mm (NaN if none)
	 * @param mappedAreaMm2 the bone area of those vertices, mm²
	 * @param areaMm2       the plate's tAB in the follow-up, mm²
	 */
	public record PlateChange(Region plate, double meanMm, double mappedAreaMm2, double areaMm2) {
		/** The share of the plate's tAB that has a value (0–1). */
		public double coverage() {
			return areaMm2 > 0 ? mappedAreaMm2 / areaMm2 : 0;
		}
	}

	/**
	 * The change map of one bone, on the follow-up's bone surface ({@code followUp.map().boneMesh()}); the arrays have
	 * one value per vertex of that mesh and must not be modified.
	 *
	 * @param followUp          the follow-up's bone surface (mesh, tAB, regions)
	 * @param frame             the follow-up's knee frame (for the images' projection)
	 * @param registration      the baseline → follow-up registration of the bone surfaces (patient mm)
	 * @param baselineThickness the baseline thickness at each vertex's correspondence, mm (NaN: no value)
	 * @param followUpThickness the follow-up thickness, mm (0 where denuded; NaN outside the follow-up's tAB)
	 * @param change            follow-up − baseline, mm (NaN: no value)
	 * @param plates            mean change per plate of this bone, in the order of {@link Region#PLATES}
	 */
	public record BoneChange(KneeMeasurement.BoneSurface followUp, KneeFrame frame, RigidRegistration.Result registration, float[] baselineThickness,
			float[] followUpThickness, float[] change, Map<Region, PlateChange> plates) {

		public KneeStructure bone() {
			return followUp.bone();
		}

		/** The follow-up bone surface the values live on, LPS mm. */
		public TriangleMesh mesh() {
			return followUp.map().boneMesh();
		}
	}

	private ChangeMaps() {
	}

	/**
	 * The change maps of every bone measured in both analyses (femur, tibia, patella, in that order).
	 *
	 * @throws IllegalArgumentException if the two knees are of different sides
	 */
	public static Map<KneeStructure, BoneChange> of(final KneeMeasurement.Result baseline, final KneeMeasurement.Result followUp) {
		final Map<KneeStructure, BoneChange> out = new EnumMap<>(KneeStructure.class);
		for (final Map.Entry<KneeStructure, KneeMeasurement.BoneSurface> e : baseline.surfaces().entrySet()) {
			final KneeMeasurement.BoneSurface f = followUp.surfaces().get(e.getKey());
			if (f != null)
				out.put(e.getKey(), of(e.getValue(), baseline.anatomy().frame(), f, followUp.anatomy().frame()));
		}
		return Collections.unmodifiableMap(out);
	}

	/**
	 * The change map of one bone (see the class description).
	 *
	 * @throws IllegalArgumentException if the surfaces are of different bones or the frames of different sides
	 */
	public static BoneChange of(final KneeMeasurement.BoneSurface baseline, final KneeFrame baselineFrame, final KneeMeasurement.BoneSurface followUp,
			final KneeFrame followUpFrame) {
		if (baseline.bone() != followUp.bone())
			throw new IllegalArgumentException("cannot compare the " + baseline.bone().key() + " with the " + followUp.bone().key());
		if (baselineFrame.side() != followUpFrame.side())
			throw new IllegalArgumentException("the baseline is a " + baselineFrame.side() + " knee, the follow-up a " + followUpFrame.side() + " knee");
		final RigidRegistration.Result registration = RigidRegistration.align(baseline.map().boneMesh(), followUp.map().boneMesh(),
				frameTransform(baselineFrame, followUpFrame));
		return correspond(baseline, followUp, followUpFrame, registration);
	}

	/**
	 * The transform that maps each point of the baseline knee to the follow-up point with the same knee coordinates:
	 * follow-up frame ∘ (baseline frame)⁻¹, a rigid transform of patient mm (both frames have the side's handedness).
	 */
	static Matrix4d frameTransform(final KneeFrame baseline, final KneeFrame followUp) {
		return toPatient(followUp).mul(toPatient(baseline).invert());
	}

	/** Knee coordinates (ml, ap, pd) → patient LPS. */
	private static Matrix4d toPatient(final KneeFrame f) {
		final double[] x = f.ml(), y = f.ap(), z = f.pd(), o = f.origin();
		return new Matrix4d(x[0], x[1], x[2], 0, y[0], y[1], y[2], 0, z[0], z[1], z[2], 0, o[0], o[1], o[2], 1);
	}

	/** The change map of one bone with the baseline moved by {@code registration}'s transform (see the class description). */
	static BoneChange correspond(final KneeMeasurement.BoneSurface baseline, final KneeMeasurement.BoneSurface followUp, final KneeFrame followUpFrame,
			final RigidRegistration.Result registration) {
		final Matrix4dc t = registration.transform();
		final float[] xyz = baseline.map().boneMesh().vertices();
		for (int v = 0; v < xyz.length; v += 3) {
			final double x = xyz[v], y = xyz[v + 1], z = xyz[v + 2];
			xyz[v] = (float) (t.m00() * x + t.m10() * y + t.m20() * z + t.m30());
			xyz[v + 1] = (float) (t.m01() * x + t.m11() * y + t.m21() * z + t.m31());
			xyz[v + 2] = (float) (t.m02() * x + t.m12() * y + t.m22() * z + t.m32());
		}
		final int[] triangles = baseline.map().boneMesh().triangles();
		final int[] all = new int[triangles.length / 3];
		for (int i = 0; i < all.length; i++)
			all[i] = i;
		final TriangleIndex index = TriangleIndex.of(xyz, triangles, all);
		final float[] baseThickness = baseline.map().thicknesses();
		final boolean[] baseTab = baseline.totalArea();
		final TriangleMesh mesh = followUp.map().boneMesh();
		final float[] points = mesh.vertices(), followThickness = followUp.map().thicknesses();
		final boolean[] tab = followUp.totalArea();
		final int n = mesh.vertexCount();
		final float[] before = new float[n], after = new float[n], change = new float[n];
		Parallel.forEach((n + BLOCK - 1) / BLOCK, b -> {
			final TriangleIndex.Search s = index.search();
			for (int v = b * BLOCK, end = Math.min(n, v + BLOCK); v < end; v++) {
				before[v] = after[v] = change[v] = Float.NaN;
				if (!tab[v])
					continue;
				after[v] = followThickness[v]; // 0 where denuded
				if (!s.search(points[3 * v], points[3 * v + 1], points[3 * v + 2], MAX_CORRESPONDENCE_MM))
					continue;
				final int tri = s.triangle();
				final int a = triangles[3 * tri], c = triangles[3 * tri + 1], d = triangles[3 * tri + 2];
				if (!baseTab[a] || !baseTab[c] || !baseTab[d])
					continue;
				final double value = s.barycentric(0) * baseThickness[a] + s.barycentric(1) * baseThickness[c] + s.barycentric(2) * baseThickness[d];
				before[v] = (float) value;
				change[v] = (float) (after[v] - value);
			}
		});
		return new BoneChange(followUp, followUpFrame, registration, before, after, change, plates(followUp, change));
	}

	/** Area-weighted mean change per plate over the vertices with a value. */
	private static Map<Region, PlateChange> plates(final KneeMeasurement.BoneSurface surface, final float[] change) {
		final int plates = Region.PLATES.size();
		final double[] area = new double[plates], mapped = new double[plates], sum = new double[plates];
		final int[] regions = surface.regions();
		for (int v = 0; v < change.length; v++) {
			if (!surface.totalArea()[v] || regions[v] == 0)
				continue;
			final int p = Region.PLATES.indexOf(Region.byId(regions[v]).plate());
			final double a = surface.map().boneArea(v);
			area[p] += a;
			if (!Float.isNaN(change[v])) {
				mapped[p] += a;
				sum[p] += a * change[v];
			}
		}
		final Map<Region, PlateChange> out = new LinkedHashMap<>();
		for (int p = 0; p < plates; p++)
			if (area[p] > 0)
				out.put(Region.PLATES.get(p), new PlateChange(Region.PLATES.get(p), mapped[p] > 0 ? sum[p] / mapped[p] : Double.NaN, mapped[p], area[p]));
		return Collections.unmodifiableMap(out);
	}

	/** The plate means of all bones, in the order of {@link Region#PLATES}. */
	public static Map<Region, PlateChange> plates(final Map<KneeStructure, BoneChange> changes) {
		final Map<Region, PlateChange> all = new LinkedHashMap<>();
		for (final BoneChange c : changes.values())
			all.putAll(c.plates());
		final Map<Region, PlateChange> out = new LinkedHashMap<>();
		for (final Region p : Region.PLATES)
			if (all.containsKey(p))
				out.put(p, all.get(p));
		return Collections.unmodifiableMap(out);
	}

	/** Writes {@code change_<bone>.vtk} for every bone into {@code folder} (created if needed), each file atomically. */
	public static void writeMeshes(final Map<KneeStructure, BoneChange> changes, final Path folder) throws IOException {
		Files.createDirectories(folder);
		for (final BoneChange c : changes.values()) {
			final Map<String, float[]> floats = new LinkedHashMap<>();
			floats.put("thickness_change_mm", c.change());
			floats.put("baseline_thickness_mm", c.baselineThickness());
			floats.put("followup_thickness_mm", c.followUpThickness());
			VtkPolyData.write(folder.resolve(stem(c.bone()) + ".vtk"), "ChondroJ " + c.bone().key() + " cartilage thickness change (follow-up - baseline, mm)",
					c.mesh(), floats, Map.of("region", c.followUp().regions()));
		}
	}

	/** The file stem of a bone's change map: {@code change_femur}, {@code change_tibia}, {@code change_patella}. */
	public static String stem(final KneeStructure bone) {
		return "change_" + bone.key();
	}
}
