/**
 * DICOM for ChondroJ, written here because dcm4che is not on Maven Central.
 * <p>
 * <b>Reading</b>: {@link org.chondroj.dicom.DicomReader} parses Part 10 and raw data sets (every native transfer
 * syntax and deflate) into {@link org.chondroj.dicom.Attributes}, strictly and safely (lengths checked against the
 * file, errors as {@link org.chondroj.dicom.DicomFormatException} with file, offset and tag);
 * {@link org.chondroj.dicom.PixelData} decodes stored values, native or through {@code Codecs} (RLE in-house, JPEG and
 * JPEG 2000 through ImageIO), refusing the rest with {@link org.chondroj.dicom.UnsupportedTransferSyntaxException}.
 * {@link org.chondroj.dicom.Tag} is the one dictionary.
 * <p>
 * <b>Untrusted files</b>: every count a file states is checked against what it holds before anything is allocated or
 * looped over ({@code Bounds}: frames × rows × columns × samples × bits against the pixel data, one fragment per
 * compressed frame); deflated data sets and compressed pixel data are held to the
 * {@link org.chondroj.core.io.DecompressionLimit}; JPEG and JPEG 2000 frames are decoded under {@code GuardedDecoder}
 * (a thread per frame with a time and memory budget, anything the decoder throws turned into a typed error); and the
 * public readers throw nothing but {@link java.io.IOException}s, {@link org.chondroj.dicom.DicomFormatException} for
 * everything a file can cause.
 * <p>
 * <b>Series</b>: {@link org.chondroj.dicom.DicomScanner} reads headers of a folder tree in parallel and groups them into
 * {@link org.chondroj.dicom.DicomStudy} and {@link org.chondroj.dicom.DicomSeries} stacks (splitting mixed echoes,
 * orientations, sizes); {@link org.chondroj.dicom.EnhancedFrames} unpacks Enhanced MR functional groups;
 * {@link org.chondroj.dicom.DicomVolumes} sorts a stack in space, checks that it makes one grid and reads it into a
 * {@link org.chondroj.core.Volume} with its patient geometry and metadata (laterality, TE, TR, …).
 * <p>
 * <b>Writing</b>: {@link org.chondroj.dicom.DicomWriter} writes Part 10 files (explicit VR little endian);
 * {@link org.chondroj.dicom.MRSeriesWriter} writes a volume as an MR Image Storage series described by a
 * {@link org.chondroj.dicom.SeriesDescription}, with {@link org.chondroj.dicom.Uids} for reproducible UIDs.
 */
package org.chondroj.dicom;
