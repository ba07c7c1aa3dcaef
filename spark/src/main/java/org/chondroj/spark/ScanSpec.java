package org.chondroj.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import org.chondroj.batch.ScanInput;
import org.chondroj.core.Laterality;

/**
 * A {@link ScanInput} as text, to travel to an executor: its paths as absolute local paths, which every executor must
 * see at the same place (a shared file system: NFS, Lustre, a mounted bucket). Immutable, serializable.
 */
record ScanSpec(String subject, String timepoint, String side, String path, String labels, String labelPreset, String group, String studyDate,
		String cartilageSeries, List<String> files, long voxels, String origin, List<String> uids) implements Serializable {

	private static final long serialVersionUID = 1L;

	static ScanSpec of(final ScanInput in) {
		return new ScanSpec(in.subject(), in.timepoint(), in.side().name(), text(in.path()), text(in.labels()), in.labelPreset(), in.group(), in.studyDate(),
				in.cartilageSeries(), in.files().stream().map(ScanSpec::text).toList(), in.voxels(), in.origin(), in.uids());
	}

	ScanInput input() {
		return new ScanInput(subject, timepoint, Laterality.valueOf(side), Path.of(path), labels == null ? null : Path.of(labels), labelPreset, group,
				studyDate, cartilageSeries, files.stream().map(Path::of).toList(), voxels, origin, uids);
	}

	private static String text(final Path p) {
		return p == null ? null : p.toString();
	}
}
