// float16 weights for the layers format: tfjs's manifest `quantization: {dtype: 'float16'}`, decoded by tfjs itself.
import * as tf from '@tensorflow/tfjs-core';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half-precision bits of `value`, rounded to nearest, ties to even (subnormals, infinities, NaN kept). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: value = m x 2^-24, so m = (1.mantissa x 2^23) >> (14 - e), rounded.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let h = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** Rewrites float32 weights (bytes in manifest order) as float16, marking each spec as quantised. */
export function quantizeFloat16(
  weights: Uint8Array,
  specs: tf.io.WeightsManifestEntry[],
): { weights: Uint8Array; specs: tf.io.WeightsManifestEntry[] } {
  const values = new Float32Array(weights.buffer, weights.byteOffset, weights.byteLength / 4);
  if (specs.some((s) => s.dtype !== 'float32' || s.quantization)) {
    throw new Error('float16 export expects plain float32 weights');
  }
  const halves = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) halves[i] = toFloat16Bits(values[i]);
  return {
    weights: new Uint8Array(halves.buffer),
    specs: specs.map((s) => ({ ...s, quantization: { dtype: 'float16' as const } })),
  };
}

/**
 * What a loaded float16 model computes with: the weights rounded to float16 and decoded by tfjs's own decoder,
 * so the accuracy we measure is bit-for-bit the accuracy of the saved file.
 */
export function roundTripFloat16(values: Float32Array): Float32Array {
  const halves = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) halves[i] = toFloat16Bits(values[i]);
  const spec = { name: 'w', shape: [values.length], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } };
  const decoded = tf.io.decodeWeights(halves.buffer, [spec]).w;
  const out = decoded.dataSync() as Float32Array;
  decoded.dispose();
  return Float32Array.from(out);
}
