// metrics.json's uploadKinds against a recomputation: a slice of the same digits rendered by the same renderer,
// decoded and preprocessed by the Worker's pipeline and classified again must be right and wrong exactly where the
// file says; and model/default reaches 98.5% on every kind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelMetrics, UploadKindsReport } from '../../functions/core/model-metrics';
import { modelMetricsSchema } from '../../functions/runtime/model-metrics-schema';
import { KINDS } from '../../scripts/fixtures/upload-kinds';
import { useWasmBackend } from '../../scripts/train/backend';
import { loadModelFromDir } from '../../scripts/train/load';
import { renderUploads, scoreUploads, UPLOAD_KINDS_PER_CLASS, UPLOAD_KINDS_SEED } from '../../scripts/train/upload-kinds';

const ROOT = join(import.meta.dirname, '../..');
const MIN_ACCURACY = 0.985;
const metrics = JSON.parse(readFileSync(join(ROOT, 'model/default/metrics.json'), 'utf8')) as ModelMetrics;
const report = metrics.uploadKinds as UploadKindsReport;

beforeAll(async () => {
  await useWasmBackend();
});

describe('model/default metrics.json: uploadKinds', () => {
  it('covers every kind of the renderer on the same 1,000 test digits, and /api/model keeps it', () => {
    expect(report).toBeDefined();
    expect(report.seed).toBe(UPLOAD_KINDS_SEED);
    expect(report.digits).toBe(UPLOAD_KINDS_PER_CLASS * 10);
    expect(report.kinds.map((k) => k.name)).toEqual(KINDS.map((k) => k.name));
    for (const set of [report.raw, ...report.kinds]) {
      expect(set.images).toBe(report.digits);
      expect(set.accuracy).toBeCloseTo((set.images - set.misclassified.length) / set.images, 12);
      expect(set.rejected).toBeLessThanOrEqual(set.misclassified.length);
    }
    expect(modelMetricsSchema().parse(metrics).uploadKinds).toEqual(report);
  });

  it.each(KINDS.map((k) => k.name))(`%s: at least ${MIN_ACCURACY * 100}%`, (name) => {
    expect(report.kinds.find((k) => k.name === name)!.accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });

  it('matches a recomputation on a slice of the digits: right and wrong on the same images, per kind and raw', async () => {
    // Every 100th digit, plus the first digit each set gets wrong, so both outcomes are checked.
    const wrong = new Set([report.raw, ...report.kinds].flatMap((set) => set.misclassified.slice(0, 1)));
    const rendered = await renderUploads({ cache: false, filter: (d, position) => position % 100 === 0 || wrong.has(d.index) });
    expect(rendered.digits.length).toBeGreaterThanOrEqual(10);
    const model = await loadModelFromDir(join(ROOT, 'model/default'));
    const again = scoreUploads(model, rendered);
    model.dispose();
    const slice = new Set(rendered.digits.map((d) => d.index));
    const inSlice = (indices: number[]) => indices.filter((i) => slice.has(i));
    expect(again.raw.misclassified).toEqual(inSlice(report.raw.misclassified));
    for (const [k, kind] of again.kinds.entries()) {
      expect([kind.name, kind.misclassified]).toEqual([report.kinds[k].name, inSlice(report.kinds[k].misclassified)]);
    }
  });
});
