package org.chondroj.phantom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.JsonFormatException;

import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * Everything that defines a phantom study pair but its seed: the anatomy ({@link AnatomyConfig}), how it is imaged
 * ({@link ImagingConfig}), the change to its follow-up ({@link FollowUpChange}) and, optionally, fixed poses (else each
 * visit's pose is drawn from the seed, {@link PhantomKnees#posed}). {@link #read} reads it from the JSON file of
 * {@code chondroj phantom --config FILE.json}; every section and member is optional (absent: the default), unknown
 * members are errors, and every error names the file and the member:
 *
 * <pre>
 * {
 *   "anatomy": {
 *     "side": "right",                      left | right
 *     "scale": 1.0,                         size factor of all lengths but the cartilage thickness, 0.5..2
 *     "tibiofemoral_gap_mm": 0, "patellofemoral_gap_mm": 0,
 *     "weight_bearing_fraction": 0.6,       0.6 or 0.75 in use (docs/DESIGN.md)
 *     "thickness": {"MT": {"base_mm": 1.3, "amp_mm": 0.9, "bump_radius_rad": 0.35}, …},   surfaces MF LF MT LT TrF P
 *     "defects": [{"plate": "cMF", "a": 0.3, "b": 0.35, "area_mm2": 20, "depth_mm": "full"}],   replaces the defaults'
 *     "lesions": [{"compartment": "MF", "a": 0.5, "b": 0.55, "volume_mm3": 300}],              replaces the defaults'
 *     "pose": {"rotation_deg": [0, 0, 5], "translation_mm": [0, 0, 0]}     fixed baseline pose
 *   },
 *   "imaging": {"dess_size": [384, 384, 160], "dess_spacing_mm": [0.3646, 0.3646, 0.7], "iw_size": [352, 352, 32],
 *               "iw_spacing_mm": [0.4, 0.4, 3.5], "supersampling": 4, "dess_snr": 25, "iw_snr": 20,   snr "none": no noise
 *               "bias_amplitude": 0.2},
 *   "follow_up": {"uniform_thinning_mm": {"MT": 0.1},
 *                 "regional_thinning": [{"surface": "MF", "a": 0.5, "b": 0.83, "depth_mm": 0.3, "radius_rad": 0.35}],
 *                 "new_defects": [ …as defects… ], "lesion_growth": {"MF": 1.5}, "new_lesions": [ …as lesions… ],
 *                 "pose": { …as the anatomy's… }}
 * }
 * </pre>
 *
 * a and b place a defect, lesion or thinning at the fractions (0..1) of its plate's or surface's two patch coordinates;
 * {@code rotation_deg} are rotations about the patient axes x, then y, then z (LPS), after the side's placement. A
 * configuration without {@code follow_up} gets {@link FollowUpChange#defaults()}; with it, exactly the changes it
 * lists. Immutable.
 */
public final class PhantomSetup {

	/** A rigid pose: rotation after the side's placement, then translation (LPS mm). */
	public record Pose(Matrix3d rotation, Vector3d translation) {
		public Pose {
			rotation = new Matrix3d(rotation);
			translation = new Vector3d(translation);
		}
	}

	private final AnatomyConfig anatomy;
	private final ImagingConfig imaging;
	private final FollowUpChange change;
	private final Pose baselinePose, followUpPose;

	private PhantomSetup(final AnatomyConfig anatomy, final ImagingConfig imaging, final FollowUpChange change, final Pose baselinePose,
			final Pose followUpPose) {
		this.anatomy = anatomy;
		this.imaging = imaging;
		this.change = change;
		this.baselinePose = baselinePose;
		this.followUpPose = followUpPose;
	}

	/** The standard knee: {@link AnatomyConfig#defaults()}, {@link ImagingConfig#defaults()}, {@link FollowUpChange#defaults()}, seeded poses. */
	public static PhantomSetup defaults() {
		return new PhantomSetup(AnatomyConfig.defaults(), ImagingConfig.defaults(), FollowUpChange.defaults(), null, null);
	}

	public PhantomSetup withSide(final Laterality side) {
		return new PhantomSetup(anatomy.withSide(side), imaging, change, baselinePose, followUpPose);
	}

	public PhantomSetup withChange(final FollowUpChange c) {
		return new PhantomSetup(anatomy, imaging, c, baselinePose, followUpPose);
	}

	public PhantomSetup withImaging(final ImagingConfig i) {
		return new PhantomSetup(anatomy, i, change, baselinePose, followUpPose);
	}

	/** The baseline anatomy (its pose is replaced by {@link #baseline}). */
	public AnatomyConfig anatomy() {
		return anatomy;
	}

	/** The imaging of both visits (the seed is replaced per visit, see {@link #baselineImaging}). */
	public ImagingConfig imaging() {
		return imaging;
	}

	public FollowUpChange change() {
		return change;
	}

	/** The baseline knee of {@code seed}: the anatomy in its fixed pose, or in the seed's baseline pose. */
	public KneeModel baseline(final long seed) {
		return new KneeModel(baselinePose != null ? anatomy.withSeed(seed).withPose(baselinePose.rotation(), baselinePose.translation())
				: PhantomKnees.posed(anatomy, seed, false));
	}

	/** The follow-up knee of {@code seed}: the change applied, in its fixed pose or the seed's follow-up pose. */
	public KneeModel followUp(final long seed) {
		final AnatomyConfig changed = change.apply(anatomy);
		return new KneeModel(followUpPose != null ? changed.withSeed(seed).withPose(followUpPose.rotation(), followUpPose.translation())
				: PhantomKnees.posed(changed, seed, true));
	}

	/** The baseline's imaging: noise and bias field from {@code seed}. */
	public ImagingConfig baselineImaging(final long seed) {
		return imaging.withSeed(seed);
	}

	/** The follow-up's imaging: noise from a stream of {@code seed} that differs from the baseline's (re-noised). */
	public ImagingConfig followUpImaging(final long seed) {
		return imaging.withSeed(new SplittableRandom(seed).split().nextLong());
	}

	/** Reads a configuration file (format in the class description); errors name the file and the member. */
	public static PhantomSetup read(final Path file) throws IOException {
		final Json.Members root = Json.readObject(file).allowOnly(List.of("anatomy", "imaging", "follow_up"));
		AnatomyConfig a = AnatomyConfig.defaults();
		Pose basePose = null, followPose = null;
		ImagingConfig im = ImagingConfig.defaults();
		FollowUpChange ch = FollowUpChange.defaults();
		try {
			if (root.has("anatomy")) {
				final Json.Members o = root.object("anatomy").allowOnly(List.of("side", "scale", "tibiofemoral_gap_mm", "patellofemoral_gap_mm",
						"weight_bearing_fraction", "thickness", "defects", "lesions", "pose"));
				a = anatomy(o, a);
				if (o.has("pose"))
					basePose = pose(o.object("pose"));
			}
			if (root.has("imaging"))
				im = imaging(root.object("imaging"), im);
			if (root.has("follow_up")) {
				final Json.Members o = root.object("follow_up").allowOnly(List.of("uniform_thinning_mm", "regional_thinning", "new_defects",
						"lesion_growth", "new_lesions", "pose"));
				ch = change(o);
				if (o.has("pose"))
					followPose = pose(o.object("pose"));
			}
			final PhantomSetup setup = new PhantomSetup(a, im, ch, basePose, followPose);
			// build both knees once, so that a defect outside its plate or a too deep thinning is reported now, with the file
			setup.baseline(0);
			setup.followUp(0);
			return setup;
		} catch (final IllegalArgumentException e) {
			throw new JsonFormatException(file, e.getMessage());
		}
	}

	private static AnatomyConfig anatomy(final Json.Members o, final AnatomyConfig defaults) throws JsonFormatException {
		AnatomyConfig a = defaults;
		if (o.has("side")) {
			final String side = o.string("side").toLowerCase(Locale.ROOT);
			if (!side.equals("left") && !side.equals("right"))
				throw o.error("side", "left or right was expected, found \"" + o.string("side") + "\"");
			a = a.withSide(side.equals("left") ? Laterality.LEFT : Laterality.RIGHT);
		}
		a = a.withScale(o.number("scale", a.scale()));
		a = a.withGap(o.number("tibiofemoral_gap_mm", a.gap()), o.number("patellofemoral_gap_mm", a.patellofemoralGap()));
		a = a.withWeightBearingFraction(o.number("weight_bearing_fraction", a.weightBearingFraction()));
		if (o.has("thickness")) {
			final Json.Members t = o.object("thickness").allowOnly(AnatomyConfig.SURFACES);
			for (final String s : t.keys()) {
				final Json.Members v = t.object(s).allowOnly(List.of("base_mm", "amp_mm", "bump_radius_rad"));
				final double[] d = a.thickness(s);
				a = a.withThickness(s, v.number("base_mm", d[0]), v.number("amp_mm", d[1]), v.number("bump_radius_rad", d[2]));
			}
		}
		if (o.has("defects"))
			a = a.withDefects(defects(o, "defects"));
		if (o.has("lesions"))
			a = a.withLesions(lesions(o, "lesions"));
		return a;
	}

	private static List<AnatomyConfig.Defect> defects(final Json.Members o, final String key) throws JsonFormatException {
		final List<AnatomyConfig.Defect> out = new ArrayList<>();
		for (final Json.Members d : o.objects(key)) {
			d.allowOnly(List.of("plate", "a", "b", "area_mm2", "depth_mm"));
			final double depth;
			if (d.isString("depth_mm")) {
				if (!d.string("depth_mm").equals("full"))
					throw d.error("depth_mm", "a number (mm) or \"full\" was expected");
				depth = Double.POSITIVE_INFINITY;
			} else
				depth = d.number("depth_mm");
			out.add(new AnatomyConfig.Defect(d.string("plate"), d.number("a"), d.number("b"), d.number("area_mm2"), depth));
		}
		return out;
	}

	private static List<AnatomyConfig.Lesion> lesions(final Json.Members o, final String key) throws JsonFormatException {
		final List<AnatomyConfig.Lesion> out = new ArrayList<>();
		for (final Json.Members l : o.objects(key)) {
			l.allowOnly(List.of("compartment", "a", "b", "volume_mm3"));
			out.add(new AnatomyConfig.Lesion(l.string("compartment"), l.number("a"), l.number("b"), l.number("volume_mm3")));
		}
		return out;
	}

	private static Pose pose(final Json.Members o) throws JsonFormatException {
		o.allowOnly(List.of("rotation_deg", "translation_mm"));
		final double[] r = o.has("rotation_deg") ? o.numbers("rotation_deg", 3) : new double[3];
		final double[] t = o.has("translation_mm") ? o.numbers("translation_mm", 3) : new double[3];
		final Matrix3d m = new Matrix3d().rotateZ(Math.toRadians(r[2])).rotateY(Math.toRadians(r[1])).rotateX(Math.toRadians(r[0]));
		return new Pose(m, new Vector3d(t[0], t[1], t[2]));
	}

	private static ImagingConfig imaging(final Json.Members o, final ImagingConfig defaults) throws JsonFormatException {
		o.allowOnly(List.of("dess_size", "dess_spacing_mm", "iw_size", "iw_spacing_mm", "supersampling", "dess_snr", "iw_snr", "bias_amplitude"));
		ImagingConfig c = defaults;
		if (o.has("dess_size") || o.has("dess_spacing_mm"))
			c = c.withDessGrid(o.has("dess_size") ? sizes(o, "dess_size") : c.dessSize(),
					o.has("dess_spacing_mm") ? o.numbers("dess_spacing_mm", 3) : c.dessSpacing());
		if (o.has("iw_size") || o.has("iw_spacing_mm"))
			c = c.withIwGrid(o.has("iw_size") ? sizes(o, "iw_size") : c.iwSize(), o.has("iw_spacing_mm") ? o.numbers("iw_spacing_mm", 3) : c.iwSpacing());
		if (o.has("supersampling")) {
			final long n = o.integer("supersampling");
			if (n < 1 || n > 16)
				throw o.error("supersampling", "sub-samples per axis must be 1..16, found " + n);
			c = c.withSupersampling((int) n);
		}
		c = c.withSnr(snr(o, "dess_snr", c.dessSnr()), snr(o, "iw_snr", c.iwSnr()));
		return c.withBiasAmplitude(o.number("bias_amplitude", c.biasAmplitude()));
	}

	private static double snr(final Json.Members o, final String key, final double otherwise) throws JsonFormatException {
		if (!o.has(key))
			return otherwise;
		if (o.isString(key)) {
			if (!o.string(key).equals("none"))
				throw o.error(key, "a number or \"none\" (no noise) was expected");
			return Double.POSITIVE_INFINITY;
		}
		return o.number(key);
	}

	private static int[] sizes(final Json.Members o, final String key) throws JsonFormatException {
		final double[] d = o.numbers(key, 3);
		final int[] s = new int[3];
		for (int i = 0; i < 3; i++) {
			if (d[i] != Math.rint(d[i]) || d[i] < 1 || d[i] > 4096)
				throw o.error(key, "three whole numbers in 1..4096 were expected");
			s[i] = (int) d[i];
		}
		return s;
	}

	private static FollowUpChange change(final Json.Members o) throws JsonFormatException {
		final Map<String, Double> uniform = new LinkedHashMap<>(), growth = new LinkedHashMap<>();
		if (o.has("uniform_thinning_mm")) {
			final Json.Members u = o.object("uniform_thinning_mm").allowOnly(AnatomyConfig.SURFACES);
			for (final String s : u.keys())
				uniform.put(s, u.number(s));
		}
		if (o.has("lesion_growth")) {
			final Json.Members g = o.object("lesion_growth").allowOnly(AnatomyConfig.COMPARTMENTS);
			for (final String s : g.keys())
				growth.put(s, g.number(s));
		}
		final List<AnatomyConfig.Thinning> thinnings = new ArrayList<>();
		if (o.has("regional_thinning"))
			for (final Json.Members t : o.objects("regional_thinning")) {
				t.allowOnly(List.of("surface", "a", "b", "depth_mm", "radius_rad"));
				thinnings.add(new AnatomyConfig.Thinning(t.string("surface"), t.number("a"), t.number("b"), t.number("depth_mm"), t.number("radius_rad")));
			}
		return new FollowUpChange(uniform, thinnings, o.has("new_defects") ? defects(o, "new_defects") : List.of(), growth,
				o.has("new_lesions") ? lesions(o, "new_lesions") : List.of());
	}
}
