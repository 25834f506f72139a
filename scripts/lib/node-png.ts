// Node glue for PNG: decodes with the same @jsquash/png WASM as the Worker; encodes any PNG type with node:zlib.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../functions/core/image/crc32';
import { createPngDecoder, type PngWasmExports, type PngWasmInstantiate } from '../../functions/core/image/png-codec';
import { PNG_SIGNATURE } from '../../functions/core/image/sniff';
import type { PngDecoder } from '../../functions/core/image/types';
import { wasm } from './webassembly';


let compiled: object | undefined;
const pngModule = () =>
  (compiled ??= new wasm.Module(
    readFileSync(createRequire(import.meta.url).resolve('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')),
  ));

/** Instantiates the codec, compiled from the package's .wasm file on first use. */
export const instantiatePngNode: PngWasmInstantiate = async (resolve) => {
  const module = pngModule();
  const imports: Record<string, Record<string, unknown>> = {};
  for (const { module: m, name } of wasm.Module.imports(module)) (imports[m] ??= {})[name] = resolve(m, name);
  const instance = await wasm.instantiate(module, imports);
  return instance.exports as PngWasmExports;
};

/** Same decoder as the Worker's. */
export const decodePngNode: PngDecoder = createPngDecoder(instantiatePngNode);

/** PNG colour types: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
export type PngColourType = 0 | 2 | 3 | 4 | 6;

export interface PngEncodeInput {
  width: number;
  height: number;
  /** Default 6 (RGBA). */
  colourType?: PngColourType;
  /** Default 8. Must be allowed for the colour type (1/2/4 only for grey and palette, 16 not for palette). */
  bitDepth?: 1 | 2 | 4 | 8 | 16;
  /** Row-major samples, channels interleaved, each 0..2^bitDepth-1 (palette indices for colour type 3). */
  samples: ArrayLike<number>;
  /** Palette entries [r, g, b] (colour type 3). */
  palette?: readonly (readonly [number, number, number])[];
  /** tRNS: alpha per palette entry (type 3), or the one transparent grey [v] (type 0) / colour [r, g, b] (type 2). */
  transparency?: readonly number[];
  /** Adam7 interlacing. Default false. */
  interlaced?: boolean;
  /** zlib level. Default 9. */
  level?: number;
  /**
   * Row filters: 'adaptive' picks per row by the smallest-sum heuristic (default); 0..4 uses one type for every
   * row; 'smallest' tries all of those and keeps the smallest file (no filter often wins on crisp drawings).
   */
  filter?: 'adaptive' | 'smallest' | 0 | 1 | 2 | 3 | 4;
}

const CHANNELS: Record<PngColourType, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

/** Encodes an image as PNG with adaptive row filters (the smallest-sum heuristic), for fixtures and tests. */
export async function encodePng(input: PngEncodeInput): Promise<Uint8Array> {
  return encodePngSync(input);
}

/**
 * 8-bit greyscale PNG, no filtering, one IDAT at zlib's default level: what a canvas export or an MNIST dump
 * looks like (the digits bench's and the browser tests' uploads).
 */
export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Uint8Array {
  return encodePngSync({ width, height, colourType: 0, samples: grey, filter: 0, level: 6 });
}

/** encodePng for synchronous callers (node:zlib's deflate is synchronous). */
export function encodePngSync(input: PngEncodeInput): Uint8Array {
  const { width, height, samples } = input;
  const colourType = input.colourType ?? 6;
  const bitDepth = input.bitDepth ?? 8;
  const channels = CHANNELS[colourType];
  if (samples.length !== width * height * channels) {
    throw new RangeError(`expected ${width * height * channels} samples, got ${samples.length}`);
  }
  const passes = input.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const bpp = Math.max(1, (channels * bitDepth) >> 3);
  const passRows: Uint8Array[][] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const xs: number[] = [];
    for (let x = x0; x < width; x += dx) xs.push(x);
    const rows: Uint8Array[] = [];
    for (let y = y0; y < height && xs.length > 0; y += dy) rows.push(packRow(samples, y * width, xs, channels, bitDepth));
    passRows.push(rows);
  }
  // Each Adam7 pass starts from an all-zero previous row.
  const compress = (filter: FilterChoice) =>
    deflateSync(concat(passRows.map((rows) => filterRows(rows, bpp, filter))), { level: input.level ?? 9 });
  const filter = input.filter ?? 'adaptive';
  const idat =
    filter === 'smallest'
      ? (['adaptive', 0, 1, 2, 3, 4] as const).map(compress).reduce((a, b) => (b.length < a.length ? b : a))
      : compress(filter);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([bitDepth, colourType, 0, 0, input.interlaced ? 1 : 0], 8);
  const chunks = [chunk('IHDR', ihdr)];
  if (input.palette) chunks.push(chunk('PLTE', Uint8Array.from(input.palette.flat())));
  if (input.transparency) {
    const t = input.transparency;
    chunks.push(chunk('tRNS', colourType === 3 ? Uint8Array.from(t) : be16(t)));
  }
  chunks.push(chunk('IDAT', idat));
  chunks.push(chunk('IEND', new Uint8Array(0)));
  return concat([Uint8Array.from(PNG_SIGNATURE), ...chunks]);
}

function packRow(samples: ArrayLike<number>, rowStart: number, xs: number[], channels: number, bitDepth: number): Uint8Array {
  const bits = xs.length * channels * bitDepth;
  const row = new Uint8Array(Math.ceil(bits / 8));
  let bit = 0;
  for (const x of xs) {
    for (let c = 0; c < channels; c++) {
      const v = samples[(rowStart + x) * channels + c];
      if (bitDepth === 16) {
        row[bit >> 3] = v >> 8;
        row[(bit >> 3) + 1] = v & 0xff;
      } else if (bitDepth === 8) {
        row[bit >> 3] = v;
      } else {
        row[bit >> 3] |= v << (8 - bitDepth - (bit & 7));
      }
      bit += bitDepth;
    }
  }
  return row;
}

type FilterChoice = 'adaptive' | 0 | 1 | 2 | 3 | 4;

/** Filters rows with one type, or ('adaptive') per row the type with the smallest sum of |signed byte|. */
function filterRows(rows: Uint8Array[], bpp: number, choice: FilterChoice): Uint8Array {
  const out: Uint8Array[] = [];
  let prev: Uint8Array | undefined;
  for (const row of rows) {
    const up = prev ?? new Uint8Array(row.length);
    let best: Uint8Array | undefined;
    let bestScore = Infinity;
    for (let type = 0; type <= 4; type++) {
      if (choice !== 'adaptive' && type !== choice) continue;
      const f = new Uint8Array(row.length + 1);
      f[0] = type;
      let score = 0;
      for (let i = 0; i < row.length; i++) {
        const a = i >= bpp ? row[i - bpp] : 0;
        const b = up[i];
        const c = i >= bpp ? up[i - bpp] : 0;
        const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (row[i] - pred) & 0xff;
        f[i + 1] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) [best, bestScore] = [f, score];
    }
    out.push(best!);
    prev = row;
  }
  return concat(out);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function be16(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => out.set([v >> 8, v & 0xff], i * 2));
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
