// TEMPORARY: the agreed contract of API routes that are not mounted yet; replaced by `hc` route types as they land.
import { ok } from './api';

export interface DigitPrediction {
  digit: number;
  confidence: number;
  probabilities: number[];
  preprocessed: number[];
}

/** Same-origin JSON fetch with the page's error handling. */
export function fetchJson<T>(path: string, init?: RequestInit): Promise<T> {
  return ok(fetch(path, init)) as Promise<T>;
}
