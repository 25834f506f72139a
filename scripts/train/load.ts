// Loads a model saved by save.ts (model.json + weights.bin) from a directory in Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { MODEL_FILE } from './save';

/** Reads model.json and the weight files its manifest names, then builds the layers model. */
export async function loadModelFromDir(dir: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
  const buffers = json.weightsManifest.flatMap((group) =>
    group.paths.map((path) => {
      const bytes = readFileSync(join(dir, path));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }),
  );
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async () => [
    json.weightsManifest.flatMap((group) => group.weights),
    tf.io.concatenateArrayBuffers(buffers),
  ]);
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}
