package org.chondroj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.compare.Comparison;
import org.chondroj.knee.compare.KnownChange;
import org.chondroj.knee.compare.VisitComparison;
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.phantom.FollowUpChange;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.chondroj.phantom.TrueChange;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj demo [--out DIR] [--seed N]}: a phantom knee at baseline and follow-up with a known change, measured
 * and compared, the measured change printed against the true one.
 * <p>
 * DIR (default {@code chondroj-demo}) gets {@code study/} (the phantom pair, {@link PhantomStudy#writePair}) and
 * {@code comparison/} ({@link KneeAnalyzer#write(org.chondroj.knee.compare.VisitComparison, Path)}). An existing DIR must be empty, or an earlier demo's output (only
 * {@code study/} and {@code comparison/}, as this command writes them), which is then replaced; anything else is
 * refused and left untouched. On failure what this run wrote is removed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, header = "Runs the whole job on a phantom knee with a known change.", description = {
		"Generates a phantom knee at baseline and a year later after a known change (a regional thinning in the medial femur, a uniform "
				+ "thinning of the medial tibia by 0.25 mm, a new defect in the lateral femur, a lesion doubling in volume), measures both, compares "
				+ "them and prints the true against the measured change per plate, and where the report is (which shows both too). DIR gets study/ (DICOM, labels, truth) and comparison/.",
		"An existing DIR must be empty or hold an earlier demo, which is replaced." })
final class DemoCommand implements Callable<Integer> {

	/** The output's two sub-folders. */
	static final String STUDY = "study", COMPARISON = "comparison";

	@Option(names = "--out", paramLabel = "DIR", defaultValue = "chondroj-demo", description = "the output folder (default: ${DEFAULT-VALUE} in the current folder)")
	Path out;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the knee's pose and lesions, the noise and the UIDs (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--quiet", description = "no stage lines on the error stream while it works")
	boolean quiet;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		final long t0 = System.nanoTime();
		final PrintWriter p = spec.commandLine().getOut();
		final Path folder = out.toAbsolutePath().normalize();
		final boolean existed = Files.exists(folder);
		if (existed && !isEmptyFolder(folder)) {
			if (!isEarlierDemo(folder))
				throw new FileAlreadyExistsException(folder.toString(), null,
						"exists and is not an earlier demo's output (study/ and comparison/ only); give another --out or remove it");
			p.printf(Locale.ROOT, "replacing the earlier demo in %s%n", folder);
			AtomicFiles.deleteTree(folder);
		}
		AtomicFiles.checkCanCreateFolder(folder); // before the work
		final PhantomSetup setup = PhantomSetup.defaults().withChange(CHANGE);
		p.printf(Locale.ROOT, "chondroj demo: a phantom %s knee (seed %d) at baseline and a year later, after a known change%n",
				setup.anatomy().side().name().toLowerCase(Locale.ROOT), seed);
		p.flush();
		final PhantomStudy.Pair pair;
		final VisitComparison result;
		try {
			pair = PhantomStudy.writePair(setup, seed, folder.resolve(STUDY));
			// each visit segmented from its DICOM images (the phantom's labels.nii.gz is the truth, not an input)
			final VisitComparison measured = KneeAnalyzer.builder().progress(new StageLines(spec.commandLine().getErr(), quiet)).build()
					.compare(pair.baseline().folder().resolve("DICOM"), pair.followUp().folder().resolve("DICOM"));
			result = measured.withKnownChange(known(TrueChange.read(pair.followUp().folder())));
			KneeAnalyzer.write(result, folder.resolve(COMPARISON));
		} catch (final IOException | RuntimeException | Error e) {
			try {
				AtomicFiles.deleteTree(existed ? folder.resolve(STUDY) : folder);
				AtomicFiles.deleteTree(folder.resolve(COMPARISON));
			} catch (final IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
		final TrueChange.Table truth = TrueChange.read(pair.followUp().folder());
		p.printf(Locale.ROOT, "  both visits segmented automatically from their DICOM images and measured; the truth is the phantom's%n");
		print(p, truth, result.comparison());
		p.printf(Locale.ROOT, "  study    %s%n", pair.folder());
		p.printf(Locale.ROOT, "  results  %s%n", KneeAnalyzer.resultsFile(folder.resolve(COMPARISON)));
		p.printf(Locale.ROOT, "  report   %s%n", KneeAnalyzer.reportFile(folder.resolve(COMPARISON)));
		p.printf(Locale.ROOT, "  (%.0f s)%n", (System.nanoTime() - t0) * 1e-9);
		return 0;
	}

	/**
	 * The demo's change: the phantom's default change (a regional thinning of 0.3 mm in the weight-bearing medial femur,
	 * a new 15 mm² full-thickness defect in the central lateral femur) with a larger uniform thinning of the medial tibia
	 * (0.25 mm, about 14 % of its thickness) and the medial femoral lesion doubling in volume, so that the report shows
	 * what findings beyond the smallest detectable change look like (the default's 0.1 mm and × 1.5 stay below it).
	 */
	static final FollowUpChange CHANGE = new FollowUpChange(Map.of("MT", 0.25), FollowUpChange.defaults().thinnings(),
			FollowUpChange.defaults().newDefects(), Map.of("MF", 2.0), List.of());

	/** The phantom's true change as the report shows it beside the measured one: ThCtAB per region, lesion volume per compartment. */
	static KnownChange known(final TrueChange.Table truth) {
		final Map<Region, Double> thickness = new java.util.EnumMap<>(Region.class);
		for (final Region region : Region.REPORTED) {
			final double t = truth.change(region.key(), Metric.ThCtAB.key());
			if (!Double.isNaN(t))
				thickness.put(region, t);
		}
		final Map<LesionRegion, Double> lesions = new java.util.LinkedHashMap<>();
		for (final Map.Entry<String, Map<String, TrueChange.Entry>> e : truth.lesions().entrySet()) {
			final TrueChange.Entry t = e.getValue().get(LesionMetric.VOLUME.key());
			if (t != null && (t.baseline() > 0 || t.followUp() > 0))
				lesions.put(LesionRegion.byKey(e.getKey()), t.change());
		}
		return new KnownChange("the phantom's designed change, true_change.json", thickness, lesions);
	}

	/** True versus measured ThCtAB change per plate and aggregate; lesion volume change where there are lesions. */
	static void print(final PrintWriter p, final TrueChange.Table truth, final Comparison c) {
		p.printf(Locale.ROOT, "  %-5s %24s%n", "", "ThCtAB change (mm)");
		p.printf(Locale.ROOT, "  %-5s %8s %9s %8s%n", "plate", "true", "measured", "error");
		for (final Region region : Region.SUMMARY) {
			final Comparison.Change m = c.change(region, Metric.ThCtAB);
			final double t = truth.change(region.key(), Metric.ThCtAB.key());
			if (m == null || Double.isNaN(t))
				continue;
			p.printf(Locale.ROOT, "  %-5s %+8.3f %+9.3f %+8.3f%n", region, rounded(t, 3), rounded(m.change(), 3), rounded(m.change() - t, 3));
		}
		boolean header = false;
		for (final Map.Entry<String, Map<String, TrueChange.Entry>> e : truth.lesions().entrySet()) {
			final TrueChange.Entry t = e.getValue().get("volume_mm3");
			final Comparison.LesionChange m = c.change(LesionRegion.byKey(e.getKey()), LesionMetric.VOLUME);
			if (t == null || m == null || !(t.baseline() > 0 || t.followUp() > 0))
				continue;
			if (!header) {
				p.printf(Locale.ROOT, "  %-7s %22s%n", "", "lesion volume change (mm³)");
				p.printf(Locale.ROOT, "  %-7s %8s %9s %8s%n", "lesion", "true", "measured", "error");
				header = true;
			}
			p.printf(Locale.ROOT, "  %-7s %+8.0f %+9.0f %+8.0f%n", e.getKey(), rounded(t.change(), 0), rounded(m.change(), 0),
					rounded(m.change() - t.change(), 0));
		}
	}

	/** {@code v} rounded to {@code digits} decimals, so that a tiny negative value prints as +0 rather than -0. */
	private static double rounded(final double v, final int digits) {
		final double scale = Math.pow(10, digits);
		return Math.round(v * scale) / scale + 0.0;
	}

	private static boolean isEmptyFolder(final Path folder) throws IOException {
		if (!Files.isDirectory(folder))
			return false;
		try (Stream<Path> s = Files.list(folder)) {
			return s.findAny().isEmpty();
		}
	}

	/**
	 * Whether {@code folder} holds an earlier demo's output and nothing else: {@code study/} (holding only
	 * {@code baseline/} and {@code follow-up/}) and/or {@code comparison/} (holding a {@code results.json}), and
	 * possibly the hidden temporary folders of an interrupted run.
	 */
	static boolean isEarlierDemo(final Path folder) throws IOException {
		if (!Files.isDirectory(folder))
			return false;
		final List<Path> entries;
		try (Stream<Path> s = Files.list(folder)) {
			entries = s.toList();
		}
		for (final Path e : entries) {
			final String name = e.getFileName().toString();
			if (name.startsWith(".") && name.contains(".partial-") && Files.isDirectory(e))
				continue;
			if (name.equals(STUDY) && Files.isDirectory(e)) {
				try (Stream<Path> s = Files.list(e)) {
					if (!s.allMatch(c -> List.of(PhantomStudy.BASELINE, PhantomStudy.FOLLOW_UP).contains(c.getFileName().toString())))
						return false;
				}
				continue;
			}
			if (name.equals(COMPARISON) && Files.isRegularFile(KneeAnalyzer.resultsFile(e)))
				continue;
			return false;
		}
		return true;
	}
}
