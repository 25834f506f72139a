// The ink's bounding box: the smallest rectangle holding every pixel at or above an ink threshold.

/** Inclusive-exclusive pixel rectangle: columns x0..x1-1, rows y0..y1-1. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface InkBox extends Box {
  /** How many pixels reached the threshold. */
  inkPixels: number;
}

/**
 * Pixels count as ink when lut[grey] >= threshold, so faint noise and JPEG ringing (small normalised values)
 * do not widen the box; everything inside the box, faint or not, is kept. Undefined when nothing qualifies.
 */
export function inkBoundingBox(
  grey: Uint8Array,
  width: number,
  height: number,
  lut: Float32Array,
  threshold: number,
): InkBox | undefined {
  const isInk = new Uint8Array(256);
  for (let v = 0; v < 256; v++) isInk[v] = lut[v] >= threshold ? 1 : 0;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  let inkPixels = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (!isInk[grey[row + x]]) continue;
      inkPixels++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return inkPixels === 0 ? undefined : { x0, y0, x1: x1 + 1, y1: y1 + 1, inkPixels };
}
