// Vite build of the page: web/ is the root, output goes to web/dist, which the Worker serves as static assets.
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything is bundled; the page makes no request to another origin.
    assetsInlineLimit: 4096,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev`: the Vite dev server forwards the API to `wrangler dev` (see scripts/dev.mjs).
    proxy: { '/api': { target: process.env.EDGELEARN_API ?? 'http://127.0.0.1:8787', changeOrigin: false } },
  },
});
