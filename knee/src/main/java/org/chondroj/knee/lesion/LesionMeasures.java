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
import org.chondroj.knee.nomenclature.LesionRegion;
import org.chondroj.knee.nomenclature.LesionMetric;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Vector3d;

/**
 * Bone-marrow lesion measures per subchondral region (docs/DESIGN.md) from lesion labels and region maps: the
 * compartments ({@link org.chondroj.knee.anatomy.BoneCompartments}) and the MOAKS subregions
 * ({@link org.chondroj.knee.anatomy.MoaksSubregions}). Per region:
 * <ul>
 * <li>{@code volume_mm3}: the lesion voxels in the region × the voxel volume;</li>
 * <li>{@code share_pct}: that volume over the region's bone (the voxels of the map with its id,
 * lesions included), %;</li>
 * <li>{@code count}: the lesions (26-connected components of one bone's lesion label) whose voxels lie mostly in the
 * region;</li>
 * <li>{@code largest_diameter_mm}: the largest distance between two voxel centres of one of those lesions, from the
 * extent along 2 562 directions (a geodesic sphere's vertices; within 0.1 % of the true value, always below it);</li>
 * <li>{@code moaks_grade} from the share: 0 none, 1 &lt; 33 %, 2 33–66 %, 3 &gt; 66 %; {@code worms_grade}: 0, 1 &lt; 25 %,
 * 2 25–50 %, 3 &gt; 50 %.</li>
 * </ul>
 * Regions with a subchondral region but no lesion get zeros. Cost: one connected-component labelling per lesion label.
 */
public final class LesionMeasures {

	private static final double[][] DIRECTIONS = directions(4);

	private LesionMeasures() {
	}

	/**
	 * A map of subchondral regions on the labels' grid ({@link org.chondroj.knee.anatomy.BoneCompartments},
	 * {@link org.chondroj.knee.anatomy.MoaksSubregions}) and the regions its values stand for: value {@code r.id()} is
	 * region {@code r}.
	 */
	public record RegionMap(Volume<UnsignedByteType> map, List<? extends LesionRegion> regions) {
		public RegionMap {
			regions = List.copyOf(regions);
			for (final LesionRegion r : regions)
				if (r.id() < 1 || r.id() > 255)
					throw new IllegalArgumentException("region " + r.key() + " has id " + r.id() + ", not 1-255");
		}
	}

	/**
	 * Region → metric → value, for the regions of each map with a subchondral region there, map after map (each region's
	 * metrics in {@link LesionMetric} order). The lesions are labelled once for all maps.
	 */
	public static Map<LesionRegion, Map<LesionMetric, Double>> measure(final KneeLabels labels, final RegionMap... maps) {
		final Volume<UnsignedByteType> vol = labels.volume();
		final VoxelGeometry g = vol.geometry();
		final int nx = vol.dimension(0), ny = vol.dimension(1);
		final byte[] data = Volumes.byteData(vol);
		final int m = maps.length;
		final byte[][] region = new byte[m][];
		final long[][] regionVoxels = new long[m][256], lesionVoxels = new long[m][256];
		final int[][] count = new int[m][256];
		final double[][] diameter = new double[m][256];
		for (int k = 0; k < m; k++) {
			if (!maps[k].map().geometry().equals(g) || maps[k].map().size() != vol.size())
				throw new IllegalArgumentException("the region map is not on the labels' grid");
			region[k] = Volumes.byteData(maps[k].map());
			for (final byte b : region[k])
				regionVoxels[k][b & 0xFF]++;
		}
		for (final KneeStructure lesion : new KneeStructure[] { KneeStructure.FEMORAL_LESION, KneeStructure.TIBIAL_LESION, KneeStructure.PATELLAR_LESION }) {
			if (!labels.has(lesion))
				continue;
			final int[] values = labels.mapping().values(lesion);
			final Volume<UnsignedByteType> mask = Volumes.unsignedBytes(new int[] { nx, ny, vol.dimension(2) }, g);
			final byte[] mk = Volumes.byteData(mask);
			for (int i = 0; i < data.length; i++)
				for (final int v : values)
					if ((data[i] & 0xFF) == v)
						mk[i] = 1;
			final ConnectedComponents.Result cc = ConnectedComponents.label(mask, Connectivity.TWENTY_SIX);
			final int[] lab = Volumes.intData(cc.labels());
			final int n = cc.count();
			final List<List<Integer>> voxels = new ArrayList<>();
			for (int c = 0; c <= n; c++)
				voxels.add(new ArrayList<>());
			for (int i = 0; i < lab.length; i++)
				if (lab[i] > 0)
					voxels.get(lab[i]).add(i);
			// each lesion's extents along the directions, once
			final double[] lesionDiameter = new double[n + 1];
			final Vector3d p = new Vector3d();
			for (int c = 1; c <= n; c++) {
				final double[] lo = new double[DIRECTIONS.length], hi = new double[DIRECTIONS.length];
				Arrays.fill(lo, Double.POSITIVE_INFINITY);
				Arrays.fill(hi, Double.NEGATIVE_INFINITY);
				for (final int i : voxels.get(c)) {
					g.indexToPatient(i % nx, i / nx % ny, i / (nx * ny), p);
					for (int d = 0; d < DIRECTIONS.length; d++) {
						final double s = p.x * DIRECTIONS[d][0] + p.y * DIRECTIONS[d][1] + p.z * DIRECTIONS[d][2];
						lo[d] = Math.min(lo[d], s);
						hi[d] = Math.max(hi[d], s);
					}
				}
				for (int d = 0; d < DIRECTIONS.length; d++)
					lesionDiameter[c] = Math.max(lesionDiameter[c], hi[d] - lo[d]);
			}
			for (int k = 0; k < m; k++) {
				final long[][] perRegion = new long[n + 1][256];
				for (int c = 1; c <= n; c++)
					for (final int i : voxels.get(c)) {
						perRegion[c][region[k][i] & 0xFF]++;
						lesionVoxels[k][region[k][i] & 0xFF]++;
					}
				for (int c = 1; c <= n; c++) {
					int best = 0;
					for (int r = 1; r < 256; r++)
						if (perRegion[c][r] > perRegion[c][best])
							best = r;
					if (best == 0 || perRegion[c][best] == 0)
						continue; // a lesion outside every subchondral region
					count[k][best]++;
					diameter[k][best] = Math.max(diameter[k][best], lesionDiameter[c]);
				}
			}
		}
		final double voxel = g.voxelVolume();
		final Map<LesionRegion, Map<LesionMetric, Double>> out = new LinkedHashMap<>();
		for (int k = 0; k < m; k++)
			for (final LesionRegion r : maps[k].regions()) {
				final int id = r.id();
				if (regionVoxels[k][id] == 0)
					continue;
				final double volume = lesionVoxels[k][id] * voxel, share = 100.0 * lesionVoxels[k][id] / regionVoxels[k][id];
				final Map<LesionMetric, Double> v = new EnumMap<>(LesionMetric.class);
				v.put(LesionMetric.VOLUME, volume);
				v.put(LesionMetric.SHARE, share);
				v.put(LesionMetric.COUNT, (double) count[k][id]);
				v.put(LesionMetric.LARGEST_DIAMETER, diameter[k][id]);
				v.put(LesionMetric.MOAKS_GRADE, (double) moaksGrade(share));
				v.put(LesionMetric.WORMS_GRADE, (double) wormsGrade(share));
				out.put(r, v);
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
