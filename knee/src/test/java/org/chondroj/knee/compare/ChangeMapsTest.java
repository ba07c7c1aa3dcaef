package org.chondroj.knee.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.io.VtkPolyData;
import org.chondroj.core.mesh.RigidRegistration;
import org.chondroj.core.testing.TestVolumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.AnatomyConfig;
import org.chondroj.phantom.FollowUpChange;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.Plate;

import org.joml.Matrix4d;
import org.joml.Matrix4dc;
import org.joml.Vector3d;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change maps of phantom knee pairs against the phantom's exact change, from label maps on the OAI DESS grid: the
 * baseline (seed 1) against its follow-up with the default change ({@link FollowUpChange#defaults()}: a 0.3 mm dip in
 * cMF, MT 0.1 mm thinner, a new 15 mm² full-thickness defect in cLF), re-posed; and against the same follow-up pose
 * without any change. The true change at a follow-up bone vertex is the follow-up's minus the baseline's thickness
 * field of the phantom's articular surface under it (both models share the knee frame K, only their poses differ), at
 * the vertex's direction from the surface's sphere centre.
 */
@Tag("slow")
class ChangeMapsTest {

	private static final long SEED = 1;
	private static PhantomSetup setup;
	/** Vertices within this arc distance (mm) of a defect's rim are rim vertices: see {@link #truth}. */
	private static final double RIM_MM = 1;
	private static KneeModel baseModel, followModel, sameModel;
	private static KneeMeasurement.Result base, follow, same;
	private static Map<KneeStructure, ChangeMaps.BoneChange> changes, noChange;

	@BeforeAll
	static void analyse() {
		setup = PhantomSetup.defaults();
		baseModel = setup.baseline(SEED);
		followModel = setup.followUp(SEED);
		base = analyse(baseModel, "baseline");
		follow = analyse(followModel, "follow-up");
		sameModel = setup.withChange(FollowUpChange.none()).followUp(SEED);
		same = analyse(sameModel, "follow-up without change");
		final long t0 = System.nanoTime();
		changes = ChangeMaps.of(base, follow);
		final double seconds = (System.nanoTime() - t0) * 1e-9;
		final long t1 = System.nanoTime();
		noChange = ChangeMaps.of(base, same);
		System.out.printf(Locale.ROOT, "change maps of three bones (registration and correspondence): %.2f s, again (warm) %.2f s%n", seconds,
				(System.nanoTime() - t1) * 1e-9);
		for (final ChangeMaps.BoneChange c : changes.values()) {
			final RigidRegistration.Result r = c.registration();
			System.out.printf(Locale.ROOT, "%-7s %6d vertices; registration: rms %.3f mm, inliers %.3f, %d iterations%s%n", c.bone().key(),
					c.mesh().vertexCount(), r.rmsMm(), r.inlierFraction(), r.iterations(), r.converged() ? "" : " (not converged)");
		}
	}

	private static KneeMeasurement.Result analyse(final KneeModel model, final String name) {
		return KneeMeasurement.measure(KneeLabels.of(PhantomImages.dessLabels(model, ImagingConfig.defaults()), LabelPresets.mapping("oai-akoa")), name,
				KneeMeasurement.Options.defaults());
	}

	/** The phantom's articular surfaces over each bone. */
	private static List<String> surfaces(final KneeStructure bone) {
		return bone == KneeStructure.FEMUR ? List.of("MF", "LF", "TrF") : bone == KneeStructure.TIBIA ? List.of("MT", "LT") : List.of("P");
	}

	/**
	 * The true change at each follow-up bone vertex (mm): the surface whose sphere the vertex lies on (within 0.5 mm,
	 * its direction inside the patch), follow-up minus baseline thickness in that direction; NaN where no surface is,
	 * and (when {@code rims} is false) within {@value #RIM_MM} mm of arc of the rim of a defect of either knee: there
	 * the measured rim of each scan decides between full thickness and none, and a vertex's change is that of the
	 * rim's place (measured: errors of ±1–2 mm on the rim's ring, a voxel wide).
	 */
	private static double[] truth(final ChangeMaps.BoneChange c, final KneeModel followUp, final boolean rims) {
		final float[] xyz = c.mesh().vertices();
		final double[] t = new double[c.mesh().vertexCount()];
		for (int v = 0; v < t.length; v++) {
			t[v] = Double.NaN;
			final double[] k = followUp.toKnee(new double[] { xyz[3 * v], xyz[3 * v + 1], xyz[3 * v + 2] });
			double best = 0.5;
			for (final String s : surfaces(c.bone())) {
				final Plate after = followUp.surfaces().get(s), before = baseModel.surfaces().get(s);
				final double[] o = after.centre();
				final double dx = k[0] - o[0], dy = k[1] - o[1], dz = k[2] - o[2], r = Math.sqrt(dx * dx + dy * dy + dz * dz);
				final double ux = dx / r, uy = dy / r, uz = dz / r;
				if (Math.abs(r - after.radius()) < best && after.inRegion(ux, uy, uz)) {
					best = Math.abs(r - after.radius());
					t[v] = rims || !nearRim(followUp, s, after, ux, uy, uz) ? after.thickness(ux, uy, uz) - before.thickness(ux, uy, uz) : Double.NaN;
				}
			}
		}
		return t;
	}

	/** Whether the direction (on surface {@code name}) lies within RIM_MM of arc of the rim of a defect of the baseline or the follow-up. */
	private static boolean nearRim(final KneeModel followUp, final String name, final Plate surface, final double x, final double y, final double z) {
		for (final KneeModel m : List.of(baseModel, followUp))
			for (final AnatomyConfig.Defect d : m.config().defects()) {
				final Plate plate = m.plates().get(d.plate());
				if (!d.plate().equals(name) && !d.plate().equals("c" + name) && !d.plate().equals("p" + name))
					continue;
				final double[] a = plate.directionAt(d.a(), d.b());
				final double rim = Math.acos(1 - d.area() / (2 * Math.PI * plate.radius() * plate.radius())) * plate.radius();
				final double arc = Math.acos(Math.min(1, x * a[0] + y * a[1] + z * a[2])) * surface.radius();
				if (Math.abs(arc - rim) < RIM_MM)
					return true;
			}
		return false;
	}

	/** Unit direction from {@code surface}'s centre to follow-up vertex v, in K. */
	private static double[] direction(final ChangeMaps.BoneChange c, final int v, final Plate surface) {
		final float[] xyz = c.mesh().vertices();
		final double[] k = followModel.toKnee(new double[] { xyz[3 * v], xyz[3 * v + 1], xyz[3 * v + 2] });
		final double[] o = surface.centre();
		final double dx = k[0] - o[0], dy = k[1] - o[1], dz = k[2] - o[2], r = Math.sqrt(dx * dx + dy * dy + dz * dz);
		return new double[] { dx / r, dy / r, dz / r };
	}

	private static Region plateOf(final ChangeMaps.BoneChange c, final int v) {
		final int id = c.followUp().regions()[v];
		return id == 0 ? null : Region.byId(id).plate();
	}


	/** The true baseline → follow-up motion of the phantom: follow-up K → LPS after baseline LPS → K. */
	private static Matrix4d truePose(final KneeModel followUp) {
		return toPatient(followUp).mul(toPatient(baseModel).invert());
	}

	private static Matrix4d toPatient(final KneeModel m) {
		final double[] o = m.toPatient(new double[3]), x = m.toPatient(new double[] { 1, 0, 0 }), y = m.toPatient(new double[] { 0, 1, 0 }),
				z = m.toPatient(new double[] { 0, 0, 1 });
		return new Matrix4d(x[0] - o[0], x[1] - o[1], x[2] - o[2], 0, y[0] - o[0], y[1] - o[1], y[2] - o[2], 0, z[0] - o[0], z[1] - o[1], z[2] - o[2], 0,
				o[0], o[1], o[2], 1);
	}

	/** {rotation angle of a·b⁻¹ (degrees), largest distance between the images under a and b of the baseline's tAB vertices (mm)}. */
	private static double[] error(final Matrix4dc a, final Matrix4dc b, final KneeMeasurement.BoneSurface baseline) {
		final Matrix4d e = a.mul(b.invert(new Matrix4d()), new Matrix4d());
		final double angle = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, (e.m00() + e.m11() + e.m22() - 1) / 2))));
		double max = 0;
		final Vector3d p = new Vector3d(), u = new Vector3d(), w = new Vector3d();
		for (int v = 0; v < baseline.totalArea().length; v++)
			if (baseline.totalArea()[v])
				max = Math.max(max, a.transformPosition(baseline.map().boneMesh().vertex(v, p), u).distance(b.transformPosition(p, w)));
		return new double[] { angle, max };
	}

	/**
	 * Registration accuracy against the phantom's true motion between the two poses: rotation within 0.1°, and every
	 * baseline tAB vertex within 0.03 mm of its true place, for every bone of the no-change pair and the femur and
	 * patella of the default pair (measured: femur and tibia 0.01° and 0.01 mm, the small, round patella 0.06° and
	 * 0.02 mm). The frames alone (the registration's start) are printed for comparison (measured: 0.04–0.11°,
	 * 0.07–0.09 mm). The default pair's tibia is not the same rigid bone: the phantom thins MT uniformly by keeping the
	 * articular surface on the joint line and raising the medial plateau's bone by the 0.1 mm (KneeModel), so its
	 * registration is a compromise between the two plateaus, within 0.15° and 0.15 mm (measured 0.10°, 0.11 mm).
	 */
	@Test
	void registrationAccuracy() {
		for (final boolean changed : new boolean[] { false, true }) {
			final KneeModel model = changed ? followModel : sameModel;
			final KneeMeasurement.Result after = changed ? follow : same;
			for (final ChangeMaps.BoneChange c : (changed ? changes : noChange).values()) {
				final KneeMeasurement.BoneSurface b = base.surfaces().get(c.bone());
				final double[] icp = error(c.registration().transform(), truePose(model), b);
				final double[] frames = error(ChangeMaps.frameTransform(base.anatomy().frame(), after.anatomy().frame()), truePose(model), b);
				System.out.printf(Locale.ROOT, "%-14s %-7s registration error %.4f° %.4f mm (frames alone %.3f° %.3f mm)%n",
						changed ? "default change" : "no change", c.bone().key(), icp[0], icp[1], frames[0], frames[1]);
				final boolean rigid = !(changed && c.bone() == KneeStructure.TIBIA);
				assertTrue(rigid ? icp[0] < 0.1 && icp[1] < 0.03 : icp[0] < 0.15 && icp[1] < 0.15, c.bone().key() + ": " + icp[0] + "°, " + icp[1] + " mm");
			}
		}
	}

	/**
	 * The registration does the work, not the frames: started 3° and 2 mm away from the frames' alignment it ends at
	 * the same transform (within 0.0001° and 0.0002 mm over tAB; measured 0.000048° and 0.000095 mm), while that start alone leaves most of the tibial plates
	 * without a correspondence within 1 mm (measured: MT none, LT 64 %); registered, MT and LT map with a mean change
	 * within 0.01 mm of none (measured +0.0050 and +0.0019 mm).
	 */
	@Test
	void perturbedStart() {
		final KneeMeasurement.BoneSurface b = base.surfaces().get(KneeStructure.TIBIA), f = same.surfaces().get(KneeStructure.TIBIA);
		final Matrix4d start = new Matrix4d().translation(1.2, -1.0, 1.2).rotate(Math.toRadians(3), new Vector3d(1, -2, 0.5).normalize())
				.mul(ChangeMaps.frameTransform(base.anatomy().frame(), same.anatomy().frame()));
		final RigidRegistration.Result r = RigidRegistration.align(b.map().boneMesh(), f.map().boneMesh(), start);
		final double[] e = error(r.transform(), noChange.get(KneeStructure.TIBIA).registration().transform(), b);
		System.out.printf(Locale.ROOT, "from 3° and 2 mm off: %.7f° %.7f mm from the registration started at the frames%n", e[0], e[1]);
		assertTrue(e[0] < 0.0001 && e[1] < 0.0002, e[0] + "°, " + e[1] + " mm");
		final ChangeMaps.BoneChange unregistered = ChangeMaps.correspond(b, f, same.anatomy().frame(), new RigidRegistration.Result(start, Double.NaN,
				Double.NaN, 0, false));
		final ChangeMaps.BoneChange registered = ChangeMaps.correspond(b, f, same.anatomy().frame(), r);
		for (final Region p : List.of(Region.MT, Region.LT)) {
			System.out.printf(Locale.ROOT, "%s without registration: %.0f %% of tAB mapped, mean %+.3f mm; registered: %.0f %%, %+.4f mm%n", p,
					100 * unregistered.plates().get(p).coverage(), unregistered.plates().get(p).meanMm(), 100 * registered.plates().get(p).coverage(),
					registered.plates().get(p).meanMm());
			assertTrue(unregistered.plates().get(p).coverage() < 0.7);
			assertTrue(registered.plates().get(p).coverage() > 0.95 && Math.abs(registered.plates().get(p).meanMm()) <= 0.01);
		}
	}

	/** The same maps, bit for bit, on one thread and on all (the patella: the smallest bone). */
	@Test
	void deterministic() throws Exception {
		final KneeMeasurement.BoneSurface b = base.surfaces().get(KneeStructure.PATELLA), f = follow.surfaces().get(KneeStructure.PATELLA);
		final ChangeMaps.BoneChange one = TestVolumes.singleThreaded(() -> ChangeMaps.of(b, base.anatomy().frame(), f, follow.anatomy().frame()));
		final ChangeMaps.BoneChange all = changes.get(KneeStructure.PATELLA);
		assertEquals(new Matrix4d(all.registration().transform()), new Matrix4d(one.registration().transform()));
		assertTrue(Arrays.equals(all.change(), one.change()) && Arrays.equals(all.baselineThickness(), one.baselineThickness()));
		assertEquals(all.plates(), one.plates());
	}

	/** Per plate: vertices with a value and a truth, their mean measured and true change, RMS and 95th percentile of the error and of |change|. */
	private record Stats(int n, double mean, double trueMean, double rmsError, double p95Error, double p95Abs) {
	}

	private static Map<Region, Stats> stats(final Map<KneeStructure, ChangeMaps.BoneChange> maps, final KneeModel followUp, final boolean rims) {
		final Map<Region, List<double[]>> per = new LinkedHashMap<>();
		for (final Region p : Region.PLATES)
			per.put(p, new ArrayList<>());
		for (final ChangeMaps.BoneChange c : maps.values()) {
			final double[] t = truth(c, followUp, rims);
			for (int v = 0; v < t.length; v++) {
				final Region plate = plateOf(c, v);
				if (plate != null && !Float.isNaN(c.change()[v]) && !Double.isNaN(t[v]))
					per.get(plate).add(new double[] { c.change()[v], t[v] });
			}
		}
		final Map<Region, Stats> out = new LinkedHashMap<>();
		for (final Map.Entry<Region, List<double[]>> e : per.entrySet()) {
			final List<double[]> l = e.getValue();
			final double[] err = new double[l.size()], abs = new double[l.size()];
			double m = 0, tm = 0, se = 0;
			for (int i = 0; i < l.size(); i++) {
				m += l.get(i)[0];
				tm += l.get(i)[1];
				err[i] = Math.abs(l.get(i)[0] - l.get(i)[1]);
				abs[i] = Math.abs(l.get(i)[0]);
				se += err[i] * err[i];
			}
			out.put(e.getKey(), new Stats(l.size(), m / l.size(), tm / l.size(), Math.sqrt(se / l.size()), percentile(err, 0.95), percentile(abs, 0.95)));
		}
		return out;
	}

	private static double percentile(final double[] a, final double q) {
		final double[] s = a.clone();
		Arrays.sort(s);
		return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
	}

	/** Prints the plates' figures; returns the stats away from defect rims. */
	private static Map<Region, Stats> print(final String title, final Map<KneeStructure, ChangeMaps.BoneChange> maps, final KneeModel followUp,
			final ScanReport before, final ScanReport after) {
		final Map<Region, Stats> all = stats(maps, followUp, true), away = stats(maps, followUp, false);
		System.out.println(title);
		System.out.println("plate coverage map mean  true mean  ΔThCtAB | away from defect rims: vertices rms err p95 err | all: p95 err p95 |Δ|");
		final Map<Region, ChangeMaps.PlateChange> plates = ChangeMaps.plates(maps);
		for (final Region p : Region.PLATES) {
			final Stats s = away.get(p), a = all.get(p);
			final ChangeMaps.PlateChange pc = plates.get(p);
			System.out.printf(Locale.ROOT, "%-5s %8.3f %+8.4f %+10.4f %+8.4f | %31d %7.3f %7.3f | %12.3f %7.3f%n", p, pc.coverage(), pc.meanMm(), a.trueMean(),
					after.value(p, Metric.ThCtAB) - before.value(p, Metric.ThCtAB), s.n(), s.rmsError(), s.p95Error(), a.p95Error(), a.p95Abs());
		}
		return away;
	}

	/**
	 * (a) The dip: over the cMF vertices within a fifth of the dip's radius of its centre (true dip 0.28–0.30 mm) the
	 * mean change is −0.30 ± 0.05 mm, and within 0.05 mm of the true dip averaged over the same vertices; over the whole
	 * dip (within its radius, away from defect rims) the per-vertex RMS error against the true dip is below 0.1 mm.
	 */
	@Test
	void thinningDip() {
		final AnatomyConfig.Thinning dip = setup.change().thinnings().get(0);
		final Plate mf = baseModel.surfaces().get(dip.surface());
		final double[] axis = mf.directionAt(dip.a(), dip.b());
		final ChangeMaps.BoneChange femur = changes.get(KneeStructure.FEMUR);
		final double[] truth = truth(femur, followModel, false);
		double centre = 0, trueCentre = 0, se = 0;
		int nc = 0, n = 0;
		for (int v = 0; v < truth.length; v++) {
			if (Float.isNaN(femur.change()[v]) || Double.isNaN(truth[v]) || Region.cMF != plateOf(femur, v))
				continue;
			final double[] d = direction(femur, v, mf);
			final double angle = Math.acos(Math.min(1, d[0] * axis[0] + d[1] * axis[1] + d[2] * axis[2]));
			if (angle < 0.2 * dip.radius()) {
				centre += femur.change()[v];
				trueCentre += truth[v];
				nc++;
			}
			if (angle < dip.radius()) {
				se += (femur.change()[v] - truth[v]) * (femur.change()[v] - truth[v]);
				n++;
			}
		}
		System.out.printf(Locale.ROOT, "dip centre: %d vertices, mean change %.4f mm (true %.4f); whole dip: %d vertices, rms error %.4f mm%n", nc,
				centre / nc, trueCentre / nc, n, Math.sqrt(se / n));
		assertTrue(nc >= 20, nc + " vertices at the dip's centre");
		assertEquals(-dip.depth(), centre / nc, 0.05);
		assertEquals(trueCentre / nc, centre / nc, 0.05);
		assertTrue(Math.sqrt(se / n) < 0.1, "rms error over the dip " + Math.sqrt(se / n));
	}

	/**
	 * (b) MT thinned by 0.1 mm everywhere: mean −0.10 ± 0.02 mm (measured −0.091); (c) LT, TrF, P unchanged: |mean| ≤
	 * 0.006 mm (measured ≤ 0.0031, TrF) and the 95th percentile of |change| ≤ 0.15 mm; every plate mapped over more than
	 * 90 % of its tAB, its map mean within 0.03 mm of the true mean change over the same vertices and within 0.003 mm of
	 * the change of its measured ThCtAB (measured ≤ 0.0013 mm, P).
	 */
	@Test
	void plates() {
		final Map<Region, Stats> s = stats(changes, followModel, true);
		print("baseline → follow-up with the default change:", changes, followModel, base.report(), follow.report());
		final Map<Region, ChangeMaps.PlateChange> plates = ChangeMaps.plates(changes);
		assertEquals(-0.10, plates.get(Region.MT).meanMm(), 0.02);
		for (final Region p : List.of(Region.LT, Region.TrF, Region.P)) {
			assertTrue(Math.abs(plates.get(p).meanMm()) <= 0.006, p + " mean " + plates.get(p).meanMm());
			assertTrue(s.get(p).p95Abs() <= 0.15, p + " 95th percentile of |change| " + s.get(p).p95Abs());
		}
		for (final Region p : Region.PLATES) {
			assertTrue(plates.get(p).coverage() > 0.9, p + " coverage " + plates.get(p).coverage());
			assertEquals(s.get(p).trueMean(), s.get(p).mean(), 0.03, p + ": measured against true mean change");
			assertEquals(follow.report().value(p, Metric.ThCtAB) - base.report().value(p, Metric.ThCtAB), plates.get(p).meanMm(), 0.003, p + ": against ΔThCtAB");
		}
	}

	/**
	 * (d) The new full-thickness defect in cLF: over the defect less a 0.5 mm rim the change is the lost thickness (< −1.5
	 * mm), within 1 % (measured −2.420 mm against −2.408 mm: 0.5 %).
	 */
	@Test
	void newDefect() {
		final AnatomyConfig.Defect d = setup.change().newDefects().get(0);
		final Plate clf = baseModel.plates().get(d.plate());
		final double[] axis = clf.directionAt(d.a(), d.b());
		final double radius = Math.acos(1 - d.area() / (2 * Math.PI * clf.radius() * clf.radius())) * clf.radius(); // mm of arc
		final ChangeMaps.BoneChange femur = changes.get(KneeStructure.FEMUR);
		final double[] truth = truth(femur, followModel, true);
		double sum = 0, trueSum = 0;
		int n = 0;
		for (int v = 0; v < truth.length; v++) {
			if (Float.isNaN(femur.change()[v]))
				continue;
			final double[] dir = direction(femur, v, baseModel.surfaces().get("LF"));
			if (Math.acos(Math.min(1, dir[0] * axis[0] + dir[1] * axis[1] + dir[2] * axis[2])) * clf.radius() < radius - 0.5) {
				sum += femur.change()[v];
				trueSum += truth[v];
				n++;
			}
		}
		System.out.printf(Locale.ROOT, "new defect (%.2f mm radius): %d vertices, mean change %.3f mm, true %.3f mm%n", radius, n, sum / n, trueSum / n);
		assertTrue(n >= 20, n + " vertices");
		assertTrue(sum / n < -1.5, "mean change " + sum / n);
		assertEquals(trueSum / n, sum / n, 0.01 * Math.abs(trueSum / n));
	}

	/** The same knee re-posed, nothing changed: every plate's mean change within 0.02 mm of 0. */
	@Test
	void noChange() {
		print("baseline → the follow-up pose without change:", noChange, sameModel, base.report(), same.report());
		for (final Map.Entry<Region, ChangeMaps.PlateChange> e : ChangeMaps.plates(noChange).entrySet())
			assertTrue(Math.abs(e.getValue().meanMm()) <= 0.02, e.getKey() + " mean " + e.getValue().meanMm());
	}

	/** The meshes: three VTK files whose arrays are the maps (the PNGs: ComparisonOutputs, CompareCommandTest). */
	@Test
	void outputs(@TempDir final Path dir) throws Exception {
		ChangeMaps.writeMeshes(changes, dir);
		for (final String bone : List.of("femur", "tibia", "patella")) {
			final VtkPolyData.Contents vtk = VtkPolyData.read(dir.resolve("change_" + bone + ".vtk"));
			final ChangeMaps.BoneChange c = changes.get(KneeStructure.valueOf(bone.toUpperCase(Locale.ROOT)));
			assertEquals(List.of("thickness_change_mm", "baseline_thickness_mm", "followup_thickness_mm"), List.copyOf(vtk.floatData().keySet()));
			assertTrue(Arrays.equals(c.change(), vtk.floatData().get("thickness_change_mm")));
			assertTrue(Arrays.equals(c.followUp().regions(), vtk.intData().get("region")));
			assertTrue(Arrays.equals(c.mesh().vertices(), vtk.points()));
		}
	}
}
