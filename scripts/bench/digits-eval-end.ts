// Bench-only: imported by digits-worker.ts right after the product's app, so the product's modules have evaluated.
export const evalEnd = { perf: performance.now(), date: Date.now() };
