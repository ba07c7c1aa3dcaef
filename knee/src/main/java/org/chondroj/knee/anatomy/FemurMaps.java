package org.chondroj.knee.anatomy;

import java.util.Arrays;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;
import org.chondroj.knee.KneeLabels;
import org.chondroj.knee.KneeStructure;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.joml.Matrix3d;

/**
 * Two maps of the femur's bone (femur and femoral lesion voxels) in knee coordinates, made in one pass over the femur's
 * bounding box: the lowest point of every (ML, AP) column ({@link #lowest}, the distal surface seen from below) and the
 * most posterior point of every (ML, PD) row ({@link #posterior}, the posterior surface seen from behind). Values are
 * voxel centres (mm); empty bins hold {@link Float#POSITIVE_INFINITY}.
 * <p>
 * Cost: one visit of every voxel of the femur's bounding box (a few tens of ms for an OAI map), parallel over slabs of
 * slices; the result does not depend on the number of threads (minima). Memory: two float maps of a few hundred
 * thousand bins per slab.
 */
final class FemurMaps {

	/** Bin sizes, mm: ML, AP (for {@link #lowest}) and PD (for {@link #posterior}). */
	final double binMl, binAp, binPd;
	/** Knee coordinates of the lower edge of bin 0 along ML, AP, PD. */
	final double ml0, ap0, pd0;
	final int nMl, nAp, nPd;
	/** lowest[ml · nAp + ap]: lowest PD of a femur voxel centre in the column. */
	final float[] lowest;
	/** posterior[ml · nPd + pd]: lowest AP (most posterior) of a femur voxel centre in the row. */
	final float[] posterior;
	/** Half the extent of a voxel along ML, AP and PD (mm): how far a voxel reaches beyond its centre. */
	final double halfMl, halfAp, halfPd;

	FemurMaps(final KneeLabels labels, final KneeFrame frame, final double binMl, final double binAp, final double binPd) {
		this.binMl = binMl;
		this.binAp = binAp;
		this.binPd = binPd;
		final Volume<UnsignedByteType> vol = labels.volume();
		final VoxelGeometry g = vol.geometry();
		final int[] box = labels.boundingBox(KneeStructure.FEMUR);
		// index → knee: k = R·(o + L·ijk − origin), with R's rows ml, ap, pd
		final Matrix3d lin = g.indexToPatientLinear();
		final double[][] r = { frame.ml(), frame.ap(), frame.pd() };
		final double[] o = g.origin(), origin = frame.origin();
		final double[][] m = new double[3][3];
		final double[] t = new double[3];
		final double[][] l = { { lin.m00, lin.m10, lin.m20 }, { lin.m01, lin.m11, lin.m21 }, { lin.m02, lin.m12, lin.m22 } };
		for (int a = 0; a < 3; a++) {
			for (int j = 0; j < 3; j++)
				m[a][j] = r[a][0] * l[0][j] + r[a][1] * l[1][j] + r[a][2] * l[2][j];
			t[a] = r[a][0] * (o[0] - origin[0]) + r[a][1] * (o[1] - origin[1]) + r[a][2] * (o[2] - origin[2]);
		}
		final double[] half = new double[3];
		for (int a = 0; a < 3; a++)
			half[a] = 0.5 * (Math.abs(m[a][0]) + Math.abs(m[a][1]) + Math.abs(m[a][2]));
		halfMl = half[0];
		halfAp = half[1];
		halfPd = half[2];
		// the box's extent in knee coordinates
		final double[] lo = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE }, hi = { -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
		for (int c = 0; c < 8; c++) {
			final int i = (c & 1) == 0 ? box[0] : box[3], j = (c & 2) == 0 ? box[1] : box[4], k = (c & 4) == 0 ? box[2] : box[5];
			for (int a = 0; a < 3; a++) {
				final double v = t[a] + m[a][0] * i + m[a][1] * j + m[a][2] * k;
				lo[a] = Math.min(lo[a], v);
				hi[a] = Math.max(hi[a], v);
			}
		}
		ml0 = lo[0] - binMl;
		ap0 = lo[1] - binAp;
		pd0 = lo[2] - binPd;
		nMl = (int) Math.ceil((hi[0] - ml0) / binMl) + 2;
		nAp = (int) Math.ceil((hi[1] - ap0) / binAp) + 2;
		nPd = (int) Math.ceil((hi[2] - pd0) / binPd) + 2;
		final boolean[] bone = labels.boneValues(KneeStructure.FEMUR);
		final byte[] data = Volumes.byteData(vol);
		final int nx = vol.dimension(0), ny = vol.dimension(1);
		final int slices = box[5] - box[2] + 1;
		final int chunks = Math.min(slices, 2 * Runtime.getRuntime().availableProcessors());
		final float[][] low = new float[chunks][], post = new float[chunks][];
		Parallel.forEach(chunks, ch -> {
			final float[] lw = new float[nMl * nAp], ps = new float[nMl * nPd];
			Arrays.fill(lw, Float.POSITIVE_INFINITY);
			Arrays.fill(ps, Float.POSITIVE_INFINITY);
			final int z0 = box[2] + (int) ((long) slices * ch / chunks), z1 = box[2] + (int) ((long) slices * (ch + 1) / chunks);
			for (int z = z0; z < z1; z++)
				for (int y = box[1]; y <= box[4]; y++) {
					final double bm = t[0] + m[0][1] * y + m[0][2] * z, ba = t[1] + m[1][1] * y + m[1][2] * z, bp = t[2] + m[2][1] * y + m[2][2] * z;
					for (int x = box[0], i = x + nx * (y + ny * z); x <= box[3]; x++, i++) {
						if (!bone[data[i] & 0xff])
							continue;
						final double kml = bm + m[0][0] * x, kap = ba + m[1][0] * x, kpd = bp + m[2][0] * x;
						final int im = (int) ((kml - ml0) / binMl), ia = (int) ((kap - ap0) / binAp), ip = (int) ((kpd - pd0) / binPd);
						final int c1 = im * nAp + ia, c2 = im * nPd + ip;
						if (kpd < lw[c1])
							lw[c1] = (float) kpd;
						if (kap < ps[c2])
							ps[c2] = (float) kap;
					}
				}
			low[ch] = lw;
			post[ch] = ps;
		});
		lowest = low[0];
		posterior = post[0];
		for (int ch = 1; ch < chunks; ch++) {
			for (int i = 0; i < lowest.length; i++)
				lowest[i] = Math.min(lowest[i], low[ch][i]);
			for (int i = 0; i < posterior.length; i++)
				posterior[i] = Math.min(posterior[i], post[ch][i]);
		}
	}

	/** The ML bin of knee coordinate ml (may be outside 0..nMl−1). */
	int mlBin(final double ml) {
		return (int) Math.floor((ml - ml0) / binMl);
	}

	int apBin(final double ap) {
		return (int) Math.floor((ap - ap0) / binAp);
	}

	int pdBin(final double pd) {
		return (int) Math.floor((pd - pd0) / binPd);
	}

	/** Centre of ML bin i, mm. */
	double mlAt(final int i) {
		return ml0 + (i + 0.5) * binMl;
	}

	double apAt(final int i) {
		return ap0 + (i + 0.5) * binAp;
	}

	double pdAt(final int i) {
		return pd0 + (i + 0.5) * binPd;
	}

	/** Lowest PD over ML bins [m0, m1] in AP bin a (∞ if none). */
	float lowestOver(final int m0, final int m1, final int a) {
		float v = Float.POSITIVE_INFINITY;
		if (a < 0 || a >= nAp)
			return v;
		for (int i = Math.max(0, m0); i <= Math.min(nMl - 1, m1); i++)
			v = Math.min(v, lowest[i * nAp + a]);
		return v;
	}

	/** Lowest PD over ML bins [m0, m1] and AP bins [a0, a1] (∞ if none). */
	float lowestOver(final int m0, final int m1, final int a0, final int a1) {
		float v = Float.POSITIVE_INFINITY;
		for (int a = Math.max(0, a0); a <= Math.min(nAp - 1, a1); a++)
			v = Math.min(v, lowestOver(m0, m1, a));
		return v;
	}

	/** Lowest AP over ML bins [m0, m1] in PD bin p (∞ if none). */
	float posteriorOver(final int m0, final int m1, final int p) {
		float v = Float.POSITIVE_INFINITY;
		if (p < 0 || p >= nPd)
			return v;
		for (int i = Math.max(0, m0); i <= Math.min(nMl - 1, m1); i++)
			v = Math.min(v, posterior[i * nPd + p]);
		return v;
	}
}
