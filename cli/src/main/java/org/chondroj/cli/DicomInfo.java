package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.Json;
import org.chondroj.dicom.DicomFormatException;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomStudy;
import org.chondroj.dicom.DicomVolumes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.joml.Vector3d;

/** How {@code info} prints a {@link DicomScan}: text for people, JSON for programs. Printing only. */
final class DicomInfo {

	private DicomInfo() {
	}

	/** One stack's summary: its arrangement (null if the geometry is refused, with the problem) and metadata. */
	private record Summary(DicomSeries series, DicomVolumes.Arrangement arrangement, String problem, Metadata metadata) {
		static Summary of(final DicomSeries s) {
			try {
				final DicomVolumes.Arrangement a = DicomVolumes.arrange(s);
				return new Summary(s, a, null, DicomVolumes.metadata(a));
			} catch (final DicomFormatException e) {
				return new Summary(s, null, e.getMessage(), DicomVolumes.metadata(s));
			}
		}
	}

	static void text(final DicomScan scan, final PrintWriter out) {
		out.println(scan.root());
		if (scan.studies().isEmpty())
			out.println("  no DICOM images");
		for (final DicomStudy study : scan.studies()) {
			out.printf(Locale.ROOT, "  study %s%s%s%n", study.studyInstanceUID().isEmpty() ? "(no StudyInstanceUID)" : study.studyInstanceUID(),
					study.description().isEmpty() ? "" : "  " + study.description(), study.date().isEmpty() ? "" : "  " + study.date());
			for (final DicomSeries s : study.series()) {
				final Summary x = Summary.of(s);
				final Metadata m = x.metadata;
				out.printf(Locale.ROOT, "    series %s%n", s.id());
				out.printf(Locale.ROOT, "      description  %s%n", s.description());
				out.printf(Locale.ROOT, "      modality     %s%n", s.modality());
				if (x.arrangement != null) {
					final int[] d = x.arrangement.dimensions();
					final VoxelGeometry g = x.arrangement.geometry();
					out.printf(Locale.ROOT, "      size         %d rows × %d columns × %d slices%n", d[1], d[0], d[2]);
					out.printf(Locale.ROOT, "      voxel size   %.4f × %.4f × %.4f mm%n", g.spacing(0), g.spacing(1), g.spacing(2));
					out.printf(Locale.ROOT, "      orientation  %s%n", orientation(g));
				} else {
					out.printf(Locale.ROOT, "      size         %d rows × %d columns, %d frames%n", s.rows(), s.columns(), s.frames().size());
					out.printf(Locale.ROOT, "      geometry     cannot be a volume: %s%n", x.problem);
				}
				out.printf(Locale.ROOT, "      TE / TR      %s / %s ms%n", orDash(m.get(Metadata.ECHO_TIME)), orDash(m.get(Metadata.REPETITION_TIME)));
				out.printf(Locale.ROOT, "      laterality   %s%n", m.laterality() == org.chondroj.core.Laterality.UNKNOWN ? m.get(Metadata.LATERALITY_SOURCE)
						: m.laterality().code() + " (" + m.get(Metadata.LATERALITY_SOURCE) + ")");
				out.printf(Locale.ROOT, "      files        %d%s%n", s.files().size(), s.frames().size() != s.files().size() ? " (" + s.frames().size() + " frames)" : "");
				if (!s.reason().isEmpty())
					out.printf(Locale.ROOT, "      split        %s%n", s.reason());
			}
		}
		out.printf(Locale.ROOT, "  other files  %d non-DICOM, %d DICOM without image, %d unreadable%n", scan.nonDicom().size(), scan.nonImage().size(),
				scan.unreadable().size());
		for (final DicomScan.Problem p : scan.unreadable())
			out.printf(Locale.ROOT, "    unreadable: %s%n", p.message());
	}

	static ObjectNode json(final DicomScan scan) {
		final ObjectNode j = Json.object().put("path", scan.root().toString()).put("kind", "dicom");
		final ArrayNode studies = j.putArray("studies");
		for (final DicomStudy study : scan.studies()) {
			final ObjectNode st = studies.addObject().put("studyInstanceUID", study.studyInstanceUID()).put("description", study.description())
					.put("date", study.date()).put("patientId", study.patientId());
			final ArrayNode series = st.putArray("series");
			for (final DicomSeries s : study.series()) {
				final Summary x = Summary.of(s);
				final Metadata m = x.metadata;
				final ObjectNode o = series.addObject().put("id", s.id()).put("seriesInstanceUID", s.seriesInstanceUID()).put("seriesNumber", s.seriesNumber())
						.put("description", s.description()).put("modality", s.modality()).put("rows", s.rows()).put("columns", s.columns())
						.put("frames", s.frames().size()).put("files", s.files().size());
				if (x.arrangement != null) {
					o.put("slices", x.arrangement.dimensions()[2]);
					geometry(o, x.arrangement.geometry());
					o.put("orientation", plane(x.arrangement.geometry()));
				} else
					o.put("geometryProblem", x.problem);
				o.put("echoTime", number(m.get(Metadata.ECHO_TIME))).put("repetitionTime", number(m.get(Metadata.REPETITION_TIME)));
				o.put("laterality", m.laterality().code()).put("lateralitySource", m.get(Metadata.LATERALITY_SOURCE));
				o.put("splitReason", s.reason());
				m.asMap().forEach(o.putObject("metadata")::put);
			}
		}
		final ArrayNode nonDicom = j.putArray("nonDicomFiles"), nonImage = j.putArray("nonImageFiles"), unreadable = j.putArray("unreadableFiles");
		scan.nonDicom().forEach(p -> nonDicom.add(p.toString()));
		scan.nonImage().forEach(p -> nonImage.add(p.toString()));
		for (final DicomScan.Problem p : scan.unreadable())
			unreadable.addObject().put("file", p.file().toString()).put("error", p.message());
		return j;
	}

	static ObjectNode volumeJson(final Volume<?> v, final Path file) {
		final ObjectNode j = Json.object().put("path", file.toString()).put("kind", "volume").put("type", v.voxelTypeName());
		j.putArray("dimensions").add(v.dimension(0)).add(v.dimension(1)).add(v.dimension(2));
		geometry(j, v.geometry());
		v.metadata().asMap().forEach(j.putObject("metadata")::put);
		return j;
	}

	/** voxelSize, origin and direction (the columns of the direction matrix) of {@code g}. */
	private static void geometry(final ObjectNode to, final VoxelGeometry g) {
		to.set("voxelSize", Json.array(g.spacing()));
		to.set("origin", Json.array(g.origin()));
		final ArrayNode direction = to.putArray("direction");
		final Vector3d c = new Vector3d();
		for (int a = 0; a < 3; a++) {
			g.direction().getColumn(a, c);
			direction.add(Json.array(c.x, c.y, c.z));
		}
	}

	/** "sagittal: i towards posterior, j towards inferior, k towards left". */
	private static String orientation(final VoxelGeometry g) {
		final Vector3d c = new Vector3d();
		final StringBuilder b = new StringBuilder(plane(g)).append(':');
		for (int a = 0; a < 3; a++) {
			g.direction().getColumn(a, c);
			b.append(a == 0 ? " i" : a == 1 ? ", j" : ", k").append(" towards ").append(InfoCommand.towards(c));
		}
		return b.toString();
	}

	/** The slice plane from the normal's largest component: sagittal (x), coronal (y), axial (z); "oblique" if below 0.99. */
	private static String plane(final VoxelGeometry g) {
		final Vector3d n = g.direction().getColumn(2, new Vector3d());
		final double ax = Math.abs(n.x), ay = Math.abs(n.y), az = Math.abs(n.z);
		final String plane = ax >= ay && ax >= az ? "sagittal" : ay >= az ? "coronal" : "axial";
		return Math.max(ax, Math.max(ay, az)) < 0.99 ? plane + " (oblique)" : plane;
	}

	private static double number(final String s) {
		if (s == null)
			return Double.NaN;
		try {
			return Double.parseDouble(s);
		} catch (final NumberFormatException e) {
			return Double.NaN;
		}
	}

	private static String orDash(final String s) {
		return s == null ? "-" : s;
	}
}
