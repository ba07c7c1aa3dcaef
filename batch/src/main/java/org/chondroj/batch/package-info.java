/**
 * Batch processing of study cohorts, the library behind {@code chondroj batch}: the scans of a cohort, from a study
 * folder tree ({@link org.chondroj.batch.CohortDiscovery}: subjects, time points and sides from the DICOM headers)
 * or a manifest CSV ({@link org.chondroj.batch.Manifest}), are analysed in parallel within the heap
 * ({@link org.chondroj.batch.BatchRun}), each result committed to an SQLite results store in the output folder
 * ({@link org.chondroj.batch.ResultsStore}) so that a killed run resumes where it stopped; every baseline and
 * follow-up of one knee is compared; the cohort tables ({@link org.chondroj.batch.CohortTables}) and the cohort
 * summary ({@link org.chondroj.batch.CohortReport}) are written from the store. Subjects appear under a salted
 * pseudonym ({@link org.chondroj.batch.Pseudonyms}) unless identifiers are kept on purpose.
 */
package org.chondroj.batch;
