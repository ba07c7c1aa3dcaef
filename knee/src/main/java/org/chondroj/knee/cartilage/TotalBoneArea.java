package org.chondroj.knee.cartilage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.chondroj.core.mesh.TriangleMesh;

/**
 * The total subchondral bone area (tAB) of a bone surface: the bone-surface vertices that are covered by cartilage,
 * plus the denuded areas the cartilage encloses (docs/DESIGN.md: "bone surface that is or would be covered"). A denuded
 * area counts as enclosed when it is a connected set of uncovered vertices (along mesh edges) that touches neither the
 * open border of the mesh (where the crop or the scan cuts the bone) nor the largest uncovered area (the bone outside
 * the plates), and whose area is at most {@code maxHoleShare} of the covered area of its bone. A full-thickness defect
 * inside a plate is such a hole; bone between the plates, or around them, is not. Cost: O(vertices + triangles).
 */
public final class TotalBoneArea {

	/** Default: an enclosed denuded area may be up to this share of the bone's covered area. */
	public static final double MAX_HOLE_SHARE = 0.5;

	private TotalBoneArea() {
	}

	/** Per bone vertex: whether it is in tAB. */
	public static boolean[] of(final ThicknessMap map) {
		return of(map, MAX_HOLE_SHARE);
	}

	/** Per bone vertex: whether it is in tAB, with enclosed holes up to {@code maxHoleShare} of the covered area. */
	public static boolean[] of(final ThicknessMap map, final double maxHoleShare) {
		final TriangleMesh mesh = map.boneMesh();
		final int n = mesh.vertexCount();
		final int[] tri = mesh.triangles();
		// vertex adjacency (CSR) and border vertices (on an edge used by one triangle)
		final int[] degree = new int[n + 1];
		for (final int v : tri)
			degree[v + 1] += 2;
		for (int v = 0; v < n; v++)
			degree[v + 1] += degree[v];
		final int[] adj = new int[degree[n]];
		final int[] fill = degree.clone();
		for (int t = 0; t + 2 < tri.length; t += 3)
			for (int c = 0; c < 3; c++) {
				final int a = tri[t + c], b = tri[t + (c + 1) % 3];
				adj[fill[a]++] = b;
				adj[fill[b]++] = a;
			}
		final boolean[] border = new boolean[n];
		for (int v = 0; v < n; v++) // an edge seen once from v is a border edge (each interior edge appears twice)
			for (int i = degree[v]; i < degree[v + 1]; i++) {
				int count = 0;
				for (int j = degree[v]; j < degree[v + 1]; j++)
					if (adj[j] == adj[i])
						count++;
				if (count == 1)
					border[v] = true;
			}
		final boolean[] in = new boolean[n];
		double covered = 0;
		for (int v = 0; v < n; v++)
			if (map.isCovered(v)) {
				in[v] = true;
				covered += map.boneArea(v);
			}
		// uncovered components
		final int[] component = new int[n];
		Arrays.fill(component, -1);
		final List<double[]> info = new ArrayList<>(); // {area, touches border}
		final ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int s = 0; s < n; s++) {
			if (in[s] || component[s] >= 0)
				continue;
			final int id = info.size();
			double area = 0;
			boolean touches = false;
			component[s] = id;
			queue.add(s);
			while (!queue.isEmpty()) {
				final int v = queue.poll();
				area += map.boneArea(v);
				touches |= border[v];
				for (int i = degree[v]; i < degree[v + 1]; i++) {
					final int w = adj[i];
					if (!in[w] && component[w] < 0) {
						component[w] = id;
						queue.add(w);
					}
				}
			}
			info.add(new double[] { area, touches ? 1 : 0 });
		}
		int largest = -1;
		for (int i = 0; i < info.size(); i++)
			if (largest < 0 || info.get(i)[0] > info.get(largest)[0])
				largest = i;
		for (int v = 0; v < n; v++) {
			final int c = component[v];
			if (c >= 0 && c != largest && info.get(c)[1] == 0 && info.get(c)[0] <= maxHoleShare * covered)
				in[v] = true;
		}
		return in;
	}
}
