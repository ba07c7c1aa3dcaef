package org.chondroj.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The contrasts' tissue signals, from the relaxation times and the signal equations, in the order each sequence is known for. */
class SequenceTest {

	private static double s(final Sequence q, final Tissue t) {
		return q.suppressedSignal(t);
	}

	@Test
	void eachContrastOrdersTheTissues() {
		// water-excitation DESS, first echo: fluid > cartilage > muscle > marrow and fat
		assertTrue(s(Sequence.DESS, Tissue.FLUID) > s(Sequence.DESS, Tissue.CARTILAGE));
		assertTrue(s(Sequence.DESS, Tissue.CARTILAGE) > 1.5 * s(Sequence.DESS, Tissue.MUSCLE));
		assertTrue(s(Sequence.DESS, Tissue.MUSCLE) > 2 * s(Sequence.DESS, Tissue.MARROW));
		// second echo: strongly T2-weighted
		assertTrue(s(Sequence.DESS_ECHO2, Tissue.FLUID) > 5 * s(Sequence.DESS_ECHO2, Tissue.CARTILAGE));
		// PD fat-suppressed: fluid > cartilage > marrow; edema bright against marrow
		assertTrue(s(Sequence.PD_FS, Tissue.FLUID) > s(Sequence.PD_FS, Tissue.CARTILAGE));
		assertTrue(s(Sequence.PD_FS, Tissue.CARTILAGE) > 3 * s(Sequence.PD_FS, Tissue.MARROW));
		assertTrue(s(Sequence.PD_FS, Tissue.LESION) > 5 * s(Sequence.PD_FS, Tissue.MARROW));
		// T1 without fat suppression: marrow and fat > cartilage > fluid
		assertTrue(s(Sequence.T1, Tissue.MARROW) > 2 * s(Sequence.T1, Tissue.CARTILAGE));
		assertTrue(s(Sequence.T1, Tissue.CARTILAGE) > s(Sequence.T1, Tissue.FLUID));
		// no signal from air and cortex; tendons dark everywhere
		for (final Sequence q : Sequence.values()) {
			assertEquals(0, s(q, Tissue.AIR));
			assertEquals(0, s(q, Tissue.CORTEX));
			assertTrue(s(q, Tissue.TENDON) < 0.1 * s(q, Tissue.CARTILAGE), q.key());
		}
	}

	/** The spin-echo equation against a hand calculation: PD (1 − e^(−TR/T1)) e^(−TE/T2). */
	@Test
	void spinEchoSignal() {
		final double expected = 0.75 * (1 - Math.exp(-3200.0 / 1240)) * Math.exp(-30.0 / 37);
		assertEquals(expected, Sequence.PD_FS.signal(Tissue.CARTILAGE), 1e-12);
	}

	@Test
	void namesAndRefusals() {
		for (final Sequence q : Sequence.values())
			assertEquals(q, Sequence.of(q.key().toUpperCase(java.util.Locale.ROOT)));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Sequence.of("flair")).getMessage().contains("dess, dess-echo2, pd-fs, t1"));
		assertEquals(2 * 16.3 - 4.7, Sequence.DESS_ECHO2.echoTimeMs(), 1e-12);
	}
}
