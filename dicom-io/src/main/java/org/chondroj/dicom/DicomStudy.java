package org.chondroj.dicom;

import java.util.Collections;
import java.util.List;

/**
 * One DICOM study (StudyInstanceUID) found by {@link DicomScanner}: its identifying attributes (from the first file
 * of its first series) and its series stacks, ordered by SeriesNumber, then id.
 *
 * @param studyInstanceUID StudyInstanceUID, or "" if the files have none
 * @param description StudyDescription, or ""
 * @param date StudyDate (YYYYMMDD), or ""
 * @param patientId PatientID, or ""
 * @param series the stacks (read-only)
 */
public record DicomStudy(String studyInstanceUID, String description, String date, String patientId, List<DicomSeries> series) {

	public DicomStudy {
		series = Collections.unmodifiableList(List.copyOf(series));
	}
}
