// Request-size limits and work estimates: the numbers and the messages that say what to lower.
import { describe, expect, it } from 'vitest';
import { assertSize, assertWork, bandwidthWork, kmeansWork, meanShiftWork, miniBatchWork } from '../../../functions/core/cluster/limits';
import { InputError } from '../../../functions/core/errors';

const limits = { maxPoints: 1000, maxDimensions: 8, maxValues: 4000 };

describe('assertSize', () => {
  it.each([
    [1001, 2, 'too_many_points', /1001 points; the limit is 1000 points per request/],
    [10, 9, 'too_many_dimensions', /9 dimensions per point; the limit is 8/],
    [800, 6, 'too_many_values', /800 points x 6 dimensions = 4800 values; the limit is 4000/],
  ])('%i x %i -> %s (413 kind)', (n, d, code, message) => {
    try {
      assertSize(n, d, limits);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).kind).toBe('too_large');
      expect((e as InputError).code).toBe(code);
      expect((e as Error).message).toMatch(message);
    }
  });

  it('accepts the limits themselves', () => {
    expect(() => assertSize(1000, 4, limits)).not.toThrow();
    expect(() => assertSize(500, 8, limits)).not.toThrow();
  });
});

describe('work estimates', () => {
  it('are the documented products', () => {
    expect(kmeansWork(20640, 6, 10, 300).work).toBe(20640 * 6 * 10 * 300);
    expect(miniBatchWork(1000, 8, 100).work).toBe(1000 * 8 * 101);
    expect(bandwidthWork(500).work).toBe(250000);
    expect(meanShiftWork(30, 10000, true).work).toBe(300000);
  });

  it('refuse above the limit (422 kind) and accept at it', () => {
    const e = kmeansWork(100, 2, 1, 10);
    expect(() => assertWork(e, 2000)).not.toThrow();
    try {
      assertWork(kmeansWork(200000, 8, 10, 300), 2e9);
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).kind).toBe('unprocessable');
      expect((err as InputError).code).toBe('too_much_work');
      expect((err as Error).message).toBe(
        'this request needs about 4.80e9 distance evaluations (200000 points x 8 clusters x nInit 10 x maxIter 300), ' +
          'above the limit of 2.00e9; lower nInit, maxIter or nClusters, or send fewer points',
      );
    }
  });
});
