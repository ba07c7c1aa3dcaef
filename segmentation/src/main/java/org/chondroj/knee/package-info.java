/**
 * Knee label maps: the structures of a knee ({@link org.chondroj.knee.KneeStructure}), which label values form them
 * ({@link org.chondroj.knee.LabelMapping}, presets in {@link org.chondroj.knee.LabelPresets}: {@code oai-akoa},
 * {@code oai-zib}, {@code clair}, or text such as {@code femur=1,tibial_cartilage=4+5}), and a label map read with one
 * ({@link org.chondroj.knee.KneeLabels}). The anatomy lives in {@code org.chondroj.knee.anatomy}; the cartilage
 * thickness engine in {@code org.chondroj.knee.cartilage}.
 */
package org.chondroj.knee;
