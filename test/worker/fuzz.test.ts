// Property-based (fast-check, seeded): whatever reaches any /api route, the answer is 2xx or a 4xx in the one JSON
// error shape within a bounded time; never a 5xx, never a hang, and nothing is logged about the upload.
import { env, SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import cardBaseline from '../fixtures/images/card-baseline.jpg?inline';
import cardCmyk from '../fixtures/images/card-cmyk.jpg?inline';
import cardGreyAlpha from '../fixtures/images/card-grey-alpha.png?inline';
import cardGrey16 from '../fixtures/images/card-grey16.png?inline';
import cardGrey1 from '../fixtures/images/card-grey1.png?inline';
import cardOrientation6 from '../fixtures/images/card-orientation-6.jpg?inline';
import cardPalette from '../fixtures/images/card-palette4-trns.png?inline';
import cardProgressive from '../fixtures/images/card-progressive.jpg?inline';
import encodeJpeg from 'jpeg-js/lib/encoder.js';
import worker from '../../functions/index';
import pixels from '../fixtures/digits/pixels.json';
import { bytesOf, drawnPngs, expectError, fixPngCrcs, ORIGIN, rawPngs } from './fuzz-inputs';

/** Same inputs on every run; a failure prints the seed and the path that replay it. Change it to explore others. */
const SEED = 20261203;
/** Per property: about 2 s in all on 2 cores; raise it for a longer local session. */
const RUNS = 300;
/** Longest any one answer may take. The fuzzed inputs are small: anything near this is a missing work guard. */
const ANSWER_MS = 10_000;
/**
 * The Worker's bindings with MAX_WORK at 1% of its default: a request that reaches its work guard then costs ~0.1 s of
 * CPU, leaving ANSWER_MS 100 times that for a loaded CI machine, and the guards are met more often. A loop that no
 * guard bounds (Mean Shift's steps, before they were counted) still runs for minutes and fails.
 */
const fuzzEnv = { ...env, MAX_WORK: String(Number(env.MAX_WORK) / 100) };
/** A property normally takes seconds; shrinking a slow counterexample could take hours, so the whole run is capped. */
const settings = { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true };
const PROPERTY_TIMEOUT = 600_000;

const fromDataUrl = (url: string) => bytesOf(url.slice(url.indexOf(',') + 1));

/** Real files of every kind the decoders handle: MNIST PNGs, PNG colour types and depths, JPEG variants. */
const seedFiles: Uint8Array[] = [
  rawPngs[0],
  rawPngs[1],
  drawnPngs[2],
  ...[cardGrey1, cardGrey16, cardGreyAlpha, cardPalette].map(fromDataUrl),
  ...[cardBaseline, cardCmyk, cardProgressive, cardOrientation6].map(fromDataUrl),
  // A baseline JPEG of an MNIST digit, greyscale as RGB.
  new Uint8Array(
    encodeJpeg({ data: Uint8Array.from(pixels[3].pixels.flatMap((v) => [v, v, v, 255])), width: 28, height: 28 }, 80).data,
  ),
];

interface Route {
  path: string;
  method: string;
}
const doc = (await (await SELF.fetch(`${ORIGIN}/api/openapi.json`)).json()) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};
const documented: Route[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.keys(ops).map((method) => ({ path, method: method.toUpperCase() })),
);
const postPaths = documented.filter((r) => r.method === 'POST').map((r) => r.path);
const clusterPaths = postPaths.filter((p) => p.startsWith('/api/cluster/'));
const allPaths = [...new Set([...documented.map((r) => r.path), '/api/openapi.json', '/api/docs', '/api/docs/init.js'])];

/**
 * Sends one request to the Worker's fetch handler (functions/index.ts, with fuzzEnv's bindings) and fails the
 * property if the answer took longer than ANSWER_MS: a hang is a failure, not a slow pass. The race catches a
 * request that waits forever; the clock check catches one that computes for too long (no timer can fire while the
 * handler holds the isolate's thread). Not SELF.fetch: in this test pool every SELF request makes the next slower
 * (11 ms per request at first, 330 ms by the 1,200th, for a 404) while the handler itself stays at 0.1 ms; the real
 * HTTP path is loaded by `npm run load`.
 */
async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const what = `${init.method ?? 'GET'} ${path.slice(0, 300)}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_MS} ms: ${what}`)), ANSWER_MS);
  });
  const started = Date.now();
  const method = (init.method ?? 'GET').toLowerCase();
  const route = doc.paths[path.split('?')[0]]?.[method] ? `${method} ${path.split('?')[0]}` : undefined;
  let res: Response;
  try {
    res = await Promise.race([worker.fetch(new Request(`${ORIGIN}${path}`, init), fuzzEnv), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const took = Date.now() - started;
  if (took > ANSWER_MS) throw new Error(`answered after ${took} ms (limit ${ANSWER_MS} ms): ${what} ${String(init.body).slice(0, 300)}`);
  if (route) (answered.get(route) ?? answered.set(route, new Set()).get(route)!).add(String(res.status));
  return res;
}

/** Every status each documented operation answered during the fuzz, by "method path". */
const answered = new Map<string, Set<string>>();

/** 2xx, or 4xx with the error shape (HEAD and 204 have no body to check). Never 5xx. */
async function expectHandled(res: Response, method = 'GET'): Promise<void> {
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel();
    return;
  }
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if (method === 'HEAD') return;
  await expectError(res);
}

// Anything the Worker logs lands on these spies: the Worker runs in this isolate.
const logs: MockInstance[] = [];
beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) logs.push(vi.spyOn(console, level));
});
afterAll(() => {
  // No 500 happened, so the one logger (for bugs) never ran; nothing else logs, so no upload was ever logged.
  for (const spy of logs) expect(spy.mock.calls, spy.getMockName()).toEqual([]);
  vi.restoreAllMocks();
});

const contentTypes = fc.oneof(
  fc.constantFrom(
    'image/png',
    'image/jpeg',
    'application/json',
    'application/json; charset=utf-8',
    'text/csv',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data',
    'text/plain',
    'application/x-www-form-urlencoded',
    'IMAGE/PNG; q=1',
    '',
  ),
  fc.string({ maxLength: 40 }),
);

/** Unknown paths under /api, with odd characters percent-encoded as a client would send them. */
const unknownPath = fc
  .array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 })
  .map((parts) => `/api/${parts.map(encodeURIComponent).join('/')}`);

const queryString = fc
  .dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)), { maxKeys: 4 })
  .map((q) => {
    const s = new URLSearchParams(q).toString();
    return s ? `?${s}` : '';
  });

describe('fuzz: any route, any method, any bytes', () => {
  it('the routes walked come from the contract', () => {
    expect(postPaths).toContain('/api/digits/classify');
    expect(clusterPaths.length).toBeGreaterThanOrEqual(4);
    expect(allPaths).toContain('/api/health');
  });

  it(
    'answers 2xx or a 4xx JSON error',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constantFrom(...allPaths), unknownPath),
          queryString,
          fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
          fc.option(contentTypes, { nil: undefined }),
          fc.uint8Array({ maxLength: 4096 }),
          fc.option(fc.constantFrom('http://localhost:5173', 'https://evil.example', 'null'), { nil: undefined }),
          async (path, query, method, type, body, origin) => {
            const headers: Record<string, string> = {};
            if (type !== undefined) headers['content-type'] = type;
            if (origin !== undefined) headers.origin = origin;
            const hasBody = method !== 'GET' && method !== 'HEAD';
            const res = await send(`${path}${query}`, { method, headers, body: hasBody ? body : undefined });
            await expectHandled(res, method);
          },
        ),
        settings,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/** Ways to damage a file: cut it, flip bits, overwrite, insert or repeat bytes, rewrite the PNG size, fix CRCs. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('size' as const), width: fc.nat(), height: fc.nat() }),
);

function mutate(file: Uint8Array, m: MutationValue, fixCrcs: boolean): Uint8Array {
  const at = (i: number) => i % (file.length + 1);
  let out: Uint8Array;
  switch (m.kind) {
    case 'truncate':
      out = file.slice(0, at(m.at));
      break;
    case 'flip':
      out = file.slice();
      for (const i of m.at) out[i % out.length] ^= 1 << (i % 8);
      break;
    case 'overwrite':
      out = file.slice();
      out.set(m.bytes.subarray(0, Math.max(0, out.length - at(m.at))), at(m.at));
      break;
    case 'insert':
      out = new Uint8Array([...file.subarray(0, at(m.at)), ...m.bytes, ...file.subarray(at(m.at))]);
      break;
    case 'repeat': {
      const start = at(m.at);
      out = new Uint8Array([...file.subarray(0, start), ...file.subarray(start, start + m.length), ...file.subarray(start)]);
      break;
    }
    case 'size':
      out = file.slice();
      if (out[0] === 0x89 && out.length >= 24) {
        new DataView(out.buffer).setUint32(16, m.width);
        new DataView(out.buffer).setUint32(20, m.height);
      } else if (out.length >= 12) {
        // JPEG: rewrite the first SOFn's height and width, wherever it is.
        const sof = out.findIndex((b, i) => i > 1 && out[i - 1] === 0xff && b >= 0xc0 && b <= 0xc2);
        if (sof > 0 && sof + 8 < out.length) out.set([m.height >> 8, m.height, m.width >> 8, m.width], sof + 4);
      }
      break;
  }
  return fixCrcs && out[0] === 0x89 ? fixPngCrcs(out) : out;
}
type MutationValue = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

describe('fuzz: truncated and mutated PNG and JPEG files', () => {
  it(
    'POST /api/digits/classify answers 2xx or a 4xx JSON error, raw or among other files',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: seedFiles.length - 1 }),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          fc.constantFrom('raw', 'raw-wrong-type', 'multipart'),
          async (index, mutations, fixCrcs, how) => {
            const file = mutations.reduce((f, m) => mutate(f, m, fixCrcs), seedFiles[index]);
            let init: RequestInit;
            if (how === 'multipart') {
              const form = new FormData();
              form.append('image', new Blob([rawPngs[5]]), 'good.png');
              form.append('image', new Blob([file]), 'fuzzed');
              init = { method: 'POST', body: form };
            } else {
              const type = (file[0] === 0x89) === (how === 'raw') ? 'image/png' : 'image/jpeg';
              init = { method: 'POST', headers: { 'content-type': type }, body: file };
            }
            await expectHandled(await send('/api/digits/classify', init), 'POST');
          },
        ),
        settings,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/** Numbers a client might send, including the awkward ones JSON can carry. */
const number = fc.oneof(
  fc.integer({ min: -5, max: 300 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53, 0.5, 255.0001),
);
/** Any JSON value, shallow enough to stay small. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const value = fc.oneof({ weight: 3, arbitrary: number }, fc.constantFrom(null, true, 'auto', 'k-means++', 'random', '3'), anyJson);

/** A coordinate: mostly small and often repeated (the degenerate cases of K-Means and Mean Shift), sometimes extreme. */
const coordinate = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: number },
);
/** Well-formed points: n of d finite numbers; these reach the algorithms. */
const goodPoints = (d: number) => fc.array(fc.array(coordinate, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 80 });
/** Ragged, mixed, nested or empty: these must be refused, each for what it is. */
const badPoints = fc.array(fc.oneof(fc.array(value, { maxLength: 4 }), value), { maxLength: 10 });

/** Valid values for each clustering parameter, with the extremes (huge maxIter or nInit, zero tol) the work guards meet. */
const small = (min: number, max: number) => fc.integer({ min, max });
const bigOrSmall = (min: number, max: number) => fc.oneof({ weight: 5, arbitrary: small(min, max) }, fc.constantFrom(1e4, 1e6, 1e9, 2 ** 31 - 1));
const validParams = (d: number) => {
  const centres = fc.array(fc.array(coordinate, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 5 });
  const shared = {
    nClusters: bigOrSmall(1, 8),
    init: fc.oneof(fc.constantFrom('k-means++', 'random'), centres),
    nInit: fc.oneof(bigOrSmall(1, 5), fc.constant('auto')),
    maxIter: bigOrSmall(1, 50),
    tol: fc.oneof(fc.constantFrom(0, 1e-4, 1e-300, 10), fc.double({ min: 0, max: 1, noNaN: true })),
    seed: fc.oneof(small(0, 100), fc.constant(2 ** 32 - 1)),
  };
  return {
    kmeans: fc.record({ ...shared, algorithm: fc.constantFrom('auto', 'lloyd', 'hamerly', 'elkan') }, { requiredKeys: [] }),
    'minibatch-kmeans': fc.record(
      {
        ...shared,
        batchSize: bigOrSmall(1, 100),
        maxNoImprovement: fc.oneof(small(0, 20), fc.constant(null)),
        initSize: bigOrSmall(1, 100),
        reassignmentRatio: fc.double({ min: 0, max: 2, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
    meanshift: fc.record(
      {
        bandwidth: fc.oneof(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.constantFrom(1e-300, 1e300, 5e-324)),
        quantile: fc.double({ min: 0, max: 1, noNaN: true }),
        nSamples: bigOrSmall(1, 80),
        seeds: centres,
        binSeeding: fc.boolean(),
        minBinFreq: bigOrSmall(1, 5),
        clusterAll: fc.boolean(),
        maxIter: fc.oneof(small(0, 300), fc.constant(1e9)),
        seed: shared.seed,
      },
      { requiredKeys: [] },
    ),
    elbow: fc.record(
      {
        kMin: small(1, 4),
        kMax: fc.oneof(small(1, 10), fc.constant(60)),
        init: fc.constantFrom('k-means++', 'random'),
        nInit: shared.nInit,
        maxIter: shared.maxIter,
        tol: shared.tol,
        algorithm: fc.constantFrom('auto', 'lloyd', 'hamerly'),
        seed: shared.seed,
        silhouetteSampleSize: bigOrSmall(2, 100),
      },
      { requiredKeys: [] },
    ),
  } as Record<string, fc.Arbitrary<Record<string, unknown>>>;
};

const clusterParams = [
  'nClusters', 'init', 'nInit', 'maxIter', 'tol', 'algorithm', 'seed', 'batchSize', 'maxNoImprovement', 'initSize',
  'reassignmentRatio', 'bandwidth', 'quantile', 'nSamples', 'seeds', 'binSeeding', 'minBinFreq', 'clusterAll',
  'kMin', 'kMax', 'silhouetteSampleSize', 'trueLabels',
];

/**
 * A route and a body for it: mostly well-formed points with valid parameters (the algorithms' own edge cases),
 * sometimes one parameter of any type or an unknown one, sometimes bad points, sometimes any JSON at all.
 */
const clusterRequest = fc.constantFrom(...clusterPaths).chain((path) => {
  const route = path.slice('/api/cluster/'.length);
  // Elbow takes no trueLabels; the others score against them when sent (one small integer per point).
  const labelled = route !== 'elbow';
  const valid = fc.integer({ min: 1, max: 4 }).chain((d) =>
    fc.tuple(goodPoints(d), validParams(d)[route] ?? fc.constant({}), fc.boolean(), fc.array(small(0, 3), { minLength: 80, maxLength: 80 })),
  );
  const body = fc.oneof(
    {
      weight: 6,
      arbitrary: valid.map(([points, params, withLabels, labels]) => ({
        points,
        ...params,
        ...(labelled && withLabels ? { trueLabels: labels.slice(0, points.length) } : {}),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...clusterParams, 'points', 'unknown'), value)
        .map(([[points, params], key, v]) => ({ points, ...params, [key]: v })),
    },
    { weight: 1, arbitrary: badPoints.map((points) => ({ points })) },
    { weight: 1, arbitrary: anyJson },
  );
  return fc.tuple(fc.constant(path), body);
});

/** Pixels: a real digit with noise (classified), a blank or random image, 28 rows, one bad value, or any JSON. */
const pixelsBody = fc.oneof(
  fc
    .tuple(fc.nat({ max: pixels.length - 1 }), fc.array(fc.tuple(fc.nat({ max: 783 }), fc.double({ min: 0, max: 255, noNaN: true })), { maxLength: 100 }))
    .map(([i, noise]) => {
      const p = [...pixels[i].pixels];
      for (const [at, v] of noise) p[at] = v;
      return { pixels: p };
    }),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.double({ min: 0, max: 255, noNaN: true })), { minLength: 784, maxLength: 784 }).map((p) => ({ pixels: p })),
  fc
    .tuple(fc.nat({ max: pixels.length - 1 }), fc.boolean())
    .map(([i, asRows]) => (asRows ? Array.from({ length: 28 }, (_, r) => pixels[i].pixels.slice(r * 28, r * 28 + 28)) : pixels[i].pixels))
    .chain((p) => fc.tuple(fc.constant(p), fc.nat({ max: 783 }), value))
    .map(([p, at, v]) => {
      const copy = structuredClone(p) as unknown[];
      if (Array.isArray(copy[0])) (copy[Math.floor(at / 28)] as unknown[])[at % 28] = v;
      else copy[at] = v;
      return { pixels: copy };
    }),
  fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 27, maxLength: 29 }), { minLength: 27, maxLength: 29 }).map((p) => ({ pixels: p })),
  fc.record({ pixels: anyJson }),
  anyJson,
);

describe('fuzz: random JSON shapes', () => {
  it('JSON nested a million levels deep is a 400 wherever it goes, not a stack overflow', async () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const bodies = [
      ['/api/digits/classify', `{"pixels":${deep}}`],
      ...clusterPaths.flatMap((p) => [
        [p, deep],
        [p, `{"points":${deep}}`],
        [p, `{"points":[[1],[2]],"init":${deep}}`],
      ]),
      ['/api/cluster/meanshift', `{"points":[[1]],"seeds":${deep}}`],
    ];
    for (const [path, body] of bodies) {
      const res = await send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await expectError(res, 400);
    }
  });

  it(
    'clustering routes answer 2xx or a 4xx JSON error',
    async () => {
      await fc.assert(
        fc.asyncProperty(clusterRequest, async ([path, body]) => {
          const res = await send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          await expectHandled(res, 'POST');
        }),
        settings,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'classify answers 2xx or a 4xx JSON error to any pixels',
    async () => {
      await fc.assert(
        fc.asyncProperty(pixelsBody, async (body) => {
          const res = await send('/api/digits/classify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          await expectHandled(res, 'POST');
        }),
        settings,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/** A CSV cell: numbers mostly, else blanks, quotes, words, the spellings of infinity and not-a-number. */
const cell = fc.oneof(
  { weight: 30, arbitrary: coordinate.map(String) },
  fc.constantFrom('', ' ', '"1"', '"a,b"', 'NaN', 'Infinity', '-Infinity', '1e999', 'null', '0x10', '١٢', '"'),
  fc.string({ maxLength: 8 }),
);
/** A table: named columns (sometimes odd names), rows of cells (sometimes short or long), any line ending, a BOM. */
const csv = fc
  .record({
    header: fc.oneof(
      { weight: 4, arbitrary: fc.subarray(['x', 'y', 'z', 'w'], { minLength: 1 }) },
      fc.array(fc.oneof(fc.constantFrom('x', 'y', 'label'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 }),
    ),
    // Half the tables are all numbers (these reach the algorithms), half have odd cells anywhere.
    rows: fc.oneof(
      fc.array(fc.array(coordinate.map(String), { minLength: 1, maxLength: 5 }), { maxLength: 60 }),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 60 }),
    ),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
  })
  .map(({ header, rows, eol, bom }) => {
    // Most rows as wide as the header, so most tables are well formed.
    const fitted = rows.map((r, i) => (i % 5 === 4 ? r : header.map((_, j) => r[j % r.length])));
    return `${bom ? '\ufeff' : ''}${[header, ...fitted].map((r) => r.join(',')).join(eol)}`;
  });
/** The query of a CSV request: the route's parameters as text (valid most of the time), columns, odd keys. */
const csvRequest = fc.constantFrom(...clusterPaths).chain((path) => {
  const route = path.slice('/api/cluster/'.length);
  const params = (validParams(1)[route] ?? fc.constant({})).map((p) =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)])),
  );
  const odd = fc.dictionary(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom('columns', ...clusterParams) }, fc.string({ maxLength: 6 })),
    fc.oneof(fc.constantFrom('x,y', 'x', 'nope', 'true', 'null', '[[0,0],[1,1]]', '[', '1e999', '-1', ''), fc.string({ maxLength: 10 })),
    { maxKeys: 2 },
  );
  const query = fc
    .tuple(fc.oneof({ weight: 3, arbitrary: params }, fc.constant({})), fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, odd))
    .map(([p, extra]) => new URLSearchParams({ ...p, ...extra }).toString());
  return fc.tuple(fc.constant(path), csv, query);
});

describe('fuzz: random CSV', () => {
  it(
    'clustering routes answer 2xx or a 4xx JSON error to any CSV and query',
    async () => {
      await fc.assert(
        fc.asyncProperty(csvRequest, async ([path, body, query]) => {
          const res = await send(`${path}${query ? `?${query}` : ''}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
          await expectHandled(res, 'POST');
        }),
        settings,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('fuzz: GET query strings', () => {
  const blobsParams = ['nSamples', 'centers', 'nFeatures', 'clusterStd', 'centerBox', 'shuffle', 'seed'];
  const queryValue = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 50 }).map(String) },
    fc.constantFrom('1e308', '-1', '0', '1.5', '1e9', '200001', 'true', 'null', '1,2;3,4', '1,2;3', '-1e308,1e308', '5,1', '', 'NaN'),
    fc.string({ maxLength: 10 }),
  );
  it(
    'every documented GET answers 2xx or a 4xx JSON error to any query',
    async () => {
      const gets = documented.filter((r) => r.method === 'GET').map((r) => r.path);
      expect(gets).toContain('/api/datasets/blobs');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...gets),
          fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...blobsParams) }, fc.string({ maxLength: 6 })), queryValue, { maxKeys: 5 }),
          async (path, query) => {
            const q = new URLSearchParams(query).toString();
            await expectHandled(await send(`${path}${q ? `?${q}` : ''}`));
          },
        ),
        settings,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('one contract', () => {
  it('every status a documented operation answered above is documented for it, with the error schema for errors', () => {
    expect(answered.size).toBeGreaterThanOrEqual(documented.length - 1);
    for (const [route, statuses] of answered) {
      const [method, path] = route.split(' ');
      const responses = doc.paths[path][method].responses as Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
      for (const status of statuses) {
        expect(Object.keys(responses), `${route} answered ${status}`).toContain(status);
        if (Number(status) >= 400 && path !== '/api/health') {
          expect(responses[status].content?.['application/json']?.schema?.$ref, `${route} ${status}`).toBe('#/components/schemas/Error');
        }
      }
    }
  });
});
