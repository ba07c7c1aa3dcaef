package org.chondroj.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sqlite.SQLiteConfig;

/**
 * The results store of a batch: an SQLite database ({@value #FILE} in the output folder, write-ahead log) with one row
 * per scan and one per comparison: identity, input and parameter hash, status ({@code done} or {@code failed}), the
 * error, the results ({@code results.json} text) and the timings. Each row is written in its own transaction, so a
 * process killed at any moment loses at most the scans in flight, never a half-written row; rewriting a row (a scan
 * processed again) replaces it. Subjects are stored as the outputs name them (pseudonyms unless identifiers are kept).
 * Schema version {@value #SCHEMA_VERSION}, in the table {@code meta}; a store of another version is refused. The
 * methods are synchronized (one connection); other processes may read the store while it is written.
 */
public final class ResultsStore implements AutoCloseable {

	/** The store's file name in the output folder. */
	public static final String FILE = "batch.sqlite";
	/** The schema version this code reads and writes. */
	public static final int SCHEMA_VERSION = 1;
	/** Row statuses. */
	public static final String DONE = "done", FAILED = "failed";

	/**
	 * A scan's row.
	 *
	 * @param scan          the scan's key: subject, side, time point ({@code S-…|right|20200106})
	 * @param name          its name in outputs and its folder under {@code scans/}
	 * @param results       {@code results.json} text when done, else null
	 * @param started       when processing started (ISO-8601 instant); a timing, not compared between runs
	 * @param seconds       how long it took; a timing
	 * @param heapEstimateMb the heap estimate it ran under ({@link HeapBudget}), MB
	 */
	public record ScanRow(String scan, String name, String subject, String side, String timepoint, String studyDate, String group, String inputHash,
			String parameterHash, String status, String error, String results, String started, double seconds, double heapEstimateMb) implements Serializable {

		private static final long serialVersionUID = 1L;

		/** This row without its timings (for comparing stores of two runs). */
		public ScanRow withoutTimings() {
			return new ScanRow(scan, name, subject, side, timepoint, studyDate, group, inputHash, parameterHash, status, error, results, "", 0, 0);
		}
	}

	/**
	 * A comparison's row: the pair {@code baseline → followUp} of one knee.
	 *
	 * @param pair    the pair's key ({@code S-…|right|20200106|20210111})
	 * @param results the comparison's {@code results.json} text when done, else null
	 */
	public record ComparisonRow(String pair, String name, String subject, String side, String baseline, String followUp, String group, String inputHash,
			String parameterHash, String status, String error, String results, String started, double seconds) implements Serializable {

		private static final long serialVersionUID = 1L;

		/** This row without its timings. */
		public ComparisonRow withoutTimings() {
			return new ComparisonRow(pair, name, subject, side, baseline, followUp, group, inputHash, parameterHash, status, error, results, "", 0);
		}
	}

	private final Path file;
	private final Connection connection;

	private ResultsStore(final Path file, final Connection connection) {
		this.file = file;
		this.connection = connection;
	}

	/**
	 * Opens (creating if needed) the store {@code file}.
	 *
	 * @throws IOException naming the file when it cannot be opened, is not a store, or has another schema version
	 */
	public static ResultsStore open(final Path file) throws IOException {
		final SQLiteConfig config = new SQLiteConfig();
		config.setJournalMode(SQLiteConfig.JournalMode.WAL);
		config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
		config.setBusyTimeout(30_000);
		final ResultsStore s = connect(file, config);
		try {
			s.create();
		} catch (final IOException | RuntimeException e) {
			s.close();
			throw e;
		}
		return s;
	}

	/** Opens an existing store to read while another process may be writing it (e.g. to watch a run). */
	public static ResultsStore openReadOnly(final Path file) throws IOException {
		final SQLiteConfig config = new SQLiteConfig();
		config.setReadOnly(true);
		config.setBusyTimeout(30_000);
		return connect(file, config);
	}

	private static ResultsStore connect(final Path file, final SQLiteConfig config) throws IOException {
		try {
			return new ResultsStore(file, config.createConnection("jdbc:sqlite:" + file.toAbsolutePath()));
		} catch (final SQLException e) {
			throw new IOException(file + ": cannot open the results store: " + e.getMessage(), e);
		}
	}

	private void create() throws IOException {
		try (Statement st = connection.createStatement()) {
			connection.setAutoCommit(false);
			st.executeUpdate("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
			st.executeUpdate("CREATE TABLE IF NOT EXISTS scans(scan TEXT PRIMARY KEY, name TEXT NOT NULL, subject TEXT NOT NULL, side TEXT NOT NULL,"
					+ " timepoint TEXT NOT NULL, study_date TEXT NOT NULL, grp TEXT NOT NULL, input_hash TEXT NOT NULL, parameter_hash TEXT NOT NULL,"
					+ " status TEXT NOT NULL CHECK (status IN ('done', 'failed')), error TEXT, results TEXT, started TEXT, seconds REAL,"
					+ " heap_estimate_mb REAL)");
			st.executeUpdate("CREATE TABLE IF NOT EXISTS comparisons(pair TEXT PRIMARY KEY, name TEXT NOT NULL, subject TEXT NOT NULL, side TEXT NOT NULL,"
					+ " baseline TEXT NOT NULL, followup TEXT NOT NULL, grp TEXT NOT NULL, input_hash TEXT NOT NULL, parameter_hash TEXT NOT NULL,"
					+ " status TEXT NOT NULL CHECK (status IN ('done', 'failed')), error TEXT, results TEXT, started TEXT, seconds REAL)");
			st.executeUpdate("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
			connection.commit();
			connection.setAutoCommit(true);
		} catch (final SQLException e) {
			throw new IOException(file + ": not a ChondroJ results store, or unwritable: " + e.getMessage(), e);
		}
		final String v = meta("schema_version");
		if (!Integer.toString(SCHEMA_VERSION).equals(v))
			throw new IOException(file + ": results store of schema version " + v + ", this ChondroJ reads version " + SCHEMA_VERSION
					+ "; write the batch into a new output folder");
	}

	/** The store's file. */
	public Path file() {
		return file;
	}

	/** A value of the {@code meta} table, or null. */
	public synchronized String meta(final String key) throws IOException {
		final List<String> values = query("SELECT value FROM meta WHERE key = ?", r -> r.getString(1), key);
		return values.isEmpty() ? null : values.get(0);
	}

	/** Sets a value of the {@code meta} table (one transaction). */
	public synchronized void meta(final String key, final String value) throws IOException {
		update("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", key, value);
	}

	/** The row of {@code scan}, or null. */
	public synchronized ScanRow scan(final String scan) throws IOException {
		final List<ScanRow> rows = scans("WHERE scan = ?", scan);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** Every scan row, by key. */
	public synchronized List<ScanRow> scans() throws IOException {
		return scans("");
	}

	private List<ScanRow> scans(final String where, final Object... args) throws IOException {
		return query("SELECT scan, name, subject, side, timepoint, study_date, grp, input_hash, parameter_hash, status, error, results, started, seconds,"
				+ " heap_estimate_mb FROM scans " + where + " ORDER BY scan",
				r -> new ScanRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
						r.getString(8), r.getString(9), r.getString(10), r.getString(11), r.getString(12), r.getString(13), r.getDouble(14), r.getDouble(15)),
				args);
	}

	/** Writes (or replaces) a scan's row in one transaction. */
	public synchronized void put(final ScanRow s) throws IOException {
		update("INSERT OR REPLACE INTO scans(scan, name, subject, side, timepoint, study_date, grp, input_hash, parameter_hash, status, error, results,"
				+ " started, seconds, heap_estimate_mb) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.scan(), s.name(), s.subject(), s.side(),
				s.timepoint(), s.studyDate(), s.group(), s.inputHash(), s.parameterHash(), s.status(), s.error(), s.results(), s.started(), s.seconds(),
				s.heapEstimateMb());
	}

	/** The row of {@code pair}, or null. */
	public synchronized ComparisonRow comparison(final String pair) throws IOException {
		final List<ComparisonRow> rows = comparisons("WHERE pair = ?", pair);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** Every comparison row, by key. */
	public synchronized List<ComparisonRow> comparisons() throws IOException {
		return comparisons("");
	}

	private List<ComparisonRow> comparisons(final String where, final Object... args) throws IOException {
		return query("SELECT pair, name, subject, side, baseline, followup, grp, input_hash, parameter_hash, status, error, results, started, seconds"
				+ " FROM comparisons " + where + " ORDER BY pair",
				r -> new ComparisonRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
						r.getString(8), r.getString(9), r.getString(10), r.getString(11), r.getString(12), r.getString(13), r.getDouble(14)),
				args);
	}

	/** Writes (or replaces) a comparison's row in one transaction. */
	public synchronized void put(final ComparisonRow c) throws IOException {
		update("INSERT OR REPLACE INTO comparisons(pair, name, subject, side, baseline, followup, grp, input_hash, parameter_hash, status, error,"
				+ " results, started, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", c.pair(), c.name(), c.subject(), c.side(), c.baseline(),
				c.followUp(), c.group(), c.inputHash(), c.parameterHash(), c.status(), c.error(), c.results(), c.started(), c.seconds());
	}

	/** How a query's row becomes a value. */
	@FunctionalInterface
	private interface RowReader<T> {
		T read(ResultSet r) throws SQLException;
	}

	/** The rows of a query with {@code args} bound to its parameters, in its order. */
	private <T> List<T> query(final String sql, final RowReader<T> reader, final Object... args) throws IOException {
		try (PreparedStatement p = bind(sql, args); ResultSet r = p.executeQuery()) {
			final List<T> out = new ArrayList<>();
			while (r.next())
				out.add(reader.read(r));
			return out;
		} catch (final SQLException e) {
			throw error(e);
		}
	}

	/** Runs one statement with {@code values} bound to its parameters (auto-commit: one transaction). */
	private void update(final String sql, final Object... values) throws IOException {
		try (PreparedStatement p = bind(sql, values)) {
			p.executeUpdate();
		} catch (final SQLException e) {
			throw error(e);
		}
	}

	private PreparedStatement bind(final String sql, final Object... values) throws SQLException {
		final PreparedStatement p = connection.prepareStatement(sql);
		try {
			for (int i = 0; i < values.length; i++)
				p.setObject(i + 1, values[i]);
			return p;
		} catch (final SQLException e) {
			p.close();
			throw e;
		}
	}

	private IOException error(final SQLException e) {
		return new IOException(file + ": " + e.getMessage(), e);
	}

	@Override
	public synchronized void close() throws IOException {
		try {
			connection.close();
		} catch (final SQLException e) {
			throw error(e);
		}
	}
}
