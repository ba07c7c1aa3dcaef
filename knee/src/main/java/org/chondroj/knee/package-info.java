/**
 * Knee label maps and the facades the front ends share. The structures of a knee
 * ({@link org.chondroj.knee.KneeStructure}), which label values form them ({@link org.chondroj.knee.LabelMapping},
 * presets in {@link org.chondroj.knee.LabelPresets}: {@code oai-akoa}, {@code oai-zib}, {@code clair}, or text such as
 * {@code femur=1,tibial_cartilage=4+5}), and a label map read with one ({@link org.chondroj.knee.KneeLabels}). The
 * measurement of one knee ({@link org.chondroj.knee.measure.KneeMeasurement}, from labels or from files) and the comparison of a
 * baseline and a follow-up from files or earlier results ({@link org.chondroj.analysis.KneeComparison}). The anatomy lives
 * in {@code org.chondroj.knee.anatomy}; the cartilage thickness engine in {@code org.chondroj.knee.cartilage}; change
 * tables in {@code org.chondroj.knee.compare}; output folders and reports in {@code org.chondroj.report}.
 */
package org.chondroj.knee;
