// Our WASM Conv2DBackpropFilter / Conv2DBackpropInput kernels against tfjs's cpu backend on small random inputs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../functions/core/random';
import { useWasmBackend } from '../../scripts/train/backend';
import { conv2dBackpropFilter as backpropFilterAsConv } from '../../scripts/train/wasm-grad-kernels';

type Pad = 'same' | 'valid';
interface Case {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  filter: [number, number];
  stride: number;
  pad: Pad;
}

const CASES: Case[] = [];
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    // Odd and even sizes, square and not, so that stride 2 both uses and drops the last row/column.
    CASES.push({ batch: 3, height: 7, width: 8, inChannels: 2, outChannels: 4, filter: [3, 3], stride, pad });
    CASES.push({ batch: 2, height: 8, width: 6, inChannels: 3, outChannels: 5, filter: [2, 3], stride, pad });
    CASES.push({ batch: 2, height: 9, width: 9, inChannels: 4, outChannels: 2, filter: [5, 4], stride, pad });
  }
}

// Batch sizes 1 and odd, and batches that span several of Conv2DBackpropFilter's image chunks (about 3,072 output
// pixels each: 5 images of 26x26 here, 4 of 28x28 with 'same'), with one input channel and with several.
for (const stride of [1, 2]) {
  CASES.push({ batch: 1, height: 6, width: 5, inChannels: 3, outChannels: 2, filter: [3, 3], stride, pad: 'same' });
  CASES.push({ batch: 7, height: 28, width: 28, inChannels: 1, outChannels: 6, filter: [3, 3], stride, pad: 'valid' });
  CASES.push({ batch: 9, height: 28, width: 28, inChannels: 3, outChannels: 4, filter: [5, 5], stride, pad: 'same' });
}

type Shape4 = [number, number, number, number];

function randomTensor(random: Random, shape: Shape4): { values: Float32Array; shape: Shape4 } {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = random.uniform(-1, 1);
  return { values, shape };
}

/** Runs one kernel on `backend` through the engine (the path model.fit takes) and returns the output values. */
async function runOn(backend: string, kernel: string, inputs: Record<string, { values: Float32Array; shape: number[] }>, attrs: object) {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: await out.data() };
  out.dispose();
  Object.values(tensors).forEach((t) => t.dispose());
  return result;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function label(c: Case): string {
  return `${c.batch}x${c.height}x${c.width}x${c.inChannels} * ${c.filter.join('x')}x${c.outChannels}, stride ${c.stride}, ${c.pad}`;
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('wasm gradient kernels vs cpu', () => {
  it('replaced the stock kernels for wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.setupFunc).toBeUndefined(); // the stock one has a WASM setup
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
    const random = new Random(c.height * 100 + c.stride * 10 + c.inChannels);
    const x = randomTensor(random, [c.batch, c.height, c.width, c.inChannels]);
    const filterShape = [...c.filter, c.inChannels, c.outChannels] as [number, number, number, number];
    const w = randomTensor(random, filterShape);
    await tf.setBackend('cpu');
    const outShape = tf.conv2d(tf.zeros(x.shape) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, c.stride, c.pad).shape;
    const dy = randomTensor(random, outShape);
    const common = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };

    const filterAttrs = { ...common, filterShape };
    const dwWasm = await runOn('wasm', 'Conv2DBackpropFilter', { x, dy }, filterAttrs);
    const dwCpu = await runOn('cpu', 'Conv2DBackpropFilter', { x, dy }, filterAttrs);
    // Sums of up to ~6,000 products: float32 rounding of the cpu backend's sequential sums grows with their size.
    const tolerance = 1e-5 * Math.max(10, ...Array.from(dwCpu.values, Math.abs));
    expect(dwWasm.shape).toEqual(filterShape);
    expect(maxAbsDiff(dwWasm.values, dwCpu.values)).toBeLessThan(tolerance);
    // The forward-convolution form, which large patch matrices (the reference's second layer) take.
    await tf.setBackend('wasm');
    const asConv = tf.tidy(() => {
      const info = backpropFilterAsConv({
        inputs: { x: tf.tensor(x.values, x.shape), dy: tf.tensor(dy.values, dy.shape) }, backend: tf.backend(),
        attrs: filterAttrs as unknown as tf.NamedAttrMap,
      }) as tf.TensorInfo;
      return tf.engine().makeTensorFromTensorInfo(info);
    });
    expect(asConv.shape).toEqual(filterShape);
    expect(maxAbsDiff(await asConv.data(), dwCpu.values)).toBeLessThan(tolerance);
    asConv.dispose();

    const inputAttrs = { ...common, inputShape: x.shape };
    const dxWasm = await runOn('wasm', 'Conv2DBackpropInput', { dy, filter: w }, inputAttrs);
    const dxCpu = await runOn('cpu', 'Conv2DBackpropInput', { dy, filter: w }, inputAttrs);
    expect(dxWasm.shape).toEqual(x.shape);
    expect(maxAbsDiff(dxWasm.values, dxCpu.values)).toBeLessThan(1e-5 * Math.max(10, ...Array.from(dxCpu.values, Math.abs)));
    // Not all zeros by accident: the gradients carry real signal.
    expect(maxAbsDiff(dxCpu.values, new Float32Array(dxCpu.values.length))).toBeGreaterThan(0.1);
  });

  it('gives the same gradients as cpu through tf.grad of a conv -> conv chain (the path model.fit takes)', async () => {
    const random = new Random(7);
    const x = randomTensor(random, [2, 10, 10, 1]);
    const w1 = randomTensor(random, [3, 3, 1, 3]);
    const w2 = randomTensor(random, [3, 3, 3, 2]);
    const grads = async (backend: string) => {
      await tf.setBackend(backend);
      const [tx, t1, t2] = [x, w1, w2].map((v) => tf.tensor(v.values, v.shape)) as tf.Tensor4D[];
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(tf.relu(tf.conv2d(tx, a as tf.Tensor4D, 2, 'same')), b as tf.Tensor4D, 1, 'valid').square().sum();
      const [g1, g2] = tf.grads(f)([t1, t2]);
      return [await g1.data(), await g2.data()];
    };
    const [wasm1, wasm2] = await grads('wasm');
    const [cpu1, cpu2] = await grads('cpu');
    expect(maxAbsDiff(wasm1, cpu1)).toBeLessThan(1e-4 * Math.max(1, ...Array.from(cpu1, Math.abs)));
    expect(maxAbsDiff(wasm2, cpu2)).toBeLessThan(1e-4 * Math.max(1, ...Array.from(cpu2, Math.abs)));
  });

  it('refuses NCHW clearly', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 1, 4, 4]);
    const dy = tf.zeros([1, 1, 2, 2]);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: [1, 1], pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 1, 1],
      } as unknown as tf.NamedAttrMap),
    ).toThrow(/supports dataFormat 'NHWC' only, got 'NCHW'/);
  });
});
