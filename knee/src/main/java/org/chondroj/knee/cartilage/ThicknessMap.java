package org.chondroj.knee.cartilage;

import java.util.function.IntPredicate;

import org.chondroj.core.mesh.TriangleMesh;

/**
 * The cartilage thickness of one bone, on its sub-voxel surfaces: the result of {@link ThicknessMaps#compute}.
 * <p>
 * <b>Bone surface</b> ({@link #boneMesh()}, LPS mm): every vertex carries whether cartilage covers it
 * ({@link #isCovered}), its thickness ({@link #thickness}, mm, 0 where denuded), its area ({@link #boneArea}, one
 * third of the areas of its triangles, mm²; they add up to the mesh's area) and the cartilage volume assigned to it
 * ({@link #boneVolume}, mm³; they add up to the cartilage volume of the input).
 * <p>
 * <b>Articular surface</b> ({@link #articularMesh()}, the surface of bone ∪ cartilage): every vertex carries its kind
 * ({@link #CARTILAGE} = the cartilage surface over covered bone, facing away from it, whose area is AC; {@link #EDGE} =
 * a side wall of the cartilage, at the edge of a plate or of a defect; {@link #BARE} = bare bone), its distance to the
 * bone surface ({@link #articularDistance}, mm; cartilage and edge vertices), its area, and the bone vertex it belongs
 * to ({@link #articularBoneVertex}: of the triangle holding its foot on the bone surface, the corner with the largest
 * barycentric weight, i.e. about its nearest bone vertex; −1 for bare bone). See {@link ThicknessMaps} for how each is
 * found.
 * <p>
 * <b>Regions.</b> {@link #measures(IntPredicate)} and {@link #measures(int[], int)} aggregate any set of bone vertices
 * (a plate, a subregion) into {@link RegionMeasures}: tAB = Σ area, cAB = Σ area over covered vertices, ThCcAB =
 * Σ area·thickness / cAB, ThCtAB = the same sum / tAB, ThCcAB_sd its area-weighted standard deviation over cAB,
 * ThCcAB_max the largest thickness, VC = Σ assigned volume, AC = Σ area of the {@link #CARTILAGE} articular vertices
 * whose bone vertex is in the set. Every aggregate is one pass over the vertices in index order (deterministic).
 * <p>
 * Immutable. The per-vertex accessors are O(1); the array accessors return copies.
 */
public final class ThicknessMap {

	/** Kind of an articular vertex: bare bone (the articular surface is the bone surface). */
	public static final byte BARE = 0;
	/** Kind of an articular vertex: the cartilage surface facing away from the bone (counted in AC). */
	public static final byte CARTILAGE = 1;
	/** Kind of an articular vertex: a side wall of the cartilage (edge of a plate or of a defect). */
	public static final byte EDGE = 2;

	private final TriangleMesh bone, articular;
	private final boolean[] covered;
	private final float[] thickness, articularDistance;
	private final double[] boneArea, boneVolume, articularArea;
	private final byte[] articularKind;
	private final int[] articularBone;
	private final double cartilageVolume;
	private final double[] sigma;
	private final boolean fractions;

	ThicknessMap(final TriangleMesh bone, final boolean[] covered, final float[] thickness, final double[] boneArea, final double[] boneVolume,
			final TriangleMesh articular, final byte[] articularKind, final float[] articularDistance, final double[] articularArea,
			final int[] articularBone, final double cartilageVolume, final double[] sigma, final boolean fractions) {
		this.bone = bone;
		this.covered = covered;
		this.thickness = thickness;
		this.boneArea = boneArea;
		this.boneVolume = boneVolume;
		this.articular = articular;
		this.articularKind = articularKind;
		this.articularDistance = articularDistance;
		this.articularArea = articularArea;
		this.articularBone = articularBone;
		this.cartilageVolume = cartilageVolume;
		this.sigma = sigma;
		this.fractions = fractions;
	}

	/** The bone surface, LPS mm. */
	public TriangleMesh boneMesh() {
		return bone;
	}

	/** The articular surface (surface of bone ∪ cartilage), LPS mm. */
	public TriangleMesh articularMesh() {
		return articular;
	}

	/** Number of bone-surface vertices. */
	public int boneVertexCount() {
		return covered.length;
	}

	/** Whether cartilage covers bone vertex {@code v}. */
	public boolean isCovered(final int v) {
		return covered[v];
	}

	/** Thickness at bone vertex {@code v}, mm (0 where denuded). */
	public double thickness(final int v) {
		return thickness[v];
	}

	/** Area of bone vertex {@code v} (a third of its triangles' areas), mm². */
	public double boneArea(final int v) {
		return boneArea[v];
	}

	/** Cartilage volume assigned to bone vertex {@code v}, mm³. */
	public double boneVolume(final int v) {
		return boneVolume[v];
	}

	/** Thickness of every bone vertex, mm (a copy). */
	public float[] thicknesses() {
		return thickness.clone();
	}

	/** Coverage of every bone vertex (a copy). */
	public boolean[] coverage() {
		return covered.clone();
	}

	/** Number of articular-surface vertices. */
	public int articularVertexCount() {
		return articularKind.length;
	}

	/** Kind of articular vertex {@code w}: {@link #BARE}, {@link #CARTILAGE} or {@link #EDGE}. */
	public byte articularKind(final int w) {
		return articularKind[w];
	}

	/** Distance from articular vertex {@code w} to the bone surface, mm (0 for bare bone). */
	public double articularDistance(final int w) {
		return articularDistance[w];
	}

	/** Area of articular vertex {@code w}, mm². */
	public double articularArea(final int w) {
		return articularArea[w];
	}

	/** The bone vertex that articular vertex {@code w} belongs to, or −1 (bare bone). */
	public int articularBoneVertex(final int w) {
		return articularBone[w];
	}

	/** Total cartilage volume of the input, mm³ (the sum of {@link #boneVolume} when any bone vertex exists). */
	public double cartilageVolume() {
		return cartilageVolume;
	}

	/** The Gaussian σ (mm, per axis x, y, z of the grid) applied to the fields before the surfaces were made (a copy). */
	public double[] sigmaMm() {
		return sigma.clone();
	}

	/** True if computed from partial-volume fractions, false from hard masks. */
	public boolean fromFractions() {
		return fractions;
	}

	/** The measures of the whole bone surface. O(n). */
	public RegionMeasures measures() {
		return measures(v -> true);
	}

	/** The measures of the bone vertices with {@code labels[v] == label}. O(n). */
	public RegionMeasures measures(final int[] labels, final int label) {
		if (labels.length != covered.length)
			throw new IllegalArgumentException("need one label per bone vertex: " + labels.length + " labels for " + covered.length + " vertices");
		return measures(v -> labels[v] == label);
	}

	/** The measures of the bone vertices for which {@code region} holds. O(n) plus n calls of the predicate. */
	public RegionMeasures measures(final IntPredicate region) {
		final int n = covered.length;
		final boolean[] in = new boolean[n];
		double tab = 0, cab = 0, vc = 0, sum = 0, sumSquares = 0, max = 0;
		int count = 0, coveredCount = 0;
		for (int v = 0; v < n; v++) {
			if (!region.test(v))
				continue;
			in[v] = true;
			count++;
			final double a = boneArea[v];
			tab += a;
			vc += boneVolume[v];
			if (covered[v]) {
				coveredCount++;
				final double t = thickness[v];
				cab += a;
				sum += a * t;
				sumSquares += a * t * t;
				max = Math.max(max, t);
			}
		}
		double ac = 0;
		for (int w = 0; w < articularKind.length; w++)
			if (articularKind[w] == CARTILAGE && articularBone[w] >= 0 && in[articularBone[w]])
				ac += articularArea[w];
		return new RegionMeasures(vc, tab, cab, ac, sum, sumSquares, max, count, coveredCount);
	}

	@Override
	public String toString() {
		return "ThicknessMap[bone " + bone + ", articular " + articular + ", " + (fractions ? "fractions" : "masks") + "]";
	}
}
