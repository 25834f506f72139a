// GET /api/docs: the API reference page (Scalar, self-hosted: it loads nothing from another origin).
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';

/** Scalar's standalone bundle is copied into the page's assets at build time (scripts/copy-docs-assets.mjs). */
const SCALAR_SRC = '/vendor/scalar/standalone.js';

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>edgelearn API reference</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="${SCALAR_SRC}"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// Kept out of the HTML so the page's Content-Security-Policy needs no inline scripts. Default fonts and the
// CORS proxy are Scalar's two calls to other origins: both off.
const init = `Scalar.createApiReference('#app', {
  url: '/api/openapi.json',
  withDefaultFonts: false,
  proxyUrl: '',
  telemetry: false,
  hideClientButton: true,
  agent: { disabled: true },
  mcp: { disabled: true },
});
`;

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  // Scalar injects its styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const docs = new Hono<AppEnv>()
  .get('/', (c) => {
    c.header('Content-Security-Policy', csp);
    return c.html(page);
  })
  .get('/init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(init);
  });
