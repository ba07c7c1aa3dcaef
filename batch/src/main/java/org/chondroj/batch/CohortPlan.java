package org.chondroj.batch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.chondroj.core.UntrustedText;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.results.ResultsFiles;

/**
 * Who is who in a cohort's outputs, whatever engine runs it ({@link BatchRun} on one machine, or a cluster): each
 * subject's output name (its pseudonym, or its printable identifier when identifiers are kept), each scan's name and
 * store key, each knee's scans in time order ({@link BatchRun#TIME_ORDER}) and each pair's key and name; and the
 * {@link Cohort} as a store holds it for these scans. Deterministic: the same scans, salt and choice give the same
 * names everywhere. Immutable.
 */
public final class CohortPlan {

	private final List<ScanInput> scans;
	private final boolean keepIdentifiers;
	private final Map<String, String> subjects = new TreeMap<>();
	private final Map<String, String> names = new LinkedHashMap<>();

	/**
	 * The plan of {@code scans} under {@code pseudonyms} (unused when identifiers are kept).
	 *
	 * @throws IllegalArgumentException when two scans have the same subject, side and time point, or would have the
	 *                                  same output name, naming both
	 */
	public CohortPlan(final List<ScanInput> scans, final Pseudonyms pseudonyms, final boolean keepIdentifiers) {
		this.scans = sortedUnique(scans);
		this.keepIdentifiers = keepIdentifiers;
		for (final ScanInput in : this.scans)
			subjects.put(in.subject(), keepIdentifiers ? UntrustedText.printable(in.subject()) : pseudonyms.of(in.subject()));
		final Map<String, ScanInput> byName = new TreeMap<>();
		for (final ScanInput in : this.scans) {
			final String name = BatchRun.fileName(subject(in), ScanInput.sideName(in.side()), in.timepoint());
			final ScanInput other = byName.put(name, in);
			if (other != null)
				throw new IllegalArgumentException("the scans " + ScanWork.quoted(other.origin()) + " and " + ScanWork.quoted(in.origin())
						+ " would both be named " + name + "; rename a time point");
			names.put(in.key(), name);
		}
	}

	/** The scans by their key ({@link ScanInput#key}); two with the same key are an error naming both. */
	static List<ScanInput> sortedUnique(final List<ScanInput> scans) {
		final Map<String, ScanInput> keys = new TreeMap<>();
		for (final ScanInput s : scans) {
			final ScanInput other = keys.put(s.key(), s);
			if (other != null)
				throw new IllegalArgumentException("two scans of subject " + ScanWork.quoted(s.subject()) + ", " + ScanInput.sideName(s.side())
						+ " knee, time point " + ScanWork.quoted(s.timepoint()) + ": " + ScanWork.quoted(other.origin()) + " and " + ScanWork.quoted(s.origin()));
		}
		return List.copyOf(keys.values());
	}

	/** The scans, by key. */
	public List<ScanInput> scans() {
		return scans;
	}

	public boolean keepIdentifiers() {
		return keepIdentifiers;
	}

	/** Subject identifier → output name, sorted by identifier (what {@link Pseudonyms#writeMapping} writes). */
	public Map<String, String> subjects() {
		return Collections.unmodifiableMap(subjects);
	}

	/** The scan's subject as the outputs name it. */
	public String subject(final ScanInput in) {
		return subjects.get(in.subject());
	}

	/** The scan's name in the outputs and its folder under {@link BatchRun#SCANS}. */
	public String name(final ScanInput in) {
		return names.get(in.key());
	}

	/** The store key: the subject as the outputs name it, side, time point as the outputs hold it. */
	public String key(final ScanInput in) {
		return subject(in) + "|" + ScanInput.sideName(in.side()) + "|" + ScanWork.timepoint(in);
	}

	/** The store key of the pair {@code baseline → followUp}. */
	public String pairKey(final ScanInput baseline, final ScanInput followUp) {
		return key(baseline) + "|" + ScanWork.timepoint(followUp);
	}

	/** The pair's name in the outputs and its folder under {@link BatchRun#COMPARISONS}. */
	public String pairName(final ScanInput baseline, final ScanInput followUp) {
		return BatchRun.fileName(subject(baseline), ScanInput.sideName(baseline.side()), baseline.timepoint(), followUp.timepoint());
	}

	/** The scans of each knee (by the subject's output name and side), in time order: study date, then time point. */
	public Map<String, List<ScanInput>> knees() {
		final Map<String, List<ScanInput>> knees = new TreeMap<>();
		for (final ScanInput in : scans)
			knees.computeIfAbsent(subject(in) + "|" + ScanInput.sideName(in.side()), k -> new ArrayList<>()).add(in);
		for (final List<ScanInput> k : knees.values())
			k.sort(BatchRun.TIME_ORDER);
		return knees;
	}

	/**
	 * The cohort as {@code store} holds it now, for these scans: every scan with a row, and every pair compared from
	 * its two scans as they are now ({@link PairWork#inputHash}).
	 */
	public Cohort cohort(final ResultsStore store, final Comparison.Options comparison) throws IOException {
		final List<Cohort.Scan> scanRows = new ArrayList<>();
		final List<Cohort.Pair> pairRows = new ArrayList<>();
		for (final List<ScanInput> knee : knees().values()) {
			for (int k = 0; k < knee.size(); k++) {
				final ResultsStore.ScanRow r = store.scan(key(knee.get(k)));
				if (r == null)
					continue;
				scanRows.add(new Cohort.Scan(r, k, r.status().equals(ResultsStore.DONE) ? ResultsFiles.parse(r.results()) : null));
			}
			for (int k = 1; k < knee.size(); k++) {
				// a pair counts when both scans are done and it was compared from them as they are now
				final ResultsStore.ComparisonRow c = store.comparison(pairKey(knee.get(0), knee.get(k)));
				final ResultsStore.ScanRow a = store.scan(key(knee.get(0))), b = store.scan(key(knee.get(k)));
				if (c == null || !PairWork.comparable(a, b) || !c.inputHash().equals(PairWork.inputHash(a, b)))
					continue;
				final Comparison result = c.status().equals(ResultsStore.DONE)
						? Comparison.of(ResultsFiles.parse(a.results()), ResultsFiles.parse(b.results()), comparison)
						: null;
				pairRows.add(new Cohort.Pair(c, result));
			}
		}
		return new Cohort(scanRows, pairRows, keepIdentifiers);
	}
}
