// Starts `wrangler dev` on free 127.0.0.1 ports (HTTP and inspector) for load and memory checks, waits until
// /api/health answers, and stops the whole process group (wrangler and workerd) afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** Without these, each start waits on a blocked lookup and may phone home. */
export const quietWrangler = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

export interface WranglerDev {
  url: string;
  inspectorPort: number;
  /** The last 20,000 characters wrangler printed. */
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
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

/** wrangler refuses to start without the [assets] directory: build the page when it has never been built. */
export function ensurePageBuilt(): void {
  if (existsSync(join(root, 'web', 'dist', 'index.html'))) return;
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...quietWrangler } });
  if (build.status !== 0) throw new Error('npm run build:web failed');
}

export async function startWranglerDev(options: { timeoutMs?: number } = {}): Promise<WranglerDev> {
  const timeoutMs = options.timeoutMs ?? 150_000;
  ensurePageBuilt();
  const port = await freePort();
  const inspectorPort = await freePort();
  const child = spawn(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false'],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...quietWrangler, NO_COLOR: '1', CI: '1' } },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      const pid = child.pid;
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-pid, signal); // the group: wrangler and the workerd it started
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(() => kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        kill('SIGKILL');
        resolve();
      });
      kill('SIGTERM');
    });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(30_000) });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer /api/health within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, inspectorPort, log: () => output, stop };
}
