package org.chondroj.spark;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Properties;

/**
 * A store row as a small text file (Java properties, one key per record component, null values absent), the durable
 * trace that a task leaves of each scan and pair it finished, written after the scan's or pair's folder is in place:
 * the driver of a later run reads every trace into the results store, so that a killed driver loses nothing that a
 * task finished.
 */
final class Journal {

	/** The hidden folder of the traces in the output folder, and its sub-folders. */
	static final String FOLDER = ".chondroj-spark", SCANS = "scans", COMPARISONS = "comparisons";
	/** The traces' file name suffix. */
	static final String SUFFIX = ".properties";

	private Journal() {
	}

	/** The text of {@code row}. */
	static String text(final Record row) {
		final Properties p = new Properties();
		try {
			for (final RecordComponent c : row.getClass().getRecordComponents()) {
				final Object v = c.getAccessor().invoke(row);
				if (v != null)
					p.setProperty(c.getName(), v.toString());
			}
			final StringWriter w = new StringWriter();
			p.store(w, null);
			// without the date line, so that the same row gives the same text
			return w.toString().replaceFirst("^#[^\n]*\n", "");
		} catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		} catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The row of type {@code type} that {@code text} holds. */
	static <R extends Record> R parse(final Class<R> type, final String text) {
		final Properties p = new Properties();
		try {
			p.load(new StringReader(text));
			final RecordComponent[] cs = type.getRecordComponents();
			final Class<?>[] types = new Class<?>[cs.length];
			final Object[] values = new Object[cs.length];
			for (int i = 0; i < cs.length; i++) {
				types[i] = cs[i].getType();
				final String v = p.getProperty(cs[i].getName());
				values[i] = types[i] == double.class ? Double.parseDouble(v) : v;
			}
			return type.getDeclaredConstructor(types).newInstance(values);
		} catch (final ReflectiveOperationException | RuntimeException e) {
			throw new IllegalArgumentException("not a " + type.getSimpleName() + " trace: " + e, e);
		} catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
