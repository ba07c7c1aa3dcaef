package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.Segmentation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chondroj segment IMAGE [--model DIR] [--cartilage-series UID] [--lesion-series UID] --out FILE}: segmentation only. */
@Command(name = "segment", mixinStandardHelpOptions = true, header = "Segments one knee into a label map, without measuring it.", description = {
		"Segments one knee without measuring it: the label map (ChondroJ's numbering: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage, "
				+ "5 patella, 6 patellar cartilage, 7/8/9 lesions) on the cartilage image's own grid, written as a volume file (" + VolumeFiles.WRITABLE + ").",
		"IMAGE is a DICOM study folder (the series chosen as for analyze) or a volume file. With --model DIR, the learned model in DIR "
				+ "segments it; without, the built-in classical segmenter." })
final class SegmentCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "a DICOM study folder or a volume file")
	Path image;

	@Option(names = "--model", paramLabel = "DIR", description = "a learned model folder (model.json + model.onnx), checked before the image is read;"
			+ " default: the classical segmenter")
	Path model;

	@Option(names = "--cartilage-series", paramLabel = "UID", description = "the series to segment (default: chosen as for analyze)")
	String cartilageSeries;

	@Option(names = "--lesion-series", paramLabel = "UID", description = "the lesion series for the classical segmenter (default: chosen)")
	String lesionSeries;

	@Option(names = "--quiet", description = "no stage lines on the error stream while it works")
	boolean quiet;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "the label map to write (atomically), e.g. labels.nii.gz")
	Path out;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		// the model first: a bad one is refused before any image work
		final KneeAnalyzer analyzer = KneeAnalyzer.builder().model(model).progress(new StageLines(spec.commandLine().getErr(), quiet)).build();
		AtomicFiles.checkCanWriteFile(out);
		final Segmentation s = analyzer.segment(image, new KneeAnalyzer.SeriesChoice(cartilageSeries, lesionSeries));
		VolumeFiles.write(s.labels(), out);
		final PrintWriter p = spec.commandLine().getOut();
		p.printf(Locale.ROOT, "%s: %d × %d × %d labels, %s%n", out, s.labels().dimension(0), s.labels().dimension(1), s.labels().dimension(2),
				model == null ? "classical segmenter" : "model " + model + " (model.onnx SHA-256 " + s.parameters().get("model.onnx_sha256") + ")");
		final long[] counts = new long[256];
		for (final byte b : Volumes.byteData(s.labels()))
			counts[b & 0xff]++;
		final double voxel = s.labels().geometry().voxelVolume();
		for (final KneeStructure k : KneeStructure.values()) {
			final int value = LabelPresets.mapping("oai-akoa").values(k)[0];
			if (counts[value] > 0)
				p.printf(Locale.ROOT, "  %d %-20s %9d voxels %10.0f mm3%n", value, k.key(), counts[value], counts[value] * voxel);
		}
		for (final QcFlag f : s.flags())
			p.printf(Locale.ROOT, "  FLAG %s%n", f);
		for (final String q : s.qc())
			p.printf(Locale.ROOT, "  note: %s%n", q);
		return 0;
	}
}
