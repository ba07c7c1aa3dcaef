package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.chondroj.analysis.KneeAnalyzer;
import org.chondroj.core.io.AtomicFiles;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.ExternalTools;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomSetup;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reports in a real browser (interoperability test: Debian's {@code chromium}, skipped when it is missing unless
 * {@code -Dchondroj.interop=true}): a phantom pair's comparison is written to {@code cli/target/report-browser/} and its
 * {@code report.html} and the baseline's scan {@code report.html} are rendered by headless Chromium to PNG
 * screenshots beside them ({@code comparison-900.png}, {@code comparison-1400.png}, {@code scan-900.png},
 * {@code scan-1400.png}: the whole page at 900 and 1400 px wide) and printed to PDF ({@code comparison.pdf},
 * {@code scan.pdf}). Checked: Chromium exits 0; the screenshot exists and is not blank (many distinct colours, a fair
 * share of non-white pixels); at both widths nothing is wider than the window; the PDF has A4 pages, at least two;
 * Chromium reports no console message (a script error or a refused resource would be one); the DOM
 * Chromium built holds every section and every image of the file; and every image of the file is an inline PNG that
 * decodes (a broken image would not show as an error otherwise).
 */
@Tag("slow")
class ReportBrowserTest {

	private static final String CHROMIUM = "chromium";

	@Test
	void reportsRenderInChromium() throws Exception {
		ExternalTools.requireCommand(CHROMIUM);
		final Path folder = Path.of("target", "report-browser").toAbsolutePath();
		AtomicFiles.deleteTree(folder);
		Files.createDirectories(folder);
		final PhantomSetup setup = PhantomSetup.defaults();
		final Path a = folder.resolve("knee_00m.nii.gz"), b = folder.resolve("knee_12m.nii.gz");
		VolumeFiles.write(PhantomImages.dessLabels(setup.baseline(1), setup.baselineImaging(1)), a);
		VolumeFiles.write(PhantomImages.dessLabels(setup.followUp(1), setup.followUpImaging(1)), b);
		final Path comparison = folder.resolve("comparison");
		KneeAnalyzer.writeInto(KneeAnalyzer.create().compare(a, b), comparison);

		check(comparison.resolve("report.html"), folder.resolve("comparison"), List.of("Knee cartilage change report", "Summary",
				"Cartilage thickness and volume, plates", "Subregional thickness change", "Ordered values", "Bone-marrow lesions", "Maps", "Provenance"));
		check(comparison.resolve("baseline/report.html"), folder.resolve("scan"),
				List.of("Knee cartilage and bone-marrow lesion report", "Cartilage, plates", "Maps and overlays", "Provenance"));
	}

	/**
	 * Renders {@code html} at 900 and 1400 px wide to {@code stem-900.png} and {@code stem-1400.png} (the whole page), checks
	 * at both widths that nothing is wider than the window (the layout holds: no table or image runs off the right edge),
	 * prints it to {@code stem.pdf} (A4, as the print styles say) and checks the page (see the class description).
	 */
	private static void check(final Path html, final Path stem, final List<String> headings) throws IOException {
		final String source = Files.readString(html);
		final List<String> images = inlineImages(source);
		assertTrue(images.size() >= 3, html + ": the maps are embedded");
		for (final String png : images)
			assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png))), html + ": an embedded image does not decode");
		assertEquals(images.size(), count(source, "<img "), html + ": every image is inline");

		for (final int width : new int[] { 900, 1400 }) {
			final Path png = stem.resolveSibling(stem.getFileName() + "-" + width + ".png");
			final ExternalTools.Result r = chromium("--screenshot=" + png, "--window-size=" + width + ",6000", html.toUri().toString());
			assertEquals(0, r.exitCode, "chromium failed on " + html + ":\n" + r.output);
			assertTrue(Files.isRegularFile(png), "no screenshot " + png + ":\n" + r.output);
			consoleIsQuiet(html, r.output);
			final BufferedImage shot = ImageIO.read(png.toFile());
			final int[] colours = colours(shot);
			System.out.printf("%s: %d x %d, %d distinct colours, %.1f %% not white%n", png, shot.getWidth(), shot.getHeight(), colours[0],
					100.0 * colours[1] / ((long) shot.getWidth() * shot.getHeight()));
			assertTrue(colours[0] > 200, png + " looks blank: " + colours[0] + " colours");
			assertTrue(colours[1] > 0.03 * shot.getWidth() * shot.getHeight(), png + " is nearly all white");
			layoutHolds(html, stem, width);
		}

		final Path pdf = stem.resolveSibling(stem.getFileName() + ".pdf");
		final ExternalTools.Result printed = chromium("--print-to-pdf=" + pdf, "--no-pdf-header-footer", html.toUri().toString());
		assertEquals(0, printed.exitCode, "chromium failed to print " + html + ":\n" + printed.output);
		final String pdfText = new String(Files.readAllBytes(pdf), java.nio.charset.StandardCharsets.ISO_8859_1);
		assertTrue(pdfText.startsWith("%PDF-"), pdf + " is not a PDF");
		final Matcher page = Pattern.compile("/MediaBox\\s*\\[\\s*0 0 (\\d+(?:\\.\\d+)?) (\\d+(?:\\.\\d+)?)\\s*\\]").matcher(pdfText);
		assertTrue(page.find(), pdf + ": no page size");
		assertEquals(595, Double.parseDouble(page.group(1)), 2, pdf + ": A4 width in points");
		assertEquals(842, Double.parseDouble(page.group(2)), 2, pdf + ": A4 height in points");
		final int pages = count(pdfText, "/Type /Page") - count(pdfText, "/Type /Pages");
		System.out.printf("%s: %d A4 pages, %d bytes%n", pdf, pages, Files.size(pdf));
		assertTrue(pages >= 2, pdf + ": " + pages + " pages");

		final ExternalTools.Result dom = chromium("--dump-dom", html.toUri().toString());
		assertEquals(0, dom.exitCode, dom.output);
		consoleIsQuiet(html, dom.output);
		for (final String h : headings)
			assertTrue(dom.output.contains(h), html + ": Chromium's DOM lacks \"" + h + "\"");
		assertEquals(images.size(), count(dom.output, "<img "), html + ": Chromium's DOM has another number of images");
	}

	/**
	 * At {@code width} px, the page's scroll width and every element's right edge stay within the window: measured by
	 * Chromium on a copy of the page with a probe script added (the report itself has no script), which writes the
	 * figures into the title that {@code --dump-dom} returns.
	 */
	private static void layoutHolds(final Path html, final Path stem, final int width) throws IOException {
		final Path probe = stem.resolveSibling(stem.getFileName() + "-probe.html");
		final String script = "<script>const r=Math.max(...Array.from(document.querySelectorAll('body *'),e=>e.getBoundingClientRect().right));"
				+ "document.title='layout '+document.documentElement.scrollWidth+' '+window.innerWidth+' '+Math.ceil(r);</script>";
		Files.writeString(probe, Files.readString(html).replace("</body>", script + "</body>"));
		try {
			final ExternalTools.Result r = chromium("--window-size=" + width + ",3000", "--dump-dom", probe.toUri().toString());
			final Matcher m = Pattern.compile("<title>layout (\\d+) (\\d+) (\\d+)</title>").matcher(r.output);
			assertTrue(m.find(), "the probe did not run:\n" + r.output.substring(0, Math.min(2000, r.output.length())));
			final int scroll = Integer.parseInt(m.group(1)), inner = Integer.parseInt(m.group(2)), right = Integer.parseInt(m.group(3));
			System.out.printf("%s at %d px: scroll width %d, window %d, right-most element edge %d%n", html, width, scroll, inner, right);
			assertTrue(scroll <= inner && right <= inner, html + " at " + width + " px: something is wider than the window (scroll width " + scroll
					+ ", right-most edge " + right + ", window " + inner + ")");
		} finally {
			Files.deleteIfExists(probe);
		}
	}

	private static ExternalTools.Result chromium(final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
				"--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"));
		cmd.addAll(List.of(args));
		return ExternalTools.run(cmd, 120);
	}

	/** No console message (script errors, refused or failed resources) in Chromium's log. */
	private static void consoleIsQuiet(final Path html, final String log) {
		for (final String line : log.split("\n"))
			assertTrue(!line.contains(":CONSOLE") && !line.contains("Uncaught") && !line.contains("net::ERR_"),
					html + ": Chromium reports a page problem: " + line);
	}

	/** The base64 payloads of the inline PNG images. */
	private static List<String> inlineImages(final String html) {
		final List<String> out = new ArrayList<>();
		final Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
		while (m.find())
			out.add(m.group(1));
		return out;
	}

	/** {distinct colours, non-white pixels}. */
	private static int[] colours(final BufferedImage img) {
		final Set<Integer> seen = new HashSet<>();
		int ink = 0;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				final int rgb = img.getRGB(x, y) & 0xFFFFFF;
				seen.add(rgb);
				if (rgb != 0xFFFFFF)
					ink++;
			}
		return new int[] { seen.size(), ink };
	}

	private static int count(final String s, final String what) {
		int n = 0;
		for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1))
			n++;
		return n;
	}
}
