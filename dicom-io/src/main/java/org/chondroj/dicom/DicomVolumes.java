package org.chondroj.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * DICOM series stacks ({@link DicomSeries}) as {@link Volume}s: slices sorted in space, geometry checked, pixels read
 * and rescaled, metadata collected.
 * <p>
 * <b>Sorting.</b> Slices are sorted by their ImagePositionPatient projected on the slice normal n = row × column
 * direction (from ImageOrientationPatient), ascending; never by file name, InstanceNumber or SliceLocation.
 * <p>
 * <b>Geometry</b> (docs/DESIGN.md, LPS, mm): voxel (i, j, k) is column i, row j of slice k. The direction columns are the
 * row direction (first three values of ImageOrientationPatient), the column direction (last three), both normalised,
 * and n (so that the sorted slices go from slice 0 towards slice 1 along +n, and the frame is right-handed); oblique
 * orientations are kept as they are. The origin is the ImagePositionPatient of the first sorted slice. Spacing is
 * PixelSpacing[1] (between columns, along i), PixelSpacing[0] (between rows, along j), and the slice spacing from the
 * positions: (last − first)/(slices − 1) along n (SliceThickness and SpacingBetweenSlices are not used; a single
 * slice gets its SliceThickness, or 1 mm).
 * <p>
 * <b>Checks</b> (each a {@link DicomFormatException} naming the series and the problem): frames without position,
 * orientation or pixel spacing; different image sizes, pixel spacings or orientations (beyond
 * {@value DicomScanner#ORIENTATION_TOLERANCE}); two slices at one position (closer than {@value #SPACING_TOLERANCE_MM}
 * mm along n); slices not stacked along n (an in-plane offset beyond the spacing tolerance: gantry tilt or shear);
 * missing slices (a gap of more than 1.5 times the typical spacing) and non-uniform spacing (a gap differing from the
 * mean spacing by more than {@value #SPACING_TOLERANCE_MM} mm and {@value #SPACING_TOLERANCE_RELATIVE} of it); a grid
 * of more voxels than one array holds; for a stack of compressed files, a volume larger than the
 * {@link org.chondroj.core.io.DecompressionLimit} (its size is only the headers' word until every file is decoded).
 * {@link Options#allowNonUniformSpacing} accepts the last two, uses the mean spacing and records the gaps under
 * {@link #SLICE_SPACING_NONUNIFORM}.
 * <p>
 * <b>Values.</b> An {@code UnsignedShortType} (or, for signed data, {@code ShortType}) volume of the stored values when
 * every frame is at most 16 bits, one sample, with RescaleSlope 1 and RescaleIntercept 0; otherwise a {@code FloatType} volume of
 * {@code stored · RescaleSlope + RescaleIntercept}, with each frame's own slope and intercept (enhanced files can
 * differ per frame). Where the Philips private scale slope (2005,100E) is present it is recorded under
 * {@link #PHILIPS_SCALE_SLOPE} and, by default, applied: the values are then Philips' "floating point" values
 * {@code (stored · slope + intercept) / (slope · scale slope)}, which compare across series and sessions (the display
 * rescale of each series is undone), and are what dcm2niix writes by default (its {@code -p y}).
 * {@link Options#philipsPreciseScaling philipsPreciseScaling(false)} keeps the displayed values instead.
 * <p>
 * <b>Metadata</b>: see {@link #metadata}. <b>Cost</b>: every file is read once: the first (in slice order) alone, so
 * that its decoded pixels confirm the image size before the volume is allocated, the others in parallel on the common
 * fork-join pool (each file's frames go to their own slices, so the result does not depend on the number of threads);
 * peak memory is the volume plus the decoded pixels of the files being read.
 */
public final class DicomVolumes {

	/** Two slices closer than this along the normal (mm) are at one position; also the absolute spacing tolerance. */
	public static final double SPACING_TOLERANCE_MM = 0.01;
	/** Relative slice spacing tolerance (1 %); a gap is uniform if within either tolerance of the mean spacing. */
	public static final double SPACING_TOLERANCE_RELATIVE = 0.01;

	/** Metadata key: the stack's id (SeriesInstanceUID with split suffix). */
	public static final String SERIES_ID = "SeriesId";
	/** Metadata key: why the stack was split off its series. */
	public static final String SPLIT_REASON = "SplitReason";
	public static final String STUDY_INSTANCE_UID = "StudyInstanceUID";
	public static final String SERIES_NUMBER = "SeriesNumber";
	public static final String MODALITY = "Modality";
	public static final String MANUFACTURER = "Manufacturer";
	/** Tesla. */
	public static final String MAGNETIC_FIELD_STRENGTH = "MagneticFieldStrength";
	/** SequenceName, or PulseSequenceName for enhanced images. */
	public static final String SEQUENCE_NAME = "SequenceName";
	/** Fat suppression, where the header states it: e.g. "yes (ScanOptions FS)", "FAT (SpectrallySelectedSuppression)". */
	public static final String FAT_SUPPRESSION = "FatSuppression";
	/** The Philips private scale slope (2005,100E) of the first slice ("varies" appended if frames differ). */
	public static final String PHILIPS_SCALE_SLOPE = "PhilipsScaleSlope";
	/** How the values were made from the stored values. */
	public static final String VALUE_SCALING = "ValueScaling";
	/** When non-uniform spacing was accepted: the smallest and largest gap between slices, mm. */
	public static final String SLICE_SPACING_NONUNIFORM = "SliceSpacingNonUniform";

	private DicomVolumes() {
	}

	/** How to read a series. Immutable; start from {@link #defaults()}. */
	public static final class Options {
		private static final Options DEFAULTS = new Options(false, true);
		private final boolean allowNonUniformSpacing, philipsPreciseScaling;

		private Options(final boolean allowNonUniformSpacing, final boolean philipsPreciseScaling) {
			this.allowNonUniformSpacing = allowNonUniformSpacing;
			this.philipsPreciseScaling = philipsPreciseScaling;
		}

		/** Strict spacing; the Philips private scaling applied where present. */
		public static Options defaults() {
			return DEFAULTS;
		}

		/** Accept missing slices and non-uniform spacing (mean spacing used, gaps recorded in the metadata). */
		public Options allowNonUniformSpacing(final boolean allow) {
			return new Options(allow, philipsPreciseScaling);
		}

		/** Apply (default) or ignore the Philips private scale slope (2005,100E) where present; dcm2niix applies it by default. */
		public Options philipsPreciseScaling(final boolean apply) {
			return new Options(allowNonUniformSpacing, apply);
		}

		public boolean allowNonUniformSpacing() {
			return allowNonUniformSpacing;
		}

		public boolean philipsPreciseScaling() {
			return philipsPreciseScaling;
		}
	}

	/**
	 * A stack's slices in spatial order and the geometry they make, from the headers alone.
	 *
	 * @param series the stack
	 * @param slices the frames, sorted along the normal (slice k of the volume is {@code slices.get(k)})
	 * @param geometry the voxel geometry (LPS, mm)
	 * @param dimensions columns, rows, slices
	 * @param minGap smallest distance between neighbouring slices along the normal, mm (NaN for one slice)
	 * @param maxGap largest such distance, mm
	 * @param uniform true if every gap is within the spacing tolerance of the mean
	 */
	public record Arrangement(DicomSeries series, List<DicomFrame> slices, VoxelGeometry geometry, int[] dimensions, double minGap,
			double maxGap, boolean uniform) {
	}

	/** {@link #arrange(DicomSeries, Options)} with the defaults. */
	public static Arrangement arrange(final DicomSeries series) throws DicomFormatException {
		return arrange(series, Options.defaults());
	}

	/**
	 * Sorts the frames of a stack in space and checks that they make one regular grid; headers only (fast).
	 *
	 * @throws DicomFormatException naming the series (and the files concerned) if they do not
	 */
	public static Arrangement arrange(final DicomSeries series, final Options options) throws DicomFormatException {
		final List<DicomFrame> frames = series.frames();
		final DicomFrame first = frames.get(0);
		for (final DicomFrame f : frames) {
			if (f.position() == null || f.orientation() == null || f.pixelSpacing() == null)
				throw problem(series, f.describe() + " has no " + (f.position() == null ? "ImagePositionPatient"
						: f.orientation() == null ? "ImageOrientationPatient" : "PixelSpacing") + ": its place in the patient is unknown");
			if (f.rows() != first.rows() || f.columns() != first.columns())
				throw problem(series, "different image sizes: " + first.columns() + "×" + first.rows() + " in " + first.describe() + ", "
						+ f.columns() + "×" + f.rows() + " in " + f.describe());
			if (!DicomScanner.sameOrientation(first.orientation(), f.orientation()))
				throw problem(series, "different orientations: " + Arrays.toString(first.orientation()) + " in " + first.describe() + ", "
						+ Arrays.toString(f.orientation()) + " in " + f.describe());
			if (Math.abs(f.pixelSpacing()[0] - first.pixelSpacing()[0]) > 1e-4 || Math.abs(f.pixelSpacing()[1] - first.pixelSpacing()[1]) > 1e-4)
				throw problem(series, "different pixel spacings: " + Arrays.toString(first.pixelSpacing()) + " mm in " + first.describe() + ", "
						+ Arrays.toString(f.pixelSpacing()) + " mm in " + f.describe());
			if (f.samplesPerPixel() != 1)
				throw problem(series, f.describe() + " has " + f.samplesPerPixel() + " samples per pixel: colour images are not volumes");
		}
		final double[] o = first.orientation();
		final Vector3d row = new Vector3d(o[0], o[1], o[2]), col = new Vector3d(o[3], o[4], o[5]);
		if (row.length() < 0.5 || col.length() < 0.5)
			throw problem(series, "ImageOrientationPatient " + Arrays.toString(o) + " is not two unit vectors");
		row.normalize();
		col.normalize();
		final Vector3d n = new Vector3d(row).cross(col);
		if (n.length() < 0.5)
			throw problem(series, "ImageOrientationPatient " + Arrays.toString(o) + ": row and column directions are not perpendicular");
		n.normalize();
		final int count = frames.size();
		final double[] along = new double[count];
		final Integer[] order = new Integer[count];
		for (int k = 0; k < count; k++) {
			final double[] p = frames.get(k).position();
			along[k] = n.x * p[0] + n.y * p[1] + n.z * p[2];
			order[k] = k;
		}
		// by position along n; ties (duplicates, reported below) by file and frame, so the order is deterministic
		Arrays.sort(order, Comparator.<Integer> comparingDouble(k -> along[k]).thenComparing(k -> frames.get(k).file().toString())
				.thenComparingInt(k -> frames.get(k).frame()));
		final List<DicomFrame> sorted = new ArrayList<>(count);
		for (final Integer k : order)
			sorted.add(frames.get(k));
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		final double[] gaps = new double[Math.max(0, count - 1)];
		for (int k = 1; k < count; k++) {
			final double gap = along[order[k]] - along[order[k - 1]];
			gaps[k - 1] = gap;
			if (gap < SPACING_TOLERANCE_MM)
				throw problem(series, "two slices at one position, " + format(sorted.get(k).position()) + " mm (" + number(gap) + " mm apart along the normal): "
						+ sorted.get(k - 1).describe() + " and " + sorted.get(k).describe());
			min = Math.min(min, gap);
			max = Math.max(max, gap);
		}
		final double spacing;
		boolean uniform = true;
		if (count == 1) {
			spacing = first.sliceThickness() > 0 ? first.sliceThickness() : 1;
			min = max = Double.NaN;
		} else {
			spacing = (along[order[count - 1]] - along[order[0]]) / (count - 1);
			final double tolerance = Math.max(SPACING_TOLERANCE_MM, SPACING_TOLERANCE_RELATIVE * spacing);
			// in-plane offsets: the slices must lie along n (no gantry tilt, no shear)
			final double[] p0 = sorted.get(0).position();
			for (int k = 1; k < count; k++) {
				final double[] p = sorted.get(k).position();
				final Vector3d d = new Vector3d(p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]);
				final double off = new Vector3d(d).fma(-d.dot(n), n).length();
				if (off > tolerance)
					throw problem(series, "slices are not stacked along their normal (tilted or sheared stack): " + sorted.get(k).describe() + " is "
							+ number(off) + " mm off the line through " + sorted.get(0).describe());
			}
			final double[] sortedGaps = gaps.clone();
			Arrays.sort(sortedGaps);
			final double typical = sortedGaps[sortedGaps.length / 2];
			for (int k = 0; k < gaps.length; k++) {
				if (Math.abs(gaps[k] - spacing) > tolerance)
					uniform = false;
				if (gaps[k] > 1.5 * typical && !options.allowNonUniformSpacing())
					throw problem(series, "missing slice(s): a gap of " + number(gaps[k]) + " mm between " + sorted.get(k).describe() + " and "
							+ sorted.get(k + 1).describe() + ", where slices are " + number(typical) + " mm apart (about "
							+ Math.round(gaps[k] / typical - 1) + " missing)");
			}
			for (int k = 0; k < gaps.length && !options.allowNonUniformSpacing(); k++)
				if (Math.abs(gaps[k] - spacing) > tolerance)
					throw problem(series, "non-uniform slice spacing: gaps from " + number(min) + " to " + number(max) + " mm (mean " + number(spacing)
							+ " mm, tolerance " + number(tolerance) + " mm), e.g. " + number(gaps[k]) + " mm between " + sorted.get(k).describe() + " and "
							+ sorted.get(k + 1).describe());
		}
		final Matrix3d direction = new Matrix3d().setColumn(0, row).setColumn(1, col).setColumn(2, n);
		final double[] origin = sorted.get(0).position().clone();
		final VoxelGeometry geometry;
		try {
			geometry = VoxelGeometry.of(new double[] { first.pixelSpacing()[1], first.pixelSpacing()[0], spacing }, origin, direction);
		} catch (final IllegalArgumentException e) {
			throw problem(series, "impossible geometry: " + e.getMessage());
		}
		return new Arrangement(series, List.copyOf(sorted), geometry, new int[] { first.columns(), first.rows(), count }, min, max, uniform);
	}

	/** {@link #read(DicomSeries, Options)} with the defaults. */
	public static Volume<?> read(final DicomSeries series) throws IOException {
		return read(series, Options.defaults());
	}

	/**
	 * Reads a stack as a volume (see the class description for the sorting, geometry, values and checks).
	 *
	 * @return a new volume owning its voxels: {@code UnsignedShortType} or {@code ShortType} (stored values, identity
	 *         rescale, unsigned or signed), else {@code FloatType}
	 * @throws DicomFormatException if the geometry does not make one grid, or a file's pixels do not match its header
	 * @throws UnsupportedTransferSyntaxException if a file's pixel data cannot be decoded
	 */
	public static Volume<?> read(final DicomSeries series, final Options options) throws IOException {
		try {
			return readChecked(series, options);
		} catch (final RuntimeException | StackOverflowError e) {
			throw DicomFormatException.unexpected(source(series), e);
		}
	}

	private static Volume<?> readChecked(final DicomSeries series, final Options options) throws IOException {
		final Arrangement a = arrange(series, options);
		final List<DicomFrame> slices = a.slices();
		final int columns = a.dimensions()[0], rows = a.dimensions()[1], count = a.dimensions()[2];
		final long voxels = (long) columns * rows * count;
		if (voxels > Integer.MAX_VALUE - 8)
			throw problem(series, columns + "×" + rows + "×" + count + " = " + voxels + " voxels are more than one volume holds (2³¹ − 9)");
		final int total = (int) voxels, sliceLength = columns * rows;
		// stored values kept as 16-bit integers when nothing rescales them, all unsigned or all signed; floats otherwise
		boolean stored16 = true, allSigned = true, noneSigned = true;
		for (final DicomFrame f : slices) {
			stored16 &= f.bitsStored() <= 16 && f.identityRescale() && !(options.philipsPreciseScaling() && Double.isFinite(f.philipsScaleSlope()));
			allSigned &= f.signed();
			noneSigned &= !f.signed();
		}
		stored16 &= allSigned || noneSigned;
		// file -> (frame, slice) pairs
		final Map<Path, List<int[]>> byFile = new LinkedHashMap<>();
		for (int k = 0; k < count; k++)
			byFile.computeIfAbsent(slices.get(k).file(), p -> new ArrayList<>()).add(new int[] { slices.get(k).frame(), k });
		final List<Map.Entry<Path, List<int[]>>> files = new ArrayList<>(byFile.entrySet());
		// the first file's pixels are decoded before the volume is allocated: they prove the size the headers state
		// (compressed pixel data says nothing about its decoded size until it is decoded); the volume of a compressed
		// series is decompressed data, held to the ceiling as such
		final DicomFile firstFile = DicomReader.read(files.get(0).getKey());
		final TransferSyntax syntax = firstFile.transferSyntax();
		if (syntax.encapsulated() && syntax.codec() != TransferSyntax.Codec.ENCAPSULATED_UNCOMPRESSED)
			Bounds.decompressed(source(series), (long) total * (stored16 ? 2 : 4),
					"a volume of " + columns + "×" + rows + "×" + count + " from " + syntax + " files");
		final PixelData first = pixels(firstFile, rows, columns);
		final short[] shorts = stored16 ? new short[total] : null;
		final float[] floats = stored16 ? null : new float[total];
		copy(first, files.get(0), slices, sliceLength, shorts, floats, options);
		try {
			files.subList(1, files.size()).parallelStream().forEach(e -> {
				try {
					copy(pixels(DicomReader.read(e.getKey()), rows, columns), e, slices, sliceLength, shorts, floats, options);
				} catch (final IOException x) {
					throw new UncheckedIOException(x);
				}
			});
		} catch (final UncheckedIOException e) {
			throw e.getCause();
		}
		final Volume<?> v = shorts == null ? Volumes.wrapFloats(floats, a.dimensions(), a.geometry())
				: allSigned ? Volumes.wrapShorts(shorts, a.dimensions(), a.geometry()) : Volumes.wrapUnsignedShorts(shorts, a.dimensions(), a.geometry());
		Metadata m = metadata(a);
		m = m.with(VALUE_SCALING, shorts != null ? "stored values (identity rescale)"
				: options.philipsPreciseScaling() && Double.isFinite(slices.get(0).philipsScaleSlope()) ? "Philips floating point: (stored·RescaleSlope + RescaleIntercept)/(RescaleSlope·(2005,100E))"
						: "stored·RescaleSlope + RescaleIntercept");
		return v.withMetadata(m);
	}

	/** The decoded pixels of one file of a stack, checked against the stack's image size. */
	private static PixelData pixels(final DicomFile file, final int rows, final int columns) throws IOException {
		final PixelData pixels = PixelData.decode(file);
		if (pixels.rows() != rows || pixels.columns() != columns || pixels.samplesPerPixel() != 1)
			throw new DicomFormatException(file.path(), -1, Tag.PixelData.number(), "pixel data of " + pixels.columns() + "×" + pixels.rows() + "×"
					+ pixels.samplesPerPixel() + " does not match the series' " + columns + "×" + rows);
		return pixels;
	}

	/** Copies (and rescales, for floats) the frames of one file into their slices of the volume. */
	private static void copy(final PixelData pixels, final Map.Entry<Path, List<int[]>> file, final List<DicomFrame> slices, final int sliceLength,
			final short[] shorts, final float[] floats, final Options options) throws DicomFormatException {
		final int[] values = pixels.values();
		for (final int[] fk : file.getValue()) {
			if (fk[0] >= pixels.frames())
				throw new DicomFormatException(file.getKey(), -1, Tag.PixelData.number(), "frame " + (fk[0] + 1) + " is missing: the pixel data holds "
						+ pixels.frames() + " frames");
			final int src = fk[0] * sliceLength, dst = fk[1] * sliceLength;
			if (shorts != null) {
				for (int i = 0; i < sliceLength; i++)
					shorts[dst + i] = (short) values[src + i];
			} else {
				final DicomFrame f = slices.get(fk[1]);
				double slope = f.rescaleSlope(), intercept = f.rescaleIntercept();
				if (options.philipsPreciseScaling() && Double.isFinite(f.philipsScaleSlope()) && f.philipsScaleSlope() != 0) {
					intercept = intercept / (slope * f.philipsScaleSlope());
					slope = 1 / f.philipsScaleSlope();
				}
				for (int i = 0; i < sliceLength; i++)
					floats[dst + i] = (float) (values[src + i] * slope + intercept);
			}
		}
	}

	/**
	 * Scans {@code path} (a folder or a file) and reads one stack: the one with {@code seriesId} (an id as
	 * {@link DicomSeries#id()} gives it, or an unsplit SeriesInstanceUID), or, if {@code seriesId} is {@code null},
	 * the only stack there is.
	 *
	 * @throws DicomFormatException naming {@code path} and the stacks found, if there is no such stack or several
	 */
	public static Volume<?> read(final Path path, final String seriesId, final Options options) throws IOException {
		final DicomScan scan = DicomScanner.scan(path);
		if (scan.allSeries().isEmpty())
			throw new DicomFormatException(path, -1, -1, scan.nothingFound());
		final DicomSeries series;
		try {
			series = seriesId == null ? scan.onlySeries() : scan.series(seriesId);
		} catch (final IllegalArgumentException e) {
			final String unreadable = scan.unreadable().isEmpty() ? "" : " (" + scan.unreadable().size() + " unreadable files, e.g. " + scan.unreadable().get(0).message() + ")";
			throw new DicomFormatException(path, -1, -1, e.getMessage() + unreadable);
		}
		return read(series, options);
	}

	/**
	 * The metadata of an arranged stack (header values of its first sorted slice and the series): the
	 * {@link Metadata} keys SERIES_DESCRIPTION, SERIES_INSTANCE_UID, FRAME_OF_REFERENCE_UID, ECHO_TIME (ms),
	 * REPETITION_TIME (ms), FLIP_ANGLE (degrees), LATERALITY and LATERALITY_SOURCE (see {@link #laterality}), SOURCE (the
	 * folder holding the files, or the file if there is one), and this class's keys where the header has them.
	 */
	public static Metadata metadata(final Arrangement a) {
		Metadata m = metadata(a.series(), a.slices().get(0));
		if (!a.uniform())
			m = m.with(SLICE_SPACING_NONUNIFORM, number(a.minGap()) + ".." + number(a.maxGap()) + " mm");
		return m;
	}

	/**
	 * The metadata of a stack from its headers alone (no geometry needed, so also for stacks that
	 * {@link #arrange} refuses): as {@link #metadata(Arrangement)} without {@link #SLICE_SPACING_NONUNIFORM}, with the
	 * echo time of the first frame in file order.
	 */
	public static Metadata metadata(final DicomSeries s) {
		return metadata(s, s.frames().get(0));
	}

	private static Metadata metadata(final DicomSeries s, final DicomFrame f) {
		final Attributes h = s.header();
		final Map<String, String> m = new LinkedHashMap<>();
		put(m, SERIES_ID, s.id());
		put(m, SPLIT_REASON, s.reason().isEmpty() ? null : s.reason());
		put(m, Metadata.SERIES_INSTANCE_UID, s.seriesInstanceUID());
		put(m, STUDY_INSTANCE_UID, s.studyInstanceUID());
		put(m, Metadata.SERIES_DESCRIPTION, h.string(Tag.SeriesDescription));
		put(m, SERIES_NUMBER, h.string(Tag.SeriesNumber));
		put(m, Metadata.FRAME_OF_REFERENCE_UID, h.string(Tag.FrameOfReferenceUID));
		put(m, MODALITY, h.string(Tag.Modality));
		put(m, MANUFACTURER, h.string(Tag.Manufacturer));
		put(m, MAGNETIC_FIELD_STRENGTH, numeric(find(h, Tag.MagneticFieldStrength)));
		put(m, Metadata.ECHO_TIME, Double.isNaN(f.echoTime()) ? null : DicomScanner.number(f.echoTime()));
		put(m, Metadata.REPETITION_TIME, numeric(find(h, Tag.RepetitionTime)));
		put(m, Metadata.FLIP_ANGLE, numeric(find(h, Tag.FlipAngle)));
		final String sequence = find(h, Tag.SequenceName);
		put(m, SEQUENCE_NAME, sequence != null ? sequence : find(h, Tag.PulseSequenceName));
		put(m, FAT_SUPPRESSION, fatSuppression(h));
		if (Double.isFinite(f.philipsScaleSlope())) {
			boolean varies = false;
			for (final DicomFrame x : s.frames())
				varies |= Double.compare(x.philipsScaleSlope(), f.philipsScaleSlope()) != 0;
			put(m, PHILIPS_SCALE_SLOPE, DicomScanner.number(f.philipsScaleSlope()) + (varies ? " (varies per frame)" : ""));
		}
		put(m, Metadata.SOURCE, source(s).toString());
		final String[] side = laterality(h, s.description());
		return Metadata.of(m).withLaterality(Laterality.parse(side[0]), side[1]);
	}

	/**
	 * The knee's side from a header, and how it was decided, in this order: (0020,0060) Laterality; (0020,0062)
	 * ImageLaterality; (0020,9072) FrameLaterality (enhanced images, shared groups first); the series description,
	 * cut into words at every character that is not a letter or digit, holding "L", "LT" or "LEFT" (any case) and none
	 * of "R", "RT", "RIGHT", or the other way round. Values other than L and R (B, U) are passed over.
	 *
	 * @return {"L" / "R" / "", the source}; the source says "unknown (…)" when nothing decided
	 */
	public static String[] laterality(final Attributes header, final String description) {
		final String[][] tags = { { "Laterality", "(0020,0060)" }, { "ImageLaterality", "(0020,0062)" }, { "FrameLaterality", "(0020,9072)" } };
		final String[] values = { header.string(Tag.Laterality), header.string(Tag.ImageLaterality), find(header, Tag.FrameLaterality) };
		for (int t = 0; t < values.length; t++) {
			final Laterality l = Laterality.parse(values[t]);
			if (l != Laterality.UNKNOWN)
				return new String[] { l.code(), "DICOM " + tags[t][0] + " " + tags[t][1] };
		}
		boolean left = false, right = false;
		if (description != null)
			for (final String w : description.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
				left |= w.equals("L") || w.equals("LT") || w.equals("LEFT");
				right |= w.equals("R") || w.equals("RT") || w.equals("RIGHT");
			}
		if (left != right)
			return new String[] { left ? "L" : "R", "series description \"" + description + "\"" };
		return new String[] { "", "unknown (no Laterality, ImageLaterality or side word in the series description"
				+ (left ? ", which names both sides" : "") + ")" };
	}

	/** Fat suppression where the header states it: ScanOptions FS or SFS, or SpectrallySelectedSuppression; else null. */
	static String fatSuppression(final Attributes h) {
		for (final String o : h.strings(Tag.ScanOptions))
			if (o.equalsIgnoreCase("FS") || o.equalsIgnoreCase("SFS"))
				return "yes (ScanOptions " + o + ")";
		final String sss = find(h, Tag.SpectrallySelectedSuppression);
		if (sss != null && !sss.equalsIgnoreCase("NONE"))
			return sss + " (SpectrallySelectedSuppression)";
		return null;
	}

	/**
	 * A text attribute from the top level of the data set, else from the first item of any sequence of the shared
	 * functional groups (enhanced images keep TR, flip angle, field strength … there), else of the first frame's groups.
	 */
	static String find(final Attributes ds, final Tag tag) {
		final String top = ds.string(tag);
		if (top != null)
			return top;
		for (final Tag groups : new Tag[] { Tag.SharedFunctionalGroupsSequence, Tag.PerFrameFunctionalGroupsSequence }) {
			final List<Attributes> items = ds.sequence(groups);
			if (items.isEmpty())
				continue;
			final Attributes g = items.get(0);
			for (final int t : g.tags()) {
				final List<Attributes> seq = g.sequence(t);
				if (!seq.isEmpty() && seq.get(0).string(tag) != null)
					return seq.get(0).string(tag);
			}
		}
		return null;
	}

	/** The folder holding all the files (their deepest common folder), or the file if the stack is one file. */
	static Path source(final DicomSeries s) {
		final List<Path> files = s.files();
		if (files.size() == 1)
			return files.get(0).toAbsolutePath();
		Path common = files.get(0).toAbsolutePath().getParent();
		for (final Path f : files)
			while (common != null && !f.toAbsolutePath().startsWith(common))
				common = common.getParent();
		return common;
	}

	/** A number from DICOM text in a plain form ("2500.0" → "2500"); the text itself if it does not parse. */
	private static String numeric(final String text) {
		if (text == null)
			return null;
		try {
			return DicomScanner.number(Double.parseDouble(text.trim()));
		} catch (final NumberFormatException e) {
			return text;
		}
	}

	private static void put(final Map<String, String> m, final String key, final String value) {
		if (value != null && !value.isEmpty())
			m.put(key, value);
	}

	private static DicomFormatException problem(final DicomSeries s, final String problem) {
		return new DicomFormatException(source(s), -1, -1, "series " + s.id() + (s.description().isEmpty() ? "" : " (" + s.description() + ")") + ": " + problem);
	}

	private static String number(final double v) {
		return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
	}

	private static String format(final double[] p) {
		return String.format(Locale.ROOT, "(%.3f, %.3f, %.3f)", p[0], p[1], p[2]);
	}
}
