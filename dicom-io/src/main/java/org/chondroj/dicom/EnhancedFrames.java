package org.chondroj.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The frames of a DICOM file as {@link DicomFrame}s, from its header: one frame for a single-frame image; for a
 * multi-frame image with functional groups (Enhanced MR and the other enhanced objects, PS3.3 C.7.6.16) one frame per
 * item of the Per-frame Functional Groups Sequence, each attribute taken from the frame's own group and, where that
 * group is absent, from the Shared Functional Groups Sequence:
 * <ul>
 * <li>PlanePositionSequence → ImagePositionPatient; PlaneOrientationSequence → ImageOrientationPatient;</li>
 * <li>PixelMeasuresSequence → PixelSpacing, SliceThickness;</li>
 * <li>PixelValueTransformationSequence → RescaleSlope, RescaleIntercept;</li>
 * <li>FrameContentSequence → StackID, TemporalPositionIndex, FrameAcquisitionNumber;</li>
 * <li>MREchoSequence → EffectiveEchoTime; MRImageFrameTypeSequence → FrameType;</li>
 * <li>Philips private per-frame group (2005,140F) → scale slope (2005,100E).</li>
 * </ul>
 * An attribute absent from both groups falls back to the top-level data set (classic multi-frame files), then to
 * "absent". Cost: a walk over the header's items, no pixels.
 */
public final class EnhancedFrames {

	/** Philips private: per-frame private functional group, and the "scale slope" in it or in the data set. */
	static final int PHILIPS_PRIVATE_GROUP = 0x2005140F, PHILIPS_SCALE_SLOPE = 0x2005100E;

	private EnhancedFrames() {
	}

	/** True if the data set has a Per-frame Functional Groups Sequence (an enhanced multi-frame image). */
	public static boolean isEnhanced(final Attributes ds) {
		return !ds.sequence(Tag.PerFrameFunctionalGroupsSequence).isEmpty();
	}

	/**
	 * The frames of {@code file} (read with {@link DicomReader#readHeader} or in full), in the file's order.
	 *
	 * @throws DicomFormatException if the file has no Rows/Columns, or the per-frame groups do not match NumberOfFrames
	 */
	public static List<DicomFrame> frames(final DicomFile file) throws DicomFormatException {
		final Attributes ds = file.dataset();
		final Path path = file.path();
		final int rows = ds.intValue(Tag.Rows, -1), columns = ds.intValue(Tag.Columns, -1);
		if (rows <= 0 || columns <= 0)
			throw new DicomFormatException(path, -1, rows <= 0 ? Tag.Rows.number() : Tag.Columns.number(), "missing or invalid: not an image");
		final int declared = Math.max(1, ds.intValue(Tag.NumberOfFrames, 1));
		final List<Attributes> perFrame = ds.sequence(Tag.PerFrameFunctionalGroupsSequence);
		final List<Attributes> sharedItems = ds.sequence(Tag.SharedFunctionalGroupsSequence);
		final Attributes shared = sharedItems.isEmpty() ? null : sharedItems.get(0);
		if (!perFrame.isEmpty() && perFrame.size() != declared)
			throw new DicomFormatException(path, -1, Tag.PerFrameFunctionalGroupsSequence.number(),
					perFrame.size() + " per-frame functional groups for " + declared + " frames (NumberOfFrames)");
		final int n = perFrame.isEmpty() ? declared : perFrame.size();
		final List<DicomFrame> out = new ArrayList<>(n);
		final boolean signed = ds.intValue(Tag.PixelRepresentation, 0) == 1;
		final int bitsStored = ds.intValue(Tag.BitsStored, ds.intValue(Tag.BitsAllocated, 16));
		final int samples = ds.intValue(Tag.SamplesPerPixel, 1);
		final int instance = ds.intValue(Tag.InstanceNumber, -1);
		final String topType = String.join("\\", ds.strings(Tag.ImageType));
		for (int f = 0; f < n; f++) {
			final Attributes own = perFrame.isEmpty() ? null : perFrame.get(f);
			final Attributes[] scopes = { own, shared };
			final double[] position = nullIfEmpty(doubles(ds, scopes, Tag.PlanePositionSequence, Tag.ImagePositionPatient), 3);
			final double[] orientation = nullIfEmpty(doubles(ds, scopes, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient), 6);
			final double[] spacing = nullIfEmpty(doubles(ds, scopes, Tag.PixelMeasuresSequence, Tag.PixelSpacing), 2);
			final double thickness = first(doubles(ds, scopes, Tag.PixelMeasuresSequence, Tag.SliceThickness), Double.NaN);
			final double slope = first(doubles(ds, scopes, Tag.PixelValueTransformationSequence, Tag.RescaleSlope), 1);
			final double intercept = first(doubles(ds, scopes, Tag.PixelValueTransformationSequence, Tag.RescaleIntercept), 0);
			double te = first(doubles(ds, scopes, Tag.MREchoSequence, Tag.EffectiveEchoTime), Double.NaN);
			if (Double.isNaN(te))
				te = ds.doubleValue(Tag.EchoTime, Double.NaN);
			final int echo = ds.intValue(Tag.EchoNumbers, -1);
			int acquisition = (int) first(doubles(null, scopes, Tag.FrameContentSequence, Tag.FrameAcquisitionNumber), -1);
			if (acquisition < 0)
				acquisition = ds.intValue(Tag.AcquisitionNumber, -1);
			int temporal = (int) first(doubles(null, scopes, Tag.FrameContentSequence, Tag.TemporalPositionIndex), -1);
			if (temporal < 0)
				temporal = ds.intValue(Tag.TemporalPositionIdentifier, -1);
			final String stack = string(scopes, Tag.FrameContentSequence, Tag.StackID);
			final String frameType = String.join("\\", strings(scopes, Tag.MRImageFrameTypeSequence, Tag.FrameType));
			final double philips = philipsScaleSlope(ds, own, shared);
			out.add(new DicomFrame(path, f, rows, columns, position, orientation, spacing, thickness, slope, intercept, philips, te, echo,
					acquisition, temporal, stack, frameType.isEmpty() ? topType : frameType, instance, signed, bitsStored, samples));
		}
		return Collections.unmodifiableList(out);
	}

	/**
	 * The first item of {@code sequence} in the first scope that has it (per-frame, then shared); {@code null} if
	 * none.
	 */
	static Attributes group(final Attributes[] scopes, final Tag sequence) {
		for (final Attributes scope : scopes) {
			if (scope == null)
				continue;
			final List<Attributes> items = scope.sequence(sequence);
			if (!items.isEmpty())
				return items.get(0);
		}
		return null;
	}

	/** The attribute from the functional group, else from the top-level data set {@code ds} (if not null). */
	private static double[] doubles(final Attributes ds, final Attributes[] scopes, final Tag sequence, final Tag tag) {
		final Attributes g = group(scopes, sequence);
		if (g != null && g.contains(tag))
			return g.doubles(tag);
		return ds == null ? new double[0] : ds.doubles(tag);
	}

	private static String string(final Attributes[] scopes, final Tag sequence, final Tag tag) {
		final Attributes g = group(scopes, sequence);
		return g == null ? null : g.string(tag);
	}

	private static String[] strings(final Attributes[] scopes, final Tag sequence, final Tag tag) {
		final Attributes g = group(scopes, sequence);
		return g == null ? new String[0] : g.strings(tag);
	}

	private static double first(final double[] v, final double absent) {
		return v.length == 0 || Double.isNaN(v[0]) ? absent : v[0];
	}

	private static double[] nullIfEmpty(final double[] v, final int n) {
		if (v.length < n)
			return null;
		for (int i = 0; i < n; i++)
			if (!Double.isFinite(v[i]))
				return null;
		return v.length == n ? v : java.util.Arrays.copyOf(v, n);
	}

	/** The Philips scale slope (2005,100E): per frame in (2005,140F), else shared, else top level; NaN if absent. */
	static double philipsScaleSlope(final Attributes ds, final Attributes own, final Attributes shared) {
		for (final Attributes scope : new Attributes[] { own, shared }) {
			if (scope == null)
				continue;
			final List<Attributes> items = scope.sequence(PHILIPS_PRIVATE_GROUP);
			if (!items.isEmpty()) {
				final double v = privateFloat(items.get(0), PHILIPS_SCALE_SLOPE);
				if (!Double.isNaN(v))
					return v;
			}
		}
		return privateFloat(ds, PHILIPS_SCALE_SLOPE);
	}

	/** A private FL value: decoded by its VR, or as 4 little/big-endian float bytes when the VR is unknown (UN). */
	private static double privateFloat(final Attributes ds, final int tag) {
		final VR vr = ds.vr(tag);
		if (vr == null)
			return Double.NaN;
		if (vr == VR.UN) {
			final byte[] b = ds.bytes(tag);
			return b == null || b.length != 4 ? Double.NaN
					: ByteBuffer.wrap(b).order(ds.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).getFloat();
		}
		final double[] d = ds.doubles(tag);
		return d.length == 0 ? Double.NaN : d[0];
	}
}
