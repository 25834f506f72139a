// `npm run load`: 10,000 requests against `wrangler dev` on 127.0.0.1 (bounded in count and time): real MNIST PNGs
// classified, K-Means on 2,000 points, and 20% bad inputs. Prints req/s, p50/p99 latency, 5xx and connection errors,
// and the Worker's JS heap after a full GC before and after; exits 1 on any 5xx, connection error, timeout or
// answer other than the one expected for its request.
import autocannon, { type Request } from 'autocannon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeBlobs } from '../functions/core/cluster/make-blobs';
import { toRows } from '../functions/core/cluster/points';
import { connectInspector, type HeapUsage } from './lib/inspector';
import { root, startWranglerDev } from './lib/wrangler-dev';

const { values: flags } = parseArgs({
  options: {
    amount: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '10' },
    /** The whole run is stopped (and fails) after this many seconds. */
    'max-seconds': { type: 'string', default: '600' },
  },
  strict: true,
});
const amount = Number(flags.amount);
const connections = Number(flags.connections);
const maxSeconds = Number(flags['max-seconds']);

interface Digit {
  png: string;
}
const fixture = (name: string) => JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'digits', name), 'utf8')) as Digit[];
const raw = fixture('raw.json');
const drawn = fixture('drawn.json');

/** A PNG whose IHDR claims 20000x20000 (valid CRC), refused from its header. */
function pngClaimingHuge(): Buffer {
  const png = Buffer.from(raw[0].png, 'base64');
  png.writeUInt32BE(20000, 16);
  png.writeUInt32BE(20000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const blobs = makeBlobs({ nSamples: 2000, centers: 5, clusterStd: 1.5, seed: 6 });
const points = toRows(blobs.points.data, 2);

interface Kind {
  name: string;
  expect: number;
  request: Request;
}
const png = (name: string, bytes: Buffer): Kind => ({
  name,
  expect: 200,
  request: { method: 'POST', path: '/api/digits/classify', headers: { 'content-type': 'image/png' }, body: bytes },
});
const json = { 'content-type': 'application/json' };
const kmeans = (seed: number): Kind => ({
  name: 'kmeans 2,000 points',
  expect: 200,
  request: { method: 'POST', path: '/api/cluster/kmeans', headers: json, body: JSON.stringify({ points, nClusters: 5, seed }) },
});
/** The 20% bad inputs, one of each kind per cycle. */
const bad: Kind[] = [
  { ...png('truncated PNG', Buffer.from(raw[1].png, 'base64').subarray(0, 60)), expect: 400 },
  { name: 'malformed JSON', expect: 400, request: { method: 'POST', path: '/api/cluster/kmeans', headers: json, body: '{"points": [[1, 2], [3' } },
  { name: 'unknown route', expect: 404, request: { method: 'GET', path: '/api/nope' } },
  { ...png('PNG claiming 20000x20000', pngClaimingHuge()), expect: 413 },
];
/** One cycle of 20 requests: 8 PNGs (4 raw 28x28, 4 drawn 280x280), 8 K-Means, 4 bad; each connection loops over it. */
const cycle: Kind[] = [];
for (let i = 0; i < 4; i++) {
  cycle.push(png('raw 28x28 PNG', Buffer.from(raw[10 + i].png, 'base64')), kmeans(i), png('drawn 280x280 PNG', Buffer.from(drawn[20 + i].png, 'base64')));
  cycle.push(kmeans(10 + i), bad[i]);
}

const counts = new Map<string, Map<number, number>>();
const unexpected: string[] = [];
const requests: Request[] = cycle.map((kind) => ({
  ...kind.request,
  onResponse(status: number, body: string) {
    const byStatus = counts.get(kind.name) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    counts.set(kind.name, byStatus);
    if (status !== kind.expect && unexpected.length < 10) unexpected.push(`${kind.name}: ${status} ${body.slice(0, 200)}`);
  },
}));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const mb = (h: HeapUsage) => `${(h.usedSize / 2 ** 20).toFixed(2)} MB`;

console.log(`starting wrangler dev (127.0.0.1, free port)...`);
const dev = await startWranglerDev();
let exitCode = 1;
try {
  const inspector = await connectInspector(dev.inspectorPort, 60_000);
  // Warm-up: the model loads, the JIT settles; then the heap is read after a full GC.
  for (const kind of cycle) {
    await fetch(`${dev.url}${kind.request.path}`, { method: kind.request.method, headers: kind.request.headers, body: kind.request.body }).then((r) => r.arrayBuffer());
  }
  const heapBefore = await inspector.heapAfterGc();

  console.log(`${amount} requests, ${connections} connections, against ${dev.url} (at most ${maxSeconds} s)`);
  const times: number[] = [];
  const instance = autocannon({ url: dev.url, connections, amount, timeout: 30, requests });
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  const watchdog = setTimeout(() => {
    console.error(`stopping: the run passed ${maxSeconds} s`);
    instance.stop();
  }, maxSeconds * 1000);
  const result = await instance;
  clearTimeout(watchdog);
  const heapAfter = await inspector.heapAfterGc();
  inspector.close();

  const sorted = [...times].sort((a, b) => a - b);
  const completed = times.length;
  // The median of each tenth of the run, in order: a Worker that slowed down as requests piled up would show here.
  const tenth = Math.max(1, Math.floor(completed / 10));
  const drift = Array.from({ length: Math.ceil(completed / tenth) }, (_, i) => {
    const part = times.slice(i * tenth, (i + 1) * tenth).sort((a, b) => a - b);
    return percentile(part, 50).toFixed(1);
  });
  const fiveXx = result['5xx'];
  const lines = [
    `completed: ${completed} of ${amount} requests in ${result.duration.toFixed(1)} s`,
    `requests/s: ${(completed / result.duration).toFixed(1)} (autocannon's per-second mean ${result.requests.mean.toFixed(1)})`,
    `latency ms: p50 ${percentile(sorted, 50).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)}`,
    `latency p50 by tenth of the run (ms): ${drift.join(', ')}`,
    `status classes: 2xx ${result['2xx']}, 4xx ${result['4xx']}, 5xx ${fiveXx}`,
    `connection errors: ${result.errors} (timeouts ${result.timeouts})`,
    ...[...counts].map(([name, byStatus]) => `  ${name}: ${[...byStatus].map(([s, n]) => `${s} x${n}`).join(', ')}`),
    `Worker JS heap after a full GC: ${mb(heapBefore)} before, ${mb(heapAfter)} after (${((heapAfter.usedSize - heapBefore.usedSize) / 1024).toFixed(0)} KB)`,
  ];
  console.log(lines.join('\n'));
  if (unexpected.length > 0) console.log(`unexpected answers (first ${unexpected.length}):\n  ${unexpected.join('\n  ')}`);
  const ok = fiveXx === 0 && result.errors === 0 && result.timeouts === 0 && unexpected.length === 0 && completed >= amount;
  console.log(ok ? 'OK: no 5xx, no connection errors, every answer as expected' : 'FAILED');
  exitCode = ok ? 0 : 1;
} finally {
  await dev.stop();
}
process.exit(exitCode);
