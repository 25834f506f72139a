// Under `wrangler dev`: the page's security headers (web/public/_headers) reach the browser on every kind of asset,
// and the API reference page renders in Chromium while requesting nothing from another origin.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openPage, type Session } from './harness';

const baseUrl = inject('baseUrl');

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers reach the browser', () => {
  it('on the page, a client-side route, its script and its stylesheet', async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const path of ['/', '/clusters', ...assets]) {
      const res = await fetch(`${baseUrl}${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
      const csp = directives(res.headers.get('content-security-policy'));
      // No inline scripts and nothing from another origin: script-src is exactly 'self'.
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('and the page has no inline script for that policy to block', async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\//);
      expect(body.trim()).toBe('');
    }
  });
});

describe('the API reference page in Chromium', () => {
  let session: Session;
  beforeAll(async () => {
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('renders every route from /api/openapi.json and requests nothing from another origin', async () => {
    const requested: string[] = [];
    session.context.on('request', (req) => requested.push(req.url()));
    const { page, foreign, errors } = await openPage(session, baseUrl, '/api/docs');
    // Scalar draws each operation's summary once the document has loaded.
    for (const summary of ['Classify handwritten digits', 'K-Means (scikit-learn KMeans)', 'Service health']) {
      await page.getByText(summary).first().waitFor({ timeout: 60_000 });
    }
    // Late requests (fonts, telemetry) would come after the first render: wait until none has started for 2 s.
    // (Playwright's 'networkidle' never settles on this page, though only these four requests are ever made.)
    for (let seen = -1, waited = 0; seen !== requested.length && waited < 20_000; waited += 2000) {
      seen = requested.length;
      await page.waitForTimeout(2000);
    }
    expect(requested.map((u) => u.slice(baseUrl.length)).sort()).toEqual([
      '/api/docs',
      '/api/docs/init.js',
      '/api/openapi.json',
      '/vendor/scalar/standalone.js',
    ]);
    expect(foreign).toEqual([]);
    // A CSP violation (an inline script, a font from a CDN) would be logged as a console error.
    expect(errors).toEqual([]);
  });
});
