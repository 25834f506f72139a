// applyOrientation against hand-written results for a 3x2 image, for every EXIF orientation.
import { describe, expect, it } from 'vitest';
import { applyOrientation, type ExifOrientation } from '../../../functions/core/image/orientation';
import type { DecodedImage } from '../../../functions/core/image/types';

/** Stored image, 3 wide and 2 high, pixel values a..f (red channel): a b c / d e f. */
const stored: DecodedImage = {
  width: 3,
  height: 2,
  data: Uint8Array.from([1, 2, 3, 4, 5, 6].flatMap((v) => [v, 10 * v, 0, 255])),
};

const reds = (image: DecodedImage) => {
  const rows: number[][] = [];
  for (let y = 0; y < image.height; y++) rows.push(Array.from({ length: image.width }, (_, x) => image.data[(y * image.width + x) * 4]));
  return rows;
};

// What a viewer shows for each tag (EXIF 2.32, Orientation), written out by hand.
const shown: Record<ExifOrientation, number[][]> = {
  1: [[1, 2, 3], [4, 5, 6]],
  2: [[3, 2, 1], [6, 5, 4]], // mirrored
  3: [[6, 5, 4], [3, 2, 1]], // rotated 180
  4: [[4, 5, 6], [1, 2, 3]], // flipped vertically
  5: [[1, 4], [2, 5], [3, 6]], // transposed
  6: [[4, 1], [5, 2], [6, 3]], // rotated 90 clockwise
  7: [[6, 3], [5, 2], [4, 1]], // transversed
  8: [[3, 6], [2, 5], [1, 4]], // rotated 90 anticlockwise
};

describe('applyOrientation', () => {
  it.each(Object.entries(shown))('orientation %s', (o, rows) => {
    const image = applyOrientation(stored, Number(o) as ExifOrientation);
    expect(reds(image)).toEqual(rows);
    expect([image.width, image.height]).toEqual([rows[0].length, rows.length]);
    // Whole pixels move: the green channel follows the red one.
    for (let i = 0; i < image.data.length; i += 4) expect(image.data[i + 1]).toBe(10 * image.data[i]);
  });
});
