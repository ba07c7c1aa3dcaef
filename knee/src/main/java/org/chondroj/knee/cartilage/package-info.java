/**
 * Cartilage thickness on sub-voxel surfaces. {@link org.chondroj.knee.cartilage.BoneCartilage} holds one bone and its
 * cartilage (from a label map, two masks or partial-volume fractions), cropped to where the cartilage is;
 * {@link org.chondroj.knee.cartilage.ThicknessMaps} makes the bone and articular surfaces (Gaussian-smoothed fields,
 * marching cubes, patient millimetres), measures the thickness by the symmetric nearest-neighbour rule with exact
 * point-to-triangle distances, and returns a {@link org.chondroj.knee.cartilage.ThicknessMap}: per bone vertex its
 * coverage, thickness, area and cartilage volume, per articular vertex its kind and height. Any set of bone vertices
 * (a plate, a subregion, assigned later by the regions code) aggregates into
 * {@link org.chondroj.knee.cartilage.RegionMeasures} with the keys of docs/DESIGN.md (VC, tAB, cAB, dAB, AC, ThCcAB, ThCtAB,
 * ThCcAB_max, ThCcAB_sd).
 */
package org.chondroj.knee.cartilage;
