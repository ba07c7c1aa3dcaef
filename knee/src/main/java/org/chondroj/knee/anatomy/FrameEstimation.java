package org.chondroj.knee.anatomy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.chondroj.core.Laterality;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.core.algorithm.ConnectedComponents;
import org.chondroj.core.algorithm.Connectivity;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/** The estimation of {@link KneeFrame} (see there for the method). */
final class FrameEstimation {

	/** The smaller component must hold this share of the larger's voxels to be taken as the second plate. */
	static final double MIN_SECOND_PLATE = 0.15;
	/** The components' centroids must lie apart by this share of the cartilage's extent along its longest axis. */
	static final double MIN_PLATE_SEPARATION = 0.25;

	private FrameEstimation() {
	}

	/** Tibial cartilage voxel positions (LPS mm, xyz interleaved) and their plate (0, 1). */
	static final class PlateVoxels {
		final double[] xyz;
		/** Voxel indices i, j, k interleaved. */
		final int[] ijk;
		final byte[] plate;
		final String[] source;
		final String how;

		PlateVoxels(final double[] xyz, final int[] ijk, final byte[] plate, final String[] source, final String how) {
			this.xyz = xyz;
			this.ijk = ijk;
			this.plate = plate;
			this.source = source;
			this.how = how;
		}
	}

	static KneeFrame estimate(final KneeLabels labels, final Laterality userSide) {
		labels.require("the knee frame", KneeStructure.FEMUR, KneeStructure.TIBIAL_CARTILAGE);
		final VoxelGeometry g = labels.volume().geometry();
		final PlateVoxels pv = plates(labels);
		final int n = pv.plate.length;
		// plate centroids
		final double[][] c = new double[2][3];
		final long[] count = new long[2];
		for (int v = 0; v < n; v++) {
			final int p = pv.plate[v];
			if (p < 0)
				continue;
			count[p]++;
			for (int a = 0; a < 3; a++)
				c[p][a] += pv.xyz[3 * v + a];
		}
		for (int p = 0; p < 2; p++)
			for (int a = 0; a < 3; a++)
				c[p][a] /= count[p];
		// the least-squares plane through the tibial cartilage: smallest eigenvector of the scatter, towards the femur
		final double[] all = { (count[0] * c[0][0] + count[1] * c[1][0]) / (count[0] + count[1]),
				(count[0] * c[0][1] + count[1] * c[1][1]) / (count[0] + count[1]), (count[0] * c[0][2] + count[1] * c[1][2]) / (count[0] + count[1]) };
		final double[] normal = eigenvectors(pv.xyz, n, pv.plate, all)[0].clone();
		final double[] femur = labels.centroid(KneeStructure.FEMUR);
		if (KneeFrame.dot(normal, sub(femur, all)) < 0)
			scale(normal, -1);
		// the joint line: between the plates' articular centres; PD is the plane's normal turned to be perpendicular to it
		final double[] joint = sub(articularCentre(pv, 1, c[1], normal, g), articularCentre(pv, 0, c[0], normal, g));
		final double jointLength = norm(joint);
		if (!(jointLength > 0))
			throw new IllegalArgumentException("the two tibial plates of " + labels.source() + " coincide; no knee frame");
		scale(joint, 1 / jointLength);
		final double[] pd = normal.clone();
		axpy(-KneeFrame.dot(normal, joint), joint, pd);
		final double pdNorm = norm(pd);
		if (!(pdNorm > 0.5))
			throw new IllegalArgumentException("the tibial cartilage of " + labels.source() + " does not lie in a plane across the joint line; no knee frame");
		scale(pd, 1 / pdNorm);
		final double[] origin = { 0.5 * (c[0][0] + c[1][0]), 0.5 * (c[0][1] + c[1][1]), 0.5 * (c[0][2] + c[1][2]) };
		// the medial–lateral line, from plate 0 to plate 1, perpendicular to PD
		final double[] d = sub(c[1], c[0]);
		axpy(-KneeFrame.dot(d, pd), pd, d);
		final double separation = norm(d);
		if (!(separation > 0))
			throw new IllegalArgumentException("the two tibial plates of " + labels.source() + " lie one above the other; no knee frame");
		scale(d, 1 / separation);
		// anterior
		final double[] ap = KneeFrame.cross(pd, d);
		String cue;
		final boolean seedSaysFlip = ap[1] > 0; // anterior is −y in LPS
		if (labels.has(KneeStructure.PATELLA)) {
			final boolean patellaSaysFlip = KneeFrame.dot(ap, sub(labels.centroid(KneeStructure.PATELLA), origin)) < 0;
			if (patellaSaysFlip)
				scale(ap, -1);
			cue = "towards the patella" + (patellaSaysFlip == seedSaysFlip ? ", as the patient axes say (anterior = −y)"
					: "; the patient axes would have said the opposite (anterior = −y): check the image orientation");
		} else {
			if (seedSaysFlip)
				scale(ap, -1);
			cue = "the patient axes (anterior = −y in LPS; no patella in the map)";
		}
		// plate measures in the plateau plane: axes d (plate 0 → 1) and ap
		final TibialPlate[] plate = new TibialPlate[2];
		final double[][] mlRange = new double[2][];
		for (int p = 0; p < 2; p++) {
			final double[] m = measure(pv, p, origin, d, ap, g);
			mlRange[p] = new double[] { m[4], m[5] };
			plate[p] = new TibialPlate(pv.source[p], count[p], count[p] * g.voxelVolume(), c[p], m[0], m[1], m[2]);
		}
		// anatomical votes: which plate is medial
		final int[] medialBy = { plate[0].apMlRatio() > plate[1].apMlRatio() ? 0 : 1, plate[0].areaMm2() > plate[1].areaMm2() ? 0 : 1,
				plate[0].meanThicknessMm() < plate[1].meanThicknessMm() ? 0 : 1 };
		final Laterality[] implied = new Laterality[3];
		final double[] apxpd = KneeFrame.cross(ap, pd); // lateral of a right knee
		int rightVotes = 0;
		for (int k = 0; k < 3; k++) {
			final int med = medialBy[k];
			final double[] medToLat = sub(c[1 - med], c[med]);
			implied[k] = KneeFrame.dot(medToLat, apxpd) > 0 ? Laterality.RIGHT : Laterality.LEFT;
			if (implied[k] == Laterality.RIGHT)
				rightVotes++;
		}
		final Laterality anatomySide = rightVotes >= 2 ? Laterality.RIGHT : Laterality.LEFT;
		final Laterality metadataSide = labels.metadataLaterality();
		final Laterality side;
		final SideEvidence.Source source;
		if (userSide != Laterality.UNKNOWN) {
			side = userSide;
			source = SideEvidence.Source.USER;
		} else if (metadataSide != Laterality.UNKNOWN) {
			side = metadataSide;
			source = SideEvidence.Source.METADATA;
		} else {
			side = anatomySide;
			source = SideEvidence.Source.ANATOMY;
		}
		// lateral direction and the lateral plate
		final double[] lateral = side == Laterality.RIGHT ? apxpd : KneeFrame.cross(pd, ap);
		final int lat = KneeFrame.dot(sub(c[1], c[0]), lateral) > 0 ? 1 : 0, med = 1 - lat;
		final double[] ml = d.clone();
		if (lat == 0)
			scale(ml, -1);
		// the gap between the plates, in knee ML coordinates (measured along d from the origin)
		final double medEdge = lat == 1 ? mlRange[med][1] : -mlRange[med][0];
		final double latEdge = lat == 1 ? mlRange[lat][0] : -mlRange[lat][1];
		final double gap = 0.5 * (medEdge + latEdge);
		final List<SideEvidence.Vote> votes = new ArrayList<>();
		votes.add(new SideEvidence.Vote("AP/ML ratio", "", plate[med].apMlRatio(), plate[lat].apMlRatio(), implied[0]));
		votes.add(new SideEvidence.Vote("area", " mm²", plate[med].areaMm2(), plate[lat].areaMm2(), implied[1]));
		votes.add(new SideEvidence.Vote("thickness", " mm", plate[med].meanThicknessMm(), plate[lat].meanThicknessMm(), implied[2]));
		final SideEvidence evidence = new SideEvidence(side, source, userSide, metadataSide, anatomySide, votes);
		return new KneeFrame(origin, ml, ap, pd, side, evidence, plate[med], plate[lat], gap, KneeFrame.angleDegrees(normal, pd),
				pv.how + "; anterior: " + cue);
	}

	/**
	 * Measures of plate p in the plane (d, ap): {projected area mm², AP/ML ratio, volume / area mm, unused, 2nd and 98th
	 * percentile of the ML coordinate along d from the origin}.
	 */
	private static double[] measure(final PlateVoxels pv, final int p, final double[] origin, final double[] d, final double[] ap,
			final VoxelGeometry g) {
		int n = 0;
		for (final byte b : pv.plate)
			if (b == p)
				n++;
		final double[] u = new double[n], v = new double[n];
		for (int i = 0, k = 0; i < pv.plate.length; i++) {
			if (pv.plate[i] != p)
				continue;
			final double x = pv.xyz[3 * i] - origin[0], y = pv.xyz[3 * i + 1] - origin[1], z = pv.xyz[3 * i + 2] - origin[2];
			u[k] = x * d[0] + y * d[1] + z * d[2];
			v[k] = x * ap[0] + y * ap[1] + z * ap[2];
			k++;
		}
		// projected area: voxel columns along the grid axis closest to PD that hold cartilage, each of the area of a
		// voxel face across that axis, divided by the cosine between the axis and PD (a plane's projection shrinks so)
		final double[] pd = KneeFrame.cross(d, ap);
		final int axis = closestAxis(g, pd);
		final Vector3d col = g.direction().getColumn(axis, new Vector3d());
		final double cos = Math.abs(col.x * pd[0] + col.y * pd[1] + col.z * pd[2]);
		final int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
		final long[] keys = new long[n];
		for (int i = 0, k = 0; i < pv.plate.length; i++)
			if (pv.plate[i] == p)
				keys[k++] = (long) pv.ijk[3 * i + a1] << 32 | pv.ijk[3 * i + a2];
		Arrays.sort(keys);
		int cells = n > 0 ? 1 : 0;
		for (int k = 1; k < n; k++)
			if (keys[k] != keys[k - 1])
				cells++;
		final double area = cells * g.spacing(a1) * g.spacing(a2) / cos;
		final double[] us = u.clone(), vs = v.clone();
		Arrays.sort(us);
		Arrays.sort(vs);
		final double mlExtent = percentile(us, 0.98) - percentile(us, 0.02), apExtent = percentile(vs, 0.98) - percentile(vs, 0.02);
		return new double[] { area, apExtent / mlExtent, n * g.voxelVolume() / area, 0, percentile(us, 0.02), percentile(us, 0.98) };
	}

	/**
	 * The articular centre of plate p: the point above the plate's centroid (along {@code normal}) at the mean height of
	 * the plate's upper surface within 2 mm of the centroid's foot (the radius doubled up to 32 mm until the plate is
	 * met, as over a denuded centre). The upper surface is the highest voxel centre of each voxel column (along the
	 * grid axis closest to the normal); averaging the columns' tops makes the height finer than a voxel.
	 */
	private static double[] articularCentre(final PlateVoxels pv, final int p, final double[] centroid, final double[] normal,
			final VoxelGeometry g) {
		final int axis = closestAxis(g, normal), a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
		for (double r = 2; r <= 32; r *= 2) {
			final java.util.HashMap<Long, Double> tops = new java.util.HashMap<>();
			for (int i = 0; i < pv.plate.length; i++) {
				if (pv.plate[i] != p)
					continue;
				final double dx = pv.xyz[3 * i] - centroid[0], dy = pv.xyz[3 * i + 1] - centroid[1], dz = pv.xyz[3 * i + 2] - centroid[2];
				final double h = dx * normal[0] + dy * normal[1] + dz * normal[2];
				final double ex = dx - h * normal[0], ey = dy - h * normal[1], ez = dz - h * normal[2];
				if (ex * ex + ey * ey + ez * ez <= r * r)
					tops.merge((long) pv.ijk[3 * i + a1] << 32 | pv.ijk[3 * i + a2], h, Math::max);
			}
			if (!tops.isEmpty()) {
				// sum in key order, so that the result does not depend on the hash map's iteration order
				final double top = tops.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).mapToDouble(java.util.Map.Entry::getValue)
						.sum() / tops.size();
				return new double[] { centroid[0] + top * normal[0], centroid[1] + top * normal[1], centroid[2] + top * normal[2] };
			}
		}
		return centroid.clone();
	}

	/** The voxel axis (0, 1, 2) whose direction is closest to the unit vector n (up to sign). */
	static int closestAxis(final VoxelGeometry g, final double[] n) {
		final Vector3d col = new Vector3d();
		int axis = 0;
		double best = -1;
		for (int a = 0; a < 3; a++) {
			g.direction().getColumn(a, col);
			final double c = Math.abs(col.x * n[0] + col.y * n[1] + col.z * n[2]);
			if (c > best) {
				best = c;
				axis = a;
			}
		}
		return axis;
	}

	/** Linear interpolation between order statistics of a sorted array (q in [0, 1]). */
	static double percentile(final double[] sorted, final double q) {
		if (sorted.length == 0)
			return Double.NaN;
		final double r = q * (sorted.length - 1);
		final int i = (int) Math.floor(r);
		final int j = Math.min(i + 1, sorted.length - 1);
		return sorted[i] + (r - i) * (sorted[j] - sorted[i]);
	}

	/** The tibial cartilage's voxels and their plates (see {@link KneeFrame}, step 1). */
	static PlateVoxels plates(final KneeLabels labels) {
		final Volume<UnsignedByteType> vol = labels.volume();
		final VoxelGeometry g = vol.geometry();
		final byte[] data = Volumes.byteData(vol);
		final int nx = vol.dimension(0), ny = vol.dimension(1);
		final int[] box = labels.boundingBox(KneeStructure.TIBIAL_CARTILAGE);
		final int bx = box[3] - box[0] + 1, by = box[4] - box[1] + 1, bz = box[5] - box[2] + 1;
		final int[] values = labels.mapping().values(KneeStructure.TIBIAL_CARTILAGE);
		final boolean[] isCartilage = new boolean[256];
		for (final int v : values)
			isCartilage[v] = true;
		final int n = (int) labels.count(KneeStructure.TIBIAL_CARTILAGE);
		final double[] xyz = new double[3 * n];
		final int[] ijk = new int[3 * n];
		final int[] value = new int[n];
		final int[] cropIndex = new int[n];
		final Matrix3d lin = g.indexToPatientLinear();
		final double[] o = g.origin();
		int k = 0;
		for (int z = box[2]; z <= box[5]; z++)
			for (int y = box[1]; y <= box[4]; y++)
				for (int x = box[0], i = x + nx * (y + ny * z); x <= box[3]; x++, i++) {
					final int l = data[i] & 0xff;
					if (!isCartilage[l])
						continue;
					xyz[3 * k] = o[0] + lin.m00 * x + lin.m10 * y + lin.m20 * z;
					xyz[3 * k + 1] = o[1] + lin.m01 * x + lin.m11 * y + lin.m21 * z;
					xyz[3 * k + 2] = o[2] + lin.m02 * x + lin.m12 * y + lin.m22 * z;
					value[k] = l;
					ijk[3 * k] = x;
					ijk[3 * k + 1] = y;
					ijk[3 * k + 2] = z;
					cropIndex[k] = (x - box[0]) + bx * ((y - box[1]) + by * (z - box[2]));
					k++;
				}
		final byte[] plate = new byte[n];
		// split by label values when the mapping has two or more and two are present
		if (values.length >= 2) {
			final long[] perValue = new long[256];
			for (final int l : value)
				perValue[l]++;
			final int[] present = Arrays.stream(values).filter(v -> perValue[v] > 0).boxed()
					.sorted((a, b) -> perValue[b] != perValue[a] ? Long.compare(perValue[b], perValue[a]) : Integer.compare(a, b))
					.mapToInt(Integer::intValue).toArray();
			if (present.length >= 2) {
				final int a = Math.min(present[0], present[1]), b = Math.max(present[0], present[1]);
				for (int i = 0; i < n; i++)
					plate[i] = (byte) (value[i] == a ? 0 : value[i] == b ? 1 : -1);
				return new PlateVoxels(xyz, ijk, plate, new String[] { "label " + a, "label " + b }, "plates: tibial cartilage labels " + a + " and " + b);
			}
		}
		// connected components of the cropped cartilage
		final byte[] mask = new byte[bx * by * bz];
		for (int i = 0; i < n; i++)
			mask[cropIndex[i]] = 1;
		final ConnectedComponents.Result cc = ConnectedComponents.label(
				Volumes.wrapUnsignedBytes(mask, new int[] { bx, by, bz }, VoxelGeometry.axisAligned(g.spacing())), Connectivity.SIX);
		final long[] sizes = cc.sizes();
		int first = 0, second = 0;
		for (int l = 1; l < sizes.length; l++)
			if (first == 0 || sizes[l] > sizes[first]) {
				second = first;
				first = l;
			} else if (second == 0 || sizes[l] > sizes[second])
				second = l;
		final double[] axis = principalAxis(xyz, n);
		if (second != 0 && sizes[second] >= MIN_SECOND_PLATE * sizes[first]) {
			final int[] lab = Volumes.intData(cc.labels());
			final int a = Math.min(first, second), b = Math.max(first, second);
			final double[] ca = new double[3], cb = new double[3];
			for (int i = 0; i < n; i++) {
				final int l = lab[cropIndex[i]];
				plate[i] = (byte) (l == a ? 0 : l == b ? 1 : -1);
				if (plate[i] >= 0)
					axpy(1.0 / sizes[l], new double[] { xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2] }, plate[i] == 0 ? ca : cb);
			}
			final double[] along = project(xyz, n, axis);
			Arrays.sort(along);
			final double extent = along[n - 1] - along[0];
			if (Math.abs(KneeFrame.dot(sub(cb, ca), axis)) >= MIN_PLATE_SEPARATION * extent) {
				final int count = sizes.length - 1;
				final double share = 100.0 * (sizes[a] + sizes[b]) / n;
				return new PlateVoxels(xyz, ijk, plate, new String[] { "component " + a + " of " + count, "component " + b + " of " + count },
						String.format(java.util.Locale.ROOT, "plates: the two largest of %d connected components of the tibial cartilage (%.1f %% of it)",
								count, share));
			}
		}
		// fallback: 1-D 2-means along the principal axis
		final double[] t = project(xyz, n, axis);
		final double[] sorted = t.clone();
		Arrays.sort(sorted);
		double m0 = percentile(sorted, 0.25), m1 = percentile(sorted, 0.75);
		double cut = 0.5 * (m0 + m1);
		for (int it = 0; it < 100; it++) {
			double s0 = 0, s1 = 0;
			int n0 = 0, n1 = 0;
			for (final double x : t)
				if (x < cut) {
					s0 += x;
					n0++;
				} else {
					s1 += x;
					n1++;
				}
			if (n0 == 0 || n1 == 0)
				break;
			m0 = s0 / n0;
			m1 = s1 / n1;
			final double next = 0.5 * (m0 + m1);
			if (next == cut)
				break;
			cut = next;
		}
		int n0 = 0;
		for (int i = 0; i < n; i++) {
			plate[i] = (byte) (t[i] < cut ? 0 : 1);
			if (plate[i] == 0)
				n0++;
		}
		if (n0 == 0 || n0 == n)
			throw new IllegalArgumentException("the tibial cartilage of " + labels.source() + " cannot be split into two plates");
		return new PlateVoxels(xyz, ijk, plate, new String[] { "half 1", "half 2" },
				"plates: the tibial cartilage split in two by 2-means along its longest axis (" + (cc.count()) + " connected component"
						+ (cc.count() == 1 ? "" : "s") + ", not two plates)");
	}

	/** Unit eigenvector of the largest eigenvalue of the points' scatter. */
	private static double[] principalAxis(final double[] xyz, final int n) {
		final double[] c = new double[3];
		for (int i = 0; i < n; i++)
			for (int a = 0; a < 3; a++)
				c[a] += xyz[3 * i + a] / n;
		return eigenvectors(xyz, n, null, c)[2];
	}

	/**
	 * The eigenvectors of the scatter matrix of the first {@code n} points about {@code centre}, by ascending
	 * eigenvalue ({@link #eigenvectors(double[])}); points with {@code plate[i] < 0} are left out (all kept for null).
	 */
	private static double[][] eigenvectors(final double[] xyz, final int n, final byte[] plate, final double[] centre) {
		final double[] s = new double[9];
		for (int i = 0; i < n; i++) {
			if (plate != null && plate[i] < 0)
				continue;
			final double dx = xyz[3 * i] - centre[0], dy = xyz[3 * i + 1] - centre[1], dz = xyz[3 * i + 2] - centre[2];
			s[0] += dx * dx;
			s[1] += dx * dy;
			s[2] += dx * dz;
			s[4] += dy * dy;
			s[5] += dy * dz;
			s[8] += dz * dz;
		}
		s[3] = s[1];
		s[6] = s[2];
		s[7] = s[5];
		return eigenvectors(s);
	}

	/**
	 * The unit eigenvectors of a symmetric 3 × 3 matrix (row-major), by ascending eigenvalue, by EJML's symmetric QR
	 * algorithm; each with its largest component positive (the sign of an eigenvector is arbitrary, this makes it
	 * reproducible).
	 */
	static double[][] eigenvectors(final double[] symmetric) {
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(3, true, true);
		if (!eig.decompose(new DMatrixRMaj(3, 3, true, symmetric)))
			throw new IllegalStateException("the eigen-decomposition of a 3 × 3 scatter matrix did not converge");
		final Integer[] order = { 0, 1, 2 };
		Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(x).real, eig.getEigenvalue(y).real));
		final double[][] vectors = new double[3][];
		for (int r = 0; r < 3; r++) {
			final DMatrixRMaj v = eig.getEigenVector(order[r]);
			final double[] u = { v.get(0), v.get(1), v.get(2) };
			int largest = 0;
			for (int k = 1; k < 3; k++)
				if (Math.abs(u[k]) > Math.abs(u[largest]))
					largest = k;
			final double norm = Math.copySign(Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]), u[largest]);
			vectors[r] = new double[] { u[0] / norm, u[1] / norm, u[2] / norm };
		}
		return vectors;
	}

	private static double[] project(final double[] xyz, final int n, final double[] axis) {
		final double[] t = new double[n];
		for (int i = 0; i < n; i++)
			t[i] = xyz[3 * i] * axis[0] + xyz[3 * i + 1] * axis[1] + xyz[3 * i + 2] * axis[2];
		return t;
	}

	static double[] sub(final double[] a, final double[] b) {
		return new double[] { a[0] - b[0], a[1] - b[1], a[2] - b[2] };
	}

	static void scale(final double[] a, final double f) {
		a[0] *= f;
		a[1] *= f;
		a[2] *= f;
	}

	/** y += f·x. */
	static void axpy(final double f, final double[] x, final double[] y) {
		y[0] += f * x[0];
		y[1] += f * x[1];
		y[2] += f * x[2];
	}

	static double norm(final double[] a) {
		return Math.sqrt(KneeFrame.dot(a, a));
	}

}
