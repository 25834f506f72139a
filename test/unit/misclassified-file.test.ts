// model/*/misclassified.json against a recomputation: the indices are metrics.json's test.misclassified, the pixels
// are the IDX test bytes, and the label, predicted digit and confidence come out again from the model files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MisclassifiedFile } from '../../functions/core/misclassified-digits';
import type { ModelMetrics } from '../../functions/core/model-metrics';
import { scalePixels } from '../../functions/core/digit-contract';
import { checkMisclassified } from '../../functions/runtime/misclassified-schema';
import { useWasmBackend } from '../../scripts/train/backend';
import { predictProbabilities } from '../../scripts/train/evaluate';
import { loadModelFromDir } from '../../scripts/train/load';
import { loadRawTest, misclassifiedFile } from '../../scripts/train/misclassified';

const ROOT = join(import.meta.dirname, '../..');
const read = <T>(path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
const testSet = loadRawTest();

beforeAll(async () => {
  await useWasmBackend();
});

describe.each(['model/default', 'model/reference'])('%s/misclassified.json', (dir) => {
  const metrics = read<ModelMetrics>(`${dir}/metrics.json`);
  const file = read<MisclassifiedFile>(`${dir}/misclassified.json`);

  it("lists exactly metrics.json's misclassified test indices, and passes the Worker's check", () => {
    expect(file.recipe).toBe(metrics.recipe);
    expect(file.testImages).toBe(metrics.test.images);
    expect(file.digits.map((d) => d.index)).toEqual(metrics.test.misclassified);
    expect(file.digits.length).toBeGreaterThan(0);
    expect(checkMisclassified(file, metrics)).toEqual(file);
  });

  it('holds the IDX bytes and the true label of each test image', () => {
    for (const d of file.digits) {
      const bytes = new Uint8Array(Buffer.from(d.pixels, 'base64'));
      expect(bytes).toEqual(new Uint8Array(testSet.pixels.subarray(d.index * 784, (d.index + 1) * 784)));
      expect(d.label).toBe(testSet.labels[d.index]);
    }
  });

  it("holds the model's predicted digit and confidence, recomputed from model.json + weights.bin", async () => {
    const model = await loadModelFromDir(join(ROOT, dir));
    const images = new Float32Array(file.digits.length * 784);
    file.digits.forEach((d, k) => images.set(scalePixels(testSet.pixels.subarray(d.index * 784, (d.index + 1) * 784)), k * 784));
    const probs = predictProbabilities(model, { count: file.digits.length, images, labels: new Uint8Array(file.digits.length) });
    model.dispose();
    file.digits.forEach((d, k) => {
      const row = Array.from(probs.subarray(k * 10, (k + 1) * 10));
      const predicted = row.indexOf(Math.max(...row));
      expect([d.index, d.predicted]).toEqual([d.index, predicted]);
      expect(d.predicted).not.toBe(d.label);
      expect(Math.abs(d.confidence - row[predicted])).toBeLessThanOrEqual(1e-5);
    });
  });
});

describe('misclassifiedFile', () => {
  it('refuses an index the model classifies correctly (stale indices)', async () => {
    const model = await loadModelFromDir(join(ROOT, 'model/default'));
    const metrics = read<ModelMetrics>('model/default/metrics.json');
    const right = [0, 1, 2, 3, 4, 5].find((i) => !metrics.test.misclassified.includes(i))!;
    expect(() => misclassifiedFile(model, testSet, [right], 'default')).toThrow(new RegExp(`test image ${right} .* is classified correctly`));
    model.dispose();
  });
});
