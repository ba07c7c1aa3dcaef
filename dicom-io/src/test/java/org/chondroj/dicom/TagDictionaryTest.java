package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;

/** ChondroJ's tag dictionary against pydicom's copy of PS3.6 (an independent transcription of the standard). */
class TagDictionaryTest {

	@Test
	void everyEntryMatchesPydicom() throws Exception {
		ExternalTools.requirePython("pydicom");
		final List<String> args = new ArrayList<>();
		for (final Tag t : Tag.values())
			args.add(String.format(Locale.ROOT, "%08X", t.number()));
		final String out = ExternalTools.pythonCode(String.join("\n",
				"import sys",
				"from pydicom.datadict import keyword_for_tag, dictionary_VR",
				"for h in sys.argv[1:]:",
				"    t = int(h, 16)",
				"    try:",
				"        print(h, keyword_for_tag(t), dictionary_VR(t).replace(' ', ''))",
				"    except KeyError:",
				"        print(h, '-', '-')"), args.toArray(new String[0]));
		final Map<String, String[]> reference = new HashMap<>();
		for (final String line : out.split("\\R")) {
			final String[] f = line.trim().split(" ");
			if (f.length == 3)
				reference.put(f[0], f);
		}
		for (final Tag t : Tag.values()) {
			final String[] r = reference.get(String.format(Locale.ROOT, "%08X", t.number()));
			assertTrue(r != null, "pydicom said nothing of " + t);
			assertEquals(r[1], t.name(), "keyword of " + Tag.toString(t.number()));
			if (t.number() >>> 16 != 0xFFFE) // items and delimiters have no VR on the wire
				assertTrue(List.of(r[2].split("or")).contains(t.vr().name()), t + ": pydicom says VR " + r[2] + ", we say " + t.vr());
		}
	}

	@Test
	void lookupsAndNames() {
		assertEquals(Tag.ImagePositionPatient, Tag.of(0x00200032));
		assertEquals(VR.DS, Tag.implicitVR(0x00200032));
		assertEquals(VR.UL, Tag.implicitVR(0x00090000)); // group length
		assertEquals(VR.UN, Tag.implicitVR(0x2005100E)); // private: unknown
		assertTrue(Tag.isPrivate(0x2005100E));
		assertEquals("(7FE0,0010)", Tag.toString(0x7FE00010));
		assertEquals("PixelData (7FE0,0010)", Tag.describe(0x7FE00010));
	}
}
