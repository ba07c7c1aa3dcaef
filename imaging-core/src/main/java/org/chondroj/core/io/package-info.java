/**
 * Volume files: NIfTI-1 ({@link org.chondroj.core.io.Nifti}, read and write), MetaImage
 * ({@link org.chondroj.core.io.MetaImage}, read and write) and NRRD ({@link org.chondroj.core.io.Nrrd}, read), with
 * {@link org.chondroj.core.io.VolumeFiles} choosing the format by the file name. Every volume read has its geometry
 * in LPS patient coordinates (NIfTI and RAS-space NRRD are converted through
 * {@link org.chondroj.core.PatientCoordinates#flipLpsRas}); every bad file gives a
 * {@link org.chondroj.core.io.VolumeFormatException} naming the file (nothing else escapes the readers but genuine I/O
 * errors), with sizes from headers checked against what the file holds before anything is allocated from them,
 * compressed data inflated no further than the header promises and the
 * {@link org.chondroj.core.io.DecompressionLimit} allows, and data files named by MetaImage and NRRD headers confined
 * to the header's folder unless {@link org.chondroj.core.io.VolumeFiles.Options} allow more; every file is written through
 * {@link org.chondroj.core.io.AtomicFiles}, so nothing is left half-written. Meshes with per-vertex values are written
 * as VTK legacy PolyData ({@link org.chondroj.core.io.VtkPolyData}). JSON files (results, truth, configuration) are
 * written and read through {@link org.chondroj.core.io.Json} (Jackson), with
 * {@link org.chondroj.core.io.JsonFormatException} naming the file and the place.
 */
package org.chondroj.core.io;
