package org.chondroj.knee.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.QcFlag.Kind;
import org.chondroj.knee.cartilage.RegionMeasures;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * The quality-control flags every measured knee gets, whatever made its labels (a segmenter, a model, a reader):
 * <ul>
 * <li>{@link Kind#FIELD_OF_VIEW_CUTS_CARTILAGE}: a cartilage has voxels on the grid's outermost planes, so the image
 * cuts a plate off and its area and volume are too low;</li>
 * <li>{@link Kind#CARTILAGE_FRAGMENTED}: less than {@value #MIN_THREE_LARGEST_SHARE} of a cartilage's voxels lie in its
 * three largest 6-connected parts (a manual map's cartilage is one to three sheets: the 12 OAI maps measure at least
 * 99.9 %, {@code QcChecksRealDataTest});</li>
 * <li>{@link Kind#THICK_SLICES}: a voxel spacing above {@value #MAX_SPACING_MM} mm, when thickness errors of a slice's
 * partial volume approach the changes a trial measures;</li>
 * <li>{@link Kind#OUTSIDE_REFERENCE_RANGE}: a femorotibial plate's ThCtAB above {@value #THICKNESS_LIMIT_FACTOR} times
 * the mean of healthy adults, the patella's above that factor times its healthy mean, or the whole knee's cartilage
 * volume above {@value #UPPER_FACTOR} times the largest of healthy adults. Sources: Eckstein F. et al., Osteoarthritis Cartilage
 * 2010;18:1275–83 (Framingham "normals", 686 adults: ThCtAB MT 1.73, LT 2.09, cMF 1.86, cLF 1.77 mm; their smallest
 * potential maximal Z-score, mean/SD, is 5.6, so the limit lies at least 3.9 SD above the mean); Eckstein F. et al.,
 * Osteoarthritis Cartilage 2001;9:101–11 (27 healthy men: total cartilage volume 16.6–31.4 ml, patellar mean thickness
 * 2.76 mm). The wide factors leave room for larger knees; a value beyond them is more likely a wrong label numbering or
 * a segmentation that took other tissue. There are no lower limits: small knees and cartilage loss are real
 * ({@link Kind#DENUDED_BONE} and {@link Kind#PLATE_MISSING} say where cartilage is missing); the whole knee's limit holds
 * for any set of its plates;</li>
 * <li>{@link Kind#INCONSISTENT_MEASURES}: a plate's VC more than {@value #MAX_VOLUME_RATIO} times its ThCtAB × tAB.</li>
 * </ul>
 */
final class QcChecks {

	/** Least share of a cartilage in its three largest parts. */
	static final double MIN_THREE_LARGEST_SHARE = 0.95;
	/** Largest voxel spacing without a flag, mm. */
	static final double MAX_SPACING_MM = 1.5;
	/** How many times the healthy mean ThCtAB a plate may reach without a flag. */
	static final double THICKNESS_LIMIT_FACTOR = 1.7;
	/** Healthy mean ThCtAB, mm (sources above). */
	static final Map<Region, Double> HEALTHY_THCTAB = Map.of(Region.MT, 1.73, Region.LT, 2.09, Region.cMF, 1.86, Region.cLF, 1.77, Region.P, 2.76);
	/** Largest whole knee's cartilage volume of healthy adults, mm³ (sources above). */
	static final double HEALTHY_MAX_VC = 31_400;
	/**
	 * Largest plate VC / (ThCtAB × tAB) without a flag: the cartilage over a bone area is about as thick as its volume
	 * over that area (12 OAI maps: at most 1.17, printed by {@code KneeMeasurementRealDataTest}), unless voxels labelled
	 * cartilage lie away from the bone surface.
	 */
	static final double MAX_VOLUME_RATIO = 2.0;
	/** The whole knee's volume may reach this multiple of the healthy largest without a flag. */
	static final double UPPER_FACTOR = 1.5;

	private QcChecks() {
	}

	/** The flags of {@code labels} and the measures found in them (plates, aggregates, subregions). */
	static List<QcFlag> check(final KneeLabels labels, final Map<Region, RegionMeasures> measures) {
		final List<QcFlag> flags = new ArrayList<>();
		flags.addAll(fieldOfView(labels));
		flags.addAll(fragments(labels));
		final double largest = Arrays.stream(labels.volume().geometry().spacing()).max().orElse(0);
		if (largest > MAX_SPACING_MM)
			flags.add(QcFlag.of(Kind.THICK_SLICES, String.format(Locale.ROOT, "voxels %.2f mm apart in one direction (more than %.1f mm): a slice's "
					+ "partial volume blurs the cartilage's surfaces, so thickness and its change are less precise than on a 3-D series", largest,
					MAX_SPACING_MM)));
		flags.addAll(referenceRanges((r, m) -> measures.containsKey(r) ? measures.get(r).get(m) : Double.NaN));
		return flags;
	}

	/** A flag per cartilage with voxels on the grid's outermost planes. */
	static List<QcFlag> fieldOfView(final KneeLabels labels) {
		final Volume<UnsignedByteType> v = labels.volume();
		final int[] d = v.dimensions();
		final byte[] data = Volumes.byteData(v);
		final byte[] codes = labels.codes();
		final List<QcFlag> flags = new ArrayList<>();
		for (final KneeStructure c : new KneeStructure[] { KneeStructure.FEMORAL_CARTILAGE, KneeStructure.TIBIAL_CARTILAGE,
				KneeStructure.PATELLAR_CARTILAGE }) {
			final int[] box = labels.boundingBox(c);
			if (box == null || !(box[0] == 0 || box[1] == 0 || box[2] == 0 || box[3] == d[0] - 1 || box[4] == d[1] - 1 || box[5] == d[2] - 1))
				continue;
			final byte code = (byte) (c.ordinal() + 1);
			long onFace = 0;
			for (int z = box[2]; z <= box[5]; z++)
				for (int y = box[1]; y <= box[4]; y++)
					for (int x = box[0]; x <= box[3]; x++)
						if ((x == 0 || y == 0 || z == 0 || x == d[0] - 1 || y == d[1] - 1 || z == d[2] - 1)
								&& codes[data[(z * d[1] + y) * d[0] + x] & 0xff] == code)
							onFace++;
			flags.add(new QcFlag(Kind.FIELD_OF_VIEW_CUTS_CARTILAGE, c.key(), String.format(Locale.ROOT, "%d voxels of the %s lie on the image's "
					+ "edge: the field of view cuts it off, so the plates there are measured too small; check that the whole joint is in the image",
					onFace, c.displayName())));
		}
		return flags;
	}

	/** A flag per cartilage with less than {@link #MIN_THREE_LARGEST_SHARE} of its voxels in its three largest parts. */
	static List<QcFlag> fragments(final KneeLabels labels) {
		final List<QcFlag> flags = new ArrayList<>();
		for (final KneeStructure c : new KneeStructure[] { KneeStructure.FEMORAL_CARTILAGE, KneeStructure.TIBIAL_CARTILAGE,
				KneeStructure.PATELLAR_CARTILAGE }) {
			final double[] parts = threeLargestShare(labels, c);
			if (parts != null && parts[0] < MIN_THREE_LARGEST_SHARE)
				flags.add(new QcFlag(Kind.CARTILAGE_FRAGMENTED, c.key(), String.format(Locale.ROOT, "the %s falls into %d pieces, %.1f %% of it in "
						+ "the three largest (a cartilage is one to three sheets): the small pieces are likely other tissue; check the overlay",
						c.displayName(), (long) parts[1], 100 * parts[0])));
		}
		return flags;
	}

	/**
	 * The share of {@code structure}'s voxels in its three largest 6-connected parts and the number of parts, or null
	 * when it is absent. Works in the structure's bounding box.
	 */
	static double[] threeLargestShare(final KneeLabels labels, final KneeStructure structure) {
		final int[] box = labels.boundingBox(structure);
		if (box == null)
			return null;
		final Volume<UnsignedByteType> v = labels.volume();
		final int[] d = v.dimensions();
		final int bx = box[3] - box[0] + 1, by = box[4] - box[1] + 1, bz = box[5] - box[2] + 1;
		final byte[] data = Volumes.byteData(v);
		final byte[] codes = labels.codes();
		final byte code = (byte) (structure.ordinal() + 1);
		final byte[] mask = new byte[bx * by * bz];
		for (int z = 0; z < bz; z++)
			for (int y = 0; y < by; y++)
				for (int x = 0; x < bx; x++)
					if (codes[data[((z + box[2]) * d[1] + y + box[1]) * d[0] + x + box[0]] & 0xff] == code)
						mask[(z * by + y) * bx + x] = 1;
		final ConnectedComponents.Result cc = ConnectedComponents.label(Volumes.wrapUnsignedBytes(mask, new int[] { bx, by, bz }, v.geometry()),
				Connectivity.SIX);
		final long[] sizes = Arrays.copyOfRange(cc.sizes(), 1, cc.count() + 1); // element 0 is the background
		Arrays.sort(sizes);
		long total = 0, three = 0;
		for (int i = 0; i < sizes.length; i++) {
			total += sizes[i];
			if (i >= sizes.length - 3)
				three += sizes[i];
		}
		return new double[] { total == 0 ? 1 : three / (double) total, cc.count() };
	}

	/**
	 * The reference-range flags of the measures (sources in the class description); {@code value} gives a region's
	 * measure, NaN when it was not measured.
	 */
	static List<QcFlag> referenceRanges(final ToDoubleBiFunction<Region, Metric> value) {
		final List<QcFlag> flags = new ArrayList<>();
		for (final Region plate : Region.PLATES) {
			final Double healthy = HEALTHY_THCTAB.get(plate);
			final double th = value.applyAsDouble(plate, Metric.ThCtAB);
			if (healthy == null || Double.isNaN(th))
				continue;
			final double limit = THICKNESS_LIMIT_FACTOR * healthy;
			if (th > limit)
				flags.add(new QcFlag(Kind.OUTSIDE_REFERENCE_RANGE, plate.key(), String.format(Locale.ROOT, "ThCtAB %.2f mm is more than %.1f times "
						+ "the healthy mean of %.2f mm (%s): likely tissue other than cartilage or a wrong label numbering; check the overlay", th,
						THICKNESS_LIMIT_FACTOR, healthy, plate == Region.P ? "Eckstein et al. 2001" : "Eckstein et al. 2010, Framingham")));
		}
		double vc = 0;
		for (final Region plate : Region.PLATES) {
			final double v = value.applyAsDouble(plate, Metric.VC), a = value.applyAsDouble(plate, Metric.tAB),
					th = value.applyAsDouble(plate, Metric.ThCtAB);
			if (Double.isNaN(v))
				continue;
			vc += v;
			if (v > MAX_VOLUME_RATIO * th * a)
				flags.add(new QcFlag(Kind.INCONSISTENT_MEASURES, plate.key(), String.format(Locale.ROOT, "VC %.0f mm³ is %.1f times ThCtAB × tAB "
						+ "(%.2f mm × %.0f mm²; at most %.1f in a sound label map): voxels labelled cartilage lie away from the bone surface, as when "
						+ "a bone or other tissue is labelled cartilage; check the label numbering and the labels", v, v / (th * a), th, a,
						MAX_VOLUME_RATIO)));
		}
		if (vc > UPPER_FACTOR * HEALTHY_MAX_VC)
			flags.add(QcFlag.of(Kind.OUTSIDE_REFERENCE_RANGE, String.format(Locale.ROOT, "the cartilage volume of the plates measured, %.0f mm³, is "
					+ "more than %.1f times the largest of healthy adults' whole knees, %.0f mm³ (Eckstein et al. 2001): likely a wrong label numbering "
					+ "or a segmentation that took other tissue", vc, UPPER_FACTOR, HEALTHY_MAX_VC)));
		return flags;
	}
}
