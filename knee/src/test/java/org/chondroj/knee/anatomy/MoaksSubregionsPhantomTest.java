package org.chondroj.knee.anatomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeModel;
import org.chondroj.phantom.MoaksTruth;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.phantom.PhantomTruth;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * Bone-marrow lesions per MOAKS subregion measured from the label map of the phantom knee with lesions in several
 * subregions ({@link PhantomKnees#moaks}), on the OAI DESS grid (0.36 × 0.36 × 0.7 mm, posed obliquely), against the
 * phantom's truth ({@link MoaksTruth}: the same definition on the analytic surfaces, by Monte Carlo). Right and left
 * knee: the left knee lies mirrored in the image, so its medial subregions are on the other side of the patient's
 * x axis, and the measurement must still name them medial.
 */
class MoaksSubregionsPhantomTest {

	/**
	 * Per subregion: the lesion volume within 15 % of the truth where the truth has a lesion (the tolerance;
	 * measured: within 1 % in all six, PM +0.9 %), no more than 2 % of the knee's lesion volume where it has none
	 * (measured: 0), the MOAKS size grade equal (PM grade 2 at 41 %, the rest 1 or 0); every subregion's bone (the map's
	 * voxels) within 15 % of the truth's region volume (measured: −6.9 … +11.6 %, the extremes FMC and FMA of the right
	 * knee; most within ±4 %).
	 * <p>
	 * The region differences are understood in part: the surface voxels are classified as the truth classifies them
	 * (99.7 % of the femur's; none lies more than 1 mm from the analytic patches), and the whole femur's region is 2.2 %
	 * larger (the voxel surface lies half a voxel inside the bone, so 10 mm from it reaches deeper), but inside the bone
	 * 515 mm³ that the truth gives FMC is FMA here: the bisector between the concave trochlea and the convex condyle meets
	 * the surfaces at a shallow angle, so the half-voxel inset of the two surfaces moves it by about a millimetre.
	 */
	@ParameterizedTest
	@EnumSource(value = Laterality.class, mode = Mode.EXCLUDE, names = "UNKNOWN")
	void lesionsPerSubregionMeetTheTruth(final Laterality side) {
		final KneeModel model = PhantomKnees.moaks(side, 3);
		final MoaksTruth truth = PhantomTruth.of(model).moaks();
		final Volume<UnsignedByteType> volume = PhantomImages.dessLabels(model, ImagingConfig.defaults());
		final KneeLabels labels = KneeLabels.of(volume, LabelPresets.mapping("oai-akoa"));
		final ScanReport report = KneeMeasurement.measure(labels, "moaks phantom", KneeMeasurement.Options.defaults()).report();
		assertEquals(side, report.side());
		// the subregions' bone, from the map the measurement used
		final KneeFrame frame = KneeFrame.estimate(labels);
		final Regions regions = Regions.of(frame, KneeLandmarks.locate(labels, frame));
		final byte[] map = Volumes.byteData(MoaksSubregions.map(labels, regions, BoneCompartments.DEFAULT_DEPTH_MM));
		final long[] voxels = new long[16];
		for (final byte b : map)
			voxels[b]++;
		final double voxel = volume.geometry().voxelVolume();
		double totalLesion = 0;
		for (final MoaksTruth.Subregion t : truth.subregions().values())
			totalLesion += t.volume();
		final List<String> failures = new ArrayList<>();
		final StringBuilder table = new StringBuilder(side + " knee: subregion, lesion mm³ measured/true, grade measured/true, bone mm³ measured/true\n");
		for (final MoaksSubregion s : MoaksSubregion.values()) {
			final MoaksTruth.Subregion t = truth.subregions().get(s.key());
			final double v = report.lesionValue(s, LesionMetric.VOLUME), region = voxels[s.id()] * voxel;
			final int grade = (int) report.lesionValue(s, LesionMetric.MOAKS_GRADE);
			table.append(String.format(Locale.ROOT, "  %-3s %7.1f %7.1f   %d %d   %7.0f %7.0f (%+.1f %%)%n", s, v, t.volume(), grade, t.grade(), region,
					t.regionVolume(), 100 * (region - t.regionVolume()) / t.regionVolume()));
			if (t.volume() > 0 ? Math.abs(v - t.volume()) > 0.15 * t.volume() : v > 0.02 * totalLesion)
				failures.add(String.format(Locale.ROOT, "%s lesion %.1f mm³, truth %.1f", s, v, t.volume()));
			if (grade != t.grade())
				failures.add(String.format(Locale.ROOT, "%s grade %d, truth %d (share %.1f %%, truth %.1f %%)", s, grade, t.grade(),
						report.lesionValue(s, LesionMetric.SHARE), t.share()));
			if (Math.abs(region - t.regionVolume()) > 0.15 * t.regionVolume())
				failures.add(String.format(Locale.ROOT, "%s bone %.0f mm³, truth %.0f", s, region, t.regionVolume()));
		}
		System.out.print(table);
		assertTrue(failures.isEmpty(), String.join("\n", failures));
		assertTrue(truth.subregions().values().stream().anyMatch(t -> t.grade() == 2), "the knee has a grade-2 subregion to find");
	}
}
