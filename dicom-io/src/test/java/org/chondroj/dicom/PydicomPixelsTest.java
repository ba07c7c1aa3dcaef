package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.chondroj.core.testing.TestVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of pydicom's own test set ({@code /usr/lib/python3/dist-packages/pydicom/data/test_files}, Debian's
 * python3-pydicom 2.3) and of pydicom-data ({@code dicom/pydicom-data} in the real-data folder) decodes to the stored
 * values pydicom's {@code ds.pixel_array} gives, or is refused with a typed exception, or is listed in
 * {@link #EXPECTED} with its reason. A file that is neither identical nor listed fails; so does a listed file whose
 * outcome is not the listed one (the list must stay true).
 * <p>
 * "Stored values" on both sides: pydicom's array masked to Bits Stored and sign-extended when Pixel Representation
 * is 1 (pydicom 2.3 leaves garbage above Bits Stored in unsigned data; ChondroJ masks it), exchanged as raw
 * little-endian int32 files. pydicom decodes in a forked process per file, because GDCM's JPEG 2000 decoder
 * crashes the interpreter on some files here. pydicom 2.3 uses GDCM first for compressed data (RLE, JPEG, JPEG 2000,
 * JPEG-LS) and NumPy for native data.
 */
@org.junit.jupiter.api.Tag("slow")
class PydicomPixelsTest {

	/** What is expected of a file that is not simply identical to pydicom. */
	private static final class Expectation {
		final String kind; // "refused", "unsupported", "lossy", "sibling"
		final int tolerance;
		final String sibling;
		final String reason;

		Expectation(final String kind, final int tolerance, final String sibling, final String reason) {
			this.kind = kind;
			this.tolerance = tolerance;
			this.sibling = sibling;
			this.reason = reason;
		}
	}

	/** Files (as "set/relative path") that are not identical to pydicom, with the reason. */
	static final Map<String, Expectation> EXPECTED = new LinkedHashMap<>();

	private static void refused(final String file, final String reason) {
		EXPECTED.put(file, new Expectation("refused", 0, null, reason));
	}

	private static void unsupported(final String file, final String reason) {
		EXPECTED.put(file, new Expectation("unsupported", 0, null, reason));
	}

	private static void lossy(final String file, final int maxDiff, final String reason) {
		EXPECTED.put(file, new Expectation("lossy", maxDiff, null, reason));
	}

	/**
	 * pydicom cannot decode the file here, or decodes it wrongly (the reason says how that was established): our
	 * values must equal pydicom's for {@code sibling} (same folder), which holds the same image in another syntax.
	 */
	private static void sibling(final String file, final String sibling, final String reason) {
		EXPECTED.put(file, new Expectation("sibling", 0, sibling, reason));
	}

	static {

		// ---- not DICOM at all: our reader refuses them
		for (final String f : new String[] { "pydicom/README.txt", "pydicom/dicomdirtests/README.txt", "pydicom/dicomdirtests/TINY_ALPHA/README",
				"pydicom/rtplan.dump", "pydicom/rtstruct.dump", "pydicom/test1.json", "pydicom/test_PN.json", "pydicom/zipMR.gz",
				"pydicom-data/LICENSE" })
			refused(f, "not a DICOM file (text, JSON, a dump, a gzip archive)");
		// ---- DICOM without an image: no Pixel Data, or no image pixel description
		for (final String f : new String[] { "pydicom/dicomdirtests/DICOMDIR", "pydicom/dicomdirtests/DICOMDIR-bigEnd",
				"pydicom/dicomdirtests/DICOMDIR-empty.dcm", "pydicom/dicomdirtests/DICOMDIR-implicit", "pydicom/dicomdirtests/DICOMDIR-nopatient",
				"pydicom/dicomdirtests/DICOMDIR-reordered", "pydicom/dicomdirtests/TINY_ALPHA/DICOMDIR", "pydicom/empty_charset_LEI.dcm",
				"pydicom/no_meta_group_length.dcm", "pydicom/priv_SQ.dcm", "pydicom/reportsi.dcm", "pydicom/reportsi_with_empty_number_tags.dcm",
				"pydicom/rtplan.dcm", "pydicom/rtstruct.dcm", "pydicom/test-SR.dcm", "pydicom/waveform_ecg.dcm", "pydicom/ExplVR_BigEndNoMeta.dcm",
				"pydicom/ExplVR_LitEndNoMeta.dcm" })
			refused(f, "no image: a DICOMDIR, SR, RT plan/structure set, waveform or a header-only test data set");
		for (int i = 0; i < 50; i++)
			refused("pydicom/dicomdirtests/TINY_ALPHA/PT000000/ST000000/SE000000/IM" + id(i), "no image: a TINY_ALPHA DICOMDIR test instance without pixel data");
		refused("pydicom/UN_sequence.dcm", "no image: one private sequence of VR UN (pydicom finds no Pixel Data either)");
		refused("pydicom/no_meta.dcm", "not readable: a data set without a Part 10 header whose first element does not parse (a stray byte before "
				+ "(0008,0005)); pydicom, forced, finds no Pixel Data either");
		refused("pydicom/nested_priv_SQ.dcm", "Pixel Data without Rows, Columns, Bits Allocated (pydicom cannot decode it either)");
		refused("pydicom/meta_missing_tsyntax.dcm", "broken on purpose: file meta information without a Transfer Syntax UID and no image description "
				+ "(pydicom cannot decode it either)");
		// ---- deliberately broken files
		refused("pydicom/MR_truncated.dcm", "broken on purpose: the file ends inside the pixel data (8130 of 8192 bytes; pydicom refuses it too)");
		refused("pydicom/rtplan_truncated.dcm", "broken on purpose: truncated, and no image");
		refused("pydicom/dicomdirtests/DICOMDIR-nooffset", "broken on purpose: an item longer than the file; no image anyway");
		refused("pydicom-data/emri_small_jpeg_2k_lossless_too_short.dcm", "broken on purpose: truncated inside the pixel data (pydicom reads no Pixel Data)");
		refused("pydicom/JPEG2000-embedded-sequence-delimiter.dcm", "broken on purpose: a sequence delimiter (FFFE,E0DD) written into the codestream's "
				+ "SIZ capabilities field; JJ2000 rejects the non-Part-1 capabilities, OpenJPEG (through GDCM) ignores them");
		refused("pydicom/badVR.dcm", "broken on purpose: Number of Frames (IS) is '1A' (pydicom fails on it too)");
		refused("pydicom/SC_rgb_jpeg.dcm", "broken APP14 Adobe segment (length 12, the segment needs 14): the JDK's JPEG decoder stops with 'Bad segment "
				+ "length', libjpeg through GDCM skips it");
		// ---- values ChondroJ cannot hold or decode (typed refusals)
		for (final String f : new String[] { "pydicom/SC_rgb_rle_32bit.dcm", "pydicom/SC_rgb_rle_32bit_2frame.dcm", "pydicom-data/SC_rgb_32bit.dcm",
				"pydicom-data/SC_rgb_32bit_2frame.dcm", "pydicom-data/SC_rgb_expb_32bit.dcm", "pydicom-data/SC_rgb_expb_32bit_2frame.dcm" })
			refused(f, "32-bit unsigned values up to 2^32-1, beyond the int ChondroJ holds per value");
		refused("pydicom-data/parametric_map_float.dcm", "Float Pixel Data (7FE0,0008), not integer Pixel Data");
		refused("pydicom-data/parametric_map_double_float.dcm", "Double Float Pixel Data (7FE0,0009), Bits Allocated 64");
		unsupported("pydicom/JPGExtended.dcm", "12-bit DCT JPEG (process 4): the JDK's DCT decoder is 8-bit only (pydicom decodes it with GDCM)");
		unsupported("pydicom/JPEG-lossy.dcm", "12-bit DCT JPEG (process 4): the JDK's DCT decoder is 8-bit only (pydicom decodes it with GDCM)");
		unsupported("pydicom/GDCMJ2K_TextGBR.dcm", "JPEG 2000 with the tile-parts of its 16 tiles interleaved: JJ2000 decodes it wrongly without an error "
				+ "(up to 108 grey levels off OpenJPEG's exact result, visibly blurred), so it is refused");
		for (final String f : new String[] { "pydicom/MR_small_jpeg_ls_lossless.dcm", "pydicom-data/emri_small_jpeg_ls_lossless.dcm",
				"pydicom-data/JLSL_08_07_0_1F.dcm", "pydicom-data/JLSL_16_15_1_1F.dcm", "pydicom-data/JLSL_RGB_ILV0.dcm", "pydicom-data/JLSL_RGB_ILV1.dcm",
				"pydicom-data/JLSL_RGB_ILV2.dcm", "pydicom-data/JLSN_RGB_ILV0.dcm" })
			unsupported(f, "JPEG-LS: no decoder in ChondroJ (pydicom decodes it with GDCM)");
		for (final String f : new String[] { "pydicom-data/HTJ2KLossless_08_RGB.dcm", "pydicom-data/HTJ2K_08_RGB.dcm" })
			unsupported(f, "High-Throughput JPEG 2000: no decoder in ChondroJ (nor in pydicom 2.3 here)");
		for (final String f : new String[] { "pydicom-data/liver_deflate.dcm", "pydicom-data/liver_nonbyte_aligned_deflate.dcm" })
			unsupported(f, "Deflated Image Frame Compression (1.2.840.10008.1.2.8.1), a 2024 syntax: no decoder in ChondroJ (nor in pydicom 2.3)");
		// ---- lossy compression: a different decoder may round differently
		for (final String f : new String[] { "pydicom/693_J2KI.dcm", "pydicom/JPEG2000.dcm", "pydicom/SC_rgb_gdcm_KY.dcm", "pydicom-data/MR2_J2KI.dcm",
				"pydicom-data/RG1_J2KI.dcm", "pydicom-data/RG3_J2KI.dcm", "pydicom-data/US1_J2KI.dcm" })
			lossy(f, 2, "irreversible JPEG 2000 (9/7 wavelet in floating point): JJ2000 and OpenJPEG round differently; the standard fixes no exact result");
		// ---- pydicom 2.3 cannot decode these here, or decodes them wrongly: compared with the same image in another syntax
		sibling("pydicom-data/liver_rle.dcm", "liver.dcm", "1-bit RLE: pydicom 2.3 has no decoder for it");
		sibling("pydicom-data/liver_nonbyte_aligned_rle.dcm", "liver_nonbyte_aligned.dcm", "1-bit RLE: pydicom 2.3 has no decoder for it");
		sibling("pydicom-data/liver_j2k.dcm", "liver.dcm", "1-bit JPEG 2000: GDCM crashes the Python process on it");
		sibling("pydicom-data/liver_nonbyte_aligned_j2k.dcm", "liver_nonbyte_aligned.dcm", "1-bit JPEG 2000: GDCM crashes the Python process on it");
		sibling("pydicom-data/OBXXXX1A_expb.dcm", "OBXXXX1A.dcm", "8-bit OW pixel data in explicit VR big endian: pydicom 2.3 does not swap the bytes "
				+ "back within the 16-bit words (dcmtk's dcmconv +te gives the little-endian file's values, as ChondroJ does)");
		sibling("pydicom-data/OBXXXX1A_expb_2frame.dcm", "OBXXXX1A_2frame.dcm", "8-bit OW pixel data in explicit VR big endian: pydicom 2.3 does not "
				+ "swap the bytes back within the 16-bit words");
	}

	/** TINY_ALPHA instance names: IM000000 … IM00001D, the last two characters base-36 digits. */
	private static String id(final int i) {
		return ("0000" + Integer.toString(i / 36, 36) + Integer.toString(i % 36, 36)).toUpperCase(Locale.ROOT);
	}

	private static final String PYTHON = String.join("\n",
			"import os, sys, warnings",
			"warnings.simplefilter('ignore')",
			"import numpy as np, pydicom",
			"from pydicom.uid import ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian",
			"out = sys.argv[1]",
			"paths = open(sys.argv[2], encoding='utf-8').read().splitlines()",
			"def decode(i, p):",
			"    try:",
			"        ds = pydicom.dcmread(p, force=True)",
			"    except Exception as e:",
			"        return 'NOTREAD\\t' + type(e).__name__",
			"    if 'PixelData' not in ds:",
			"        return 'NOPIXELS\\t' + ('float pixel data' if ('FloatPixelData' in ds or 'DoubleFloatPixelData' in ds) else 'no Pixel Data')",
			"    fm = ds.file_meta",
			"    if 'TransferSyntaxUID' not in fm:",
			"        fm.TransferSyntaxUID = ImplicitVRLittleEndian if ds.is_implicit_VR else (ExplicitVRLittleEndian if ds.is_little_endian else ExplicitVRBigEndian)",
			"    bs = int(ds.BitsStored)",
			"    signed = int(ds.get('PixelRepresentation', 0)) == 1",
			"    a = ds.pixel_array",
			"    if a.dtype.kind == 'f':",
			"        return 'FLOAT\\t' + str(a.dtype)",
			"    v = a.astype('<i8') & ((1 << bs) - 1)",
			"    if signed:",
			"        v = np.where(v >= (1 << (bs - 1)), v - (1 << bs), v)",
			"    if v.size and (v.max() >= 2 ** 31 or v.min() < -2 ** 31):",
			"        return 'FAIL\\tvalues beyond int32'",
			"    v.astype('<i4').tofile(os.path.join(out, '%d.raw' % i))",
			"    return 'OK\\t%s %s %s' % (fm.TransferSyntaxUID, ds.get('PhotometricInterpretation'), a.shape)",
			"with open(os.path.join(out, 'status.tsv'), 'w', encoding='utf-8') as status:",
			"    for i, p in enumerate(paths):",
			"        r, w = os.pipe()",
			"        pid = os.fork()",
			"        if pid == 0:",
			"            os.close(r)",
			"            try:",
			"                msg = decode(i, p)",
			"            except Exception as e:",
			"                msg = 'FAIL\\t' + type(e).__name__ + ': ' + ' '.join(str(e).split())[:200]",
			"            os.write(w, msg.encode('utf-8'))",
			"            os._exit(0)",
			"        os.close(w)",
			"        data = b''",
			"        while True:",
			"            chunk = os.read(r, 65536)",
			"            if not chunk:",
			"                break",
			"            data += chunk",
			"        os.close(r)",
			"        st = os.waitpid(pid, 0)[1]",
			"        msg = data.decode('utf-8') if st == 0 and data else 'CRASH\\tthe pydicom process died (wait status %d)' % st",
			"        status.write('%d\\t%s\\n' % (i, msg))");

	@Test
	void everyFileIsIdenticalToPydicomOrListed(@TempDir final Path dir) throws IOException {
		final Path data = RealData.require("dicom/pydicom-data");
		ExternalTools.requirePython("pydicom", "numpy");
		final Map<String, Path> files = new TreeMap<>();
		collect(ExternalTools.pydicomData("test_files"), "pydicom/", files);
		collect(data, "pydicom-data/", files);
		assertTrue(files.size() > 200, "expected both test sets, found " + files.size() + " files");
		final List<String> names = new ArrayList<>(files.keySet());
		final Path list = dir.resolve("files.txt");
		Files.write(list, names.stream().map(n -> files.get(n).toString()).collect(Collectors.toList()), StandardCharsets.UTF_8);
		ExternalTools.pythonCode(PYTHON, dir.toString(), list.toString());
		final Map<String, String> status = new LinkedHashMap<>();
		for (final String line : Files.readAllLines(dir.resolve("status.tsv"), StandardCharsets.UTF_8)) {
			final String[] parts = line.split("\t", 2);
			status.put(names.get(Integer.parseInt(parts[0])), parts[1]);
		}
		assertEquals(names.size(), status.size(), "pydicom reported on every file");

		final List<String> problems = new ArrayList<>();
		final Map<String, String> table = new TreeMap<>();
		int identical = 0, tolerated = 0, refused = 0, viaSibling = 0;
		long nanos = 0;
		for (int i = 0; i < names.size(); i++) {
			final String name = names.get(i);
			final String py = status.get(name);
			final Expectation ex = EXPECTED.get(name);
			int[] ours = null;
			String oursError = null;
			boolean unsupported = false;
			final long t0 = System.nanoTime();
			try {
				ours = PixelData.decode(DicomReader.read(files.get(name))).values();
			} catch (final UnsupportedTransferSyntaxException e) {
				oursError = e.getMessage();
				unsupported = true;
			} catch (final DicomFormatException e) {
				oursError = e.getMessage();
			} catch (final IOException | RuntimeException e) {
				problems.add(name + ": untyped failure " + e);
				continue;
			}
			nanos += System.nanoTime() - t0;
			if (oursError != null && !oursError.contains(files.get(name).toString()))
				problems.add(name + ": the error does not name the file: " + oursError);
			final Path pyRaw = dir.resolve(i + ".raw");
			final int[] theirs = py.startsWith("OK") ? TestVolumes.readInts(pyRaw) : null;
			final String outcome = (ours != null ? "decoded" : unsupported ? "unsupported" : "refused") + " | pydicom " + py.replace('\t', ' ')
					+ (oursError != null ? " | ours: " + oursError.substring(oursError.indexOf(": ") + 2) : "");
			table.put(name, outcome);
			if (ex == null) {
				if (ours != null && theirs != null) {
					final int d = maxDiff(ours, theirs);
					if (d == 0)
						identical++;
					else
						problems.add(name + ": differs from pydicom (" + (d == Integer.MAX_VALUE ? "lengths " + ours.length + " vs " + theirs.length
								: "max |diff| " + d) + ")");
				} else {
					problems.add(name + ": not identical to pydicom and not listed: " + outcome);
				}
				continue;
			}
			switch (ex.kind) {
			case "refused":
			case "unsupported":
				if (ours != null || "unsupported".equals(ex.kind) && !unsupported)
					problems.add(name + ": listed as " + ex.kind + " (" + ex.reason + ") but " + outcome);
				else
					refused++;
				break;
			case "lossy":
				if (ours == null || theirs == null || maxDiff(ours, theirs) > ex.tolerance)
					problems.add(name + ": listed as lossy within " + ex.tolerance + " but " + outcome
							+ (ours != null && theirs != null ? " (max |diff| " + maxDiff(ours, theirs) + ")" : ""));
				else {
					tolerated++;
					table.put(name, outcome + " | max |diff| " + maxDiff(ours, theirs));
				}
				break;
			default:
				final String sib = name.substring(0, name.lastIndexOf('/') + 1) + ex.sibling;
				final int j = names.indexOf(sib);
				if (theirs != null && ours != null && maxDiff(ours, theirs) == 0)
					problems.add(name + ": listed as not (correctly) decodable by pydicom, but pydicom's values are ours");
				else if (ours == null || j < 0 || !status.get(sib).startsWith("OK") || maxDiff(ours, TestVolumes.readInts(dir.resolve(j + ".raw"))) != 0)
					problems.add(name + ": not identical to pydicom's " + sib + ": " + outcome);
				else
					viaSibling++;
			}
		}
		for (final String listed : EXPECTED.keySet())
			if (!files.containsKey(listed))
				problems.add(listed + ": listed but not found");
		table.forEach((k, v) -> System.out.println(k + " : " + v));
		System.out.printf(Locale.ROOT, "pydicom comparison: %d files, %d identical, %d within the lossy tolerance, %d identical to a sibling, %d refused;"
				+ " ChondroJ decoding took %.1f ms in all%n", names.size(), identical, tolerated, viaSibling, refused, nanos / 1e6);
		if (!problems.isEmpty())
			fail(problems.size() + " file(s) neither identical to pydicom nor as listed:\n" + String.join("\n", problems));
	}

	private static void collect(final Path root, final String prefix, final Map<String, Path> out) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			s.filter(Files::isRegularFile).forEach(p -> out.put(prefix + root.relativize(p).toString().replace('\\', '/'), p));
		}
	}

	/** Largest absolute difference, or {@link Integer#MAX_VALUE} if the lengths differ. */
	static int maxDiff(final int[] a, final int[] b) {
		if (a.length != b.length)
			return Integer.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs((long) a[i] - b[i]));
		return (int) Math.min(max, Integer.MAX_VALUE - 1);
	}
}
