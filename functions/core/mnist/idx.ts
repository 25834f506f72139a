// Parses MNIST's IDX files (bytes in, typed arrays out) with header checks; no file system here.
import { IMAGE_SIZE } from '../digit-contract';
import { InputError } from '../errors';

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (count x rows x cols): images. */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (count): labels. */
export const IDX_LABELS_MAGIC = 2049;
/** Images header: magic, count, rows, cols, each a big-endian uint32. */
export const IDX_IMAGES_HEADER_BYTES = 16;
/** Labels header: magic, count. */
export const IDX_LABELS_HEADER_BYTES = 8;
/** Labels are digits. */
export const IDX_MAX_LABEL = 9;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** `count * rows * cols` bytes, row-major, 0 = background, 255 = full ink. A view on the input. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  /** One digit 0..9 per image. A view on the input. */
  labels: Uint8Array;
}

function corrupt(message: string): InputError {
  return new InputError('invalid', 'corrupt_idx', message);
}

function readHeader(bytes: Uint8Array, headerBytes: number, what: string): DataView {
  if (bytes.length < headerBytes) {
    throw corrupt(`${what}: ${bytes.length} bytes is shorter than the ${headerBytes}-byte IDX header`);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
}

function checkMagic(view: DataView, expected: number, what: string): void {
  const magic = view.getUint32(0, false);
  if (magic !== expected) {
    throw corrupt(`${what}: magic number ${magic}, expected ${expected}`);
  }
}

/** Parses an images file (idx3-ubyte). `expectedCount`, if given, must match the header. */
export function parseIdxImages(bytes: Uint8Array, expectedCount?: number): IdxImages {
  const what = 'IDX images';
  const view = readHeader(bytes, IDX_IMAGES_HEADER_BYTES, what);
  checkMagic(view, IDX_IMAGES_MAGIC, what);
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) {
    throw corrupt(`${what}: images are ${rows}x${cols}, expected ${IMAGE_SIZE}x${IMAGE_SIZE}`);
  }
  if (expectedCount !== undefined && count !== expectedCount) {
    throw corrupt(`${what}: header says ${count} images, expected ${expectedCount}`);
  }
  const expectedLength = IDX_IMAGES_HEADER_BYTES + count * rows * cols;
  if (bytes.length !== expectedLength) {
    throw corrupt(`${what}: ${bytes.length} bytes, expected ${expectedLength} for ${count} images (truncated or padded)`);
  }
  return { count, rows, cols, pixels: bytes.subarray(IDX_IMAGES_HEADER_BYTES) };
}

/** Parses a labels file (idx1-ubyte). `expectedCount`, if given, must match the header. */
export function parseIdxLabels(bytes: Uint8Array, expectedCount?: number): IdxLabels {
  const what = 'IDX labels';
  const view = readHeader(bytes, IDX_LABELS_HEADER_BYTES, what);
  checkMagic(view, IDX_LABELS_MAGIC, what);
  const count = view.getUint32(4, false);
  if (expectedCount !== undefined && count !== expectedCount) {
    throw corrupt(`${what}: header says ${count} labels, expected ${expectedCount}`);
  }
  const expectedLength = IDX_LABELS_HEADER_BYTES + count;
  if (bytes.length !== expectedLength) {
    throw corrupt(`${what}: ${bytes.length} bytes, expected ${expectedLength} for ${count} labels (truncated or padded)`);
  }
  const labels = bytes.subarray(IDX_LABELS_HEADER_BYTES);
  for (let i = 0; i < count; i++) {
    if (labels[i] > IDX_MAX_LABEL) throw corrupt(`${what}: label ${labels[i]} at index ${i} is not a digit`);
  }
  return { count, labels };
}
