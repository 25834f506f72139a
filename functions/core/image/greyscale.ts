// RGBA to one byte of luma per pixel, compositing transparency over a backdrop first.
import type { DecodedImage } from './types';

/** ITU-R BT.601 luma weights (what JPEG's Y and most "convert to greyscale" tools use). */
const R = 0.299;
const G = 0.587;
const B = 0.114;

/**
 * Greyscale as MNIST is: one byte per pixel. Bytes, not floats, because the full-size image is the largest
 * buffer in the pipeline (16 MP costs 16 MB instead of 64 MB); 8 bits is all MNIST ever had.
 *
 * Transparent pixels are composited over white, so a canvas export with black strokes on a transparent
 * background becomes black ink on white paper. When the visible strokes themselves are light (white ink on a
 * transparent canvas) the backdrop is black instead; over white they would vanish.
 */
export function toGrey(image: DecodedImage): Uint8Array {
  const { data } = image;
  const n = image.width * image.height;
  let transparent = false;
  let lumaSum = 0;
  let alphaSum = 0;
  for (let i = 0; i < n; i++) {
    const a = data[i * 4 + 3];
    if (a === 255) continue;
    transparent = true;
    lumaSum += (R * data[i * 4] + G * data[i * 4 + 1] + B * data[i * 4 + 2]) * a;
    alphaSum += a;
  }
  // Backdrop: white, unless the partly transparent content is light on average.
  const backdrop = transparent && alphaSum > 0 && lumaSum / alphaSum > 127.5 ? 0 : 255;
  const grey = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const alpha = data[o + 3] / 255;
    const luma = R * data[o] + G * data[o + 1] + B * data[o + 2];
    grey[i] = luma * alpha + backdrop * (1 - alpha) + 0.5; // Uint8Array truncates: + 0.5 rounds
  }
  return grey;
}
