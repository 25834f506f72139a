// Adam over one flat Float32Array of weights: the update tf.train.adam makes, as one loop instead of ~15 tfjs ops a weight.
//
// tfjs's AdamOptimizer runs about 15 small kernels per variable and step (9 ms a step on the reference model in
// WASM); this loop takes about 1 ms. Same formula and defaults (Keras': beta 0.9 / 0.999, epsilon 1e-7), computed in
// float64 and stored in float32, so results agree with tfjs's to float32 rounding, not bit for bit.

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  /** beta1^t and beta2^t for the coming step t (1-based), as tfjs keeps them. */
  private accBeta1: number;
  private accBeta2: number;

  constructor(size: number, options: AdamOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    this.accBeta1 = this.beta1;
    this.accBeta2 = this.beta2;
  }

  /** One step: weights -= lr * mHat / (sqrt(vHat) + epsilon), in place. */
  step(weights: Float32Array, grads: Float32Array, learningRate: number): void {
    if (weights.length !== this.m.length || grads.length !== this.m.length) {
      throw new Error(`adam: expected ${this.m.length} weights and gradients, got ${weights.length} and ${grads.length}`);
    }
    const { m, v, beta1, beta2, epsilon } = this;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    for (let i = 0; i < weights.length; i++) {
      const g = grads[i];
      const mi = (m[i] = beta1 * m[i] + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i] + (1 - beta2) * g * g);
      weights[i] -= (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
    }
    this.accBeta1 *= beta1;
    this.accBeta2 *= beta2;
  }
}
