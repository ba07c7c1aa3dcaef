/**
 * Synthetic knee MRI with exact ground truth. The anatomy is continuous: {@link org.chondroj.phantom.KneeModel} (a
 * {@link org.chondroj.phantom.KneeAnatomy}) builds a knee in its own frame from {@link org.chondroj.phantom.AnatomyConfig}
 * (side, size, pose, cartilage thickness, defects, lesions, joint spaces) with bones as 1-Lipschitz implicit solids and
 * the cartilage of each plate as an exact shell on a sphere patch ({@link org.chondroj.phantom.Plate}).
 * {@link org.chondroj.phantom.PhantomTruth} integrates the measures of docs/DESIGN.md over those patches (not over voxels)
 * on the phantom's own analytic {@link org.chondroj.phantom.Landmarks}, and {@link org.chondroj.phantom.TruthWriter}
 * writes them as {@code truth.json}. The image side ({@link org.chondroj.phantom.Rasterizer} and the generators) only
 * asks the anatomy what tissue is where.
 */
package org.chondroj.phantom;
