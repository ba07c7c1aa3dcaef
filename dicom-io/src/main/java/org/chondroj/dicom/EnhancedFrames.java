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
	 * <p>
	 * Bounded by the file: NumberOfFrames is checked against what the pixel data can hold ({@link Bounds#frames})
	 * before any frame is made; values from the shared groups and the top-level data set are decoded once, and each
	 * frame decodes only its own group, so the cost is one pass over the header whatever the number of frames.
	 *
	 * @throws DicomFormatException if the file has no Rows/Columns, NumberOfFrames is more than the pixel data can
	 *         hold, or the per-frame groups do not match NumberOfFrames
	 */
	public static List<DicomFrame> frames(final DicomFile file) throws DicomFormatException {
		try {
			return framesChecked(file);
		} catch (final RuntimeException | StackOverflowError e) {
			throw DicomFormatException.unexpected(file.path(), e);
		}
	}

	private static List<DicomFrame> framesChecked(final DicomFile file) throws DicomFormatException {
		final Attributes ds = file.dataset();
		final Path path = file.path();
		final int rows = ds.intValue(Tag.Rows, -1), columns = ds.intValue(Tag.Columns, -1);
		if (rows <= 0 || columns <= 0)
			throw new DicomFormatException(path, -1, rows <= 0 ? Tag.Rows.number() : Tag.Columns.number(), "missing or invalid: not an image");
		final int declared = Math.max(1, ds.intValue(Tag.NumberOfFrames, 1));
		final List<Attributes> perFrame = ds.sequence(Tag.PerFrameFunctionalGroupsSequence);
		final List<Attributes> sharedItems = ds.sequence(Tag.SharedFunctionalGroupsSequence);
		final Attributes shared = sharedItems.isEmpty() ? null : sharedItems.get(0);
		final boolean signed = ds.intValue(Tag.PixelRepresentation, 0) == 1;
		final int bitsAllocated = ds.intValue(Tag.BitsAllocated, 16);
		final int bitsStored = ds.intValue(Tag.BitsStored, bitsAllocated);
		final int samples = ds.intValue(Tag.SamplesPerPixel, 1);
		Bounds.frames(file, declared, Bounds.frameBits(rows, columns, samples, bitsAllocated));
		if (!perFrame.isEmpty() && perFrame.size() != declared)
			throw new DicomFormatException(path, -1, Tag.PerFrameFunctionalGroupsSequence.number(),
					perFrame.size() + " per-frame functional groups for " + declared + " frames (NumberOfFrames)");
		final int n = perFrame.isEmpty() ? declared : perFrame.size();
		final int instance = ds.intValue(Tag.InstanceNumber, -1);
		final String topType = String.join("\\", ds.strings(Tag.ImageType));
		final double topEchoTime = ds.doubleValue(Tag.EchoTime, Double.NaN);
		final int echo = ds.intValue(Tag.EchoNumbers, -1);
		final int topAcquisition = ds.intValue(Tag.AcquisitionNumber, -1), topTemporal = ds.intValue(Tag.TemporalPositionIdentifier, -1);
		// each attribute: the frame's own group if it has one, else this value (the shared group's, else the top level's)
		final Lookup position = new Lookup(ds, shared, Tag.PlanePositionSequence, Tag.ImagePositionPatient);
		final Lookup orientation = new Lookup(ds, shared, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient);
		final Lookup spacing = new Lookup(ds, shared, Tag.PixelMeasuresSequence, Tag.PixelSpacing);
		final Lookup thickness = new Lookup(ds, shared, Tag.PixelMeasuresSequence, Tag.SliceThickness);
		final Lookup slope = new Lookup(ds, shared, Tag.PixelValueTransformationSequence, Tag.RescaleSlope);
		final Lookup intercept = new Lookup(ds, shared, Tag.PixelValueTransformationSequence, Tag.RescaleIntercept);
		final Lookup echoTime = new Lookup(ds, shared, Tag.MREchoSequence, Tag.EffectiveEchoTime);
		final Lookup acquisitionNumber = new Lookup(null, shared, Tag.FrameContentSequence, Tag.FrameAcquisitionNumber);
		final Lookup temporalIndex = new Lookup(null, shared, Tag.FrameContentSequence, Tag.TemporalPositionIndex);
		final Attributes sharedContent = group(new Attributes[] { shared }, Tag.FrameContentSequence);
		final String sharedStack = sharedContent == null ? null : sharedContent.string(Tag.StackID);
		final Attributes sharedFrameType = group(new Attributes[] { shared }, Tag.MRImageFrameTypeSequence);
		final String sharedType = sharedFrameType == null ? "" : String.join("\\", sharedFrameType.strings(Tag.FrameType));
		final double sharedPhilips = philipsScaleSlope(ds, null, shared);
		final List<DicomFrame> out = new ArrayList<>(n);
		for (int f = 0; f < n; f++) {
			final Attributes own = perFrame.isEmpty() ? null : perFrame.get(f);
			double te = first(echoTime.doubles(own), Double.NaN);
			if (Double.isNaN(te))
				te = topEchoTime;
			int acquisition = (int) first(acquisitionNumber.doubles(own), -1);
			if (acquisition < 0)
				acquisition = topAcquisition;
			int temporal = (int) first(temporalIndex.doubles(own), -1);
			if (temporal < 0)
				temporal = topTemporal;
			final Attributes ownContent = own == null ? null : group(new Attributes[] { own }, Tag.FrameContentSequence);
			final String stack = ownContent != null ? ownContent.string(Tag.StackID) : sharedStack;
			final Attributes ownFrameType = own == null ? null : group(new Attributes[] { own }, Tag.MRImageFrameTypeSequence);
			final String frameType = ownFrameType != null ? String.join("\\", ownFrameType.strings(Tag.FrameType)) : sharedType;
			final double philips = own == null || own.sequence(PHILIPS_PRIVATE_GROUP).isEmpty() ? sharedPhilips : philipsScaleSlope(ds, own, shared);
			out.add(new DicomFrame(path, f, rows, columns, nullIfEmpty(position.doubles(own), 3), nullIfEmpty(orientation.doubles(own), 6),
					nullIfEmpty(spacing.doubles(own), 2), first(thickness.doubles(own), Double.NaN), first(slope.doubles(own), 1),
					first(intercept.doubles(own), 0), philips, te, echo, acquisition, temporal, stack, frameType.isEmpty() ? topType : frameType,
					instance, signed, bitsStored, samples));
		}
		return Collections.unmodifiableList(out);
	}

	/**
	 * One numeric attribute of a functional group, looked up for each frame: from the frame's own group when it has
	 * one, else the value of the shared group (or, where that group lacks the attribute, of the top-level data set),
	 * which is decoded once for all frames.
	 */
	private static final class Lookup {
		private final Tag sequence, tag;
		private final double[] top, sharedOrTop;

		/** @param ds the top-level data set, or {@code null} if the attribute has no top-level fallback */
		Lookup(final Attributes ds, final Attributes shared, final Tag sequence, final Tag tag) {
			this.sequence = sequence;
			this.tag = tag;
			this.top = ds == null ? new double[0] : ds.doubles(tag);
			final Attributes g = shared == null ? null : group(new Attributes[] { shared }, sequence);
			this.sharedOrTop = g == null ? top : g.contains(tag) ? g.doubles(tag) : top;
		}

		/** The values for the frame whose own group is {@code own} (may be {@code null}); shared arrays are not to be modified. */
		double[] doubles(final Attributes own) {
			final Attributes g = own == null ? null : group(new Attributes[] { own }, sequence);
			return g == null ? sharedOrTop : g.contains(tag) ? g.doubles(tag) : top;
		}
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

	private static double first(final double[] v, final double absent) {
		return v.length == 0 || Double.isNaN(v[0]) ? absent : v[0];
	}

	private static double[] nullIfEmpty(final double[] v, final int n) {
		if (v.length < n)
			return null;
		for (int i = 0; i < n; i++)
			if (!Double.isFinite(v[i]))
				return null;
		return java.util.Arrays.copyOf(v, n); // a copy: the values of shared groups are shared by every frame
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
