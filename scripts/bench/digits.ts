// Bench section `digits`: one 28x28 MNIST PNG classified inside workerd, WASM-SIMD vs tfjs's `cpu` backend,
// plus the Worker's gzipped bundle size. `npm run bench -- --only digits`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unstable_startWorker } from 'wrangler';
import { benchDigitPng } from './digits-input';

type Task = 'infer' | 'pipeline' | 'route' | 'decode' | 'preprocess';
type Backend = 'wasm' | 'cpu';

const SAMPLES = 15;
/** local workerd's clock moves in whole milliseconds: each sample runs long enough for a <3% rounding error. */
const SAMPLE_MS = 40;

const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (ms: number) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

interface BundleSize {
  totalKiB: number;
  gzipKiB: number;
  parts: { name: string; bytes: number; gzipBytes: number }[];
}

/** What `wrangler deploy` would upload: wrangler's own total, plus each file gzipped by us. */
function bundleSize(): BundleSize {
  const outdir = mkdtempSync(join(tmpdir(), 'edgelearn-dist-'));
  try {
    const log = execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
      env: wranglerEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(log);
    if (!match) throw new Error(`no size line in wrangler's output:\n${log}`);
    const parts = readdirSync(outdir)
      .filter((f) => !f.endsWith('.map') && f !== 'README.md')
      .map((f) => {
        const bytes = readFileSync(join(outdir, f));
        return { name: f.replace(/^[0-9a-f]{40}-/, ''), bytes: statSync(join(outdir, f)).size, gzipBytes: gzipSync(bytes).length };
      })
      .sort((a, b) => b.gzipBytes - a.gzipBytes);
    return { totalKiB: Number(match[1]), gzipKiB: Number(match[2]), parts };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export async function bench(): Promise<string> {
  Object.assign(process.env, wranglerEnv);
  const png = await benchDigitPng();
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    entrypoint: 'scripts/bench/digits-worker.ts',
    dev: { server: { port: 0 }, inspector: false, watch: false, logLevel: 'warn' },
  });
  const results = new Map<string, number[]>();
  const loadBefore = loadavg()[0];
  let coldStartMs = Number.NaN;
  try {
    await worker.ready;
    const sample = async (task: Task, backend: Backend, iterations: number) => {
      const res = await worker.fetch(`http://localhost/api/bench?task=${task}&backend=${backend}&iterations=${iterations}`, {
        method: 'POST',
        body: png,
      });
      if (!res.ok) throw new Error(`bench worker: ${res.status} ${await res.text()}`);
      return (await res.json()) as { ms: number; loadMs: number; backend: string };
    };

    // Warm up each combination, then size the iterations so one sample lasts about SAMPLE_MS.
    const plan: [Task, Backend][] = [
      ['infer', 'wasm'],
      ['infer', 'cpu'],
      ['pipeline', 'wasm'],
      ['pipeline', 'cpu'],
      ['route', 'wasm'],
      // Not tfjs: the same on either backend, measured once to show where the pipeline's time goes.
      ['decode', 'wasm'],
      ['preprocess', 'wasm'],
    ];
    const iterations = new Map<string, number>();
    for (const [task, backend] of plan) {
      const first = await sample(task, backend, 1);
      if (Number.isNaN(coldStartMs)) coldStartMs = first.loadMs;
      if (first.backend !== backend) throw new Error(`asked for ${backend}, ran on ${first.backend}`);
      const probe = await sample(task, backend, 10);
      iterations.set(`${task}/${backend}`, Math.max(3, Math.ceil(SAMPLE_MS / Math.max(probe.ms / 10, 0.05))));
    }
    // Interleaved, so a burst of load from other processes hits every combination alike.
    for (let s = 0; s < SAMPLES; s++) {
      for (const [task, backend] of plan) {
        const key = `${task}/${backend}`;
        const n = iterations.get(key)!;
        const { ms } = await sample(task, backend, n);
        results.set(key, [...(results.get(key) ?? []), ms / n]);
      }
    }
  } finally {
    await worker.dispose();
  }

  const loadAfter = loadavg()[0];
  const m = (key: string) => median(results.get(key)!);
  const row = (label: string, task: Task) => {
    const wasm = m(`${task}/wasm`);
    const cpu = results.has(`${task}/cpu`) ? m(`${task}/cpu`) : undefined;
    return `| ${label} | ${fmt(wasm)} | ${cpu === undefined ? '—' : fmt(cpu)} | ${cpu === undefined ? '—' : `${(cpu / wasm).toFixed(1)}x`} |`;
  };
  const size = bundleSize();
  const top = size.parts
    .slice(0, 6)
    .map((p) => `${p.name} ${(p.gzipBytes / 1024).toFixed(0)} KiB`)
    .join(', ');

  return [
    '### Digits: inference inside workerd',
    '',
    'One real MNIST test digit as a 28x28 PNG, classified inside local workerd (wrangler `unstable_startWorker`, a',
    'bench-only entry that is never deployed). Median of ' +
      `${SAMPLES} interleaved samples; each sample times enough iterations to last ~${SAMPLE_MS} ms, because`,
    "workerd's clock moves in whole milliseconds. Same model, same weights, same isolate; only the tfjs backend differs.",
    `Machine: ${cpus().length} cores, 1-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after ` +
      'the run (other work on the machine inflates every figure alike; the ratios hold better than the absolute times).',
    '',
    '| one image, ms | WASM-SIMD | tfjs `cpu` | cpu / WASM-SIMD |',
    '|---|---:|---:|---:|',
    row('inference alone (tensor in, probabilities out)', 'infer'),
    row('decode PNG + preprocess + inference', 'pipeline'),
    row('whole route in-isolate (Hono, validation, JSON answer)', 'route'),
    row('of which: decode PNG (@jsquash/png WASM)', 'decode'),
    row('of which: MNIST-style preprocessing', 'preprocess'),
    '',
    `Cold start (backend init + model load, first request of an isolate): ${fmt(coldStartMs)} ms.`,
    '',
    `Worker bundle (\`wrangler deploy --dry-run --outdir\`): ${size.totalKiB.toFixed(0)} KiB, ` +
      `**${size.gzipKiB.toFixed(0)} KiB gzipped**. Largest parts gzipped: ${top}.`,
    '',
    'Command: `npm run bench -- --only digits`',
  ].join('\n');
}
