package org.chondroj.knee.anatomy;

import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;
import org.chondroj.knee.nomenclature.Compartment;

import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Which bone-marrow lesion {@link Compartment} (MF, LF, MT, LT, TrF, P) each bone voxel belongs to: the compartment of
 * the nearest articular bone-surface voxel of the same bone, within a depth. For the lesion measures: a lesion voxel's
 * compartment, and each compartment's subchondral bone region.
 * <p>
 * <b>Rule.</b> The articular bone surface of a bone is its voxels (bone or its lesion's values) with a face neighbour
 * of its cartilage; each surface voxel's compartment is {@link Regions#compartment} at its centre (femur: TrF in front of
 * the notch's anterior end, else MF or LF by the midline; tibia: MT or LT by the gap between the plates; patella: P).
 * Every voxel of the bone whose nearest surface voxel (Euclidean, in mm, between voxel centres) lies within the depth
 * gets that surface voxel's compartment (on a tie, the lower compartment id); the rest 0. The phantom defines its
 * subchondral regions the same way with the radial foot on its spherical articular surfaces, which for a sphere is the
 * nearest surface point, but counts marrow only (deeper than its 1 mm cortex) and only what lies radially below the
 * articular patch: its regions are smaller (on the standard phantom knee 2.1–3.7 times: MF 5649 mm³ there, 12921 mm³
 * here, most of the difference bone beside the plates' rims, which is nearest to the rim). A lesion measure that wants
 * the phantom's regions must restrict these further. Bone covered by no cartilage at all (a fully denuded plate) has
 * no surface and gets 0; bone under a denuded spot gets the compartment of the cartilage-covered surface around it.
 * <p>
 * Cost: one exact distance transform per compartment over the box of its bone's surface voxels widened by the depth
 * (0.11 s for the OAI-sized phantom map on two shared cores, {@code AnatomyBenchmark}; {@link ArticularSurface}, which {@link MoaksSubregions} shares).
 */
public final class BoneCompartments {

	/** Depth of the subchondral region below the articular bone surface by default, mm (the phantom's). */
	public static final double DEFAULT_DEPTH_MM = 10;

	private BoneCompartments() {
	}

	/**
	 * The compartment map of a label map: a new 8-bit volume on its grid holding {@link Compartment#id()} (1–6) in bone
	 * voxels within {@code depthMm} of their bone's articular surface, 0 elsewhere.
	 *
	 * @param regions the regions of the same labels' frame and landmarks
	 * @param depthMm the depth, mm ({@link Double#POSITIVE_INFINITY}: every voxel of a bone with cartilage)
	 */
	public static Volume<UnsignedByteType> map(final KneeLabels labels, final Regions regions, final double depthMm) {
		if (!(depthMm > 0))
			throw new IllegalArgumentException("depth must be positive, got " + depthMm + " mm");
		final byte[] out = new byte[labels.volume().size()];
		for (final KneeStructure bone : new KneeStructure[] { KneeStructure.FEMUR, KneeStructure.TIBIA, KneeStructure.PATELLA }) {
			final ArticularSurface surface = ArticularSurface.of(labels, bone, regions.frame());
			final byte[] id = new byte[surface.count];
			for (int s = 0; s < surface.count; s++)
				id[s] = (byte) regions.compartment(bone, surface.lps[3 * s], surface.lps[3 * s + 1], surface.lps[3 * s + 2]).id();
			surface.grow(id, depthMm, out);
		}
		return Volumes.maskLike(labels.volume(), out);
	}
}
