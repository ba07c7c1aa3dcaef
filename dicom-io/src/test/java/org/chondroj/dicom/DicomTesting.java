package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.chondroj.core.testing.ExternalTools;

/**
 * Shared test code: pydicom as the independent reading of a file, and the comparison of our {@link Attributes} with
 * it, element by element (raw value bytes, decoded text, binary numbers, sequence items).
 */
final class DicomTesting {

	/** One of pydicom's own test files (Debian python3-pydicom); skips the test if it is missing (fails with chondroj.interop). */
	static Path pydicomFile(final String name) {
		return ExternalTools.pydicomData("test_files/" + name);
	}

	/** One of pydicom's character set test files; skips the test if it is missing (fails with chondroj.interop). */
	static Path pydicomCharsetFile(final String name) {
		return ExternalTools.pydicomData("charset_files/" + name);
	}

	/**
	 * Prints one line per element, depth first: path, VR (pydicom's), raw value length, MD5 of the raw value bytes as
	 * in the file, kind, values. Kinds: "sq" (values: item count), "text" (values: hex of each value decoded by pydicom
	 * for charset VRs, by Latin-1 otherwise, split at backslashes, stripped), "num" (binary numbers, repr), "raw".
	 */
	private static final String DUMP = String.join("\n",
			"import sys, hashlib, pydicom",
			"from pydicom.tag import Tag",
			"CHARSET_VRS = {'SH','LO','ST','LT','PN','UC','UT'}",
			"TEXT_VRS = CHARSET_VRS | {'AE','AS','CS','DA','DS','DT','IS','TM','UI','UR'}",
			"NUM_VRS = {'US','SS','UL','SL','FL','FD'}",
			"def strip(s, vr):",
			"    s = s.rstrip(' \\x00')",
			"    return s if vr in ('LT','ST','UT') else s.lstrip(' ')",
			"def hx(s): return s.encode('utf-8').hex()",
			"def walk(ds, prefix):",
			"    for tag in sorted(ds.keys()):",
			"        raw = ds.get_item(tag)",
			"        elem = ds[tag]",
			"        path = prefix + '%08X' % int(tag)",
			"        vr = elem.VR",
			"        if vr == 'SQ':",
			"            print('\\t'.join([path, vr, '-', '-', 'sq', str(len(elem.value))]))",
			"            for i, item in enumerate(elem.value):",
			"                walk(item, path + '[%d].' % i)",
			"            continue",
			"        rb = raw.value if hasattr(raw, 'value') and isinstance(raw.value, (bytes, bytearray)) else None",
			"        length, md5 = (str(len(rb)), hashlib.md5(rb).hexdigest()) if rb is not None else ('-', '-')",
			"        if rb is None: rb = str(elem.value).encode('latin-1', 'replace') if elem.value is not None else b''",
			"        if vr in CHARSET_VRS and elem.value is not None and elem.value != '':",
			"            vals = list(elem.value) if isinstance(elem.value, pydicom.multival.MultiValue) else [elem.value]",
			"            vals = [strip(str(v), vr) for v in vals]",
			"            print('\\t'.join([path, vr, length, md5, 'text', ','.join(hx(v) for v in vals)]))",
			"        elif vr in TEXT_VRS:",
			"            text = rb.decode('latin-1')",
			"            vals = [text] if vr in ('LT','ST','UT','UR') else text.split('\\\\')",
			"            vals = [strip(v, vr) for v in vals] if text != '' else []",
			"            print('\\t'.join([path, vr, length, md5, 'text', ','.join(hx(v) for v in vals)]))",
			"        elif vr in NUM_VRS and elem.value is not None and elem.value != b'':",
			"            vals = list(elem.value) if isinstance(elem.value, (list, pydicom.multival.MultiValue)) else [elem.value]",
			"            print('\\t'.join([path, vr, length, md5, 'num', ','.join(repr(float(v)) for v in vals)]))",
			"        else:",
			"            print('\\t'.join([path, vr, length, md5, 'raw', '']))",
			"for f in sys.argv[1:]:",
			"    d = pydicom.dcmread(f, force=True)",
			"    print('FILE\\t' + f)",
			"    walk(d, '')");

	private DicomTesting() {
	}

	/** pydicom's reading of each file: file → lines (path, VR, length, md5, kind, values). */
	static Map<Path, List<String[]>> pydicomDump(final Path... files) throws IOException {
		ExternalTools.requirePython("pydicom");
		final String[] args = new String[files.length];
		for (int i = 0; i < files.length; i++)
			args[i] = files[i].toString();
		final Map<Path, List<String[]>> out = new HashMap<>();
		List<String[]> current = null;
		for (final String line : ExternalTools.pythonCode(DUMP, args).split("\n")) {
			if (line.isEmpty())
				continue;
			final String[] f = line.split("\t", -1);
			if (f[0].equals("FILE")) {
				current = new ArrayList<>();
				out.put(Paths.get(f[1]), current);
			} else if (f.length == 6 && current != null) {
				current.add(f);
			} else {
				throw new AssertionError("unexpected pydicom output: " + line);
			}
		}
		return out;
	}

	/**
	 * Asserts that our data set holds exactly what pydicom read: the same elements at every level, the same raw
	 * bytes, the same item counts; the same decoded text (charset VRs only when {@code compareCharsetText}); the same
	 * binary numbers. Elements we hold as UN (implicit VR, not in our dictionary) are compared by bytes only; sequences
	 * of such elements must have been read as sequences.
	 */
	static void assertSameAsPydicom(final Attributes ours, final List<String[]> pydicom, final boolean explicitVR,
			final boolean compareCharsetText, final String what) {
		final Map<String, Integer> counted = new HashMap<>();
		for (final String[] line : pydicom) {
			final String path = line[0];
			final String where = what + " " + path;
			final int dot = path.lastIndexOf('.');
			final Attributes parent = navigate(ours, dot < 0 ? "" : path.substring(0, dot), where);
			counted.merge(dot < 0 ? "" : path.substring(0, dot), 1, Integer::sum);
			final int tag = (int) Long.parseLong(path.substring(dot + 1), 16);
			assertTrue(parent.contains(tag), where + ": missing in our reading");
			final VR vr = parent.vr(tag);
			if (line[4].equals("sq") && vr == VR.SQ) {
				assertEquals(Integer.parseInt(line[5]), parent.sequence(tag).size(), where + ": item count");
				continue;
			}
			if (!explicitVR && vr == VR.SQ && line[1].equals("UN")) {
				// implicit VR, a private attribute pydicom's dictionary does not know: pydicom keeps the bytes, we read
				// the sequence they hold
				assertTrue(parent.sequence(tag).size() > 0, where + ": a private sequence with items");
				continue;
			}
			if (explicitVR && vr != VR.UN)
				assertEquals(line[1], vr.name(), where + ": VR");
			final byte[] bytes = parent.bytes(tag);
			if (tag == Tag.PixelData.number() && bytes == null) {
				assertNotNull(parent.fragments(tag), where + ": pixel data");
				continue;
			}
			assertNotNull(bytes, where + ": no value bytes");
			if (!line[2].equals("-")) {
				assertEquals(Long.parseLong(line[2]), bytes.length, where + ": value length");
				assertEquals(line[3], md5(bytes), where + ": raw bytes");
			}
			if (vr == VR.UN)
				continue;
			if (line[4].equals("text") && vr.isText() && (compareCharsetText || !vr.usesCharacterSet())) {
				final List<String> expected = new ArrayList<>();
				if (!line[5].isEmpty())
					for (final String h : line[5].split(",", -1))
						expected.add(new String(HexFormat.of().parseHex(h), StandardCharsets.UTF_8));
				final String[] actual = parent.strings(tag);
				final boolean allEmpty = actual.length == 1 && actual[0].isEmpty();
				final List<String> got = new ArrayList<>(allEmpty && expected.isEmpty() ? List.of() : List.of(actual));
				if (vr == VR.PN) // "A^B=" and "A^B" are the same name (trailing empty component groups)
					for (int i = 0; i < got.size(); i++) {
						got.set(i, got.get(i).replaceAll("=+$", ""));
						expected.set(i, expected.get(i).replaceAll("=+$", ""));
					}
				assertEquals(expected, got, where + ": text values");
			} else if (line[4].equals("num")) {
				final String[] s = line[5].split(",");
				final double[] expected = new double[s.length];
				for (int i = 0; i < s.length; i++)
					expected[i] = Double.parseDouble(s[i]);
				assertArrayEquals(expected, parent.doubles(tag), 0, where + ": numbers");
			}
		}
		// nothing more on our side than pydicom saw (group lengths included on both sides)
		assertEquals(count(counted, ""), ours.size(), what + ": number of top-level elements");
	}

	private static int count(final Map<String, Integer> counted, final String key) {
		return counted.getOrDefault(key, 0);
	}

	/** The item at a path "GGGGEEEE[i].GGGGEEEE[j]" ("" = the data set). */
	private static Attributes navigate(final Attributes root, final String path, final String where) {
		Attributes a = root;
		if (path.isEmpty())
			return a;
		for (final String part : path.split("\\.")) {
			final int open = part.indexOf('[');
			final int tag = (int) Long.parseLong(part.substring(0, open), 16);
			final int index = Integer.parseInt(part.substring(open + 1, part.length() - 1));
			final List<Attributes> items = a.sequence(tag);
			assertTrue(index < items.size(), where + ": item " + index + " missing in our reading");
			a = items.get(index);
		}
		return a;
	}

	static String md5(final byte[] b) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
		} catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
