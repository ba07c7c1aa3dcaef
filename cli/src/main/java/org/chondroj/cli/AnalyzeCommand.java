package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.QcFlag;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.MoaksSubregion;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj analyze PATH [--labels FILE [--label-preset NAME | --labels-mapping TEXT]] [--cartilage-series UID] [--lesion-series UID]
 * [--model DIR] [--side] [--dicom-outputs] --out DIR}: one knee, segmented from its images or measured from its label map.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, header = "Measures one knee: cartilage thickness, volume, marrow lesions.", description = {
		"Measures one knee: segments it from its images (a DICOM study folder: the cartilage and lesion series are chosen and reported), "
				+ "or takes its label map; then cartilage thickness, volume and areas per plate and subregion (Eckstein 2006, Wirth & Eckstein 2008 "
				+ "nomenclature) and bone-marrow lesions per compartment. Writes DIR/results.json, measurements.csv, thickness maps (PNG and "
				+ "thickness.nii.gz), report.html, and when segmented labels.nii.gz and overlay.png (and with --dicom-outputs segmentation.dcm and measurements.dcm); DIR appears "
				+ "whole or not at all." })
final class AnalyzeCommand implements Callable<Integer> {

	@Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "the image (DICOM study folder or volume file): segmented when no --labels"
			+ " are given; with --labels, its recorded side is used when the label map has none and the label map's own geometry is measured")
	Path image;

	@Option(names = "--cartilage-series", paramLabel = "UID", description = "the series to segment cartilage and bone on (default: chosen from the"
			+ " sequence parameters and descriptions)")
	String cartilageSeries;

	@Option(names = "--lesion-series", paramLabel = "UID", description = "the fluid-sensitive fat-suppressed series to segment lesions on (default: chosen)")
	String lesionSeries;

	@Option(names = "--labels", paramLabel = "FILE", description = "a label map (" + org.chondroj.core.io.VolumeFiles.READABLE + ")")
	Path labels;

	@Mixin
	MeasurementOptions measurement;

	@Option(names = "--dicom-outputs", description = "also write DIR/segmentation.dcm, the labels as a DICOM Segmentation of the series they were"
			+ " segmented on (its frame of reference, study and patient), and DIR/measurements.dcm, the results as a DICOM SR (TID 1500"
			+ " Measurement Report) on it; with --labels both have the label map's own geometry and frame of reference, and no source series")
	boolean dicomOutputs;

	@Option(names = "--quiet", description = "no stage lines on the error stream while it works")
	boolean quiet;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "the output folder to create (must not exist, or be empty)")
	Path out;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		// a labels mapping overrides the preset here (compare and batch refuse both)
		final KneeAnalyzer analyzer = KneeAnalyzer.builder().model(measurement.model) // a model is checked before any image is read
				.labelMapping(LabelPresets.resolve(measurement.mapping == null ? measurement.preset : null, measurement.mapping))
				.options(measurement.analysis()).strictLabels(measurement.strict).progress(new StageLines(spec.commandLine().getErr(), quiet)).build();
		if (image == null && labels == null)
			throw new IllegalArgumentException("nothing to analyse: give an image, a label map, or both");
		AtomicFiles.checkCanCreateFolder(out); // before the work, which may take a minute
		final KneeMeasurement.Result result = labels != null ? analyzer.analyzeLabelMap(labels, image)
				: analyzer.analyzeStudy(image, new KneeAnalyzer.SeriesChoice(cartilageSeries, lesionSeries));
		final String name = result.report().scan();
		final Path folder = out.toAbsolutePath().normalize();
		if (dicomOutputs)
			analyzer.writeWithDicomOutputs(result, labels != null ? null : image, folder);
		else
			KneeAnalyzer.write(result, folder);
		final ScanReport r = result.report();
		final PrintWriter p = spec.commandLine().getOut();
		p.printf(Locale.ROOT, "%s: %s knee (%s)%n", name, r.side().name().toLowerCase(Locale.ROOT), r.sideSource());
		p.printf(Locale.ROOT, "  %-5s %8s %8s %9s %9s %6s%n", "plate", "ThCtAB", "ThCcAB", "VC", "tAB", "dAB");
		for (final Region plate : Region.SUMMARY)
			if (r.regions().containsKey(plate))
				p.printf(Locale.ROOT, "  %-5s %6.3f mm %6.3f mm %6.0f mm3 %6.0f mm2 %5.1f%%%n", plate, r.value(plate, Metric.ThCtAB), r.value(plate, Metric.ThCcAB),
						r.value(plate, Metric.VC), r.value(plate, Metric.tAB), r.value(plate, Metric.dAB));
		final StringBuilder moaks = new StringBuilder();
		for (final LesionRegion c : r.lesions().keySet())
			if (c instanceof Compartment && r.lesionValue(c, LesionMetric.VOLUME) > 0)
				p.printf(Locale.ROOT, "  lesion %-3s %7.0f mm3, %.1f %% of its subchondral region, MOAKS %d%n", c.key(), r.lesionValue(c, LesionMetric.VOLUME),
						r.lesionValue(c, LesionMetric.SHARE), (int) r.lesionValue(c, LesionMetric.MOAKS_GRADE));
			else if (c instanceof MoaksSubregion && r.lesionValue(c, LesionMetric.VOLUME) > 0)
				moaks.append(String.format(Locale.ROOT, "%s %d (%.0f mm3)  ", c.key(), (int) r.lesionValue(c, LesionMetric.MOAKS_GRADE),
						r.lesionValue(c, LesionMetric.VOLUME)));
		if (moaks.length() > 0)
			p.printf(Locale.ROOT, "  MOAKS size  %s%n", moaks.toString().strip());
		for (final QcFlag f : r.flags())
			p.printf(Locale.ROOT, "  FLAG %s%n", f);
		for (final String q : r.qc())
			p.printf(Locale.ROOT, "  check: %s%n", q);
		p.printf(Locale.ROOT, "  results  %s%n  report   %s%n", folder.resolve("results.json"), folder.resolve("report.html"));
		if (result.segmentation() != null)
			p.printf(Locale.ROOT, "  labels   %s%n  overlay  %s%n", KneeAnalyzer.labelsFile(folder), KneeAnalyzer.overlayFile(folder));
		if (dicomOutputs)
			p.printf(Locale.ROOT, "  DICOM segmentation  %s%n  DICOM SR            %s%n", folder.resolve(org.chondroj.analysis.DicomOutputs.SEGMENTATION),
					folder.resolve(org.chondroj.analysis.DicomOutputs.MEASUREMENTS));
		return 0;
	}
}
