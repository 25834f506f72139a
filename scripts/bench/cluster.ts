// Bench section `cluster`: our K-Means, Mini-Batch K-Means and Mean Shift against scikit-learn's, same data, same run.
// `npm run bench -- --only cluster` (SKLEARN_THREADS=2 lets scikit-learn use both cores; default 1, like a Worker).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { estimateBandwidth } from '../../functions/core/cluster/estimate-bandwidth';
import { kmeans } from '../../functions/core/cluster/kmeans';
import { kmeansPlusPlus } from '../../functions/core/cluster/kmeans-plus-plus';
import { makeBlobs } from '../../functions/core/cluster/make-blobs';
import { meanShift } from '../../functions/core/cluster/mean-shift';
import { miniBatchKMeans } from '../../functions/core/cluster/minibatch-kmeans';
import { type Points, toRows } from '../../functions/core/cluster/points';
import { csvToPoints } from '../../functions/core/points/csv';
import { Random } from '../../functions/core/random';
import { median } from '../lib/stats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const THREADS = process.env.SKLEARN_THREADS ?? '1';

/** The scikit-learn side: one long-lived Python process answering JSON lines, so rounds can alternate. */
class Sklearn {
  private readonly proc = spawn('/usr/bin/python3', [join(root, 'scripts/bench/sklearn_bench.py')], {
    env: { ...process.env, OMP_NUM_THREADS: THREADS, OPENBLAS_NUM_THREADS: THREADS, MKL_NUM_THREADS: THREADS },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  private readonly lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();

  async next(): Promise<Record<string, unknown>> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('sklearn_bench.py exited');
    return JSON.parse(value as string) as Record<string, unknown>;
  }

  /** Sends one command; the answer of a `run` is a Run (fields absent when not applicable). */
  async send(cmd: Record<string, unknown>): Promise<Run> {
    this.proc.stdin.write(`${JSON.stringify(cmd)}\n`);
    return (await this.next()) as unknown as Run;
  }

  close(): void {
    this.proc.stdin.end();
  }
}

interface Run {
  ms: number;
  inertia?: number;
  nIter?: number;
  nSteps?: number;
  nClusters?: number;
}

interface Row {
  name: string;
  ours: Run[];
  theirs: Run[];
}

/** Alternates which side goes first each round, after one untimed warm-up each (JIT, caches). */
async function compare(
  name: string,
  rounds: number,
  ours: (round: number) => Run,
  theirs: (round: number) => Promise<Run>,
): Promise<Row> {
  console.error(`  ${name}`);
  ours(0);
  await theirs(0);
  const row: Row = { name, ours: [], theirs: [] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      row.ours.push(ours(r));
      row.theirs.push(await theirs(r));
    } else {
      row.theirs.push(await theirs(r));
      row.ours.push(ours(r));
    }
  }
  return row;
}

function time<T>(f: () => T): [number, T] {
  const start = performance.now();
  const result = f();
  return [performance.now() - start, result];
}

function writePoints(dir: string, name: string, x: Points): string {
  const path = join(dir, `${name}.f64`);
  writeFileSync(path, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
  return path;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function describe(runs: Run[]): string {
  const parts: string[] = [];
  const inertia = runs.map((r) => r.inertia).filter((v): v is number => v !== undefined);
  if (inertia.length) parts.push(`inertia ${median(inertia).toPrecision(7)}`);
  const iters = runs.map((r) => r.nIter).filter((v): v is number => v !== undefined);
  if (iters.length) parts.push(`${median(iters)} iter`);
  const steps = runs.map((r) => r.nSteps).filter((v): v is number => v !== undefined);
  if (steps.length) parts.push(`${median(steps)} steps`);
  const k = runs.map((r) => r.nClusters).filter((v): v is number => v !== undefined);
  if (k.length) parts.push(`${median(k)} clusters`);
  return parts.join(', ');
}

export async function bench(): Promise<string> {
  const loadBefore = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'edgelearn-cluster-bench-'));
  const sk = new Sklearn();
  const rows: Row[] = [];
  try {
    const ready = await sk.next();

    // The data: generated once (ours), written as float64, read by both sides.
    const blobs100k = makeBlobs({ nSamples: 100_000, centers: 8, seed: 0 }).points;
    const housing = csvToPoints(readFileSync(join(root, '../shared/data/housing.csv'), 'utf8'), {
      columns: ['median_income', 'latitude', 'longitude'],
    }).points;
    const demo = makeBlobs({ nSamples: 10_000, centers: [[1, 1], [-1, -1], [1, -1]], clusterStd: 0.6, seed: 0 }).points;
    const blobs1m = makeBlobs({ nSamples: 1_000_000, centers: 8, seed: 0 }).points;
    const sets = { blobs100k, housing, demo, blobs1m };
    for (const [name, x] of Object.entries(sets)) await sk.send({ op: 'load', name, path: writePoints(dir, name, x), d: x.d });

    const km = (name: keyof typeof sets, k: number, nInit: number, init?: number[][]) => (seed: number): Promise<Run> =>
      sk.send({ op: 'run', case: 'kmeans', name, nClusters: k, nInit, seed, ...(init ? { init } : {}) });

    // The two libraries' random streams differ, so one seed gives each a different start (and a different
    // number of iterations): round r uses seed r on both sides, and the medians compare like with like.
    rows.push(
      await compare('K-Means, 100,000 x 2, k = 8, one k-means++ init, seeds 0-8', 9, (r) => {
        const [ms, m] = time(() => kmeans(blobs100k, { nClusters: 8, nInit: 1, seed: r }));
        return { ms, inertia: m.inertia, nIter: m.nIter };
      }, km('blobs100k', 8, 1)),
    );
    // The same start on both sides: the same Lloyd iterations, so this row is speed alone.
    const start = toRows(kmeansPlusPlus(blobs100k, 8, new Random(0)).centers, 2);
    rows.push(
      await compare('K-Means, 100,000 x 2, k = 8, the same given start', 9, () => {
        const [ms, r] = time(() => kmeans(blobs100k, { init: start }));
        return { ms, inertia: r.inertia, nIter: r.nIter };
      }, () => km('blobs100k', 8, 1, start)(0)),
    );
    rows.push(
      await compare('K-Means, California housing (20,640 x 3), k = 6, ten inits, seeds 0-6', 7, (r) => {
        const [ms, m] = time(() => kmeans(housing, { nClusters: 6, nInit: 10, seed: r }));
        return { ms, inertia: m.inertia, nIter: m.nIter };
      }, km('housing', 6, 10)),
    );
    // The demo's bandwidth recipe (quantile 0.2 on 500 sampled points), computed once, given to both.
    const bandwidth = estimateBandwidth(demo, { quantile: 0.2, nSamples: 500, seed: 0 });
    rows.push(
      await compare(`Mean Shift, 10,000 x 2 (sklearn's demo), bin seeding, bandwidth ${bandwidth.toFixed(3)}`, 7, () => {
        const [ms, r] = time(() => meanShift(demo, { bandwidth, binSeeding: true }));
        return { ms, nClusters: r.nClusters, nIter: r.nIter };
      }, () => sk.send({ op: 'run', case: 'meanshift', name: 'demo', bandwidth })),
    );
    // Early stopping makes the number of steps depend on the random stream: round r uses seed r on both sides.
    rows.push(
      await compare('Mini-Batch K-Means, 1,000,000 x 2, k = 8, batch 1024, defaults (early stopping), seeds 0-4', 5, (r) => {
        const [ms, m] = time(() => miniBatchKMeans(blobs1m, { nClusters: 8, batchSize: 1024, seed: r }));
        return { ms, inertia: m.inertia, nIter: m.nIter, nSteps: m.nSteps };
      }, (r) => sk.send({ op: 'run', case: 'minibatch', name: 'blobs1m', nClusters: 8, batchSize: 1024, nInit: 3, seed: r })),
    );
    rows.push(
      await compare('Mini-Batch K-Means, 1,000,000 x 2, k = 8, one pass (976 steps, no early stop)', 5, (r) => {
        const [ms, m] = time(() => miniBatchKMeans(blobs1m, { nClusters: 8, batchSize: 1024, seed: r, maxIter: 1, maxNoImprovement: null }));
        return { ms, inertia: m.inertia, nIter: m.nIter, nSteps: m.nSteps };
      }, (r) => sk.send({ op: 'run', case: 'minibatch', name: 'blobs1m', nClusters: 8, batchSize: 1024, nInit: 3, seed: r, maxIter: 1, noEarlyStop: true })),
    );
    rows.push(
      await compare('estimate_bandwidth (quantile 0.3) on the 10,000 demo points', 3, () => {
        const [ms] = time(() => estimateBandwidth(demo, { quantile: 0.3 }));
        return { ms };
      }, () => sk.send({ op: 'run', case: 'bandwidth', name: 'demo', quantile: 0.3 })),
    );

    const loadAfter = loadavg()[0];
    const lines = [
      '### Clustering: ours vs scikit-learn, same data, same run',
      '',
      `Command: \`npm run bench -- --only cluster\`. Ours: TypeScript in Node ${process.version}, one thread. ` +
        `scikit-learn ${String(ready.sklearn)} (NumPy ${String(ready.numpy)}, Debian's python3-sklearn) with ` +
        `${THREADS} thread(s) (OMP/OpenBLAS). Times are medians of the rounds shown, alternating which side goes ` +
        `first, after a warm-up; only the fit is timed, on data already in memory. Machine: 2 cores shared with ` +
        `other work (1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end).`,
      '',
      '| case | rounds | ours (ms) | scikit-learn (ms) | scikit-learn / ours | ours | scikit-learn |',
      '|---|---|---|---|---|---|---|',
      ...rows.map((row) => {
        const o = median(row.ours.map((r) => r.ms));
        const t = median(row.theirs.map((r) => r.ms));
        return `| ${row.name} | ${row.ours.length} | ${fmt(o)} | ${fmt(t)} | **${(t / o).toFixed(2)}** | ${describe(row.ours)} | ${describe(row.theirs)} |`;
      }),
    ];
    return lines.join('\n');
  } finally {
    sk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
