package org.chondroj.knee;

import java.util.List;
import java.util.Map;

import org.chondroj.core.Volume;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * What a {@link KneeSegmenter} produced: the label map (ChondroJ's OAI-AKOA numbering, on the cartilage image's grid,
 * carrying that image's metadata such as its laterality), one quality-control note per structure and step, the
 * parameters used (name → value as text, written into the results), the cartilage image segmented (for overlays), the
 * quality-control flags a reader should act on ({@link QcFlag}: what was rejected, what is uncertain) and, where the
 * segmenter rejected tissue it had first taken for a structure, those voxels with the label they had (on the same grid;
 * {@code null} when nothing was rejected or the segmenter does not say), which the overlay shows.
 */
public record Segmentation(Volume<UnsignedByteType> labels, List<String> qc, Map<String, String> parameters, Volume<?> image, List<QcFlag> flags,
		Volume<UnsignedByteType> rejected) {

	public Segmentation {
		qc = List.copyOf(qc);
		parameters = Map.copyOf(parameters);
		flags = List.copyOf(flags);
	}

	/** A segmentation without rejected voxels. */
	public Segmentation(final Volume<UnsignedByteType> labels, final List<String> qc, final Map<String, String> parameters, final Volume<?> image,
			final List<QcFlag> flags) {
		this(labels, qc, parameters, image, flags, null);
	}

	/** A segmentation without flags or rejected voxels. */
	public Segmentation(final Volume<UnsignedByteType> labels, final List<String> qc, final Map<String, String> parameters, final Volume<?> image) {
		this(labels, qc, parameters, image, List.of(), null);
	}

	/** The label map as {@link KneeLabels} (preset {@code oai-akoa}). */
	public KneeLabels kneeLabels() {
		return KneeLabels.of(labels, LabelPresets.mapping("oai-akoa"));
	}
}
