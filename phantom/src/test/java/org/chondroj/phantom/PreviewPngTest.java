package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.chondroj.core.Laterality;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Writes previews for a person to look at: {@code phantom/target/phantom-preview.png} of the standard knee (the classic
 * views: sagittal through the medial condyle, coronal through the posterior condyles) and
 * {@code phantom/target/phantom-preview-sphere.png} of the test-only sphere knee (slices through the volume's centre).
 */
@Tag("slow")
class PreviewPngTest {

	@Test
	void writesMidSagittalAndMidCoronal() throws IOException {
		final SphereKnee knee = new SphereKnee(Laterality.RIGHT, 0.3);
		final PhantomImages.Images images = PhantomImages.generate(knee, ImagingConfig.defaults());
		final Path png = Path.of("target", "phantom-preview-sphere.png");
		Files.createDirectories(png.getParent());
		PreviewPng.write(images.dess(), images.labels(), png);
		System.out.println("preview: " + png.toAbsolutePath());
		final BufferedImage img = ImageIO.read(png.toFile());
		// sagittal: 140 mm / 0.3646 mm → 384 px; coronal: 111.3 mm / 0.3646 mm → 306 px; gap 8 px; height 384 px
		assertEquals(384 + 8 + 306, img.getWidth());
		assertEquals(384, img.getHeight());
		// the femoral cartilage outline (colour of label 2) appears in both panels
		boolean left = false, right = false;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++)
				if ((img.getRGB(x, y) & 0xFFFFFF) == 0x1B9AF7) {
					left |= x < 384;
					right |= x > 392;
				}
		assertTrue(left && right);
	}

	/** The standard right knee: every cartilage plate's outline colour shows in one of the two views. */
	@Test
	void writesTheStandardKnee() throws IOException {
		final KneeModel knee = PhantomKnees.standard(Laterality.RIGHT, 1);
		final PhantomImages.Images images = PhantomImages.generate(knee, ImagingConfig.defaults());
		final Path png = Path.of("target", "phantom-preview.png");
		Files.createDirectories(png.getParent());
		final double[] planes = knee.previewPlanes();
		PreviewPng.write(images.dess(), images.labels(), planes[0], planes[1], png);
		System.out.println("preview of the standard knee: " + png.toAbsolutePath());
		final BufferedImage img = ImageIO.read(png.toFile());
		assertEquals(384, img.getHeight());
		boolean femoral = false, tibial = false, femur = false, tibia = false;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				final int rgb = img.getRGB(x, y) & 0xFFFFFF;
				femur |= rgb == 0xE6C229;
				femoral |= rgb == 0x1B9AF7;
				tibia |= rgb == 0xF17105;
				tibial |= rgb == 0x23CE6B;
			}
		assertTrue(femur && femoral && tibia && tibial, "femur, femoral cartilage, tibia and tibial cartilage are outlined");
	}
}
