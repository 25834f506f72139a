// Reads the images of a classify request (raw PNG/JPEG body or multipart files) and turns any input into the
// model's 28x28 floats: decode -> preprocessImage for files, preprocessPixels for JSON pixels.
import type { HonoRequest } from 'hono';
import type { Limits } from '../config';
import { InputError } from '../core/errors';
import { decodeImage } from '../core/image/decode';
import { preprocessImage, preprocessPixels } from '../core/image/preprocess';
import { ApiError } from '../errors';
import { decodePngWasm } from '../runtime/png-decoder';

export const IMAGE_TYPES = ['image/png', 'image/jpeg'] as const;
export const MULTIPART = 'multipart/form-data';
export const JSON_TYPE = 'application/json';
export const ACCEPTED_TYPES = [...IMAGE_TYPES, MULTIPART, JSON_TYPE] as const;
/** The multipart field that carries the files; repeat it for several images. */
export const IMAGE_FIELD = 'image';

export interface Upload {
  /** The multipart file name, for error messages; undefined for a raw body. */
  name?: string;
  bytes: Uint8Array;
}

/** `image/png; foo=bar` -> `image/png`; undefined when the header is missing or empty. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0].trim().toLowerCase();
  return type || undefined;
}

/** Refuses anything but the four accepted types with a 415 that lists them (before any body is read). */
export function checkContentType(header: string | undefined): string {
  const type = mediaTypeOf(header);
  if (!type || !(ACCEPTED_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `${type ? `Content-Type ${type} is not accepted` : 'Content-Type is missing'}; ` +
        `send ${IMAGE_TYPES.join(' or ')} as the body, ${MULTIPART} with files in the field "${IMAGE_FIELD}", ` +
        `or ${JSON_TYPE} {"pixels": [...]}`,
    );
  }
  return type;
}

export async function readRawImage(req: HonoRequest): Promise<Upload[]> {
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.length === 0) throw new ApiError(400, 'empty_body', 'the request body is empty; send the image bytes');
  return [{ bytes }];
}

/**
 * The files of field `image` (already parsed and shape-checked by the route's multipart schema), in upload
 * order; too many is a 413, an empty file a 400.
 */
export async function readMultipart(image: File | File[], limits: Limits): Promise<Upload[]> {
  const files = Array.isArray(image) ? image : [image];
  if (files.length > limits.maxImagesPerRequest) {
    throw new ApiError(413, 'too_many_images', `${files.length} images in one request; the limit is ${limits.maxImagesPerRequest}`);
  }
  const uploads = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const empty = uploads.findIndex((u) => u.bytes.length === 0);
  if (empty >= 0) throw new ApiError(400, 'empty_image', `${describe(uploads[empty], empty, uploads.length)} is empty`);
  return uploads;
}

/** Decodes and preprocesses each upload; an error names the file it came from when there are several. */
export async function preprocessUploads(uploads: readonly Upload[], limits: Limits): Promise<Float32Array[]> {
  const inputs: Float32Array[] = [];
  for (const [i, upload] of uploads.entries()) {
    try {
      const image = await decodeImage(upload.bytes, { maxPixels: limits.maxImagePixels, png: decodePngWasm });
      inputs.push(preprocessImage(image));
    } catch (error) {
      if (error instanceof InputError && uploads.length > 1) {
        throw new InputError(error.kind, error.code, `${describe(upload, i, uploads.length)}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
  return inputs;
}

/** JSON pixels (validated by the route's schema: 784 values or 28x28, each 0..255) through the same preprocessing. */
export function preprocessJsonPixels(pixels: number[] | number[][]): Float32Array[] {
  return [preprocessPixels(pixels.flat())];
}

function describe(upload: Upload, index: number, count: number): string {
  const name = upload.name ? ` (${upload.name})` : '';
  return count > 1 ? `image ${index + 1} of ${count}${name}` : `the image${name}`;
}
