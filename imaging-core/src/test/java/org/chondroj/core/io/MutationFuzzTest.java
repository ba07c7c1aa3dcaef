package org.chondroj.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.chondroj.core.Volume;
import org.chondroj.core.testing.HostileInput;
import org.chondroj.core.testing.Mutations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded, deterministic mutation fuzzing of the volume readers on small files ChondroJ writes itself (no external
 * data; the mutations are the same on every run, the bytes too except where a mutation writes the absolute path of
 * the test's temporary folder): NIfTI ({@code .nii}, {@code .nii.gz}), MetaImage ({@code .mha}, {@code .mhd} with {@code .raw} and with
 * zlib-compressed {@code .zraw}) and NRRD (attached raw and gzip, detached {@code .nhdr}), the NRRD headers written
 * here around voxels from the MetaImage writer. Each case mutates one seed: bit flips, overwritten, inserted, deleted
 * or filled bytes, truncation, an absurd value in a line of a text header (sizes, types, encodings, data-file names
 * that leave the folder or hold a NUL, …), a line deleted or repeated, an absurd number in a NIfTI header field (the
 * header inflated and deflated again for {@code .nii.gz}), a corrupted compressed stream or data file, or two of
 * these. Each file is read through {@link VolumeFiles#read}: it must give a volume or a {@link VolumeFormatException}
 * naming the file, within 2 s, allocating no more than 4 × the input + 64 MB ({@link HostileInput}); never a volume
 * read from {@code ../outside.raw} (a file outside the header's folder that a mutated header may name), and never an
 * error from the readers' safety net.
 * <p>
 * {@value #DEFAULT_CASES} cases in the normal build; {@code -Dchondroj.fuzz.cases=100000} (or the Maven profile
 * {@code fuzz-long}) for a long run. The summary line gives the figures.
 */
class MutationFuzzTest {

	static final int DEFAULT_CASES = 10000;
	private static final long SEED = 20240625L;

	/** A seed: the file to read, and its data file (for detached headers) with its name. */
	private record Seed(String name, byte[] bytes, String dataName, byte[] data) {
	}

	@Test
	void mutatedFilesAreReadOrRefusedTyped(@TempDir final Path dir) throws Exception {
		final int cases = Integer.getInteger("chondroj.fuzz.cases", DEFAULT_CASES);
		final Path outside = dir.resolve("outside.raw");
		Files.write(outside, new byte[1 << 16]);
		final List<Seed> seeds = seeds(Files.createDirectories(dir.resolve("seeds")));
		final Path folder = Files.createDirectories(dir.resolve("case"));
		try (HostileInput runner = new HostileInput("volume-file mutations", VolumeFormatException.class, () -> 0)) {
			final long start = System.nanoTime();
			for (int c = 0; c < cases; c++) {
				final SplittableRandom r = new SplittableRandom(SEED * 1_000_003L + c);
				final Seed seed = seeds.get(r.nextInt(seeds.size()));
				final StringBuilder what = new StringBuilder();
				final byte[][] mutated = mutate(seed, r, what, outside);
				final String label = String.format(Locale.ROOT, "seed %d case %d (%s: %s)", SEED, c, seed.name, what);
				try (Stream<Path> old = Files.list(folder)) {
					for (final Path p : (Iterable<Path>) old::iterator)
						Files.delete(p);
				}
				final Path file = folder.resolve(seed.name);
				Files.write(file, mutated[0]);
				long size = mutated[0].length;
				if (seed.dataName != null && mutated[1] != null) {
					Files.write(folder.resolve(seed.dataName), mutated[1]);
					size += mutated[1].length;
				}
				final Volume<?>[] read = new Volume<?>[1];
				final HostileInput.Result result = runner.run(label, size, () -> read[0] = VolumeFiles.read(file));
				if (result.outcome() == HostileInput.Outcome.TYPED) {
					final String m = result.thrown().getMessage();
					if (!m.startsWith(folder.toString()) && !m.startsWith(outside.toString()))
						runner.fail(label, "the message does not start with the file: " + m);
					if (m.contains("unexpected error"))
						runner.fail(label, "caught by the safety net: " + m);
				}
				if (read[0] != null && namesOutside(mutated[0]))
					runner.fail(label, "read a volume whose header names a data file outside its folder");
			}
			System.out.printf(Locale.ROOT, "%s; in %.1f s%n", runner.summary(), (System.nanoTime() - start) / 1e9);
			assertEquals(List.of(), runner.failures(), runner.summary());
		}
	}

	/** True if a MetaImage or NRRD data-file line of the header names {@code outside.raw}. */
	private static boolean namesOutside(final byte[] header) {
		for (final String line : new String(header, StandardCharsets.ISO_8859_1).split("\n"))
			if ((line.startsWith("ElementDataFile") || line.startsWith("data file") || line.startsWith("datafile")) && line.contains("outside.raw"))
				return true;
		return false;
	}

	/* ---- seeds ---- */

	private static List<Seed> seeds(final Path dir) throws IOException {
		final List<Seed> seeds = new ArrayList<>();
		seeds.add(written(dir, "int16.nii", IoTesting.random("int16", IoTesting.oblique(), 1)));
		seeds.add(written(dir, "float32.nii.gz", IoTesting.random("float32", IoTesting.obliqueReflected(), 2)));
		seeds.add(written(dir, "uint8.nii", IoTesting.random("uint8", IoTesting.oblique(), 3)));
		seeds.add(written(dir, "uint16.mha", IoTesting.random("uint16", IoTesting.oblique(), 4)));
		seeds.add(written(dir, "int32.mhd", IoTesting.random("int32", IoTesting.obliqueReflected(), 5)));
		final Path z = dir.resolve("float64.mhd");
		MetaImage.write(IoTesting.random("float64", IoTesting.oblique(), 6), z, true);
		seeds.add(new Seed("float64.mhd", Files.readAllBytes(z), "float64.zraw", Files.readAllBytes(dir.resolve("float64.zraw"))));
		// NRRD around the raw voxels of a MetaImage
		final Path raw = dir.resolve("voxels.mhd");
		MetaImage.write(IoTesting.random("int16", IoTesting.oblique(), 7), raw);
		final byte[] voxels = Files.readAllBytes(dir.resolve("voxels.raw"));
		final int[] d = IoTesting.DIMS;
		final String header = "NRRD0004\n# a ChondroJ fuzz seed\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: " + d[0] + " " + d[1]
				+ " " + d[2] + "\nspace directions: (0.7,0,0) (0,0.3646,0) (0,0,0.3646)\nkinds: domain domain domain\nendian: little\n"
				+ "space origin: (12.5,-80.25,33.125)\n";
		seeds.add(new Seed("int16.nrrd", concat((header + "encoding: raw\n\n").getBytes(StandardCharsets.US_ASCII), voxels), null, null));
		seeds.add(new Seed("int16-gz.nrrd", concat((header + "encoding: gzip\n\n").getBytes(StandardCharsets.US_ASCII), gzip(voxels)), null, null));
		seeds.add(new Seed("int16.nhdr", (header + "encoding: raw\ndata file: int16.raw\n").getBytes(StandardCharsets.US_ASCII), "int16.raw", voxels));
		return seeds;
	}

	private static Seed written(final Path dir, final String name, final Volume<?> v) throws IOException {
		final Path f = dir.resolve(name);
		VolumeFiles.write(v, f);
		final String dataName = name.endsWith(".mhd") ? name.replace(".mhd", ".raw") : null;
		return new Seed(name, Files.readAllBytes(f), dataName, dataName == null ? null : Files.readAllBytes(dir.resolve(dataName)));
	}

	/* ---- mutations ---- */

	private static final String[] ABSURD = { "0", "-1", "1", "3", "4", "65535 65535 65535", "2147483647 1 1", "100000 100000 1", "1e9", "nan",
			"inf", "", " ", "1 2", "1 2 3 4", "MET_LONG", "../outside.raw", "sub/../../outside.raw", "LIST", "%d.raw", "a\0b.raw", "LOCAL", "True",
			"False", "-2", "999999999999999999999", "gzip", "raw", "bz2", "(nan,0,0) (0,1,0) (0,0,1)", "none none none", "(1,0,0)", "x", "big",
			"-1 -1 -1", "2 2 2", "1000 1000 1000" };
	private static final int[] NIFTI_SHORTS = { 40, 42, 44, 46, 48, 50, 52, 54, 70, 72, 252, 254 };
	private static final int[] NIFTI_FLOATS = { 76, 80, 84, 88, 92, 108, 112, 116, 256, 260, 264, 268, 272, 276, 280, 284, 288, 292, 296, 300,
			304, 308, 312, 316, 320, 324 };
	private static final short[] SHORTS = { 0, -1, 1, 2, 3, 4, 7, 8, 16, 64, 256, 512, 768, 1024, 2048, 32767, -32768 };
	private static final float[] FLOATS = { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, -1, 1, 1e30f, 1e-30f, 348, 352,
			353.5f, 1e9f, 2.1e9f, -352 };

	/** The mutated main file and data file (the data file as it was, when not mutated). */
	private static byte[][] mutate(final Seed seed, final SplittableRandom r, final StringBuilder what, final Path outside) throws IOException {
		final byte[][] out = { seed.bytes, seed.data };
		final int kind = r.nextInt(10);
		if (kind == 9) {
			mutateOnce(out, seed, r.nextInt(9), r, what, outside);
			what.append(" + ");
			mutateOnce(out, seed, r.nextInt(9), r, what, outside);
		} else
			mutateOnce(out, seed, kind, r, what, outside);
		return out;
	}

	private static void mutateOnce(final byte[][] files, final Seed seed, final int kind, final SplittableRandom r, final StringBuilder what,
			final Path outside) throws IOException {
		final boolean text = !seed.name.contains(".nii");
		final boolean gz = seed.name.endsWith(".gz");
		switch (kind) {
		case 0, 1, 2 -> files[0] = bytes(files[0], r.nextInt(6), r, what);
		case 3, 4 -> {
			if (text)
				files[0] = headerLine(seed.name, files[0], r, what, outside);
			else
				files[0] = niftiField(files[0], gz, r, what);
		}
		case 5 -> {
			if (text)
				files[0] = headerLine(seed.name, files[0], r, what, outside);
			else
				files[0] = bytes(files[0], r.nextInt(6), r, what);
		}
		case 6 -> { // the compressed stream or the data file
			if (files[1] != null) {
				what.append("data file: ");
				files[1] = r.nextInt(4) == 0 ? null : bytes(files[1], r.nextInt(6), r, what);
				if (files[1] == null)
					what.append("deleted");
			} else if (gz) {
				final int at = 10 + r.nextInt(Math.max(1, files[0].length - 10));
				files[0] = files[0].clone();
				files[0][Math.min(at, files[0].length - 1)] ^= (byte) (1 + r.nextInt(255));
				what.append("compressed byte ").append(at).append(" changed");
			} else
				files[0] = bytes(files[0], 2, r, what);
		}
		default -> files[0] = bytes(files[0], r.nextInt(6), r, what);
		}
	}

	/** A line of a text header (before its data) given an absurd value, deleted or repeated. */
	private static byte[] headerLine(final String name, final byte[] b, final SplittableRandom r, final StringBuilder what, final Path outside) {
		final String all = new String(b, StandardCharsets.ISO_8859_1);
		final int blank = all.indexOf("\n\n"), local = all.indexOf("ElementDataFile");
		int end = b.length; // a detached header: all of it
		if (name.endsWith(".mha") && local >= 0)
			end = all.indexOf('\n', local) + 1;
		else if (name.endsWith(".nrrd") && blank >= 0)
			end = blank + 1;
		if (end <= 0)
			end = b.length;
		final List<String> lines = new ArrayList<>(Arrays.asList(all.substring(0, end).split("\n", -1)));
		if (lines.get(lines.size() - 1).isEmpty())
			lines.remove(lines.size() - 1);
		if (lines.isEmpty())
			return bytes(b, 3, r, what);
		final int i = r.nextInt(lines.size());
		final String line = lines.get(i);
		final int op = r.nextInt(6);
		if (op == 0) {
			lines.remove(i);
			what.append("line '").append(line).append("' deleted");
		} else if (op == 1) {
			lines.add(i, line);
			what.append("line '").append(line).append("' repeated");
		} else {
			final int sep = Math.max(line.indexOf('='), line.indexOf(": "));
			final String value = r.nextInt(8) == 0 ? outside.toString() : ABSURD[r.nextInt(ABSURD.length)];
			final String key = sep < 0 ? line : line.substring(0, sep + (line.charAt(sep) == '=' ? 1 : 2));
			lines.set(i, key + (line.charAt(Math.max(0, sep)) == '=' ? " " : "") + value);
			what.append('\'').append(key.trim()).append("' = '").append(value.replace("\0", "\\0")).append('\'');
		}
		final byte[] head = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
		return concat(head, Arrays.copyOfRange(b, end, b.length));
	}

	/** A NIfTI header field set to an absurd number ({@code .nii.gz}: inflated, changed, deflated again). */
	private static byte[] niftiField(final byte[] file, final boolean gz, final SplittableRandom r, final StringBuilder what) throws IOException {
		byte[] b;
		try {
			b = gz ? gunzip(file) : file.clone();
		} catch (final IOException e) { // already corrupted by an earlier mutation
			return bytes(file, 0, r, what);
		}
		if (b.length < 348)
			return bytes(file, 2, r, what);
		final ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		if (r.nextBoolean()) {
			final int at = NIFTI_SHORTS[r.nextInt(NIFTI_SHORTS.length)];
			final short v = r.nextInt(4) == 0 ? (short) r.nextInt() : SHORTS[r.nextInt(SHORTS.length)];
			h.putShort(at, v);
			what.append("header short at ").append(at).append(" = ").append(v);
		} else {
			final int at = NIFTI_FLOATS[r.nextInt(NIFTI_FLOATS.length)];
			final float v = FLOATS[r.nextInt(FLOATS.length)];
			h.putFloat(at, v);
			what.append("header float at ").append(at).append(" = ").append(v);
		}
		return gz ? gzip(b) : b;
	}

	/**
	 * A byte-level mutation of {@code in} (a copy): bit flips, overwritten, truncated, inserted or deleted bytes
	 * ({@link Mutations#common}), or filled bytes.
	 */
	private static byte[] bytes(final byte[] in, final int kind, final SplittableRandom r, final StringBuilder what) {
		if (in.length == 0 || kind < Mutations.COMMON_KINDS)
			return Mutations.common(in, kind, r, what);
		final byte[] b = in.clone(); // a run of one byte value (zeros, 0xFF)
		final int at = r.nextInt(b.length), n = Math.min(1 + r.nextInt(64), b.length - at);
		Arrays.fill(b, at, at + n, r.nextBoolean() ? 0 : (byte) 0xFF);
		what.append(n).append(" bytes filled at ").append(at);
		return b;
	}

	private static byte[] gzip(final byte[] data) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream z = new GZIPOutputStream(out)) {
			z.write(data);
		}
		return out.toByteArray();
	}

	private static byte[] gunzip(final byte[] data) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
			return in.readAllBytes();
		}
	}

	private static byte[] concat(final byte[] a, final byte[] b) {
		final byte[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}
