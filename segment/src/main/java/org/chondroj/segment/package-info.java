/**
 * Automatic segmentation of knee MRI: {@link org.chondroj.knee.KneeSegmenter} (images in, a label map in
 * ChondroJ's numbering out, with quality-control notes and the parameters used) and its built-in, classical
 * implementation {@link org.chondroj.segment.ClassicalSegmenter}: bias-field correction and tissue levels
 * (IntensityModel), bones (BoneSegmentation), cartilage (CartilageSegmentation) and bone-marrow lesions from a
 * fluid-sensitive series (LesionSegmentation); on a masked image (all but bone and cartilage at one level, such as a
 * knee template) bones and cartilage by their levels instead (MaskedImageSegmentation). All voxel work is on primitive arrays; results do not depend on the
 * number of threads.
 */
package org.chondroj.segment;
