package org.chondroj.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * New DICOM unique identifiers without a registered root: {@code 2.25.} followed by the decimal value of a UUID
 * (PS3.5 §B.2, ITU-T X.667). {@link #random()} uses a random (version 4) UUID; {@link #fromName(String)} a
 * name-based (version 5, SHA-1) UUID, so that the same name always gives the same UID (reproducible phantom studies).
 * Every UID made here has at most 44 characters (the limit is 64).
 */
public final class Uids {

	/** The root arc of UUID-derived UIDs. */
	public static final String UUID_ROOT = "2.25";
	/**
	 * The RFC 4122 name-space UUID of ChondroJ's name-based UIDs: the version 5 UUID of the name "chondroj.org" in
	 * the DNS name space.
	 */
	public static final UUID NAMESPACE = nameUuid(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "chondroj.org");
	/** ChondroJ's own root: {@code 2.25.} + the decimal of {@link #NAMESPACE}; arcs below it name ChondroJ things. */
	public static final String CHONDROJ_ROOT = fromUuid(NAMESPACE);
	/** Implementation Class UID (0002,0012) of files written by ChondroJ: {@link #CHONDROJ_ROOT}{@code .1}. */
	public static final String IMPLEMENTATION_CLASS_UID = CHONDROJ_ROOT + ".1";

	/** Largest length of a UID, characters (PS3.5 §9.1). */
	public static final int MAX_LENGTH = 64;

	private Uids() {
	}

	/** A new random UID from a version 4 UUID (122 random bits from a {@link java.security.SecureRandom}). */
	public static String random() {
		return fromUuid(UUID.randomUUID());
	}

	/**
	 * The UID of a name: {@code 2.25.} + the decimal of the version 5 (SHA-1) UUID of {@code name} (UTF-8) in the
	 * {@link #NAMESPACE} name space. The same name gives the same UID on every machine; different names give
	 * different UIDs (up to SHA-1 collisions). Use names that are unique, e.g. "seed 42/study/series 3/instance 17".
	 */
	public static String fromName(final String name) {
		return fromUuid(nameUuid(NAMESPACE, name));
	}

	/** {@code 2.25.} followed by the UUID read as an unsigned 128-bit integer, in decimal without leading zeros. */
	public static String fromUuid(final UUID uuid) {
		final ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		return UUID_ROOT + "." + new BigInteger(1, b.array()).toString();
	}

	/**
	 * The RFC 4122 version 5 UUID of {@code name} (its UTF-8 bytes) in the name space {@code namespace}: SHA-1 of the
	 * name space's 16 bytes and the name, truncated to 128 bits, with the version and variant bits set.
	 */
	public static UUID nameUuid(final UUID namespace, final String name) {
		final MessageDigest sha1;
		try {
			sha1 = MessageDigest.getInstance("SHA-1");
		} catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-1 is required of every Java platform", e);
		}
		sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits()).array());
		final byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
		h[6] = (byte) (h[6] & 0x0F | 0x50);
		h[8] = (byte) (h[8] & 0x3F | 0x80);
		final ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
		return new UUID(b.getLong(), b.getLong());
	}

	/**
	 * True if {@code uid} is a valid UID: 1 to 64 characters, components of digits separated by single dots, no
	 * component with a leading zero (except "0" itself).
	 */
	public static boolean isValid(final String uid) {
		if (uid == null || uid.isEmpty() || uid.length() > MAX_LENGTH)
			return false;
		int start = 0;
		while (true) {
			int end = uid.indexOf('.', start);
			if (end < 0)
				end = uid.length();
			if (end == start || end - start > 1 && uid.charAt(start) == '0')
				return false;
			for (int i = start; i < end; i++)
				if (uid.charAt(i) < '0' || uid.charAt(i) > '9')
					return false;
			if (end == uid.length())
				return true;
			start = end + 1;
		}
	}
}
