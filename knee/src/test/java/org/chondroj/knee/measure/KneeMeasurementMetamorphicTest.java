package org.chondroj.knee.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.Resampling;
import org.chondroj.core.testing.RealData;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.LabelPresets;
import org.chondroj.knee.nomenclature.Metric;
import org.chondroj.knee.nomenclature.Region;
import org.chondroj.knee.results.ScanReport;
import org.chondroj.phantom.ImagingConfig;
import org.chondroj.phantom.PhantomImages;
import org.chondroj.phantom.PhantomKnees;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix3d;
import org.joml.Vector3d;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Metamorphic tests of the whole measurement (docs/DESIGN.md "Tests"), on the phantom and on a real OAI label map:
 * <ul>
 * <li>a left–right mirrored label map is a left knee with the same values (side from the anatomy), within 0.5 %;
 * with the side forced to the original one (a user's wrong --side), medial and lateral swap, within 2.5 %: the frame
 * is then the mirror of the anatomical one, and the notch and midline estimates (parabola fits over asymmetric
 * profiles) are not exactly mirror-symmetric, which moves the femoral plates' boundaries a little (measured: up to
 * 1.8 % of cMF's and TrF's areas on the OAI map, 0.1 % on the phantom);</li>
 * <li>the same knee resampled (nearest neighbour) onto a grid rotated by 10°: every plate's ThCtAB within 0.05 mm.</li>
 * </ul>
 */
@Tag("slow")
class KneeMeasurementMetamorphicTest {

	private static final List<Region> PLATES = Region.PLATES;
	private static final Map<Region, Region> SWAP = Map.of(Region.MT, Region.LT, Region.LT, Region.MT, Region.cMF, Region.cLF, Region.cLF, Region.cMF,
			Region.pMF, Region.pLF, Region.pLF, Region.pMF, Region.TrF, Region.TrF, Region.P, Region.P);

	private static Volume<UnsignedByteType> phantomLabels() {
		return PhantomImages.dessLabels(PhantomKnees.standard(Laterality.RIGHT, 1), ImagingConfig.defaults());
	}

	private static ScanReport analyse(final Volume<UnsignedByteType> labels, final Laterality side) {
		return KneeMeasurement.measure(KneeLabels.of(labels, LabelPresets.mapping("oai-akoa")), "knee", KneeMeasurement.Options.defaults().withSide(side))
				.report();
	}

	/** The voxels mirrored along the voxel axis closest to the patient's left–right axis, the geometry kept. */
	private static Volume<UnsignedByteType> mirrored(final Volume<UnsignedByteType> v) {
		final Matrix3dc3 d = new Matrix3dc3(v.geometry().direction());
		int axis = 0;
		for (int a = 1; a < 3; a++)
			if (Math.abs(d.x(a)) > Math.abs(d.x(axis)))
				axis = a;
		final int[] n = { v.dimension(0), v.dimension(1), v.dimension(2) };
		final byte[] src = Volumes.byteData(v), dst = new byte[src.length];
		for (int z = 0; z < n[2]; z++)
			for (int y = 0; y < n[1]; y++)
				for (int x = 0; x < n[0]; x++) {
					final int[] i = { x, y, z };
					i[axis] = n[axis] - 1 - i[axis];
					dst[(z * n[1] + y) * n[0] + x] = src[(i[2] * n[1] + i[1]) * n[0] + i[0]];
				}
		return Volumes.wrapUnsignedBytes(dst, n, v.geometry());
	}

	/** Column a of a direction matrix, its x (LPS left–right) component. */
	private record Matrix3dc3(org.joml.Matrix3dc m) {
		double x(final int column) {
			return m.getColumn(column, new Vector3d()).x;
		}
	}

	private static void mirrorChecks(final String name, final Volume<UnsignedByteType> labels) {
		final ScanReport original = analyse(labels, Laterality.UNKNOWN);
		final Volume<UnsignedByteType> m = mirrored(labels);
		final ScanReport mirror = analyse(m, Laterality.UNKNOWN);
		assertEquals(original.side() == Laterality.RIGHT ? Laterality.LEFT : Laterality.RIGHT, mirror.side(), name + ": " + mirror.sideSource());
		final ScanReport forced = analyse(m, original.side());
		final List<String> failures = new ArrayList<>();
		for (final Region plate : PLATES) {
			if (!original.regions().containsKey(plate))
				continue;
			for (final Metric key : List.of(Metric.ThCtAB, Metric.ThCcAB, Metric.VC, Metric.tAB, Metric.cAB)) {
				final double a = original.value(plate, key);
				compare(failures, name + " mirrored " + plate + " " + key, a, mirror.value(plate, key), 0.5);
				compare(failures, name + " mirrored, side forced, " + SWAP.get(plate) + " " + key, a, forced.value(SWAP.get(plate), key), 2.5);
			}
		}
		assertTrue(failures.isEmpty(), String.join("\n", failures));
	}

	private static void compare(final List<String> failures, final String what, final double a, final double b, final double tolerancePct) {
		final double pct = 100 * Math.abs(b - a) / Math.abs(a);
		System.out.printf(Locale.ROOT, "%-45s %10.4f %10.4f %7.3f %%%n", what, a, b, pct);
		if (!(pct <= tolerancePct))
			failures.add(String.format(Locale.ROOT, "%s: %.4f vs %.4f (%.2f %%)", what, a, b, pct));
	}

	@Test
	void mirroredPhantom() {
		mirrorChecks("phantom", phantomLabels());
	}

	@Test
	void mirroredOaiMap() throws Exception {
		final Path file = RealData.require("oai-akoa-labels/9014797_00m.nii.gz");
		mirrorChecks("9014797_00m", KneeLabels.read(file, LabelPresets.mapping("oai-akoa")).volume());
	}

	/** Resampled (nearest) onto the same spacing, rotated 10° about an oblique axis through the knee: ThCtAB within 0.05 mm. */
	private static void rotationChecks(final String name, final Volume<UnsignedByteType> labels) {
		final VoxelGeometry g = labels.geometry();
		final int[] n = { labels.dimension(0), labels.dimension(1), labels.dimension(2) };
		final Vector3d centre = g.indexToPatient((n[0] - 1) / 2.0, (n[1] - 1) / 2.0, (n[2] - 1) / 2.0, new Vector3d());
		final Matrix3d r = new Matrix3d().rotation(Math.toRadians(10), new Vector3d(1, 2, 3).normalize());
		final Matrix3d dir = r.mul(new Matrix3d(g.direction()), new Matrix3d());
		// the rotated grid, same size and spacing, about the same centre
		final Vector3d half = new Vector3d((n[0] - 1) / 2.0 * g.spacing()[0], (n[1] - 1) / 2.0 * g.spacing()[1], (n[2] - 1) / 2.0 * g.spacing()[2]);
		final Vector3d origin = centre.sub(dir.transform(half, new Vector3d()), new Vector3d());
		final VoxelGeometry rotated = VoxelGeometry.of(g.spacing(), new double[] { origin.x, origin.y, origin.z }, dir);
		final Volume<UnsignedByteType> moved = Resampling.nearest(labels, n, rotated);
		final ScanReport a = analyse(labels, Laterality.UNKNOWN), b = analyse(moved, Laterality.UNKNOWN);
		final List<String> failures = new ArrayList<>();
		for (final Region plate : PLATES) {
			if (!a.regions().containsKey(plate))
				continue;
			final double d = b.value(plate, Metric.ThCtAB) - a.value(plate, Metric.ThCtAB);
			System.out.printf(Locale.ROOT, "%s rotated 10°: %-4s ThCtAB %.4f → %.4f (%+.4f mm)%n", name, plate, a.value(plate, Metric.ThCtAB),
					b.value(plate, Metric.ThCtAB), d);
			if (!(Math.abs(d) < 0.05))
				failures.add(plate + " " + d);
		}
		assertTrue(failures.isEmpty(), String.join("\n", failures));
	}

	@Test
	void rotatedPhantom() {
		rotationChecks("phantom", phantomLabels());
	}

	@Test
	void rotatedOaiMap() throws Exception {
		final Path file = RealData.require("oai-akoa-labels/9014797_00m.nii.gz");
		rotationChecks("9014797_00m", KneeLabels.read(file, LabelPresets.mapping("oai-akoa")).volume());
	}
}
