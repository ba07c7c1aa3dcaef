package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.core.Laterality;
import org.chondroj.phantom.PhantomSetup;
import org.chondroj.phantom.PhantomStudy;
import org.chondroj.phantom.TrueChange;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chondroj phantom --out DIR [--seed N] [--config FILE.json] [--side left|right] [--follow-up]}: a synthetic
 * knee study, or with {@code --follow-up} a baseline and follow-up pair of the same knee.
 */
@Command(name = "phantom", mixinStandardHelpOptions = true, description = {
		"Writes a synthetic knee MRI study: DICOM/ (a sagittal 3-D DESS and a sagittal 2-D IW TSE FS series in one frame of reference),",
		"labels.nii.gz (the label map on the DESS grid, OAI-AKOA labels), truth.json (the exact measures) and preview.png.",
		"With --follow-up, DIR holds baseline/ and follow-up/: the same knee a year later after a known change (re-posed, re-noised),",
		"with its own truth.json and true_change.json. The same seed and configuration give byte-identical files." })
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

	@Option(names = "--follow-up", description = "write baseline/ and follow-up/ (the change: the configuration's follow_up, else the default change)")
	boolean followUp;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
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

	private static void describe(final PrintWriter p, final PhantomStudy.Written w) {
		p.printf(Locale.ROOT, "  %s  %d files  %s%n", PhantomStudy.DESS_DESCRIPTION, w.dessFiles().size(), w.dessSeries());
		p.printf(Locale.ROOT, "  %s   %d files  %s%n", PhantomStudy.IW_DESCRIPTION, w.iwFiles().size(), w.iwSeries());
		p.printf(Locale.ROOT, "  labels   %s%n  truth    %s%n  preview  %s%n  study    %s%n", w.labels(), w.folder().resolve(PhantomStudy.TRUTH),
				w.preview(), w.studyInstanceUid());
	}
}
