package org.chondroj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.chondroj.core.Laterality;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.KneeAnatomy;
import org.chondroj.phantom.PhantomKnees;
import org.chondroj.phantom.PhantomStudy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chondroj phantom --out DIR [--seed N] [--side left|right] [--follow-up]}: a synthetic knee study. */
@Command(name = "phantom", mixinStandardHelpOptions = true, description = {
		"Writes a synthetic knee MRI study: DICOM/ (a sagittal 3-D DESS and a sagittal 2-D IW TSE FS series in one frame of reference),",
		"labels.nii.gz (the label map on the DESS grid, OAI-AKOA labels) and preview.png. The same seed gives byte-identical files." })
final class PhantomCommand implements Callable<Integer> {

	/** The sides the command accepts. */
	enum Side {
		left(Laterality.LEFT), right(Laterality.RIGHT);

		final Laterality laterality;

		Side(final Laterality laterality) {
			this.laterality = laterality;
		}
	}

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "the study folder to create (must not exist, or be empty)")
	Path out;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the knee, the noise and the UIDs (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--side", paramLabel = "left|right", defaultValue = "right", description = "which knee (default: ${DEFAULT-VALUE})")
	Side side;

	@Option(names = "--follow-up", description = "also write a follow-up study of the same knee after a change (not yet available)")
	boolean followUp;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		if (followUp)
			throw new UnsupportedOperationException("--follow-up: the follow-up generator is not yet available");
		final KneeAnatomy knee = PhantomKnees.standard(side.laterality, seed);
		final PhantomStudy.Written w = PhantomStudy.write(knee, ImagingConfig.defaults().withSeed(seed), out);
		final PrintWriter p = spec.commandLine().getOut();
		p.printf(Locale.ROOT, "%s: phantom study, %s knee, seed %d%n", w.folder(), side, seed);
		p.printf(Locale.ROOT, "  %s  %d files  %s%n", PhantomStudy.DESS_DESCRIPTION, w.dessFiles().size(), w.dessSeries());
		p.printf(Locale.ROOT, "  %s   %d files  %s%n", PhantomStudy.IW_DESCRIPTION, w.iwFiles().size(), w.iwSeries());
		p.printf(Locale.ROOT, "  labels   %s%n  truth    %s%n  preview  %s%n  study    %s%n", w.labels(), w.folder().resolve(PhantomStudy.TRUTH),
				w.preview(), w.studyInstanceUid());
		return 0;
	}
}
