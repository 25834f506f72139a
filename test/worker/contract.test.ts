// Integration: the OpenAPI document, the self-hosted reference page, CORS and security headers.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

describe('API contract', () => {
  it('serves an OpenAPI 3.1 document describing every route and its responses', async () => {
    const res = await SELF.fetch('http://localhost/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/health'].get.responses).toHaveProperty('200');
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        // Every operation documents at least one success and, for POSTs, its error responses.
        const codes = Object.keys(op.responses);
        expect(codes.some((c) => c.startsWith('2')), `${method} ${path}`).toBe(true);
        if (method === 'post') expect(codes, `${method} ${path}`).toContain('400');
      }
    }
  });

  it('serves the reference page with no script from another origin and no inline script', async () => {
    const res = await SELF.fetch('http://localhost/api/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    const srcs = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toEqual(['/vendor/scalar/standalone.js', '/api/docs/init.js']);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const init = await SELF.fetch('http://localhost/api/docs/init.js');
    expect(init.headers.get('content-type')).toMatch(/javascript/);
    expect(await init.text()).toContain("url: '/api/openapi.json'");
  });
});

describe('CORS and headers', () => {
  it('allows localhost origins and echoes them', async () => {
    const res = await SELF.fetch('http://localhost/api/health', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('does not allow an unknown origin', async () => {
    const res = await SELF.fetch('http://localhost/api/health', { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from an allowed origin', async () => {
    const res = await SELF.fetch('http://localhost/api/health', {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:8787', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('sets nosniff and a referrer policy on API responses', async () => {
    const res = await SELF.fetch('http://localhost/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
