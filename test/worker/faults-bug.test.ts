// Integration, fault: a bug (an unexpected throw inside a route) is a 500 with a generic message, logged once with
// the method, path and error, and never with the request's data. Injected by mocking the K-Means module in this
// test's own isolate; the rest of the API keeps answering.
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ORIGIN } from './fuzz-inputs';

vi.mock('../../functions/core/cluster/kmeans', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/core/cluster/kmeans')>();
  return {
    ...real,
    kmeans: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    },
  };
});

/** A value that appears only in the upload, so any log line quoting the upload would contain it. */
const CANARY = 424242.4242;
const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
const logs = new Map<(typeof levels)[number], MockInstance>();
beforeAll(() => {
  for (const level of levels) logs.set(level, vi.spyOn(console, level).mockImplementation(() => {}));
});
afterAll(() => vi.restoreAllMocks());

describe('an unexpected error in a route', () => {
  it('is a 500 in the error shape with a generic message, logged without the upload', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/cluster/kmeans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ points: [[CANARY, 1], [2, 3], [4, 5]], nClusters: 2 }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal_error', message: 'internal error' } });

    const error = logs.get('error')!;
    expect(error.mock.calls).toHaveLength(1);
    const [line, thrown] = error.mock.calls[0] as [string, Error];
    expect(line).toBe('unhandled error on POST /api/cluster/kmeans:');
    expect(thrown).toBeInstanceOf(TypeError);
    const logged = [...logs.values()].flatMap((spy) => spy.mock.calls.flat()).map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a)));
    expect(logged.join('\n')).not.toContain(String(CANARY));
  });

  it('leaves the other routes answering', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/cluster/meanshift`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ points: [[0], [0.1], [5]], bandwidth: 1 }),
    });
    expect(res.status).toBe(200);
  });
});
