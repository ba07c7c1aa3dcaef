package org.chondroj.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.chondroj.core.io.Json;
import org.chondroj.core.io.JsonFormatException;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.LabelPresets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The description of a learned segmentation model, {@code model.json} beside {@code model.onnx} in a model folder
 * (format {@value #FORMAT}; README, "Learned models (ONNX)"):
 *
 * <pre>{@code
 * {"format": "chondroj-model/1", "axes": ["S","A","R"], "spacing_mm": [0.7,0.3646,0.3646],
 *  "normalization": {"type":"zscore"}, "patch_size": [64,128,128], "step_fraction": 0.5, "mirror_axes": [],
 *  "classes": {"0":"background","1":"femur","2":"femoral_cartilage", …}}
 * }</pre>
 *
 * <ul>
 * <li>{@code axes}: for each spatial dimension of the network's input array, in order, the patient direction its index
 * grows towards ({@code L}/{@code R}, {@code A}/{@code P}, {@code S}/{@code I}), one of each pair;</li>
 * <li>{@code spacing_mm}: the voxel size of the network's grid along those dimensions;</li>
 * <li>{@code normalization}: {@code {"type":"none"}}, {@code {"type":"zscore"}} (mean and standard deviation of the whole
 * image on the network's grid) or {@code {"type":"clip_zscore","clip":[lo,hi],"mean":m,"std":s}};</li>
 * <li>{@code patch_size}: the network's input patch; {@code step_fraction} (0, 1]: the sliding window's step as a
 * fraction of the patch; {@code mirror_axes}: the network dimensions (0, 1, 2) whose mirrored predictions are
 * averaged in (every combination);</li>
 * <li>{@code classes}: output channel ("0" … "K−1", all of them) → ChondroJ structure key ({@code background},
 * {@code femur}, {@code femoral_cartilage}, {@code tibia}, {@code tibial_cartilage}, {@code patella},
 * {@code patellar_cartilage}, {@code femoral_lesion}, {@code tibial_lesion}, {@code patellar_lesion}); each at most
 * once;</li>
 * <li>optional {@code name} and {@code description} (text).</li>
 * </ul>
 * Every error names the file and the member ({@link JsonFormatException}).
 *
 * @param file         the model.json read
 * @param text         its text, as read (recorded in the results' provenance)
 * @param axes         patient direction letters of the network's dimensions 0, 1, 2
 * @param spacingMm    voxel size of the network's grid along dimensions 0, 1, 2, mm
 * @param patchSize    the patch along dimensions 0, 1, 2, voxels
 * @param labelValues  ChondroJ's label value (OAI-AKOA numbering, 0 background) of each output channel
 * @param classNames   the structure key of each output channel
 */
public record ModelSpec(Path file, String text, String name, String[] axes, double[] spacingMm, Normalization normalization, int[] patchSize,
		double stepFraction, int[] mirrorAxes, String[] classNames, int[] labelValues) {

	/** The format this version reads. */
	public static final String FORMAT = "chondroj-model/1";
	/** The name of the description in a model folder. */
	public static final String JSON = "model.json";
	/** The name of the network in a model folder. */
	public static final String ONNX = "model.onnx";

	private static final List<String> MEMBERS = List.of("format", "name", "description", "axes", "spacing_mm", "normalization", "patch_size",
			"step_fraction", "mirror_axes", "classes");
	/** A model.json is small; a larger file is refused before it is read. */
	static final long MAX_JSON_BYTES = 1 << 20;

	/**
	 * How the network's input is normalised, on the network's grid: {@code NONE}, {@code ZSCORE} (the whole grid's mean
	 * and population standard deviation) or {@code CLIP_ZSCORE} (clipped to [lo, hi], then (v − mean) / std with the
	 * given numbers). The standard deviation is at least 1e-8 (as nnU-Net).
	 */
	public record Normalization(String type, double clipLow, double clipHigh, double mean, double std) {
		public static final String NONE = "none", ZSCORE = "zscore", CLIP_ZSCORE = "clip_zscore";

		@Override
		public String toString() {
			return type.equals(CLIP_ZSCORE) ? String.format(Locale.ROOT, "clip_zscore (clip %s..%s, mean %s, std %s)", Json.number(clipLow),
					Json.number(clipHigh), Json.number(mean), Json.number(std)) : type;
		}
	}

	/** The number of output channels (classes). */
	public int classes() {
		return labelValues.length;
	}

	/**
	 * Reads and checks the model.json of a model folder (not the network: {@link OnnxModel#load} checks that against
	 * it).
	 *
	 * @throws NoSuchFileException  when the folder or its model.json is missing
	 * @throws JsonFormatException  naming the file and the member when the description is malformed or not valid
	 */
	public static ModelSpec read(final Path folder) throws IOException {
		if (!Files.isDirectory(folder))
			throw new NoSuchFileException(folder.toString(), null, Files.exists(folder) ? "not a folder: a model is a folder holding " + JSON
					+ " and " + ONNX : "no such model folder");
		final Path file = folder.resolve(JSON);
		if (!Files.isRegularFile(file))
			throw new NoSuchFileException(file.toString(), null, "missing: a model folder holds " + JSON + " (the model's description) beside "
					+ ONNX);
		if (Files.size(file) > MAX_JSON_BYTES)
			throw new JsonFormatException(file, "too large for a model description (" + Files.size(file) + " bytes, at most " + MAX_JSON_BYTES + ")");
		final String text = Files.readString(file, StandardCharsets.UTF_8);
		return parse(file, text);
	}

	/** Parses and checks a model description's text; errors name {@code file} (which may be null). */
	public static ModelSpec parse(final Path file, final String text) throws JsonFormatException {
		final JsonNode document;
		try {
			document = Json.parse(text);
		} catch (final JsonFormatException e) {
			throw new JsonFormatException(file, "malformed JSON: " + e.problem(), e);
		}
		final Json.Members m = Json.Members.of(file, document).allowOnly(MEMBERS);
		final String format = m.string("format");
		if (!format.equals(FORMAT))
			throw m.error("format", "\"" + format + "\" is not a model format this version reads (" + FORMAT + ")");
		final String name = m.has("name") ? m.string("name") : file != null && file.getParent() != null && file.getParent().getFileName() != null
				? file.getParent().getFileName().toString() : "model";
		if (m.has("description"))
			m.string("description");

		final List<String> axisList = m.strings("axes");
		if (axisList.size() != 3)
			throw m.error("axes", "3 patient directions were expected (one per spatial dimension of the input), found " + axisList.size());
		final String[] axes = new String[3];
		final boolean[] seen = new boolean[3];
		for (int d = 0; d < 3; d++) {
			final String a = axisList.get(d).toUpperCase(Locale.ROOT);
			final int patientAxis = patientAxis(a);
			if (patientAxis < 0)
				throw m.error("axes", "\"" + axisList.get(d) + "\" is not a patient direction (L, R, A, P, S or I)");
			if (seen[patientAxis])
				throw m.error("axes", "two dimensions grow along the same patient axis (" + axisList + "); give one of L/R, one of A/P and one of S/I");
			seen[patientAxis] = true;
			axes[d] = a;
		}
		final double[] spacing = m.numbers("spacing_mm", 3);
		for (final double s : spacing)
			if (!(s > 0) || !Double.isFinite(s) || s > 100)
				throw m.error("spacing_mm", "each voxel size must be a positive number of mm up to 100, found " + Arrays.toString(spacing));
		final Normalization normalization = normalization(m.object("normalization"));
		final double[] patch = m.numbers("patch_size", 3);
		final int[] patchSize = new int[3];
		for (int d = 0; d < 3; d++) {
			if (patch[d] != Math.rint(patch[d]) || patch[d] < 1 || patch[d] > 1024)
				throw m.error("patch_size", "each size must be a whole number of voxels from 1 to 1024, found " + Json.number(patch[d]));
			patchSize[d] = (int) patch[d];
		}
		if ((long) patchSize[0] * patchSize[1] * patchSize[2] > 64L << 20)
			throw m.error("patch_size", "a patch of more than 64 Mi voxels is not supported: " + Arrays.toString(patchSize));
		final double step = m.number("step_fraction");
		if (!(step > 0 && step <= 1))
			throw m.error("step_fraction", "must be above 0 and at most 1, found " + Json.number(step));
		final double[] mirror = m.numbers("mirror_axes", 0);
		final int[] mirrorAxes = new int[mirror.length];
		for (int i = 0; i < mirror.length; i++) {
			if (mirror[i] != 0 && mirror[i] != 1 && mirror[i] != 2)
				throw m.error("mirror_axes", "each entry is a spatial dimension of the input, 0, 1 or 2; found " + Json.number(mirror[i]));
			for (int j = 0; j < i; j++)
				if (mirrorAxes[j] == (int) mirror[i])
					throw m.error("mirror_axes", "dimension " + (int) mirror[i] + " is given twice");
			mirrorAxes[i] = (int) mirror[i];
		}

		final Json.Members c = m.object("classes");
		final List<String> keys = c.keys();
		if (keys.size() < 2)
			throw m.error("classes", "at least two classes (background and one structure) were expected, found " + keys.size());
		final String[] classNames = new String[keys.size()];
		final int[] values = new int[keys.size()];
		for (final String k : keys) {
			final int channel;
			try {
				channel = Integer.parseInt(k);
			} catch (final NumberFormatException e) {
				throw c.error(k, "class keys are the output channels 0 … " + (keys.size() - 1));
			}
			if (channel < 0 || channel >= keys.size() || !k.equals(Integer.toString(channel)))
				throw c.error(k, "class keys are the output channels 0 … " + (keys.size() - 1) + " (each once)");
			final String structure = c.string(k);
			final int value = labelValue(structure);
			if (value < 0)
				throw c.error(k, "\"" + structure + "\" is not a ChondroJ structure name; known: " + String.join(", ", structureNames()));
			for (int j = 0; j < classNames.length; j++)
				if (structure.equals(classNames[j]))
					throw c.error(k, "\"" + structure + "\" is also class " + j + "; each structure is one class");
			classNames[channel] = structure;
			values[channel] = value;
		}
		return new ModelSpec(file, text, name, axes, spacing, normalization, patchSize, step, mirrorAxes, classNames, values);
	}

	private static Normalization normalization(final Json.Members n) throws JsonFormatException {
		final String type = n.string("type");
		switch (type) {
		case Normalization.NONE:
		case Normalization.ZSCORE:
			n.allowOnly(List.of("type"));
			return new Normalization(type, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		case Normalization.CLIP_ZSCORE:
			n.allowOnly(List.of("type", "clip", "mean", "std"));
			final double[] clip = n.numbers("clip", 2);
			if (!(clip[0] <= clip[1]))
				throw n.error("clip", "the lower bound must not exceed the upper, found " + Arrays.toString(clip));
			final double mean = n.number("mean"), std = n.number("std");
			if (!(std > 0))
				throw n.error("std", "must be positive, found " + Json.number(std));
			return new Normalization(type, clip[0], clip[1], mean, std);
		default:
			throw n.error("type", "\"" + type + "\" is not a normalization (none, zscore, clip_zscore)");
		}
	}

	/** 0 for L/R, 1 for P/A, 2 for S/I (the LPS axis), −1 for anything else. */
	static int patientAxis(final String letter) {
		switch (letter) {
		case "L":
		case "R":
			return 0;
		case "A":
		case "P":
			return 1;
		case "S":
		case "I":
			return 2;
		default:
			return -1;
		}
	}

	/** The LPS unit vector a direction letter names (L = +x, P = +y, S = +z). */
	static double[] patientDirection(final String letter) {
		final double[] v = new double[3];
		v[patientAxis(letter)] = letter.equals("L") || letter.equals("P") || letter.equals("S") ? 1 : -1;
		return v;
	}

	/** ChondroJ's label value of a structure key (0 for background), −1 when it names none. */
	static int labelValue(final String structure) {
		if (structure.equals("background"))
			return 0;
		for (final KneeStructure s : KneeStructure.values())
			if (s.key().equals(structure))
				return LabelPresets.mapping("oai-akoa").values(s)[0];
		return -1;
	}

	private static List<String> structureNames() {
		final List<String> names = new ArrayList<>();
		names.add("background");
		for (final KneeStructure s : KneeStructure.values())
			names.add(s.key());
		return names;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s (axes %s, spacing %s mm, patch %s, step %s, mirror %s, %s normalization, %d classes)", name,
				String.join("", axes), Arrays.toString(spacingMm), Arrays.toString(patchSize), Json.number(stepFraction), Arrays.toString(mirrorAxes),
				normalization, classes());
	}
}
