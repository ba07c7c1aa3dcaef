/**
 * Knee label maps and the segmenter plug-in point. The structures of a knee ({@link org.chondroj.knee.KneeStructure}),
 * which label values form them ({@link org.chondroj.knee.LabelMapping}, presets in
 * {@link org.chondroj.knee.LabelPresets}: {@code oai-akoa}, {@code oai-zib}, {@code clair}, or text such as
 * {@code femur=1,tibial_cartilage=4+5}), and a label map read with one ({@link org.chondroj.knee.KneeLabels}); a
 * segmenter of images ({@link org.chondroj.knee.KneeSegmenter}) and what it returns
 * ({@link org.chondroj.knee.Segmentation}). The vocabulary of results lives in {@code org.chondroj.knee.nomenclature},
 * the anatomy in {@code org.chondroj.knee.anatomy}, the thickness engine in {@code org.chondroj.knee.cartilage}, the
 * lesions in {@code org.chondroj.knee.lesion}, a scan's results in {@code org.chondroj.knee.results}, the measurement of
 * one knee in {@code org.chondroj.knee.measure} and the comparison of two in {@code org.chondroj.knee.compare} (the
 * module's README.md). Front ends and embedders reach all of it through {@code org.chondroj.analysis.KneeAnalyzer}.
 */
package org.chondroj.knee;
