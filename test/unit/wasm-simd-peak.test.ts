// The training bench's WebAssembly peak loop computes what its FLOP count assumes: every chain, every iteration.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { peakModuleBytes } from '../../scripts/bench/wasm-simd-peak';
import { wasm } from '../../scripts/lib/webassembly';


const run = (bytes: Uint8Array, n: number) =>
  (new wasm.Instance(new wasm.Module(bytes)).exports as { run: (n: number) => number }).run(n);

/** 12 chains of acc = acc * 0.999 + 0.001 from 0, summed: 12 (1 - 0.999^n). */
const expected = (n: number) => 12 * (1 - 0.999 ** n);

describe('peak loop', () => {
  it('runs n multiply-add steps on each of its 12 chains (SIMD128 multiply, then add)', () => {
    for (const n of [1, 2, 1000]) expect(run(peakModuleBytes(false), n)).toBeCloseTo(expected(n), 4);
  });

  it('gives the same with the fused multiply-add of relaxed SIMD (behind the flag Node 20 needs)', () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    for (const n of [1, 2, 1000]) expect(run(peakModuleBytes(true), n)).toBeCloseTo(expected(n), 4);
  });
});
