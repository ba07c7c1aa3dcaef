package org.chondroj.knee;

import java.util.List;
import java.util.Map;

import org.chondroj.core.Volume;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * What a {@link KneeSegmenter} produced: the label map (ChondroJ's OAI-AKOA numbering, on the cartilage image's grid,
 * carrying that image's metadata such as its laterality), one quality-control note per structure and step, the
 * parameters used (name → value as text, written into the results), and the cartilage image segmented (for overlays).
 */
public record Segmentation(Volume<UnsignedByteType> labels, List<String> qc, Map<String, String> parameters, Volume<?> image) {

	public Segmentation {
		qc = List.copyOf(qc);
		parameters = Map.copyOf(parameters);
	}

	/** The label map as {@link KneeLabels} (preset {@code oai-akoa}). */
	public KneeLabels kneeLabels() {
		return KneeLabels.of(labels, LabelPresets.mapping("oai-akoa"));
	}
}
