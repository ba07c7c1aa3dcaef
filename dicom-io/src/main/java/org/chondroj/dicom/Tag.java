package org.chondroj.dicom;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The DICOM attributes ChondroJ reads or writes: the one dictionary of tag numbers, value representations and
 * keywords (PS3.6). Constants are named by the standard's keywords, so {@code Tag.ImagePositionPatient} reads as the
 * standard does. Attributes not listed here are still parsed and kept (by number, VR {@code UN} when the encoding is
 * implicit); private attributes are kept as bytes.
 */
public enum Tag {
	// File meta information (PS3.10)
	FileMetaInformationGroupLength(0x00020000, VR.UL),
	FileMetaInformationVersion(0x00020001, VR.OB),
	MediaStorageSOPClassUID(0x00020002, VR.UI),
	MediaStorageSOPInstanceUID(0x00020003, VR.UI),
	TransferSyntaxUID(0x00020010, VR.UI),
	ImplementationClassUID(0x00020012, VR.UI),
	ImplementationVersionName(0x00020013, VR.SH),
	SourceApplicationEntityTitle(0x00020016, VR.AE),
	// DICOMDIR
	DirectoryRecordSequence(0x00041220, VR.SQ),
	DirectoryRecordType(0x00041430, VR.CS),
	ReferencedFileID(0x00041500, VR.CS),
	// Identification
	SpecificCharacterSet(0x00080005, VR.CS),
	ImageType(0x00080008, VR.CS),
	InstanceCreationDate(0x00080012, VR.DA),
	InstanceCreationTime(0x00080013, VR.TM),
	SOPClassUID(0x00080016, VR.UI),
	SOPInstanceUID(0x00080018, VR.UI),
	StudyDate(0x00080020, VR.DA),
	SeriesDate(0x00080021, VR.DA),
	AcquisitionDate(0x00080022, VR.DA),
	ContentDate(0x00080023, VR.DA),
	AcquisitionDateTime(0x0008002A, VR.DT),
	StudyTime(0x00080030, VR.TM),
	SeriesTime(0x00080031, VR.TM),
	AcquisitionTime(0x00080032, VR.TM),
	ContentTime(0x00080033, VR.TM),
	AccessionNumber(0x00080050, VR.SH),
	Modality(0x00080060, VR.CS),
	Manufacturer(0x00080070, VR.LO),
	InstitutionName(0x00080080, VR.LO),
	ReferringPhysicianName(0x00080090, VR.PN),
	CodeValue(0x00080100, VR.SH),
	CodingSchemeDesignator(0x00080102, VR.SH),
	CodeMeaning(0x00080104, VR.LO),
	MappingResource(0x00080105, VR.CS),
	CodingSchemeUID(0x0008010C, VR.UI),
	CodingSchemeIdentificationSequence(0x00080110, VR.SQ),
	CodingSchemeName(0x00080115, VR.ST),
	CodingSchemeResponsibleOrganization(0x00080116, VR.ST),
	CodingSchemeVersion(0x00080103, VR.SH),
	ReferencedPerformedProcedureStepSequence(0x00081111, VR.SQ),
	ReferencedSOPSequence(0x00081199, VR.SQ),
	StationName(0x00081010, VR.SH),
	StudyDescription(0x00081030, VR.LO),
	SeriesDescription(0x0008103E, VR.LO),
	ReferencedSeriesSequence(0x00081115, VR.SQ),
	ReferencedInstanceSequence(0x0008114A, VR.SQ),
	ReferencedSOPClassUID(0x00081150, VR.UI),
	ReferencedSOPInstanceUID(0x00081155, VR.UI),
	ReferencedFrameNumber(0x00081160, VR.IS),
	StudiesContainingOtherReferencedInstancesSequence(0x00081200, VR.SQ),
	ManufacturerModelName(0x00081090, VR.LO),
	SourceImageSequence(0x00082112, VR.SQ),
	AnatomicRegionSequence(0x00082218, VR.SQ),
	FrameType(0x00089007, VR.CS),
	DerivationImageSequence(0x00089124, VR.SQ),
	AcquisitionContrast(0x00089209, VR.CS),
	DerivationCodeSequence(0x00089215, VR.SQ),
	// Patient
	PatientName(0x00100010, VR.PN),
	PatientID(0x00100020, VR.LO),
	PatientBirthDate(0x00100030, VR.DA),
	PatientSex(0x00100040, VR.CS),
	PatientAge(0x00101010, VR.AS),
	PatientWeight(0x00101030, VR.DS),
	// Acquisition
	BodyPartExamined(0x00180015, VR.CS),
	ScanningSequence(0x00180020, VR.CS),
	SequenceVariant(0x00180021, VR.CS),
	ScanOptions(0x00180022, VR.CS),
	MRAcquisitionType(0x00180023, VR.CS),
	SequenceName(0x00180024, VR.SH),
	SliceThickness(0x00180050, VR.DS),
	RepetitionTime(0x00180080, VR.DS),
	EchoTime(0x00180081, VR.DS),
	InversionTime(0x00180082, VR.DS),
	NumberOfAverages(0x00180083, VR.DS),
	ImagingFrequency(0x00180084, VR.DS),
	EchoNumbers(0x00180086, VR.IS),
	MagneticFieldStrength(0x00180087, VR.DS),
	SpacingBetweenSlices(0x00180088, VR.DS),
	EchoTrainLength(0x00180091, VR.IS),
	DeviceSerialNumber(0x00181000, VR.LO),
	SoftwareVersions(0x00181020, VR.LO),
	ProtocolName(0x00181030, VR.LO),
	ReceiveCoilName(0x00181250, VR.SH),
	AcquisitionMatrix(0x00181310, VR.US),
	InPlanePhaseEncodingDirection(0x00181312, VR.CS),
	FlipAngle(0x00181314, VR.DS),
	PatientPosition(0x00185100, VR.CS),
	PulseSequenceName(0x00189005, VR.SH),
	MRImagingModifierSequence(0x00189006, VR.SQ),
	SpectrallySelectedSuppression(0x00189025, VR.CS),
	EffectiveEchoTime(0x00189082, VR.FD),
	MRTimingAndRelatedParametersSequence(0x00189112, VR.SQ),
	MREchoSequence(0x00189114, VR.SQ),
	MRModifierSequence(0x00189115, VR.SQ),
	MRImageFrameTypeSequence(0x00189226, VR.SQ),
	// Relationship and geometry
	StudyInstanceUID(0x0020000D, VR.UI),
	SeriesInstanceUID(0x0020000E, VR.UI),
	StudyID(0x00200010, VR.SH),
	SeriesNumber(0x00200011, VR.IS),
	AcquisitionNumber(0x00200012, VR.IS),
	InstanceNumber(0x00200013, VR.IS),
	ImagePositionPatient(0x00200032, VR.DS),
	ImageOrientationPatient(0x00200037, VR.DS),
	FrameOfReferenceUID(0x00200052, VR.UI),
	Laterality(0x00200060, VR.CS),
	ImageLaterality(0x00200062, VR.CS),
	TemporalPositionIdentifier(0x00200100, VR.IS),
	NumberOfTemporalPositions(0x00200105, VR.IS),
	ImagesInAcquisition(0x00201002, VR.IS),
	PositionReferenceIndicator(0x00201040, VR.LO),
	SliceLocation(0x00201041, VR.DS),
	ImageComments(0x00204000, VR.LT),
	StackID(0x00209056, VR.SH),
	InStackPositionNumber(0x00209057, VR.UL),
	FrameAnatomySequence(0x00209071, VR.SQ),
	FrameLaterality(0x00209072, VR.CS),
	FrameContentSequence(0x00209111, VR.SQ),
	PlanePositionSequence(0x00209113, VR.SQ),
	PlaneOrientationSequence(0x00209116, VR.SQ),
	TemporalPositionIndex(0x00209128, VR.UL),
	FrameAcquisitionNumber(0x00209156, VR.US),
	DimensionIndexValues(0x00209157, VR.UL),
	DimensionOrganizationUID(0x00209164, VR.UI),
	DimensionIndexPointer(0x00209165, VR.AT),
	FunctionalGroupPointer(0x00209167, VR.AT),
	DimensionOrganizationSequence(0x00209221, VR.SQ),
	DimensionIndexSequence(0x00209222, VR.SQ),
	DimensionDescriptionLabel(0x00209421, VR.LO),
	// Image pixel
	SamplesPerPixel(0x00280002, VR.US),
	PhotometricInterpretation(0x00280004, VR.CS),
	PlanarConfiguration(0x00280006, VR.US),
	NumberOfFrames(0x00280008, VR.IS),
	Rows(0x00280010, VR.US),
	Columns(0x00280011, VR.US),
	PixelSpacing(0x00280030, VR.DS),
	BitsAllocated(0x00280100, VR.US),
	BitsStored(0x00280101, VR.US),
	HighBit(0x00280102, VR.US),
	PixelRepresentation(0x00280103, VR.US),
	WindowCenter(0x00281050, VR.DS),
	WindowWidth(0x00281051, VR.DS),
	RescaleIntercept(0x00281052, VR.DS),
	RescaleSlope(0x00281053, VR.DS),
	RescaleType(0x00281054, VR.LO),
	LossyImageCompression(0x00282110, VR.CS),
	PixelMeasuresSequence(0x00289110, VR.SQ),
	PixelValueTransformationSequence(0x00289145, VR.SQ),
	// Structured reporting codes
	PurposeOfReferenceCodeSequence(0x0040A170, VR.SQ),
	// Structured reporting (PS3.3 C.17, C.18)
	MeasurementUnitsCodeSequence(0x004008EA, VR.SQ),
	RelationshipType(0x0040A010, VR.CS),
	ValueType(0x0040A040, VR.CS),
	ConceptNameCodeSequence(0x0040A043, VR.SQ),
	ContinuityOfContent(0x0040A050, VR.CS),
	UID(0x0040A124, VR.UI),
	TextValue(0x0040A160, VR.UT),
	FloatingPointValue(0x0040A161, VR.FD),
	ConceptCodeSequence(0x0040A168, VR.SQ),
	MeasuredValueSequence(0x0040A300, VR.SQ),
	NumericValueQualifierCodeSequence(0x0040A301, VR.SQ),
	NumericValue(0x0040A30A, VR.DS),
	PerformedProcedureCodeSequence(0x0040A372, VR.SQ),
	CurrentRequestedProcedureEvidenceSequence(0x0040A375, VR.SQ),
	PertinentOtherEvidenceSequence(0x0040A385, VR.SQ),
	CompletionFlag(0x0040A491, VR.CS),
	VerificationFlag(0x0040A493, VR.CS),
	ContentTemplateSequence(0x0040A504, VR.SQ),
	ContentSequence(0x0040A730, VR.SQ),
	TemplateIdentifier(0x0040DB00, VR.CS),
	// Segmentation (PS3.3 C.8.20)
	SegmentationType(0x00620001, VR.CS),
	SegmentSequence(0x00620002, VR.SQ),
	SegmentedPropertyCategoryCodeSequence(0x00620003, VR.SQ),
	SegmentNumber(0x00620004, VR.US),
	SegmentLabel(0x00620005, VR.LO),
	SegmentAlgorithmType(0x00620008, VR.CS),
	SegmentAlgorithmName(0x00620009, VR.LO),
	SegmentIdentificationSequence(0x0062000A, VR.SQ),
	ReferencedSegmentNumber(0x0062000B, VR.US),
	SegmentedPropertyTypeCodeSequence(0x0062000F, VR.SQ),
	// Content identification
	ContentLabel(0x00700080, VR.CS),
	ContentDescription(0x00700081, VR.LO),
	ContentCreatorName(0x00700084, VR.PN),
	// Multi-frame functional groups
	SharedFunctionalGroupsSequence(0x52009229, VR.SQ),
	PerFrameFunctionalGroupsSequence(0x52009230, VR.SQ),
	// Pixel data
	FloatPixelData(0x7FE00008, VR.OF),
	DoubleFloatPixelData(0x7FE00009, VR.OD),
	PixelData(0x7FE00010, VR.OW),
	// Item delimitation (no VR on the wire)
	Item(0xFFFEE000, VR.UN),
	ItemDelimitationItem(0xFFFEE00D, VR.UN),
	SequenceDelimitationItem(0xFFFEE0DD, VR.UN);

	private static final Map<Integer, Tag> BY_NUMBER = new HashMap<>();
	static {
		for (final Tag t : values())
			BY_NUMBER.put(t.number, t);
	}

	private final int number;
	private final VR vr;

	Tag(final int number, final VR vr) {
		this.number = number;
		this.vr = vr;
	}

	/** The tag number, group in the high 16 bits. */
	public int number() {
		return number;
	}

	/** The value representation of the attribute (the first one where PS3.6 allows several, e.g. US for US or SS). */
	public VR vr() {
		return vr;
	}

	/** The attribute with this tag number, or {@code null} if it is not in this dictionary. */
	public static Tag of(final int number) {
		return BY_NUMBER.get(number);
	}

	/** The VR for decoding implicit-VR data: the dictionary's, {@code UN} for unknown attributes, {@code UL} for group lengths. */
	public static VR implicitVR(final int number) {
		final Tag t = BY_NUMBER.get(number);
		if (t != null)
			return t.vr;
		return (number & 0xFFFF) == 0 ? VR.UL : VR.UN;
	}

	/** True for attributes of odd (private) groups. */
	public static boolean isPrivate(final int number) {
		return (number >>> 16 & 1) == 1;
	}

	/** The text form "(gggg,eeee)" of a tag number, as in the standard. */
	public static String toString(final int number) {
		return String.format(Locale.ROOT, "(%04X,%04X)", number >>> 16, number & 0xFFFF);
	}

	/** "Keyword (gggg,eeee)" for known tags, "(gggg,eeee)" otherwise: how error messages name an attribute. */
	public static String describe(final int number) {
		final Tag t = BY_NUMBER.get(number);
		return t == null ? toString(number) : t.name() + " " + toString(number);
	}
}
