// Browser tests' global setup: builds the page when it is missing or stale, starts `wrangler dev` on a free port,
// waits for /api/health, provides the URL to tests, and stops the whole process group afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = join(import.meta.dirname, '..', '..');
const quiet = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The page is rebuilt when web/dist is missing or older than its sources. */
function pageIsStale(): boolean {
  const built = join(root, 'web', 'dist', 'index.html');
  if (!existsSync(built) || !existsSync(join(root, 'web', 'dist', 'assets'))) return true;
  const sources = Math.max(
    newestMtime(join(root, 'web', 'src')),
    statSync(join(root, 'web', 'index.html')).mtimeMs,
    statSync(join(root, 'web', 'vite.config.ts')).mtimeMs,
    // The page imports shared code from here (digit contract, CSV reader, clustering defaults).
    newestMtime(join(root, 'functions', 'core')),
  );
  return statSync(built).mtimeMs < sources;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
      // 200 = ready; 503 = the Worker answers but the model is not usable (tests then fail with a clear message).
      if (res.status === 200 || res.status === 503) {
        if (res.status === 503) console.warn(`[browser tests] /api/health is 503: ${await res.text()}`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not answer /api/health within ${timeoutMs / 1000} s:\n${log()}`);
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const pid = child.pid;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Stragglers in the group (workerd) go too.
      kill('SIGKILL');
      resolve();
    });
    kill('SIGTERM');
  });
}

export default async function setup(project: TestProject) {
  if (pageIsStale()) {
    // Vitest sets NODE_ENV=test, which would make Vite keep development-only code: build what users get.
    const env = { ...process.env, ...quiet, NODE_ENV: 'production' };
    const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit', env });
    if (build.status !== 0) throw new Error('npm run build:web failed');
  }
  const port = process.env.BROWSER_TEST_PORT ? Number(process.env.BROWSER_TEST_PORT) : await freePort();
  const inspectorPort = await freePort();
  const child = spawn(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false'],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...quiet, NO_COLOR: '1', CI: '1' } },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (err) {
    await stopGroup(child);
    throw err;
  }
  project.provide('baseUrl', url);
  return async () => {
    await stopGroup(child);
  };
}
