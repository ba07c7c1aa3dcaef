package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.core.testing.DicomTools;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.core.testing.RealData;
import org.chondroj.dicom.SegmentationWriter.Codes;
import org.chondroj.dicom.SegmentationWriter.Options;
import org.chondroj.dicom.SegmentationWriter.Segment;
import org.chondroj.dicom.SegmentationWriter.Source;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * {@link SegmentationWriter}: label volumes on an MR series written by {@link MRSeriesWriter} (an oblique, anisotropic
 * grid, and an axis-aligned one), and on the GE DESS (real data). Checked: our reader's view of every attribute and
 * pixel bit; dciodvfy (dicom3tools) reports no error on the objects (its warnings are printed); pydicom unpacks the
 * frames, places each by its ImagePositionPatient on the source grid (computed by pydicom from the source files) and
 * gets the label volume back voxel for voxel, and finds the source's frame of reference, series and every instance
 * referenced.
 */
class SegmentationWriterTest {

	static final String ALGORITHM = "ChondroJ test labels";
	static final LocalDateTime WHEN = LocalDateTime.of(2026, 12, 7, 1, 2, 3);

	static final List<Segment> KNEE = List.of(Segment.bone(1, "femur", Codes.FEMUR, true, ALGORITHM),
			Segment.cartilage(2, "femoral cartilage", Codes.FEMUR, true, ALGORITHM), Segment.bone(3, "tibia", Codes.TIBIA, false, null),
			Segment.cartilage(4, "tibial cartilage", Codes.TIBIA, true, ALGORITHM), Segment.bone(5, "patella", Codes.PATELLA, true, ALGORITHM),
			Segment.marrowLesion(6, "femoral bone-marrow lesion", Codes.FEMUR, true, ALGORITHM));

	/**
	 * Labels on an nx × ny × nz grid: femur (1) in the upper rows of slices 0…nz-2, its cartilage (2) a band below,
	 * tibia (3) and its cartilage (4) in the lower rows of slices 1…nz-1, patella (5) a block in the middle slice, one
	 * lesion voxel (6), and a value 9 that no segment lists (not written). Asymmetric in every axis.
	 */
	static Volume<UnsignedByteType> labels(final int nx, final int ny, final int nz, final VoxelGeometry g) {
		final byte[] v = new byte[nx * ny * nz];
		for (int k = 0; k < nz; k++)
			for (int j = 0; j < ny; j++)
				for (int i = 0; i < nx; i++) {
					int l = 0;
					if (j < ny / 3 && k < nz - 1 && i > k % 3)
						l = 1;
					else if (j == ny / 3 && k < nz - 1 && i > 1)
						l = 2;
					else if (j > 2 * ny / 3 && k > 0 && i < nx - 1 - k % 2)
						l = 3;
					else if (j == 2 * ny / 3 && k > 0 && (i + k) % 4 != 0)
						l = 4;
					if (k == nz / 2 && i >= nx / 2 && i < nx / 2 + 3 && j > ny / 3 + 1 && j < ny / 3 + 4)
						l = 5;
					v[(k * ny + j) * nx + i] = (byte) l;
				}
		v[(1 * ny + 1) * nx + nx - 1] = 6;
		v[((nz - 1) * ny + ny / 2) * nx] = 9;
		return Volumes.wrapUnsignedBytes(v, new int[] { nx, ny, nz }, g);
	}

	/** An MR series on the grid of {@code g}, written by {@link MRSeriesWriter}, and its arrangement as our scanner reads it. */
	static DicomVolumes.Arrangement mrSeries(final int nx, final int ny, final int nz, final VoxelGeometry g, final Path folder, final String seed)
			throws IOException {
		final short[] s = new short[nx * ny * nz];
		for (int i = 0; i < s.length; i++)
			s[i] = (short) (i * 7 % 1000);
		final Volume<UnsignedShortType> mr = Volumes.wrapUnsignedShorts(s, new int[] { nx, ny, nz }, g);
		MRSeriesWriter.write(mr, SeriesDescription.builder(seed).patientName("Knee^Left").patientId("P-0042").studyId("S17").accessionNumber("A99")
				.studyDateTime("20260101", "101500").seriesNumber(3).frameOfReferenceUid(Uids.fromName(seed + "/for")).build(), folder);
		return DicomVolumes.arrange(DicomScanner.scan(folder).onlySeries());
	}

	/** The labels with every value that no segment lists set to 0: what the SEG must give back. */
	static byte[] expected(final Volume<UnsignedByteType> labels, final List<Segment> segments) {
		final Set<Integer> listed = new HashSet<>();
		for (final Segment s : segments)
			listed.add(s.label());
		final byte[] v = Volumes.byteData(labels).clone();
		for (int i = 0; i < v.length; i++)
			if (!listed.contains(v[i] & 0xFF))
				v[i] = 0;
		return v;
	}

	/** Our reader: unpacks the frames and places them by segment number and by ImagePositionPatient on the label grid. */
	static byte[] placedByOurReader(final Path seg, final VoxelGeometry g, final int[] dims) throws IOException {
		final DicomFile f = DicomReader.read(seg);
		final Attributes ds = f.dataset();
		final int nx = dims[0], ny = dims[1], plane = nx * ny;
		final byte[] bits = ds.bytes(Tag.PixelData);
		final byte[] out = new byte[plane * dims[2]];
		final List<Attributes> frames = ds.sequence(Tag.PerFrameFunctionalGroupsSequence);
		assertEquals(frames.size(), ds.intValue(Tag.NumberOfFrames, -1));
		for (int n = 0; n < frames.size(); n++) {
			final Attributes fg = frames.get(n);
			final int segment = fg.sequence(Tag.SegmentIdentificationSequence).get(0).intValue(Tag.ReferencedSegmentNumber, -1);
			final double[] p = fg.sequence(Tag.PlanePositionSequence).get(0).doubles(Tag.ImagePositionPatient);
			final Vector3d index = g.patientToIndex(p[0], p[1], p[2], new Vector3d());
			assertEquals(0, index.x, 1e-6, "frame " + n);
			assertEquals(0, index.y, 1e-6, "frame " + n);
			final int k = (int) Math.round(index.z);
			assertEquals(k, index.z, 1e-6, "frame " + n);
			final double[] dim = fg.sequence(Tag.FrameContentSequence).get(0).doubles(Tag.DimensionIndexValues);
			assertArrayEquals(new double[] { segment, k + 1 }, dim, "frame " + n);
			boolean any = false;
			for (int i = 0; i < plane; i++) {
				final long bit = (long) n * plane + i;
				if ((bits[(int) (bit >>> 3)] >> (bit & 7) & 1) == 1) {
					assertEquals(0, out[k * plane + i], "two segments in one voxel");
					out[k * plane + i] = (byte) segment;
					any = true;
				}
			}
			assertTrue(any, "frame " + n + " (segment " + segment + ", slice " + k + ") is empty");
		}
		return out;
	}

	@Test
	void writesTheIodAndEveryVoxel(@TempDir final Path dir) throws IOException {
		final int nx = MRSeriesWriterTest.NX, ny = MRSeriesWriterTest.NY, nz = MRSeriesWriterTest.NZ;
		final VoxelGeometry g = MRSeriesWriterTest.obliqueGeometry();
		final DicomVolumes.Arrangement a = mrSeries(nx, ny, nz, g, dir.resolve("mr"), "seg-1");
		final Source source = Source.of(a);
		final Volume<UnsignedByteType> labels = labels(nx, ny, nz, g);
		final Path seg = SegmentationWriter.write(labels, KNEE, source, Options.defaults().withSeed("seg-1").withCreated(WHEN), dir.resolve("seg.dcm"));
		final DicomFile f = DicomReader.read(seg);
		final Attributes ds = f.dataset();
		final Attributes mr = DicomReader.read(a.slices().get(0).file()).dataset();
		assertEquals(SegmentationWriter.SEGMENTATION_STORAGE, ds.string(Tag.SOPClassUID));
		assertEquals(SegmentationWriter.SEGMENTATION_STORAGE, f.meta().string(Tag.MediaStorageSOPClassUID));
		assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
		assertEquals("SEG", ds.string(Tag.Modality));
		assertEquals("BINARY", ds.string(Tag.SegmentationType));
		assertEquals(1, ds.intValue(Tag.BitsAllocated, -1));
		assertEquals(VR.OB, ds.vr(Tag.PixelData.number()));
		// identity copied, UIDs new, frame of reference shared
		for (final Tag t : new Tag[] { Tag.PatientName, Tag.PatientID, Tag.StudyInstanceUID, Tag.StudyID, Tag.AccessionNumber, Tag.StudyDate,
				Tag.FrameOfReferenceUID })
			assertEquals(mr.string(t), ds.string(t), t.name());
		assertEquals("Knee^Left", ds.string(Tag.PatientName));
		for (final Tag t : new Tag[] { Tag.PatientBirthDate, Tag.PatientSex, Tag.ReferringPhysicianName })
			assertTrue(ds.contains(t), t.name());
		assertNotEquals(mr.string(Tag.SeriesInstanceUID), ds.string(Tag.SeriesInstanceUID));
		assertEquals(Uids.fromName("seg-1/segmentation/series"), ds.string(Tag.SeriesInstanceUID));
		assertEquals("20261207", ds.string(Tag.ContentDate));
		assertEquals("010203", ds.string(Tag.ContentTime));
		// references: the series and every instance, and per frame the slice's own image
		final List<Attributes> series = ds.sequence(Tag.ReferencedSeriesSequence);
		assertEquals(1, series.size());
		assertEquals(mr.string(Tag.SeriesInstanceUID), series.get(0).string(Tag.SeriesInstanceUID));
		final Set<String> referenced = new HashSet<>(), sources = new HashSet<>();
		for (final Attributes r : series.get(0).sequence(Tag.ReferencedInstanceSequence)) {
			assertEquals(MRSeriesWriter.MR_IMAGE_STORAGE, r.string(Tag.ReferencedSOPClassUID));
			referenced.add(r.string(Tag.ReferencedSOPInstanceUID));
		}
		for (final DicomFrame fr : a.slices())
			sources.add(DicomReader.readHeader(fr.file()).dataset().string(Tag.SOPInstanceUID));
		assertEquals(nz, sources.size());
		assertEquals(sources, referenced);
		for (final Attributes fg : ds.sequence(Tag.PerFrameFunctionalGroupsSequence)) {
			final int k = fg.sequence(Tag.FrameContentSequence).get(0).intValue(Tag.DimensionIndexValues.number(), -1);
			final double[] dim = fg.sequence(Tag.FrameContentSequence).get(0).doubles(Tag.DimensionIndexValues);
			final Attributes image = fg.sequence(Tag.DerivationImageSequence).get(0).sequence(Tag.SourceImageSequence).get(0);
			assertEquals(DicomReader.readHeader(a.slices().get((int) dim[1] - 1).file()).dataset().string(Tag.SOPInstanceUID),
					image.string(Tag.ReferencedSOPInstanceUID), "frame of segment " + k);
		}
		// segments and codes
		final List<Attributes> segments = ds.sequence(Tag.SegmentSequence);
		assertEquals(KNEE.size(), segments.size());
		assertEquals("femoral cartilage", segments.get(1).string(Tag.SegmentLabel));
		assertEquals(2, segments.get(1).intValue(Tag.SegmentNumber, -1));
		assertEquals("309312004", segments.get(1).sequence(Tag.SegmentedPropertyTypeCodeSequence).get(0).string(Tag.CodeValue));
		assertEquals("SCT", segments.get(1).sequence(Tag.SegmentedPropertyTypeCodeSequence).get(0).string(Tag.CodingSchemeDesignator));
		assertEquals("71341001", segments.get(1).sequence(Tag.AnatomicRegionSequence).get(0).string(Tag.CodeValue));
		assertEquals("MANUAL", segments.get(2).string(Tag.SegmentAlgorithmType));
		assertFalse(segments.get(2).contains(Tag.SegmentAlgorithmName));
		assertEquals("AUTOMATIC", segments.get(0).string(Tag.SegmentAlgorithmType));
		// geometry
		final Attributes shared = ds.sequence(Tag.SharedFunctionalGroupsSequence).get(0);
		assertArrayEquals(new double[] { 0.3646, 0.3646 }, shared.sequence(Tag.PixelMeasuresSequence).get(0).doubles(Tag.PixelSpacing), 0);
		assertEquals(0.7, shared.sequence(Tag.PixelMeasuresSequence).get(0).doubleValue(Tag.SliceThickness, -1), 0);
		assertArrayEquals(mr.doubles(Tag.ImageOrientationPatient), shared.sequence(Tag.PlaneOrientationSequence).get(0).doubles(Tag.ImageOrientationPatient), 0);
		// only the slices that hold a segment: femur 0…4, cartilage 0…4, tibia 1…5, tibial cartilage 1…5, patella 3, lesion 1
		assertEquals(5 + 5 + 5 + 5 + 1 + 1, ds.intValue(Tag.NumberOfFrames, -1));
		assertArrayEquals(expected(labels, KNEE), placedByOurReader(seg, a.geometry(), labels.dimensions()));
	}

	@Test
	void sameSeedSameBytes(@TempDir final Path dir) throws IOException {
		final VoxelGeometry g = VoxelGeometry.axisAligned(0.5, 0.4, 1.5);
		final Volume<UnsignedByteType> labels = labels(9, 11, 4, g);
		final Options o = Options.defaults().withSeed("same").withCreated(WHEN);
		final byte[] a = Files.readAllBytes(SegmentationWriter.write(labels, KNEE, null, o, dir.resolve("a.dcm")));
		final byte[] b = Files.readAllBytes(SegmentationWriter.write(labels, KNEE, null, o, dir.resolve("b.dcm")));
		assertArrayEquals(a, b);
	}

	/** Wrong input is refused before anything is written. */
	@Test
	void refusesWhatItCannotWrite(@TempDir final Path dir) throws IOException {
		final int nx = 8, ny = 6, nz = 3;
		final VoxelGeometry g = VoxelGeometry.axisAligned(0.5, 0.5, 2);
		final Source source = Source.of(mrSeries(nx, ny, nz, g, dir.resolve("mr"), "seg-refuse"));
		final Path out = dir.resolve("seg.dcm");
		final Options o = Options.defaults().withSeed("x");
		assertThrows(IllegalArgumentException.class,
				() -> SegmentationWriter.write(labels(nx, ny, nz, g.withOrigin(new double[] { 0, 0, 1 })), KNEE, source, o, out));
		assertThrows(IllegalArgumentException.class, () -> SegmentationWriter.write(labels(nx, ny, nz + 1, g), KNEE, source, o, out));
		assertThrows(IllegalArgumentException.class,
				() -> SegmentationWriter.write(labels(nx, ny, nz, g), List.of(KNEE.get(0), KNEE.get(0)), source, o, out));
		assertThrows(IllegalArgumentException.class, () -> new Segment(0, "x", Codes.TISSUE, Codes.CARTILAGE, null, false, null));
		assertThrows(IllegalArgumentException.class, () -> Segment.bone(1, "femur", Codes.FEMUR, true, " "));
		assertFalse(Files.exists(out));
	}

	/* ---- interoperability ---- */

	/** dciodvfy, verifying the Segmentation IOD ({@link DicomTools#dciodvfy}): fails on an error; returns the warnings. */
	static List<String> dciodvfy(final Path file) throws IOException {
		return DicomTools.dciodvfy(file, "Segmentation");
	}

	/**
	 * pydicom (with numpy) reads the SEG and the source files on its own: the source grid from the source headers
	 * (sorted along the normal), each SEG frame unpacked and placed by its ImagePositionPatient (in-plane offset and
	 * fractional slice index checked to 1e-3 voxel) and by its ReferencedSegmentNumber; writes the label volume (x
	 * fastest) to {@code out}. Prints "FoR <same>", "series <same>", "instances <same>", "frames n".
	 */
	static final String PLACE = String.join("\n", //
			"import sys, numpy as np, pydicom", //
			"seg = pydicom.dcmread(sys.argv[1]); out = sys.argv[2]", //
			"src = [pydicom.dcmread(f, stop_before_pixels=True) for f in sys.argv[3:]]", //
			"iop = np.array([float(x) for x in src[0].ImageOrientationPatient]); row, col = iop[:3], iop[3:]", //
			"n = np.cross(row, col); src.sort(key=lambda d: float(np.dot(n, [float(x) for x in d.ImagePositionPatient])))", //
			"origin = np.array([float(x) for x in src[0].ImagePositionPatient])", //
			"ps = [float(x) for x in src[0].PixelSpacing]", //
			"dz = float(np.dot(n, np.array([float(x) for x in src[-1].ImagePositionPatient]) - origin)) / max(1, len(src) - 1)", //
			"M = np.column_stack([row * ps[1], col * ps[0], n * dz]); Minv = np.linalg.inv(M)", //
			"nx, ny, nz = int(src[0].Columns), int(src[0].Rows), len(src)", //
			"assert int(seg.Columns) == nx and int(seg.Rows) == ny, (seg.Columns, seg.Rows)", //
			"sh = seg.SharedFunctionalGroupsSequence[0]", //
			"assert np.allclose([float(x) for x in sh.PlaneOrientationSequence[0].ImageOrientationPatient], iop, atol=1e-9)", //
			"assert np.allclose([float(x) for x in sh.PixelMeasuresSequence[0].PixelSpacing], ps, atol=1e-9)", //
			"frames = seg.pixel_array.reshape(int(seg.NumberOfFrames), ny, nx)", //
			"vol = np.zeros((nz, ny, nx), np.uint8)", //
			"for f, fg in zip(frames, seg.PerFrameFunctionalGroupsSequence):", //
			"    p = np.array([float(x) for x in fg.PlanePositionSequence[0].ImagePositionPatient])", //
			"    ijk = Minv.dot(p - origin)", //
			"    assert abs(ijk[0]) < 1e-3 and abs(ijk[1]) < 1e-3 and abs(ijk[2] - round(ijk[2])) < 1e-3, ijk", //
			"    k = int(round(ijk[2])); s = int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)", //
			"    assert not np.any(vol[k][f > 0]), 'overlap'", //
			"    vol[k][f > 0] = s", //
			"open(out, 'wb').write(vol.tobytes())", //
			"print('FoR', seg.FrameOfReferenceUID == src[0].FrameOfReferenceUID)", //
			"refs = [r for s in seg.ReferencedSeriesSequence for r in s.ReferencedInstanceSequence] if 'ReferencedSeriesSequence' in seg else []", //
			"print('series', 'ReferencedSeriesSequence' in seg and seg.ReferencedSeriesSequence[0].SeriesInstanceUID == src[0].SeriesInstanceUID)", //
			"print('instances', sorted(r.ReferencedSOPInstanceUID for r in refs) == sorted(d.SOPInstanceUID for d in src))", //
			"print('frames', len(frames))");

	/** pydicom's placement of the SEG's frames on the source grid; asserts the references. */
	static byte[] placedByPydicom(final Path seg, final List<Path> sourceFiles, final Path dir) throws IOException {
		ExternalTools.requirePython("pydicom", "numpy");
		final Path raw = dir.resolve("placed.raw");
		final List<String> args = new ArrayList<>(List.of(seg.toString(), raw.toString()));
		for (final Path p : sourceFiles)
			args.add(p.toString());
		final String out = ExternalTools.pythonCode(PLACE, args.toArray(new String[0]));
		assertTrue(out.contains("FoR True"), out);
		assertTrue(out.contains("series True"), out);
		assertTrue(out.contains("instances True"), out);
		return Files.readAllBytes(raw);
	}

	/** The oblique, anisotropic synthetic case: dciodvfy clean, pydicom reproduces the labels. */
	@Test
	void obliqueSegIsValidAndPydicomPlacesItsFrames(@TempDir final Path dir) throws IOException {
		final int nx = MRSeriesWriterTest.NX, ny = MRSeriesWriterTest.NY, nz = MRSeriesWriterTest.NZ;
		final VoxelGeometry g = MRSeriesWriterTest.obliqueGeometry();
		final DicomVolumes.Arrangement a = mrSeries(nx, ny, nz, g, dir.resolve("mr"), "seg-2");
		final Volume<UnsignedByteType> labels = labels(nx, ny, nz, g);
		final Path seg = SegmentationWriter.write(labels, KNEE, Source.of(a), Options.defaults().withSeed("seg-2"), dir.resolve("seg.dcm"));
		dciodvfy(seg);
		assertArrayEquals(expected(labels, KNEE), placedByPydicom(seg, a.series().files(), dir));
	}

	/** A phantom-like axis-aligned sagittal grid (0.3 × 0.3 × 1.0 mm): dciodvfy clean, pydicom reproduces the labels. */
	@Test
	void sagittalSegIsValidAndPydicomPlacesItsFrames(@TempDir final Path dir) throws IOException {
		final int nx = 40, ny = 36, nz = 9;
		// sagittal: rows along +y (posterior), columns along -z (feet), slices along -x (right), right-handed
		final VoxelGeometry g = VoxelGeometry.of(new double[] { 0.3, 0.3, 1.0 }, new double[] { -20, -6, 5.5 },
				new org.joml.Matrix3d(0, 1, 0, 0, 0, -1, -1, 0, 0));
		final DicomVolumes.Arrangement a = mrSeries(nx, ny, nz, g, dir.resolve("mr"), "seg-3");
		final Volume<UnsignedByteType> labels = labels(nx, ny, nz, g);
		final Path seg = SegmentationWriter.write(labels, KNEE, Source.of(a), Options.defaults().withSeed("seg-3"), dir.resolve("seg.dcm"));
		dciodvfy(seg);
		assertArrayEquals(expected(labels, KNEE), placedByPydicom(seg, a.series().files(), dir));
	}

	/**
	 * A source header without the optional identity attributes (only its StudyInstanceUID), a pseudonymised object and a
	 * label map without DICOM source: each is valid for dciodvfy.
	 */
	@Test
	void missingIdentityPseudonymAndLabelMapAreValid(@TempDir final Path dir) throws IOException {
		final int nx = 12, ny = 10, nz = 4;
		final VoxelGeometry g = VoxelGeometry.axisAligned(0.4, 0.4, 1.2);
		final Source full = Source.of(mrSeries(nx, ny, nz, g, dir.resolve("mr"), "seg-4"));
		final Attributes bare = new Attributes(false);
		bare.setString(Tag.StudyInstanceUID, full.header().string(Tag.StudyInstanceUID));
		final Source sparse = new Source(bare, full.seriesInstanceUid(), full.frameOfReferenceUid(), full.geometry(), full.slices());
		final Volume<UnsignedByteType> labels = labels(nx, ny, nz, g);

		final Path a = SegmentationWriter.write(labels, KNEE, sparse, Options.defaults(), dir.resolve("sparse.dcm"));
		dciodvfy(a);
		final Attributes da = DicomReader.read(a).dataset();
		assertEquals(null, da.string(Tag.PatientName));
		assertTrue(da.contains(Tag.PatientName) && da.contains(Tag.PatientID) && da.contains(Tag.StudyDate) && da.contains(Tag.AccessionNumber));
		assertEquals(full.header().string(Tag.StudyInstanceUID), da.string(Tag.StudyInstanceUID));

		final Path b = SegmentationWriter.write(labels, KNEE, full, Options.defaults().withPseudonym("S-0a1b2c3d4e"), dir.resolve("pseudonym.dcm"));
		assertFalse(dciodvfy(b).stream().anyMatch(w -> w.contains("Retired Person Name form")), "the pseudonym is a family name, not the retired form");
		final Attributes db = DicomReader.read(b).dataset();
		assertEquals("S-0a1b2c3d4e^", db.string(Tag.PatientName));
		assertEquals("S-0a1b2c3d4e", db.string(Tag.PatientID));
		assertEquals(null, db.string(Tag.AccessionNumber));
		assertEquals(null, db.string(Tag.StudyID));
		assertNotEquals(full.header().string(Tag.StudyInstanceUID), db.string(Tag.StudyInstanceUID));
		assertFalse(new String(Files.readAllBytes(b), java.nio.charset.StandardCharsets.ISO_8859_1).contains("Knee^Left"));
		assertEquals(full.frameOfReferenceUid(), db.string(Tag.FrameOfReferenceUID));
		assertEquals(full.seriesInstanceUid(), db.sequence(Tag.StudiesContainingOtherReferencedInstancesSequence).get(0)
				.sequence(Tag.ReferencedSeriesSequence).get(0).string(Tag.SeriesInstanceUID));

		final Path c = SegmentationWriter.write(labels, KNEE, null, Options.defaults(), dir.resolve("labelmap.dcm"));
		dciodvfy(c);
		final Attributes dc = DicomReader.read(c).dataset();
		assertTrue(Uids.isValid(dc.string(Tag.FrameOfReferenceUID)));
		assertNotEquals(full.frameOfReferenceUid(), dc.string(Tag.FrameOfReferenceUID));
		assertFalse(dc.contains(Tag.ReferencedSeriesSequence));
		assertArrayEquals(expected(labels, KNEE), placedByOurReader(c, g, labels.dimensions()));
	}

	/** The GE DESS first echo (real data) with synthetic labels on its grid: dciodvfy clean, frames placed right by pydicom. */
	@Test
	void geDessSegIsValidAndPlaced(@TempDir final Path dir) throws IOException {
		final Path folder = RealData.require("dicom/ge-knee-dess-echo1");
		final DicomVolumes.Arrangement a = DicomVolumes.arrange(DicomScanner.scan(folder).onlySeries());
		final int[] d = a.dimensions();
		final Volume<UnsignedByteType> labels = labels(d[0], d[1], d[2], a.geometry());
		final Source source = Source.of(a);
		final Path seg = SegmentationWriter.write(labels, KNEE, source, Options.defaults().withSeed("ge-dess"), dir.resolve("seg.dcm"));
		dciodvfy(seg);
		final Attributes ds = DicomReader.read(seg).dataset();
		final Attributes ge = DicomReader.readHeader(a.slices().get(0).file()).dataset();
		assertEquals(ge.string(Tag.FrameOfReferenceUID), ds.string(Tag.FrameOfReferenceUID));
		assertEquals(ge.string(Tag.StudyInstanceUID), ds.string(Tag.StudyInstanceUID));
		assertEquals(ge.string(Tag.PatientID), ds.string(Tag.PatientID));
		assertArrayEquals(expected(labels, KNEE), placedByOurReader(seg, a.geometry(), d));
		assertArrayEquals(expected(labels, KNEE), placedByPydicom(seg, a.series().files(), dir));
	}

	/**
	 * A multi-frame source (the Philips Enhanced MR of dcm_qa_enh, real data: the magnitude stack, 32 of the file's 64
	 * frames): one instance referenced, each SEG frame's source image is the file's frame of that slice
	 * (ReferencedFrameNumber, 1-based); dciodvfy clean; frames placed right by our reader.
	 */
	@Test
	void enhancedSourceReferencesItsFrames(@TempDir final Path dir) throws IOException {
		final Path folder = RealData.require("dicom/dcm_qa_enh");
		final DicomSeries magnitude = DicomScanner.scan(folder.resolve("In/Philips")).allSeries().get(1);
		final DicomVolumes.Arrangement a = DicomVolumes.arrange(magnitude);
		final int[] d = a.dimensions();
		final Volume<UnsignedByteType> labels = labels(d[0], d[1], d[2], a.geometry());
		final Path seg = SegmentationWriter.write(labels, KNEE, Source.of(a), Options.defaults().withSeed("enhanced"), dir.resolve("seg.dcm"));
		dciodvfy(seg);
		final Attributes ds = DicomReader.read(seg).dataset();
		final String file = DicomReader.readHeader(magnitude.files().get(0)).dataset().string(Tag.SOPInstanceUID);
		final List<Attributes> instances = ds.sequence(Tag.ReferencedSeriesSequence).get(0).sequence(Tag.ReferencedInstanceSequence);
		assertEquals(1, instances.size());
		assertEquals(file, instances.get(0).string(Tag.ReferencedSOPInstanceUID));
		for (final Attributes fg : ds.sequence(Tag.PerFrameFunctionalGroupsSequence)) {
			final int k = (int) fg.sequence(Tag.FrameContentSequence).get(0).doubles(Tag.DimensionIndexValues)[1] - 1;
			final Attributes image = fg.sequence(Tag.DerivationImageSequence).get(0).sequence(Tag.SourceImageSequence).get(0);
			assertEquals(file, image.string(Tag.ReferencedSOPInstanceUID));
			assertEquals(a.slices().get(k).frame() + 1, image.intValue(Tag.ReferencedFrameNumber, -1), "slice " + k);
		}
		assertArrayEquals(expected(labels, KNEE), placedByOurReader(seg, a.geometry(), d));
	}
}
