// The digit-recognition contract shared by training, the Worker and the page: shapes, scaling, labels.

/** Model input is one 28x28 greyscale image, white ink (1) on black (0), as in MNIST. */
export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
/** MNIST digits were scaled so that the longer side of the ink's bounding box is 20 px... */
export const DIGIT_BOX = 20;
/** ...then placed so that the centre of mass sits at the centre of the 28x28 field. */
export const CENTRE = IMAGE_SIZE / 2;
export const NUM_CLASSES = 10;
export const LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
/** Input tensor shape, channels last: [batch, 28, 28, 1]. */
export const INPUT_SHAPE = [IMAGE_SIZE, IMAGE_SIZE, 1] as const;
/** Raw pixels are bytes 0..255; the model sees value / 255. */
export const PIXEL_SCALE = 255;

/** Scales 0..255 bytes to the model's 0..1 floats. */
export function scalePixels(bytes: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / PIXEL_SCALE;
  return out;
}
