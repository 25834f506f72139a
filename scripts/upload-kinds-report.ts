// `npm run upload-kinds -- [--per-class 100] [--seed 20240607] [--no-cache] [model/default ...]`: accuracy per upload kind, written
// into each model's metrics.json as `uploadKinds` (rendering and preprocessing once, scoring each model).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelMetrics } from '../functions/core/model-metrics';
import { useWasmBackend } from './train/backend';
import { loadModelFromDir } from './train/load';
import { METRICS_FILE } from './train/save';
import { renderUploads, scoreUploads, UPLOAD_KINDS_PER_CLASS, UPLOAD_KINDS_SEED } from './train/upload-kinds';

const DEFAULT_DIRS = ['model/default', 'model/reference'];
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

const { values, positionals } = parseArgs({
  options: {
    'per-class': { type: 'string', default: String(UPLOAD_KINDS_PER_CLASS) },
    seed: { type: 'string', default: String(UPLOAD_KINDS_SEED) },
    'no-cache': { type: 'boolean', default: false },
  },
  strict: true,
  allowPositionals: true,
});
const perClass = Number(values['per-class']);
const seed = Number(values.seed);
if (!Number.isInteger(perClass) || perClass < 1 || !Number.isInteger(seed) || seed < 0) {
  console.error('upload-kinds: --per-class must be a positive integer and --seed a non-negative integer');
  process.exit(2);
}
const dirs = positionals.length > 0 ? positionals : DEFAULT_DIRS;

// Several people edit one work tree: figures made with someone's uncommitted preprocessing would be of no commit.
const dirty = spawnSync('git', ['status', '--porcelain', '--', 'functions/core/image'], { encoding: 'utf8' }).stdout?.trim();
if (dirty) console.warn(`upload-kinds: warning: uncommitted changes in the pipeline, the figures include them:\n${dirty}`);

try {
  await useWasmBackend();
  const started = performance.now();
  const rendered = await renderUploads({
    perClass,
    seed,
    cache: !values['no-cache'],
    progress: (kind, done, total, cached) =>
      console.log(`${cached ? 'cached' : 'rendered'} ${kind} (${done}/${total}) at ${((performance.now() - started) / 1000).toFixed(0)} s`),
  });
  for (const dir of dirs) {
    const path = join(dir, METRICS_FILE);
    const metrics = JSON.parse(readFileSync(path, 'utf8')) as ModelMetrics;
    const model = await loadModelFromDir(dir);
    metrics.uploadKinds = scoreUploads(model, rendered);
    model.dispose();
    // Only this field changes; the rest of the file is rewritten as training writes it.
    writeFileSync(path, `${JSON.stringify(metrics, null, 2)}\n`);
    const { raw, kinds } = metrics.uploadKinds;
    console.log(`${path}: raw ${pct(raw.accuracy)}; ${kinds.map((k) => `${k.name} ${pct(k.accuracy)}`).join(', ')}`);
  }
} catch (error) {
  console.error(`upload-kinds: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
