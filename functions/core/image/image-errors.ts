// The three ways an uploaded image can be refused, as InputErrors with stable codes.
import { InputError } from '../errors';

/** Malformed, truncated or inconsistent bytes (400). */
export function corruptImage(detail: string, cause?: unknown): InputError {
  return new InputError('invalid', 'corrupt_image', `corrupt image: ${detail}`, { cause });
}

/** Not a PNG or JPEG, or a variant of them the decoders do not handle (415). */
export function unsupportedImage(detail: string): InputError {
  return new InputError('unsupported', 'unsupported_image', `unsupported image: ${detail}`);
}

/** More pixels than the configured limit, refused from the header before any decoding (413). */
export function imageTooLarge(width: number, height: number, maxPixels: number): InputError {
  return new InputError(
    'too_large',
    'image_too_large',
    // The fix is nearly always a smaller copy: the digit is read at 28x28, so a photo loses nothing by it.
    `image is ${width}x${height} = ${width * height} pixels; the limit is ${maxPixels} pixels: ` +
      'send a smaller copy (the digit is read at 28x28 pixels, so 1024 px on the long side is plenty)',
  );
}
