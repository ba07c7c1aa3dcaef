package org.chondroj.testbed;

import java.util.Locale;

/**
 * The MR contrasts the test bed renders (the {@code --contrast} names), each a sequence with its timing, whose tissue
 * signals follow from the relaxation times of {@link Tissue} by the textbook signal equations:
 * <ul>
 * <li>steady-state free precession (the two echoes of DESS): with E1 = e^(−TR/T1), E2 = e^(−TR/T2), α the flip angle,
 * p = 1 − E1·cos α − E2²(E1 − cos α), q = E2(1 − E1)(1 + cos α), r = √(p² − q²), the FID echo (first echo, FISP)
 * S⁺ = PD·tan(α/2)·(1 − (E1 − cos α)(1 − E2²)/r)·e^(−TE/T2) and the spin echo (second echo, PSIF)
 * S⁻ = PD·tan(α/2)·(1 − (1 − E1·cos α)(1 − E2²)/r)·e^(−(2TR − TE)/T2) (Hänicke and Vogel, Magn Reson Med
 * 2003;49:771–775; Bruder et al., Magn Reson Med 1988;7:35–42);</li>
 * <li>spin echo (PD/IW and T1 turbo spin echo): S = PD·(1 − e^(−TR/T1))·e^(−TE/T2).</li>
 * </ul>
 * Fat is suppressed (water excitation or spectral fat saturation) to {@value #FAT_SUPPRESSED} of its signal where the
 * sequence does so, and the same pulses saturate macromolecule-rich tissue by magnetization transfer
 * ({@link Tissue#transferred()}). The timings are those of the OAI protocol where it has the sequence (DESS: TR 16.3 ms, TE 4.7 ms,
 * 25°; IW TSE FS: TR 3200 ms, TE 30 ms; Peterfy et al., Osteoarthritis Cartilage 2008;16:1433–1441) and a common
 * clinical T1 TSE otherwise (TR 600 ms, TE 12 ms). The resulting order, checked in the tests: on {@link #DESS} fluid
 * &gt; cartilage &gt; marrow and fat; on {@link #DESS_ECHO2} fluid far brighter than cartilage; on {@link #PD_FS} fluid
 * &gt; cartilage &gt; marrow, and lesions bright; on {@link #T1} marrow and fat &gt; cartilage &gt; fluid.
 */
public enum Sequence {
	/** First echo of a water-excitation DESS (as FLASH with water excitation): cartilage bright, fat and marrow dark. */
	DESS("dess", "SAG 3D DESS WE ECHO 1", true, 16.3, 4.7, 25, true),
	/** Second echo of the same DESS: fluid very bright, cartilage dark to intermediate. */
	DESS_ECHO2("dess-echo2", "SAG 3D DESS WE ECHO 2", true, 16.3, 4.7, 25, true),
	/** Intermediate/proton-density-weighted fat-suppressed TSE: fluid bright, cartilage intermediate, edema bright. */
	PD_FS("pd-fs", "SAG PD TSE FS", false, 3200, 30, 90, true),
	/** T1-weighted TSE without fat suppression: marrow and fat bright, cartilage intermediate, fluid dark. */
	T1("t1", "SAG T1 TSE", false, 600, 12, 90, false);

	/** The share of fat signal left by fat suppression or water excitation. */
	public static final double FAT_SUPPRESSED = 0.05;

	private final String key, description;
	private final boolean steadyState, fatSuppressed;
	private final double trMs, teMs, flipDeg;

	Sequence(final String key, final String description, final boolean steadyState, final double trMs, final double teMs, final double flipDeg,
			final boolean fatSuppressed) {
		this.key = key;
		this.description = description;
		this.steadyState = steadyState;
		this.trMs = trMs;
		this.teMs = teMs;
		this.flipDeg = flipDeg;
		this.fatSuppressed = fatSuppressed;
	}

	/** The name on the command line ({@code dess}, {@code dess-echo2}, {@code pd-fs}, {@code t1}). */
	public String key() {
		return key;
	}

	/** The DICOM series description. */
	public String description() {
		return description;
	}

	public double repetitionTimeMs() {
		return trMs;
	}

	/** The echo time as the DICOM header states it (for the DESS second echo, 2·TR − TE). */
	public double echoTimeMs() {
		return this == DESS_ECHO2 ? 2 * trMs - teMs : teMs;
	}

	public double flipAngleDegrees() {
		return flipDeg;
	}

	public boolean fatSuppressed() {
		return fatSuppressed;
	}

	/**
	 * The signal of {@code t} (arbitrary units, fluid with full proton density about 1), before fat suppression; 0 for
	 * air and cortex.
	 */
	public double signal(final Tissue t) {
		if (t.protonDensity() == 0)
			return 0;
		if (!steadyState)
			return t.protonDensity() * (1 - Math.exp(-trMs / t.t1Ms())) * Math.exp(-teMs / t.t2Ms());
		final double a = Math.toRadians(flipDeg), c = Math.cos(a);
		final double e1 = Math.exp(-trMs / t.t1Ms()), e2 = Math.exp(-trMs / t.t2Ms());
		final double p = 1 - e1 * c - e2 * e2 * (e1 - c), q = e2 * (1 - e1) * (1 + c), r = Math.sqrt(p * p - q * q);
		if (this == DESS_ECHO2)
			return t.protonDensity() * Math.tan(a / 2) * (1 - (1 - e1 * c) * (1 - e2 * e2) / r) * Math.exp(-(2 * trMs - teMs) / t.t2Ms());
		return t.protonDensity() * Math.tan(a / 2) * (1 - (e1 - c) * (1 - e2 * e2) / r) * Math.exp(-teMs / t.t2Ms());
	}

	/**
	 * The signal of {@code t} after fat suppression where the sequence suppresses fat (see {@link #signal}), and, on a
	 * fat-suppressed sequence, after the magnetization transfer of its pulses ({@link Tissue#transferred()}).
	 */
	public double suppressedSignal(final Tissue t) {
		if (!fatSuppressed)
			return signal(t);
		return (t.isFat() ? FAT_SUPPRESSED : 1) * t.transferred() * signal(t);
	}

	/** The sequence named {@code key} (case-insensitive). */
	public static Sequence of(final String key) {
		for (final Sequence s : values())
			if (s.key.equalsIgnoreCase(key))
				return s;
		throw new IllegalArgumentException("unknown contrast \"" + key + "\"; one of dess, dess-echo2, pd-fs, t1");
	}

	@Override
	public String toString() {
		return key.toLowerCase(Locale.ROOT);
	}
}
