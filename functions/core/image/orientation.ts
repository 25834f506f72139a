// Applies an EXIF orientation (1..8) to RGBA pixels, so the digit is upright the way a viewer would show it.
import type { DecodedImage } from './types';

export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function isExifOrientation(value: unknown): value is ExifOrientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/**
 * Returns the image as displayed. For each displayed pixel (x, y) the stored pixel it comes from, with W x H the
 * stored size: 1 (x, y); 2 mirrored (W-1-x, y); 3 rotated 180 (W-1-x, H-1-y); 4 flipped (x, H-1-y);
 * 5 transposed (y, x); 6 rotated 90 clockwise (y, H-1-x); 7 transversed (W-1-y, H-1-x); 8 rotated 90
 * anticlockwise (W-1-y, x). Orientations 5..8 swap width and height.
 */
export function applyOrientation(image: DecodedImage, orientation: ExifOrientation): DecodedImage {
  if (orientation === 1) return image;
  const { width: W, height: H, data } = image;
  const swap = orientation >= 5;
  const width = swap ? H : W;
  const height = swap ? W : H;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2: [sx, sy] = [W - 1 - x, y]; break;
        case 3: [sx, sy] = [W - 1 - x, H - 1 - y]; break;
        case 4: [sx, sy] = [x, H - 1 - y]; break;
        case 5: [sx, sy] = [y, x]; break;
        case 6: [sx, sy] = [y, H - 1 - x]; break;
        case 7: [sx, sy] = [W - 1 - y, H - 1 - x]; break;
        case 8: [sx, sy] = [W - 1 - y, x]; break;
      }
      const from = (sy * W + sx) * 4;
      const to = (y * width + x) * 4;
      out[to] = data[from];
      out[to + 1] = data[from + 1];
      out[to + 2] = data[from + 2];
      out[to + 3] = data[from + 3];
    }
  }
  return { width, height, data: out };
}
