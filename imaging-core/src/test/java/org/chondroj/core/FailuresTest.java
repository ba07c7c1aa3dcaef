package org.chondroj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** Failures as one line that says what and why. */
class FailuresTest {

	private static String describe(final Throwable e) {
		return Failures.describe(e, "MORE");
	}

	@Test
	void fileSystemFailuresSayWhy() {
		assertEquals("/data/out: permission denied", describe(new AccessDeniedException("/data/out")));
		assertEquals("/data/in.nii: no such file or folder", describe(new NoSuchFileException("/data/in.nii")));
		assertEquals("/data/x: Read-only file system", describe(new FileSystemException("/data/x", null, "Read-only file system")));
		assertEquals("/a (to /b): permission denied", describe(new AccessDeniedException("/a", "/b", null)));
		// also when only wrapped
		assertEquals("/data/out: permission denied", describe(new UncheckedIOException(new AccessDeniedException("/data/out"))));
		assertEquals("/data/out: permission denied", describe(new ExecutionException(new AccessDeniedException("/data/out"))));
	}

	@Test
	void anExceptionKeepsItsOwnMessage() {
		assertEquals("x.dcm: JPEG 2000 frame 1 cannot be decoded", describe(new UncheckedIOException(new IOException("x.dcm: JPEG 2000 frame 1 cannot be decoded",
				new ThreadDeath()))));
		assertEquals("java.lang.IllegalStateException", describe(new IllegalStateException()));
	}

	@Test
	void errorsSayWhatToDo() {
		final String oom = describe(new RuntimeException(new OutOfMemoryError("Java heap space")));
		assertTrue(oom.startsWith("out of memory (Java heap space): the input needs more than Java's heap of ") && oom.contains("; MORE, or check"), oom);
		assertTrue(describe(new StackOverflowError()).startsWith("internal error: the stack overflowed (StackOverflowError)"));
	}

	@Test
	void controlCharactersFromAFileAreEscaped() {
		assertEquals("/data/a\\x1b[2Jb: permission denied", describe(new AccessDeniedException("/data/a\u001b[2Jb")));
		assertEquals("bad value 'x\\x00' in\nline two", describe(new IllegalArgumentException("bad value 'x\u0000' in\nline two")));
	}
}
