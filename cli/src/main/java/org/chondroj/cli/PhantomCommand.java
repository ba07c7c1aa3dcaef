package org.chondroj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.core.Laterality;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.chondroj.phantom.TrueChange;
import org.chondroj.testbed.FollowUp;
import org.chondroj.testbed.Sequence;
import org.chondroj.testbed.TestBedStudy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj phantom --out DIR [--seed N] [--config FILE.json] [--side left|right] [--follow-up]}: a synthetic
 * knee study, or with {@code --follow-up} a baseline and follow-up pair of the same knee; with {@code --from-labels FILE
 * [--label-preset NAME | --labels-mapping TEXT] [--contrast NAME]}, a study rendered from a real label map (the test
 * bed, {@link TestBedStudy}).
 */
@Command(name = "phantom", mixinStandardHelpOptions = true, header = "Writes a synthetic knee MRI study with its exact measures.", description = {
		"Writes a synthetic knee MRI study: DICOM/ (a sagittal 3-D DESS and a sagittal 2-D IW TSE FS series in one frame of reference), "
				+ "labels.nii.gz (the label map on the DESS grid, OAI-AKOA labels), truth.json (the exact measures) and preview.png.",
		"With --follow-up, DIR holds baseline/ and follow-up/: the same knee a year later after a known change (re-posed, re-noised), "
				+ "with its own truth.json and true_change.json. With --from-labels, a study rendered from a real manual label map instead (the test "
				+ "bed): DICOM/ in the chosen --contrast on the label map's own voxels, labels.nii.gz (the input, ChondroJ's numbering), truth.json "
				+ "(its measures by ChondroJ's label-map measurement) and preview.png. The same seed and inputs give byte-identical files." })
final class PhantomCommand implements Callable<Integer> {

	/** The sides the command accepts. */
	enum Side {
		left(Laterality.LEFT), right(Laterality.RIGHT);

		final Laterality laterality;

		Side(final Laterality laterality) {
			this.laterality = laterality;
		}
	}

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to create (must not exist, or be empty)")
	Path out;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the knee's pose and lesions, the noise and the UIDs (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--config", paramLabel = "FILE.json", description = "anatomy, imaging and follow-up change (format in the README); default: the standard knee")
	Path config;

	@Option(names = "--side", paramLabel = "left|right", description = "which knee (default: the configuration's, else right)")
	Side side;

	@Option(names = "--follow-up", description = "write baseline/ and follow-up/ (the change: the configuration's follow_up, else the default change; with --from-labels a medial thinning and a lateral defect made on the label map)")
	boolean followUp;

	@Option(names = "--from-labels", paramLabel = "FILE", description = "render a study from this label map (NIfTI, MetaImage, NRRD) instead of the analytic phantom")
	Path fromLabels;

	@Option(names = "--label-preset", paramLabel = "NAME", description = "the numbering of --from-labels: oai-akoa (default), oai-zib, clair")
	String preset;

	@Option(names = "--labels-mapping", paramLabel = "TEXT", description = "a custom numbering of --from-labels, e.g. femur=1,femoral_cartilage=2,tibia=3,tibial_cartilage=4+5")
	String mapping;

	@Option(names = "--contrast", paramLabel = "NAME", defaultValue = "dess", description = "with --from-labels: dess (default), dess-echo2, pd-fs or t1")
	String contrast;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		AtomicFiles.checkCanCreateFolder(out); // before rendering
		if (fromLabels != null)
			return fromLabels();
		PhantomSetup setup = config != null ? PhantomSetup.read(config) : PhantomSetup.defaults();
		if (side != null)
			setup = setup.withSide(side.laterality);
		final PrintWriter p = spec.commandLine().getOut();
		final String knee = setup.anatomy().side().name().toLowerCase(Locale.ROOT);
		if (!followUp) {
			final PhantomStudy.Written w = PhantomStudy.writeBaseline(setup, seed, out);
			p.printf(Locale.ROOT, "%s: phantom study, %s knee, seed %d%n", w.folder(), knee, seed);
			describe(p, w);
			return 0;
		}
		final PhantomStudy.Pair pair = PhantomStudy.writePair(setup, seed, out);
		p.printf(Locale.ROOT, "%s: phantom baseline and follow-up, %s knee, seed %d%n", pair.folder(), knee, seed);
		for (final PhantomStudy.Written w : new PhantomStudy.Written[] { pair.baseline(), pair.followUp() }) {
			p.printf(Locale.ROOT, "%s%n", w.folder());
			describe(p, w);
		}
		p.printf(Locale.ROOT, "  change   %s%n", pair.followUp().folder().resolve(TrueChange.FILE));
		return 0;
	}

	private int fromLabels() throws IOException {
		if (config != null)
			throw new IllegalArgumentException("--from-labels renders a study from a label map: --config is for the analytic phantom");
		final Sequence sequence = Sequence.of(contrast);
		final KneeLabels labels = KneeLabels.read(fromLabels, LabelPresets.resolve(preset, mapping));
		final String name = fromLabels.getFileName().toString().replaceFirst("(?i)\\.(nii\\.gz|nii|mha|mhd|nrrd|nhdr)$", "");
		final TestBedStudy.Options options = new TestBedStudy.Options(sequence, seed, side == null ? Laterality.UNKNOWN : side.laterality);
		final PrintWriter p = spec.commandLine().getOut();
		if (followUp) {
			final TestBedStudy.Pair pair = TestBedStudy.writePair(labels, name, options, FollowUp.Change.defaults(), out);
			p.printf(Locale.ROOT, "%s: test-bed baseline and follow-up from %s, %s, seed %d, %s knee%n", pair.folder(), fromLabels, sequence.key(), seed,
					pair.baseline().truthReport().side().name().toLowerCase(Locale.ROOT));
			for (final TestBedStudy.Written w : new TestBedStudy.Written[] { pair.baseline(), pair.followUp() })
				describe(p, sequence, w);
			p.printf(Locale.ROOT, "  change   %s%n", pair.trueChange());
			return 0;
		}
		final TestBedStudy.Written w = TestBedStudy.write(labels, name, options, out);
		p.printf(Locale.ROOT, "%s: test-bed study from %s, %s, seed %d, %s knee%n", w.folder(), fromLabels, sequence.key(), seed,
				w.truthReport().side().name().toLowerCase(Locale.ROOT));
		describe(p, sequence, w);
		return 0;
	}

	private static void describe(final PrintWriter p, final Sequence sequence, final TestBedStudy.Written w) {
		p.printf(Locale.ROOT, "  %s  %d files  %s%n", sequence.description(), w.files().size(), w.series());
		p.printf(Locale.ROOT, "  labels   %s%n  truth    %s%n  preview  %s%n", w.labels(), w.truth(), w.preview());
	}

	private static void describe(final PrintWriter p, final PhantomStudy.Written w) {
		p.printf(Locale.ROOT, "  %s  %d files  %s%n", PhantomStudy.DESS_DESCRIPTION, w.dessFiles().size(), w.dessSeries());
		p.printf(Locale.ROOT, "  %s   %d files  %s%n", PhantomStudy.IW_DESCRIPTION, w.iwFiles().size(), w.iwSeries());
		p.printf(Locale.ROOT, "  labels   %s%n  truth    %s%n  preview  %s%n  study    %s%n", w.labels(), w.folder().resolve(PhantomStudy.TRUTH),
				w.preview(), w.studyInstanceUid());
	}
}
