package org.chondroj.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.Failures;
import org.chondroj.core.UntrustedText;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.compare.Visit;
import org.chondroj.knee.measure.KneeMeasurement;
import org.chondroj.knee.results.ResultsFiles;

/**
 * The pairs of a cohort and one pair's work, the same wherever it runs: each later time point of a knee is compared
 * with its first once both scans are done; a pair's stored comparison is current while its two scans' hashes and the
 * comparison's parameters are unchanged (and it is done, or failed and failures are not retried). Needs no store:
 * {@link #pairs} reads it, the caller stores what {@link #process} gives.
 */
public final class PairWork {

	/** What a pair needs. */
	public enum State {
		/** A scan of the pair failed or has no row: not compared. */
		NOT_COMPARABLE,
		/** Its stored comparison is current. */
		CURRENT,
		/** To compare now. */
		TO_DO
	}

	/**
	 * A pair of a knee: baseline and follow-up, their store key and output name, the output names of its scans, their
	 * stored rows (or null), the pair's stored row (or null) and its state.
	 */
	public record Pair(ScanInput baseline, ScanInput followUp, String key, String name, String baselineName, String followUpName, ResultsStore.ScanRow a,
			ResultsStore.ScanRow b, ResultsStore.ComparisonRow old, State state) {
	}

	private PairWork() {
	}

	/** Every pair of {@code plan}'s knees, in knee and time order, with what it needs given {@code store}. */
	public static List<Pair> pairs(final CohortPlan plan, final ResultsStore store, final BatchRun.Options options) throws IOException {
		final String parameters = parameterHash(options);
		final List<Pair> pairs = new ArrayList<>();
		for (final List<ScanInput> knee : plan.knees().values())
			for (int k = 1; k < knee.size(); k++) {
				final ScanInput a = knee.get(0), b = knee.get(k);
				final ResultsStore.ScanRow ra = store.scan(plan.key(a)), rb = store.scan(plan.key(b));
				final String key = plan.pairKey(a, b);
				final ResultsStore.ComparisonRow old = store.comparison(key);
				final State state = !comparable(ra, rb) ? State.NOT_COMPARABLE
						: old != null && old.inputHash().equals(inputHash(ra, rb)) && old.parameterHash().equals(parameters)
								&& (old.status().equals(ResultsStore.DONE) || !options.retryFailed()) ? State.CURRENT : State.TO_DO;
				pairs.add(new Pair(a, b, key, plan.pairName(a, b), plan.name(a), plan.name(b), ra, rb, old, state));
			}
		return pairs;
	}

	/** Whether both scans have rows and are done. */
	static boolean comparable(final ResultsStore.ScanRow a, final ResultsStore.ScanRow b) {
		return a != null && b != null && a.status().equals(ResultsStore.DONE) && b.status().equals(ResultsStore.DONE);
	}

	/** A pair's input hash: its two scans' input and parameter hashes. */
	static String inputHash(final ResultsStore.ScanRow a, final ResultsStore.ScanRow b) {
		return Hashes.text(a.inputHash(), a.parameterHash(), b.inputHash(), b.parameterHash());
	}

	/** Everything that changes a comparison besides its scans. */
	static String parameterHash(final BatchRun.Options options) {
		return Hashes.text(KneeMeasurement.VERSION, options.comparison().precision().describe().toString(), String.valueOf(options.comparison().force()),
				Double.toString(options.comparison().ovThreshold()), String.valueOf(options.keepIdentifiers()));
	}

	/**
	 * Compares the pair {@code key} from its scans' rows and folders and writes its folder; never throws for the pair's
	 * own problems (the row is then failed with the error).
	 *
	 * @param scanA  the baseline's folder, as {@link ScanWork#process} wrote it
	 * @param scanB  the follow-up's
	 * @param folder the pair's output folder (replaced)
	 * @return the row to store
	 */
	public static ResultsStore.ComparisonRow process(final String key, final String name, final ResultsStore.ScanRow a, final ResultsStore.ScanRow b,
			final Path scanA, final Path scanB, final Path folder, final BatchRun.Options options) {
		final long t0 = System.nanoTime();
		final String started = Instant.now().toString();
		String status = ResultsStore.DONE, error = null, results = null;
		try {
			AtomicFiles.deleteTree(folder);
			final Visit va = Visit.ofResults(scanA, ResultsFiles.parse(a.results()));
			final Visit vb = Visit.ofResults(scanB, ResultsFiles.parse(b.results()));
			KneeAnalyzer.write(options.analyzer().compare(va, vb), folder);
			results = Files.readString(KneeAnalyzer.resultsFile(folder));
		} catch (final IOException | RuntimeException | Error e) {
			// as a scan's: whatever the pair caused, a Java Error included
			status = ResultsStore.FAILED;
			error = UntrustedText.printable(Failures.describe(e, "give Java more (-Xmx)"));
		}
		return new ResultsStore.ComparisonRow(key, name, a.subject(), a.side(), a.timepoint(), b.timepoint(), a.group(), inputHash(a, b),
				parameterHash(options), status, error, results, started, (System.nanoTime() - t0) / 1e9);
	}
}
