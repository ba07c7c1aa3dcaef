package org.chondroj.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.testing.ExternalTools;

/**
 * Synthetic single-frame MR series written by pydicom (an independent writer), for tests. Slice files are described
 * here and written by one call of Debian's python3; the pixel value of column i, row j is
 * {@code value(i, j, label) = i + 3·j + 50·label + offset}, where {@code label} is the slice's intended index, so a
 * test can tell which slice landed where and whether rows and columns were swapped. Images are {@value #ROWS} rows
 * by {@value #COLUMNS} columns, PixelSpacing 0.5 (between rows) \ 0.8 (between columns) mm.
 */
final class SyntheticSeries {

	static final int ROWS = 8, COLUMNS = 6;
	static final double ROW_SPACING = 0.5, COLUMN_SPACING = 0.8;

	/** One file. Fields are set by the tests directly. */
	static final class Slice {
		String file;
		String study = "1.2.826.0.1.3680043.8.498.1";
		String series = "1.2.826.0.1.3680043.8.498.1.1";
		String description = "Sag PD";
		int instance = 1, label, echoNumber = 1, acquisition = 1;
		double[] position;
		double[] orientation = { 1, 0, 0, 0, 1, 0 };
		double echoTime = 30;
		String laterality, imageLaterality;
		boolean signed;
		double slope = Double.NaN, intercept = Double.NaN;
		int offset;

		Slice(final String file, final int label, final double[] position) {
			this.file = file;
			this.label = label;
			this.position = position;
		}
	}

	static int value(final int i, final int j, final int label, final int offset) {
		return i + 3 * j + 50 * label + offset;
	}

	private static final String SCRIPT = String.join("\n", //
			"import sys, json, os, numpy as np, pydicom", //
			"from pydicom.dataset import FileDataset, FileMetaDataset", //
			"from pydicom.uid import ExplicitVRLittleEndian", //
			"out = sys.argv[1]", //
			"for s in json.loads(sys.argv[2]):", //
			"    meta = FileMetaDataset()", //
			"    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'", //
			"    meta.MediaStorageSOPInstanceUID = s['series'] + '.' + str(s['instance']) + '.' + str(s['echo'])", //
			"    meta.TransferSyntaxUID = ExplicitVRLittleEndian", //
			"    path = os.path.join(out, s['file'])", //
			"    os.makedirs(os.path.dirname(path), exist_ok=True)", //
			"    ds = FileDataset(path, {}, file_meta=meta, preamble=b'\\0' * 128)", //
			"    ds.is_little_endian = True; ds.is_implicit_VR = False", //
			"    ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID", //
			"    ds.Modality = 'MR'; ds.Manufacturer = 'pydicom'; ds.StudyInstanceUID = s['study']; ds.SeriesInstanceUID = s['series']", //
			"    ds.SeriesDescription = s['description']; ds.SeriesNumber = 3; ds.InstanceNumber = s['instance']", //
			"    ds.AcquisitionNumber = s['acquisition']; ds.FrameOfReferenceUID = s['study'] + '.9'", //
			"    ds.EchoTime = s['te']; ds.EchoNumbers = s['echo']; ds.RepetitionTime = 2500; ds.FlipAngle = 90; ds.ScanOptions = ['SAT1', 'FS']", //
			"    ds.MagneticFieldStrength = 3; ds.SequenceName = '*tse2d1_5'", //
			"    if s['laterality']: ds.Laterality = s['laterality']", //
			"    if s['imageLaterality']: ds.ImageLaterality = s['imageLaterality']", //
			"    ds.ImagePositionPatient = [pydicom.valuerep.format_number_as_ds(float(x)) for x in s['position']]", //
			"    ds.ImageOrientationPatient = [pydicom.valuerep.format_number_as_ds(float(x)) for x in s['orientation']]", //
			"    ds.PixelSpacing = [" + ROW_SPACING + ", " + COLUMN_SPACING + "]; ds.SliceThickness = 2", //
			"    ds.Rows = " + ROWS + "; ds.Columns = " + COLUMNS, //
			"    ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'", //
			"    ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1 if s['signed'] else 0", //
			"    if s['slope'] is not None: ds.RescaleSlope = s['slope']; ds.RescaleIntercept = s['intercept']", //
			"    j, i = np.mgrid[0:" + ROWS + ", 0:" + COLUMNS + "]", //
			"    v = i + 3 * j + 50 * s['label'] + s['offset']", //
			"    ds.PixelData = v.astype('<i2' if s['signed'] else '<u2').tobytes()", //
			"    ds.save_as(path, write_like_original=False)");

	/** Writes the slices into {@code dir} with pydicom (skips the test if it is missing, unless interop is required). */
	static void write(final Path dir, final List<Slice> slices) throws IOException {
		ExternalTools.requirePython("pydicom", "numpy");
		final StringBuilder json = new StringBuilder("[");
		for (final Slice s : slices) {
			if (json.length() > 1)
				json.append(',');
			json.append(String.format(Locale.ROOT,
					"{\"file\":\"%s\",\"study\":\"%s\",\"series\":\"%s\",\"description\":\"%s\",\"instance\":%d,\"label\":%d,\"echo\":%d,"
							+ "\"acquisition\":%d,\"te\":%s,\"laterality\":%s,\"imageLaterality\":%s,\"signed\":%s,\"slope\":%s,\"intercept\":%s,"
							+ "\"offset\":%d,\"position\":%s,\"orientation\":%s}",
					s.file, s.study, s.series, s.description, s.instance, s.label, s.echoNumber, s.acquisition, s.echoTime,
					s.laterality == null ? "null" : "\"" + s.laterality + "\"", s.imageLaterality == null ? "null" : "\"" + s.imageLaterality + "\"",
					s.signed, Double.isNaN(s.slope) ? "null" : s.slope, Double.isNaN(s.intercept) ? "null" : s.intercept, s.offset,
					array(s.position), array(s.orientation)));
		}
		ExternalTools.pythonCode(SCRIPT, dir.toString(), json.append(']').toString());
	}

	/** A stack of {@code n} slices along the normal of {@code orientation}, {@code spacing} mm apart, from {@code origin}. */
	static List<Slice> stack(final int n, final double[] origin, final double[] orientation, final double spacing) {
		final double[] normal = normal(orientation);
		final List<Slice> out = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			final double[] p = { origin[0] + k * spacing * normal[0], origin[1] + k * spacing * normal[1], origin[2] + k * spacing * normal[2] };
			final Slice s = new Slice(String.format(Locale.ROOT, "s%02d.dcm", k), k, p);
			s.orientation = orientation.clone();
			s.instance = k + 1;
			out.add(s);
		}
		return out;
	}

	static double[] normal(final double[] o) {
		return new double[] { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
	}

	private static String array(final double[] v) {
		final StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < v.length; i++)
			b.append(i == 0 ? "" : ",").append(Double.toString(v[i]));
		return b.append(']').toString();
	}
}
