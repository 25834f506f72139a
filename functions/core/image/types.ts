// Shapes shared by the image decoders and the MNIST-style preprocessing.

/** A decoded image: RGBA, row-major, 4 samples per pixel, 8 or 16 bits per sample. */
export interface DecodedImage {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  data: Uint8Array | Uint16Array;
}

export type ImageFormat = 'png' | 'jpeg';

/** Decodes a whole PNG file to RGBA; provided by the runtime (WASM), so pure code never touches WebAssembly. */
export type PngDecoder = (bytes: Uint8Array) => Promise<DecodedImage>;
