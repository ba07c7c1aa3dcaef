package org.chondroj.phantom;

/**
 * What the phantom's space is made of at a point: the tissues the images give intensities to, each with the label
 * value it has in the label map (OAI-AKOA numbering, docs/DESIGN.md: 1 femur, 2 femoral cartilage, 3 tibia, 4 tibial
 * cartilage, 5 patella, 6 patellar cartilage, 7/8/9 femoral/tibial/patellar bone-marrow lesion; 0 everything else).
 */
public enum Tissue {
	/** Outside the leg. */
	AIR(0),
	/** Subcutaneous and intermuscular fat, Hoffa's fat pad. */
	FAT(0),
	MUSCLE(0),
	/** Joint fluid (effusion, recesses). */
	FLUID(0),
	/** Tendons and ligaments (patellar tendon, cruciates): dark on every contrast. */
	TENDON(0),
	FEMUR_CORTEX(1), FEMUR_MARROW(1), FEMORAL_CARTILAGE(2),
	TIBIA_CORTEX(3), TIBIA_MARROW(3), TIBIAL_CARTILAGE(4),
	PATELLA_CORTEX(5), PATELLA_MARROW(5), PATELLAR_CARTILAGE(6),
	/** Bone-marrow lesions (edema-like signal) in the femur, tibia and patella. */
	FEMORAL_LESION(7), TIBIAL_LESION(8), PATELLAR_LESION(9),
	/** The fibula head: bone, but not labelled in the OAI-AKOA numbering. */
	FIBULA(0);

	private final int label;

	Tissue(final int label) {
		this.label = label;
	}

	/** The label value of this tissue in the label map. */
	public int label() {
		return label;
	}
}
