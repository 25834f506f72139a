// `npm run dev`: live reload while developing. `wrangler dev` serves the API (it reloads on changes to functions/),
// and Vite's dev server serves the page with hot reload, forwarding /api to wrangler. Open the Vite URL it prints.
import { spawn } from 'node:child_process';
import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';

const root = join(import.meta.dirname, '..');
const apiPort = Number(process.env.API_PORT ?? 8787);
const pagePort = Number(process.env.PORT ?? 5173);

// wrangler refuses to start when the [assets] directory is missing; the page itself comes from Vite here.
const dist = join(root, 'web', 'dist');
if (!existsSync(dist)) {
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>edgelearn</title><p>Run <code>npm run build:web</code>.</p>\n');
}

const wrangler = spawn(join(root, 'node_modules', '.bin', 'wrangler'), ['dev', '--ip', '127.0.0.1', '--port', String(apiPort)], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_HIDE_BANNER: 'true', ...process.env },
});

process.env.EDGELEARN_API = `http://127.0.0.1:${apiPort}`;
const vite = await createServer({ root: join(root, 'web'), server: { port: pagePort, strictPort: true } });
await vite.listen();
vite.printUrls();
console.log(`API: http://127.0.0.1:${apiPort} (wrangler dev); the page at the URL above reloads on every change in web/.`);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-wrangler.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await vite.close().catch(() => {});
  process.exit(code);
}
wrangler.on('exit', (code) => {
  if (!stopping) {
    console.error(`wrangler dev exited (${code}); stopping.`);
    void stop(code ?? 1);
  }
});
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
