// float16 weight export: our encoder against tfjs's own decoder, for every one of the 65,536 half-precision values.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../scripts/train/backend';
import { quantizeFloat16, roundTripFloat16, toFloat16Bits } from '../../scripts/train/float16';

function decode(halves: Uint16Array): Float32Array {
  const spec = { name: 'w', shape: [halves.length], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } };
  const t = tf.io.decodeWeights(halves.buffer as ArrayBuffer, [spec]).w;
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('float16', () => {
  it('encodes every value tfjs decodes back to the same bits (NaN aside)', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const decoded = decode(all);
    const wrong: number[] = [];
    for (let i = 0; i < 65536; i++) if (!Number.isNaN(decoded[i]) && toFloat16Bits(decoded[i]) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
  });

  it('rounds to the nearest half, ties to even, and saturates to infinity', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1 + 2^-10: the even one, 1
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between ...01 and ...02: the even one
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(70000)).toBe(0x7c00);
    expect(toFloat16Bits(-(2 ** -24))).toBe(0x8001); // smallest subnormal
    expect(toFloat16Bits(2 ** -26)).toBe(0); // below half of it
  });

  it('round-trips model weights to within half-precision error and marks the manifest', () => {
    const values = Float32Array.from([0.1, -0.2, 3.14159, 1e-5, -7.5]);
    const back = roundTripFloat16(values);
    values.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25));
    const { weights, specs } = quantizeFloat16(new Uint8Array(values.buffer), [
      { name: 'a', shape: [2], dtype: 'float32' },
      { name: 'b', shape: [3], dtype: 'float32' },
    ]);
    expect(weights.byteLength).toBe(10);
    expect(specs.map((s) => s.quantization)).toEqual([{ dtype: 'float16' }, { dtype: 'float16' }]);
    const decoded = tf.io.decodeWeights(weights.slice().buffer as ArrayBuffer, specs);
    expect([...decoded.a.dataSync(), ...decoded.b.dataSync()]).toEqual(Array.from(back));
    tf.dispose(Object.values(decoded));
  });
});
