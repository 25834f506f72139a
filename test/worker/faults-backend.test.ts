// Integration, fault: tfjs's WASM module cannot be instantiated (as with a bad or missing binary in a deployment).
// /api/health says 503 with the reason, classification answers 503 without hanging, clustering keeps working.
// The fault is injected below the production code, in WebAssembly.instantiate of this test's own isolate.
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { expectError, ORIGIN, rawPngs } from './fuzz-inputs';

/** The runtime's WebAssembly object (the test project's types declare only WebAssembly's types, not the value). */
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface WasmApi {
  instantiate(module: WebAssembly.Module, imports?: object): Promise<unknown>;
  Module: { imports(module: WebAssembly.Module): { module: string }[] };
}
const instantiate = wasm.instantiate.bind(wasm);
/** The PNG decoder's module imports from wasm-bindgen's `wbg`; every other module here is tfjs's. */
const isPngDecoder = (module: WebAssembly.Module) => wasm.Module.imports(module).some((i) => i.module === 'wbg');
const linkError = new Error('WebAssembly.instantiate(): Import #0 "env" "memory": memory import must be a WebAssembly.Memory object');

let warn: MockInstance<typeof console.warn>;
beforeAll(() => {
  vi.spyOn(wasm, 'instantiate').mockImplementation((module, imports) =>
    isPngDecoder(module) ? instantiate(module, imports) : Promise.reject(linkError),
  );
  // tfjs reports a failed backend with console.warn; keep the test output clean and check what it said.
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

/** A hang would be a failure too: every answer must come well within the test's timeout. */
async function timed(request: Promise<Response>): Promise<Response> {
  const started = Date.now();
  const res = await request;
  expect(Date.now() - started).toBeLessThan(5000);
  return res;
}

describe('the WASM backend fails to start', () => {
  it('/api/health is 503 naming the backend failure and its cause', async () => {
    const res = await timed(SELF.fetch(`${ORIGIN}/api/health`));
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(503);
    expect(body).toEqual({
      status: 'unavailable',
      backend: null,
      simd: false,
      model: null,
      reason:
        'tfjs could not start the wasm backend: WebAssembly.instantiate(): Import #0 "env" "memory": memory import must be a WebAssembly.Memory object',
    });
    // tfjs itself warned about the failed backend; nothing else was logged.
    expect(warn.mock.calls.flat().join(' ')).toMatch(/Initialization of backend wasm failed/);
  });

  it('classification answers 503 model_unavailable, every time, without hanging', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await timed(
        SELF.fetch(`${ORIGIN}/api/digits/classify`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: rawPngs[i] }),
      );
      const { error } = await expectError(res, 503, 'model_unavailable');
      expect(error.message).toMatch(/^model unavailable: tfjs could not start the wasm backend/);
    }
  });

  it('clustering keeps working (and PNG decoding, which has its own WASM module, too)', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/cluster/meanshift`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ points: [[0], [0.1], [5], [5.1]], bandwidth: 1 }),
    });
    const body = (await res.json()) as { nClusters: number };
    expect(res.status).toBe(200);
    expect(body.nClusters).toBe(2);
    // The image is decoded and preprocessed (a blank one is refused for having no digit) before the model is needed.
    const blank = await SELF.fetch(`${ORIGIN}/api/digits/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pixels: new Array(784).fill(0) }),
    });
    await expectError(blank, 422, 'no_digit_found');
  });
});
