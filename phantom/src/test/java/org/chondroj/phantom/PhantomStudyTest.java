package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.Dcm2niix;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.TestVolumes;
import org.chondroj.dicom.DicomScan;
import org.chondroj.dicom.DicomScanner;
import org.chondroj.dicom.DicomSeries;
import org.chondroj.dicom.DicomVolumes;
import org.chondroj.dicom.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;

/** The written study: DICOM round trip, attributes, labels, determinism, nothing half-written. */
class PhantomStudyTest {

	static final SphereKnee KNEE = new SphereKnee(Laterality.LEFT, 0.3);
	/** A coarser grid over the same region, to keep the determinism tests quick. */
	static final ImagingConfig SMALL = ImagingConfig.defaults().withSeed(7).withDessGrid(new int[] { 128, 120, 64 }, new double[] { 1.1, 1.15, 1.75 })
			.withIwGrid(new int[] { 100, 96, 16 }, new double[] { 1.4, 1.45, 3.5 });

	@TempDir
	static Path shared;
	static PhantomStudy.Written full;

	/** The default study (both series at the OAI grids), written once. */
	@BeforeAll
	static void writeDefaultStudy() throws IOException {
		final long t0 = System.nanoTime();
		full = PhantomStudy.write(KNEE, ImagingConfig.defaults(), shared.resolve("study"));
		System.out.printf(Locale.ROOT, "default study with the sphere knee written in %.2f s%n", (System.nanoTime() - t0) * 1e-9);
	}

	static List<Path> tree(final Path root) throws IOException {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void writesTheLayout() throws IOException {
		final List<Path> files = tree(full.folder());
		assertEquals(160 + 32 + 2, files.size(), files.toString());
		assertEquals(160, full.dessFiles().size());
		assertEquals(32, full.iwFiles().size());
		assertTrue(Files.isRegularFile(full.labels()) && Files.isRegularFile(full.preview()));
		try (Stream<Path> s = Files.list(shared)) {
			assertEquals(List.of(full.folder()), s.collect(Collectors.toList()), "no temporary folder left");
		}
	}

	/** One study, two series, shared Frame of Reference, the attributes the brief asks for. */
	@Test
	void dicomAttributes() throws IOException {
		final DicomScan scan = DicomScanner.scan(full.folder().resolve("DICOM"));
		assertEquals(1, scan.studies().size());
		assertEquals(full.studyInstanceUid(), scan.studies().get(0).studyInstanceUID());
		final List<DicomSeries> series = scan.allSeries();
		assertEquals(2, series.size());
		for (final DicomSeries s : series) {
			assertEquals("PHANTOM^KNEE", s.header().string(Tag.PatientName));
			assertEquals("L", s.header().string(Tag.Laterality));
			assertEquals(full.frameOfReferenceUid(), s.header().string(Tag.FrameOfReferenceUID));
			final boolean dess = s.seriesInstanceUID().equals(full.dessSeriesUid());
			assertEquals(dess ? PhantomStudy.DESS_DESCRIPTION : PhantomStudy.IW_DESCRIPTION, s.description());
			assertEquals(dess ? 1 : 2, s.seriesNumber());
			assertEquals(dess ? 4.7 : 30, s.header().doubleValue(Tag.EchoTime, 0), 0);
			assertEquals(dess ? 16.3 : 3200, s.header().doubleValue(Tag.RepetitionTime, 0), 0);
			assertEquals(dess ? "3D" : "2D", s.header().string(Tag.MRAcquisitionType));
		}
	}

	/** Both series read back through our reader bit-exactly, geometry to 1e-4 mm; labels.nii.gz likewise. */
	@Test
	@org.junit.jupiter.api.Tag("slow")
	void roundTripsThroughTheReader() throws IOException {
		final PhantomImages.Images images = PhantomImages.generate(KNEE, ImagingConfig.defaults());
		for (final Volume<UnsignedShortType> expected : List.of(images.dess(), images.iw())) {
			final boolean dess = expected == images.dess();
			final Volume<?> read = DicomVolumes.read(dess ? full.dessSeries() : full.iwSeries(), null, DicomVolumes.Options.defaults());
			assertArrayEquals(expected.dimensions(), read.dimensions());
			assertTrue(read.geometry().approximatelyEquals(expected.geometry(), 1e-4), read.geometry() + " vs " + expected.geometry());
			assertEquals(Laterality.LEFT, read.metadata().laterality());
			final float[] values = Volumes.floatValues(read);
			final short[] v = Volumes.shortData(expected);
			for (int i = 0; i < v.length; i++)
				if ((v[i] & 0xFFFF) != values[i])
					throw new AssertionError((dess ? "DESS" : "IW") + " voxel " + i + ": " + (v[i] & 0xFFFF) + " written, " + values[i] + " read");
		}
		final Volume<?> labels = VolumeFiles.read(full.labels());
		assertTrue(labels.geometry().approximatelyEquals(images.labels().geometry(), 1e-4));
		assertArrayEquals(Volumes.byteData(images.labels()), (byte[]) Volumes.data(labels));
		// the brightest tissue lands in 2000…3000 and nothing clips
		int max = 0;
		for (final short s : Volumes.shortData(images.dess()))
			max = Math.max(max, s & 0xFFFF);
		assertTrue(max > 2000 && max < 4000, "max " + max);
	}

	/** The same anatomy, configuration and seed give byte-identical files, also on one thread; another seed does not. */
	@Test
	void isDeterministic(@TempDir final Path dir) throws Exception {
		final PhantomStudy.Written a = PhantomStudy.write(KNEE, SMALL, dir.resolve("a"));
		final PhantomStudy.Written b = TestVolumes.singleThreaded(() -> {
			try {
				return PhantomStudy.write(KNEE, SMALL, dir.resolve("b"));
			} catch (final IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		final List<Path> files = tree(a.folder());
		assertEquals(files, tree(b.folder()));
		assertEquals(64 + 16 + 2, files.size());
		for (final Path f : files)
			assertArrayEquals(Files.readAllBytes(a.folder().resolve(f)), Files.readAllBytes(b.folder().resolve(f)), f.toString());
		final PhantomStudy.Written c = PhantomStudy.write(KNEE, SMALL.withSeed(8), dir.resolve("c"));
		assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.dessFiles().get(30)), Files.readAllBytes(c.dessFiles().get(30))));
	}

	/** An existing non-empty folder is refused; a failing anatomy leaves nothing behind; an empty folder is filled. */
	@Test
	void nothingHalfWritten(@TempDir final Path dir) throws IOException {
		final Path full = Files.createDirectories(dir.resolve("full"));
		Files.writeString(full.resolve("keep.txt"), "mine");
		assertThrows(FileAlreadyExistsException.class, () -> PhantomStudy.write(KNEE, SMALL, full));
		assertEquals(List.of(Path.of("keep.txt")), tree(full));
		final KneeAnatomy broken = new KneeAnatomy() {
			@Override
			public Tissue tissueAt(final double x, final double y, final double z) {
				if (z < -30)
					throw new IllegalStateException("model failure");
				return KNEE.tissueAt(x, y, z);
			}

			@Override
			public double boundaryDistanceBound(final double x, final double y, final double z) {
				return KNEE.boundaryDistanceBound(x, y, z);
			}

			@Override
			public Laterality side() {
				return KNEE.side();
			}

			@Override
			public double[] bounds() {
				return KNEE.bounds();
			}
		};
		assertThrows(IllegalStateException.class, () -> PhantomStudy.write(broken, SMALL, dir.resolve("broken")));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(List.of(full), s.collect(Collectors.toList()));
		}
		final Path empty = Files.createDirectories(dir.resolve("empty"));
		PhantomStudy.write(KNEE, SMALL, empty);
		assertEquals(64 + 16 + 2, tree(empty).size());
	}
	/**
	 * dcm2niix converts both series of a (small) study; every NIfTI voxel centre, flipped from RAS to LPS, lands on one
	 * of our voxel centres to 1e-3 mm (so the affines agree), with the same value, each of our voxels hit once.
	 */
	@Test
	@org.junit.jupiter.api.Tag("slow")
	void dcm2niixAgreesOnGeometry(@TempDir final Path dir) throws IOException {
		final PhantomStudy.Written w = PhantomStudy.write(KNEE, SMALL, dir.resolve("study"));
		final PhantomImages.Images images = PhantomImages.generate(KNEE, SMALL);
		for (final boolean dess : new boolean[] { true, false }) {
			final Path work = Files.createDirectories(dir.resolve(dess ? "dess" : "iw"));
			final double worst = Dcm2niix.assertSameVoxels(dess ? w.dessSeries() : w.iwSeries(), dess ? images.dess() : images.iw(), work, 1e-3);
			System.out.println((dess ? "DESS" : "IW") + " vs dcm2niix: NIfTI voxel centres within " + worst + " mm of ours");
		}
	}

	/** dciodvfy (dicom3tools) finds no error in the first, middle and last file of each series (warnings are printed). */
	@Test
	void dciodvfyFindsNoErrors() throws IOException {
		ExternalTools.requireCommand("dciodvfy");
		for (final List<Path> files : List.of(full.dessFiles(), full.iwFiles()))
			for (final Path f : List.of(files.get(0), files.get(files.size() / 2), files.get(files.size() - 1))) {
				final String report = ExternalTools.run(List.of("dciodvfy", f.toString()), 120).output;
				final List<String> errors = report.lines().filter(l -> l.startsWith("Error")).collect(Collectors.toList());
				assertTrue(errors.isEmpty(), f + ":\n" + report);
				report.lines().filter(l -> l.startsWith("Warning")).distinct().forEach(l -> System.out.println("dciodvfy " + f.getFileName() + ": " + l));
			}
	}
}
