// Accuracy per upload kind: MNIST test digits rendered by scripts/fixtures/upload-kinds.ts, decoded and preprocessed by
// the Worker's pure pipeline (same PNG WASM, same JPEG decoder, same preprocessing), classified by the model in Node.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { argmax } from '../../functions/core/classification-metrics';
import { defaultLimits } from '../../functions/config';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../functions/core/digit-contract';
import { InputError } from '../../functions/core/errors';
import { decodeImage } from '../../functions/core/image/decode';
import { preprocessImage, preprocessPixels } from '../../functions/core/image/preprocess';
import type { UploadKindScore, UploadKindsReport } from '../../functions/core/model-metrics';
import { Random } from '../../functions/core/random';
import { chooseDigits, type Digit } from '../fixtures/mnist-digits';
import { KINDS, type UploadKind } from '../fixtures/upload-kinds';
import { decodePngNode } from '../lib/node-png';
import { renderCache } from './render-cache';

/** The fixtures' seed (scripts/fixtures/make-digit-fixtures.ts). */
export const UPLOAD_KINDS_SEED = 20240607;
/** 100 per class: 1,000 digits per kind. */
export const UPLOAD_KINDS_PER_CLASS = 100;
export const REGENERATE_COMMAND = 'npm run upload-kinds';

export interface UploadKindsOptions {
  /** Digits per label. Default UPLOAD_KINDS_PER_CLASS. */
  perClass?: number;
  /** Default UPLOAD_KINDS_SEED. */
  seed?: number;
  /** Keep only the chosen digits this accepts (a slice for tests); the seeds do not depend on it. */
  filter?: (digit: Digit, position: number) => boolean;
  /** Reuse rendered files from node_modules/.cache when the renderer and digits are unchanged. Default true. */
  cache?: boolean;
  /** Called after each kind is rendered. */
  progress?: (kind: string, done: number, total: number, cached: boolean) => void;
}

/** One set of images as the model sees them: 784 floats per digit, or null where the pipeline refused it. */
export interface RenderedSet {
  name: string;
  description: string;
  inputs: (Float32Array | null)[];
}

export interface RenderedUploads {
  seed: number;
  digits: Digit[];
  raw: RenderedSet;
  kinds: RenderedSet[];
}

/**
 * The renderer's generator for one image, from the seed, the kind and the test index: any slice of the digits
 * renders exactly as in the full run (the fixtures' one stream per kind would make each image depend on the ones before).
 */
export function imageSeed(seed: number, kind: UploadKind, index: number): number {
  return (seed ^ Math.imul(kind.salt, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

/** The Worker's path for one upload: decode (header check, WASM PNG / jpeg-js + EXIF) then preprocess. */
async function throughPipeline(bytes: Uint8Array): Promise<Float32Array | null> {
  try {
    const image = await decodeImage(bytes, { maxPixels: defaultLimits.maxImagePixels, png: decodePngNode });
    return preprocessImage(image);
  } catch (error) {
    // The Worker answers these with a 4xx: for the figures, a wrong answer.
    if (error instanceof InputError) return null;
    throw error;
  }
}

/** Renders the chosen digits as every kind and runs each through the pipeline. */
export async function renderUploads(options: UploadKindsOptions = {}): Promise<RenderedUploads> {
  const seed = options.seed ?? UPLOAD_KINDS_SEED;
  const chosen = chooseDigits(seed, options.perClass ?? UPLOAD_KINDS_PER_CLASS);
  const digits = options.filter ? chosen.filter(options.filter) : chosen;
  const raw: RenderedSet = {
    name: 'raw',
    description: 'the 28x28 MNIST digit itself, through the same preprocessing',
    inputs: digits.map((d) => preprocessPixels(d.pixels)),
  };
  const cache = options.cache === false ? undefined : renderCache(`${imageSeed.toString()}|${seed}|${digits.map((d) => d.index).join()}`);
  const kinds: RenderedSet[] = [];
  for (const kind of KINDS) {
    let files = cache?.get(kind.name);
    const cached = files?.length === digits.length;
    if (!cached) {
      files = [];
      for (const d of digits) files.push(await kind.make(d, new Random(imageSeed(seed, kind, d.index))));
      cache?.set(kind.name, files);
    }
    const inputs: (Float32Array | null)[] = [];
    for (const bytes of files!) inputs.push(await throughPipeline(bytes));
    kinds.push({ name: kind.name, description: kind.description, inputs });
    options.progress?.(kind.name, kinds.length, KINDS.length, cached);
  }
  return { seed, digits, raw, kinds };
}

/** Predicted digit per input (-1 where the pipeline refused the image). */
export function predictDigits(model: tfl.LayersModel, inputs: readonly (Float32Array | null)[], batchSize = 500): Int8Array {
  const predicted = new Int8Array(inputs.length).fill(-1);
  const kept = inputs.flatMap((x, i) => (x ? [i] : []));
  for (let start = 0; start < kept.length; start += batchSize) {
    const part = kept.slice(start, start + batchSize);
    const xs = new Float32Array(part.length * IMAGE_PIXELS);
    part.forEach((i, k) => xs.set(inputs[i]!, k * IMAGE_PIXELS));
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(xs, [part.length, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).dataSync());
    part.forEach((i, k) => (predicted[i] = argmax(probs, k * NUM_CLASSES, NUM_CLASSES)));
  }
  return predicted;
}

function score(model: tfl.LayersModel, set: RenderedSet, digits: readonly Digit[]): UploadKindScore {
  const predicted = predictDigits(model, set.inputs);
  const misclassified = digits.flatMap((d, i) => (predicted[i] === d.label ? [] : [d.index]));
  return {
    images: digits.length,
    accuracy: (digits.length - misclassified.length) / digits.length,
    rejected: set.inputs.filter((x) => x === null).length,
    misclassified,
  };
}

/** Scores rendered uploads with a model: per kind and raw, accuracy and the test indices it got wrong. */
export function scoreUploads(model: tfl.LayersModel, rendered: RenderedUploads): UploadKindsReport {
  const { digits } = rendered;
  return {
    method:
      `${digits.length} MNIST test digits (stratified, seed ${rendered.seed}) rendered as each kind by ` +
      'scripts/fixtures/upload-kinds.ts (one generator per image), decoded and preprocessed by functions/core/image ' +
      `as the Worker does (PNG with the same @jsquash/png WASM), classified in Node; remake with \`${REGENERATE_COMMAND}\``,
    seed: rendered.seed,
    digits: digits.length,
    raw: score(model, rendered.raw, digits),
    kinds: rendered.kinds.map((set) => ({ name: set.name, description: set.description, ...score(model, set, digits) })),
  };
}

/** Renders and scores in one go (training's call). */
export async function uploadKindsReport(model: tfl.LayersModel, options: UploadKindsOptions = {}): Promise<UploadKindsReport> {
  return scoreUploads(model, await renderUploads(options));
}
