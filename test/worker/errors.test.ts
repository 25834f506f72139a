// Integration: routing errors come back in the one JSON error shape with the right status.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('routing errors', () => {
  it('answers an unknown /api route with a JSON 404', async () => {
    const res = await SELF.fetch('http://localhost/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/nope' } });
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const res = await SELF.fetch('http://localhost/api/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('method_not_allowed');
  });
});
