// After `vite build web`: copies Scalar's standalone bundle into web/dist so /api/docs needs no CDN.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package exports only its ESM entry (dist/index.js); its browser bundle sits beside it.
const distDir = dirname(fileURLToPath(import.meta.resolve('@scalar/api-reference')));
const outDir = join(import.meta.dirname, '..', 'web', 'dist', 'vendor', 'scalar');
mkdirSync(outDir, { recursive: true });
copyFileSync(join(distDir, 'browser', 'standalone.js'), join(outDir, 'standalone.js'));
console.log(`copied Scalar's standalone.js to ${outDir}`);
