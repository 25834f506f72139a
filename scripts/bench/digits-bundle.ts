// What `wrangler deploy` would upload for a Worker serving a given model: wrangler's own total and each file gzipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { deployConfig, weightsFile, WRANGLER_CONFIG, type ModelName } from './digits-models';

export interface BundleSize {
  totalKiB: number;
  gzipKiB: number;
  parts: { name: string; bytes: number; gzipBytes: number }[];
}

export function bundleSize(model: ModelName, env: NodeJS.ProcessEnv): BundleSize {
  const outdir = mkdtempSync(join(tmpdir(), 'edgelearn-dist-'));
  const config = deployConfig(model);
  try {
    const log = execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--config', config, '--outdir', outdir], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(log);
    if (!match) throw new Error(`no size line in wrangler's output:\n${log}`);
    const parts = readdirSync(outdir)
      .filter((f) => !f.endsWith('.map') && f !== 'README.md')
      .map((f) => {
        const bytes = readFileSync(join(outdir, f));
        return { name: f.replace(/^[0-9a-f]{40}-/, ''), bytes: statSync(join(outdir, f)).size, gzipBytes: gzipSync(bytes).length };
      })
      .sort((a, b) => b.gzipBytes - a.gzipBytes);
    // The alias matches import specifiers exactly: if served-model.ts were ever imported another way, the
    // "reference" bundle would silently hold the default model too. Exactly one weight file, the model's own.
    const weights = parts.filter((p) => p.name === 'weights.bin');
    if (weights.length !== 1 || weights[0].bytes !== statSync(weightsFile(model)).size) {
      const sizes = weights.map((w) => w.bytes).join(' and ') || 'none';
      throw new Error(`the ${model} bundle's weight files are ${sizes} bytes; expected only ${weightsFile(model)}`);
    }
    return { totalKiB: Number(match[1]), gzipKiB: Number(match[2]), parts };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    if (config !== WRANGLER_CONFIG) rmSync(dirname(config), { recursive: true, force: true });
  }
}
