package org.chondroj.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Laterality;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;

import picocli.CommandLine.Option;

/**
 * The measurement options that {@code analyze}, {@code compare} and {@code batch} share (a picocli mixin): the label
 * numbering of label maps and whether values outside it are refused, the knee's side and the weight-bearing fraction.
 */
final class MeasurementOptions {

	@Option(names = "--label-preset", paramLabel = "NAME", description = "the label numbering of label maps: oai-akoa (default, ChondroJ's own), oai-zib, clair")
	String preset;

	@Option(names = "--labels-mapping", paramLabel = "TEXT", description = "a custom numbering instead, e.g. femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4+5")
	String mapping;

	@Option(names = "--side", paramLabel = "left|right", description = "the knee's side of the scans measured here when known (default: from the metadata, else from the anatomy)")
	PhantomCommand.Side side;

	@Option(names = "--strict", description = "refuse a label map holding values that its numbering does not name (default: measured without them, with a quality note saying which)")
	boolean strict;

	@Option(names = "--weight-bearing", paramLabel = "F", defaultValue = "0.6", description = "weight-bearing fraction of cMF/cLF: 0.6 (default) or 0.75")
	double weightBearing;

	@Option(names = "--model", paramLabel = "DIR", description = "segment images with the learned model in DIR (model.json + model.onnx, README"
			+ " \"Learned models (ONNX)\") instead of the built-in classical segmenter; checked before any image is read")
	Path model;

	/** The label numbering: the preset or the mapping (an error when both are given), oai-akoa when neither. */
	LabelMapping labelMapping() {
		return LabelPresets.resolve(preset, mapping);
	}

	/** The analyzer (the --model's segmenter, else the built-in one) with this label numbering, side and weight-bearing fraction. */
	KneeAnalyzer analyzer() throws IOException {
		return KneeAnalyzer.builder().model(model).labelMapping(labelMapping()).options(analysis()).strictLabels(strict).build();
	}

	/** The analysis options with this side and weight-bearing fraction. */
	KneeMeasurement.Options analysis() {
		return KneeMeasurement.Options.defaults().withWeightBearingFraction(weightBearing).withSide(side == null ? Laterality.UNKNOWN : side.laterality);
	}
}
