// Shrinks big uploads in the browser before they are sent, and packs uploads into requests the Worker accepts.
//
// Why: the Worker refuses an image over MAX_IMAGE_PIXELS (4 MP by default) and a request body over MAX_BODY_BYTES
// (5 MB), and a phone photo is 12 MP and 3-5 MB, so photos were refused. The model looks at 28x28 pixels: an image
// redrawn at 1024 px on its long side keeps everything it needs. The Worker stays the judge of its limits (these
// are deliberately below wrangler.toml's defaults, and any refusal is still shown per file).

/** Files above this many pixels or bytes are redrawn smaller before they are sent. */
export const SHRINK_PIXELS = 2_000_000;
export const SHRINK_BYTES = 1_500_000;
/** The long side of a redrawn image, px. */
export const MAX_SIDE = 1024;
/** Body bytes per request, under the Worker's default 5 MB with room for the multipart framing. */
export const MAX_REQUEST_BYTES = 4_000_000;

/**
 * The file itself when it is small enough, else the same picture redrawn at most MAX_SIDE px on its long side:
 * PNG when it came as PNG (it may be transparent: a canvas export), JPEG otherwise. The browser applies a JPEG's
 * EXIF orientation when decoding, so the redrawn image is upright and carries no EXIF. A file the browser cannot
 * decode is sent as it is, for the Worker to explain what is wrong with it.
 */
export async function shrinkForUpload(file: File): Promise<File> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  try {
    const { width, height } = bitmap;
    if (width * height <= SHRINK_PIXELS && file.size <= SHRINK_BYTES) return file;
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const type = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
    return blob ? new File([blob], file.name, { type }) : file;
  } finally {
    bitmap.close();
  }
}

/**
 * Groups items (by their byte sizes, in order) into requests of at most `maxCount` items and `maxBytes` bytes; an
 * item larger than `maxBytes` goes alone. Returns the index ranges [start, end).
 */
export function batchesOf(sizes: readonly number[], maxCount: number, maxBytes: number): [number, number][] {
  const batches: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (i > start && (i - start >= maxCount || bytes + size > maxBytes)) {
      batches.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += size;
  });
  if (sizes.length > start) batches.push([start, sizes.length]);
  return batches;
}
