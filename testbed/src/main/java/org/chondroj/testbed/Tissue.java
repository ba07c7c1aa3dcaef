package org.chondroj.testbed;

/**
 * The tissues of a rendered knee, with the relaxation times (3 T, ms) and relative proton density that give their
 * signal in each {@link Sequence}.
 * <p>
 * Sources. Cartilage, synovial fluid, muscle and bone marrow: Gold et al., "Musculoskeletal MRI at 3.0 T: relaxation
 * times and image contrast", AJR 2004;183:343–351 (in vivo knees at 3 T: cartilage T1 1240, T2 37 ms; synovial fluid
 * 3620, 767 ms; muscle 1420, 32 ms; marrow 371, 133 ms). Subcutaneous fat: taken as the fatty marrow's (both are
 * fat; the marrow value above). Menisci: T2 about 10 ms at 3 T (Rauscher et al., Radiology 2008;249:591–600, 8–18 ms
 * in healthy menisci), T1 about 1000 ms. Tendons and ligaments: T2 of a few ms, invisible on conventional echo times
 * (Robson et al., J Comput Assist Tomogr 2003;27:825–846), T1 about 1000 ms. The lining tissue that fools segmenters
 * (periosteum, synovium, tendon insertions, pre-patellar soft tissue) and the edema of bone-marrow lesions have no
 * single published value: they are given water-rich soft-tissue values between cartilage and fluid (lining T1 1200,
 * T2 45 ms; edema T1 1100, T2 60 ms, a marrow whose fat is partly replaced by water). Proton densities are relative to
 * fluid and are our assumptions, within the usual water contents (cartilage 0.75, muscle 0.75, fat and marrow 0.9–1).
 * Cortical bone and air give no signal. Magnetization transfer: {@link #transferred()}.
 */
public enum Tissue {
	AIR(0, 1, 1, false, 1),
	FAT(1.0, 382, 133, true, 1),
	MUSCLE(0.75, 1420, 32, false, 0.5),
	FLUID(1.0, 3620, 767, false, 1),
	/** Tendons and ligaments (patellar tendon, cruciates): dark on every contrast. */
	TENDON(0.5, 1000, 2, false, 0.6),
	/** Periosteum, synovium, tendon insertions, pre-patellar tissue: as bright as cartilage or brighter on most contrasts. */
	LINING(0.75, 1200, 45, false, 0.85),
	MENISCUS(0.6, 1000, 10, false, 0.6),
	CORTEX(0, 1, 1, false, 1),
	/** Fatty bone marrow. */
	MARROW(0.9, 371, 133, true, 1),
	/** Bone-marrow lesion (edema-like signal): marrow with part of its fat replaced by water. */
	LESION(0.85, 1100, 60, false, 1),
	CARTILAGE(0.75, 1240, 37, false, 0.9);

	private final double protonDensity, t1Ms, t2Ms, transferred;
	private final boolean fat;

	Tissue(final double protonDensity, final double t1Ms, final double t2Ms, final boolean fat, final double transferred) {
		this.protonDensity = protonDensity;
		this.t1Ms = t1Ms;
		this.t2Ms = t2Ms;
		this.fat = fat;
		this.transferred = transferred;
	}

	/**
	 * The share of its signal left by the magnetization transfer of water-excitation and fat-saturation pulses
	 * (macromolecule-rich tissue loses most: muscle about half, cartilage some; Wolff and Balaban, Magn Reson Med
	 * 1989;10:135–144; Peterfy et al., Radiology 1994;191:413–419, magnetization transfer in the knee): 1 for tissue
	 * without. Our values, chosen so that a rendered water-excitation DESS has cartilage about twice as bright as muscle and marrow darker still,
	 * as the real GE DESS of ../shared/data has (segmenter levels: muscle 705, cartilage and fluid 1881).
	 */
	public double transferred() {
		return transferred;
	}

	/** Relative proton density (fluid 1). */
	public double protonDensity() {
		return protonDensity;
	}

	public double t1Ms() {
		return t1Ms;
	}

	public double t2Ms() {
		return t2Ms;
	}

	/** Whether its signal is fat's, removed by fat suppression or water excitation. */
	public boolean isFat() {
		return fat;
	}
}
