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
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.TestVolumes;
import org.chondroj.core.PatientCoordinates;
import org.joml.Matrix4d;
import org.joml.Vector3d;
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
	void dcm2niixAgreesOnGeometry(@TempDir final Path dir) throws IOException {
		ExternalTools.requireCommand("dcm2niix");
		ExternalTools.requirePython("nibabel", "numpy");
		final PhantomStudy.Written w = PhantomStudy.write(KNEE, SMALL, dir.resolve("study"));
		final PhantomImages.Images images = PhantomImages.generate(KNEE, SMALL);
		for (final boolean dess : new boolean[] { true, false }) {
			final Volume<UnsignedShortType> ours = dess ? images.dess() : images.iw();
			final Path out = Files.createDirectories(dir.resolve(dess ? "dess" : "iw"));
			ExternalTools.command("dcm2niix", "-z", "n", "-b", "n", "-f", "knee", "-o", out.toString(), (dess ? w.dessSeries() : w.iwSeries()).toString());
			final Path nii = out.resolve("knee.nii"), raw = dir.resolve("nii.raw");
			assertTrue(Files.exists(nii), "dcm2niix wrote " + tree(out));
			final String code = String.join("\n", "import sys, nibabel as nib, numpy as np", "img = nib.load(sys.argv[1])",
					"a = np.asanyarray(img.dataobj)", "print(' '.join(str(x) for x in a.shape))",
					"print(' '.join(repr(float(x)) for x in img.affine.flatten()))",
					"open(sys.argv[2], 'wb').write(np.asarray(a, dtype='<i4').flatten(order='F').tobytes())");
			final String[] lines = ExternalTools.pythonCode(code, nii.toString(), raw.toString()).trim().split("\n");
			final String[] shape = lines[0].trim().split(" ");
			assertEquals(3, shape.length);
			final int nx = Integer.parseInt(shape[0]), ny = Integer.parseInt(shape[1]), nz = Integer.parseInt(shape[2]);
			assertEquals(ours.size(), nx * ny * nz);
			final String[] a = lines[1].trim().split(" ");
			final Matrix4d ras = new Matrix4d();
			for (int r = 0; r < 4; r++)
				for (int c = 0; c < 4; c++)
					ras.setRowColumn(r, c, Double.parseDouble(a[4 * r + c]));
			final Matrix4d lps = PatientCoordinates.flipLpsRas(ras);
			final int[] values = TestVolumes.readInts(raw);
			final short[] v = Volumes.shortData(ours);
			final boolean[] hit = new boolean[v.length];
			final Vector3d p = new Vector3d(), idx = new Vector3d(), centre = new Vector3d();
			double worst = 0;
			for (int k = 0; k < nz; k++)
				for (int j = 0; j < ny; j++)
					for (int i = 0; i < nx; i++) {
						lps.transformPosition(p.set(i, j, k));
						ours.geometry().patientToIndex(p.x, p.y, p.z, idx);
						final int x = (int) Math.round(idx.x), y = (int) Math.round(idx.y), z = (int) Math.round(idx.z);
						ours.geometry().indexToPatient(x, y, z, centre);
						worst = Math.max(worst, centre.distance(p));
						assertTrue(x >= 0 && x < ours.dimension(0) && y >= 0 && y < ours.dimension(1) && z >= 0 && z < ours.dimension(2));
						final int o = ours.index(x, y, z);
						assertFalse(hit[o]);
						hit[o] = true;
						assertEquals(v[o] & 0xFFFF, values[i + nx * (j + ny * k)]);
					}
			assertEquals(0, worst, 1e-3, (dess ? "DESS" : "IW") + ": NIfTI voxel centres off by " + worst + " mm");
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
