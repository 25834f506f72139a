// Our WASM MaxPoolGrad, BatchMatMul (transposed operands), Sum and Identity against tfjs's cpu backend, and via tf.grads.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../functions/core/random';
import { useWasmBackend } from '../../scripts/train/backend';

function values(random: Random, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = random.uniform(-1, 1);
  return out;
}

async function on<T>(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const data = await Promise.all(list.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(list);
  return data;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('MaxPoolGrad on wasm vs cpu', () => {
  const cases: [string, number[], number, number, 'valid' | 'same'][] = [
    ['2x2 stride 2, even size (the fast path)', [3, 8, 6, 4], 2, 2, 'valid'],
    ['2x2 stride 2, odd size drops the last row and column', [2, 7, 7, 3], 2, 2, 'valid'],
    ['2x2 stride 2, same padding on an odd size', [2, 7, 5, 2], 2, 2, 'same'],
    ['3x3 stride 2, same (overlapping windows add up)', [2, 9, 8, 3], 3, 2, 'same'],
    ['3x3 stride 1, valid', [1, 6, 6, 2], 3, 1, 'valid'],
  ];
  it.each(cases)('%s', async (_name, shape, size, stride, pad) => {
    const random = new Random(shape.reduce((a, b) => a * 31 + b, size));
    const x = values(random, shape);
    const grad = async (backend: string) => {
      const [dx] = await on(backend, () => {
        const input = tf.tensor4d(x, shape as [number, number, number, number]);
        const y = tf.maxPool(input, size, stride, pad);
        const dy = tf.tensor(values(new Random(7), y.shape), y.shape);
        return tf.engine().runKernel('MaxPoolGrad', { dy, input, output: y }, { filterSize: size, strides: stride, pad } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      return dx;
    };
    const wasm = await grad('wasm');
    const cpu = await grad('cpu');
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-6);
    expect(cpu.some((v) => v !== 0)).toBe(true);
  });

  it('sends a tie to the first maximum, as the cpu backend does', async () => {
    const grad = async (backend: string) => {
      const [dx] = await on(backend, () => {
        const input = tf.tensor4d([0, 0, 0, 0, 1, 2, 2, 1], [2, 2, 2, 1]);
        const y = tf.maxPool(input, 2, 2, 'valid');
        return tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor4d([5, 7], [2, 1, 1, 1]), input, output: y }, {
          filterSize: 2, strides: 2, pad: 'valid',
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      return Array.from(dx);
    };
    expect(await grad('wasm')).toEqual([5, 0, 0, 0, 0, 7, 0, 0]);
    expect(await grad('cpu')).toEqual([5, 0, 0, 0, 0, 7, 0, 0]);
  });
});

describe('BatchMatMul on wasm vs cpu', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('transposeA %s, transposeB %s, rank 2 and rank 3', async (ta, tb) => {
    const random = new Random(ta ? 3 : 5);
    for (const batch of [[], [3]]) {
      const aShape = [...batch, ...(ta ? [7, 5] : [5, 7])];
      const bShape = [...batch, ...(tb ? [4, 7] : [7, 4])];
      const a = values(random, aShape);
      const b = values(random, bShape);
      const run = (backend: string) => on(backend, () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb));
      const [wasm] = await run('wasm');
      const [cpu] = await run('cpu');
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5);
    }
  });
});

describe('Sum on wasm vs cpu', () => {
  const cases: [string, number[], number | number[], boolean][] = [
    ['leading axes (a bias gradient), 4 rows at a time plus a remainder', [7, 5, 3, 6], [0, 1, 2], false],
    ['leading axes, keepDims', [3, 4, 5], [0, 1], true],
    ['one leading axis, one row', [1, 9], 0, false],
    ['a trailing axis (the stock kernel)', [4, 6, 5], 2, false],
    ['all axes (the stock kernel)', [4, 6], [0, 1], false],
  ];
  it.each(cases)('%s', async (_name, shape, axis, keepDims) => {
    const x = values(new Random(shape.length * 7 + shape[0]), shape);
    const run = (backend: string) => on(backend, () => tf.sum(tf.tensor(x, shape), axis, keepDims));
    const [wasm] = await run('wasm');
    const [cpu] = await run('cpu');
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5);
    const shapeOn = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => tf.sum(tf.zeros(shape), axis, keepDims).shape);
    };
    expect(await shapeOn('wasm')).toEqual(await shapeOn('cpu'));
  });
});

describe('Identity on wasm shares data instead of copying', () => {
  it('a clone has the same values and outlives its source', async () => {
    await tf.setBackend('wasm');
    const buffers = () => (tf.memory() as { numDataBuffers: number }).numDataBuffers;
    const before = buffers();
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    expect(buffers() - before).toBe(1); // one buffer for both
    a.dispose();
    expect(Array.from(await b.data())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(buffers()).toBe(before);
  });
});

describe('gradients of conv -> maxPool -> dense on wasm vs cpu (the default recipe\'s path)', () => {
  it('agree', async () => {
    const random = new Random(11);
    const x = values(random, [4, 8, 8, 1]);
    const w1 = values(random, [3, 3, 1, 4]);
    const w2 = values(random, [4 * 4 * 4, 3]);
    const grads = (backend: string) =>
      on(backend, () => {
        const f = (k: tf.Tensor, d: tf.Tensor) => {
          const h = tf.maxPool(tf.relu(tf.conv2d(tf.tensor4d(x, [4, 8, 8, 1]), k as tf.Tensor4D, 1, 'same')), 2, 2, 'valid');
          return tf.matMul(tf.reshape(h, [4, -1]), d as tf.Tensor2D).square().sum();
        };
        return tf.grads(f)([tf.tensor(w1, [3, 3, 1, 4]), tf.tensor(w2, [64, 3])]);
      });
    const wasm = await grads('wasm');
    const cpu = await grads('cpu');
    for (let i = 0; i < 2; i++) {
      const scale = Math.max(1, ...Array.from(cpu[i], Math.abs));
      expect(maxAbsDiff(wasm[i], cpu[i])).toBeLessThan(1e-4 * scale);
    }
  });
});
