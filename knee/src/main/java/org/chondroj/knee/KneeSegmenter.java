package org.chondroj.knee;

import org.chondroj.core.Progress;
import org.chondroj.core.Volume;

/**
 * Segments a knee: from a cartilage image (a 3-D fat-suppressed series such as DESS or FLASH with water excitation) and
 * optionally a fluid-sensitive fat-suppressed lesion image (IW/PD/T2 FS, STIR), a label map in ChondroJ's numbering
 * (docs/DESIGN.md, OAI-AKOA: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial cartilage, 5 patella, 6 patellar cartilage,
 * 7/8/9 bone-marrow lesions) on the cartilage image's grid, with quality-control notes. {@link ClassicalSegmenter} is the
 * built-in, dependency-free implementation; a learned model plugs in by implementing this interface.
 */
public interface KneeSegmenter {

	/**
	 * @param cartilageImage the cartilage series as a volume with its patient geometry
	 * @param lesionImage    the lesion series, or {@code null} when there is none; it is aligned with the cartilage image
	 *                       through patient coordinates, so both must share a frame of reference
	 * @throws IllegalArgumentException when an image cannot be segmented (the message says why)
	 */
	Segmentation segment(Volume<?> cartilageImage, Volume<?> lesionImage);

	/**
	 * As {@link #segment(Volume, Volume)}, reporting its stages to {@code progress} (fractions 0–1 of the segmentation)
	 * and stopping when it asks to. A segmenter without stages of its own keeps this default: it checks for cancellation
	 * before it starts.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
	 */
	default Segmentation segment(final Volume<?> cartilageImage, final Volume<?> lesionImage, final Progress progress) {
		progress.check();
		return segment(cartilageImage, lesionImage);
	}
}
