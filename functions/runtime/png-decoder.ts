// Worker glue for PNG: @jsquash/png's WASM arrives as a compiled module (workerd cannot compile bytes).
// The package ships a .d.ts beside the .wasm that describes WASM-ESM exports, which hides our `*.wasm` shim;
// under wrangler the default export is the compiled WebAssembly.Module, so read it through the namespace.
import * as pngWasmNamespace from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';
import { createPngDecoder, type PngWasmExports } from '../core/image/png-codec';
import type { PngDecoder } from '../core/image/types';

const pngWasm = (pngWasmNamespace as unknown as { default: WebAssembly.Module }).default;

/** The memory of the instance made last (the codec replaces an instance after a failure), for memoryStats(). */
let currentMemory: { buffer: ArrayBuffer } | undefined;

/** Decodes any PNG to 8-bit RGBA; instantiates lazily, on the first PNG. */
export const decodePngWasm: PngDecoder = createPngDecoder(async (resolve) => {
  const imports: Record<string, Record<string, ReturnType<typeof resolve>>> = {};
  for (const { module, name } of WebAssembly.Module.imports(pngWasm)) (imports[module] ??= {})[name] = resolve(module, name);
  const instance = await WebAssembly.instantiate(pngWasm, imports);
  const exports = instance.exports as unknown as PngWasmExports;
  currentMemory = exports.memory;
  return exports;
});

/** Bytes of WASM memory held by the PNG decoder's current instance (0 before the first PNG). */
export function pngHeapBytes(): number {
  return currentMemory?.buffer.byteLength ?? 0;
}
