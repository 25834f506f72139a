// Our flat-array Adam against tfjs's AdamOptimizer (cpu backend) over several steps and learning rates.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Random } from '../../functions/core/random';
import { Adam } from '../../scripts/train/adam';

describe('Adam', () => {
  it('takes the steps tf.train.adam takes (Keras defaults), to float32 rounding', async () => {
    await tf.setBackend('cpu');
    const random = new Random(5);
    const size = 257;
    const start = Float32Array.from({ length: size }, () => random.uniform(-1, 1));
    const ours = start.slice();
    const adam = new Adam(size);
    const variable = tf.variable(tf.tensor1d(start));
    const optimizer = tf.train.adam(0.01);
    for (let step = 0; step < 6; step++) {
      // Gradients of mixed scale (some tiny, some large), and a learning rate that changes like a schedule's.
      const grads = Float32Array.from({ length: size }, (_, i) => random.uniform(-1, 1) * 10 ** ((i % 7) - 4));
      const lr = 0.01 / (step + 1);
      adam.step(ours, grads, lr);
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      optimizer.applyGradients([{ name: variable.name, tensor: tf.tensor1d(grads) }]);
    }
    const theirs = variable.dataSync();
    let maxDiff = 0;
    let maxMove = 0;
    for (let i = 0; i < size; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
      maxMove = Math.max(maxMove, Math.abs(ours[i] - start[i]));
    }
    expect(maxMove).toBeGreaterThan(0.01); // the weights moved
    expect(maxDiff).toBeLessThan(1e-6);
    optimizer.dispose();
    variable.dispose();
  });

  it('refuses gradients of the wrong length', () => {
    expect(() => new Adam(3).step(new Float32Array(3), new Float32Array(2), 0.1)).toThrow(/expected 3 weights and gradients/);
  });
});
