package org.chondroj.core.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, e.g. the code that writes a file's bytes in
 * {@link AtomicFiles#write}.
 *
 * @param <T> what is consumed
 */
@FunctionalInterface
public interface IOConsumer<T> {

	void accept(T t) throws IOException;
}
