// Model recipes: one entry per architecture + training settings; a factory builds and compiles it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { INPUT_SHAPE, NUM_CLASSES } from '../../functions/core/digit-contract';

export interface Recipe {
  /** One line for --help and logs. */
  description: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Adds the layers (the first one gets `inputShape`); each layer's initialisers take `seed` + a layer offset. */
  layers: (seed: number) => tfl.layers.Layer[];
}

/** Glorot-uniform (Keras' default) with a seed, so weight init is reproducible. */
const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });

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
} satisfies Record<string, Recipe>;

export type RecipeName = keyof typeof RECIPES;

export function isRecipeName(name: string): name is RecipeName {
  return Object.hasOwn(RECIPES, name);
}

export const OPTIMIZER = 'adam';
export const LOSS = 'categoricalCrossentropy';

/** Builds and compiles the recipe's model with Adam and categorical cross-entropy. */
export function createModel(recipe: Recipe, options: { seed: number; learningRate?: number }): tfl.Sequential {
  const model = tfl.sequential({ layers: recipe.layers(options.seed) });
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? recipe.learningRate),
    loss: LOSS,
    metrics: ['accuracy'],
  });
  return model;
}
