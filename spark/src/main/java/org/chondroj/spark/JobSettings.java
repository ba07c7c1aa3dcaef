package org.chondroj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.batch.BatchRun;
import org.chondroj.core.Laterality;
import org.chondroj.knee.LabelMapping;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.measure.KneeMeasurement;

/**
 * How a cohort is run, as text that travels to the executors: the batch's options ({@link BatchRun.Options}) that are
 * not the machine's (threads and heap are the cluster's), each executor building the same options from it once
 * ({@link #options}). Immutable, serializable.
 *
 * @param retryFailed     process again the scans and pairs that failed before
 * @param keepIdentifiers name subjects by their identifiers (else pseudonyms)
 * @param salt            the pseudonym salt, or null: the store's, or a new random one kept in it
 * @param model           the folder of a learned segmentation model (visible to every executor), or null for the
 *                        classical segmenter
 * @param labelPreset     the label numbering of label maps without a preset of their own: a preset's name, or null
 *                        when {@code labelMapping} is given
 * @param labelMapping    a custom numbering instead ({@link LabelMapping#toText}), or null
 * @param side            the side of scans without one: "left", "right", or null to let the analysis decide
 * @param weightBearing   the weight-bearing fraction of cMF/cLF
 * @param strictLabels    refuse label maps holding values their numbering does not name
 * @param dicomOutputs    also write each scan's DICOM Segmentation and TID 1500 SR
 */
public record JobSettings(boolean retryFailed, boolean keepIdentifiers, String salt, String model, String labelPreset, String labelMapping, String side,
		double weightBearing, boolean strictLabels, boolean dicomOutputs) implements Serializable {

	private static final long serialVersionUID = 1L;

	/** Options built on this JVM, by settings (an analyzer with a learned model loads it once per executor). */
	private static final Map<JobSettings, BatchRun.Options> BUILT = new ConcurrentHashMap<>();

	/** The settings of {@code options} (its threads and heap are not carried: each executor has its own). */
	public static JobSettings of(final BatchRun.Options options, final Path model) {
		final KneeMeasurement.Options a = options.analysis();
		return new JobSettings(options.retryFailed(), options.keepIdentifiers(), options.salt(), model == null ? null : model.toAbsolutePath().toString(),
				custom(options.mapping()) ? null : options.mapping().name(), custom(options.mapping()) ? options.mapping().toText() : null, a.side() == null || a.side() == Laterality.UNKNOWN ? null : a.side().name(), a.weightBearingFraction(),
				options.analyzer().strictLabels(), options.dicomOutputs());
	}

	private static boolean custom(final LabelMapping m) {
		return "custom".equals(m.name());
	}

	/** The batch options of these settings on this JVM: its cores and heap, built once. */
	public BatchRun.Options options() {
		return BUILT.computeIfAbsent(this, s -> {
			try {
				final KneeMeasurement.Options a = KneeMeasurement.Options.defaults().withWeightBearingFraction(weightBearing)
						.withSide(side == null ? Laterality.UNKNOWN : Laterality.valueOf(side));
				final KneeAnalyzer analyzer = KneeAnalyzer.builder().model(model == null ? null : Path.of(model)).labelMapping(LabelPresets.resolve(labelPreset, labelMapping))
						.options(a).strictLabels(strictLabels).build();
				return BatchRun.Options.defaults().withRetryFailed(retryFailed).withKeepIdentifiers(keepIdentifiers).withSalt(salt).withAnalyzer(analyzer)
						.withDicomOutputs(dicomOutputs);
			} catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		});
	}
}
