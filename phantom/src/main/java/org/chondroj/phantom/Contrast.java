package org.chondroj.phantom;

/**
 * The tissue intensities of the two synthetic sequences, relative to the brightest tissue (joint fluid = 1). A voxel
 * holding several tissues gets the fraction-weighted mean of their intensities (partial volume).
 * <p>
 * The numbers reproduce the grey-level order and the approximate ratios of the OAI images (Peterfy et al.,
 * Osteoarthritis Cartilage 2008), read off by eye, not fitted to measured signal values:
 * <table>
 * <caption>relative intensities</caption>
 * <tr><th>tissue</th><th>DESS WE</th><th>IW TSE FS</th></tr>
 * <tr><td>joint fluid</td><td>1.00</td><td>1.00</td></tr>
 * <tr><td>cartilage (all plates)</td><td>0.72</td><td>0.38</td></tr>
 * <tr><td>muscle</td><td>0.28</td><td>0.25</td></tr>
 * <tr><td>bone marrow (fat-suppressed), fibula</td><td>0.14</td><td>0.12</td></tr>
 * <tr><td>bone-marrow lesion</td><td>0.24</td><td>0.55</td></tr>
 * <tr><td>fat (suppressed)</td><td>0.10</td><td>0.10</td></tr>
 * <tr><td>tendon, ligament, cortical bone</td><td>0.03</td><td>0.03</td></tr>
 * <tr><td>air</td><td>0</td><td>0</td></tr>
 * </table>
 * DESS (3-D double-echo steady state with water excitation, TE 4.7 ms, TR 16.3 ms, flip 25°): the T2-weighted second
 * echo makes fluid brighter than cartilage (cartilage ≈ 0.7 of fluid), the water excitation leaves marrow and fat
 * dark, muscle grey; an edema-like lesion is only slightly brighter than marrow (DESS is poor at showing them). IW
 * TSE with fat saturation (TE 30 ms, TR 3200 ms): fluid bright, cartilage intermediate (≈ 0.4 of fluid), marrow dark
 * and a lesion ≈ 4.6 times the marrow signal, which is what makes lesions visible on this series.
 */
public enum Contrast {
	/** 3-D DESS with water excitation (the OAI cartilage sequence). */
	DESS(1.00, 0.72, 0.28, 0.14, 0.24, 0.10, 0.03),
	/** 2-D intermediate-weighted turbo spin echo with fat saturation (the OAI edema sequence). */
	IW_FS(1.00, 0.38, 0.25, 0.12, 0.55, 0.10, 0.03);

	private final double[] byTissue = new double[Tissue.values().length];

	Contrast(final double fluid, final double cartilage, final double muscle, final double marrow, final double lesion, final double fat,
			final double dark) {
		for (final Tissue t : Tissue.values())
			byTissue[t.ordinal()] = switch (t) {
			case AIR -> 0;
			case FAT -> fat;
			case MUSCLE -> muscle;
			case FLUID -> fluid;
			case TENDON, FEMUR_CORTEX, TIBIA_CORTEX, PATELLA_CORTEX -> dark;
			case FEMUR_MARROW, TIBIA_MARROW, PATELLA_MARROW, FIBULA -> marrow;
			case FEMORAL_CARTILAGE, TIBIAL_CARTILAGE, PATELLAR_CARTILAGE -> cartilage;
			case FEMORAL_LESION, TIBIAL_LESION, PATELLAR_LESION -> lesion;
			};
	}

	/** Intensity of {@code tissue} relative to joint fluid (0…1). */
	public double relative(final Tissue tissue) {
		return byTissue[tissue.ordinal()];
	}

	/** The intensities of all tissues scaled by {@code brightest}, indexed by {@link Tissue#ordinal()} (a new array). */
	public double[] intensities(final double brightest) {
		final double[] out = new double[byTissue.length];
		for (int i = 0; i < out.length; i++)
			out[i] = brightest * byTissue[i];
		return out;
	}
}
