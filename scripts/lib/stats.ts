// Small statistics for the scripts and tests (benchmarks, training timings): one definition of each.

/** The middle value (the mean of the two middle ones for an even count); `values` is not reordered. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
