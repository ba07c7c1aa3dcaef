package org.chondroj.batch;

import java.util.List;

import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.results.ScanReport;

/**
 * A cohort's results as the store holds them, in output order (knees by subject and side, each knee's scans in time
 * order): what {@link CohortTables} and {@link CohortReport} are written from. Immutable.
 *
 * @param scans           every scan with a stored row
 * @param pairs           every pair with a stored comparison row
 * @param keepIdentifiers whether subjects are named by their identifiers (else by pseudonyms)
 */
public record Cohort(List<Scan> scans, List<Pair> pairs, boolean keepIdentifiers) {

	public Cohort {
		scans = List.copyOf(scans);
		pairs = List.copyOf(pairs);
	}

	/**
	 * A scan: its row, its place in its knee's time order (0 = baseline), and its report when done (else null).
	 */
	public record Scan(ResultsStore.ScanRow row, int order, ScanReport report) {
	}

	/** A pair: its row and, when done, its comparison (else null). */
	public record Pair(ResultsStore.ComparisonRow row, Comparison comparison) {
	}
}
