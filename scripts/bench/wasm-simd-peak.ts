// Benchmark helper: the vector peak of one core in WebAssembly on this machine, 4-lane multiply-adds (SIMD128, as
// tfjs's WASM build computes) and the same with relaxed SIMD's fused multiply-add, which Node 20 has only behind a flag.
//
// Why: the training target compares tfjs with PyTorch, and what WASM can reach at best bounds what any tfjs kernel
// can. The module is written out byte by byte (no WebAssembly toolchain here): one loop of independent
// `acc = acc * y + x` chains, enough of them that the multiply-add latency hides behind the units' throughput.
import { setFlagsFromString } from 'node:v8';
import { median } from '../lib/stats';
import { wasm } from '../lib/webassembly';

/** Independent chains: 12 cover a 4-7 cycle multiply-add latency on 2-3 vector ports, and fit 16 xmm registers. */
const CHAINS = 12;

/** FLOP of one loop iteration: each chain does a multiply and an add on 4 lanes. */
const FLOP_PER_ITERATION = CHAINS * 4 * 2;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const f32 = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)];
const simd = (opcode: number) => [0xfd, ...uleb(opcode)];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

const OP = { splat: 0x13, extractLane: 0x1f, add: 0xe4, mul: 0xe6, relaxedMadd: 0x105 };

/** `run(n)`: n iterations of every chain; returns one lane of the sum, so no chain is dead code. */
export function peakModuleBytes(fused: boolean): Uint8Array {
  const [x, y] = [CHAINS, CHAINS + 1]; // locals after the i32 parameter (index 0): chains 1..CHAINS, then x, y
  const chain = (i: number) => i + 1;
  const code: number[] = [];
  code.push(0x43, ...f32(1e-3), ...simd(OP.splat), 0x21, ...uleb(x + 1));
  code.push(0x43, ...f32(0.999), ...simd(OP.splat), 0x21, ...uleb(y + 1));
  code.push(0x03, 0x40); // loop
  for (let i = 0; i < CHAINS; i++) {
    code.push(0x20, chain(i), 0x20, y + 1);
    if (fused) code.push(0x20, x + 1, ...simd(OP.relaxedMadd)); // acc * y + x, one instruction
    else code.push(...simd(OP.mul), 0x20, x + 1, ...simd(OP.add));
    code.push(0x21, chain(i));
  }
  code.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b); // n -= 1; br_if n != 0; end loop
  code.push(0x20, chain(0));
  for (let i = 1; i < CHAINS; i++) code.push(0x20, chain(i), ...simd(OP.add));
  code.push(...simd(OP.extractLane), 0, 0x0b);
  const body = [1, ...uleb(CHAINS + 2), 0x7b, ...code]; // one local group: CHAINS + 2 v128
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]),
    ...section(7, [1, 3, ...[...'run'].map((c) => c.charCodeAt(0)), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** GFLOP/s of one thread, median of `samples` timed calls after the engine has tiered the loop up. */
function measure(bytes: Uint8Array, samples: number): number {
  const { run } = new wasm.Instance(new wasm.Module(bytes)).exports as { run: (n: number) => number };
  // Liftoff (V8's baseline) runs the first calls; enough short calls get the function optimised (no OSR in wasm).
  for (let i = 0; i < 200; i++) run(10_000);
  const iterations = 5_000_000;
  const gflops: number[] = [];
  for (let s = 0; s < samples; s++) {
    const started = performance.now();
    const sink = run(iterations);
    const seconds = (performance.now() - started) / 1000;
    if (!Number.isFinite(sink)) throw new Error('the peak loop diverged');
    gflops.push((iterations * FLOP_PER_ITERATION) / seconds / 1e9);
  }
  return median(gflops);
}

export interface SimdPeak {
  /** SIMD128 multiply then add: what tfjs 4.22.0's WASM build can use. */
  separate: number;
  /** relaxed SIMD fused multiply-add (f32x4.relaxed_madd); null when this Node cannot compile it. */
  fused: number | null;
}

export function measureSimdPeak(samples = 7): SimdPeak {
  const separate = measure(peakModuleBytes(false), samples);
  // Node 20's V8 has relaxed SIMD behind this flag; it only lets modules that use it compile.
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  let fused: number | null = null;
  try {
    fused = measure(peakModuleBytes(true), samples);
  } catch (err) {
    if (!(err instanceof wasm.CompileError)) throw err;
  }
  return { separate, fused };
}
