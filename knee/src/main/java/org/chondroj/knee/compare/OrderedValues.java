package org.chondroj.knee.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.chondroj.knee.nomenclature.Region;

/**
 * The ordered-values analysis of subregional cartilage thickness change (Buck et al., Arthritis Rheum
 * 2009;61:917–924): the changes of ThCtAB in the 16 femorotibial subregions (5 per tibial plate, 3 per central femoral
 * plate), sorted independently of their location, OV1 = the largest thinning … OV16 = the largest thickening, also per
 * compartment (medial: cMT aMT pMT eMT iMT ecMF ccMF icMF; lateral likewise, OV1…OV8 each); and the total thinning and
 * thickening scores: the sums of the subregion changes below −threshold and above +threshold (mm; threshold 0 gives
 * the sums of all negative and all positive changes). Subregions not measured in both scans are left out (the OV list
 * is then shorter). Immutable.
 *
 * @param all       the 16 (or fewer) ordered changes, mm, ascending
 * @param medial    the medial compartment's ordered changes
 * @param lateral   the lateral compartment's ordered changes
 * @param thinning  total thinning score (≤ 0), mm
 * @param thickening total thickening score (≥ 0), mm
 * @param threshold the threshold used, mm
 */
public record OrderedValues(double[] all, double[] medial, double[] lateral, double thinning, double thickening, double threshold) {

	/** The medial compartment's subregions; the lateral ones have L for M. */
	public static final List<Region> MEDIAL = List.of(Region.cMT, Region.aMT, Region.pMT, Region.eMT, Region.iMT, Region.ecMF, Region.ccMF, Region.icMF);
	public static final List<Region> LATERAL = List.of(Region.cLT, Region.aLT, Region.pLT, Region.eLT, Region.iLT, Region.ecLF, Region.ccLF, Region.icLF);

	/** Computes the ordered values from subregion → ThCtAB change (mm). */
	public static OrderedValues of(final Map<Region, Double> changes, final double threshold) {
		if (!(threshold >= 0))
			throw new IllegalArgumentException("threshold must be ≥ 0 mm, got " + threshold);
		final double[] medial = sorted(changes, MEDIAL), lateral = sorted(changes, LATERAL);
		final double[] all = new double[medial.length + lateral.length];
		System.arraycopy(medial, 0, all, 0, medial.length);
		System.arraycopy(lateral, 0, all, medial.length, lateral.length);
		Arrays.sort(all);
		double thin = 0, thick = 0;
		for (final double c : all)
			if (c < -threshold)
				thin += c;
			else if (c > threshold)
				thick += c;
		return new OrderedValues(all, medial, lateral, thin, thick, threshold);
	}

	private static double[] sorted(final Map<Region, Double> changes, final List<Region> names) {
		final List<Double> v = new ArrayList<>();
		for (final Region n : names) {
			final Double c = changes.get(n);
			if (c != null && Double.isFinite(c))
				v.add(c);
		}
		final double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(a);
		return a;
	}
}
