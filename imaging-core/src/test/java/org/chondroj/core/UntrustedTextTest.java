package org.chondroj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Text from files made safe to show and to name files with. */
class UntrustedTextTest {

	@Test
	void controlCharactersBecomeVisibleEscapes() {
		final String clean = "Knee 9014797 – Müller, 膝 😀";
		assertSame(clean, UntrustedText.printable(clean), "printable text is returned as it is");
		assertEquals("A\\x00B\\x1b[31mC\\x7f\\x85", UntrustedText.printable("A\u0000B\u001b[31mC\u007f\u0085"));
		assertEquals("one\\x0atwo\\x09", UntrustedText.printable("one\ntwo\t"));
		assertEquals("one\ntwo\t\\x00", UntrustedText.printableLines("one\ntwo\t\u0000"));
		// half a surrogate pair is escaped, a whole one kept
		assertEquals("x\\ud83dy😀", UntrustedText.printable("x\ud83dy\ud83d\ude00"));
	}

	@Test
	void fileNamesAreSafeShortAndDistinct() {
		assertEquals("S-3f9a0c12d4_right_20200106", UntrustedText.fileName("S-3f9a0c12d4_right_20200106"), "names as before");
		assertEquals("a_b_c_d_e", UntrustedText.fileName("a/b\\c\u0000d e"));
		assertEquals("_.", UntrustedText.fileName(".."), "never hidden, never the parent");
		assertEquals("_hidden", UntrustedText.fileName(".hidden"));
		assertEquals("_", UntrustedText.fileName(""));
		assertEquals("M_ller", UntrustedText.fileName("Müller"));
		final String a = "x".repeat(10_000), b = "x".repeat(9_999) + "y";
		final String na = UntrustedText.fileName(a), nb = UntrustedText.fileName(b);
		assertEquals(UntrustedText.MAX_FILE_NAME, na.length());
		assertTrue(na.matches("x{89}~[0-9a-f]{10}"), na);
		assertNotEquals(na, nb, "different long texts keep different names");
		assertEquals(na, UntrustedText.fileName(a), "and the same text the same name");
		assertEquals("x".repeat(100), UntrustedText.fileName("x".repeat(100)), "a name of the longest length is kept");
	}

	@Test
	void shortenedKeepsWholeCharacters() {
		assertEquals("abc", UntrustedText.shortened("abc", 3));
		assertEquals("ab…", UntrustedText.shortened("abcd", 3));
		assertEquals("a…", UntrustedText.shortened("a😀b", 3), "not half a surrogate pair");
	}
}
