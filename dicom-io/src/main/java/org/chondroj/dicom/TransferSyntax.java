package org.chondroj.dicom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A DICOM transfer syntax: how the data set after the file meta information is encoded (VR explicit or implicit,
 * byte order, deflate) and how the pixel data is (native, or encapsulated with a codec). Every syntax not known
 * here is read as the standard requires of all later syntaxes (explicit VR little endian, encapsulated pixel data)
 * and its pixels are refused with {@link UnsupportedTransferSyntaxException}.
 */
public final class TransferSyntax {

	/** How encapsulated pixel data is compressed. */
	public enum Codec {
		/** Native (not encapsulated) pixel data. */
		NONE,
		/** Encapsulated but uncompressed frames (1.2.840.10008.1.2.1.98). */
		ENCAPSULATED_UNCOMPRESSED,
		RLE,
		/** JPEG baseline and extended (lossy, 8/12 bit), ISO 10918-1 processes 1, 2/4. */
		JPEG_LOSSY,
		/** JPEG lossless, processes 14 and 14 SV1. */
		JPEG_LOSSLESS,
		/** JPEG 2000 part 1, lossless or lossy. */
		JPEG_2000,
		/** Anything ChondroJ cannot decode (JPEG-LS, HTJ2K, MPEG, unknown). */
		UNSUPPORTED
	}

	private static final Map<String, TransferSyntax> KNOWN = new LinkedHashMap<>();

	public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN = known("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, Codec.NONE);
	public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN = known("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, Codec.NONE);
	public static final TransferSyntax ENCAPSULATED_UNCOMPRESSED = known("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, Codec.ENCAPSULATED_UNCOMPRESSED);
	public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = known("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, Codec.NONE);
	public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN = known("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, Codec.NONE);
	public static final TransferSyntax JPEG_BASELINE = known("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, Codec.JPEG_LOSSY);
	public static final TransferSyntax JPEG_EXTENDED = known("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, Codec.JPEG_LOSSY);
	public static final TransferSyntax JPEG_LOSSLESS = known("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, Codec.JPEG_LOSSLESS);
	public static final TransferSyntax JPEG_LOSSLESS_SV1 = known("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, false, Codec.JPEG_LOSSLESS);
	public static final TransferSyntax JPEG_LS_LOSSLESS = known("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = known("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax JPEG_2000_LOSSLESS = known("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, Codec.JPEG_2000);
	public static final TransferSyntax JPEG_2000 = known("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, Codec.JPEG_2000);
	public static final TransferSyntax JPEG_2000_MC_LOSSLESS = known("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax JPEG_2000_MC = known("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax HTJ2K_LOSSLESS = known("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax HTJ2K_LOSSLESS_RPCL = known("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax HTJ2K = known("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true, false, false, Codec.UNSUPPORTED);
	public static final TransferSyntax RLE_LOSSLESS = known("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, Codec.RLE);

	private final String uid;
	private final String name;
	private final boolean explicitVR;
	private final boolean bigEndian;
	private final boolean deflated;
	private final Codec codec;

	private TransferSyntax(final String uid, final String name, final boolean explicitVR, final boolean bigEndian, final boolean deflated,
			final Codec codec) {
		this.uid = uid;
		this.name = name;
		this.explicitVR = explicitVR;
		this.bigEndian = bigEndian;
		this.deflated = deflated;
		this.codec = codec;
	}

	private static TransferSyntax known(final String uid, final String name, final boolean explicitVR, final boolean bigEndian,
			final boolean deflated, final Codec codec) {
		final TransferSyntax ts = new TransferSyntax(uid, name, explicitVR, bigEndian, deflated, codec);
		KNOWN.put(uid, ts);
		return ts;
	}

	/** The syntax of a Transfer Syntax UID; an unknown UID gives an explicit-VR little-endian encapsulated syntax whose pixels are unsupported. */
	public static TransferSyntax of(final String uid) {
		final String u = uid == null ? "" : uid.trim();
		final TransferSyntax ts = KNOWN.get(u);
		return ts != null ? ts : new TransferSyntax(u, "unknown transfer syntax", true, false, false, Codec.UNSUPPORTED);
	}

	public String uid() {
		return uid;
	}

	/** The standard's name of the syntax. */
	public String name() {
		return name;
	}

	public boolean explicitVR() {
		return explicitVR;
	}

	public boolean bigEndian() {
		return bigEndian;
	}

	/** True if the data set after the meta information is deflate-compressed (RFC 1951, no zlib header). */
	public boolean deflated() {
		return deflated;
	}

	/** True if Pixel Data is encapsulated (fragments in items) rather than native. */
	public boolean encapsulated() {
		return codec != Codec.NONE;
	}

	public Codec codec() {
		return codec;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof TransferSyntax && ((TransferSyntax) o).uid.equals(uid);
	}

	@Override
	public int hashCode() {
		return Objects.hash(uid);
	}

	@Override
	public String toString() {
		return name + " (" + uid + ")";
	}
}
