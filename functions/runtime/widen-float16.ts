// Widens weights.bin's float16 entries to float32 with the runtime's native Float16Array, where it exists.
import type { WeightSpec } from './model-plan';

type Float16ArrayConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayLike<number>;

/**
 * weights.bin and its manifest with every float16-quantized float32 entry widened to plain float32, or null when
 * there is nothing to widen, no native Float16Array (Node 20), or an entry this does not know (tfjs decodes those).
 * Why: tfjs's decoder widens value by value in JS, ~4 ms for the default model's 98,698 weights in a fresh isolate
 * (the code is still cold), ~7% of a cold start; workerd's Float16Array does it natively. Widening float16 is
 * exact, so the weights are the same as tfjs's.
 */
export function widenFloat16(
  data: ArrayBuffer,
  specs: readonly WeightSpec[],
  F16: Float16ArrayConstructor | null = (globalThis as { Float16Array?: Float16ArrayConstructor }).Float16Array ?? null,
): { data: ArrayBuffer; specs: WeightSpec[] } | null {
  if (!F16) return null;
  const isHalf = (s: WeightSpec) => s.dtype === 'float32' && (s.quantization as { dtype?: unknown } | undefined)?.dtype === 'float16';
  if (!specs.some(isHalf) || specs.some((s) => s.dtype !== 'float32' || (s.quantization !== undefined && !isHalf(s)))) return null;
  const counts = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const bytes = specs.reduce((sum, s, i) => sum + counts[i] * (isHalf(s) ? 2 : 4), 0);
  if (bytes !== data.byteLength) return null; // not the file the manifest describes: let tfjs say so
  const out = new Float32Array(counts.reduce((a, b) => a + b, 0));
  let inBytes = 0;
  let at = 0;
  specs.forEach((s, i) => {
    const n = counts[i];
    // Offsets are always even (whole float16s and float32s before), as Float16Array needs; a float32 entry after
    // an odd count of float16s is not 4-aligned, so it is copied out first.
    const values = isHalf(s)
      ? new F16(data, inBytes, n)
      : new Float32Array(inBytes % 4 === 0 ? data : data.slice(inBytes, inBytes + n * 4), inBytes % 4 === 0 ? inBytes : 0, n);
    out.set(values, at);
    inBytes += n * (isHalf(s) ? 2 : 4);
    at += n;
  });
  return { data: out.buffer, specs: specs.map(({ quantization: _dropped, ...plain }) => plain) };
}
