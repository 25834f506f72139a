// A disk cache of rendered upload images (node_modules/.cache), keyed by the renderer's sources and the digits chosen:
// rendering is most of the cost of the upload-kind figures, and a change to preprocessing does not change the files.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'edgelearn-upload-kinds');
/** Everything the rendered bytes depend on besides the key's own values. */
const SOURCES = [
  'scripts/fixtures/upload-kinds.ts',
  'scripts/fixtures/mnist-digits.ts',
  'scripts/fixtures/raster.ts',
  'scripts/lib/node-png.ts',
  'functions/core/image/orientation.ts',
  'functions/core/random.ts',
  'package-lock.json',
];

export interface RenderCache {
  get(kind: string): Uint8Array[] | undefined;
  set(kind: string, images: readonly Uint8Array[]): void;
}

/** A cache for one set of digits; `key` holds whatever else decides the bytes (seed, indices, seeding scheme). */
export function renderCache(key: string): RenderCache {
  const hash = createHash('sha256').update(key);
  for (const source of SOURCES) hash.update(readFileSync(join(ROOT, source)));
  const dir = join(CACHE_DIR, hash.digest('hex').slice(0, 24));
  const file = (kind: string) => join(dir, `${kind}.bin`);
  return {
    get(kind) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file(kind));
      } catch {
        return undefined;
      }
      // [u32 length][bytes] per image.
      const images: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; ) {
        const length = bytes.readUInt32LE(at);
        images.push(new Uint8Array(bytes.subarray(at + 4, at + 4 + length)));
        at += 4 + length;
      }
      return images;
    },
    set(kind, images) {
      mkdirSync(dir, { recursive: true });
      const parts = images.flatMap((image) => {
        const length = Buffer.alloc(4);
        length.writeUInt32LE(image.length);
        return [length, image];
      });
      // Written whole then renamed, so an interrupted run never leaves half a file to be read back.
      const tmp = `${file(kind)}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat(parts));
      renameSync(tmp, file(kind));
    },
  };
}
