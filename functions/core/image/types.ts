// Shapes shared by the image decoders and the MNIST-style preprocessing.

/**
 * A decoded image: RGBA, row-major, 4 samples per pixel, 8 bits per sample (16-bit PNGs are decoded to their
 * high byte: MNIST has 8 bits, and 16-bit samples would double the largest buffer of the pipeline).
 */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ImageFormat = 'png' | 'jpeg';

/** Decodes a whole PNG file to RGBA; provided by the runtime (WASM), so pure code never touches WebAssembly. */
export type PngDecoder = (bytes: Uint8Array) => Promise<DecodedImage>;
