// IDX parsing: header checks on hand-built bytes, and the real MNIST files through scripts/train/data.ts.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../functions/core/errors';
import {
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  parseIdxImages,
  parseIdxLabels,
} from '../../functions/core/mnist/idx';
import { loadSplit, MNIST_FILES, mnistDataDir } from '../../scripts/train/data';

function header(...words: number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w, false));
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Two 28x28 images: the first all 0 except pixel 0 = 255, the second all 7. */
function twoImages(): Uint8Array {
  const pixels = new Uint8Array(2 * 784);
  pixels[0] = 255;
  pixels.fill(7, 784);
  return concat(header(IDX_IMAGES_MAGIC, 2, 28, 28), pixels);
}

describe('parseIdxImages', () => {
  it('reads a good header and the pixels after it', () => {
    const parsed = parseIdxImages(twoImages(), 2);
    expect(parsed).toMatchObject({ count: 2, rows: 28, cols: 28 });
    expect(parsed.pixels.length).toBe(2 * 784);
    expect(parsed.pixels[0]).toBe(255);
    expect(parsed.pixels[1]).toBe(0);
    expect(parsed.pixels[784]).toBe(7);
  });

  it('refuses a wrong magic number (a labels file passed as images)', () => {
    const bytes = twoImages();
    new DataView(bytes.buffer).setUint32(0, IDX_LABELS_MAGIC, false);
    expect(() => parseIdxImages(bytes)).toThrow(/magic number 2049, expected 2051/);
    expect(() => parseIdxImages(bytes)).toThrow(InputError);
  });

  it('refuses a truncated file and one shorter than the header', () => {
    expect(() => parseIdxImages(twoImages().subarray(0, 16 + 784 + 100))).toThrow(/900 bytes, expected 1584 for 2 images/);
    expect(() => parseIdxImages(new Uint8Array(10))).toThrow(/shorter than the 16-byte IDX header/);
  });

  it('refuses a count other than the expected one', () => {
    expect(() => parseIdxImages(twoImages(), 3)).toThrow(/header says 2 images, expected 3/);
  });

  it('refuses images that are not 28x28', () => {
    const bytes = concat(header(IDX_IMAGES_MAGIC, 1, 32, 32), new Uint8Array(1024));
    expect(() => parseIdxImages(bytes)).toThrow(/32x32, expected 28x28/);
  });
});

describe('parseIdxLabels', () => {
  const good = concat(header(IDX_LABELS_MAGIC, 3), Uint8Array.of(7, 0, 9));

  it('reads a good file', () => {
    const parsed = parseIdxLabels(good, 3);
    expect(parsed.count).toBe(3);
    expect([...parsed.labels]).toEqual([7, 0, 9]);
  });

  it('refuses wrong magic, truncation, wrong count and non-digit labels', () => {
    expect(() => parseIdxLabels(twoImages())).toThrow(/magic number 2051, expected 2049/);
    expect(() => parseIdxLabels(good.subarray(0, 10))).toThrow(/10 bytes, expected 11 for 3 labels/);
    expect(() => parseIdxLabels(good, 4)).toThrow(/header says 3 labels, expected 4/);
    expect(() => parseIdxLabels(concat(header(IDX_LABELS_MAGIC, 1), Uint8Array.of(10)))).toThrow(/label 10 at index 0/);
  });
});

describe('loadSplit (real MNIST files)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'idx-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads the 10,000 test images and labels, scaled to [0, 1]', () => {
    const test = loadSplit('test');
    expect(test.count).toBe(10_000);
    expect(test.images.length).toBe(10_000 * 784);
    // The first ten labels of MNIST's t10k set, as published.
    expect([...test.labels.subarray(0, 10)]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of test.images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it('honours limit on the training set', () => {
    const train = loadSplit('train', { limit: 5 });
    expect(train.count).toBe(5);
    expect(train.images.length).toBe(5 * 784);
    expect([...train.labels]).toEqual([5, 0, 4, 1, 9]);
  });

  it('names the missing file', () => {
    expect(() => loadSplit('test', { dir: scratch })).toThrow(/MNIST file t10k-images-idx3-ubyte cannot be read .*ENOENT/);
  });

  it('names the corrupt file', () => {
    const src = mnistDataDir();
    copyFileSync(join(src, MNIST_FILES.testImages), join(scratch, MNIST_FILES.testImages));
    const labels = readFileSync(join(src, MNIST_FILES.testLabels));
    writeFileSync(join(scratch, MNIST_FILES.testLabels), labels.subarray(0, labels.length - 1));
    expect(() => loadSplit('test', { dir: scratch })).toThrow(/MNIST file t10k-labels-idx1-ubyte is corrupt: .*truncated/);
  });
});
