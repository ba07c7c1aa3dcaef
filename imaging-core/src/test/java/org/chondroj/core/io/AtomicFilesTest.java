package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders written whole or not at all. */
class AtomicFilesTest {

	@TempDir
	Path dir;

	@Test
	void writesAFolderIntoPlace() throws IOException {
		final Path target = dir.resolve("study");
		AtomicFiles.writeFolder(target, temp -> {
			assertFalse(Files.exists(target), "nothing is visible at the target while writing");
			Files.createDirectories(temp.resolve("DICOM"));
			Files.writeString(temp.resolve("DICOM/a.txt"), "a");
			Files.writeString(temp.resolve("b.txt"), "b");
		});
		assertEquals("a", Files.readString(target.resolve("DICOM/a.txt")));
		assertEquals("b", Files.readString(target.resolve("b.txt")));
		assertEquals(List.of("study"), names(dir), "no temporary folder is left");
	}

	@Test
	void fillsAnEmptyFolder() throws IOException {
		final Path target = Files.createDirectory(dir.resolve("empty"));
		AtomicFiles.writeFolder(target, temp -> Files.writeString(temp.resolve("x.txt"), "x"));
		assertEquals("x", Files.readString(target.resolve("x.txt")));
	}

	@Test
	void refusesAFolderThatHoldsSomethingAndWritesNothing() throws IOException {
		final Path target = Files.createDirectory(dir.resolve("full"));
		Files.writeString(target.resolve("keep.txt"), "keep");
		final boolean[] called = { false };
		assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeFolder(target, temp -> called[0] = true));
		assertFalse(called[0]);
		assertEquals("keep", Files.readString(target.resolve("keep.txt")));
		assertEquals(List.of("full"), names(dir));
	}

	@Test
	void aFailingWriterLeavesNothing() throws IOException {
		final Path target = dir.resolve("broken");
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFiles.writeFolder(target, temp -> {
			Files.writeString(temp.resolve("half.txt"), "half");
			throw new IllegalStateException("model failed");
		}));
		assertEquals("model failed", e.getMessage());
		assertEquals(List.of(), names(dir), "neither the target nor the temporary folder exists");
	}

	@Test
	void deleteTreeRemovesEverythingAndToleratesAbsence() throws IOException {
		final Path root = Files.createDirectories(dir.resolve("t/a/b"));
		Files.writeString(root.resolve("f.txt"), "f");
		AtomicFiles.deleteTree(dir.resolve("t"));
		assertFalse(Files.exists(dir.resolve("t")));
		AtomicFiles.deleteTree(dir.resolve("t"));
		assertTrue(Files.isDirectory(dir));
	}

	/** Before long work: an unwritable place, a file in the way and a full folder are refused naming the target and why; nothing is left. */
	@Test
	void checksBeforeWorkSayWhy() throws IOException {
		final Path fine = dir.resolve("a/b/new");
		AtomicFiles.checkCanCreateFolder(fine);
		AtomicFiles.checkCanWriteFile(dir.resolve("f.nii.gz"));
		assertEquals(List.of(), names(dir), "checking leaves nothing, not even the folders above");
		final Path file = Files.writeString(dir.resolve("file"), "x");
		FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanCreateFolder(file.resolve("out")));
		assertEquals(file.resolve("out") + ": " + file + " is a file, not a folder", e.getMessage());
		e = assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanWriteFile(dir));
		assertTrue(e.getMessage().endsWith("is a folder, not a file"), e.getMessage());
		final Path full = Files.createDirectory(dir.resolve("full"));
		Files.writeString(full.resolve("keep.txt"), "keep");
		assertEquals(full + ": exists and is not empty", assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.checkCanCreateFolder(full)).getMessage());
		AtomicFiles.checkCanWriteInto(full); // a folder with content to add to (a batch resumed)
		AtomicFiles.checkCanWriteInto(dir.resolve("c/d"));
		assertEquals(List.of("keep.txt"), names(full));
		assertEquals(file + ": is a file, not a folder", assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanWriteInto(file)).getMessage());
		e = assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanWriteInto(dir.resolve("x".repeat(300))));
		assertTrue(e.getMessage().endsWith("File name too long"), e.getMessage());
		e = assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanCreateFolder(dir.resolve("x".repeat(300))));
		assertTrue(e.getMessage().endsWith("File name too long"), e.getMessage());
		final Path locked = Files.createDirectory(dir.resolve("locked"));
		try {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
			if (Files.isWritable(locked))
				return; // root ignores permissions: nothing more to check here
			e = assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanCreateFolder(locked.resolve("out")));
			assertEquals(locked.resolve("out") + ": cannot be written in " + locked + ": permission denied", e.getMessage());
			e = assertThrows(FileSystemException.class, () -> AtomicFiles.writeFolder(locked.resolve("out"), temp -> {
				throw new AssertionError("not called");
			}));
			assertEquals(locked.resolve("out") + ": cannot be written in " + locked + ": permission denied", e.getMessage(), "writeFolder checks first");
			e = assertThrows(FileSystemException.class, () -> AtomicFiles.checkCanWriteInto(locked));
			assertEquals(locked + ": cannot be written: permission denied", e.getMessage());
		} finally {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		assertEquals(List.of(), names(locked));
	}

	/** A failure while writing names the target, not the hidden temporary file or folder, and keeps the reason. */
	@Test
	void failuresNameTheTargetNotTheTemporaryName() throws IOException {
		final Path file = dir.resolve("x.nii.gz");
		IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
			throw new IOException("No space left on device");
		}));
		assertEquals(file + ": No space left on device", e.getMessage());
		final Path folder = dir.resolve("study");
		e = assertThrows(FileSystemException.class, () -> AtomicFiles.writeFolder(folder, temp -> {
			throw new java.nio.file.AccessDeniedException(temp.resolve("DICOM/1.dcm").toString());
		}));
		assertEquals(folder.resolve("DICOM/1.dcm") + ": permission denied", e.getMessage());
		e = assertThrows(FileSystemException.class, () -> AtomicFiles.writeFolder(folder, temp -> AtomicFiles.write(temp.resolve("results.json"), out -> {
			throw new FileSystemException(temp.resolve("results.json").toString(), null, "Read-only file system");
		})));
		assertEquals(folder.resolve("results.json") + ": Read-only file system", e.getMessage(), "nested: the inner target, then the outer");
		e = assertThrows(IOException.class, () -> AtomicFiles.writeFolder(folder, temp -> {
			throw new IOException("/elsewhere/input.dcm: truncated");
		}));
		assertEquals("/elsewhere/input.dcm: truncated", e.getMessage(), "a message that names a file of its own is kept");
		assertEquals(List.of(), names(dir), "nothing left");
	}

	private static List<String> names(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
