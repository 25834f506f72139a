// Drives @jsquash/png's WASM PNG decoder (Rust `png` crate) through its wasm-bindgen ABI, one fresh instance after
// any failure. Why not its JS wrapper: a failed decode unwinds out of Rust without freeing its buffers or restoring
// its stack pointer; measured with @jsquash/png 3.1.1, 2000 truncated 360 KB PNGs grew WASM memory to 2 GB, and
// ~1600 corrupt files left the shared instance failing every later decode ("memory access out of bounds").
// Pure: the runtime passes a function that instantiates the compiled module (see functions/runtime/png-decoder.ts).
import { corruptImage } from './image-errors';
import { readPngHeader } from './png-header';
import type { DecodedImage, PngDecoder } from './types';

type WasmFunction = (...args: number[]) => unknown;

/** The exports of squoosh_png_bg.wasm that decoding uses. */
export interface PngWasmExports {
  memory: { buffer: ArrayBuffer };
  decode(ptr: number, len: number): number;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
}

/** Instantiates the compiled module, taking each import from `resolve(module, name)`. */
export type PngWasmInstantiate = (resolve: (module: string, name: string) => WasmFunction) => Promise<PngWasmExports>;

export interface PngCodecOptions {
  /** After a decode leaves the instance's memory larger than this, the instance is dropped (memory never shrinks). Default 64 MiB. */
  retainMemoryBytes?: number;
}

const defaults: Required<PngCodecOptions> = { retainMemoryBytes: 64 * 1024 * 1024 };

interface Rgba8 {
  width: number;
  height: number;
  data: Uint8Array;
}

/** One instance plus the JS side of wasm-bindgen's object heap (indices below 132 are constants). */
class Instance {
  private readonly heap: unknown[] = [...new Array(128).fill(undefined), undefined, null, true, false];
  private heapNext = this.heap.length;
  exports!: PngWasmExports;

  async init(instantiate: PngWasmInstantiate): Promise<this> {
    this.exports = await instantiate((module, name) => this.resolve(module, name));
    return this;
  }

  /** wasm-bindgen import names end in a hash that changes between builds; match them by prefix. */
  private resolve(module: string, name: string): WasmFunction {
    const prefix = name.replace(/_[0-9a-f]{16}$/, '');
    const fn = module === 'wbg' ? (this.imports as Record<string, WasmFunction | undefined>)[prefix] : undefined;
    if (!fn) throw new Error(`@jsquash/png WASM asks for an unknown import ${module}.${name}`);
    return fn;
  }

  private readonly imports = {
    __wbindgen_memory: () => this.add(this.exports.memory),
    // The next two serve the module's 16-bit entry point, which we never call; the module imports them anyway.
    __wbg_buffer: (idx: number) => this.add((this.heap[idx] as { buffer: ArrayBuffer }).buffer),
    __wbg_newwithbyteoffsetandlength: (buf: number, offset: number, length: number) =>
      this.add(new Uint16Array(this.heap[buf] as ArrayBuffer, offset >>> 0, length >>> 0)),
    __wbindgen_object_drop_ref: (idx: number) => void this.take(idx),
    __wbg_newwithownedu8clampedarrayandsh: (ptr: number, len: number, width: number, height: number) => {
      const data = new Uint8Array(this.exports.memory.buffer, ptr >>> 0, len >>> 0).slice();
      this.exports.__wbindgen_free(ptr, len, 1);
      return this.add({ width: width >>> 0, height: height >>> 0, data } satisfies Rgba8);
    },
    __wbindgen_throw: (ptr: number, len: number) => {
      const bytes = new Uint8Array(this.exports.memory.buffer, ptr >>> 0, len >>> 0);
      throw new Error(String.fromCharCode(...bytes.subarray(0, 200)));
    },
  };

  private add(value: unknown): number {
    if (this.heapNext === this.heap.length) this.heap.push(this.heap.length + 1);
    const idx = this.heapNext;
    this.heapNext = this.heap[idx] as number;
    this.heap[idx] = value;
    return idx;
  }

  private take(idx: number): unknown {
    const value = this.heap[idx];
    if (idx >= 132) {
      this.heap[idx] = this.heapNext;
      this.heapNext = idx;
    }
    return value;
  }

  /** Copies the file into WASM memory; Rust takes ownership of the buffer. */
  private pass(bytes: Uint8Array): number {
    const ptr = this.exports.__wbindgen_malloc(bytes.length, 1) >>> 0;
    new Uint8Array(this.exports.memory.buffer).set(bytes, ptr);
    return ptr;
  }

  decode8(bytes: Uint8Array): Rgba8 {
    const ptr = this.pass(bytes);
    return this.take(this.exports.decode(ptr, bytes.length)) as Rgba8;
  }
}

/**
 * A PngDecoder over the WASM codec: RGBA 8-bit for every file. 16-bit files keep their high byte (the codec strips
 * them while decoding): 256 grey levels are more than a 28x28 digit uses, and the 16-bit path held twice the
 * memory (measured in Node on a 2048x2048 16-bit grey PNG: 50 MiB of WASM heap plus a 32 MiB copy, against 22 + 16 MiB stripped).
 */
export function createPngDecoder(instantiate: PngWasmInstantiate, options: PngCodecOptions = {}): PngDecoder {
  const { retainMemoryBytes } = { ...defaults, ...options } satisfies Required<PngCodecOptions>;
  let current: Promise<Instance> | undefined;

  /** The current instance, created on first use. */
  const acquire = async (): Promise<{ pending: Promise<Instance>; instance: Instance }> => {
    const pending = (current ??= new Instance().init(instantiate));
    try {
      return { pending, instance: await pending };
    } catch (err) {
      if (current === pending) current = undefined;
      throw err; // a broken deployment, not bad input
    }
  };

  return async (bytes: Uint8Array): Promise<DecodedImage> => {
    const header = readPngHeader(bytes);
    let acquired = await acquire();
    // Another decode may have failed on this instance while we waited: check in the same synchronous step as ours.
    while (current !== acquired.pending) acquired = await acquire();
    const { instance } = acquired;
    let image: DecodedImage;
    try {
      image = instance.decode8(bytes);
    } catch (err) {
      current = undefined; // the instance's memory and stack are now unknown: never reuse it
      throw corruptImage(err instanceof Error ? err.message : 'PNG decoder failed', err);
    }
    if (instance.exports.memory.buffer.byteLength > retainMemoryBytes) current = undefined;
    if (image.width !== header.width || image.height !== header.height || image.data.length !== image.width * image.height * 4) {
      throw corruptImage('PNG decoder returned an image that does not match the header');
    }
    return image;
  };
}
