package org.chondroj.dicom;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link MRSeriesWriter} writes besides the voxels: identification (patient, study, series), UIDs and the
 * acquisition description. Immutable; made with {@link #builder(String)}.
 * <p>
 * UIDs not given explicitly are derived from the seed with {@link Uids#fromName}, so a fixed seed writes the same
 * files byte for byte: study "{seed}/study", frame of reference "{seed}/frame-of-reference", series
 * "{seed}/series/{number}", instances "{seed}/series/{number}/instance/{k}". Without a seed ({@code null}) they are
 * random. No date or time is written unless given (no wall clock).
 */
public final class SeriesDescription {

	final String seed;
	final String studyInstanceUid, seriesInstanceUid, frameOfReferenceUid;
	final String patientName, patientId, patientBirthDate, patientSex;
	final String studyDescription, seriesDescription, studyId, accessionNumber;
	final String studyDate, studyTime;
	final int seriesNumber;
	final String manufacturer, modelName, bodyPart, patientPosition;
	final String[] imageType, scanningSequence, sequenceVariant, scanOptions;
	final String mrAcquisitionType;
	final Double echoTime, repetitionTime, flipAngle, fieldStrength;
	final int echoTrainLength;

	private SeriesDescription(final Builder b) {
		seed = b.seed;
		studyInstanceUid = b.studyInstanceUid != null ? b.studyInstanceUid : uid(b.seed, "study");
		frameOfReferenceUid = b.frameOfReferenceUid != null ? b.frameOfReferenceUid : uid(b.seed, "frame-of-reference");
		seriesInstanceUid = b.seriesInstanceUid != null ? b.seriesInstanceUid : uid(b.seed, "series/" + b.seriesNumber);
		patientName = b.patientName;
		patientId = b.patientId;
		patientBirthDate = b.patientBirthDate;
		patientSex = b.patientSex;
		studyDescription = b.studyDescription;
		seriesDescription = b.seriesDescription;
		studyId = b.studyId;
		accessionNumber = b.accessionNumber;
		studyDate = b.studyDate;
		studyTime = b.studyTime;
		seriesNumber = b.seriesNumber;
		manufacturer = b.manufacturer;
		modelName = b.modelName;
		bodyPart = b.bodyPart;
		patientPosition = b.patientPosition;
		imageType = b.imageType.clone();
		scanningSequence = b.scanningSequence.clone();
		sequenceVariant = b.sequenceVariant.clone();
		scanOptions = b.scanOptions.clone();
		mrAcquisitionType = b.mrAcquisitionType;
		echoTime = b.echoTime;
		repetitionTime = b.repetitionTime;
		flipAngle = b.flipAngle;
		fieldStrength = b.fieldStrength;
		echoTrainLength = b.echoTrainLength;
		for (final String u : new String[] { studyInstanceUid, frameOfReferenceUid, seriesInstanceUid })
			if (!Uids.isValid(u))
				throw new IllegalArgumentException("not a valid DICOM UID: '" + u + "'");
	}

	private static String uid(final String seed, final String what) {
		return seed == null ? Uids.random() : Uids.fromName(seed + "/" + what);
	}

	/** The SOP Instance UID of instance {@code k} (0-based slice index): from the seed, or random without one. */
	String instanceUid(final int k) {
		return uid(seed, "series/" + seriesNumber + "/instance/" + k);
	}

	/**
	 * A builder; {@code seed} names the study for reproducible UIDs (e.g. "phantom 42 baseline"), or {@code null} for
	 * random UIDs. Series of one study share the seed and differ in series number.
	 */
	public static Builder builder(final String seed) {
		return new Builder(seed);
	}

	public String studyInstanceUid() {
		return studyInstanceUid;
	}

	public String seriesInstanceUid() {
		return seriesInstanceUid;
	}

	public String frameOfReferenceUid() {
		return frameOfReferenceUid;
	}

	public int seriesNumber() {
		return seriesNumber;
	}

	/** Builds a {@link SeriesDescription}; every setter returns the builder. */
	public static final class Builder {
		private final String seed;
		private String studyInstanceUid, seriesInstanceUid, frameOfReferenceUid;
		private String patientName = "ChondroJ^Phantom", patientId = "CHONDROJ", patientBirthDate = "", patientSex = "";
		private String studyDescription = "", seriesDescription = "", studyId = "1", accessionNumber = "";
		private String studyDate = "", studyTime = "";
		private int seriesNumber = 1;
		private String manufacturer = "ChondroJ", modelName = "", bodyPart = "KNEE", patientPosition = "FFS";
		private String[] imageType = { "DERIVED", "PRIMARY" }, scanningSequence = { "GR" }, sequenceVariant = { "SS" }, scanOptions = {};
		private String mrAcquisitionType = "3D";
		private Double echoTime, repetitionTime, flipAngle, fieldStrength;
		private int echoTrainLength = 1;

		private Builder(final String seed) {
			this.seed = seed;
		}

		/** Study Instance UID; default from the seed. */
		public Builder studyInstanceUid(final String uid) {
			studyInstanceUid = uid;
			return this;
		}

		/** Series Instance UID; default from the seed and series number. */
		public Builder seriesInstanceUid(final String uid) {
			seriesInstanceUid = uid;
			return this;
		}

		/** Frame of Reference UID: give the same one to every series of a study that shares patient coordinates; default from the seed. */
		public Builder frameOfReferenceUid(final String uid) {
			frameOfReferenceUid = uid;
			return this;
		}

		/** Patient's Name in DICOM PN form ("Family^Given"). */
		public Builder patientName(final String name) {
			patientName = Objects.requireNonNull(name);
			return this;
		}

		public Builder patientId(final String id) {
			patientId = Objects.requireNonNull(id);
			return this;
		}

		/** Patient's Birth Date, DICOM DA "YYYYMMDD", or "" (unknown). */
		public Builder patientBirthDate(final String date) {
			patientBirthDate = Objects.requireNonNull(date);
			return this;
		}

		/** Patient's Sex: "M", "F", "O" or "" (unknown). */
		public Builder patientSex(final String sex) {
			patientSex = Objects.requireNonNull(sex);
			return this;
		}

		public Builder studyDescription(final String text) {
			studyDescription = Objects.requireNonNull(text);
			return this;
		}

		public Builder seriesDescription(final String text) {
			seriesDescription = Objects.requireNonNull(text);
			return this;
		}

		public Builder studyId(final String id) {
			studyId = Objects.requireNonNull(id);
			return this;
		}

		public Builder accessionNumber(final String number) {
			accessionNumber = Objects.requireNonNull(number);
			return this;
		}

		/** Study Date (DA "YYYYMMDD") and Time (TM "HHMMSS"), also written as series and content date/time; default empty. */
		public Builder studyDateTime(final String date, final String time) {
			studyDate = Objects.requireNonNull(date);
			studyTime = Objects.requireNonNull(time);
			return this;
		}

		/** Series Number, ≥ 0; default 1. */
		public Builder seriesNumber(final int number) {
			if (number < 0)
				throw new IllegalArgumentException("series number must be ≥ 0: " + number);
			seriesNumber = number;
			return this;
		}

		/** Manufacturer (default "ChondroJ") and Manufacturer's Model Name (default none). */
		public Builder equipment(final String manufacturerName, final String model) {
			manufacturer = Objects.requireNonNull(manufacturerName);
			modelName = Objects.requireNonNull(model);
			return this;
		}

		/** Body Part Examined; default "KNEE". */
		public Builder bodyPart(final String part) {
			bodyPart = Objects.requireNonNull(part);
			return this;
		}

		/** Patient Position (0018,5100), e.g. "FFS" (feet first supine, the default for knees), "HFS", or "" (unknown). */
		public Builder patientPosition(final String position) {
			patientPosition = Objects.requireNonNull(position);
			return this;
		}

		/** Image Type values; default DERIVED\PRIMARY (synthetic images). */
		public Builder imageType(final String... values) {
			imageType = values.clone();
			return this;
		}

		/**
		 * The MR pulse sequence description (PS3.3 C.8.3.1): Scanning Sequence (e.g. GR, SE, IR), Sequence Variant (e.g.
		 * SS, SP, SK, NONE), Scan Options (e.g. FS, may be empty), MR Acquisition Type ("2D" or "3D"). Default GR, SS, none, 3D.
		 */
		public Builder sequence(final String[] scanning, final String[] variant, final String[] options, final String acquisitionType) {
			if (scanning.length == 0 || variant.length == 0)
				throw new IllegalArgumentException("Scanning Sequence and Sequence Variant are Type 1: give at least one value");
			scanningSequence = scanning.clone();
			sequenceVariant = variant.clone();
			scanOptions = options.clone();
			mrAcquisitionType = Objects.requireNonNull(acquisitionType);
			return this;
		}

		/**
		 * Echo time and repetition time (ms), flip angle (degrees); {@code null} takes the value from the volume's
		 * metadata ({@code Metadata.ECHO_TIME} …), and where that is absent too, TE and TR are written empty (Type 2)
		 * and the flip angle is left out.
		 */
		public Builder timing(final Double echoTimeMs, final Double repetitionTimeMs, final Double flipAngleDegrees) {
			echoTime = echoTimeMs;
			repetitionTime = repetitionTimeMs;
			flipAngle = flipAngleDegrees;
			return this;
		}

		/** Echo Train Length; default 1. */
		public Builder echoTrainLength(final int length) {
			echoTrainLength = length;
			return this;
		}

		/** Magnetic Field Strength, tesla; default none (not written). */
		public Builder fieldStrength(final Double tesla) {
			fieldStrength = tesla;
			return this;
		}

		public SeriesDescription build() {
			return new SeriesDescription(this);
		}
	}

	@Override
	public String toString() {
		return "SeriesDescription[series " + seriesNumber + " '" + seriesDescription + "', study " + studyInstanceUid + ", "
				+ Arrays.toString(scanningSequence) + "]";
	}
}
