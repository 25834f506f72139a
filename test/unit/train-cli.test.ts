// The training CLI's flag handling: bad flags print a clear message and exit with status 2 before any training.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('npm run train flags', () => {
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--epochs', 'two'], /--epochs must be a positive integer, got 'two'/],
    [['--limit', '0'], /--limit must be a positive integer, got '0'/],
    [['--threads', '0'], /--threads must be a positive integer, got '0'/],
    [['--recipe', 'huge'], /unknown recipe 'huge'; known: reference/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('%j exits 2 with a clear message', (args, message) => {
    const { status, stderr } = runCli(...args);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: npm run train/);
    expect(status).toBe(2);
  });

  it('--help prints the usage and exits 0', () => {
    const { status, stdout } = runCli('--help');
    expect(stdout).toMatch(/--recipe\s+architecture and settings/);
    expect(status).toBe(0);
  });
});
