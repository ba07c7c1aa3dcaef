package org.chondroj.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.joml.Vector3d;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Writes a {@link Volume} as an MR Image Storage (1.2.840.10008.5.1.4.1.1.4) series of single-frame Part 10 files,
 * one per slice along the volume's third axis, named {@code IM00001.dcm}, {@code IM00002.dcm}, … (instance number
 * order) in one folder.
 * <p>
 * Geometry (PS3.3 C.7.6.2): voxel axis 0 runs along a row (Columns = size 0), axis 1 down the columns (Rows = size 1);
 * Image Orientation (Patient) is the first two direction columns, Pixel Spacing is {@code [spacing(1), spacing(0)]}
 * (row spacing first), Image Position (Patient) of slice k is the patient position of voxel (0, 0, k), Slice Thickness
 * and Spacing Between Slices are {@code spacing(2)}. Decimal strings carry up to 16 characters, about 1e-12 mm here.
 * <p>
 * Pixels: unsigned 16-bit volumes are written as they are; other volumes whose values are all integers in
 * 0…65535 too; any other volume (floats, negatives) is mapped linearly onto 0…65535 with Rescale Slope and Intercept
 * (0028,1053)/(0028,1052), one pair for the whole series, so that {@code slope·stored + intercept} is the value to
 * within slope/2. Always MONOCHROME2, 16 bits allocated and stored, unsigned.
 * <p>
 * Other attributes: the Type 1 and 2 attributes of the MR Image IOD (PS3.3 A.4: Patient, General Study, General
 * Series, Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel, MR Image, SOP Common)
 * from the {@link SeriesDescription}; Laterality (0020,0060) from the volume's metadata (empty when unknown, as Type
 * 2C allows); echo time, repetition time and flip angle from the description or else the metadata. Specific Character
 * Set ISO_IR 192 (UTF-8) is written only when some text is not ASCII.
 * <p>
 * Deterministic: a description with a seed writes byte-identical files on every run, whatever the number of threads.
 * Cost: one pass over the voxels (plus one to find the range when rescaling); slices are written in parallel, each
 * file atomically.
 */
public final class MRSeriesWriter {

	/** MR Image Storage SOP Class UID. */
	public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

	private MRSeriesWriter() {
	}

	/**
	 * Writes the series into {@code folder} (created if needed; files of the same names are replaced).
	 *
	 * @return the files written, in slice order (slice k is instance k + 1)
	 * @throws IllegalArgumentException if a slice is larger than 65535 pixels along a side, or a value is not finite
	 */
	public static List<Path> write(final Volume<?> volume, final SeriesDescription series, final Path folder) throws IOException {
		final int nx = volume.dimension(0), ny = volume.dimension(1), nz = volume.dimension(2);
		if (nx > 0xFFFF || ny > 0xFFFF)
			throw new IllegalArgumentException("a DICOM image has at most 65535 rows and columns, the volume is " + nx + "×" + ny);
		final Pixels pixels = Pixels.of(volume);
		Files.createDirectories(folder);
		final Path[] files = new Path[nz];
		try {
			IntStream.range(0, nz).parallel().forEach(k -> {
				final Path file = folder.resolve(String.format(Locale.ROOT, "IM%05d.dcm", k + 1));
				try {
					DicomWriter.write(file, slice(volume, series, pixels, k));
				} catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
				files[k] = file;
			});
		} catch (final UncheckedIOException e) {
			throw e.getCause();
		}
		return List.of(files);
	}

	/** The data set of slice {@code k} (0-based), as {@link #write} writes it. */
	public static Attributes slice(final Volume<?> volume, final SeriesDescription s, final int k) {
		return slice(volume, s, Pixels.of(volume), k);
	}

	private static Attributes slice(final Volume<?> volume, final SeriesDescription s, final Pixels pixels, final int k) {
		final int nx = volume.dimension(0), ny = volume.dimension(1), nz = volume.dimension(2);
		if (k < 0 || k >= nz)
			throw new IndexOutOfBoundsException("slice " + k + " of " + nz);
		final VoxelGeometry g = volume.geometry();
		final Metadata meta = volume.metadata();
		final Attributes ds = new Attributes(false);
		if (!ascii(s.patientName, s.patientId, s.studyDescription, s.seriesDescription, s.studyId, s.accessionNumber, s.manufacturer,
				s.modelName))
			ds.setString(Tag.SpecificCharacterSet, "ISO_IR 192");
		// SOP Common, General Image, MR Image
		ds.setString(Tag.SOPClassUID, MR_IMAGE_STORAGE);
		ds.setString(Tag.SOPInstanceUID, s.instanceUid(k));
		ds.setString(Tag.ImageType, s.imageType);
		ds.setString(Tag.InstanceNumber, Integer.toString(k + 1));
		// Patient
		ds.setString(Tag.PatientName, s.patientName);
		ds.setString(Tag.PatientID, s.patientId);
		ds.setString(Tag.PatientBirthDate, s.patientBirthDate);
		ds.setString(Tag.PatientSex, s.patientSex);
		// General Study
		ds.setString(Tag.StudyInstanceUID, s.studyInstanceUid);
		ds.setString(Tag.StudyDate, s.studyDate);
		ds.setString(Tag.StudyTime, s.studyTime);
		ds.setString(Tag.ReferringPhysicianName, "");
		ds.setString(Tag.StudyID, s.studyId);
		ds.setString(Tag.AccessionNumber, s.accessionNumber);
		if (!s.studyDescription.isEmpty())
			ds.setString(Tag.StudyDescription, s.studyDescription);
		if (!s.studyDate.isEmpty()) {
			ds.setString(Tag.SeriesDate, s.studyDate);
			ds.setString(Tag.ContentDate, s.studyDate);
		}
		if (!s.studyTime.isEmpty()) {
			ds.setString(Tag.SeriesTime, s.studyTime);
			ds.setString(Tag.ContentTime, s.studyTime);
		}
		// General Series
		ds.setString(Tag.Modality, "MR");
		ds.setString(Tag.SeriesInstanceUID, s.seriesInstanceUid);
		ds.setString(Tag.SeriesNumber, Integer.toString(s.seriesNumber));
		ds.setString(Tag.Laterality, meta.laterality().code());
		if (!s.seriesDescription.isEmpty())
			ds.setString(Tag.SeriesDescription, s.seriesDescription);
		if (!s.bodyPart.isEmpty())
			ds.setString(Tag.BodyPartExamined, s.bodyPart);
		ds.setString(Tag.PatientPosition, s.patientPosition);
		// Frame of Reference
		ds.setString(Tag.FrameOfReferenceUID, s.frameOfReferenceUid);
		ds.setString(Tag.PositionReferenceIndicator, "");
		// General Equipment
		ds.setString(Tag.Manufacturer, s.manufacturer);
		if (!s.modelName.isEmpty())
			ds.setString(Tag.ManufacturerModelName, s.modelName);
		// MR Image
		ds.setString(Tag.ScanningSequence, s.scanningSequence);
		ds.setString(Tag.SequenceVariant, s.sequenceVariant);
		ds.setString(Tag.ScanOptions, s.scanOptions);
		ds.setString(Tag.MRAcquisitionType, s.mrAcquisitionType);
		setOptionalDS(ds, Tag.EchoTime, s.echoTime, meta.get(Metadata.ECHO_TIME), true);
		setOptionalDS(ds, Tag.RepetitionTime, s.repetitionTime, meta.get(Metadata.REPETITION_TIME), true);
		setOptionalDS(ds, Tag.FlipAngle, s.flipAngle, meta.get(Metadata.FLIP_ANGLE), false);
		ds.setString(Tag.EchoTrainLength, Integer.toString(s.echoTrainLength));
		if (s.fieldStrength != null)
			ds.setDoubles(Tag.MagneticFieldStrength, s.fieldStrength);
		// Image Plane
		final Vector3d position = g.indexToPatient(0, 0, k, new Vector3d());
		final Vector3d row = g.direction().getColumn(0, new Vector3d()), column = g.direction().getColumn(1, new Vector3d());
		ds.setDoubles(Tag.ImagePositionPatient, position.x, position.y, position.z);
		ds.setDoubles(Tag.ImageOrientationPatient, row.x, row.y, row.z, column.x, column.y, column.z);
		ds.setDoubles(Tag.PixelSpacing, g.spacing(1), g.spacing(0));
		ds.setDoubles(Tag.SliceThickness, g.spacing(2));
		ds.setDoubles(Tag.SpacingBetweenSlices, g.spacing(2));
		ds.setDoubles(Tag.SliceLocation, clean(position.dot(new Vector3d(row).cross(column))));
		// Image Pixel
		ImagePixel.monochrome(ds, ny, nx, 16);
		if (pixels.rescaled) {
			ds.setString(Tag.RescaleIntercept, Attributes.formatDS(pixels.intercept));
			ds.setString(Tag.RescaleSlope, Attributes.formatDS(pixels.slope));
		}
		ds.setBytes(Tag.PixelData.number(), VR.OW, pixels.sliceBytes(k, nx * ny));
		return ds;
	}

	private static void setOptionalDS(final Attributes ds, final Tag tag, final Double given, final String fromMetadata, final boolean type2) {
		double v = given != null ? given : Double.NaN;
		if (given == null && fromMetadata != null) {
			try {
				v = Double.parseDouble(fromMetadata.trim());
			} catch (final NumberFormatException e) {
				v = Double.NaN;
			}
		}
		if (Double.isFinite(v))
			ds.setDoubles(tag, v);
		else if (type2)
			ds.setString(tag, "");
	}

	/** Removes the sign of a negative zero, so that "-0" is never written. */
	private static double clean(final double v) {
		return v == 0 ? 0 : v;
	}

	private static boolean ascii(final String... texts) {
		for (final String t : texts)
			if (!StandardCharsets.US_ASCII.newEncoder().canEncode(t))
				return false;
		return true;
	}

	/** The stored 16-bit values of the whole volume and the rescaling that gives back the voxel values. */
	private static final class Pixels {
		final short[] stored;
		final boolean rescaled;
		final double slope, intercept;

		private Pixels(final short[] stored, final boolean rescaled, final double slope, final double intercept) {
			this.stored = stored;
			this.rescaled = rescaled;
			this.slope = slope;
			this.intercept = intercept;
		}

		static Pixels of(final Volume<?> volume) {
			final Object data = Volumes.data(volume);
			if (volume.type() instanceof UnsignedShortType && data instanceof short[])
				return new Pixels((short[]) data, false, 1, 0);
			final float[] v = Volumes.floatValues(volume);
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			boolean integral = true;
			for (final float f : v) {
				if (!Float.isFinite(f))
					throw new IllegalArgumentException("the volume holds " + f + ", which DICOM pixel data cannot store");
				min = Math.min(min, f);
				max = Math.max(max, f);
				integral &= f == Math.rint(f);
			}
			final short[] stored = new short[v.length];
			if (integral && min >= 0 && max <= 0xFFFF) {
				for (int i = 0; i < v.length; i++)
					stored[i] = (short) (int) v[i];
				return new Pixels(stored, false, 1, 0);
			}
			// the slope and intercept as they will be read back from their decimal strings
			final double intercept = Double.parseDouble(Attributes.formatDS(min));
			double slope = Double.parseDouble(Attributes.formatDS((max - intercept) / 0xFFFF));
			if (!(slope > 0))
				slope = 1;
			for (int i = 0; i < v.length; i++) {
				final long q = Math.round((v[i] - intercept) / slope);
				stored[i] = (short) Math.max(0, Math.min(0xFFFF, q));
			}
			return new Pixels(stored, true, slope, intercept);
		}

		/** The little-endian bytes of slice k. */
		byte[] sliceBytes(final int k, final int pixelsPerSlice) {
			final byte[] b = new byte[2 * pixelsPerSlice];
			final int base = k * pixelsPerSlice;
			for (int i = 0; i < pixelsPerSlice; i++) {
				final short v = stored[base + i];
				b[2 * i] = (byte) v;
				b[2 * i + 1] = (byte) (v >>> 8);
			}
			return b;
		}
	}
}
