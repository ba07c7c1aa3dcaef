package org.chondroj.knee.cartilage;

import org.chondroj.core.Parallel;
import org.chondroj.core.Volume;
import org.chondroj.core.Volumes;
import org.chondroj.core.VoxelGeometry;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import org.joml.Matrix3d;
import org.joml.Vector3d;

/**
 * Analytic bone–cartilage shapes with exact inside/outside functions, in a local frame placed obliquely in the patient,
 * and their rasterisation on a grid: partial-volume fractions by supersampling and a centre-sampled label map (as the
 * phantom makes them).
 */
final class AnalyticShapes {

	static final int BACKGROUND = 0, BONE = 1, CARTILAGE = 2;

	/** The OAI DESS voxel, mm. */
	static final double[] OAI_SPACING = { 0.3646, 0.3646, 0.7 };

	private AnalyticShapes() {
	}

	/** A shape in its local frame (mm). */
	interface Shape {
		/** {@link #BACKGROUND}, {@link #BONE} or {@link #CARTILAGE} at the local point. */
		int classify(double x, double y, double z);

		/** A lower bound of the distance from the local point to every boundary between two classes (0 if unknown). */
		double boundaryBound(double x, double y, double z);

		/** Radius of a ball about the local origin holding everything that is not background, mm. */
		double extent();
	}

	/** A shape rasterised on a grid. */
	record Raster(Volume<FloatType> bone, Volume<FloatType> cartilage, Volume<UnsignedByteType> labels) {
		BoneCartilage fractions() {
			return BoneCartilage.fromFractions(bone, cartilage);
		}

		BoneCartilage masks() {
			return BoneCartilage.fromLabels(labels, BONE, CARTILAGE);
		}
	}

	/** A rotation about the axis (1, 2, 3) by 37° then about (−2, 1, 0.5) by 23°: oblique to every grid axis. */
	static Matrix3d obliqueRotation() {
		return new Matrix3d().rotation(Math.toRadians(23), new Vector3d(-2, 1, 0.5).normalize())
				.mul(new Matrix3d().rotation(Math.toRadians(37), new Vector3d(1, 2, 3).normalize()));
	}

	/**
	 * Rasterises {@code shape}, placed at the patient point {@code centre} with its local axes = the columns of
	 * {@code pose}, on a grid of {@code spacing} whose axes are those of {@code gridDirection}, just big enough to hold
	 * the shape's extent plus 3 mm. Fractions from k × k × k sub-samples in every voxel within half a diagonal of a
	 * boundary (the others are one class); labels = the class at the voxel centre.
	 */
	static Raster rasterize(final Shape shape, final Matrix3d pose, final double[] centre, final double[] spacing, final Matrix3d gridDirection,
			final int k) {
		final double half = shape.extent() + 3;
		final int[] dims = new int[3];
		for (int d = 0; d < 3; d++)
			dims[d] = (int) Math.ceil(2 * half / spacing[d]) + 1;
		final Vector3d offset = new Matrix3d(gridDirection).scale(spacing[0], spacing[1], spacing[2])
				.transform(new Vector3d(0.5 * (dims[0] - 1), 0.5 * (dims[1] - 1), 0.5 * (dims[2] - 1)));
		final VoxelGeometry geometry = VoxelGeometry.of(spacing, new double[] { centre[0] - offset.x, centre[1] - offset.y, centre[2] - offset.z },
				gridDirection);
		final int n = Volumes.checkedSize(dims);
		final float[] bone = new float[n], cartilage = new float[n];
		final byte[] labels = new byte[n];
		// local = poseᵀ · (index→patient(i) − centre) = L · i + l0
		final Matrix3d toLocal = new Matrix3d(pose).transpose().mul(geometry.indexToPatientLinear());
		final double[] o = geometry.origin();
		final Vector3d l0 = new Matrix3d(pose).transpose().transform(new Vector3d(o[0] - centre[0], o[1] - centre[1], o[2] - centre[2]));
		final double halfDiagonal = 0.5 * Math.sqrt(spacing[0] * spacing[0] + spacing[1] * spacing[1] + spacing[2] * spacing[2]);
		Parallel.forEach(dims[2], z -> {
			final Vector3d p = new Vector3d();
			final int[] counts = new int[3];
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++) {
					final int i = x + dims[0] * (y + dims[1] * z);
					toLocal.transform(x, y, z, p).add(l0);
					final int centreClass = shape.classify(p.x, p.y, p.z);
					labels[i] = (byte) centreClass;
					if (shape.boundaryBound(p.x, p.y, p.z) > halfDiagonal) {
						if (centreClass == BONE)
							bone[i] = 1;
						else if (centreClass == CARTILAGE)
							cartilage[i] = 1;
						continue;
					}
					counts[0] = counts[1] = counts[2] = 0;
					for (int a = 0; a < k; a++)
						for (int bb = 0; bb < k; bb++)
							for (int cc = 0; cc < k; cc++) {
								toLocal.transform(x + (cc + 0.5) / k - 0.5, y + (bb + 0.5) / k - 0.5, z + (a + 0.5) / k - 0.5, p).add(l0);
								counts[shape.classify(p.x, p.y, p.z)]++;
							}
					bone[i] = counts[BONE] / (float) (k * k * k);
					cartilage[i] = counts[CARTILAGE] / (float) (k * k * k);
				}
		});
		return new Raster(Volumes.wrapFloats(bone, dims, geometry), Volumes.wrapFloats(cartilage, dims, geometry),
				Volumes.wrapUnsignedBytes(labels, dims, geometry));
	}

	/**
	 * A flat disc of cartilage of thickness t and radius ρ on the top face (z = 0) of a bone block |x|, |y| ≤ a,
	 * −h ≤ z ≤ 0.
	 */
	static Shape slab(final double t, final double rho, final double a, final double h) {
		return new Shape() {
			@Override
			public int classify(final double x, final double y, final double z) {
				if (z <= 0)
					return z >= -h && Math.abs(x) <= a && Math.abs(y) <= a ? BONE : BACKGROUND;
				return z < t && x * x + y * y < rho * rho ? CARTILAGE : BACKGROUND;
			}

			@Override
			public double boundaryBound(final double x, final double y, final double z) {
				final double r = Math.sqrt(x * x + y * y);
				return min(Math.abs(z), Math.abs(z - t), Math.abs(z + h), Math.abs(Math.abs(x) - a), Math.abs(Math.abs(y) - a), Math.abs(r - rho));
			}

			@Override
			public double extent() {
				return Math.sqrt(2 * a * a + Math.max(h, t) * Math.max(h, t));
			}
		};
	}

	/** Thickness over a sphere as a function of the cosine of the angle from the cap's axis (+z). */
	interface Profile {
		double thickness(double cosTheta);
	}

	/**
	 * A spherical cap of cartilage on a sphere of radius R about the origin, over the directions within {@code alpha}
	 * (radians) of +z, with thickness t(θ) ≤ tMax. Convex: bone = the ball r &lt; R, cartilage R ≤ r &lt; R + t. Concave:
	 * bone = the shell R ≤ r &lt; R + {@code boneDepth} within α + 25° of +z (a bowl), cartilage R − t ≤ r &lt; R.
	 */
	static Shape cap(final double radius, final double alpha, final Profile t, final double tMax, final boolean convex, final double boneDepth) {
		final double cosAlpha = Math.cos(alpha), bowl = Math.cos(alpha + Math.toRadians(25));
		return new Shape() {
			@Override
			public int classify(final double x, final double y, final double z) {
				final double r = Math.sqrt(x * x + y * y + z * z);
				final double cos = r > 0 ? z / r : 1;
				if (convex) {
					if (r < radius)
						return BONE;
					return cos > cosAlpha && r < radius + t.thickness(cos) ? CARTILAGE : BACKGROUND;
				}
				if (r >= radius)
					return r < radius + boneDepth && cos > bowl ? BONE : BACKGROUND;
				return cos > cosAlpha && r >= radius - t.thickness(cos) ? CARTILAGE : BACKGROUND;
			}

			@Override
			public double boundaryBound(final double x, final double y, final double z) {
				final double r = Math.sqrt(x * x + y * y + z * z);
				final double theta = Math.acos(r > 0 ? Math.max(-1, Math.min(1, z / r)) : 1);
				// every boundary lies on the sphere R, in the band of the cartilage's free surface, on the cone α, and
				// (concave) on the outer sphere and the bowl's cone
				final double lo = convex ? radius : radius - tMax, hi = convex ? radius + tMax : radius;
				final double band = r >= lo && r <= hi ? 0 : Math.min(Math.abs(r - lo), Math.abs(r - hi));
				double bound = Math.min(Math.abs(r - radius), Math.min(band, cone(r, theta, alpha)));
				if (!convex)
					bound = min(bound, Math.abs(r - radius - boneDepth), cone(r, theta, alpha + Math.toRadians(25)));
				return bound;
			}

			@Override
			public double extent() {
				return convex ? radius + tMax : radius + boneDepth;
			}
		};
	}

	/** Distance from a point at radius r and polar angle θ to the cone of half-angle α. */
	private static double cone(final double r, final double theta, final double alpha) {
		final double d = Math.abs(theta - alpha);
		return d < Math.PI / 2 ? r * Math.sin(d) : r;
	}

	private static double min(final double... v) {
		double m = Double.POSITIVE_INFINITY;
		for (final double x : v)
			m = Math.min(m, x);
		return m;
	}
}
