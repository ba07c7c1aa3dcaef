package org.chondroj.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.joml.Vector3d;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Writes a label volume as one DICOM Segmentation (SOP Class {@value #SEGMENTATION_STORAGE}, PS3.3 A.51), Segmentation
 * Type BINARY: one segment per listed label value, each segment's frames 1 bit per pixel, packed without gaps across
 * frames (least significant bit first, PS3.5 §8.1.1), and only the slices where the segment has at least one voxel.
 * <p>
 * Geometry (PS3.3 C.7.6.16): the frames lie on the label volume's grid, voxel axis 0 along a row (Columns = size 0),
 * axis 1 down the columns (Rows = size 1). Shared Functional Groups: Pixel Measures (PixelSpacing
 * {@code [spacing(1), spacing(0)]}, SliceThickness and SpacingBetweenSlices {@code spacing(2)}) and Plane Orientation
 * (the first two direction columns). Per-frame Functional Groups: Plane Position (the patient position of voxel
 * (0, 0, k) of the frame's slice k), Frame Content (DimensionIndexValues = segment number, k + 1), Segment
 * Identification (the segment number) and, with a source series, Derivation Image (the source image of slice k, purpose
 * DCM 121322 "Source image for image processing operation", derivation DCM 113076 "Segmentation"). Dimension
 * Organization: two dimensions, ReferencedSegmentNumber (in SegmentIdentificationSequence) then ImagePositionPatient
 * (in PlanePositionSequence). Decimal strings carry up to 16 characters, about 1e-12 mm here.
 * <p>
 * References and identity: with a {@link Source} (a DICOM series the labels were drawn on; the label volume must lie on
 * its grid, to 1e-3 mm), the SEG shares its FrameOfReferenceUID, names the series and every SOP instance in
 * ReferencedSeriesSequence (Common Instance Reference module, PS3.3 C.12.2), and copies patient and study identity from
 * the source header (PatientName, PatientID, PatientBirthDate, PatientSex, StudyInstanceUID, StudyDate, StudyTime,
 * StudyID, AccessionNumber, ReferringPhysicianName; absent ones are written empty, as Type 2 allows). Without a source
 * (a label map read from NIfTI, say) it gets a new study, a new frame of reference and empty identity. With a
 * {@linkplain Options#pseudonym pseudonym} the patient's ID is the pseudonym and the name has it as family name
 * ("S-0a1b2c3d4e^"), the other identity attributes are empty and the study is new; the references to the source
 * (and its frame of reference) are kept, under StudiesContainingOtherReferencedInstancesSequence since the source is
 * in another study. Series, instance, study and
 * frame-of-reference UIDs made here come from {@link Uids}: name-based under {@link Options#seed} (the same files on
 * every run), random otherwise.
 * <p>
 * Property codes: SNOMED CT ("SCT") codes as DICOM PS3.16 lists them for segmentations, category from CID 7150
 * (Segmentation Property Categories) and type from CID 7151 (Segmentation Property Types) and its anatomic sub-groups;
 * see {@link Codes}. Voxels whose value has no segment are not written. Labels are disjoint by construction, so the
 * segments never overlap.
 * <p>
 * Cost: one pass over the voxels per segment; the pixel data is held in memory once (1 bit per voxel of the slices
 * written). The file is written through {@link DicomWriter}, atomically: a failure leaves no partial file.
 */
public final class SegmentationWriter {

	/** Segmentation Storage SOP Class UID. */
	public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";

	private SegmentationWriter() {
	}

	/** A coded concept: code value, coding scheme designator, code meaning (PS3.3 Table 8.8-1). */
	public record Code(String value, String scheme, String meaning) {
		public Code {
			Objects.requireNonNull(value, "value");
			Objects.requireNonNull(scheme, "scheme");
			Objects.requireNonNull(meaning, "meaning");
		}

		/** A SNOMED CT code (scheme designator "SCT"). */
		public static Code sct(final String value, final String meaning) {
			return new Code(value, "SCT", meaning);
		}

		/** A DICOM code (scheme designator "DCM", PS3.16 Annex D). */
		public static Code dcm(final String value, final String meaning) {
			return new Code(value, "DCM", meaning);
		}
	}

	/**
	 * The SNOMED CT codes of knee structures. Categories from DICOM PS3.16 CID 7150 "Segmentation Property Categories"
	 * (Anatomical Structure 123037004, Tissue 85756007, Morphologically Altered Structure 49755003, as dcmqi, highdicom
	 * and 3D Slicer's terminology use them). Types from CID 7151 "Segmentation Property Types" and the anatomic groups
	 * it points to: femur 71341001 (legacy SRT T-12710), tibia 12611008, patella 64234005 (T-12730), as PixelMed's
	 * anatomy table (D. Clunie) and dcmtk's DSR codes list them; cartilage 309312004 (legacy SRT T-D021B) of CID 7166
	 * "Common Tissue Segmentation Types", as 3D Slicer's terminology lists it. Edema 267038008 (a finding, as lesion code
	 * lists give it beside effusion and hemorrhage) is ChondroJ's choice for a bone-marrow lesion, for which no more
	 * specific code was found. How category, type and anatomic region combine (the cartilage of a bone is type Cartilage
	 * with the bone as anatomic region): the qiicr dcmqi guide, "DICOM-defined coding schemes".
	 */
	public static final class Codes {
		public static final Code ANATOMICAL_STRUCTURE = Code.sct("123037004", "Anatomical Structure");
		public static final Code TISSUE = Code.sct("85756007", "Tissue");
		public static final Code MORPHOLOGICALLY_ALTERED_STRUCTURE = Code.sct("49755003", "Morphologically Altered Structure");
		public static final Code FEMUR = Code.sct("71341001", "Femur");
		public static final Code TIBIA = Code.sct("12611008", "Tibia");
		public static final Code PATELLA = Code.sct("64234005", "Patella");
		public static final Code CARTILAGE = Code.sct("309312004", "Cartilage");
		public static final Code EDEMA = Code.sct("267038008", "Edema");

		private Codes() {
		}
	}

	/**
	 * One segment.
	 *
	 * @param label the voxel value of the segment (1…255); also its SegmentNumber
	 * @param name SegmentLabel, e.g. "femoral cartilage"
	 * @param category SegmentedPropertyCategoryCodeSequence (CID 7150)
	 * @param type SegmentedPropertyTypeCodeSequence (CID 7151)
	 * @param anatomicRegion AnatomicRegionSequence (e.g. the femur, for femoral cartilage), or {@code null}
	 * @param automatic SegmentAlgorithmType AUTOMATIC (true) or MANUAL
	 * @param algorithmName SegmentAlgorithmName (required for AUTOMATIC), e.g. "ChondroJ atlas segmentation"
	 */
	public record Segment(int label, String name, Code category, Code type, Code anatomicRegion, boolean automatic, String algorithmName) {
		public Segment {
			if (label < 1 || label > 255)
				throw new IllegalArgumentException("segment label " + label + " is not in 1…255");
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(category, "category");
			Objects.requireNonNull(type, "type");
			if (automatic && (algorithmName == null || algorithmName.isBlank()))
				throw new IllegalArgumentException("an automatic segment needs an algorithm name: " + name);
		}

		/** A bone (category Anatomical Structure). */
		public static Segment bone(final int label, final String name, final Code bone, final boolean automatic, final String algorithm) {
			return new Segment(label, name, Codes.ANATOMICAL_STRUCTURE, bone, null, automatic, algorithm);
		}

		/** The articular cartilage of a bone (category Tissue, type Cartilage, the bone as anatomic region). */
		public static Segment cartilage(final int label, final String name, final Code bone, final boolean automatic, final String algorithm) {
			return new Segment(label, name, Codes.TISSUE, Codes.CARTILAGE, bone, automatic, algorithm);
		}

		/** A bone-marrow lesion of a bone (category Morphologically Altered Structure, type Edema, the bone as region). */
		public static Segment marrowLesion(final int label, final String name, final Code bone, final boolean automatic, final String algorithm) {
			return new Segment(label, name, Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.EDEMA, bone, automatic, algorithm);
		}
	}

	/** One source image: its SOP class and instance, and its frame number (1-based) in a multi-frame file, or 0. */
	public record Reference(String sopClassUid, String sopInstanceUid, int frameNumber) {
	}

	/**
	 * The DICOM series the labels were drawn on.
	 *
	 * @param header a data set of the series (patient and study identity are copied from it)
	 * @param seriesInstanceUid the source series
	 * @param frameOfReferenceUid the source's frame of reference
	 * @param geometry the source grid (the label volume must lie on it)
	 * @param slices the source image of each slice of the grid, in slice order
	 */
	public record Source(Attributes header, String seriesInstanceUid, String frameOfReferenceUid, VoxelGeometry geometry, List<Reference> slices) {
		public Source {
			Objects.requireNonNull(header, "header");
			if (!Uids.isValid(seriesInstanceUid))
				throw new IllegalArgumentException("the source has no valid SeriesInstanceUID: " + seriesInstanceUid);
			if (!Uids.isValid(frameOfReferenceUid))
				throw new IllegalArgumentException("the source has no valid FrameOfReferenceUID: " + frameOfReferenceUid);
			Objects.requireNonNull(geometry, "geometry");
			slices = List.copyOf(slices);
		}

		/**
		 * The source of an arranged stack: the header of its first file, and the SOP class and instance of every slice,
		 * read from the files' headers (one header read per distinct file).
		 *
		 * @throws DicomFormatException if a file lacks its SOP Class or Instance UID, or the series its frame of reference
		 */
		public static Source of(final DicomVolumes.Arrangement arrangement) throws IOException {
			final Map<Path, Attributes> headers = new HashMap<>();
			final List<Reference> refs = new ArrayList<>();
			final Set<Path> multiFrame = new HashSet<>();
			for (final DicomFrame f : arrangement.slices())
				if (f.frame() > 0)
					multiFrame.add(f.file());
			for (final DicomFrame f : arrangement.slices()) {
				Attributes h = headers.get(f.file());
				if (h == null) {
					h = DicomReader.readHeader(f.file()).dataset();
					headers.put(f.file(), h);
				}
				final String cls = h.string(Tag.SOPClassUID), inst = h.string(Tag.SOPInstanceUID);
				if (!Uids.isValid(cls) || !Uids.isValid(inst))
					throw new DicomFormatException(f.file(), -1, -1, "no valid SOPClassUID or SOPInstanceUID; a segmentation cannot reference it");
				final boolean multi = multiFrame.contains(f.file()) || h.intValue(Tag.NumberOfFrames, 1) > 1;
				refs.add(new Reference(cls, inst, multi ? f.frame() + 1 : 0));
			}
			final Attributes first = headers.get(arrangement.slices().get(0).file());
			final String series = first.string(Tag.SeriesInstanceUID), frame = first.string(Tag.FrameOfReferenceUID);
			if (!Uids.isValid(series) || !Uids.isValid(frame))
				throw new DicomFormatException(arrangement.slices().get(0).file(), -1, -1, "no valid SeriesInstanceUID or FrameOfReferenceUID;"
						+ " a segmentation cannot share its frame of reference");
			return new Source(first, series, frame, arrangement.geometry(), refs);
		}
	}

	/**
	 * How the object is described.
	 *
	 * @param seed name-based UIDs under this seed (byte-identical files on every run), or {@code null} for random UIDs
	 * @param seriesNumber SeriesNumber
	 * @param seriesDescription SeriesDescription ("" for none)
	 * @param contentLabel ContentLabel (a code string: upper case, digits, space, underscore; at most 16 characters)
	 * @param created ContentDate and ContentTime (and SeriesDate/Time)
	 * @param softwareVersion SoftwareVersions
	 * @param pseudonym the patient's name and ID under pseudonymisation, or {@code null} to copy the source's identity
	 */
	public record Options(String seed, int seriesNumber, String seriesDescription, String contentLabel, LocalDateTime created,
			String softwareVersion, String pseudonym) {
		public Options {
			Objects.requireNonNull(seriesDescription, "seriesDescription");
			Objects.requireNonNull(created, "created");
			Objects.requireNonNull(softwareVersion, "softwareVersion");
			if (!contentLabel.matches("[A-Z0-9 _]{1,16}"))
				throw new IllegalArgumentException("ContentLabel must be 1 to 16 of A-Z, 0-9, space, underscore: " + contentLabel);
		}

		/** Random UIDs, series 900 "ChondroJ segmentation", label "SEGMENTATION", created now, identity copied. */
		public static Options defaults() {
			return new Options(null, 900, "ChondroJ segmentation", "SEGMENTATION", LocalDateTime.now().withNano(0), "0.1", null);
		}

		public Options withSeed(final String newSeed) {
			return new Options(newSeed, seriesNumber, seriesDescription, contentLabel, created, softwareVersion, pseudonym);
		}

		public Options withCreated(final LocalDateTime when) {
			return new Options(seed, seriesNumber, seriesDescription, contentLabel, when, softwareVersion, pseudonym);
		}

		public Options withPseudonym(final String name) {
			return new Options(seed, seriesNumber, seriesDescription, contentLabel, created, softwareVersion, name);
		}

		public Options withSeries(final int number, final String description) {
			return new Options(seed, number, description, contentLabel, created, softwareVersion, pseudonym);
		}

		String uid(final String what) {
			return seed == null ? Uids.random() : Uids.fromName(seed + "/segmentation/" + what);
		}
	}

	/**
	 * Writes the segmentation to {@code file} (replaced atomically).
	 *
	 * @param source the series the labels were drawn on, or {@code null} for a label map without DICOM source
	 * @throws IllegalArgumentException if the segments repeat a label, the volume is not on the source grid, or a slice
	 *         is larger than 65535 pixels along a side; nothing is written then
	 */
	public static Path write(final Volume<UnsignedByteType> labels, final List<Segment> segments, final Source source, final Options options,
			final Path file) throws IOException {
		DicomWriter.write(file, dataset(labels, segments, source, options));
		return file;
	}

	/** The data set {@link #write} writes. */
	public static Attributes dataset(final Volume<UnsignedByteType> labels, final List<Segment> segments, final Source source,
			final Options options) {
		final int nx = labels.dimension(0), ny = labels.dimension(1), nz = labels.dimension(2);
		if (nx > 0xFFFF || ny > 0xFFFF)
			throw new IllegalArgumentException("a DICOM image has at most 65535 rows and columns, the volume is " + nx + "×" + ny);
		if (segments.isEmpty())
			throw new IllegalArgumentException("a segmentation needs at least one segment");
		final Set<Integer> seen = new HashSet<>();
		for (final Segment s : segments)
			if (!seen.add(s.label()))
				throw new IllegalArgumentException("two segments with label " + s.label());
		final VoxelGeometry g = labels.geometry();
		if (source != null) {
			if (source.slices().size() != nz)
				throw new IllegalArgumentException("the source has " + source.slices().size() + " slices, the labels " + nz);
			if (!source.geometry().approximatelyEquals(g, 1e-3))
				throw new IllegalArgumentException("the labels are not on the source grid: " + g + " vs " + source.geometry());
		}
		final byte[] voxels = Volumes.byteData(labels);
		final int plane = nx * ny;
		// the frames: (segment, slice) where the segment has a voxel
		final List<int[]> frames = new ArrayList<>();
		for (int s = 0; s < segments.size(); s++) {
			final byte label = (byte) segments.get(s).label();
			for (int k = 0; k < nz; k++)
				for (int i = k * plane, end = i + plane; i < end; i++)
					if (voxels[i] == label) {
						frames.add(new int[] { s, k });
						break;
					}
		}
		if (frames.isEmpty())
			frames.add(new int[] { 0, 0 }); // NumberOfFrames is at least 1: an empty frame of the first segment
		final long bits = (long) frames.size() * plane;
		if ((bits + 7) / 8 > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("the segmentation needs " + (bits + 7) / 8 + " bytes of pixel data, more than one array holds");
		final byte[] pixels = new byte[(int) ((bits + 7) / 8)];
		long bit = 0;
		for (final int[] f : frames) {
			final byte label = (byte) segments.get(f[0]).label();
			for (int i = f[1] * plane, end = i + plane; i < end; i++, bit++)
				if (voxels[i] == label)
					pixels[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
		}

		final boolean pseudonymous = options.pseudonym() != null;
		final Attributes id = source == null || pseudonymous ? new Attributes(false) : source.header();
		final Attributes ds = new Attributes(false);
		final List<String> texts = new ArrayList<>(List.of(options.seriesDescription()));
		for (final Tag t : new Tag[] { Tag.PatientName, Tag.PatientID, Tag.StudyID, Tag.AccessionNumber, Tag.ReferringPhysicianName })
			texts.add(text(id, t));
		if (pseudonymous)
			texts.add(options.pseudonym());
		for (final Segment s : segments) {
			texts.add(s.name());
			if (s.algorithmName() != null)
				texts.add(s.algorithmName());
		}
		if (!ascii(texts))
			ds.setString(Tag.SpecificCharacterSet, "ISO_IR 192");
		// SOP Common, General Image, Segmentation Image
		ds.setString(Tag.SOPClassUID, SEGMENTATION_STORAGE);
		ds.setString(Tag.SOPInstanceUID, options.uid("instance"));
		ds.setString(Tag.ImageType, "DERIVED", "PRIMARY");
		ds.setString(Tag.InstanceNumber, "1");
		final String date = options.created().format(DateTimeFormatter.BASIC_ISO_DATE);
		final String time = options.created().format(DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT));
		ds.setString(Tag.ContentDate, date);
		ds.setString(Tag.ContentTime, time);
		ds.setString(Tag.SeriesDate, date);
		ds.setString(Tag.SeriesTime, time);
		ds.setString(Tag.ContentLabel, options.contentLabel());
		ds.setString(Tag.ContentDescription, "");
		ds.setString(Tag.ContentCreatorName, "");
		// Patient
		// the pseudonym as the family name with an empty given name: a name without '^' is the retired ACR-NEMA form
		ds.setString(Tag.PatientName, pseudonymous ? options.pseudonym() + (options.pseudonym().contains("^") ? "" : "^") : text(id, Tag.PatientName));
		ds.setString(Tag.PatientID, pseudonymous ? options.pseudonym() : text(id, Tag.PatientID));
		ds.setString(Tag.PatientBirthDate, text(id, Tag.PatientBirthDate));
		ds.setString(Tag.PatientSex, text(id, Tag.PatientSex));
		// General Study
		final String study = id.string(Tag.StudyInstanceUID);
		ds.setString(Tag.StudyInstanceUID, Uids.isValid(study) ? study : options.uid("study"));
		ds.setString(Tag.StudyDate, text(id, Tag.StudyDate));
		ds.setString(Tag.StudyTime, text(id, Tag.StudyTime));
		ds.setString(Tag.ReferringPhysicianName, text(id, Tag.ReferringPhysicianName));
		ds.setString(Tag.StudyID, text(id, Tag.StudyID));
		ds.setString(Tag.AccessionNumber, text(id, Tag.AccessionNumber));
		// General Series, Segmentation Series
		ds.setString(Tag.Modality, "SEG");
		ds.setString(Tag.SeriesInstanceUID, options.uid("series"));
		ds.setString(Tag.SeriesNumber, Integer.toString(options.seriesNumber()));
		if (!options.seriesDescription().isEmpty())
			ds.setString(Tag.SeriesDescription, options.seriesDescription());
		// Frame of Reference
		ds.setString(Tag.FrameOfReferenceUID, source != null ? source.frameOfReferenceUid() : options.uid("frame-of-reference"));
		ds.setString(Tag.PositionReferenceIndicator, "");
		// General Equipment, Enhanced General Equipment
		ds.setString(Tag.Manufacturer, "ChondroJ");
		ds.setString(Tag.ManufacturerModelName, "ChondroJ");
		ds.setString(Tag.DeviceSerialNumber, "0");
		ds.setString(Tag.SoftwareVersions, options.softwareVersion());
		// Common Instance Reference
		if (source != null) {
			final Attributes series = ds.newItem();
			series.setString(Tag.SeriesInstanceUID, source.seriesInstanceUid());
			final List<Attributes> instances = new ArrayList<>();
			final Set<String> listed = new HashSet<>();
			for (final Reference r : source.slices())
				if (listed.add(r.sopInstanceUid())) {
					final Attributes item = ds.newItem();
					item.setString(Tag.ReferencedSOPClassUID, r.sopClassUid());
					item.setString(Tag.ReferencedSOPInstanceUID, r.sopInstanceUid());
					instances.add(item);
				}
			series.setSequence(Tag.ReferencedInstanceSequence, instances);
			final String sourceStudy = source.header().string(Tag.StudyInstanceUID);
			if (sourceStudy != null && sourceStudy.equals(ds.string(Tag.StudyInstanceUID)))
				ds.setSequence(Tag.ReferencedSeriesSequence, List.of(series));
			else if (Uids.isValid(sourceStudy)) {
				final Attributes other = ds.newItem();
				other.setString(Tag.StudyInstanceUID, sourceStudy);
				other.setSequence(Tag.ReferencedSeriesSequence, List.of(series));
				ds.setSequence(Tag.StudiesContainingOtherReferencedInstancesSequence, List.of(other));
			}
		}
		// Multi-frame Dimension
		final String organization = options.uid("dimension-organization");
		final Attributes org = ds.newItem();
		org.setString(Tag.DimensionOrganizationUID, organization);
		ds.setSequence(Tag.DimensionOrganizationSequence, List.of(org));
		ds.setSequence(Tag.DimensionIndexSequence, List.of(dimension(ds, organization, Tag.ReferencedSegmentNumber, Tag.SegmentIdentificationSequence,
				"Segment Number"), dimension(ds, organization, Tag.ImagePositionPatient, Tag.PlanePositionSequence, "Image Position Patient")));
		// Image Pixel, Segmentation Image
		ImagePixel.monochrome(ds, ny, nx, 1);
		ds.setString(Tag.NumberOfFrames, Integer.toString(frames.size()));
		ds.setString(Tag.LossyImageCompression, "00");
		ds.setString(Tag.SegmentationType, "BINARY");
		final List<Attributes> segmentItems = new ArrayList<>();
		for (final Segment s : segments) {
			final Attributes item = ds.newItem();
			item.setDoubles(Tag.SegmentNumber, s.label());
			item.setString(Tag.SegmentLabel, s.name());
			item.setString(Tag.SegmentAlgorithmType, s.automatic() ? "AUTOMATIC" : "MANUAL");
			if (s.algorithmName() != null && !s.algorithmName().isBlank())
				item.setString(Tag.SegmentAlgorithmName, s.algorithmName());
			item.setSequence(Tag.SegmentedPropertyCategoryCodeSequence, List.of(code(ds, s.category())));
			item.setSequence(Tag.SegmentedPropertyTypeCodeSequence, List.of(code(ds, s.type())));
			if (s.anatomicRegion() != null)
				item.setSequence(Tag.AnatomicRegionSequence, List.of(code(ds, s.anatomicRegion())));
			segmentItems.add(item);
		}
		ds.setSequence(Tag.SegmentSequence, segmentItems);
		// Multi-frame Functional Groups
		final Attributes shared = ds.newItem();
		final Attributes measures = ds.newItem();
		measures.setDoubles(Tag.PixelSpacing, g.spacing(1), g.spacing(0));
		measures.setDoubles(Tag.SliceThickness, g.spacing(2));
		measures.setDoubles(Tag.SpacingBetweenSlices, g.spacing(2));
		shared.setSequence(Tag.PixelMeasuresSequence, List.of(measures));
		final Vector3d row = g.direction().getColumn(0, new Vector3d()), column = g.direction().getColumn(1, new Vector3d());
		final Attributes orientation = ds.newItem();
		orientation.setDoubles(Tag.ImageOrientationPatient, clean(row.x), clean(row.y), clean(row.z), clean(column.x), clean(column.y),
				clean(column.z));
		shared.setSequence(Tag.PlaneOrientationSequence, List.of(orientation));
		ds.setSequence(Tag.SharedFunctionalGroupsSequence, List.of(shared));
		final List<Attributes> perFrame = new ArrayList<>(frames.size());
		for (final int[] f : frames) {
			final Segment s = segments.get(f[0]);
			final int k = f[1];
			final Attributes item = ds.newItem();
			if (source != null) {
				final Reference r = source.slices().get(k);
				final Attributes image = ds.newItem();
				image.setString(Tag.ReferencedSOPClassUID, r.sopClassUid());
				image.setString(Tag.ReferencedSOPInstanceUID, r.sopInstanceUid());
				if (r.frameNumber() > 0)
					image.setString(Tag.ReferencedFrameNumber, Integer.toString(r.frameNumber()));
				image.setSequence(Tag.PurposeOfReferenceCodeSequence,
						List.of(code(ds, Code.dcm("121322", "Source image for image processing operation"))));
				final Attributes derivation = ds.newItem();
				derivation.setSequence(Tag.SourceImageSequence, List.of(image));
				derivation.setSequence(Tag.DerivationCodeSequence, List.of(code(ds, Code.dcm("113076", "Segmentation"))));
				item.setSequence(Tag.DerivationImageSequence, List.of(derivation));
			}
			final Attributes content = ds.newItem();
			content.setDoubles(Tag.DimensionIndexValues, s.label(), k + 1);
			item.setSequence(Tag.FrameContentSequence, List.of(content));
			final Vector3d p = g.indexToPatient(0, 0, k, new Vector3d());
			final Attributes position = ds.newItem();
			position.setDoubles(Tag.ImagePositionPatient, clean(p.x), clean(p.y), clean(p.z));
			item.setSequence(Tag.PlanePositionSequence, List.of(position));
			final Attributes identification = ds.newItem();
			identification.setDoubles(Tag.ReferencedSegmentNumber, s.label());
			item.setSequence(Tag.SegmentIdentificationSequence, List.of(identification));
			perFrame.add(item);
		}
		ds.setSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame);
		ds.setBytes(Tag.PixelData.number(), VR.OB, pixels);
		return ds;
	}

	private static Attributes dimension(final Attributes ds, final String organization, final Tag index, final Tag group, final String label) {
		final Attributes item = ds.newItem();
		item.setString(Tag.DimensionOrganizationUID, organization);
		item.setBytes(Tag.DimensionIndexPointer.number(), VR.AT, at(index));
		item.setBytes(Tag.FunctionalGroupPointer.number(), VR.AT, at(group));
		item.setString(Tag.DimensionDescriptionLabel, label);
		return item;
	}

	/** An AT value: the group then the element, each a little-endian 16-bit number (PS3.5 §6.2). */
	private static byte[] at(final Tag tag) {
		final int n = tag.number();
		return new byte[] { (byte) (n >>> 16), (byte) (n >>> 24), (byte) n, (byte) (n >>> 8) };
	}

	/** A code sequence item of {@code c} (code value, scheme, meaning) in {@code ds}; the SR writer shares it. */
	static Attributes code(final Attributes ds, final Code c) {
		final Attributes item = ds.newItem();
		item.setString(Tag.CodeValue, c.value());
		item.setString(Tag.CodingSchemeDesignator, c.scheme());
		item.setString(Tag.CodeMeaning, c.meaning());
		return item;
	}

	/** A text value of the identity header, "" when absent; the SR writer shares it. */
	static String text(final Attributes header, final Tag tag) {
		final String s = header.string(tag);
		return s == null ? "" : s;
	}

	/** Removes the sign of a negative zero, so that "-0" is never written. */
	private static double clean(final double v) {
		return v == 0 ? 0 : v;
	}

	private static boolean ascii(final List<String> texts) {
		for (final String t : texts)
			if (!StandardCharsets.US_ASCII.newEncoder().canEncode(t))
				return false;
		return true;
	}
}
