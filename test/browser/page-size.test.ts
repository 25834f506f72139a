// The page's first load (JS + CSS that index.html pulls in) stays within 100 KB gzipped; nothing from another origin.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET, measurePage } from '../../scripts/page-size';

describe('page size', () => {
  it('first load is at most 100 KB gzipped, JavaScript and CSS together', () => {
    // The global setup has just built web/dist if it was stale.
    const size = measurePage(join(import.meta.dirname, '..', '..', 'web', 'dist'));
    expect(size.files.some((f) => f.path.endsWith('.js'))).toBe(true);
    expect(size.files.some((f) => f.path.endsWith('.css'))).toBe(true);
    console.log(`first load: ${(size.gzipBytes / 1024).toFixed(1)} KB gzipped`);
    expect(size.gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });
});
