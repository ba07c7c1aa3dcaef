package org.chondroj.dicom;

import java.nio.file.Path;

/**
 * One 2-D image of a DICOM series, as its header describes it: a single-frame file, or one frame of a multi-frame
 * file (its per-frame and shared functional groups already merged, see {@link EnhancedFrames}). Header values only;
 * no pixels. Lengths in mm, times in ms; absent numbers are {@code NaN} (or -1 for counts and numbers).
 *
 * @param file the file holding the frame
 * @param frame the 0-based frame number in that file (0 for single-frame files)
 * @param rows Rows (0028,0010)
 * @param columns Columns (0028,0011)
 * @param position ImagePositionPatient: LPS position of the centre of the first transmitted pixel, mm (3 values, or
 *        {@code null} if absent)
 * @param orientation ImageOrientationPatient: row direction (3 values) then column direction (3 values), or
 *        {@code null} if absent
 * @param pixelSpacing PixelSpacing: row spacing (between rows, mm), column spacing (between columns, mm), or
 *        {@code null}
 * @param sliceThickness SliceThickness, mm
 * @param rescaleSlope RescaleSlope (1 when absent)
 * @param rescaleIntercept RescaleIntercept (0 when absent)
 * @param philipsScaleSlope the Philips private scale slope (2005,100E), or {@code NaN}
 * @param echoTime EchoTime or EffectiveEchoTime, ms
 * @param echoNumber EchoNumbers, or -1
 * @param acquisitionNumber AcquisitionNumber (or FrameAcquisitionNumber), or -1
 * @param temporalPosition TemporalPositionIndex (enhanced) or TemporalPositionIdentifier, or -1
 * @param stackId StackID (enhanced), or {@code null}
 * @param imageType ImageType (or FrameType) values joined by backslashes, or ""
 * @param instanceNumber InstanceNumber (informative only: never used to sort), or -1
 * @param signed PixelRepresentation is 1
 * @param bitsStored BitsStored
 * @param samplesPerPixel SamplesPerPixel
 */
public record DicomFrame(Path file, int frame, int rows, int columns, double[] position, double[] orientation, double[] pixelSpacing,
		double sliceThickness, double rescaleSlope, double rescaleIntercept, double philipsScaleSlope, double echoTime, int echoNumber,
		int acquisitionNumber, int temporalPosition, String stackId, String imageType, int instanceNumber, boolean signed, int bitsStored,
		int samplesPerPixel) {

	/** True if the rescale maps stored values to themselves (slope 1, intercept 0). */
	public boolean identityRescale() {
		return rescaleSlope == 1 && rescaleIntercept == 0;
	}

	/** "file" or "file frame n" (1-based, as viewers count), for messages. */
	public String describe() {
		return frame == 0 ? String.valueOf(file) : file + " frame " + (frame + 1);
	}
}
