// Bench-only: imported first by digits-worker.ts, so this timestamp is taken before the product's modules evaluate.
export const evalStart = { perf: performance.now(), date: Date.now() };
