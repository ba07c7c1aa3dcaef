package org.chondroj.knee.lesion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.nomenclature.Compartment;
import org.chondroj.knee.nomenclature.LesionMetric;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Vector3d;

/**
 * Bone-marrow lesion measures per compartment (docs/DESIGN.md) from lesion labels and a compartment map
 * ({@link org.chondroj.knee.anatomy.BoneCompartments}):
 * <ul>
 * <li>{@code volume_mm3}: the lesion voxels in the compartment × the voxel volume;</li>
 * <li>{@code share_pct}: that volume over the compartment's subchondral region (the voxels of the map with its id,
 * lesions included), %;</li>
 * <li>{@code count}: the lesions (26-connected components of one bone's lesion label) whose voxels lie mostly in the
 * compartment;</li>
 * <li>{@code largest_diameter_mm}: the largest distance between two voxel centres of one of those lesions, from the
 * extent along 2 562 directions (a geodesic sphere's vertices; within 0.1 % of the true value, always below it);</li>
 * <li>{@code moaks_grade} from the share: 0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 %; {@code worms_grade}: 0, 1 &lt; 25 %,
 * 2 25–50 %, 3 &gt; 50 %.</li>
 * </ul>
 * Compartments with a region but no lesion get zeros. Cost: one connected-component labelling per lesion label.
 */
public final class LesionMeasures {

	private static final double[][] DIRECTIONS = directions(4);

	private LesionMeasures() {
	}

	/** Compartment → metric → value, for the compartments with a subchondral region in {@code compartments}. */
	public static Map<Compartment, Map<LesionMetric, Double>> measure(final KneeLabels labels, final Volume<UnsignedByteType> compartments) {
		final VoxelGeometry g = compartments.geometry();
		final double voxel = g.voxelVolume();
		final byte[] comp = Volumes.byteData(compartments);
		final int nc = Compartment.values().length;
		final long[] regionVoxels = new long[nc + 1], lesionVoxels = new long[nc + 1];
		for (final byte b : comp)
			regionVoxels[b & 0xFF]++;
		final int[] count = new int[nc + 1];
		final double[] diameter = new double[nc + 1];
		final byte[] data = Volumes.byteData(labels.volume());
		final int nx = compartments.dimension(0), ny = compartments.dimension(1);
		for (final KneeStructure lesion : new KneeStructure[] { KneeStructure.FEMORAL_LESION, KneeStructure.TIBIAL_LESION, KneeStructure.PATELLAR_LESION }) {
			if (!labels.has(lesion))
				continue;
			final int[] values = labels.mapping().values(lesion);
			final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(new int[] { nx, ny, compartments.dimension(2) }, g);
			final byte[] m = Volumes.byteData(mask);
			for (int i = 0; i < data.length; i++)
				for (final int v : values)
					if ((data[i] & 0xFF) == v)
						m[i] = 1;
			final ConnectedComponents.Result cc = ConnectedComponents.label(mask, Connectivity.TWENTY_SIX);
			final int[] lab = Volumes.intData(cc.labels());
			final int n = cc.count();
			final long[][] perComp = new long[n + 1][nc + 1];
			final List<List<Integer>> voxels = new ArrayList<>();
			for (int c = 0; c <= n; c++)
				voxels.add(new ArrayList<>());
			for (int i = 0; i < lab.length; i++)
				if (lab[i] > 0) {
					perComp[lab[i]][comp[i] & 0xFF]++;
					lesionVoxels[comp[i] & 0xFF]++;
					voxels.get(lab[i]).add(i);
				}
			final Vector3d p = new Vector3d();
			for (int c = 1; c <= n; c++) {
				int best = 0;
				for (int k = 1; k <= nc; k++)
					if (perComp[c][k] > perComp[c][best])
						best = k;
				if (best == 0 || perComp[c][best] == 0)
					continue; // a lesion outside every subchondral region
				count[best]++;
				final List<Integer> vs = voxels.get(c);
				final double[] lo = new double[DIRECTIONS.length], hi = new double[DIRECTIONS.length];
				Arrays.fill(lo, Double.POSITIVE_INFINITY);
				Arrays.fill(hi, Double.NEGATIVE_INFINITY);
				for (final int i : vs) {
					g.indexToPatient(i % nx, i / nx % ny, i / (nx * ny), p);
					for (int d = 0; d < DIRECTIONS.length; d++) {
						final double s = p.x * DIRECTIONS[d][0] + p.y * DIRECTIONS[d][1] + p.z * DIRECTIONS[d][2];
						lo[d] = Math.min(lo[d], s);
						hi[d] = Math.max(hi[d], s);
					}
				}
				for (int d = 0; d < DIRECTIONS.length; d++)
					diameter[best] = Math.max(diameter[best], hi[d] - lo[d]);
			}
		}
		final Map<Compartment, Map<LesionMetric, Double>> out = new LinkedHashMap<>();
		for (final Compartment c : Compartment.values()) {
			final int k = c.id();
			if (regionVoxels[k] == 0)
				continue;
			final double volume = lesionVoxels[k] * voxel, share = 100.0 * lesionVoxels[k] / regionVoxels[k];
			final Map<LesionMetric, Double> m = new EnumMap<>(LesionMetric.class);
			m.put(LesionMetric.VOLUME, volume);
			m.put(LesionMetric.SHARE, share);
			m.put(LesionMetric.COUNT, (double) count[k]);
			m.put(LesionMetric.LARGEST_DIAMETER, diameter[k]);
			m.put(LesionMetric.MOAKS_GRADE, (double) moaksGrade(share));
			m.put(LesionMetric.WORMS_GRADE, (double) wormsGrade(share));
			out.put(c, m);
		}
		return out;
	}

	/** MOAKS size grade of a lesion share (%): 0 none, 1 &lt; 33, 2 33–66, 3 &gt; 66. */
	public static int moaksGrade(final double sharePct) {
		return sharePct <= 0 ? 0 : sharePct < 33 ? 1 : sharePct <= 66 ? 2 : 3;
	}

	/** WORMS size grade of a lesion share (%): 0 none, 1 &lt; 25, 2 25–50, 3 &gt; 50. */
	public static int wormsGrade(final double sharePct) {
		return sharePct <= 0 ? 0 : sharePct < 25 ? 1 : sharePct <= 50 ? 2 : 3;
	}

	/** Unit directions of a subdivided icosahedron (half of them would do; all are kept for simplicity). */
	private static double[][] directions(final int subdivisions) {
		final double t = (1 + Math.sqrt(5)) / 2;
		List<double[]> v = new ArrayList<>();
		for (final double[] a : new double[][] { { -1, t, 0 }, { 1, t, 0 }, { -1, -t, 0 }, { 1, -t, 0 }, { 0, -1, t }, { 0, 1, t }, { 0, -1, -t },
				{ 0, 1, -t }, { t, 0, -1 }, { t, 0, 1 }, { -t, 0, -1 }, { -t, 0, 1 } })
			v.add(unit(a));
		List<int[]> f = new ArrayList<>(List.of(new int[] { 0, 11, 5 }, new int[] { 0, 5, 1 }, new int[] { 0, 1, 7 }, new int[] { 0, 7, 10 },
				new int[] { 0, 10, 11 }, new int[] { 1, 5, 9 }, new int[] { 5, 11, 4 }, new int[] { 11, 10, 2 }, new int[] { 10, 7, 6 },
				new int[] { 7, 1, 8 }, new int[] { 3, 9, 4 }, new int[] { 3, 4, 2 }, new int[] { 3, 2, 6 }, new int[] { 3, 6, 8 },
				new int[] { 3, 8, 9 }, new int[] { 4, 9, 5 }, new int[] { 2, 4, 11 }, new int[] { 6, 2, 10 }, new int[] { 8, 6, 7 },
				new int[] { 9, 8, 1 }));
		for (int s = 0; s < subdivisions; s++) {
			final Map<Long, Integer> mid = new HashMap<>();
			final List<int[]> next = new ArrayList<>();
			for (final int[] tri : f) {
				final int[] m = new int[3];
				for (int e = 0; e < 3; e++) {
					final int a = tri[e], b = tri[(e + 1) % 3];
					final long key = (long) Math.min(a, b) << 32 | Math.max(a, b);
					final List<double[]> vv = v;
					m[e] = mid.computeIfAbsent(key, x -> {
						final double[] pa = vv.get(a), pb = vv.get(b);
						vv.add(unit(new double[] { pa[0] + pb[0], pa[1] + pb[1], pa[2] + pb[2] }));
						return vv.size() - 1;
					});
				}
				next.add(new int[] { tri[0], m[0], m[2] });
				next.add(new int[] { tri[1], m[1], m[0] });
				next.add(new int[] { tri[2], m[2], m[1] });
				next.add(m);
			}
			f = next;
		}
		return v.toArray(new double[0][]);
	}

	private static double[] unit(final double[] a) {
		final double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
		return new double[] { a[0] / n, a[1] / n, a[2] / n };
	}
}
