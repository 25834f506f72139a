// The two models the digits bench compares, and how a Worker serving each is built without touching the product:
// `default` is wrangler.toml as deployed; `reference` is the same build with served-model.ts swapped, at bundle
// time, for reference-served-model.ts (wrangler's `alias`, which matches import specifiers exactly).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { experimental_readRawConfig, unstable_startWorker } from 'wrangler';

export type ModelName = 'default' | 'reference';
export const MODELS: readonly ModelName[] = ['default', 'reference'];

export const WRANGLER_CONFIG = 'wrangler.toml';

/** Every specifier under which served-model.ts is imported by the Worker or the bench entry. */
const SERVED_MODEL_SPECIFIERS = ['./served-model', '../runtime/served-model', '../../functions/runtime/served-model'];

/** Build-time alias that makes a Worker serve `model`; none for the product's own. */
export function modelAlias(model: ModelName): Record<string, string> | undefined {
  if (model === 'default') return undefined;
  const shim = resolve('scripts/bench/reference-served-model.ts');
  return Object.fromEntries(SERVED_MODEL_SPECIFIERS.map((s) => [s, shim]));
}

export type BenchWorker = Awaited<ReturnType<typeof unstable_startWorker>>;

/** A ready local workerd running the bench entry (digits-worker.ts) built to serve `model`. */
export async function startBenchWorker(model: ModelName): Promise<BenchWorker> {
  const worker = await unstable_startWorker({
    config: WRANGLER_CONFIG,
    entrypoint: 'scripts/bench/digits-worker.ts',
    build: { alias: modelAlias(model) },
    dev: { server: { port: 0 }, inspector: false, watch: false, logLevel: 'warn' },
  });
  try {
    await worker.ready;
  } catch (err) {
    await worker.dispose();
    throw err;
  }
  return worker;
}

/** After a build error `ready` still resolves but requests wait forever for a fix: fail the bench instead. */
const FETCH_TIMEOUT_MS = 120_000;

export async function benchFetch(worker: BenchWorker, url: string, init?: Parameters<BenchWorker['fetch']>[1]) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${url} in ${FETCH_TIMEOUT_MS / 1000} s (build error above?)`)), FETCH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([worker.fetch(url, init), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The weight file a Worker serving `model` must bundle: how the bench checks the alias took effect. */
export const weightsFile = (model: ModelName) => `model/${model}/weights.bin`;

/**
 * A wrangler config for `wrangler deploy --dry-run` of the Worker serving `model`: wrangler.toml itself for the
 * default; for the reference, wrangler.toml's settings with the alias, written to a temp dir (paths made
 * absolute). `wrangler deploy --alias` would be simpler but 4.86.0 ignores it.
 */
export function deployConfig(model: ModelName): string {
  const alias = modelAlias(model);
  if (!alias) return WRANGLER_CONFIG;
  const { rawConfig } = experimental_readRawConfig({ config: WRANGLER_CONFIG });
  if (!rawConfig.main || !rawConfig.assets?.directory) throw new Error(`${WRANGLER_CONFIG} has no main or assets.directory`);
  const config = {
    ...rawConfig,
    main: resolve(rawConfig.main),
    assets: { ...rawConfig.assets, directory: resolve(rawConfig.assets.directory) },
    alias: { ...rawConfig.alias, ...alias },
  };
  const path = join(mkdtempSync(join(tmpdir(), `edgelearn-${model}-`)), 'wrangler.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
