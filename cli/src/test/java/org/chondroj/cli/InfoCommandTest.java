package org.chondroj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.chondroj.core.Volume;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.Volumes;
import org.chondroj.core.io.VolumeFiles;
import org.chondroj.core.testing.RealData;
import org.joml.Matrix3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.imglib2.type.numeric.integer.UnsignedShortType;

class InfoCommandTest {

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(final String... args) {
		return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/** A label file with two boxes of known size: the lines show the grid, the orientation and each label's volume. */
	@Test
	void describesALabelFile(@TempDir final Path dir) throws Exception {
		// axes: i towards the patient's right, j anterior, k superior (an RAS-like grid in LPS terms)
		final VoxelGeometry g = VoxelGeometry.of(new double[] { 0.5, 0.25, 2.0 }, new double[] { 10, -20, 30 }, new Matrix3d().scaling(-1, -1, 1));
		final Volume<UnsignedShortType> v = Volumes.unsignedShorts(new int[] { 10, 20, 5 }, g);
		final short[] s = Volumes.shortData(v);
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 3; x++)
					s[v.index(x, y, z)] = 2; // 24 voxels
		s[v.index(9, 19, 4)] = 5;
		final Path file = dir.resolve("knee labels.nii.gz");
		VolumeFiles.write(v, file);
		assertEquals(0, run("info", "--label-preset", "oai-akoa", file.toString()), err.toString());
		final String text = out.toString();
		assertTrue(text.contains("voxels       10 × 20 × 5  (uint16)"), text);
		assertTrue(text.contains("voxel size   0.5000 × 0.2500 × 2.0000 mm"), text);
		assertTrue(text.contains("origin       (10.000, -20.000, 30.000) mm, LPS"), text);
		assertTrue(text.contains("axis 0       towards right"), text);
		assertTrue(text.contains("axis 1       towards anterior"), text);
		assertTrue(text.contains("axis 2       towards superior"), text);
		assertTrue(text.matches("(?s).*\\n\\s+2\\s+24\\s+6\\.0\\s+femoral cartilage\\n.*"), text); // 24 × 0.25 mm³
		assertTrue(text.matches("(?s).*\\n\\s+5\\s+1\\s+0\\.3\\s+patella\\n.*"), text);
	}

	/** A file that is no volume: exit 1 and a message naming the file and the problem, no stack trace. */
	@Test
	void badFileIsAClearError(@TempDir final Path dir) throws Exception {
		final Path file = Files.writeString(dir.resolve("scan.nii"), "not a nifti file at all");
		assertEquals(1, run("info", file.toString()));
		assertTrue(err.toString().startsWith("chondroj: " + file), err.toString());
		assertTrue(!err.toString().contains("\tat "), err.toString());
	}

	/** A real OAI label file: the OAI DESS grid and all six structures. */
	@Test
	void describesARealOaiLabelFile() {
		final Path file = RealData.require("oai-akoa-labels/9014797_00m.nii.gz");
		assertEquals(0, run("info", "--label-preset", "oai-akoa", file.toString()), err.toString());
		final String text = out.toString();
		assertTrue(text.contains("voxels       160 × 384 × 384"), text);
		assertTrue(text.contains("voxel size   0.7000 × 0.3646 × 0.3646 mm"), text);
		for (final String structure : new String[] { "femur", "femoral cartilage", "tibia", "tibial cartilage", "patella", "patellar cartilage" })
			assertTrue(text.contains("  " + structure + "\n"), structure + " missing:\n" + text);
	}
}
