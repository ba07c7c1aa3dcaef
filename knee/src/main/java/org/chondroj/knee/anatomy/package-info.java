/**
 * The knee's anatomy from its label map: the knee frame ({@link org.chondroj.knee.anatomy.KneeFrame}: axes lateral,
 * anterior, proximal, and the side with its evidence), the femoral landmarks that cut the cartilage into plates
 * ({@link org.chondroj.knee.anatomy.KneeLandmarks}: notch midline and anterior end, condyles' posterior ends,
 * weight-bearing boundaries), the plates and subregions of bone-surface points on primitive arrays
 * ({@link org.chondroj.knee.anatomy.Regions}, {@link org.chondroj.knee.nomenclature.Region}) and the lesion compartments of
 * bone voxels ({@link org.chondroj.knee.anatomy.BoneCompartments}); {@link org.chondroj.knee.anatomy.KneeAnatomy} does
 * it all in one call. Every definition is written in the Javadoc so that the phantom, which computes the same
 * landmarks and plates analytically, and this code are two implementations of one definition. All positions are LPS
 * millimetres or knee coordinates (mm) of a frame.
 */
package org.chondroj.knee.anatomy;
