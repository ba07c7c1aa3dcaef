package org.chondroj.batch;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.results.ResultsFiles;

/**
 * Stable pseudonyms for subjects: {@code S-} and the first 10 hex digits (40 bits) of HMAC-SHA-256 of the subject's
 * identifier under a secret salt. The same salt gives the same pseudonym in every run; without the salt the identifier
 * cannot be found by trying likely ones. The mapping back is written to its own file ({@link #writeMapping}), to be
 * kept apart from the outputs that are shared. Immutable and thread-safe.
 */
public final class Pseudonyms {

	/** The mapping file's name in the output folder. */
	public static final String MAPPING = "pseudonyms.csv";

	private final byte[] salt;

	private Pseudonyms(final byte[] salt) {
		this.salt = salt.clone();
	}

	/** Pseudonyms under {@code salt} (any text, e.g. a trial's secret; UTF-8). */
	public static Pseudonyms withSalt(final String salt) {
		if (salt.isEmpty())
			throw new IllegalArgumentException("the pseudonym salt is empty");
		return new Pseudonyms(salt.getBytes(StandardCharsets.UTF_8));
	}

	/** A new random salt (128 bits, hex). */
	public static String randomSalt() {
		final byte[] b = new byte[16];
		new SecureRandom().nextBytes(b);
		return HexFormat.of().formatHex(b);
	}

	/** The pseudonym of {@code subject}, e.g. {@code S-3f9a0c12d4}. */
	public String of(final String subject) {
		try {
			final Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(salt, "HmacSHA256"));
			return "S-" + HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
		} catch (final NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException("HMAC-SHA-256 is not available in this Java runtime", e);
		}
	}

	/**
	 * Writes {@code subject,pseudonym} (sorted by pseudonym) to {@code file}, atomically.
	 *
	 * @param subjects subject identifier → pseudonym
	 */
	public static void writeMapping(final Map<String, String> subjects, final Path file) throws IOException {
		final Map<String, String> byPseudonym = new TreeMap<>();
		subjects.forEach((s, p) -> byPseudonym.put(p, s));
		AtomicFiles.write(file, out -> {
			final PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			w.print("subject,pseudonym\r\n");
			byPseudonym.forEach((p, s) -> w.print(ResultsFiles.csvField(s) + "," + p + "\r\n"));
			w.flush();
		});
	}
}
