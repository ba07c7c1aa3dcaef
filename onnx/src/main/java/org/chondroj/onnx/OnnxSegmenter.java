package org.chondroj.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.algorithm.Resampling;
import org.chondroj.core.io.Json;
import org.chondroj.knee.KneeSegmenter;
import org.chondroj.knee.Segmentation;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A {@link KneeSegmenter} running a learned model ({@link OnnxModel}: model.json + model.onnx) on the CPU:
 * <ol>
 * <li>the cartilage image on the network's grid ({@link ModelGrid}: its axes permuted and flipped to the model's
 * {@code axes}, trilinearly resampled to its {@code spacing_mm} over the image's extent);</li>
 * <li>normalised there ({@link ModelSpec.Normalization});</li>
 * <li>class probabilities by sliding-window inference ({@link SlidingWindow}: Gaussian weights, optional mirroring,
 * softmax averaging);</li>
 * <li>each class's probabilities trilinearly resampled back onto the image's grid, and every voxel labelled with the
 * most probable class (the lowest channel on a tie), in ChondroJ's numbering.</li>
 * </ol>
 * Steps 3 and 4 are interleaved ({@link #segment}): the window sweeps the grid along the network's dimension 0 and the
 * image's slices are labelled as soon as the rows they read are finished ({@link LabelSweep}). The labels are those of
 * the whole-grid path ({@link #predict}, then {@link #labels(Prediction, Volume, int[])}), voxel for voxel.
 * The lesion image is not used (the model sees one image). The segmentation's parameters, written into the results'
 * provenance, hold the model's folder, its model.json and the SHA-256 of its model.onnx; its notes give the grid, the
 * number of patches and the time.
 * <p>
 * Memory of {@link #segment}, besides the image and the label map: the image on the network's grid (normalised, float;
 * while it is made, {@link Resampling#linear} also holds a float copy of an image of another voxel type), then K + 1
 * float accumulators of one patch's length along the network's dimension 0 over the grid's cross-section and the
 * finished rows of probabilities not yet resampled (K floats per voxel of that cross-section, a step of the window or
 * so): bounded by the patch and the cross-section, not the grid's extent along dimension 0. The whole-grid path
 * ({@link #predict}) holds one float array per class over the grid. Thread-safe; close it to free the network's native
 * memory.
 */
public final class OnnxSegmenter implements KneeSegmenter, AutoCloseable {

	private final OnnxModel model;

	public OnnxSegmenter(final OnnxModel model) {
		this.model = Objects.requireNonNull(model, "model");
	}

	/** Loads the model folder ({@link OnnxModel#load}: checked before any image is read). */
	public static OnnxSegmenter load(final Path folder) throws IOException {
		return new OnnxSegmenter(OnnxModel.load(folder));
	}

	public OnnxModel model() {
		return model;
	}

	/** The network's normalised input over an image and the grid it lies on. */
	public record Input(ModelGrid grid, float[] values) {
	}

	/** The class probabilities on the network's grid ({@code probabilities[c]}: C order [m0][m1][m2]). */
	public record Prediction(ModelGrid grid, float[][] probabilities) {
	}

	@Override
	public Segmentation segment(final Volume<?> cartilageImage, final Volume<?> lesionImage) {
		final long start = System.nanoTime();
		final ModelSpec spec = model.spec();
		final Input in = input(cartilageImage);
		final Volume<UnsignedByteType> labels = sweep(in, cartilageImage, null).labels();
		final double seconds = (System.nanoTime() - start) * 1e-9;
		final List<String> qc = new ArrayList<>();
		final int[] m = in.grid().dims(), patch = spec.patchSize();
		int patches = 1;
		final int[] padded = new int[3];
		for (int d = 0; d < 3; d++) {
			padded[d] = Math.max(m[d], patch[d]);
			patches *= SlidingWindow.steps(padded[d], patch[d], spec.stepFraction()).length;
		}
		qc.add(String.format(Locale.ROOT, "learned model %s (model.onnx SHA-256 %s…), ONNX Runtime %s: network grid %s, %d patch(es) of %d × %d × %d%s"
				+ ", %.1f s", spec.name(), model.sha256().substring(0, 12), OnnxModel.runtimeVersion(), in.grid(), patches, patch[0], patch[1], patch[2],
				spec.mirrorAxes().length == 0 ? "" : " × " + (1 << spec.mirrorAxes().length) + " mirrorings", seconds));
		if (lesionImage != null)
			qc.add("lesions: not segmented (the learned model reads the cartilage image only)");
		final Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("segmenter", "onnx");
		parameters.put("model", model.folder().toAbsolutePath().normalize().toString());
		parameters.put("model.json", compact(spec));
		parameters.put("model.onnx_sha256", model.sha256());
		parameters.put("onnxruntime", OnnxModel.runtimeVersion());
		return new Segmentation(labels, qc, parameters, cartilageImage);
	}

	/** The image on the network's grid, normalised: what the network reads. */
	public Input input(final Volume<?> image) {
		final ModelSpec spec = model.spec();
		final ModelGrid grid = ModelGrid.of(image.dimensions(), image.geometry(), spec);
		final float[] v = Volumes.floatData(Resampling.linear(image, grid.volumeDims(), grid.geometry()));
		normalise(v, spec.normalization());
		return new Input(grid, v);
	}

	/** The class probabilities over the network's whole grid for an image (steps 1–3 above; one float array per class). */
	public Prediction predict(final Volume<?> image) {
		final Input in = input(image);
		return new Prediction(in.grid(), probabilities(in));
	}

	/**
	 * The label map of an image labelled as the window sweeps the network's input ({@link LabelSweep}), and the working
	 * memory it took.
	 *
	 * @param accumulatorFloats the floats of the sliding window's weighted sums ({@link SlidingWindow#sweep})
	 * @param rowFloats         the most floats of finished probabilities held at once (K per voxel of a row)
	 */
	record Swept(Volume<UnsignedByteType> labels, long accumulatorFloats, long rowFloats) {
	}

	/**
	 * Labels {@code image} from its input {@code in} while sweeping ({@link LabelSweep}); {@code probabilities}, when not
	 * null, receives each class's probabilities on the image's grid (K arrays of the image's size; tests).
	 */
	Swept sweep(final Input in, final Volume<?> image, final float[][] probabilities) {
		final ModelSpec spec = model.spec();
		final LabelSweep labeller = new LabelSweep(in.grid(), image, spec.labelValues(), probabilities);
		final long accumulator = SlidingWindow.sweep(in.values(), in.grid().dims(), spec.patchSize(), spec.stepFraction(), spec.mirrorAxes(),
				spec.classes(), model::predict, labeller);
		final int[] m = in.grid().dims();
		final Volume<UnsignedByteType> labels = Volumes.wrapUnsignedBytes(labeller.labels(), image.dimensions(), image.geometry())
				.withMetadata(image.metadata());
		return new Swept(labels, accumulator, (long) labeller.largestRowsHeld() * spec.classes() * m[1] * m[2]);
	}

	/** The class probabilities of the network's input, by sliding-window inference, over the whole grid. */
	public float[][] probabilities(final Input in) {
		final ModelSpec spec = model.spec();
		return SlidingWindow.probabilities(in.values(), in.grid().dims(), spec.patchSize(), spec.stepFraction(), spec.mirrorAxes(), spec.classes(),
				model::predict);
	}

	/** Class {@code c}'s probabilities resampled (trilinearly) onto the image's grid, x fastest. */
	public static float[] onImage(final Prediction p, final int c, final Volume<?> image) {
		final Volume<?> onGrid = Volumes.wrapFloats(p.probabilities()[c], p.grid().volumeDims(), p.grid().geometry());
		return Volumes.floatData(Resampling.linear(onGrid, image.dimensions(), image.geometry()));
	}

	/**
	 * The label map on the image's grid from the whole grid's probabilities: each voxel the label value of its most
	 * probable class (probabilities resampled back, one class at a time), the image's metadata. {@link #segment} gets
	 * the same labels while sweeping, without the whole grid's probabilities.
	 */
	public static Volume<UnsignedByteType> labels(final Prediction p, final Volume<?> image, final int[] labelValues) {
		final int n = image.size();
		final float[] best = new float[n];
		final byte[] labels = new byte[n];
		for (int c = 0; c < labelValues.length; c++) {
			final float[] prob = onImage(p, c, image);
			final byte value = (byte) labelValues[c];
			final boolean first = c == 0;
			Parallel.forEach(Math.max(1, image.dimension(2)), z -> {
				final int plane = image.dimension(0) * image.dimension(1);
				for (int i = z * plane, end = i + plane; i < end; i++)
					if (first || prob[i] > best[i]) {
						best[i] = prob[i];
						labels[i] = value;
					}
			});
		}
		return Volumes.wrapUnsignedBytes(labels, image.dimensions(), image.geometry()).withMetadata(image.metadata());
	}

	/** Normalises the network's input in place. */
	static void normalise(final float[] v, final ModelSpec.Normalization n) {
		switch (n.type()) {
		case ModelSpec.Normalization.NONE:
			return;
		case ModelSpec.Normalization.ZSCORE: {
			double sum = 0, sumSq = 0;
			for (final float f : v)
				sum += f;
			final double mean = sum / v.length;
			for (final float f : v)
				sumSq += (f - mean) * (f - mean);
			final double std = Math.max(Math.sqrt(sumSq / v.length), 1e-8);
			Parallel.forEach(64, b -> {
				for (int i = (int) ((long) v.length * b / 64), end = (int) ((long) v.length * (b + 1) / 64); i < end; i++)
					v[i] = (float) ((v[i] - mean) / std);
			});
			return;
		}
		case ModelSpec.Normalization.CLIP_ZSCORE: {
			final double lo = n.clipLow(), hi = n.clipHigh(), mean = n.mean(), std = Math.max(n.std(), 1e-8);
			Parallel.forEach(64, b -> {
				for (int i = (int) ((long) v.length * b / 64), end = (int) ((long) v.length * (b + 1) / 64); i < end; i++)
					v[i] = (float) ((Math.min(Math.max(v[i], lo), hi) - mean) / std);
			});
			return;
		}
		default:
			throw new IllegalStateException("normalization " + n.type());
		}
	}

	private static String compact(final ModelSpec spec) {
		try {
			return Json.parse(spec.text()).toString();
		} catch (final IOException e) {
			return spec.text(); // read and checked already; cannot happen
		}
	}

	@Override
	public void close() {
		model.close();
	}

	@Override
	public String toString() {
		return "OnnxSegmenter[" + model.spec() + ", " + model.folder() + "]";
	}
}
