// Runs a ModelPlan with tfjs-core ops: the forward pass of a small Sequential CNN, whole batch at once.
import {
  fused,
  io,
  maxPool,
  reshape,
  softmax,
  tensor4d,
  tidy,
  type NamedTensorMap,
  type Tensor,
  type Tensor1D,
  type Tensor2D,
  type Tensor4D,
} from '@tensorflow/tfjs-core';
import type { Activation, ModelPlan, Step } from './model-plan';
import { widenFloat16 } from './widen-float16';

/** Keras's softmax is over the last axis; fused ops only know linear and relu, so it is applied separately. */
function activate(x: Tensor, activation: Activation): Tensor {
  return activation === 'softmax' ? softmax(x, -1) : x;
}

function fusedActivation(activation: Activation): 'linear' | 'relu' {
  return activation === 'relu' ? 'relu' : 'linear';
}

export class SequentialModel {
  readonly imageSize: number;
  private readonly weights: NamedTensorMap;

  /** `weightData` is weights.bin; the tensors live until dispose(). */
  constructor(
    readonly plan: ModelPlan,
    weightData: ArrayBuffer,
  ) {
    // decodeWeights also undoes any quantization the manifest declares; float16 is widened natively first where
    // the runtime can (widen-float16.ts), which is faster at a cold start and gives the same weights.
    const { data, specs } = widenFloat16(weightData, plan.weightSpecs) ?? { data: weightData, specs: plan.weightSpecs };
    this.weights = io.decodeWeights(data, specs as io.WeightsManifestEntry[]);
    this.imageSize = plan.inputShape.reduce((a, b) => a * b, 1);
  }

  /** `inputs` holds `count` images back to back (channels last); returns count x outputs values. */
  predict(inputs: Float32Array, count: number): { values: Float32Array; outputs: number } {
    if (inputs.length !== count * this.imageSize) {
      throw new Error(`expected ${count} x ${this.imageSize} values, got ${inputs.length}`);
    }
    const [h, w, c] = this.plan.inputShape;
    return tidy(() => {
      let x: Tensor = tensor4d(inputs, [count, h, w, c]);
      for (const step of this.plan.steps) x = this.apply(step, x);
      if (x.rank !== 2) throw new Error(`model output has rank ${x.rank}, expected 2`);
      return { values: x.dataSync() as Float32Array, outputs: x.shape[1] as number };
    });
  }

  private apply(step: Step, x: Tensor): Tensor {
    switch (step.op) {
      case 'conv2d':
        return activate(
          fused.conv2d({
            x: x as Tensor4D,
            filter: this.weights[step.kernel] as Tensor4D,
            bias: step.bias ? (this.weights[step.bias] as Tensor1D) : undefined,
            strides: step.strides,
            pad: step.padding,
            dilations: step.dilations,
            activation: fusedActivation(step.activation),
          }),
          step.activation,
        );
      case 'maxPool':
        return maxPool(x as Tensor4D, step.poolSize, step.strides, step.padding);
      case 'flatten':
        return reshape(x, [x.shape[0], -1]);
      case 'dense':
        if (x.rank !== 2) throw new Error(`layer ${step.name}: Dense after a rank-${x.rank} tensor needs a Flatten`);
        return activate(
          fused.matMul({
            a: x as Tensor2D,
            b: this.weights[step.kernel] as Tensor2D,
            bias: step.bias ? this.weights[step.bias] : undefined,
            activation: fusedActivation(step.activation),
          }),
          step.activation,
        );
    }
  }

  dispose(): void {
    for (const t of Object.values(this.weights)) t.dispose();
  }
}
