package org.chondroj.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the DICOM images under a folder and groups them into studies and series stacks, from their headers only.
 * <p>
 * Every regular file under the folder is looked at, whatever its name (hidden files and a DICOMDIR included; the
 * DICOMDIR is not needed and is counted as a DICOM file without an image). Files are read with
 * {@link DicomReader#readHeader} (nothing after the pixel data tag is read), in parallel on the common fork-join pool;
 * the result does not depend on the number of threads or on the order of the directory listing. A file that is not
 * DICOM is counted; a DICOM file (one with the Part 10 "DICM" signature) that cannot be read is recorded with its
 * error; neither stops the scan.
 * <p>
 * Images are grouped by StudyInstanceUID, then SeriesInstanceUID. A series whose frames differ in image size,
 * orientation (ImageOrientationPatient beyond {@value #ORIENTATION_TOLERANCE} in any component), echo (EchoNumbers /
 * EchoTime), image type, stack (StackID) or temporal position is split into one stack per combination, in that order;
 * a dimension that does not split anything further (e.g. an image type that follows the echo) adds nothing. A stack
 * that still holds two frames at one position, and whose AcquisitionNumber tells them apart, is split by acquisition.
 * Each stack's id is the SeriesInstanceUID plus one suffix per split ({@code #256x256}, {@code #orient2},
 * {@code #echo2}, {@code #type2}, {@code #stackN}, {@code #tN}, {@code #acqN}); ranks are over the sorted distinct
 * values of the whole series, so the ids are stable. The stack's {@link DicomSeries#reason()} says what was split.
 * <p>
 * Cost: one header read per file (the per-frame functional groups of an enhanced file are kept in memory).
 */
public final class DicomScanner {

	/** Largest difference, in any of the six direction cosines, of two orientations kept in one stack. */
	public static final double ORIENTATION_TOLERANCE = 1e-4;
	/** MediaStorageSOPClassUID of a DICOMDIR (Media Storage Directory Storage). */
	static final String DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10";

	private DicomScanner() {
	}

	/** What one file turned out to be. */
	private record Entry(Path file, DicomFile header, List<DicomFrame> frames, boolean nonDicom, boolean nonImage, String error) {
	}

	/**
	 * Scans a folder tree (or a single file).
	 *
	 * @throws IOException if the folder itself cannot be listed (single files that fail are recorded, not thrown)
	 */
	public static DicomScan scan(final Path root) throws IOException {
		final List<Path> files;
		if (Files.isDirectory(root)) {
			try (Stream<Path> walk = Files.walk(root)) {
				files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
			} catch (final UncheckedIOException e) {
				throw e.getCause();
			}
		} else if (Files.isRegularFile(root)) {
			files = List.of(root);
		} else {
			throw new java.nio.file.NoSuchFileException(root.toString(), null, "no such file or folder");
		}
		// parallel, but collected in the (sorted) order of the files
		final List<Entry> entries = files.parallelStream().map(DicomScanner::examine).collect(Collectors.toList());
		final List<Path> nonDicom = new ArrayList<>(), nonImage = new ArrayList<>();
		final List<DicomScan.Problem> unreadable = new ArrayList<>();
		// study UID -> series UID -> entries
		final Map<String, Map<String, List<Entry>>> grouped = new TreeMap<>();
		for (final Entry e : entries) {
			if (e.error != null)
				unreadable.add(new DicomScan.Problem(e.file, e.error));
			else if (e.nonDicom)
				nonDicom.add(e.file);
			else if (e.nonImage)
				nonImage.add(e.file);
			else {
				final Attributes ds = e.header.dataset();
				final String study = Objects.requireNonNullElse(ds.string(Tag.StudyInstanceUID), "");
				final String series = Objects.requireNonNullElse(ds.string(Tag.SeriesInstanceUID), "");
				grouped.computeIfAbsent(study, k -> new TreeMap<>()).computeIfAbsent(series, k -> new ArrayList<>()).add(e);
			}
		}
		final List<DicomStudy> studies = new ArrayList<>();
		for (final Map.Entry<String, Map<String, List<Entry>>> study : grouped.entrySet()) {
			final List<DicomSeries> stacks = new ArrayList<>();
			Attributes first = null;
			for (final Map.Entry<String, List<Entry>> series : study.getValue().entrySet()) {
				final List<Entry> members = series.getValue();
				if (first == null)
					first = members.get(0).header.dataset();
				final List<DicomFrame> frames = new ArrayList<>();
				for (final Entry e : members)
					frames.addAll(e.frames);
				final String uid = series.getKey().isEmpty() ? null : series.getKey();
				final String baseId = uid != null ? uid : "no-SeriesInstanceUID:" + members.get(0).file.getParent();
				stacks.addAll(split(baseId, uid, study.getKey().isEmpty() ? null : study.getKey(), members.get(0).header.dataset(), frames));
			}
			stacks.sort(Comparator.comparingInt(DicomSeries::seriesNumber).thenComparing(DicomSeries::id));
			studies.add(new DicomStudy(study.getKey(), orEmpty(first.string(Tag.StudyDescription)), orEmpty(first.string(Tag.StudyDate)),
					orEmpty(first.string(Tag.PatientID)), stacks));
		}
		studies.sort(Comparator.comparing(DicomStudy::date).thenComparing(DicomStudy::studyInstanceUID));
		return new DicomScan(root, studies, nonDicom, nonImage, unreadable);
	}

	/**
	 * The given files as one stack, without splitting (for reading a set of files the caller chose; the geometry checks
	 * of {@link DicomVolumes#arrange} then report what does not fit). Headers are read in parallel.
	 *
	 * @throws IOException if a file cannot be read or holds no image
	 */
	public static DicomSeries stack(final List<Path> files) throws IOException {
		if (files.isEmpty())
			throw new IllegalArgumentException("no files given");
		final List<List<DicomFrame>> perFile;
		final DicomFile first;
		try {
			perFile = files.parallelStream().map(f -> {
				try {
					return EnhancedFrames.frames(DicomReader.readHeader(f));
				} catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			}).collect(Collectors.toList());
			first = DicomReader.readHeader(files.get(0));
		} catch (final UncheckedIOException e) {
			throw e.getCause();
		}
		final List<DicomFrame> frames = new ArrayList<>();
		perFile.forEach(frames::addAll);
		final Attributes ds = first.dataset();
		final String uid = ds.string(Tag.SeriesInstanceUID);
		return new DicomSeries(uid != null ? uid : "files", uid, ds.string(Tag.StudyInstanceUID), "", ds, frames);
	}

	private static Entry examine(final Path file) {
		boolean part10 = false;
		try {
			part10 = DicomFiles.isPart10(file);
			final DicomFile header = DicomReader.readHeader(file);
			final Attributes ds = header.dataset();
			if (DICOMDIR_SOP_CLASS.equals(header.meta().string(Tag.MediaStorageSOPClassUID)) || !ds.contains(Tag.Rows) || !ds.contains(Tag.Columns)
					|| ds.size() == 0)
				return new Entry(file, header, null, false, true, null);
			return new Entry(file, header, EnhancedFrames.frames(header), false, false, null);
		} catch (final IOException | RuntimeException e) {
			if (!part10 && e instanceof DicomFormatException)
				return new Entry(file, null, null, true, false, null);
			final String message = e.getMessage() != null ? e.getMessage() : e.toString();
			return new Entry(file, null, null, false, false, message.contains(file.toString()) ? message : file + ": " + message);
		}
	}

	/* ---- splitting a series into stacks ---- */

	/** One way frames of a series can differ. */
	private record Dimension(String name, Function<DicomFrame, Comparable<?>> key, String suffix, Function<DicomFrame, String> describe) {
	}

	private static final class Group {
		final List<DicomFrame> frames = new ArrayList<>();
		final StringBuilder suffix = new StringBuilder();
		final List<String> reasons = new ArrayList<>();
	}

	/** Splits the frames of one series (in file order) into stacks; see the class description. */
	static List<DicomSeries> split(final String baseId, final String uid, final String studyUid, final Attributes header,
			final List<DicomFrame> frames) {
		final Map<DicomFrame, Integer> orientationCluster = clusterOrientations(frames);
		final List<Dimension> dims = List.of( //
				new Dimension("image size", f -> f.columns() * 100000L + f.rows(), "", f -> f.columns() + "x" + f.rows()), //
				new Dimension("orientation", orientationCluster::get, "orient",
						f -> f.orientation() == null ? "none" : "ImageOrientationPatient " + join(f.orientation())), //
				new Dimension("echo", f -> new EchoKey(f.echoTime(), f.echoNumber()), "echo",
						f -> (f.echoNumber() >= 0 ? "echo " + f.echoNumber() + ", " : "") + "TE " + number(f.echoTime()) + " ms"), //
				new Dimension("image type", DicomFrame::imageType, "type", f -> "image type " + f.imageType()), //
				new Dimension("stack", f -> Objects.requireNonNullElse(f.stackId(), ""), "stack", f -> "StackID " + f.stackId()), //
				new Dimension("temporal position", DicomFrame::temporalPosition, "t", f -> "temporal position " + f.temporalPosition()));
		List<Group> groups = new ArrayList<>();
		final Group all = new Group();
		all.frames.addAll(frames);
		groups.add(all);
		for (final Dimension dim : dims) {
			final TreeSet<Comparable<?>> distinct = distinct(frames, dim.key);
			if (distinct.size() < 2)
				continue;
			boolean splits = false;
			for (final Group g : groups)
				splits |= distinct(g.frames, dim.key).size() > 1;
			if (!splits)
				continue;
			final Map<Comparable<?>, Integer> ranks = new TreeMap<>(DicomScanner::compareKeys);
			for (final Comparable<?> key : distinct)
				ranks.put(key, ranks.size() + 1);
			final boolean byEchoNumber = dim.name.equals("echo") && echoNumbersDistinguish(frames);
			final List<Group> next = new ArrayList<>();
			for (final Group g : groups) {
				final Map<Comparable<?>, Group> parts = new TreeMap<>(DicomScanner::compareKeys);
				for (final DicomFrame f : g.frames)
					parts.computeIfAbsent(dim.key.apply(f), k -> new Group()).frames.add(f);
				for (final Map.Entry<Comparable<?>, Group> p : parts.entrySet()) {
					final Group part = p.getValue();
					final DicomFrame f0 = part.frames.get(0);
					final int rank = ranks.get(p.getKey());
					final String label = dim.suffix.isEmpty() ? dim.describe.apply(f0)
							: dim.suffix + (byEchoNumber ? String.valueOf(f0.echoNumber())
									: dim.name.equals("temporal position") ? String.valueOf(f0.temporalPosition())
											: dim.name.equals("stack") ? sanitize(f0.stackId()) : String.valueOf(rank));
					part.suffix.append(g.suffix).append('#').append(label);
					part.reasons.addAll(g.reasons);
					part.reasons.add("split by " + dim.name + " (" + distinct.size() + " in the series): " + dim.describe.apply(f0));
					next.add(part);
				}
			}
			groups = next;
		}
		// acquisitions: only where they resolve duplicated positions
		final List<Group> result = new ArrayList<>();
		for (final Group g : groups) {
			final TreeSet<Comparable<?>> acquisitions = distinct(g.frames, DicomFrame::acquisitionNumber);
			if (acquisitions.size() > 1 && hasDuplicatePositions(g.frames)) {
				final Map<Integer, Group> parts = new TreeMap<>();
				for (final DicomFrame f : g.frames)
					parts.computeIfAbsent(f.acquisitionNumber(), k -> new Group()).frames.add(f);
				if (parts.values().stream().noneMatch(p -> hasDuplicatePositions(p.frames))) {
					for (final Map.Entry<Integer, Group> p : parts.entrySet()) {
						final Group part = p.getValue();
						part.suffix.append(g.suffix).append("#acq").append(p.getKey());
						part.reasons.addAll(g.reasons);
						part.reasons.add("split by acquisition (" + parts.size() + " acquisitions repeat the same positions): AcquisitionNumber "
								+ p.getKey());
						result.add(part);
					}
					continue;
				}
			}
			result.add(g);
		}
		final List<DicomSeries> out = new ArrayList<>();
		for (final Group g : result)
			out.add(new DicomSeries(baseId + g.suffix, uid, studyUid, String.join("; ", g.reasons), header, g.frames));
		return out;
	}

	/** Echo: ordered by echo time, then echo number. */
	private record EchoKey(double echoTime, int echoNumber) implements Comparable<EchoKey> {
		@Override
		public int compareTo(final EchoKey o) {
			final int c = Double.compare(echoTime, o.echoTime);
			return c != 0 ? c : Integer.compare(echoNumber, o.echoNumber);
		}
	}

	/** True if every frame has EchoNumbers and each echo time has its own echo number. */
	private static boolean echoNumbersDistinguish(final List<DicomFrame> frames) {
		final Map<Integer, Double> te = new LinkedHashMap<>();
		final Map<Double, Integer> number = new LinkedHashMap<>();
		for (final DicomFrame f : frames) {
			if (f.echoNumber() < 0)
				return false;
			final Double a = te.putIfAbsent(f.echoNumber(), f.echoTime());
			final Integer b = number.putIfAbsent(f.echoTime(), f.echoNumber());
			if (a != null && Double.compare(a, f.echoTime()) != 0 || b != null && b != f.echoNumber())
				return false;
		}
		return true;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static int compareKeys(final Comparable a, final Comparable b) {
		return a.compareTo(b);
	}

	private static TreeSet<Comparable<?>> distinct(final List<DicomFrame> frames, final Function<DicomFrame, Comparable<?>> key) {
		final TreeSet<Comparable<?>> set = new TreeSet<>(DicomScanner::compareKeys);
		for (final DicomFrame f : frames)
			set.add(key.apply(f));
		return set;
	}

	/** Representatives compared one by one before the grid of {@link #clusterOrientations} is used. */
	private static final int LINEAR_CLUSTERS = 16;

	/**
	 * Orientation clusters, numbered 1, 2, … in order of first appearance (0 for frames without an orientation): a frame
	 * joins the first cluster whose representative (its first frame) is within {@link #ORIENTATION_TOLERANCE} of it in
	 * every component. The first {@value #LINEAR_CLUSTERS} representatives are compared one by one; later ones are
	 * found through a hash grid of tolerance-sized cells (the 3⁶ cells around a frame), so that a file whose frames all
	 * differ costs time in proportion to its frames, not to their square.
	 */
	private static Map<DicomFrame, Integer> clusterOrientations(final List<DicomFrame> frames) {
		final List<double[]> representatives = new ArrayList<>();
		final Map<Long, List<Integer>> grid = new HashMap<>();
		final Map<DicomFrame, Integer> cluster = new java.util.IdentityHashMap<>();
		for (final DicomFrame f : frames) {
			final double[] o = f.orientation();
			if (o == null) {
				cluster.put(f, 0);
				continue;
			}
			int c = -1;
			for (int r = 0; r < Math.min(LINEAR_CLUSTERS, representatives.size()) && c < 0; r++)
				if (sameOrientation(representatives.get(r), o))
					c = r;
			if (c < 0 && representatives.size() > LINEAR_CLUSTERS)
				c = firstInGrid(grid, representatives, o);
			if (c < 0) {
				representatives.add(o);
				c = representatives.size() - 1;
				if (c >= LINEAR_CLUSTERS)
					grid.computeIfAbsent(cellKey(o, new int[6]), k -> new ArrayList<>()).add(c);
			}
			cluster.put(f, c + 1);
		}
		return cluster;
	}

	/** The lowest-numbered representative in the grid within the tolerance of {@code o}, or -1. */
	private static int firstInGrid(final Map<Long, List<Integer>> grid, final List<double[]> representatives, final double[] o) {
		int best = -1;
		final int[] offset = new int[6];
		for (int n = 0; n < 729; n++) {
			for (int i = 0, m = n; i < 6; i++, m /= 3)
				offset[i] = m % 3 - 1;
			final List<Integer> cell = grid.get(cellKey(o, offset));
			if (cell != null)
				for (final int r : cell)
					if ((best < 0 || r < best) && sameOrientation(representatives.get(r), o))
						best = r;
		}
		return best;
	}

	/** The hash key of the grid cell of {@code o} moved by {@code offset} cells (collisions are harmless: members are compared). */
	private static long cellKey(final double[] o, final int[] offset) {
		long key = 17;
		for (int i = 0; i < 6; i++)
			key = key * 1_000_003L + (long) Math.floor(o[i] / ORIENTATION_TOLERANCE) + offset[i];
		return key;
	}

	static boolean sameOrientation(final double[] a, final double[] b) {
		for (int i = 0; i < 6; i++)
			if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE)
				return false;
		return true;
	}

	private static boolean hasDuplicatePositions(final List<DicomFrame> frames) {
		final Set<String> seen = new HashSet<>();
		for (final DicomFrame f : frames)
			if (f.position() != null && !seen.add(String.format(Locale.ROOT, "%.2f,%.2f,%.2f", f.position()[0], f.position()[1], f.position()[2])))
				return true;
		return false;
	}

	private static String sanitize(final String s) {
		return s == null ? "" : s.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	private static String join(final double[] v) {
		return java.util.Arrays.stream(v).mapToObj(DicomScanner::number).collect(Collectors.joining("\\"));
	}

	static String number(final double v) {
		if (Double.isNaN(v))
			return "?";
		return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
	}

	private static String orEmpty(final String s) {
		return s == null ? "" : s;
	}
}
