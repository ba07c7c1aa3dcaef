package org.chondroj.dicom;

import static org.chondroj.dicom.SegmentationWriter.code;
import static org.chondroj.dicom.SegmentationWriter.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.chondroj.dicom.SegmentationWriter.Code;

/**
 * Writes measurements made on the segments of a DICOM Segmentation as a DICOM Structured Report: SOP Class
 * {@value #COMPREHENSIVE_3D_SR} (Comprehensive 3D SR, PS3.3 A.35.13) whose content follows template TID 1500
 * "Measurement Report" (PS3.16). It knows DICOM SR and TID 1500, nothing of knees: the caller says what is measured,
 * where, in which unit and with which codes.
 * <p>
 * Content tree (relationship, value type, concept name; codes as PS3.16 lists them):
 *
 * <pre>
 * CONTAINER (126000, DCM, "Imaging Measurement Report")            TID 1500; ContentTemplateSequence DCMR 1500
 *   HAS CONCEPT MOD CODE (121049, DCM, "Language of Content Item and Descendants") = (en-US, RFC5646, ...)   TID 1204
 *   HAS OBS CONTEXT CODE (121005, DCM, "Observer Type") = (121007, DCM, "Device")                          TID 1002
 *   HAS OBS CONTEXT UIDREF (121012, DCM, "Device Observer UID")                                           TID 1004
 *   HAS OBS CONTEXT TEXT (121013, DCM, "Device Observer Name"), (121014, "...Manufacturer"), (121015, "...Model Name"),
 *                   (121016, "...Serial Number")
 *   HAS CONCEPT MOD CODE (121058, DCM, "Procedure reported") = the report's procedure (CID 100)
 *   CONTAINS CONTAINER (126010, DCM, "Imaging Measurements")
 *     CONTAINS CONTAINER (125007, DCM, "Measurement Group")        one per {@link Group}, TID 1411 Volumetric ROI
 *       HAS OBS CONTEXT TEXT (112039, DCM, "Tracking Identifier")        TID 4108
 *       HAS OBS CONTEXT UIDREF (112040, DCM, "Tracking Unique Identifier")
 *       CONTAINS CODE (121071, DCM, "Finding")
 *       CONTAINS IMAGE (121191, DCM, "Referenced Segment") = the SEG instance and ReferencedSegmentNumber
 *       CONTAINS UIDREF (121232, DCM, "Source series for segmentation") (when the SEG names a source series)
 *       HAS CONCEPT MOD CODE (363698007, SCT, "Finding Site")
 *         HAS CONCEPT MOD CODE (272741003, SCT, "Laterality")              (optional, CID 244)
 *         HAS CONCEPT MOD CODE (106233006, SCT, "Topographical modifier")  (optional: the region within the site)
 *       HAS CONCEPT MOD TEXT (111001, DCM, "Algorithm Name"), (111003, "Algorithm Version"),
 *                             (111002, "Algorithm Parameters") one per parameter                    TID 4019
 *       CONTAINS NUM  one per {@link Measurement}: the concept, the value (NumericValue as DS, FloatingPointValue as
 *                     FD) and its UCUM unit; a value that is not a number is written as an empty MeasuredValueSequence
 *                     with the qualifier (114000, DCM, "Not a number") (CID 42)
 * </pre>
 *
 * Codes that no standard defines belong to a private coding scheme that the caller declares ({@link CodingScheme}):
 * each is listed in Coding Scheme Identification Sequence (0008,0110) with its name and responsible organisation.
 * <p>
 * Identity, references and evidence: the report is written for a DICOM Segmentation data set (the one written by
 * {@link SegmentationWriter}, or read back). It copies that object's patient and study identity (so it is as
 * pseudonymous as the SEG) and its FrameOfReferenceUID (the Frame of Reference module is only required with SCOORD3D
 * items, which are not written; the UID is kept so that both objects say the same), and lists as evidence the SEG
 * instance and every source instance the SEG references: Current Requested Procedure Evidence Sequence for the SEG's
 * study, Pertinent Other Evidence Sequence for another study. Completion flag COMPLETE (or PARTIAL when the report
 * says so), verification flag UNVERIFIED (no human has verified it). SOP instance, series and tracking UIDs come from
 * {@link Uids}: name-based under {@link Options#seed}, random otherwise.
 * <p>
 * Cost: proportional to the number of measurements and referenced instances. Written through {@link DicomWriter},
 * atomically: a failure leaves no partial file.
 */
public final class MeasurementReportWriter {

	/** Comprehensive 3D SR Storage SOP Class UID. */
	public static final String COMPREHENSIVE_3D_SR = "1.2.840.10008.5.1.4.1.1.88.34";

	/** (126000, DCM, "Imaging Measurement Report"), the document title of TID 1500 (CID 7021). */
	public static final Code IMAGING_MEASUREMENT_REPORT = Code.dcm("126000", "Imaging Measurement Report");
	/** (25056-3, LN, "MRI unspecified body region"), of CID 100 "Quantitative Diagnostic Imaging Procedures". */
	public static final Code MRI_PROCEDURE = new Code("25056-3", "LN", "MRI unspecified body region");

	private MeasurementReportWriter() {
	}

	/** Units of measurement (UCUM, scheme designator "UCUM", as PS3.16 CID 7181 and PS3.3 C.18.1 use them). */
	public static final class Units {
		public static final Code MM = ucum("mm", "millimeter");
		public static final Code MM2 = ucum("mm2", "square millimeter");
		public static final Code MM3 = ucum("mm3", "cubic millimeter");
		public static final Code PERCENT = ucum("%", "percent");
		/** A dimensionless count (UCUM "1"). */
		public static final Code NO_UNITS = ucum("1", "no units");
		/** A grade on an ordinal scale (a UCUM annotation). */
		public static final Code GRADE = ucum("{grade}", "grade");

		private Units() {
		}

		/** A UCUM unit. */
		public static Code ucum(final String value, final String meaning) {
			return new Code(value, "UCUM", meaning);
		}
	}

	/** Standard codes used for finding sites and their modifiers (SNOMED CT, as PS3.16 CID 244 and TID 1419 list them). */
	public static final class SiteCodes {
		public static final Code RIGHT = Code.sct("24028007", "Right");
		public static final Code LEFT = Code.sct("7771000", "Left");

		private SiteCodes() {
		}
	}

	/**
	 * A coding scheme that is not one of the standard's (PS3.16 Section 8): declared in the Coding Scheme Identification
	 * Sequence.
	 *
	 * @param designator CodingSchemeDesignator, e.g. "99CHONDROJ" (private designators begin with "99")
	 * @param name CodingSchemeName
	 * @param version CodingSchemeVersion ("" for none)
	 * @param responsibleOrganization CodingSchemeResponsibleOrganization
	 */
	public record CodingScheme(String designator, String name, String version, String responsibleOrganization) {
		public CodingScheme {
			if (designator == null || !designator.matches("[A-Za-z0-9_.\\-]{1,16}"))
				throw new IllegalArgumentException("a coding scheme designator is 1 to 16 letters, digits, '.', '-' or '_': " + designator);
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(version, "version");
			Objects.requireNonNull(responsibleOrganization, "responsibleOrganization");
		}
	}

	/**
	 * The algorithm that made the measurements (TID 4019 Algorithm Identification).
	 *
	 * @param name Algorithm Name, e.g. "ChondroJ"
	 * @param version Algorithm Version
	 * @param parameters Algorithm Parameters, one text each (e.g. "weight_bearing_fraction=0.6")
	 */
	public record Algorithm(String name, String version, List<String> parameters) {
		public Algorithm {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(version, "version");
			parameters = List.copyOf(parameters);
		}
	}

	/**
	 * One measurement (a NUM content item).
	 *
	 * @param concept what is measured (the NUM's concept name)
	 * @param value the value ({@code NaN} is written as "Not a number")
	 * @param unit its unit, a UCUM code ({@link Units})
	 */
	public record Measurement(Code concept, double value, Code unit) {
		public Measurement {
			Objects.requireNonNull(concept, "concept");
			Objects.requireNonNull(unit, "unit");
			if (Double.isInfinite(value))
				throw new IllegalArgumentException(concept.meaning() + ": an infinite value is not a measurement");
		}
	}

	/**
	 * One measurement group (TID 1411 Volumetric ROI Measurements): measurements of one region of one segment.
	 *
	 * @param trackingIdentifier Tracking Identifier, a text unique within the report (e.g. the region's key)
	 * @param finding Finding (e.g. SCT Cartilage)
	 * @param findingSite Finding Site (e.g. SCT Femur), or {@code null}
	 * @param laterality the site's Laterality (e.g. {@link SiteCodes#RIGHT}), or {@code null}
	 * @param siteModifier Topographical modifier of the site (e.g. the region within it), or {@code null}
	 * @param segmentNumbers the SEG's segments the measurements were made on (ReferencedSegmentNumber, VM 1-n: one
	 *        segment, or the segments of the parts of an aggregate region)
	 * @param measurements the NUM items, in order
	 */
	public record Group(String trackingIdentifier, Code finding, Code findingSite, Code laterality, Code siteModifier, List<Integer> segmentNumbers,
			List<Measurement> measurements) {
		public Group {
			if (trackingIdentifier == null || trackingIdentifier.isBlank())
				throw new IllegalArgumentException("a measurement group needs a tracking identifier");
			Objects.requireNonNull(finding, "finding");
			segmentNumbers = List.copyOf(segmentNumbers);
			if (segmentNumbers.isEmpty())
				throw new IllegalArgumentException("measurement group " + trackingIdentifier + " refers to no segment");
			for (final int n : segmentNumbers)
				if (n < 1 || n > 0xFFFF)
					throw new IllegalArgumentException("segment number " + n + " is not in 1…65535");
			measurements = List.copyOf(measurements);
		}

		/** A group measured on one segment. */
		public Group(final String trackingIdentifier, final Code finding, final Code findingSite, final Code laterality, final Code siteModifier,
				final int segmentNumber, final List<Measurement> measurements) {
			this(trackingIdentifier, finding, findingSite, laterality, siteModifier, List.of(segmentNumber), measurements);
		}
	}

	/**
	 * What the report says.
	 *
	 * @param procedure Procedure reported (CID 100), e.g. {@link #MRI_PROCEDURE}
	 * @param algorithm the algorithm of every group
	 * @param groups the measurement groups, in order
	 * @param codingSchemes the private coding schemes the codes use
	 * @param complete CompletionFlag COMPLETE (true) or PARTIAL
	 */
	public record Report(Code procedure, Algorithm algorithm, List<Group> groups, List<CodingScheme> codingSchemes, boolean complete) {
		public Report {
			Objects.requireNonNull(procedure, "procedure");
			Objects.requireNonNull(algorithm, "algorithm");
			groups = List.copyOf(groups);
			codingSchemes = List.copyOf(codingSchemes);
		}
	}

	/**
	 * How the object is described.
	 *
	 * @param seed name-based UIDs under this seed (byte-identical files on every run), or {@code null} for random UIDs
	 * @param seriesNumber SeriesNumber
	 * @param seriesDescription SeriesDescription ("" for none)
	 * @param created ContentDate and ContentTime (and SeriesDate/Time)
	 * @param softwareVersion SoftwareVersions, and the Device Observer Model Name's version
	 */
	public record Options(String seed, int seriesNumber, String seriesDescription, LocalDateTime created, String softwareVersion) {
		public Options {
			Objects.requireNonNull(seriesDescription, "seriesDescription");
			Objects.requireNonNull(created, "created");
			Objects.requireNonNull(softwareVersion, "softwareVersion");
		}

		/** Random UIDs, series 901 "ChondroJ measurements", created now. */
		public static Options defaults() {
			return new Options(null, 901, "ChondroJ measurements", LocalDateTime.now().withNano(0), "0.1");
		}

		public Options withSeed(final String newSeed) {
			return new Options(newSeed, seriesNumber, seriesDescription, created, softwareVersion);
		}

		public Options withCreated(final LocalDateTime when) {
			return new Options(seed, seriesNumber, seriesDescription, when, softwareVersion);
		}

		public Options withSeries(final int number, final String description) {
			return new Options(seed, number, description, created, softwareVersion);
		}

		public Options withSoftwareVersion(final String version) {
			return new Options(seed, seriesNumber, seriesDescription, created, version);
		}

		String uid(final String what) {
			return seed == null ? Uids.random() : Uids.fromName(seed + "/measurement-report/" + what);
		}
	}

	/** The patient and study attributes copied from the segmentation (PS3.3 C.7.1.1, C.7.2.1). */
	private static final Tag[] IDENTITY = { Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyDate, Tag.StudyTime,
			Tag.ReferringPhysicianName, Tag.StudyID, Tag.AccessionNumber };

	/**
	 * Writes the report to {@code file} (replaced atomically).
	 *
	 * @param segmentation the DICOM Segmentation the measurements were made on (its data set)
	 * @throws IllegalArgumentException if the segmentation has no valid SOP instance, series or study UID, a group
	 *         names a segment it does not have, or two groups share a tracking identifier; nothing is written then
	 */
	public static Path write(final Report report, final Attributes segmentation, final Options options, final Path file) throws IOException {
		DicomWriter.write(file, dataset(report, segmentation, options));
		return file;
	}

	/** The data set {@link #write} writes. */
	public static Attributes dataset(final Report report, final Attributes segmentation, final Options options) {
		final String segInstance = segmentation.string(Tag.SOPInstanceUID), segClass = segmentation.string(Tag.SOPClassUID);
		final String segSeries = segmentation.string(Tag.SeriesInstanceUID), study = segmentation.string(Tag.StudyInstanceUID);
		if (!Uids.isValid(segInstance) || !Uids.isValid(segClass) || !Uids.isValid(segSeries) || !Uids.isValid(study))
			throw new IllegalArgumentException("the segmentation has no valid SOP class, SOP instance, series or study UID");
		final List<Integer> segmentNumbers = new ArrayList<>();
		for (final Attributes s : segmentation.sequence(Tag.SegmentSequence) == null ? List.<Attributes>of() : segmentation.sequence(Tag.SegmentSequence))
			segmentNumbers.add(s.intValue(Tag.SegmentNumber, -1));
		final Map<String, Group> tracked = new LinkedHashMap<>();
		for (final Group g : report.groups()) {
			if (tracked.put(g.trackingIdentifier(), g) != null)
				throw new IllegalArgumentException("two measurement groups are tracked as " + g.trackingIdentifier());
			if (!segmentNumbers.containsAll(g.segmentNumbers()))
				throw new IllegalArgumentException("measurement group " + g.trackingIdentifier() + " refers to segments " + g.segmentNumbers()
						+ ", which the segmentation does not all have (it has " + segmentNumbers + ")");
		}
		final String sourceSeries = sourceSeries(segmentation);

		final Attributes ds = new Attributes(false);
		final List<String> texts = new ArrayList<>(List.of(options.seriesDescription(), report.algorithm().name(), report.algorithm().version()));
		texts.addAll(report.algorithm().parameters());
		for (final Tag t : IDENTITY)
			texts.add(text(segmentation, t));
		for (final Group g : report.groups())
			texts.add(g.trackingIdentifier());
		for (final CodingScheme c : report.codingSchemes())
			texts.addAll(List.of(c.name(), c.responsibleOrganization()));
		if (!ascii(texts))
			ds.setString(Tag.SpecificCharacterSet, "ISO_IR 192");
		// SOP Common
		ds.setString(Tag.SOPClassUID, COMPREHENSIVE_3D_SR);
		ds.setString(Tag.SOPInstanceUID, options.uid("instance"));
		if (!report.codingSchemes().isEmpty()) {
			final List<Attributes> schemes = new ArrayList<>();
			for (final CodingScheme c : report.codingSchemes()) {
				final Attributes item = ds.newItem();
				item.setString(Tag.CodingSchemeDesignator, c.designator());
				item.setString(Tag.CodingSchemeName, c.name());
				if (!c.version().isEmpty())
					item.setString(Tag.CodingSchemeVersion, c.version());
				item.setString(Tag.CodingSchemeResponsibleOrganization, c.responsibleOrganization());
				schemes.add(item);
			}
			ds.setSequence(Tag.CodingSchemeIdentificationSequence, schemes);
		}
		// Patient, General Study: as the segmentation's
		for (final Tag t : IDENTITY)
			ds.setString(t, text(segmentation, t));
		ds.setString(Tag.StudyInstanceUID, study);
		// SR Document Series
		ds.setString(Tag.Modality, "SR");
		ds.setString(Tag.SeriesInstanceUID, options.uid("series"));
		ds.setString(Tag.SeriesNumber, Integer.toString(options.seriesNumber()));
		if (!options.seriesDescription().isEmpty())
			ds.setString(Tag.SeriesDescription, options.seriesDescription());
		final String date = options.created().format(DateTimeFormatter.BASIC_ISO_DATE);
		final String time = options.created().format(DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT));
		ds.setString(Tag.SeriesDate, date);
		ds.setString(Tag.SeriesTime, time);
		ds.setSequence(Tag.ReferencedPerformedProcedureStepSequence, List.of());
		// Frame of Reference: the segmentation's
		final String frame = segmentation.string(Tag.FrameOfReferenceUID);
		if (Uids.isValid(frame)) {
			ds.setString(Tag.FrameOfReferenceUID, frame);
			ds.setString(Tag.PositionReferenceIndicator, text(segmentation, Tag.PositionReferenceIndicator));
		}
		// General Equipment, Enhanced General Equipment
		ds.setString(Tag.Manufacturer, "ChondroJ");
		ds.setString(Tag.ManufacturerModelName, "ChondroJ");
		ds.setString(Tag.DeviceSerialNumber, "0");
		ds.setString(Tag.SoftwareVersions, options.softwareVersion());
		// SR Document General
		ds.setString(Tag.InstanceNumber, "1");
		ds.setString(Tag.CompletionFlag, report.complete() ? "COMPLETE" : "PARTIAL");
		ds.setString(Tag.VerificationFlag, "UNVERIFIED");
		ds.setString(Tag.ContentDate, date);
		ds.setString(Tag.ContentTime, time);
		ds.setSequence(Tag.PerformedProcedureCodeSequence, List.of());
		evidence(ds, segmentation, study, segClass, segSeries, segInstance);
		// SR Document Content: the root container
		ds.setString(Tag.ValueType, "CONTAINER");
		ds.setSequence(Tag.ConceptNameCodeSequence, List.of(code(ds, IMAGING_MEASUREMENT_REPORT)));
		ds.setString(Tag.ContinuityOfContent, "SEPARATE");
		final Attributes template = ds.newItem();
		template.setString(Tag.MappingResource, "DCMR");
		template.setString(Tag.TemplateIdentifier, "1500");
		ds.setSequence(Tag.ContentTemplateSequence, List.of(template));
		final List<Attributes> root = new ArrayList<>();
		root.add(codeItem(ds, "HAS CONCEPT MOD", Code.dcm("121049", "Language of Content Item and Descendants"),
				new Code("en-US", "RFC5646", "English (United States)")));
		root.add(codeItem(ds, "HAS OBS CONTEXT", Code.dcm("121005", "Observer Type"), Code.dcm("121007", "Device")));
		root.add(uidItem(ds, "HAS OBS CONTEXT", Code.dcm("121012", "Device Observer UID"), Uids.IMPLEMENTATION_CLASS_UID));
		root.add(textItem(ds, "HAS OBS CONTEXT", Code.dcm("121013", "Device Observer Name"), report.algorithm().name()));
		root.add(textItem(ds, "HAS OBS CONTEXT", Code.dcm("121014", "Device Observer Manufacturer"), "ChondroJ"));
		root.add(textItem(ds, "HAS OBS CONTEXT", Code.dcm("121015", "Device Observer Model Name"), "ChondroJ " + options.softwareVersion()));
		root.add(textItem(ds, "HAS OBS CONTEXT", Code.dcm("121016", "Device Observer Serial Number"), "0"));
		root.add(codeItem(ds, "HAS CONCEPT MOD", Code.dcm("121058", "Procedure reported"), report.procedure()));
		final List<Attributes> groups = new ArrayList<>();
		for (final Group g : report.groups())
			groups.add(group(ds, g, report.algorithm(), segClass, segInstance, sourceSeries, options));
		root.add(container(ds, "CONTAINS", Code.dcm("126010", "Imaging Measurements"), groups));
		ds.setSequence(Tag.ContentSequence, root);
		return ds;
	}

	private static Attributes group(final Attributes ds, final Group g, final Algorithm algorithm, final String segClass, final String segInstance,
			final String sourceSeries, final Options options) {
		final List<Attributes> items = new ArrayList<>();
		items.add(textItem(ds, "HAS OBS CONTEXT", Code.dcm("112039", "Tracking Identifier"), g.trackingIdentifier()));
		items.add(uidItem(ds, "HAS OBS CONTEXT", Code.dcm("112040", "Tracking Unique Identifier"), options.uid("group/" + g.trackingIdentifier())));
		items.add(codeItem(ds, "CONTAINS", Code.dcm("121071", "Finding"), g.finding()));
		final Attributes segment = item(ds, "CONTAINS", "IMAGE", Code.dcm("121191", "Referenced Segment"));
		final Attributes sop = ds.newItem();
		sop.setString(Tag.ReferencedSOPClassUID, segClass);
		sop.setString(Tag.ReferencedSOPInstanceUID, segInstance);
		sop.setDoubles(Tag.ReferencedSegmentNumber, g.segmentNumbers().stream().mapToDouble(Integer::doubleValue).toArray());
		segment.setSequence(Tag.ReferencedSOPSequence, List.of(sop));
		items.add(segment);
		if (sourceSeries != null)
			items.add(uidItem(ds, "CONTAINS", Code.dcm("121232", "Source series for segmentation"), sourceSeries));
		if (g.findingSite() != null) {
			final Attributes site = codeItem(ds, "HAS CONCEPT MOD", Code.sct("363698007", "Finding Site"), g.findingSite());
			final List<Attributes> modifiers = new ArrayList<>();
			if (g.laterality() != null)
				modifiers.add(codeItem(ds, "HAS CONCEPT MOD", Code.sct("272741003", "Laterality"), g.laterality()));
			if (g.siteModifier() != null)
				modifiers.add(codeItem(ds, "HAS CONCEPT MOD", Code.sct("106233006", "Topographical modifier"), g.siteModifier()));
			if (!modifiers.isEmpty())
				site.setSequence(Tag.ContentSequence, modifiers);
			items.add(site);
		}
		items.add(textItem(ds, "HAS CONCEPT MOD", Code.dcm("111001", "Algorithm Name"), algorithm.name()));
		items.add(textItem(ds, "HAS CONCEPT MOD", Code.dcm("111003", "Algorithm Version"), algorithm.version()));
		for (final String p : algorithm.parameters())
			items.add(textItem(ds, "HAS CONCEPT MOD", Code.dcm("111002", "Algorithm Parameters"), p));
		for (final Measurement m : g.measurements())
			items.add(num(ds, m));
		return container(ds, "CONTAINS", Code.dcm("125007", "Measurement Group"), items);
	}

	private static Attributes num(final Attributes ds, final Measurement m) {
		final Attributes item = item(ds, "CONTAINS", "NUM", m.concept());
		if (Double.isNaN(m.value())) {
			item.setSequence(Tag.MeasuredValueSequence, List.of());
			item.setSequence(Tag.NumericValueQualifierCodeSequence, List.of(code(ds, Code.dcm("114000", "Not a number"))));
			return item;
		}
		final Attributes value = ds.newItem();
		value.setDoubles(Tag.NumericValue, m.value());
		value.setDoubles(Tag.FloatingPointValue, m.value());
		value.setSequence(Tag.MeasurementUnitsCodeSequence, List.of(code(ds, m.unit())));
		item.setSequence(Tag.MeasuredValueSequence, List.of(value));
		return item;
	}

	/** Evidence: the SEG and the instances it references, grouped by study (PS3.3 C.17.2.3, Table 10-4 hierarchy). */
	private static void evidence(final Attributes ds, final Attributes segmentation, final String study, final String segClass,
			final String segSeries, final String segInstance) {
		// study → series → [class, instance]
		final Map<String, Map<String, List<String[]>>> byStudy = new LinkedHashMap<>();
		add(byStudy, study, segSeries, segClass, segInstance);
		for (final Attributes series : list(segmentation.sequence(Tag.ReferencedSeriesSequence)))
			for (final Attributes i : list(series.sequence(Tag.ReferencedInstanceSequence)))
				add(byStudy, study, series.string(Tag.SeriesInstanceUID), i.string(Tag.ReferencedSOPClassUID), i.string(Tag.ReferencedSOPInstanceUID));
		for (final Attributes other : list(segmentation.sequence(Tag.StudiesContainingOtherReferencedInstancesSequence)))
			for (final Attributes series : list(other.sequence(Tag.ReferencedSeriesSequence)))
				for (final Attributes i : list(series.sequence(Tag.ReferencedInstanceSequence)))
					add(byStudy, other.string(Tag.StudyInstanceUID), series.string(Tag.SeriesInstanceUID), i.string(Tag.ReferencedSOPClassUID),
							i.string(Tag.ReferencedSOPInstanceUID));
		final List<Attributes> current = new ArrayList<>(), other = new ArrayList<>();
		byStudy.forEach((studyUid, seriesMap) -> {
			final Attributes s = ds.newItem();
			s.setString(Tag.StudyInstanceUID, studyUid);
			final List<Attributes> seriesItems = new ArrayList<>();
			seriesMap.forEach((seriesUid, instances) -> {
				final Attributes se = ds.newItem();
				se.setString(Tag.SeriesInstanceUID, seriesUid);
				final List<Attributes> sops = new ArrayList<>();
				for (final String[] ci : instances) {
					final Attributes sop = ds.newItem();
					sop.setString(Tag.ReferencedSOPClassUID, ci[0]);
					sop.setString(Tag.ReferencedSOPInstanceUID, ci[1]);
					sops.add(sop);
				}
				se.setSequence(Tag.ReferencedSOPSequence, sops);
				seriesItems.add(se);
			});
			s.setSequence(Tag.ReferencedSeriesSequence, seriesItems);
			(studyUid.equals(study) ? current : other).add(s);
		});
		ds.setSequence(Tag.CurrentRequestedProcedureEvidenceSequence, current);
		if (!other.isEmpty())
			ds.setSequence(Tag.PertinentOtherEvidenceSequence, other);
	}

	private static void add(final Map<String, Map<String, List<String[]>>> byStudy, final String study, final String series, final String cls,
			final String instance) {
		if (!Uids.isValid(study) || !Uids.isValid(series) || !Uids.isValid(cls) || !Uids.isValid(instance))
			return;
		final List<String[]> instances = byStudy.computeIfAbsent(study, k -> new LinkedHashMap<>()).computeIfAbsent(series, k -> new ArrayList<>());
		for (final String[] ci : instances)
			if (ci[1].equals(instance))
				return;
		instances.add(new String[] { cls, instance });
	}

	/** The one source series the segmentation references, or {@code null} (none, or several). */
	private static String sourceSeries(final Attributes segmentation) {
		final List<String> series = new ArrayList<>();
		for (final Attributes s : list(segmentation.sequence(Tag.ReferencedSeriesSequence)))
			series.add(s.string(Tag.SeriesInstanceUID));
		for (final Attributes o : list(segmentation.sequence(Tag.StudiesContainingOtherReferencedInstancesSequence)))
			for (final Attributes s : list(o.sequence(Tag.ReferencedSeriesSequence)))
				series.add(s.string(Tag.SeriesInstanceUID));
		return series.size() == 1 && Uids.isValid(series.get(0)) ? series.get(0) : null;
	}

	private static List<Attributes> list(final List<Attributes> items) {
		return items == null ? List.of() : items;
	}

	private static Attributes item(final Attributes ds, final String relationship, final String valueType, final Code concept) {
		final Attributes item = ds.newItem();
		item.setString(Tag.RelationshipType, relationship);
		item.setString(Tag.ValueType, valueType);
		item.setSequence(Tag.ConceptNameCodeSequence, List.of(code(ds, concept)));
		return item;
	}

	private static Attributes container(final Attributes ds, final String relationship, final Code concept, final List<Attributes> children) {
		final Attributes item = item(ds, relationship, "CONTAINER", concept);
		item.setString(Tag.ContinuityOfContent, "SEPARATE");
		item.setSequence(Tag.ContentSequence, children);
		return item;
	}

	private static Attributes codeItem(final Attributes ds, final String relationship, final Code concept, final Code value) {
		final Attributes item = item(ds, relationship, "CODE", concept);
		item.setSequence(Tag.ConceptCodeSequence, List.of(code(ds, value)));
		return item;
	}

	private static Attributes textItem(final Attributes ds, final String relationship, final Code concept, final String value) {
		final Attributes item = item(ds, relationship, "TEXT", concept);
		item.setString(Tag.TextValue, value);
		return item;
	}

	private static Attributes uidItem(final Attributes ds, final String relationship, final Code concept, final String uid) {
		final Attributes item = item(ds, relationship, "UIDREF", concept);
		item.setString(Tag.UID, uid);
		return item;
	}

	private static boolean ascii(final List<String> texts) {
		for (final String t : texts)
			if (!StandardCharsets.US_ASCII.newEncoder().canEncode(t))
				return false;
		return true;
	}
}
