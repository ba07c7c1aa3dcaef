package org.chondroj.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

import org.chondroj.core.Metadata;
import org.chondroj.core.Progress;
import org.chondroj.core.Volume;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomFiles;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomStudy;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.knee.Segmentation;

/**
 * The images of one knee scan, as segmentation needs them: the cartilage series (3-D, thin slices: DESS, FLASH/SPGR
 * with water excitation or fat suppression) and, when the study has one, the lesion series (fluid-sensitive
 * fat-suppressed, usually 2-D: IW/PD/T2 FS, STIR) of the same frame of reference. {@link #select} picks them from a
 * DICOM study folder and says why; a volume file is taken as the cartilage image alone.
 * <p>
 * <b>Choice rules.</b> A cartilage candidate has at least {@value #MIN_3D_SLICES} slices no thicker than
 * {@value #MAX_3D_SPACING_MM} mm; among them a description naming a cartilage sequence ({@link #CARTILAGE_NAMES}) wins,
 * then the most voxels. A lesion candidate is any other series of the study; a description naming a fluid-sensitive
 * fat-suppressed sequence ({@link #LESION_NAMES}) or TE ≥ 20 ms with TR ≥ 1000 ms wins, and the cartilage series'
 * frame of reference is required. Either choice can be forced by its SeriesInstanceUID.
 */
final class KneeImages {

	public static final int MIN_3D_SLICES = 40;
	public static final double MAX_3D_SPACING_MM = 1.5;
	/** Description words of cartilage sequences (case-insensitive). */
	public static final Pattern CARTILAGE_NAMES = Pattern.compile("(?i)DESS|FLASH|FL3D|SPGR|\\bWE\\b|WATS|3D.*(FS|FAT)|MEDIC|CUBE|SPACE|VIBE|TRUFI");
	/** Description words of lesion sequences (case-insensitive). */
	public static final Pattern LESION_NAMES = Pattern.compile("(?i)\\bIW\\b|\\bPD\\b|PDW|T2|STIR|TIRM|\\bFS\\b|FAT.?SAT|SPAIR|\\bFSE\\b|TSE");

	/** The images chosen, with one line each on why (the lesion image and its line are {@code null} when there is none). */
	public record Selection(Volume<?> cartilage, String cartilageChoice, Volume<?> lesion, String lesionChoice) {
	}

	private KneeImages() {
	}

	/**
	 * Loads the images of {@code path}: a DICOM folder (one study; {@code cartilageUid} / {@code lesionUid} force the
	 * choice of a series, {@code null} lets the rules choose) or a volume file (the cartilage image; no lesion image).
	 *
	 * @throws IllegalArgumentException naming the folder when no series qualifies, a forced UID is not there, or the
	 *                                  folder holds several studies
	 */
	public static Selection select(final Path path, final String cartilageUid, final String lesionUid) throws IOException {
		if (Files.isRegularFile(path) && !DicomFiles.isPart10(path))
			return new Selection(VolumeFiles.read(path), path.getFileName() + ": a volume file, taken as the cartilage image", null, null);
		final DicomScan scan = DicomScanner.scan(path);
		if (scan.studies().isEmpty())
			throw new IllegalArgumentException(path + ": no DICOM image series found" + (scan.unreadable().isEmpty() ? ""
					: " (" + scan.unreadable().size() + " unreadable file(s), e.g. " + scan.unreadable().get(0).file() + ": " + scan.unreadable().get(0).message() + ")"));
		if (scan.studies().size() > 1 && cartilageUid == null)
			throw new IllegalArgumentException(path + ": holds " + scan.studies().size() + " studies; give one study's folder, or choose the series with"
					+ " --cartilage-series UID");
		final List<Candidate> all = new ArrayList<>();
		for (final DicomStudy study : scan.studies())
			for (final DicomSeries s : study.series())
				all.add(Candidate.of(s));
		final Candidate cartilage = cartilageUid != null ? find(all, cartilageUid, path, "cartilage")
				: all.stream().filter(Candidate::is3d).max((a, b) -> a.cartilageRank() != b.cartilageRank() ? Integer.compare(a.cartilageRank(), b.cartilageRank())
						: Long.compare(a.voxels(), b.voxels())).orElseThrow(() -> new IllegalArgumentException(path + ": no 3-D series (at least "
								+ MIN_3D_SLICES + " slices of at most " + MAX_3D_SPACING_MM + " mm) for cartilage among " + describe(all)
								+ "; choose one with --cartilage-series UID"));
		final Volume<?> cartilageImage = DicomVolumes.read(cartilage.series());
		final String why = cartilageUid != null ? "chosen by its UID" : cartilage.cartilageRank() > 0 ? "3-D, its description names a cartilage sequence"
				: "the largest 3-D series (its description names no known cartilage sequence)";
		final String cartilageChoice = "cartilage series: " + cartilage + " (" + why + ")";
		final String frame = cartilage.frameOfReference();
		Candidate lesion = null;
		if (lesionUid != null)
			lesion = find(all, lesionUid, path, "lesion");
		else
			for (final Candidate c : all)
				if (c != cartilage && c.lesionRank() > 0 && frame != null && frame.equals(c.frameOfReference())
						&& (lesion == null || c.lesionRank() > lesion.lesionRank()))
					lesion = c;
		if (lesion == null)
			return new Selection(cartilageImage, cartilageChoice, null, "lesion series: none (no fluid-sensitive fat-suppressed series in the"
					+ " cartilage series' frame of reference); lesions not segmented");
		return new Selection(cartilageImage, cartilageChoice, DicomVolumes.read(lesion.series()),
				"lesion series: " + lesion + " (" + (lesionUid != null ? "chosen by its UID" : "same frame of reference, fluid-sensitive") + ")");
	}

	/**
	 * Segments the images of {@code path} ({@link #select}) with {@code segmenter}; the selection lines come first in the
	 * segmentation's notes.
	 *
	 * @throws IllegalArgumentException naming {@code path} and the series when the segmenter cannot segment it
	 */
	public static Segmentation segment(final Path path, final String cartilageUid, final String lesionUid, final KneeSegmenter segmenter)
			throws IOException {
		return segment(path, cartilageUid, lesionUid, segmenter, Progress.NONE);
	}

	/**
	 * As {@link #segment(Path, String, String, KneeSegmenter)}, reporting two stages (reading the series: to 0.3;
	 * segmenting: to 1) to {@code progress}, which may cancel between them.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Segmentation segment(final Path path, final String cartilageUid, final String lesionUid, final KneeSegmenter segmenter,
			final Progress progress) throws IOException {
		progress.stage("reading the images of " + path.getFileName(), 0);
		final Selection s = select(path, cartilageUid, lesionUid);
		progress.stage("segmenting the knee (about 15 s)", 0.3);
		final Segmentation seg;
		try {
			seg = segmenter.segment(s.cartilage(), s.lesion(), progress.within(0.3, 1));
		} catch (final CancellationException e) {
			throw e;
		} catch (final IllegalStateException | IllegalArgumentException e) {
			throw new IllegalArgumentException(path + ": automatic segmentation failed (" + s.cartilageChoice() + "): " + e.getMessage()
					+ "; check the images, or give the knee's label map with --labels", e);
		}
		final List<String> qc = new ArrayList<>();
		qc.add(s.cartilageChoice());
		if (s.lesionChoice() != null)
			qc.add(s.lesionChoice());
		qc.addAll(seg.qc());
		progress.stage("segmented", 1);
		return new Segmentation(seg.labels(), qc, seg.parameters(), seg.image(), seg.flags(), seg.rejected());
	}

	/**
	 * Segments images already in memory (a front end's open images, an embedding pipeline's volumes) with
	 * {@code segmenter}, reporting the stage to {@code progress}; no series is chosen here, the caller gives both.
	 *
	 * @param lesion the fluid-sensitive fat-suppressed image in the cartilage image's frame of reference, or null
	 * @throws IllegalArgumentException naming the images when the segmenter cannot segment them
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	public static Segmentation segment(final Volume<?> cartilage, final Volume<?> lesion, final KneeSegmenter segmenter, final Progress progress) {
		progress.stage("segmenting the knee (about 15 s)", 0);
		final Segmentation seg;
		try {
			seg = segmenter.segment(cartilage, lesion, progress);
		} catch (final CancellationException e) {
			throw e;
		} catch (final IllegalStateException | IllegalArgumentException e) {
			throw new IllegalArgumentException("automatic segmentation of \"" + cartilage.metadata().get(Metadata.SERIES_DESCRIPTION) + "\" failed: "
					+ e.getMessage() + "; check the images, or give the knee's label map", e);
		}
		progress.stage("segmented", 1);
		return seg;
	}

	private static Candidate find(final List<Candidate> all, final String uid, final Path path, final String role) {
		for (final Candidate c : all)
			if (uid.equals(c.series().seriesInstanceUID()))
				return c;
		throw new IllegalArgumentException(path + ": no series with UID " + uid + " for the " + role + " image; the series are " + describe(all));
	}

	private static String describe(final List<Candidate> all) {
		final List<String> parts = new ArrayList<>();
		for (final Candidate c : all)
			parts.add(c.toString());
		return String.join("; ", parts);
	}

	/** One series with what the rules look at. */
	private record Candidate(DicomSeries series, int slices, double spacing, long voxels, String description, double te, double tr,
			String frameOfReference) {

		static Candidate of(final DicomSeries s) {
			int slices = s.frames().size();
			double spacing = Double.NaN;
			try {
				final DicomVolumes.Arrangement a = DicomVolumes.arrange(s);
				slices = a.dimensions()[2];
				spacing = a.geometry().spacing(2);
			} catch (final IOException e) {
				// not a stack that can be arranged: it qualifies for nothing 3-D
			}
			final Metadata m = DicomVolumes.metadata(s);
			return new Candidate(s, slices, spacing, (long) s.rows() * s.columns() * slices, s.description() == null ? "" : s.description(),
					number(m.get(Metadata.ECHO_TIME)), number(m.get(Metadata.REPETITION_TIME)), m.get(Metadata.FRAME_OF_REFERENCE_UID));
		}

		boolean is3d() {
			return slices >= MIN_3D_SLICES && spacing <= MAX_3D_SPACING_MM;
		}

		int cartilageRank() {
			return CARTILAGE_NAMES.matcher(description).find() ? 1 : 0;
		}

		int lesionRank() {
			final boolean named = LESION_NAMES.matcher(description).find(), weighted = te >= 20 && tr >= 1000;
			return (named ? 2 : 0) + (weighted ? 1 : 0);
		}

		private static double number(final String s) {
			try {
				return s == null ? Double.NaN : Double.parseDouble(s);
			} catch (final NumberFormatException e) {
				return Double.NaN;
			}
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "\"%s\" %s (%d × %d × %d, %.2f mm slices, TE %s, TR %s)", description, series.seriesInstanceUID(),
					series.rows(), series.columns(), slices, spacing, Double.isNaN(te) ? "?" : String.valueOf(te),
					Double.isNaN(tr) ? "?" : String.valueOf(tr));
		}
	}
}
