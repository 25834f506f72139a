// `npm run misclassified -- [model/default ...]`: rewrites misclassified.json for existing models, without retraining.
// Predicts all 10,000 test images, checks the misclassified set is metrics.json's, then writes the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { argmax } from '../functions/core/classification-metrics';
import { NUM_CLASSES, scalePixels } from '../functions/core/digit-contract';
import type { ModelMetrics } from '../functions/core/model-metrics';
import { useWasmBackend } from './train/backend';
import { predictProbabilities } from './train/evaluate';
import { loadModelFromDir } from './train/load';
import { loadRawTest, misclassifiedFile, writeMisclassified, type RawTestSet } from './train/misclassified';
import { METRICS_FILE } from './train/save';

const DEFAULT_DIRS = ['model/default', 'model/reference'];

async function regenerate(dir: string, test: RawTestSet): Promise<void> {
  const metrics = JSON.parse(readFileSync(join(dir, METRICS_FILE), 'utf8')) as ModelMetrics;
  const model = await loadModelFromDir(dir);
  const probs = predictProbabilities(model, { count: test.count, images: scalePixels(test.pixels), labels: test.labels });
  const wrong: number[] = [];
  for (let i = 0; i < test.count; i++) if (argmax(probs, i * NUM_CLASSES, NUM_CLASSES) !== test.labels[i]) wrong.push(i);
  // The gallery must show what metrics.json counts; a difference means the files are of different weights.
  if (wrong.join() !== metrics.test.misclassified.join()) {
    throw new Error(
      `${dir}: the model misclassifies ${wrong.length} test images, metrics.json lists ${metrics.test.misclassified.length} ` +
        `(first differences: ${wrong.filter((i) => !metrics.test.misclassified.includes(i)).slice(0, 5).join(', ') || 'none'}); retrain or fix metrics.json`,
    );
  }
  const path = writeMisclassified(dir, misclassifiedFile(model, test, wrong, metrics.recipe));
  model.dispose();
  console.log(`${path}: ${wrong.length} misclassified test digits`);
}

const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_DIRS;
try {
  await useWasmBackend();
  const test = loadRawTest();
  for (const dir of dirs) await regenerate(dir, test);
} catch (error) {
  console.error(`misclassified: ${(error as Error).message}`);
  process.exit(1);
}
