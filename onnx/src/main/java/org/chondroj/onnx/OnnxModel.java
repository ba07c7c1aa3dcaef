package org.chondroj.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A learned segmentation model loaded from its folder: the description ({@link ModelSpec}, model.json) and the network
 * (model.onnx) in an ONNX Runtime session on the CPU, using every core. {@link #load} checks both before any image is
 * touched: the description's members, then that the network has one float input of shape [1, 1, p0, p1, p2] and one
 * float output of shape [1, K, p0, p1, p2] for the description's patch and K classes (dimensions the file leaves
 * symbolic are checked by running the network once on a zero patch). Every error names the file and the problem.
 * <p>
 * {@link #predict} runs the network on one patch; it may be called from several threads. Close the model to free the
 * session's native memory.
 */
public final class OnnxModel implements AutoCloseable {

	private final Path folder;
	private final ModelSpec spec;
	private final String sha256;
	private final OrtEnvironment env;
	private final OrtSession session;
	private final String inputName;

	private OnnxModel(final Path folder, final ModelSpec spec, final String sha256, final OrtEnvironment env, final OrtSession session,
			final String inputName) {
		this.folder = folder;
		this.spec = spec;
		this.sha256 = sha256;
		this.env = env;
		this.session = session;
		this.inputName = inputName;
	}

	/**
	 * Loads and checks the model folder {@code folder} (model.json and model.onnx).
	 *
	 * @throws NoSuchFileException naming the folder or the missing file
	 * @throws IOException         naming model.json or model.onnx and what is wrong with it
	 */
	public static OnnxModel load(final Path folder) throws IOException {
		final ModelSpec spec = ModelSpec.read(folder);
		final Path onnx = folder.resolve(ModelSpec.ONNX);
		if (!Files.isRegularFile(onnx))
			throw new NoSuchFileException(onnx.toString(), null, "missing: a model folder holds " + ModelSpec.ONNX + " (the network) beside "
					+ ModelSpec.JSON);
		final String sha = sha256(onnx);
		final OrtEnvironment env = OrtEnvironment.getEnvironment();
		OrtSession session = null;
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			try {
				session = env.createSession(onnx.toString(), options);
			} catch (final OrtException e) {
				throw new IOException(onnx + ": not a network ONNX Runtime can load (" + oneLine(e.getMessage()) + ")", e);
			}
			final String input = check(onnx, spec, session);
			final OnnxModel model = new OnnxModel(folder, spec, sha, env, session, input);
			model.checkByRunning(onnx);
			session = null; // the model owns it now
			return model;
		} catch (final OrtException e) {
			throw new IOException(onnx + ": " + oneLine(e.getMessage()), e);
		} finally {
			if (session != null)
				try {
					session.close();
				} catch (final OrtException e) {
					// the load failed already; that error is the one to report
				}
		}
	}

	/** The network's input name; fails naming the file unless its input and output have the description's shapes. */
	private static String check(final Path onnx, final ModelSpec spec, final OrtSession session) throws OrtException, IOException {
		final Map<String, NodeInfo> inputs = session.getInputInfo(), outputs = session.getOutputInfo();
		if (inputs.size() != 1)
			throw new IOException(onnx + ": the network must have one input, it has " + inputs.size() + " " + inputs.keySet());
		if (outputs.size() != 1)
			throw new IOException(onnx + ": the network must have one output, it has " + outputs.size() + " " + outputs.keySet());
		final NodeInfo in = inputs.values().iterator().next(), out = outputs.values().iterator().next();
		final int[] p = spec.patchSize();
		checkTensor(onnx, "input", in, new long[] { 1, 1, p[0], p[1], p[2] }, "[1, 1, p0, p1, p2] (batch, channel, the patch " + Arrays.toString(p)
				+ " of " + ModelSpec.JSON + ")");
		if (out.getInfo() instanceof TensorInfo t && t.getShape().length == 5 && t.getShape()[1] >= 0 && t.getShape()[1] != spec.classes())
			throw new IOException(onnx + ": the network's output \"" + out.getName() + "\" has " + t.getShape()[1] + " channels "
					+ Arrays.toString(t.getShape()) + ", but " + ModelSpec.JSON + " names " + spec.classes() + " classes; each output channel is one class");
		checkTensor(onnx, "output", out, new long[] { 1, spec.classes(), p[0], p[1], p[2] }, "[1, K, p0, p1, p2] with K = " + spec.classes()
				+ ", the classes of " + ModelSpec.JSON + ", and the patch " + Arrays.toString(p));
		return in.getName();
	}

	private static void checkTensor(final Path onnx, final String role, final NodeInfo node, final long[] expected, final String what)
			throws IOException {
		if (!(node.getInfo() instanceof TensorInfo))
			throw new IOException(onnx + ": the network's " + role + " \"" + node.getName() + "\" is not a tensor; expected float32 " + what);
		final TensorInfo t = (TensorInfo) node.getInfo();
		if (t.type != OnnxJavaType.FLOAT)
			throw new IOException(onnx + ": the network's " + role + " \"" + node.getName() + "\" holds " + t.type + ", not float32; expected " + what);
		final long[] shape = t.getShape();
		if (shape.length != expected.length)
			throw new IOException(onnx + ": the network's " + role + " \"" + node.getName() + "\" has rank " + shape.length + " " + Arrays.toString(shape)
					+ ", expected rank 5, " + what);
		for (int d = 0; d < shape.length; d++)
			if (shape[d] >= 0 && shape[d] != expected[d])
				throw new IOException(onnx + ": the network's " + role + " \"" + node.getName() + "\" has shape " + Arrays.toString(shape)
						+ " (dimension " + d + " is " + shape[d] + "), expected " + what);
	}

	/** Runs a zero patch once when the file leaves dimensions symbolic, and checks the output's actual shape. */
	private void checkByRunning(final Path onnx) throws IOException, OrtException {
		final long[] inShape = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
		final long[] outShape = ((TensorInfo) session.getOutputInfo().values().iterator().next().getInfo()).getShape();
		if (Arrays.stream(inShape).allMatch(d -> d >= 0) && Arrays.stream(outShape).allMatch(d -> d >= 0))
			return;
		final int[] p = spec.patchSize();
		try {
			predictChecked(new float[p[0] * p[1] * p[2]]);
		} catch (final OrtException | IllegalStateException e) {
			throw new IOException(onnx + ": the network does not run on a patch " + Arrays.toString(p) + " of " + ModelSpec.JSON + " ("
					+ oneLine(e.getMessage()) + ")", e);
		}
	}

	/**
	 * The network's logits for one patch: {@code patch} is the normalised input in C order [p0][p1][p2] (dimension 2
	 * fastest); the result is the K × p0·p1·p2 logits in C order [K][p0][p1][p2] (a new array).
	 *
	 * @throws IllegalStateException when ONNX Runtime fails or returns another shape
	 */
	public float[] predict(final float[] patch) {
		try {
			return predictChecked(patch);
		} catch (final OrtException e) {
			throw new IllegalStateException(folder.resolve(ModelSpec.ONNX) + ": ONNX Runtime failed (" + oneLine(e.getMessage()) + ")", e);
		}
	}

	private float[] predictChecked(final float[] patch) throws OrtException {
		final int[] p = spec.patchSize();
		final int n = p[0] * p[1] * p[2];
		if (patch.length != n)
			throw new IllegalArgumentException("a patch of " + n + " voxels was expected, got " + patch.length);
		final long[] expected = { 1, spec.classes(), p[0], p[1], p[2] };
		try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(patch), new long[] { 1, 1, p[0], p[1], p[2] });
				OrtSession.Result r = session.run(Map.of(inputName, t))) {
			final OnnxTensor out = (OnnxTensor) r.get(0);
			final long[] shape = out.getInfo().getShape();
			if (!Arrays.equals(shape, expected))
				throw new IllegalStateException("the network's output has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected)
						+ " (K = the " + spec.classes() + " classes of " + ModelSpec.JSON + ")");
			final FloatBuffer b = out.getFloatBuffer();
			final float[] logits = new float[b.remaining()];
			b.get(logits);
			return logits;
		}
	}

	public ModelSpec spec() {
		return spec;
	}

	/** The model folder. */
	public Path folder() {
		return folder;
	}

	/** The SHA-256 of model.onnx, lowercase hex. */
	public String sha256() {
		return sha256;
	}

	/** The version of ONNX Runtime running the network. */
	public static String runtimeVersion() {
		return OrtEnvironment.getEnvironment().getVersion();
	}

	@Override
	public void close() {
		try {
			session.close();
		} catch (final OrtException e) {
			throw new IllegalStateException(folder + ": could not close the ONNX Runtime session: " + e.getMessage(), e);
		}
	}

	/** The SHA-256 of a file, lowercase hex. */
	static String sha256(final Path file) throws IOException {
		final MessageDigest d;
		try {
			d = MessageDigest.getInstance("SHA-256");
		} catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
		try (InputStream in = Files.newInputStream(file)) {
			final byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;)
				d.update(buffer, 0, n);
		}
		final StringBuilder hex = new StringBuilder();
		for (final byte b : d.digest())
			hex.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
		return hex.toString();
	}

	private static String oneLine(final String s) {
		return s == null ? "no message" : s.replaceAll("\\s+", " ").trim();
	}
}
