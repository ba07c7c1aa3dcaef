package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.core.Volume;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.dicom.DicomVolumes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chondroj convert PATH [--series ID] --out FILE}: one DICOM series stack as a volume file. */
@Command(name = "convert", mixinStandardHelpOptions = true, header = "Writes one DICOM series as a volume file (NIfTI or MetaImage).", description = {
		"Writes one DICOM series as a volume file (" + VolumeFiles.WRITABLE + "), slices sorted by position, geometry checked.",
		"The series id is as 'chondroj info' prints it (SeriesInstanceUID, plus a suffix such as #echo2 for split series)." })
final class ConvertCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "PATH", description = "a folder of DICOM files, or one DICOM file")
	private Path input;

	@Option(names = "--series", paramLabel = "ID", description = "the series stack to write; may be omitted if PATH holds one only")
	private String series;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "the volume file to write (atomically)")
	private Path out;

	@Option(names = "--allow-nonuniform-spacing", description = "accept missing slices and non-uniform slice spacing (mean spacing used, recorded in the metadata)")
	private boolean allowNonUniform;

	@Option(names = "--philips-precise-scaling", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "apply the Philips private scale slope (2005,100E) where present, as dcm2niix does (default); --no-philips-precise-scaling keeps the displayed values")
	private boolean philipsPrecise;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		final DicomVolumes.Options options = DicomVolumes.Options.defaults().allowNonUniformSpacing(allowNonUniform).philipsPreciseScaling(philipsPrecise);
		AtomicFiles.checkCanWriteFile(out); // before reading
		final Volume<?> v = DicomVolumes.read(input, series, options);
		VolumeFiles.write(v, out);
		final PrintWriter w = spec.commandLine().getOut();
		w.printf(Locale.ROOT, "%s: %d × %d × %d %s, series %s%n", out, v.dimension(0), v.dimension(1), v.dimension(2),
				v.voxelTypeName(), v.metadata().get(DicomVolumes.SERIES_ID));
		return 0;
	}
}
