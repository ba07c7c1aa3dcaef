package org.chondroj.dicom;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.BitSet;
import java.util.Locale;

import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;

/**
 * JPEG and JPEG 2000 frames decoded through ImageIO plugins chosen explicitly, never "whatever ImageIO finds first":
 * <ul>
 * <li>JPEG (baseline, extended, lossless): TwelveMonkeys' {@code JPEGImageReader} (imageio-jpeg), which decodes
 * lossless JPEG (process 14, 2–16 bits) itself and hands DCT-based JPEG to the JDK's decoder it wraps;</li>
 * <li>JPEG 2000 part 1 (codestream or JP2 file): jai-imageio's {@code J2KImageReader} (the JJ2000 decoder).</li>
 * </ul>
 * Frames are read as a {@link Raster}, never as a {@code BufferedImage}: no colour conversion, no colour profile, no
 * rescaling, so the values are the decoder's output samples. For colour JPEG that is the components as coded
 * (YCbCr for YBR_FULL_422 and YBR_FULL, upsampled to full resolution by the decoder); for JPEG 2000 the decoder applies
 * the inverse component transform the codestream declares (RCT/ICT), so YBR_RCT and YBR_ICT come out as RGB. See
 * {@link Codecs#decodedPhotometric}.
 * <p>
 * Cost: one reader, one in-memory stream and one raster per frame (readers are not thread safe, and each frame is
 * decoded on a thread of its own, see {@link GuardedDecoder}).
 */
final class ImageIODecoders {

	private ImageIODecoders() {
	}

	/**
	 * TwelveMonkeys' JPEG reader provider, registered in a private registry next to the JDK's JPEG provider (which it
	 * finds there on registration and delegates DCT-based JPEG to): the global {@link IIORegistry} and its ordering,
	 * which other code (and Fiji) may change, play no part.
	 */
	private static final class Jpeg {
		static final ImageReaderSpi SPI = create();

		private static ImageReaderSpi create() {
			final Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, false);
			while (it.hasNext()) {
				final ImageReaderSpi jdk = it.next();
				if (jdk.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi")) {
					final ServiceRegistry registry = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
					registry.registerServiceProvider(jdk, ImageReaderSpi.class);
					final JPEGImageReaderSpi twelveMonkeys = new JPEGImageReaderSpi();
					registry.registerServiceProvider(twelveMonkeys, ImageReaderSpi.class);
					// without its delegate, TwelveMonkeys' provider deregisters itself
					return registry.contains(twelveMonkeys) ? twelveMonkeys : null;
				}
			}
			return null;
		}
	}

	/** A new TwelveMonkeys JPEG reader. */
	static ImageReader jpegReader(final Path file) throws IOException {
		if (Jpeg.SPI == null)
			throw new DicomFormatException(file, -1, Tag.PixelData.number(),
					"cannot decode JPEG: the JDK's JPEG decoder (com.sun.imageio.plugins.jpeg), which TwelveMonkeys' reader needs, is not available");
		return Jpeg.SPI.createReaderInstance();
	}

	/** A new jai-imageio JPEG 2000 reader. */
	static ImageReader jpeg2000Reader() {
		return new J2KImageReader(new J2KImageReaderSpi());
	}

	/**
	 * Why a JPEG frame cannot be decoded here, from its frame header, or {@code null}: DCT-based JPEG (SOF0–2, 5–6,
	 * 9–10, 13–14) of more than 8 bits, which the JDK's decoder refuses (TwelveMonkeys decodes lossless JPEG of any
	 * precision itself). A stream whose markers cannot be followed gives {@code null}: the decoder then reports it.
	 */
	static String jpegProblem(final byte[] b) {
		final int i = startOfFrame(b);
		if (i < 0)
			return null;
		final int m = b[i + 1] & 0xFF;
		final boolean lossless = m == 0xC3 || m == 0xC7 || m == 0xCB || m == 0xCF;
		final int precision = i + 4 < b.length ? b[i + 4] & 0xFF : 8;
		return !lossless && precision > 8 ? String.format(Locale.ROOT, "%d-bit DCT-based JPEG (SOF%d) is not supported by ChondroJ's JPEG decoder "
				+ "(the JDK's, 8-bit only)", precision, m - 0xC0) : null;
	}

	/**
	 * The size a JPEG frame declares in its frame header (SOF): {columns, rows, components}, rows 0 when a DNL marker
	 * gives them later; {@code null} if the markers cannot be followed to a complete frame header.
	 */
	static long[] jpegSize(final byte[] b) {
		final int i = startOfFrame(b);
		if (i < 0 || i + 10 > b.length)
			return null;
		return new long[] { (b[i + 7] & 0xFF) << 8 | b[i + 8] & 0xFF, (b[i + 5] & 0xFF) << 8 | b[i + 6] & 0xFF, b[i + 9] & 0xFF };
	}

	/** Where the frame header (an SOF marker other than DHT, JPG, DAC) of a JPEG stream starts, or -1. */
	private static int startOfFrame(final byte[] b) {
		if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8)
			return -1;
		int i = 2;
		while (i + 4 <= b.length) {
			if ((b[i] & 0xFF) != 0xFF)
				return -1;
			final int m = b[i + 1] & 0xFF;
			if (m == 0xFF) {
				i++;
				continue;
			}
			if (m == 0xDA || m == 0xD9)
				return -1;
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
				return i;
			i += 2 + ((b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF);
		}
		return -1;
	}

	/**
	 * Why a JPEG 2000 frame is not decoded here, or {@code null}: a codestream whose tile-parts of different tiles are
	 * interleaved (tile 0 part 0, tile 1 part 0, …, tile 0 part 1, …). The JJ2000 decoder returns wrong values for
	 * such a stream without any error (on pydicom's GDCMJ2K_TextGBR.dcm, up to 108 grey levels away from OpenJPEG's
	 * exact lossless result), so it is refused. The codestream may be wrapped in a JP2 file (its jp2c box). A stream
	 * whose markers cannot be followed gives {@code null}: the decoder then reports it.
	 */
	static String jpeg2000Problem(final byte[] b) {
		int i = codestreamStart(b);
		if (i < 0 || i + 4 > b.length)
			return null;
		i += 2; // SOC
		while (i + 4 <= b.length && !((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0x90)) { // main header up to the first SOT
			if ((b[i] & 0xFF) != 0xFF)
				return null;
			i += 2 + ((b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF);
		}
		final BitSet seen = new BitSet();
		int last = -1;
		while (i + 12 <= b.length && (b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0x90) {
			final int tile = (b[i + 4] & 0xFF) << 8 | b[i + 5] & 0xFF;
			final long psot = (b[i + 6] & 0xFFL) << 24 | (b[i + 7] & 0xFFL) << 16 | (b[i + 8] & 0xFFL) << 8 | b[i + 9] & 0xFFL;
			if (tile != last && seen.get(tile))
				return "JPEG 2000 codestream with the tile-parts of different tiles interleaved: the JJ2000 decoder misreads these, so ChondroJ refuses them";
			seen.set(tile);
			last = tile;
			if (psot < 12 || i + psot > b.length)
				return null;
			i += (int) psot;
		}
		return null;
	}

	/**
	 * The size a JPEG 2000 codestream declares in its SIZ marker (which follows SOC): {columns, rows, components,
	 * tiles}, i.e. Xsiz − XOsiz, Ysiz − YOsiz, Csiz and the number of tiles of the tile grid, or -1 for the tiles when
	 * the grid breaks the rules of ISO 15444-1 A.5.1 (tiles of size 0, a grid that starts after the image or whose
	 * first tile misses it: JJ2000 allocates per tile before it looks at any data, so such a grid, or one of more tiles
	 * than the image has pixels, must not reach it); {@code null} if there is no complete SIZ where it must be.
	 */
	static long[] jpeg2000Size(final byte[] b) {
		final int i = codestreamStart(b);
		if (i < 0 || i + 42 > b.length || (b[i + 2] & 0xFF) != 0xFF || (b[i + 3] & 0xFF) != 0x51)
			return null;
		final long x = u32(b, i + 8), y = u32(b, i + 12), x0 = u32(b, i + 16), y0 = u32(b, i + 20);
		final long tx = u32(b, i + 24), ty = u32(b, i + 28), tx0 = u32(b, i + 32), ty0 = u32(b, i + 36);
		final boolean grid = tx > 0 && ty > 0 && tx0 <= x0 && ty0 <= y0 && tx0 + tx > x0 && ty0 + ty > y0 && x > x0 && y > y0;
		final long tiles = grid ? ((x - tx0 + tx - 1) / tx) * ((y - ty0 + ty - 1) / ty) : -1;
		return new long[] { x - x0, y - y0, (b[i + 40] & 0xFF) << 8 | b[i + 41] & 0xFF, tiles };
	}

	private static long u32(final byte[] b, final int i) {
		return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | b[i + 3] & 0xFFL;
	}

	/** Where the codestream (SOC) starts: 0 for a bare codestream, inside the jp2c box of a JP2 file, else -1. */
	private static int codestreamStart(final byte[] b) {
		if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x4F)
			return 0;
		long i = 0;
		while (i + 8 <= b.length) {
			final int p = (int) i;
			long len = (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | b[p + 3] & 0xFFL;
			int header = 8;
			if (len == 1 && p + 16 <= b.length) {
				len = 0;
				for (int k = 8; k < 16; k++)
					len = len << 8 | b[p + k] & 0xFFL;
				header = 16;
			}
			if (b[p + 4] == 'j' && b[p + 5] == 'p' && b[p + 6] == '2' && b[p + 7] == 'c')
				return p + header;
			if (len == 0 || len < header)
				return -1;
			i += len;
		}
		return -1;
	}

	/**
	 * Decodes one compressed frame (in the calling thread; {@link Codecs} calls this through {@link GuardedDecoder}):
	 * {@code rows × columns × samples} values, interleaved, exactly as the decoder's raster holds them.
	 *
	 * @param j2k true for JPEG 2000, false for JPEG
	 * @throws IOException if the decoder fails; {@link GuardedDecoder.Refused} if the frame's size or sample count is
	 *         not the header's
	 */
	static int[] decode(final boolean j2k, final byte[] data, final int rows, final int columns, final int samples, final Path file)
			throws IOException, GuardedDecoder.Refused {
		final ImageReader reader = j2k ? jpeg2000Reader() : jpegReader(file);
		final Raster raster;
		try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
			reader.setInput(in, true, true);
			raster = reader.readRaster(0, null);
		} finally {
			reader.dispose();
		}
		if (raster.getWidth() != columns || raster.getHeight() != rows || raster.getNumBands() != samples)
			throw new GuardedDecoder.Refused(String.format(Locale.ROOT, "it decodes to %d × %d pixels with %d sample(s); the header says %d × %d with %d",
					raster.getWidth(), raster.getHeight(), raster.getNumBands(), columns, rows, samples));
		return raster.getPixels(raster.getMinX(), raster.getMinY(), columns, rows, (int[]) null);
	}
}
