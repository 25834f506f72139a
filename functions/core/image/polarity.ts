// Decides which grey levels are ink and which are paper, and maps every byte to an MNIST ink level in 0..1.
import { InputError } from '../errors';

export interface LevelOptions {
  /** Width of the border band sampled for the paper, as a fraction of the shorter side (at least 1 px). Default 0.04. */
  borderFraction: number;
  /** Paper noise above which a pixel may be ink, in robust standard deviations (1.4826 x MAD of the border). Default 3. */
  noiseSigmas: number;
  /** Percentile (0..1) of the ink candidates taken as full-strength ink (robust to a few hot pixels). Default 0.95. */
  inkPercentile: number;
  /** Least amount by which full-strength ink must clear the paper's noise, in grey levels 0..255. Default 32. */
  minContrast: number;
}

export interface Levels {
  /** True when the ink is darker than the paper (black on white), so the image is inverted. */
  inkIsDark: boolean;
  /** Paper grey level (median of the border band), before inversion. */
  paper: number;
  /** Grey level (0..255, before inversion) to normalised ink (0 paper .. 1 full ink), white ink on black. */
  lut: Float32Array;
}

/**
 * Paper = median of a border band (the digit rarely fills the border; robust to the odd stroke crossing it).
 * Polarity = the side of the paper level with the larger sum of squared deviations over the whole image: ink
 * deviates far and noise near, so squares let a small digit outweigh symmetric noise. Levels between paper plus
 * noise and the ink's 95th percentile are stretched to 0..1, as MNIST's ink is 0..255 on exactly 0.
 */
export function analyseLevels(grey: Uint8Array, width: number, height: number, options: LevelOptions): Levels {
  const all = new Float64Array(256);
  for (let i = 0; i < grey.length; i++) all[grey[i]]++;
  const border = borderHistogram(grey, width, height, options.borderFraction);
  const paper = percentile(border, 0.5);

  let above = 0;
  let below = 0;
  for (let v = 0; v < 256; v++) {
    const d = v - paper;
    if (d > 0) above += all[v] * d * d;
    else below += all[v] * d * d;
  }
  const inkIsDark = below > above;
  const ink = (v: number) => (inkIsDark ? paper - v : v - paper); // distance from paper towards ink

  // Noise: median absolute deviation of the border band.
  const deviations = new Float64Array(256);
  for (let v = 0; v < 256; v++) deviations[Math.abs(v - paper)] += border[v];
  const sigma = 1.4826 * percentile(deviations, 0.5);
  const floor = options.noiseSigmas * sigma;

  const candidates = new Float64Array(256); // histogram of ink distance, for pixels beyond the noise
  for (let v = 0; v < 256; v++) if (ink(v) > floor) candidates[ink(v)] += all[v];
  const full = total(candidates) > 0 ? percentile(candidates, options.inkPercentile) : 0;
  if (full - floor < options.minContrast) {
    throw new InputError(
      'unprocessable',
      'no_digit_found',
      `no digit found: the marks stand out from the background by ${Math.max(0, Math.round(full - floor))} of 255 grey levels (at least ${options.minContrast} needed)`,
    );
  }

  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.min(1, Math.max(0, (ink(v) - floor) / (full - floor)));
  return { inkIsDark, paper, lut };
}

function borderHistogram(grey: Uint8Array, width: number, height: number, fraction: number): Float64Array {
  const band = Math.min(Math.ceil(Math.min(width, height) / 2), Math.max(1, Math.round(Math.min(width, height) * fraction)));
  const hist = new Float64Array(256);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (y < band || y >= height - band) {
      for (let x = 0; x < width; x++) hist[grey[row + x]]++;
    } else {
      for (let x = 0; x < band; x++) hist[grey[row + x]]++;
      for (let x = Math.max(band, width - band); x < width; x++) hist[grey[row + x]]++;
    }
  }
  return hist;
}

function total(hist: Float64Array): number {
  let n = 0;
  for (let i = 0; i < hist.length; i++) n += hist[i];
  return n;
}

/** The smallest value whose cumulative count reaches q of the total. */
function percentile(hist: Float64Array, q: number): number {
  const target = q * total(hist);
  let cumulative = 0;
  for (let v = 0; v < hist.length; v++) {
    cumulative += hist[v];
    if (cumulative >= target && cumulative > 0) return v;
  }
  return hist.length - 1;
}
