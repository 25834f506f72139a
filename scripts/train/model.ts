// Model recipes: one entry per architecture + training settings; a factory builds and compiles it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { AugmentOptions } from '../../functions/core/augment';
import { INPUT_SHAPE, NUM_CLASSES } from '../../functions/core/digit-contract';
import type { ScheduleOptions } from './schedule';

export interface Recipe {
  /** One line for --help and logs. */
  description: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Adds the layers (the first one gets `inputShape`); each layer's initialisers take `seed` + a layer offset. */
  layers: (seed: number) => tfl.layers.Layer[];
  /**
   * Training images held out (the last N of the 60,000) to choose the epoch kept and the uncertainty threshold.
   * Default 0: none; then the test set is scored after each epoch and the last epoch is kept (the reference's way).
   */
  validationImages?: number;
  /** Random distortions of each training image (see functions/core/augment.ts). Default: none. */
  augment?: AugmentOptions;
  /**
   * Non-digits (functions/core/outliers.ts) added to every batch, as a share of the batch size, with the uniform
   * distribution as their target (outlier exposure). Default 0.
   */
  outliers?: number;
  /** Learning rate after each step. Default: constant `learningRate`. */
  schedule?: ScheduleOptions;
  /** Precision of weights.bin. Default 'float32'. */
  weightDtype?: 'float32' | 'float16';
}

/** Glorot-uniform (Keras' default) with a seed, so weight init is reproducible. */
const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });
/** He-normal (truncated), the usual init before a ReLU: keeps activations' scale through the conv stack. */
const heNormal = (seed: number) => tfl.initializers.heNormal({ seed });

export const RECIPES = {
  reference: {
    description: 'Conv2D(60,3x3,relu) -> Conv2D(30,3x3,relu) -> Flatten -> Dense(10,softmax); Adam 0.001, batch 128, 5 epochs',
    epochs: 5,
    batchSize: 128,
    learningRate: 0.001,
    layers: (seed) => [
      tfl.layers.conv2d({
        name: 'conv1', inputShape: [...INPUT_SHAPE], filters: 60, kernelSize: 3, activation: 'relu', kernelInitializer: glorot(seed + 1),
      }),
      tfl.layers.conv2d({ name: 'conv2', filters: 30, kernelSize: 3, activation: 'relu', kernelInitializer: glorot(seed + 2) }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'output', units: NUM_CLASSES, activation: 'softmax', kernelInitializer: glorot(seed + 3) }),
    ],
  },
  default: {
    description:
      'Conv(16,5x5) -> pool -> Conv(32,3x3) -> pool -> Conv(64,3x3) -> pool -> Dense(128) -> Dropout(0.25) -> Dense(10); ' +
      'augmented, 8 non-digits added per batch, Adam 0.002 with cosine decay, batch 128, 20 epochs, float16 weights',
    epochs: 20,
    batchSize: 128,
    learningRate: 0.002,
    validationImages: 5000,
    augment: {},
    outliers: 0.0625,
    schedule: { kind: 'cosine', warmupEpochs: 1, finalLearningRate: 0.00002 },
    weightDtype: 'float16',
    layers: (seed) => {
      const conv = (name: string, filters: number, kernelSize: number, offset: number, first = false) =>
        tfl.layers.conv2d({
          name, filters, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: heNormal(seed + offset),
          ...(first ? { inputShape: [...INPUT_SHAPE] } : {}),
        });
      const pool = (name: string) => tfl.layers.maxPooling2d({ name, poolSize: 2 });
      return [
        conv('conv1', 16, 5, 1, true),
        pool('pool1'),
        conv('conv2', 32, 3, 2),
        pool('pool2'),
        conv('conv3', 64, 3, 3),
        pool('pool3'),
        tfl.layers.flatten({ name: 'flatten' }),
        tfl.layers.dense({ name: 'dense1', units: 128, activation: 'relu', kernelInitializer: heNormal(seed + 4) }),
        tfl.layers.dropout({ name: 'dropout', rate: 0.25 }),
        tfl.layers.dense({ name: 'output', units: NUM_CLASSES, activation: 'softmax', kernelInitializer: glorot(seed + 5) }),
      ];
    },
  },
} satisfies Record<string, Recipe>;

export type RecipeName = keyof typeof RECIPES;

export function isRecipeName(name: string): name is RecipeName {
  return Object.hasOwn(RECIPES, name);
}

export const OPTIMIZER = 'adam';
export const LOSS = 'categoricalCrossentropy';

/** Builds the recipe's model, uncompiled (the data-parallel trainer runs its own optimiser). */
export function buildModel(recipe: Recipe, seed: number): tfl.Sequential {
  return tfl.sequential({ layers: recipe.layers(seed) });
}

/** Builds and compiles the recipe's model with Adam and categorical cross-entropy. */
export function createModel(recipe: Recipe, options: { seed: number; learningRate?: number }): tfl.Sequential {
  const model = buildModel(recipe, options.seed);
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? recipe.learningRate),
    loss: LOSS,
    metrics: ['accuracy'],
  });
  return model;
}
