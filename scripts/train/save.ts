// Writes a trained model as TensorFlow.js layers format (model.json + weights.bin) and its metrics.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { quantizeFloat16 } from './float16';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METRICS_FILE = 'metrics.json';

/** Saves through a custom IO handler so the weight file has a fixed name and model.json points at it. */
export async function saveModel(
  model: tfl.LayersModel,
  dir: string,
  options: { weightDtype?: 'float32' | 'float16' } = {},
): Promise<{ weightBytes: number }> {
  mkdirSync(dir, { recursive: true });
  let weightBytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.weightSpecs || artifacts.weightData === undefined) {
        throw new Error('model.save produced no weights');
      }
      let weights: Uint8Array = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      let specs = artifacts.weightSpecs;
      if (options.weightDtype === 'float16') ({ weights, specs } = quantizeFloat16(weights, specs));
      weightBytes = weights.byteLength;
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: specs }],
      };
      // The training config (optimizer, loss) is left out: the model is served for inference only.
      writeFileSync(join(dir, WEIGHTS_FILE), weights);
      writeFileSync(join(dir, MODEL_FILE), `${JSON.stringify(modelJson)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return { weightBytes };
}

export function saveMetrics(metrics: ModelMetrics, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, METRICS_FILE), `${JSON.stringify(metrics, null, 2)}\n`);
}
