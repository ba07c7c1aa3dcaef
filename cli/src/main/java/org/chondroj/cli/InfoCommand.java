package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.core.LabelMap;
import org.chondroj.core.LabelTable;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.io.Json;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.knee.LabelPresets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.joml.Vector3d;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj info PATH… [--json]}: for a folder or DICOM file, the studies and series stacks found (headers only);
 * for a volume file, what it holds and where it lies in the patient.
 */
@Command(name = "info", mixinStandardHelpOptions = true, header = "Lists a folder's DICOM series, or describes volume files.", description = {
		"For a folder or a DICOM file: the DICOM studies and series found (headers only, fast): description, size, voxel size, "
				+ "orientation, TE/TR, laterality, files, why a series was split, and the non-DICOM and unreadable files.",
		"For volume files (" + VolumeFiles.READABLE + "): size, voxel size, position and orientation in the patient (LPS), "
				+ "value range, and for label maps the voxels and volume of each label." })
final class InfoCommand implements Callable<Integer> {

	/** A volume whose values are all integers in 0..255 with at most this many distinct values is shown as a label map. */
	private static final int MAX_LABELS_SHOWN = 64;

	@Parameters(arity = "1..*", paramLabel = "PATH", description = "folders or DICOM files, or volume files")
	private Path[] files;

	@Option(names = "--json", description = "write JSON instead of text")
	private boolean json;

	@Option(names = "--label-preset", paramLabel = "NAME", description = "name the labels with a preset: ${COMPLETION-CANDIDATES}", completionCandidates = PresetNames.class)
	private String preset;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		final PrintWriter out = spec.commandLine().getOut();
		final LabelTable names = preset == null ? LabelTable.empty() : LabelPresets.byName(preset);
		final ArrayNode j = json ? Json.array() : null;
		for (final Path file : files) {
			if (isVolumeFile(file)) {
				final Volume<?> v = VolumeFiles.read(file);
				if (j != null)
					j.add(DicomInfo.volumeJson(v, file));
				else
					describe(v, file, names, out);
			} else {
				final DicomScan scan = DicomScanner.scan(file);
				if (j != null)
					j.add(DicomInfo.json(scan));
				else
					DicomInfo.text(scan, out);
			}
		}
		if (j != null)
			Json.write(out, j);
		return 0;
	}

	/** A regular file whose name ends as a volume file's does. */
	static boolean isVolumeFile(final Path file) {
		if (!Files.isRegularFile(file) || file.getFileName() == null)
			return false;
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		for (final String ending : VolumeFiles.READABLE.split(",\\s*"))
			if (name.endsWith(ending))
				return true;
		return false;
	}

	private static void describe(final Volume<?> v, final Path file, final LabelTable names, final PrintWriter out) {
		final VoxelGeometry g = v.geometry();
		final int[] d = v.dimensions();
		out.println(file);
		out.printf(Locale.ROOT, "  voxels       %d × %d × %d  (%s)%n", d[0], d[1], d[2], v.voxelTypeName());
		out.printf(Locale.ROOT, "  voxel size   %.4f × %.4f × %.4f mm%n", g.spacing(0), g.spacing(1), g.spacing(2));
		out.printf(Locale.ROOT, "  extent       %.1f × %.1f × %.1f mm%n", d[0] * g.spacing(0), d[1] * g.spacing(1), d[2] * g.spacing(2));
		final double[] o = g.origin();
		out.printf(Locale.ROOT, "  origin       (%.3f, %.3f, %.3f) mm, LPS%n", o[0], o[1], o[2]);
		final Vector3d c = new Vector3d();
		for (int a = 0; a < 3; a++) {
			g.direction().getColumn(a, c);
			out.printf(Locale.ROOT, "  axis %d       towards %-9s (%+.4f, %+.4f, %+.4f)%n", a, towards(c), c.x, c.y, c.z);
		}
		v.metadata().asMap().forEach((k, val) -> out.printf(Locale.ROOT, "  %-12s %s%n", k, val));
		final float[] values = Volumes.floatValues(v);
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		boolean labels = true;
		for (final float f : values) {
			min = Math.min(min, f);
			max = Math.max(max, f);
			labels &= f >= 0 && f <= LabelMap.MAX_LABEL && f == Math.rint(f);
		}
		out.printf(Locale.ROOT, "  values       %s .. %s%n", number(min), number(max));
		if (!labels)
			return;
		final LabelMap map = LabelMap.fromVolume(v, names);
		final int[] present = map.labelsPresent();
		if (present.length > MAX_LABELS_SHOWN)
			return;
		final long[] counts = map.counts();
		out.println("  label  voxels        volume (mm³)  name");
		for (final int l : present)
			out.printf(Locale.ROOT, "  %5d  %12d  %14.1f  %s%n", l, counts[l], counts[l] * g.voxelVolume(), names.name(l));
	}

	/** The patient direction an axis points to: the letter of its largest component, e.g. "left". */
	static String towards(final Vector3d c) {
		final double ax = Math.abs(c.x), ay = Math.abs(c.y), az = Math.abs(c.z);
		if (ax >= ay && ax >= az)
			return c.x > 0 ? "left" : "right";
		if (ay >= az)
			return c.y > 0 ? "posterior" : "anterior";
		return c.z > 0 ? "superior" : "inferior";
	}

	private static String number(final float f) {
		return f == Math.rint(f) && Math.abs(f) < 1e9 ? Long.toString((long) f) : String.format(Locale.ROOT, "%.6g", f);
	}

	/** The preset names, for the option's help. */
	static final class PresetNames implements Iterable<String> {
		@Override
		public java.util.Iterator<String> iterator() {
			return LabelPresets.names().iterator();
		}
	}
}
