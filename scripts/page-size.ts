// `npm run page-size`: gzipped size of the page's first load (the JS and CSS that web/dist/index.html pulls in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageSize {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/** Budget from the issue: first load, JavaScript and CSS together, at most 100 KB gzipped. */
export const FIRST_LOAD_BUDGET = 100 * 1024;

/** Local scripts, stylesheets and module preloads referenced by index.html (lazy chunks are not first load). */
export function firstLoadAssets(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="(stylesheet|modulepreload)"/.test(tag)) refs.add(href);
  }
  return [...refs];
}

export function measurePage(distDir: string): PageSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const files = firstLoadAssets(html).map((ref) => {
    if (/^[a-z]+:\/\//i.test(ref) || ref.startsWith('//')) throw new Error(`index.html loads ${ref} from another origin`);
    const body = readFileSync(join(distDir, ref.replace(/^\//, '')));
    return { path: ref, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  });
  const htmlGzip = gzipSync(html, { level: 9 }).length;
  files.unshift({ path: '/index.html', bytes: Buffer.byteLength(html), gzipBytes: htmlGzip });
  return { files, gzipBytes: files.filter((f) => /\.(js|css)$/.test(f.path)).reduce((n, f) => n + f.gzipBytes, 0) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? join(import.meta.dirname, '..', 'web', 'dist');
  const size = measurePage(dist);
  for (const f of size.files) console.log(`${f.path.padEnd(40)} ${kb(f.bytes).padStart(10)} ${kb(f.gzipBytes).padStart(10)} gzip`);
  const verdict = size.gzipBytes <= FIRST_LOAD_BUDGET ? 'within' : 'OVER';
  console.log(`first load, JS + CSS: ${kb(size.gzipBytes)} gzipped (${verdict} the ${kb(FIRST_LOAD_BUDGET)} budget)`);
  if (size.gzipBytes > FIRST_LOAD_BUDGET) process.exitCode = 1;
}
