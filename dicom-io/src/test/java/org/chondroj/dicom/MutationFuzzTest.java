package org.chondroj.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.testing.HostileInput;
import org.chondroj.core.testing.Mutations;
import org.joml.Matrix3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriter;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;

/**
 * Seeded, deterministic mutation fuzzing of the DICOM readers on small files ChondroJ writes itself (no external
 * data): a 3-slice MR series ({@link MRSeriesWriter}), an enhanced multi-frame MR with functional groups and a nested
 * private sequence, RLE, JPEG baseline, JPEG 2000, encapsulated uncompressed and deflated files ({@link DicomWriter},
 * the compressed frames encoded here or by the JDK's and jai-imageio's ImageIO writers). Each case mutates one seed:
 * bit flips, overwritten, inserted or deleted bytes, truncation, corrupted value lengths and VRs, absurd Rows, Columns,
 * NumberOfFrames, BitsAllocated… (also under other VRs), sequences nested up to 60 deep, another transfer syntax in
 * the meta information, or two of these. The mutated file is read twice, as {@code chondroj info} and {@code convert}
 * read a folder (scan, arrange, metadata, every stack as a volume; for the series with its two intact slices), and as
 * a single file (header and frames, then the full read and decode). Each reading must end in success or a
 * {@link DicomFormatException} naming the file, within 2 s, allocating no more than 4 × the input + 64 MB
 * ({@link HostileInput}).
 * <p>
 * {@value #DEFAULT_CASES} mutated files in the normal build; {@code -Dchondroj.fuzz.cases=100000} (or the Maven profile
 * {@code fuzz-long}) for a long run. The summary line gives the figures.
 */
class MutationFuzzTest {

	static final int DEFAULT_CASES = 4000;
	private static final long SEED = 20240624L;
	private static final int COLUMNS = 10, ROWS = 8, SLICES = 3;
	private static final String ENHANCED_MR = "1.2.840.10008.5.1.4.1.1.4.1";
	private static final int PRIVATE_SEQUENCE = 0x00291010;

	/** A file to mutate: its data set and transfer syntax (for mutations of the model), and its bytes. */
	private record Seed(String name, Attributes dataset, TransferSyntax syntax, boolean deflate, byte[] bytes, int slice) {
	}

	@Test
	void mutatedFilesAreReadOrRefusedTyped(@TempDir final Path dir) throws Exception {
		final int cases = Integer.getInteger("chondroj.fuzz.cases", DEFAULT_CASES);
		final List<Seed> seeds = seeds();
		final List<byte[]> series = new ArrayList<>();
		for (final Seed s : seeds)
			if (s.name.startsWith("mr"))
				series.add(s.bytes);
		try (HostileInput runner = new HostileInput("dicom mutations", DicomFormatException.class, GuardedDecoder::allocatedBytes)) {
			final long start = System.nanoTime();
			for (int c = 0; c < cases; c++) {
				final SplittableRandom r = new SplittableRandom(SEED * 1_000_003L + c);
				final Seed seed = seeds.get(r.nextInt(seeds.size()));
				final StringBuilder what = new StringBuilder();
				final byte[] mutated = mutate(seed, r, what);
				final String label = String.format(Locale.ROOT, "seed %d case %d (%s: %s)", SEED, c, seed.name, what);
				final Path folder = Files.createDirectories(dir.resolve("case"));
				try (Stream<Path> old = Files.list(folder)) {
					for (final Path p : (Iterable<Path>) old::iterator)
						Files.delete(p);
				}
				final Path file = folder.resolve(String.format(Locale.ROOT, "IM%05d.dcm", seed.slice + 1));
				Files.write(file, mutated);
				long size = mutated.length;
				if (seed.slice >= 0) // the rest of the series, intact
					for (int k = 0; k < SLICES; k++)
						if (k != seed.slice) {
							Files.write(folder.resolve(String.format(Locale.ROOT, "IM%05d.dcm", k + 1)), series.get(k));
							size += series.get(k).length;
						}
				final String name = file.getFileName().toString();
				check(runner, label + " as a folder", size, name, () -> readFolder(folder));
				check(runner, label + " as a file", mutated.length, name, () -> readFile(file));
			}
			System.out.printf(Locale.ROOT, "%s; %d mutated files, each read as a folder and as a file, in %.1f s%n", runner.summary(), cases,
					(System.nanoTime() - start) / 1e9);
			assertEquals(List.of(), runner.failures(), runner.summary());
		}
	}

	/**
	 * Runs one reading; a refusal must name the mutated file (or, for a stack, the folder), and must not come from the
	 * readers' safety net for unforeseen exceptions (a bug, even if typed).
	 */
	private static void check(final HostileInput runner, final String label, final long size, final String name, final HostileInput.Case c) {
		final HostileInput.Result r = runner.run(label, size, c);
		if (r.outcome() != HostileInput.Outcome.TYPED)
			return;
		final String m = r.thrown().getMessage();
		if (!m.contains(name) && !m.contains("case"))
			runner.fail(label, "the message does not name the file: " + m);
		if (m.contains("unexpected error"))
			runner.fail(label, "caught by the safety net: " + m);
	}

	/** As {@code chondroj info} and {@code convert}: scan, arrange and describe every stack, read it as a volume. */
	private static void readFolder(final Path folder) throws IOException {
		final DicomScan scan = DicomScanner.scan(folder);
		for (final DicomScan.Problem p : scan.unreadable())
			if (!p.message().contains(folder.toString()) || p.message().contains("unexpected error"))
				throw new AssertionError("an unreadable file's problem does not name it, or is a bug: " + p.message());
		DicomFormatException refused = null;
		for (final DicomStudy study : scan.studies())
			for (final DicomSeries s : study.series()) {
				DicomVolumes.metadata(s);
				try {
					DicomVolumes.metadata(DicomVolumes.arrange(s));
					DicomVolumes.read(s);
				} catch (final DicomFormatException e) {
					refused = e;
				}
			}
		if (refused != null)
			throw refused;
	}

	/** A single file: its header and frames, then read and decoded in full. */
	private static void readFile(final Path file) throws IOException {
		final DicomFile header = DicomReader.readHeader(file);
		if (header.dataset().contains(Tag.Rows))
			EnhancedFrames.frames(header);
		final DicomFile full = DicomReader.read(file);
		if (full.dataset().contains(Tag.PixelData))
			PixelData.decode(full);
	}

	/* ---- seeds ---- */

	private static List<Seed> seeds() throws IOException {
		final List<Seed> seeds = new ArrayList<>();
		final short[] values = new short[COLUMNS * ROWS * SLICES];
		for (int i = 0; i < values.length; i++)
			values[i] = (short) (i * 37 % 4000);
		final Volume<?> volume = Volumes.wrapUnsignedShorts(values, new int[] { COLUMNS, ROWS, SLICES },
				VoxelGeometry.of(new double[] { 0.4, 0.5, 1.5 }, new double[] { -20, 10, 5 }, new Matrix3d().rotateX(0.2)));
		final SeriesDescription description = SeriesDescription.builder("fuzz").seriesDescription("Sag DESS fuzz").build();
		for (int k = 0; k < SLICES; k++)
			seeds.add(seed("mr" + k, MRSeriesWriter.slice(volume, description, k), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, k));
		final Attributes slice = MRSeriesWriter.slice(volume, description, 0);
		seeds.add(seed("enhanced", enhanced(slice), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false, -1));
		seeds.add(seed("deflated", slice, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true, -1));
		final byte[] pixels = slice.bytes(Tag.PixelData);
		seeds.add(seed("rle", encapsulated(slice, 2, List.of(rle(pixels), rle(pixels)), true), TransferSyntax.RLE_LOSSLESS, false, -1));
		seeds.add(seed("uncompressed", encapsulated(slice, 2, List.of(concat(pixels, pixels)), false), TransferSyntax.ENCAPSULATED_UNCOMPRESSED, false, -1));
		final Attributes eight = eightBit(slice);
		seeds.add(seed("jpeg", encapsulated(eight, 1, List.of(imageIO(eight, false)), false), TransferSyntax.JPEG_BASELINE, false, -1));
		seeds.add(seed("j2k", encapsulated(slice, 1, List.of(imageIO(slice, true)), false), TransferSyntax.JPEG_2000_LOSSLESS, false, -1));
		return seeds;
	}

	private static Seed seed(final String name, final Attributes ds, final TransferSyntax ts, final boolean deflate, final int slice)
			throws IOException {
		return new Seed(name, ds, ts, deflate, encode(ds, ts, deflate), slice);
	}

	/** Part 10 bytes; a deflated file is written explicit and its data set deflated, with the meta's syntax changed. */
	private static byte[] encode(final Attributes ds, final TransferSyntax ts, final boolean deflate) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		DicomWriter.write(out, ds, ts);
		final byte[] b = out.toByteArray();
		if (!deflate)
			return b;
		final int metaEnd = metaEnd(b);
		final byte[] meta = withSyntax(Arrays.copyOf(b, metaEnd), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
		final ByteArrayOutputStream z = new ByteArrayOutputStream();
		final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try (DeflaterOutputStream d = new DeflaterOutputStream(z, deflater)) {
			d.write(b, metaEnd, b.length - metaEnd);
		} finally {
			deflater.end();
		}
		return concat(meta, z.toByteArray());
	}

	/** An Enhanced MR of 3 frames: shared and per-frame functional groups, and a private sequence 4 deep. */
	private static Attributes enhanced(final Attributes slice) {
		final Attributes ds = copy(slice);
		ds.setString(Tag.SOPClassUID, ENHANCED_MR);
		ds.setString(Tag.NumberOfFrames, "3");
		for (final Tag t : new Tag[] { Tag.ImagePositionPatient, Tag.ImageOrientationPatient, Tag.PixelSpacing, Tag.SliceThickness })
			ds.remove(t.number());
		final Attributes shared = ds.newItem();
		shared.setSequence(Tag.PixelMeasuresSequence, List.of(ds.newItem().setString(Tag.PixelSpacing, "0.5", "0.4").setString(Tag.SliceThickness, "1.5")));
		shared.setSequence(Tag.PlaneOrientationSequence, List.of(ds.newItem().setString(Tag.ImageOrientationPatient, "1", "0", "0", "0", "1", "0")));
		ds.setSequence(Tag.SharedFunctionalGroupsSequence, List.of(shared));
		final List<Attributes> perFrame = new ArrayList<>();
		for (int f = 0; f < 3; f++) {
			final Attributes g = ds.newItem();
			g.setSequence(Tag.PlanePositionSequence, List.of(ds.newItem().setString(Tag.ImagePositionPatient, "-20", "10", Integer.toString(5 + 2 * f))));
			g.setSequence(Tag.FrameContentSequence, List.of(ds.newItem().setString(Tag.StackID, "1").setString(Tag.TemporalPositionIndex, "1")));
			g.setSequence(Tag.MREchoSequence, List.of(ds.newItem().setString(Tag.EffectiveEchoTime, "4.5")));
			perFrame.add(g);
		}
		ds.setSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame);
		ds.setSequence(PRIVATE_SEQUENCE, List.of(nested(ds, 4, 2)));
		final byte[] p = slice.bytes(Tag.PixelData);
		ds.setBytes(Tag.PixelData.number(), VR.OW, concat(p, p, p));
		return ds;
	}

	/** An item holding a private sequence nested {@code depth} deep, {@code width} items at each level. */
	private static Attributes nested(final Attributes parent, final int depth, final int width) {
		final Attributes item = parent.newItem();
		item.setString(0x00291001, VR.LO, "level " + depth);
		if (depth > 1) {
			final List<Attributes> items = new ArrayList<>();
			for (int i = 0; i < width; i++)
				items.add(nested(item, depth - 1, i == 0 ? width : 1));
			item.setSequence(PRIVATE_SEQUENCE, items);
		}
		return item;
	}

	/** The slice as 8-bit data (values / 16). */
	private static Attributes eightBit(final Attributes slice) {
		final Attributes ds = copy(slice);
		final byte[] p = slice.bytes(Tag.PixelData), b = new byte[p.length / 2];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) (((p[2 * i] & 0xFF) | (p[2 * i + 1] & 0xFF) << 8) / 16);
		ds.setDoubles(Tag.BitsAllocated, 8).setDoubles(Tag.BitsStored, 8).setDoubles(Tag.HighBit, 7);
		ds.setBytes(Tag.PixelData.number(), VR.OB, b);
		return ds;
	}

	/** {@code ds} with encapsulated pixel data of {@code frames} frames: an offset table when there is a fragment per frame. */
	private static Attributes encapsulated(final Attributes slice, final int frames, final List<byte[]> fragments, final boolean table) {
		final Attributes ds = copy(slice);
		if (frames > 1)
			ds.setString(Tag.NumberOfFrames, Integer.toString(frames));
		final List<byte[]> items = new ArrayList<>();
		final ByteBuffer bot = ByteBuffer.allocate(table ? 4 * fragments.size() : 0).order(ByteOrder.LITTLE_ENDIAN);
		int offset = 0;
		for (final byte[] f : fragments) {
			if (table)
				bot.putInt(offset);
			offset += 8 + f.length;
		}
		items.add(bot.array());
		items.addAll(fragments);
		ds.setFragments(Tag.PixelData.number(), VR.OB, items);
		return ds;
	}

	/** One RLE frame of 16-bit little-endian pixels: two segments (high, low bytes), runs where values repeat, else literals. */
	private static byte[] rle(final byte[] pixels) {
		final int n = pixels.length / 2;
		final byte[][] planes = { new byte[n], new byte[n] };
		for (int i = 0; i < n; i++) {
			planes[0][i] = pixels[2 * i + 1];
			planes[1][i] = pixels[2 * i];
		}
		final byte[] high = packBits(planes[0]), low = packBits(planes[1]);
		final ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
		header.putInt(2).putInt(64).putInt(64 + high.length);
		final byte[] out = concat(header.array(), high, low);
		return out.length % 2 == 0 ? out : concat(out, new byte[1]);
	}

	private static byte[] packBits(final byte[] b) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		int i = 0;
		while (i < b.length) {
			int run = 1;
			while (i + run < b.length && run < 128 && b[i + run] == b[i])
				run++;
			if (run >= 2) {
				out.write(1 - run);
				out.write(b[i]);
				i += run;
			} else {
				int lit = 1;
				while (i + lit < b.length && lit < 128 && !(i + lit + 1 < b.length && b[i + lit] == b[i + lit + 1]))
					lit++;
				out.write(lit - 1);
				out.write(b, i, lit);
				i += lit;
			}
		}
		return out.toByteArray();
	}

	/** The frame encoded by ImageIO: JPEG baseline (8-bit, the JDK's writer) or lossless JPEG 2000 (16-bit, jai-imageio's, codestream only). */
	private static byte[] imageIO(final Attributes ds, final boolean j2k) throws IOException {
		final byte[] p = ds.bytes(Tag.PixelData);
		final BufferedImage image = new BufferedImage(COLUMNS, ROWS, j2k ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < ROWS; y++)
			for (int x = 0; x < COLUMNS; x++) {
				final int i = y * COLUMNS + x;
				image.getRaster().setSample(x, y, 0, j2k ? (p[2 * i] & 0xFF) | (p[2 * i + 1] & 0xFF) << 8 : p[i] & 0xFF);
			}
		final ImageWriter writer;
		javax.imageio.ImageWriteParam param = null;
		if (j2k) {
			writer = new J2KImageWriter(new J2KImageWriterSpi());
			final J2KImageWriteParam j = new J2KImageWriteParam();
			j.setLossless(true);
			j.setWriteCodeStreamOnly(true);
			param = j;
		} else {
			writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		}
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(image, null, null), param);
		} finally {
			writer.dispose();
		}
		final byte[] b = bytes.toByteArray();
		return b.length % 2 == 0 ? b : concat(b, new byte[1]);
	}

	/* ---- mutations ---- */

	private static final long[] EXTREME = { 0, 1, 2, 3, 7, 8, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x10000, 0x7FFFFFF0L, 0x7FFFFFFFL, 0x80000000L,
			0xFFFFFFFEL, 0xFFFFFFFFL };
	private static final String[] ABSURD = { "0", "1", "2", "3", "7", "12", "15", "17", "31", "33", "64", "255", "256", "4096", "32767", "65535",
			"65536", "1048576", "2147483647", "-1", "-2147483648", "20080516", "1e9", "NaN", "", " ", "\0\0", "99999999999999999999", "1\\2\\3" };
	/** Counts and sizes that drive allocations: chosen half of the time. */
	private static final Tag[] SIZE_TAGS = { Tag.Rows, Tag.Columns, Tag.NumberOfFrames, Tag.BitsAllocated, Tag.SamplesPerPixel };
	private static final String[] LARGE = { "4096", "32767", "65535", "65536", "1048576", "20080516", "2147483647" };
	private static final Tag[] PIXEL_TAGS = { Tag.Rows, Tag.Columns, Tag.NumberOfFrames, Tag.BitsAllocated, Tag.BitsStored, Tag.HighBit,
			Tag.SamplesPerPixel, Tag.PixelRepresentation, Tag.PlanarConfiguration, Tag.PhotometricInterpretation, Tag.PixelSpacing,
			Tag.ImagePositionPatient, Tag.ImageOrientationPatient, Tag.RescaleSlope, Tag.RescaleIntercept, Tag.SpecificCharacterSet };
	private static final VR[] OTHER_VRS = { VR.US, VR.SS, VR.UL, VR.SL, VR.IS, VR.DS, VR.FD, VR.FL, VR.OB, VR.OW, VR.CS, VR.UN, VR.SQ };
	private static final TransferSyntax[] SYNTAXES = { TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
			TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.RLE_LOSSLESS,
			TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_LOSSLESS_SV1, TransferSyntax.JPEG_2000_LOSSLESS, TransferSyntax.JPEG_2000,
			TransferSyntax.ENCAPSULATED_UNCOMPRESSED, TransferSyntax.JPEG_LS_LOSSLESS, TransferSyntax.HTJ2K };

	/** One or two mutations of the seed; {@code what} gets their description. */
	private static byte[] mutate(final Seed seed, final SplittableRandom r, final StringBuilder what) throws IOException {
		final int kind = r.nextInt(14);
		byte[] b;
		if (kind >= 10 && kind <= 12) { // a mutation of the model, re-encoded
			b = model(seed, r, what);
		} else if (kind == 13) { // two
			b = bytes(seed.bytes, r.nextInt(10), r, what);
			what.append(" + ");
			b = bytes(b, r.nextInt(10), r, what);
		} else {
			b = bytes(seed.bytes, kind, r, what);
		}
		return b;
	}

	/** Re-encodes the seed's data set with an absurd pixel attribute or a deep private sequence. */
	private static byte[] model(final Seed seed, final SplittableRandom r, final StringBuilder what) throws IOException {
		final Attributes ds = copy(seed.dataset);
		if (r.nextInt(4) == 0) {
			final int depth = 1 + r.nextInt(60), width = 1 + r.nextInt(r.nextBoolean() ? 3 : 200);
			ds.setSequence(PRIVATE_SEQUENCE, List.of(nested(ds, depth, depth > 20 ? Math.min(width, 2) : width)));
			what.append("private sequence nested ").append(depth).append(" deep, ").append(width).append(" wide");
		} else {
			final int n = 1 + r.nextInt(3);
			for (int i = 0; i < n; i++) {
				final Tag tag = r.nextBoolean() ? SIZE_TAGS[r.nextInt(SIZE_TAGS.length)] : PIXEL_TAGS[r.nextInt(PIXEL_TAGS.length)];
				final String value = r.nextBoolean() ? LARGE[r.nextInt(LARGE.length)] : ABSURD[r.nextInt(ABSURD.length)];
				final VR vr = r.nextInt(3) == 0 ? OTHER_VRS[r.nextInt(OTHER_VRS.length)] : tag.vr();
				set(ds, tag, vr, value);
				what.append(i == 0 ? "" : ", ").append(tag.name()).append(" = '").append(value.replace("\0", "\\0")).append("' (").append(vr).append(')');
			}
		}
		try {
			return encode(ds, seed.syntax, seed.deflate);
		} catch (final IllegalArgumentException e) { // a value the writer refuses: mutate the bytes instead
			what.append(" (not writable: ").append(e.getMessage().replaceAll(".*: ", "")).append(") then ");
			return bytes(seed.bytes, 0, r, what);
		}
	}

	private static void set(final Attributes ds, final Tag tag, final VR vr, final String value) {
		switch (vr) {
		case US, SS, UL, SL, FD, FL, OW -> {
			double v;
			try {
				v = Double.parseDouble(value.split("\\\\")[0]);
			} catch (final NumberFormatException e) {
				v = 0;
			}
			ds.setDoubles(tag.number(), vr, v);
		}
		case OB, UN -> ds.setBytes(tag.number(), vr, value.getBytes(StandardCharsets.ISO_8859_1));
		case SQ -> ds.setSequence(tag.number(), List.of(ds.newItem().setString(tag.number(), VR.IS, value)));
		default -> ds.setString(tag.number(), vr, value);
		}
	}

	/** A byte-level mutation of {@code in} (a copy): {@link Mutations#common} for kinds 0–4, DICOM-aware ones after. */
	private static byte[] bytes(final byte[] in, final int kind, final SplittableRandom r, final StringBuilder what) {
		if (kind < Mutations.COMMON_KINDS)
			return Mutations.common(in, kind, r, what);
		byte[] b = in.clone();
		switch (kind) {
		case 5, 6 -> { // a value length (element or item header) set to an extreme or random value
			final List<int[]> fields = lengthFields(b);
			final int[] f = fields.get(r.nextInt(fields.size()));
			final long v = r.nextBoolean() ? EXTREME[r.nextInt(EXTREME.length)] : r.nextLong() & 0xFFFFFFFFL;
			for (int k = 0; k < f[1] && f[0] + k < b.length; k++)
				b[f[0] + k] = (byte) (v >>> 8 * k);
			what.append("length at ").append(f[0]).append(" = ").append(v & (f[1] == 2 ? 0xFFFF : 0xFFFFFFFFL));
		}
		case 7 -> { // a VR changed
			final List<Integer> vrs = vrFields(b);
			if (vrs.isEmpty())
				return bytes(in, 0, r, what);
			final int at = vrs.get(r.nextInt(vrs.size()));
			final String vr = r.nextBoolean() ? VR.values()[r.nextInt(VR.values().length)].name() : "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26));
			b[at] = (byte) vr.charAt(0);
			b[at + 1] = (byte) vr.charAt(1);
			what.append("VR at ").append(at).append(" = ").append(vr);
		}
		case 8 -> { // another transfer syntax in the meta information
			final TransferSyntax ts = SYNTAXES[r.nextInt(SYNTAXES.length)];
			final int end = metaEnd(b);
			if (end < 0)
				return bytes(in, 2, r, what);
			b = concat(withSyntax(Arrays.copyOf(b, end), ts.uid()), Arrays.copyOfRange(b, end, b.length));
			what.append("transfer syntax ").append(ts.uid());
		}
		default -> { // a run of one byte value over a stretch (zeros, 0xFF)
			final int at = r.nextInt(b.length), n = Math.min(1 + r.nextInt(64), b.length - at);
			Arrays.fill(b, at, at + n, r.nextBoolean() ? 0 : (byte) 0xFF);
			what.append(n).append(" bytes filled at ").append(at);
		}
		}
		return b;
	}

	/** Offsets and sizes (2 or 4 bytes) of the length fields of explicit-VR element headers and of item headers. */
	private static List<int[]> lengthFields(final byte[] b) {
		final List<int[]> at = new ArrayList<>();
		for (int i = 0; i + 12 <= b.length; i += 2) {
			final VR vr = VR.of(b[i + 4] & 0xFF, b[i + 5] & 0xFF);
			if (vr != null)
				at.add(vr.hasLongLength() ? new int[] { i + 8, 4 } : new int[] { i + 6, 2 });
			if (b[i] == (byte) 0xFE && b[i + 1] == (byte) 0xFF && (b[i + 2] == 0 || b[i + 2] == (byte) 0xDD || b[i + 2] == 0x0D) && b[i + 3] == (byte) 0xE0)
				at.add(new int[] { i + 4, 4 });
		}
		if (at.isEmpty())
			at.add(new int[] { 0, 4 });
		return at;
	}

	/** Offsets of the VRs of explicit-VR element headers. */
	private static List<Integer> vrFields(final byte[] b) {
		final List<Integer> at = new ArrayList<>();
		for (int i = 0; i + 8 <= b.length; i += 2)
			if (VR.of(b[i + 4] & 0xFF, b[i + 5] & 0xFF) != null && (b[i + 1] != 0 || b[i] != 0))
				at.add(i + 4);
		return at;
	}

	/** Where the file meta information (group 0002, after the preamble) ends, or -1. */
	private static int metaEnd(final byte[] b) {
		int i = 132;
		while (i + 8 <= b.length && b[i] == 2 && b[i + 1] == 0) {
			final VR vr = VR.of(b[i + 4] & 0xFF, b[i + 5] & 0xFF);
			if (vr == null)
				return -1;
			if (vr.hasLongLength()) {
				if (i + 12 > b.length)
					return -1;
				i += 12 + (int) (ByteBuffer.wrap(b, i + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0x7FFFFFFFL);
			} else
				i += 8 + (ByteBuffer.wrap(b, i + 6, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF);
		}
		return i <= b.length ? i : -1;
	}

	/** The preamble and meta information {@code meta} with (0002,0010) set to {@code uid} and the group length updated. */
	private static byte[] withSyntax(final byte[] meta, final String uid) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(meta, 0, 132);
		final ByteArrayOutputStream group = new ByteArrayOutputStream();
		int i = 132;
		while (i + 8 <= meta.length) {
			final int element = (meta[i + 2] & 0xFF) | (meta[i + 3] & 0xFF) << 8;
			final VR vr = VR.of(meta[i + 4] & 0xFF, meta[i + 5] & 0xFF);
			final int header = vr.hasLongLength() ? 12 : 8;
			final int length = vr.hasLongLength() ? ByteBuffer.wrap(meta, i + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
					: ByteBuffer.wrap(meta, i + 6, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
			if (element == 0x0010) {
				final byte[] v = (uid.length() % 2 == 0 ? uid : uid + "\0").getBytes(StandardCharsets.US_ASCII);
				group.write(meta, i, 6);
				group.write(v.length & 0xFF);
				group.write(v.length >>> 8);
				group.write(v, 0, v.length);
			} else if (element != 0x0000) {
				group.write(meta, i, header + length);
			}
			i += header + length;
		}
		final byte[] g = group.toByteArray();
		final ByteBuffer length = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		length.put(new byte[] { 2, 0, 0, 0, 'U', 'L' }).putShort((short) 4).putInt(g.length);
		out.write(length.array(), 0, 12);
		out.write(g, 0, g.length);
		return out.toByteArray();
	}

	/** A deep copy of a data set as written and read back (so that mutations never touch a seed). */
	private static Attributes copy(final Attributes ds) {
		try {
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			if (ds.fragments(Tag.PixelData.number()) != null)
				DicomWriter.write(out, ds, TransferSyntax.ENCAPSULATED_UNCOMPRESSED);
			else
				DicomWriter.write(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
			final Path tmp = Files.createTempFile("fuzz-copy", ".dcm");
			try {
				Files.write(tmp, out.toByteArray());
				return DicomReader.read(tmp).dataset();
			} finally {
				Files.delete(tmp);
			}
		} catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] concat(final byte[]... parts) {
		int n = 0;
		for (final byte[] p : parts)
			n += p.length;
		final byte[] out = new byte[n];
		int o = 0;
		for (final byte[] p : parts) {
			System.arraycopy(p, 0, out, o, p.length);
			o += p.length;
		}
		return out;
	}
}
