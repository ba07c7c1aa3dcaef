package org.chondroj.core.algorithm;

/** Which voxels count as neighbours in 3-D: sharing a face (6) or sharing a face, an edge or a corner (26). */
public enum Connectivity {
	/** Face neighbours only. */
	SIX,
	/** Face, edge and corner neighbours. */
	TWENTY_SIX
}
