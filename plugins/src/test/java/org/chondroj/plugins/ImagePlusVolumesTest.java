package org.chondroj.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.chondroj.core.Metadata;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import ij.ImagePlus;
import ij.plugin.PlugIn;
import ij.process.ColorProcessor;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;

class ImagePlusVolumesTest {

	private static final VoxelGeometry OBLIQUE = VoxelGeometry.of(new double[] { 0.3646, 0.3646, 0.7 }, new double[] { -12.5, 40.25, 7 },
			new Matrix3d().rotation(0.4, new Vector3d(0.2, 1, 0.3).normalize()));

	/** Voxels, the oblique geometry and the metadata survive a trip through ImageJ; the calibration shows the voxel size. */
	@Test
	void roundTripKeepsVoxelsGeometryAndMetadata() {
		final short[] data = new short[7 * 5 * 4];
		for (int i = 0; i < data.length; i++)
			data[i] = (short) (i * 523);
		final Volume<UnsignedShortType> v = Volumes.wrapUnsignedShorts(data, new int[] { 7, 5, 4 }, OBLIQUE)
				.withMetadata(Metadata.empty().with(Metadata.LATERALITY, "R").with(Metadata.SERIES_DESCRIPTION, "SAG 3D DESS WE"));
		final ImagePlus imp = ImagePlusVolumes.toImagePlus(v, "knee");
		assertEquals(16, imp.getBitDepth());
		assertEquals(4, imp.getStackSize());
		assertEquals(0.3646, imp.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.7, imp.getCalibration().pixelDepth, 1e-12);
		assertEquals("mm", imp.getCalibration().getUnit());
		// ImageJ's own view of voxel (3, 2, 1): same value as the volume's
		assertEquals(data[v.index(3, 2, 1)] & 0xffff, imp.getStack().getProcessor(2).get(3, 2));
		final Volume<?> back = ImagePlusVolumes.toVolume(imp);
		assertTrue(back.type() instanceof UnsignedShortType);
		assertArrayEquals(data, Volumes.shortData(cast(back)));
		assertTrue(back.geometry().approximatelyEquals(OBLIQUE, 1e-12), back.geometry().toString());
		assertEquals("R", back.metadata().get(Metadata.LATERALITY));
		assertEquals("SAG 3D DESS WE", back.metadata().get(Metadata.SERIES_DESCRIPTION));
	}

	/** An image recalibrated by the user (in cm) is taken at its calibration, in mm, axis-aligned. */
	@Test
	void userCalibrationWinsOverAStaleGeometry() {
		final ImagePlus imp = ImagePlusVolumes.toImagePlus(Volumes.floats(new int[] { 3, 3, 3 }, OBLIQUE), "map");
		imp.getCalibration().setUnit("cm");
		imp.getCalibration().pixelWidth = 0.05;
		imp.getCalibration().pixelHeight = 0.05;
		imp.getCalibration().pixelDepth = 0.1;
		imp.getCalibration().xOrigin = 2;
		final VoxelGeometry g = ImagePlusVolumes.toVolume(imp).geometry();
		assertArrayEquals(new double[] { 0.5, 0.5, 1.0 }, g.spacing(), 1e-12);
		assertEquals(-1.0, g.origin()[0], 1e-12);
	}

	@Test
	void refusesWhatIsNoGreyLevelVolume() {
		final ImagePlus rgb = new ImagePlus("photo", new ColorProcessor(4, 4));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toVolume(rgb)).getMessage().contains("RGB"));
		final ImagePlus pixels = ImagePlusVolumes.toImagePlus(Volumes.floats(new int[] { 2, 2, 2 }, OBLIQUE), "uncalibrated");
		pixels.getCalibration().setUnit("pixel");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toVolume(pixels)).getMessage().contains("Image > Properties"));
	}

	/** Every command in plugins.config names a PlugIn class that exists; the About text carries the build's version. */
	@Test
	void menuDeclaresExistingPlugins() throws Exception {
		int commands = 0;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream("/plugins.config"), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;) {
				if (line.isBlank() || line.startsWith("#"))
					continue;
				final String className = line.substring(line.lastIndexOf(',') + 1).trim();
				assertTrue(PlugIn.class.isAssignableFrom(Class.forName(className)), className);
				assertTrue(line.startsWith("Plugins>ChondroJ, \""), line);
				commands++;
			}
		}
		assertTrue(commands >= 1);
		assertTrue(AboutChondroJ.text().startsWith("ChondroJ 0."), AboutChondroJ.text());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Volume<UnsignedShortType> cast(final Volume<?> v) {
		return (Volume) v;
	}
}
